// The logbook: the student's daily entries (add, edit, delete while pending
// or rejected; written offline, kept on the phone and sent when the
// connection returns) grouped by week, and the supervisor's review (approve
// in bulk with the batch API, reject with a note).
import { pb, me, filter, pager, onSubmit, actionButton, showActionError, showErrors, ClientResponseError } from '../api.js';
import { h, field, alertBox, replace, nextId, disclosure, rerender, moreButton, confirmDialog } from '../dom.js';
import { t, fmtDay, fmtTime, todayISO, isoDay, fmtNumber } from '../i18n.js';
import { newId, isNetworkError, keepEntry, keptEntries, updateKept, discardKept, flushOutbox, onOutbox, registerOffline } from '../offline.js';

const BATCH_MAX = 100;

/** Entries sent from this device's outbox during this visit (shown as such). */
const sentFromHere = new Set();

/** Approves entries by id with PocketBase's batch API (≤ 100 per request). */
export async function approveEntries(ids) {
  for (let i = 0; i < ids.length; i += BATCH_MAX) {
    const b = pb.createBatch();
    for (const id of ids.slice(i, i + BATCH_MAX)) b.collection('logbook_entries').update(id, { status: 'approved' });
    await b.send();
  }
}

/** An entry's status as a badge, in the reader's language. */
export function entryBadge(status) {
  const label = {
    pending: t('logbook.statusPending'), approved: t('logbook.statusApproved'), rejected: t('logbook.statusRejected'),
    waiting: t('logbook.statusWaiting'), refused: t('logbook.statusRefused'),
  }[status] || status;
  return h('span', { class: `badge badge-${status}` }, label);
}

/**
 * The days an entry may be written for (DESIGN §3): within the internship's
 * starts_on … ends_on and not in the future (the platform's today).
 * {min, max} as YYYY-MM-DD; max < min when no day is open yet.
 */
export function entryWindow(placement) {
  const it = placement.expand?.internship;
  const today = todayISO();
  const min = it?.starts_on ? isoDay(it.starts_on) : '';
  const end = it?.ends_on ? isoDay(it.ends_on) : '';
  const max = end && end < today ? end : today;
  return { min, max };
}

function entryFields(entry, placement) {
  const { min, max } = entryWindow(placement);
  const value = entry ? isoDay(entry.date) : max;
  return [
    h('div', { class: 'row' },
      field({ label: t('logbook.date'), name: 'date', type: 'date', required: true, value,
        hint: min ? t('logbook.dateHint', { from: fmtDay(min), to: fmtDay(max) }) : null,
        attrs: { min: min || null, max } }),
      field({ label: t('logbook.hours'), name: 'hours', type: 'number', required: true, value: entry ? entry.hours : '',
        hint: t('logbook.hoursHint'), attrs: { min: 0.5, max: 12, step: 0.5, inputmode: 'decimal' } })),
    field({ label: t('logbook.did'), name: 'activity', type: 'textarea', required: true, value: entry?.activity ?? '',
      hint: t('logbook.activityHint'), attrs: { maxlength: 2000, rows: 4 } }),
    field({ label: t('logbook.learned'), name: 'learning', type: 'textarea', value: entry?.learning ?? '',
      attrs: { maxlength: 2000, rows: 3 } }),
  ];
}

function entryBody(data) {
  const hours = String(data.get('hours') ?? '').trim().replace(',', '.');
  return {
    date: String(data.get('date') || ''),
    hours: hours === '' ? null : Number(hours),
    activity: String(data.get('activity') || '').trim(),
    learning: String(data.get('learning') || '').trim(),
  };
}

/** A request error carrying field messages, shown by showErrors like the server's. */
function fieldsError(fields, message = '') {
  const data = Object.fromEntries(Object.entries(fields).map(([k, m]) => [k, { code: 'validation', message: m }]));
  return new ClientResponseError({ status: 400, response: { status: 400, message, data } });
}

/** Checks an entry in the page (no browser pop-ups); throws the field errors. */
function validate(body, placement) {
  const { min, max } = entryWindow(placement);
  const errs = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(body.date)) errs.date = t('logbook.errDate');
  else if ((min && body.date < min) || body.date > max) errs.date = t('logbook.errDateRange', { from: fmtDay(min), to: fmtDay(max) });
  if (body.hours === null || !Number.isFinite(body.hours) || body.hours < 0.5 || body.hours > 12 || Math.round(body.hours * 2) !== body.hours * 2) {
    errs.hours = t('logbook.errHours');
  }
  if (body.activity.length < 20) errs.activity = t('logbook.errActivity', { count: body.activity.length });
  if (Object.keys(errs).length) throw fieldsError(errs);
}

/** Whether the placement's internship has not started yet (platform's today). */
export function notStarted(placement) {
  const starts = placement.expand?.internship?.starts_on;
  return placement.status === 'ongoing' && !!starts && isoDay(starts) > todayISO();
}

/**
 * The logbook section of a placement page. mode: 'student' (may write),
 * 'review' (the placement's organisation may approve/reject) or 'read'.
 */
export async function logbookSection(ctx, placement, mode) {
  const sec = h('section', { class: 'card', 'aria-labelledby': 'logbook-h', id: 'logbook', 'data-testid': 'logbook-section' },
    h('h2', { id: 'logbook-h' }, t('logbook.title')));
  const summary = h('p', { class: 'summary', 'data-testid': 'logbook-summary' });
  const listHolder = h('div', {});
  const outboxHolder = h('div', { 'data-testid': 'outbox' });
  const ongoing = placement.status === 'ongoing';
  const upcoming = notStarted(placement);
  const writes = mode === 'student' && ongoing && !upcoming;

  const entriesH = h('h3', {}, t('logbook.entries'));
  const reload = () => rerender(listHolder, entriesH, async () => {
    const entries = await pb.collection('logbook_entries').getFullList({
      filter: filter('placement = {:p}', { p: placement.id }), sort: '-date' });
    const approved = entries.filter((e) => e.status === 'approved').reduce((s, e) => s + Number(e.hours || 0), 0);
    const pending = entries.filter((e) => e.status === 'pending').length;
    const min = placement.expand?.institution?.expand?.regulation?.min_hours;
    const p = { entries: t('logbook.entriesCount', { count: entries.length }), approved, pending, min: min || 0 };
    summary.textContent = min ? t('logbook.summaryMin', p) : t('logbook.summary', p);
    replace(listHolder, entryList(ctx, entries, { mode: ongoing ? mode : 'read', placement, reload, weeks: true }));
  });

  const showOutbox = async () => {
    if (!writes) return;
    const kept = await keptEntries(placement.id).catch(() => []);
    replace(outboxHolder, kept.length ? outboxList(ctx, kept, placement) : null);
  };

  sec.append(summary);
  if (mode === 'student' && ongoing && upcoming) {
    sec.append(h('p', { class: 'note', 'data-testid': 'logbook-not-yet' },
      t('logbook.notYet', { date: fmtDay(placement.expand?.internship?.starts_on) })));
  }
  if (writes) {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', novalidate: true, 'data-testid': 'add-entry-form', 'aria-labelledby': 'add-entry-h' },
      h('h3', { id: 'add-entry-h' }, t('logbook.addEntry')),
      h('p', { class: 'hint' }, t('logbook.offlineHint')),
      alert, ...entryFields(null, placement),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'add-entry' }, t('logbook.addEntry'))));
    onSubmit(form, async (data) => {
      const body = { id: newId(), placement: placement.id, ...entryBody(data) };
      validate(body, placement);
      const keep = async () => {
        await keepEntry(body);
        form.reset();
        ctx.announce(t('logbook.kept', { date: fmtDay(body.date) }));
        await showOutbox();
      };
      if (globalThis.navigator && navigator.onLine === false) {
        await keep();
        return;
      }
      try {
        await pb.collection('logbook_entries').create(body);
      } catch (err) {
        if (!isNetworkError(err)) throw err;
        await keep(); // sent later, with the same id: never twice
        return;
      }
      form.reset();
      ctx.announce(t('logbook.added', { date: fmtDay(body.date) }));
      await reload();
    });
    sec.append(form, outboxHolder);
  }
  sec.append(entriesH, listHolder);
  try {
    await reload();
  } catch (err) {
    if (!isNetworkError(err)) throw err;
    replace(listHolder, h('p', { 'data-testid': 'entries-offline' }, t('logbook.entriesOffline')));
  }

  if (writes) {
    registerOffline(); // the shell registers it at start too; once is enough
    await showOutbox();
    const off = onOutbox((d) => {
      if (!ctx.alive()) return;
      if (d.result === 'accepted') {
        sentFromHere.add(d.item.id);
        ctx.announce(t('logbook.sentAccepted', { date: fmtDay(d.item.date) }));
        reload();
      } else if (d.result === 'refused') {
        ctx.announce(t('logbook.sentRefused', { date: fmtDay(d.item.date) }));
      }
      showOutbox();
    });
    const online = () => { flushOutbox().catch(() => null); };
    globalThis.addEventListener('online', online);
    ctx.onLeave(() => { off(); globalThis.removeEventListener('online', online); });
    flushOutbox().catch(() => null);
  }

  const offline = globalThis.navigator?.onLine === false; // no live updates without a connection
  const unsub = offline ? null : await pb.collection('logbook_entries').subscribe('*', (e) => {
    if (!ctx.alive() || e.record.placement !== placement.id) return;
    if (e.action === 'update' && mode === 'student' && e.record.status !== 'pending') {
      const date = fmtDay(e.record.date);
      ctx.announce(e.record.status === 'approved' ? t('logbook.liveApproved', { date }) : t('logbook.liveRejected', { date }), { about: e.record });
    }
    // Keep an open edit form untouched; refresh otherwise.
    if (!listHolder.querySelector('form :focus')) reload();
  }, { filter: filter('placement = {:p}', { p: placement.id }) }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  return sec;
}

/** The entries kept on this phone: waiting to be sent, or refused with the server's reason. */
function outboxList(ctx, kept, placement) {
  return h('div', { class: 'outbox' },
    h('h3', {}, t('logbook.outboxTitle')),
    h('p', { class: 'hint' }, t('logbook.outboxHint')),
    h('ul', { class: 'cards' }, kept.map((item) => h('li', {}, keptCard(ctx, item, placement)))));
}

function keptCard(ctx, item, placement) {
  const hid = nextId('kept');
  const label = t('logbook.entryLabel', { date: fmtDay(item.date), hours: fmtNumber(item.hours) });
  const refused = item.state === 'refused';
  const reasons = refused ? [...new Set([...Object.values(item.error?.fields || {}), ...(Object.keys(item.error?.fields || {}).length ? [] : [item.error?.message])].filter(Boolean))] : [];
  const alert = alertBox();
  const card = h('article', { class: `card item entry kept status-${item.state}`, 'aria-labelledby': hid,
    'data-testid': `kept-${item.id}`, 'data-state': item.state },
  h('h4', { id: hid, class: 'visually-hidden' }, t('logbook.entryOf', { label })),
  h('div', { class: 'entry-head' }, h('span', { class: 'entry-date' }, label), ' ', entryBadge(item.state)),
  refused
    ? h('div', { class: 'note', 'data-testid': 'kept-reason' }, h('p', {}, h('strong', {}, t('logbook.refusedWhy'))),
      reasons.map((r) => h('p', {}, r)), h('p', {}, t('logbook.refusedHow')))
    : h('p', { class: 'muted' }, t('logbook.waitingHow')),
  h('p', { class: 'pre' }, item.activity),
  alert);

  const actions = h('div', { class: 'actions' });
  let editPanel = null;
  if (refused) {
    const edit = disclosure(t('logbook.editResend'), (close) => {
      const fAlert = alertBox();
      const form = h('form', { class: 'form subform', novalidate: true, 'aria-label': t('logbook.editOf', { date: fmtDay(item.date) }), 'data-testid': 'edit-kept-form' },
        fAlert, ...entryFields(item, placement),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'btn btn-primary' }, t('logbook.sendAgain')),
          h('button', { type: 'button', class: 'btn', onclick: close }, t('common.cancel'))));
      onSubmit(form, async (data) => {
        const body = { ...entryBody(data), placement: placement.id };
        validate(body, placement);
        await updateKept(item.id, { ...body, state: 'waiting', error: null });
        ctx.announce(t('logbook.resent', { date: fmtDay(body.date) }));
        await flushOutbox();
      });
      // The server's reasons, under their fields.
      if (Object.keys(item.error?.fields || {}).length) {
        queueMicrotask(() => showErrors(form, fieldsError(item.error.fields, item.error.message), fAlert));
      }
      return form;
    });
    actions.append(edit.button);
    editPanel = edit.panel;
  }
  const discard = h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'discard-kept' }, t('logbook.discard'));
  discard.addEventListener('click', async () => {
    const yes = await confirmDialog({
      title: t('logbook.discardTitle'),
      body: [t('logbook.discardBody', { date: fmtDay(item.date) })],
      confirm: t('logbook.discardYes'), cancel: t('logbook.keepIt'), danger: true,
    });
    if (!yes) return;
    await discardKept(item.id);
    ctx.announce(t('logbook.discarded', { date: fmtDay(item.date) }));
  });
  actions.append(discard);
  card.append(...[actions, editPanel].filter(Boolean)); // no edit panel while waiting (append(null) writes "null")
  return card;
}

/** Monday of the ISO week of a calendar day (YYYY-MM-DD). */
export function weekStart(dayISO) {
  const d = new Date(`${dayISO}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** The ISO week number of a calendar day. */
function isoWeek(dayISO) {
  const d = new Date(`${dayISO}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7)); // the week's Thursday
  const jan4 = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  return 1 + Math.round(((d - jan4) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
}

function addDays(dayISO, n) {
  const d = new Date(`${dayISO}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Entries as cards. opts: {mode, placement, reload, group, weeks} — with
 * mode 'review' the pending entries get checkboxes and "Approve selected";
 * with weeks the cards are grouped by ISO week, each week collapsible (the
 * current one open, or the latest when this week has none).
 */
export function entryList(ctx, entries, opts) {
  const { mode, reload } = opts;
  const wrap = h('div', { class: 'entries' });
  if (!entries.length) {
    wrap.append(h('p', {}, mode === 'review' ? t('logbook.nothingToReview') : t('logbook.noEntries')));
    return wrap;
  }
  const alert = alertBox();
  const pendingIds = entries.filter((e) => e.status === 'pending').map((e) => e.id);
  const boxes = [];
  if (mode === 'review' && pendingIds.length) {
    const allId = nextId('all');
    const all = h('input', { type: 'checkbox', id: allId, 'data-testid': 'select-all-entries' });
    all.addEventListener('change', () => { for (const b of boxes) b.checked = all.checked; });
    const approveSelected = actionButton(t('logbook.approveSelected'), async () => {
      const ids = boxes.filter((b) => b.checked).map((b) => b.value);
      if (!ids.length) {
        alert.replaceChildren(h('p', {}, t('logbook.selectOne')));
        return;
      }
      await approveEntries(ids);
      ctx.announce(t('logbook.approvedN', { count: ids.length }));
      await reload();
    }, { alert, class: 'btn btn-primary', testid: 'approve-selected' });
    wrap.append(h('div', { class: 'bulk' },
      h('div', { class: 'field field-check' }, all, h('label', { for: allId }, t('logbook.selectAll'))),
      approveSelected));
  }
  wrap.append(alert);

  const cards = (list) => h('ul', { class: 'cards', 'data-testid': 'logbook-entries' },
    list.map((e) => h('li', {}, entryCard(ctx, e, { ...opts, boxes }))));

  if (opts.weeks) {
    const weeks = new Map();
    for (const e of entries) {
      const key = weekStart(isoDay(e.date));
      if (!weeks.has(key)) weeks.set(key, []);
      weeks.get(key).push(e);
    }
    const current = weekStart(todayISO());
    const openKey = weeks.has(current) ? current : [...weeks.keys()].sort().pop();
    for (const [key, list] of weeks) {
      const hours = list.reduce((s, e) => s + Number(e.hours || 0), 0);
      const open = key === openKey || (mode === 'review' && list.some((e) => e.status === 'pending'));
      wrap.append(h('details', { class: 'week', open, 'data-testid': `week-${key}`, 'data-current': key === current ? 'true' : null },
        h('summary', {}, h('span', { class: 'week-h' },
          t('logbook.week', { week: isoWeek(key), from: fmtDay(key), to: fmtDay(addDays(key, 6)) })),
        ' · ', h('span', { class: 'muted' }, t('logbook.weekSummary', { count: list.length, hours: fmtNumber(hours) })),
        key === current ? [' ', h('span', { class: 'badge' }, t('logbook.thisWeek'))] : null),
        cards(list)));
    }
    return wrap;
  }

  const groups = new Map();
  for (const e of entries) {
    const key = opts.group ? opts.group(e) : '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(e);
  }
  for (const [key, list] of groups) {
    if (key) wrap.append(opts.groupHeading(list[0]));
    wrap.append(cards(list));
  }
  return wrap;
}

function entryCard(ctx, e, opts) {
  const { mode, reload, boxes, placement } = opts;
  const hid = nextId('entry');
  const alert = alertBox();
  const label = t('logbook.entryLabel', { date: fmtDay(e.date), hours: fmtNumber(e.hours) });
  const head = h('div', { class: 'entry-head' });
  if (mode === 'review' && e.status === 'pending') {
    const id = nextId('sel');
    const box = h('input', { type: 'checkbox', id, name: 'entry', value: e.id, 'data-testid': `select-entry-${e.id}` });
    boxes.push(box);
    head.append(h('div', { class: 'field-check' }, box, h('label', { for: id }, t('logbook.selectEntry', { label }))));
  } else {
    head.append(h('span', { class: 'entry-date' }, label));
  }
  head.append(' ', entryBadge(e.status));
  const sent = sentFromHere.has(e.id);

  const card = h('article', { class: `card item entry status-${e.status}`, 'aria-labelledby': hid, 'data-testid': `entry-${e.id}`,
    'data-status': e.status, 'data-sync': sent ? 'accepted' : null },
  h(opts.headingTag || 'h4', { id: hid, class: 'visually-hidden' }, t('logbook.entryOf', { label })),
  head,
  sent ? h('p', { class: 'muted', 'data-testid': 'sent-from-phone' }, t('logbook.sentFromPhone')) : null,
  h('p', { class: 'label' }, t('logbook.did')), h('p', { class: 'pre' }, e.activity),
  e.learning ? [h('p', { class: 'label' }, t('logbook.learned')), h('p', { class: 'pre' }, e.learning)] : null,
  e.review_note ? h('p', { class: 'note' }, h('strong', {}, t('logbook.reviewNote')), ' ', e.review_note) : null,
  e.reviewed_at ? h('p', { class: 'muted' }, t('logbook.reviewedAt', { time: fmtTime(e.reviewed_at) })) : null,
  alert);

  if (mode === 'student' && (e.status === 'pending' || e.status === 'rejected')) {
    const edit = disclosure(t('logbook.edit'), (close) => {
      const fAlert = alertBox();
      const form = h('form', { class: 'form subform', novalidate: true, 'aria-label': t('logbook.editOf', { date: fmtDay(e.date) }), 'data-testid': 'edit-entry-form' },
        fAlert, ...entryFields(e, placement),
        e.status === 'rejected' ? h('p', { class: 'hint' }, t('logbook.resubmitHint')) : null,
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'btn btn-primary' }, t('logbook.saveEntry')),
          h('button', { type: 'button', class: 'btn', onclick: close }, t('common.cancel'))));
      onSubmit(form, async (data) => {
        const body = entryBody(data);
        validate(body, placement);
        await pb.collection('logbook_entries').update(e.id, body);
        const date = fmtDay(body.date);
        ctx.announce(e.status === 'rejected' ? t('logbook.savedResent', { date }) : t('logbook.saved', { date }));
        await reload();
      });
      return form;
    });
    const del = actionButton(t('logbook.delete'), async () => {
      const yes = await confirmDialog({
        title: t('logbook.deleteTitle'),
        body: [t('logbook.deleteBody', { label })],
        confirm: t('logbook.deleteYes'), cancel: t('logbook.keepIt'), danger: true,
      });
      if (!yes) return;
      await pb.collection('logbook_entries').delete(e.id);
      ctx.announce(t('logbook.deleted', { date: fmtDay(e.date) }));
      await reload();
    }, { alert, class: 'btn btn-danger' });
    card.append(h('div', { class: 'actions' }, edit.button, del), edit.panel);
  }

  if (mode === 'review' && e.status === 'pending') {
    const approve = actionButton(t('logbook.approve'), async () => {
      await pb.collection('logbook_entries').update(e.id, { status: 'approved' });
      ctx.announce(t('logbook.approvedOne', { date: fmtDay(e.date) }));
      await reload();
    }, { alert, class: 'btn' });
    const rej = disclosure(t('logbook.reject'), (close) => {
      const rAlert = alertBox();
      const form = h('form', { class: 'form subform', 'aria-label': t('logbook.rejectOf', { date: fmtDay(e.date) }), 'data-testid': 'reject-entry-form' },
        rAlert,
        field({ label: t('logbook.noteToStudent'), name: 'review_note', type: 'textarea', required: true,
          hint: t('logbook.noteHint'), attrs: { maxlength: 2000, rows: 3 } }),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'btn btn-danger' }, t('logbook.rejectEntry')),
          h('button', { type: 'button', class: 'btn', onclick: close }, t('common.cancel'))));
      onSubmit(form, async (data) => {
        await pb.collection('logbook_entries').update(e.id, { status: 'rejected', review_note: String(data.get('review_note') || '').trim() });
        ctx.announce(t('logbook.rejectedOne', { date: fmtDay(e.date) }));
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
    status.textContent = t('logbook.waitingN', { count: n })
      + (entries.length < n ? ` ${t('logbook.showingFirst', { count: entries.length })}` : '');
    replace(holder, entryList(ctx, entries, {
      mode: 'review', reload, headingTag: 'h3',
      group: (e) => e.placement,
      groupHeading: (e) => {
        const p = e.expand?.placement;
        return h('h2', { class: 'group-h' }, h('a', { href: `#/placements/${e.placement}` },
          t('logbook.groupOf', { student: p?.expand?.student?.name || t('logbook.student'), title: p?.expand?.internship?.title || '' })));
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
    if (e.action === 'create') ctx.announce(t('logbook.newArrived'), { about: e.record });
    if (!holder.querySelector('form :focus')) reload();
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  ctx.mount(h('h1', {}, t('logbook.approvalsTitle')),
    h('p', {}, t('logbook.approvalsIntro')),
    status, holder);
}
