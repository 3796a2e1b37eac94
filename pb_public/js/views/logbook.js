// The logbook: the student's daily entries (add, edit, delete while pending
// or rejected) and the supervisor's review (approve in bulk with the batch
// API, reject with a note).
import { pb, me, filter, pager, onSubmit, actionButton, showActionError, fmtDay, fmtTime, day, todayISO } from '../api.js';
import { h, field, alertBox, badge, replace, nextId, disclosure, rerender, moreButton } from '../dom.js';

const BATCH_MAX = 100;

/** Approves entries by id with PocketBase's batch API (≤ 100 per request). */
export async function approveEntries(ids) {
  for (let i = 0; i < ids.length; i += BATCH_MAX) {
    const b = pb.createBatch();
    for (const id of ids.slice(i, i + BATCH_MAX)) b.collection('logbook_entries').update(id, { status: 'approved' });
    await b.send();
  }
}

function entryFields(entry, placement) {
  const it = placement.expand?.internship;
  const today = todayISO();
  const end = it?.ends_on ? day(it.ends_on) : '';
  const max = end && end < today ? end : today;
  return [
    h('div', { class: 'row' },
      field({ label: 'Date', name: 'date', type: 'date', required: true, value: entry ? day(entry.date) : max,
        hint: it ? `Between ${fmtDay(it.starts_on)} and ${fmtDay(max)}.` : null,
        attrs: { min: it ? day(it.starts_on) : null, max } }),
      field({ label: 'Hours', name: 'hours', type: 'number', required: true, value: entry ? entry.hours : '',
        hint: '0.5 to 12, in steps of 0.5.', attrs: { min: 0.5, max: 12, step: 0.5, inputmode: 'decimal' } })),
    field({ label: 'What I did', name: 'activity', type: 'textarea', required: true, value: entry?.activity ?? '',
      hint: 'At least 20 characters.', attrs: { minlength: 20, maxlength: 2000, rows: 4 } }),
    field({ label: 'What I learned', name: 'learning', type: 'textarea', value: entry?.learning ?? '',
      attrs: { maxlength: 2000, rows: 3 } }),
  ];
}

function entryBody(data) {
  return {
    date: String(data.get('date') || ''),
    hours: data.get('hours') === '' ? null : Number(data.get('hours')),
    activity: String(data.get('activity') || '').trim(),
    learning: String(data.get('learning') || '').trim(),
  };
}

/**
 * The logbook section of a placement page. mode: 'student' (may write),
 * 'review' (the placement's organisation may approve/reject) or 'read'.
 */
export async function logbookSection(ctx, placement, mode) {
  const sec = h('section', { class: 'card', 'aria-labelledby': 'logbook-h', id: 'logbook', 'data-testid': 'logbook-section' },
    h('h2', { id: 'logbook-h' }, 'Logbook'));
  const summary = h('p', { class: 'summary', 'data-testid': 'logbook-summary' });
  const listHolder = h('div', {});
  const ongoing = placement.status === 'ongoing';

  const entriesH = h('h3', {}, 'Entries');
  const reload = () => rerender(listHolder, entriesH, async () => {
    const entries = await pb.collection('logbook_entries').getFullList({
      filter: filter('placement = {:p}', { p: placement.id }), sort: '-date' });
    const approved = entries.filter((e) => e.status === 'approved').reduce((s, e) => s + Number(e.hours || 0), 0);
    const pending = entries.filter((e) => e.status === 'pending').length;
    const min = placement.expand?.institution?.expand?.regulation?.min_hours;
    summary.textContent = `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} · ${approved} approved hours`
      + `${min ? ` of ${min} required` : ''} · ${pending} pending review.`;
    replace(listHolder, entryList(ctx, entries, { mode: ongoing ? mode : 'read', placement, reload }));
  });

  sec.append(summary);
  if (mode === 'student' && ongoing) {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'add-entry-form', 'aria-labelledby': 'add-entry-h' },
      h('h3', { id: 'add-entry-h' }, 'Add entry'), alert, ...entryFields(null, placement),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'add-entry' }, 'Add entry')));
    onSubmit(form, async (data) => {
      const body = { placement: placement.id, ...entryBody(data) };
      await pb.collection('logbook_entries').create(body);
      form.reset();
      ctx.announce(`Logbook entry for ${fmtDay(body.date)} added; it waits for your supervisor's approval.`);
      await reload();
    });
    sec.append(form);
  }
  sec.append(entriesH, listHolder);
  await reload();

  const unsub = await pb.collection('logbook_entries').subscribe('*', (e) => {
    if (!ctx.alive() || e.record.placement !== placement.id) return;
    if (e.action === 'update' && mode === 'student' && e.record.status !== 'pending') {
      ctx.announce(`Your logbook entry for ${fmtDay(e.record.date)} is ${e.record.status}.`);
    }
    // Keep an open edit form untouched; refresh otherwise.
    if (!listHolder.querySelector('form :focus')) reload();
  }, { filter: filter('placement = {:p}', { p: placement.id }) }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  return sec;
}

/**
 * Entries as cards. opts: {mode, placement, reload, group} — with
 * mode 'review' the pending entries get checkboxes and "Approve selected".
 */
export function entryList(ctx, entries, opts) {
  const { mode, reload } = opts;
  const wrap = h('div', { class: 'entries' });
  if (!entries.length) {
    wrap.append(h('p', {}, mode === 'review' ? 'Nothing to review.' : 'No entries yet.'));
    return wrap;
  }
  const alert = alertBox();
  const pendingIds = entries.filter((e) => e.status === 'pending').map((e) => e.id);
  const boxes = [];
  if (mode === 'review' && pendingIds.length) {
    const allId = nextId('all');
    const all = h('input', { type: 'checkbox', id: allId, 'data-testid': 'select-all-entries' });
    all.addEventListener('change', () => { for (const b of boxes) b.checked = all.checked; });
    const approveSelected = actionButton('Approve selected', async () => {
      const ids = boxes.filter((b) => b.checked).map((b) => b.value);
      if (!ids.length) {
        alert.replaceChildren(h('p', {}, 'Select at least one entry to approve.'));
        return;
      }
      await approveEntries(ids);
      ctx.announce(`Approved ${ids.length} logbook entr${ids.length === 1 ? 'y' : 'ies'}.`);
      await reload();
    }, { alert, class: 'btn btn-primary', testid: 'approve-selected' });
    wrap.append(h('div', { class: 'bulk' },
      h('div', { class: 'field field-check' }, all, h('label', { for: allId }, 'Select all pending entries')),
      approveSelected));
  }
  wrap.append(alert);

  const groups = new Map();
  for (const e of entries) {
    const key = opts.group ? opts.group(e) : '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(e);
  }
  for (const [key, list] of groups) {
    if (key) wrap.append(opts.groupHeading(list[0]));
    wrap.append(h('ul', { class: 'cards', 'data-testid': 'logbook-entries' },
      list.map((e) => h('li', {}, entryCard(ctx, e, { ...opts, boxes })))));
  }
  return wrap;
}

function entryCard(ctx, e, opts) {
  const { mode, reload, boxes, placement } = opts;
  const hid = nextId('entry');
  const alert = alertBox();
  const label = `${fmtDay(e.date)} — ${e.hours} h`;
  const head = h('div', { class: 'entry-head' });
  if (mode === 'review' && e.status === 'pending') {
    const id = nextId('sel');
    const box = h('input', { type: 'checkbox', id, name: 'entry', value: e.id, 'data-testid': `select-entry-${e.id}` });
    boxes.push(box);
    head.append(h('div', { class: 'field-check' }, box, h('label', { for: id }, h('span', { class: 'visually-hidden' }, 'Select '), label)));
  } else {
    head.append(h('span', { class: 'entry-date' }, label));
  }
  head.append(' ', badge(e.status));

  const card = h('article', { class: `card item entry status-${e.status}`, 'aria-labelledby': hid, 'data-testid': `entry-${e.id}`, 'data-status': e.status },
    h(opts.headingTag || 'h4', { id: hid, class: 'visually-hidden' }, `Entry of ${label}`),
    head,
    h('p', { class: 'label' }, 'What I did'), h('p', { class: 'pre' }, e.activity),
    e.learning ? [h('p', { class: 'label' }, 'What I learned'), h('p', { class: 'pre' }, e.learning)] : null,
    e.review_note ? h('p', { class: 'note' }, h('strong', {}, 'Review note: '), e.review_note) : null,
    e.reviewed_at ? h('p', { class: 'muted' }, `Reviewed ${fmtTime(e.reviewed_at)}`) : null,
    alert);

  if (mode === 'student' && (e.status === 'pending' || e.status === 'rejected')) {
    const edit = disclosure('Edit', (close) => {
      const fAlert = alertBox();
      const form = h('form', { class: 'form subform', 'aria-label': `Edit entry of ${fmtDay(e.date)}`, 'data-testid': 'edit-entry-form' },
        fAlert, ...entryFields(e, placement),
        e.status === 'rejected' ? h('p', { class: 'hint' }, 'Saving sends the entry back for review.') : null,
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save entry'),
          h('button', { type: 'button', class: 'btn', onclick: close }, 'Cancel')));
      onSubmit(form, async (data) => {
        await pb.collection('logbook_entries').update(e.id, entryBody(data));
        ctx.announce(`Entry of ${fmtDay(data.get('date'))} saved${e.status === 'rejected' ? ' and sent back for review' : ''}.`);
        await reload();
      });
      return form;
    });
    const del = h('button', { type: 'button', class: 'btn btn-danger' }, 'Delete');
    const sure = actionButton('Yes, delete', async () => {
      await pb.collection('logbook_entries').delete(e.id);
      ctx.announce(`Entry of ${fmtDay(e.date)} deleted.`);
      await reload();
    }, { alert, class: 'btn btn-danger' });
    const keep = h('button', { type: 'button', class: 'btn' }, 'Keep it');
    const ask = h('span', { class: 'confirm-ask', hidden: true }, sure, ' ', keep);
    del.addEventListener('click', () => { del.hidden = true; ask.hidden = false; sure.focus(); });
    keep.addEventListener('click', () => { ask.hidden = true; del.hidden = false; del.focus(); });
    card.append(h('div', { class: 'actions' }, edit.button, del, ask), edit.panel);
  }

  if (mode === 'review' && e.status === 'pending') {
    const approve = actionButton('Approve', async () => {
      await pb.collection('logbook_entries').update(e.id, { status: 'approved' });
      ctx.announce(`Entry of ${fmtDay(e.date)} approved.`);
      await reload();
    }, { alert, class: 'btn' });
    const rej = disclosure('Reject', (close) => {
      const rAlert = alertBox();
      const form = h('form', { class: 'form subform', 'aria-label': `Reject entry of ${fmtDay(e.date)}`, 'data-testid': 'reject-entry-form' },
        rAlert,
        field({ label: 'Note to the student', name: 'review_note', type: 'textarea', required: true,
          hint: 'Say what to correct; the student can edit and resubmit.', attrs: { maxlength: 2000, rows: 3 } }),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'btn btn-danger' }, 'Reject entry'),
          h('button', { type: 'button', class: 'btn', onclick: close }, 'Cancel')));
      onSubmit(form, async (data) => {
        await pb.collection('logbook_entries').update(e.id, { status: 'rejected', review_note: String(data.get('review_note') || '').trim() });
        ctx.announce(`Entry of ${fmtDay(e.date)} rejected.`);
        await reload();
      });
      return form;
    }, 'btn btn-danger');
    card.append(h('div', { class: 'actions' }, approve, rej.button), rej.panel);
  }
  return card;
}

/** Supervisor: every pending entry of the organisation's placements. */
export async function approvalsView(ctx) {
  const user = me();
  const holder = h('div', {});
  const status = h('p', { class: 'summary', 'data-testid': 'approvals-summary' });
  let pages = null;
  let entries = [];
  // Only what the cards and their group headings show.
  const query = {
    filter: filter('placement.organization = {:o} && status = "pending"', { o: user.organization }),
    sort: 'placement,date', expand: 'placement,placement.student,placement.internship', skipTotal: false,
    fields: 'id,placement,date,hours,status,activity,learning,review_note,reviewed_at,'
      + 'expand.placement.expand.student.name,expand.placement.expand.internship.title',
  };
  const show = () => {
    const checked = new Set([...holder.querySelectorAll('input[name="entry"]:checked')].map((b) => b.value));
    const n = pages.total ?? entries.length;
    status.textContent = `${n} entr${n === 1 ? 'y' : 'ies'} waiting for approval.`
      + `${entries.length < n ? ` Showing the first ${entries.length}.` : ''}`;
    replace(holder, entryList(ctx, entries, {
      mode: 'review', reload, headingTag: 'h3',
      group: (e) => e.placement,
      groupHeading: (e) => {
        const p = e.expand?.placement;
        return h('h2', { class: 'group-h' }, h('a', { href: `#/placements/${e.placement}` },
          `${p?.expand?.student?.name || 'Student'} — ${p?.expand?.internship?.title || 'placement'}`));
      },
    }), pages.done ? null : moreButton(async () => {
      const known = new Set(entries.map((e) => e.id));
      const next = (await pages.next()).filter((e) => !known.has(e.id));
      entries = entries.concat(next);
      show();
      return { added: next.length, done: pages.done };
    }, ctx.announce));
    for (const b of holder.querySelectorAll('input[name="entry"]')) b.checked = checked.has(b.value);
  };
  const reload = () => rerender(holder, status, async () => {
    pages = pager('logbook_entries', query);
    entries = await pages.next();
    show();
  });
  try {
    await reload();
  } catch (err) {
    showActionError(status, err);
  }
  const unsub = await pb.collection('logbook_entries').subscribe('*', (e) => {
    if (!ctx.alive()) return;
    if (e.action === 'create') ctx.announce('A new logbook entry arrived.');
    if (!holder.querySelector('form :focus')) reload();
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  ctx.mount(h('h1', {}, 'Logbook approvals'),
    h('p', {}, 'Select the entries you checked and approve them together, or reject one with a note.'),
    status, holder);
}
