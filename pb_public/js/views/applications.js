// Applications: the student's own (live status, accept/decline/withdraw),
// the coordinator's endorsement queue and the supervisor's pipeline.
import { pb, me, role, filter, pager, onSubmit, actionButton, downloadFile, fmtDay, fmtTime, originalName } from '../api.js';
import { h, field, alertBox, dl, badge, replace, nextId, disclosure, moreButton } from '../dom.js';

const EXPAND = {
  student: 'internship,internship.organization',
  coordinator: 'student,internship,internship.organization',
  // The college is the application's own institution (the student's, copied
  // when they applied): one level of expand instead of student.institution.
  supervisor: 'student,institution,internship',
};

// Only what applicationCard shows (the server sends nothing else).
const CARD = 'id,collectionId,collectionName,status,statement,created,updated,offer_expires_at,reason,resume,internship,student,'
  + 'expand.internship.id,expand.internship.title,expand.internship.starts_on,expand.internship.ends_on';
const STUDENT = 'expand.student.name,expand.student.register_no,expand.student.program,expand.student.semester';
const FIELDS = {
  student: `${CARD},expand.internship.expand.organization.name`,
  coordinator: `${CARD},${STUDENT},expand.internship.expand.organization.name`,
  supervisor: `${CARD},${STUDENT},expand.institution.name`,
};

const STATUS_LABEL = {
  submitted: 'waiting for your college to endorse it',
  endorsed: 'endorsed by your college',
  shortlisted: 'shortlisted by the host',
  offered: 'offered a place',
  accepted: 'accepted',
  declined: 'declined',
  rejected: 'not taken forward',
  withdrawn: 'withdrawn',
  expired: 'an expired offer',
};

const FILTERS = {
  coordinator: [
    { value: 'submitted', label: 'Awaiting endorsement' }, { value: 'endorsed', label: 'Endorsed' },
    { value: 'active', label: 'With the host (shortlisted, offered)' }, { value: 'accepted', label: 'Accepted' },
    { value: 'closed', label: 'Rejected, declined, withdrawn, expired' }, { value: 'all', label: 'All' }],
  supervisor: [
    { value: 'pipeline', label: 'To decide (endorsed, shortlisted, offered)' }, { value: 'endorsed', label: 'Endorsed' },
    { value: 'shortlisted', label: 'Shortlisted' }, { value: 'offered', label: 'Offered' }, { value: 'accepted', label: 'Accepted' },
    { value: 'closed', label: 'Rejected, declined, withdrawn, expired' }, { value: 'all', label: 'All' }],
};

function statusFilter(value) {
  switch (value) {
    case 'active': return '(status = "shortlisted" || status = "offered")';
    case 'pipeline': return '(status = "endorsed" || status = "shortlisted" || status = "offered")';
    case 'closed': return '(status = "rejected" || status = "declined" || status = "withdrawn" || status = "expired")';
    case 'all': case '': return '';
    default: return pb.filter('status = {:s}', { s: value });
  }
}

/** Loads one application with the expand its card needs. */
function loadOne(id) {
  return pb.collection('applications').getOne(id, { expand: EXPAND[role()], fields: FIELDS[role()] });
}

export async function applicationsView(ctx) {
  const r = role();
  const user = me();
  let heading = 'My applications';
  let base;
  let current = '';
  let controls = null;
  if (r === 'student') {
    base = filter('student = {:u}', { u: user.id });
  } else {
    heading = r === 'coordinator' ? 'Applications from our students' : 'Applicants';
    current = ctx.query.get('status') || (r === 'coordinator' ? 'submitted' : 'pipeline');
    const internship = ctx.query.get('internship') || '';
    base = r === 'coordinator' ? filter('institution = {:i}', { i: user.institution })
      : filter('organization = {:o}', { o: user.organization });
    if (internship) base += filter(' && internship = {:it}', { it: internship });
    const sf = statusFilter(current);
    if (sf) base += ` && ${sf}`;
    const opts = [field({ label: 'Show', name: 'status', type: 'select', value: current, options: FILTERS[r] })];
    if (r === 'supervisor') {
      const postings = await pb.collection('internships').getFullList({
        filter: filter('organization = {:o} && status != "draft"', { o: user.organization }), sort: '-created', fields: 'id,title' });
      opts.push(field({ label: 'Posting', name: 'internship', type: 'select', value: internship,
        options: [{ value: '', label: 'All postings' }, ...postings.map((p) => ({ value: p.id, label: p.title }))] }));
    }
    controls = h('form', { class: 'inline-form', 'aria-label': 'Filter applications' }, ...opts,
      h('button', { type: 'submit', class: 'btn' }, 'Show'));
    controls.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const d = new FormData(controls);
      const qs = new URLSearchParams();
      qs.set('status', String(d.get('status') || ''));
      if (d.get('internship')) qs.set('internship', String(d.get('internship')));
      ctx.navigate(`/applications?${qs}`);
    });
  }

  const pages = pager('applications', { filter: base, sort: '-updated', expand: EXPAND[r], fields: FIELDS[r] });
  const list = await pages.next();
  const ul = h('ul', { class: 'cards', 'data-testid': 'applications' });
  const empty = h('p', { class: 'empty' }, r === 'student'
    ? ['You have not applied yet. ', h('a', { href: '#/internships' }, 'Browse open internships'), '.']
    : 'No applications here.');
  const cards = new Map();
  const put = (app, where = 'append') => {
    const card = applicationCard(app, { announce: ctx.announce, onChanged: (fresh) => update(fresh, true) });
    const li = h('li', {}, card);
    const old = cards.get(app.id);
    if (old) old.replaceWith(li);
    else if (where === 'prepend') ul.prepend(li);
    else ul.append(li);
    cards.set(app.id, li);
    empty.hidden = cards.size > 0;
    return li;
  };
  const update = (fresh, focus) => {
    const li = put(fresh);
    if (focus) li.querySelector('.item-title')?.focus();
  };
  list.forEach((a) => put(a));
  empty.hidden = cards.size > 0;
  // Older applications a page at a time; one already shown (moved to the
  // top by a live update) is not shown twice.
  const more = moreButton(async () => {
    const items = (await pages.next()).filter((a) => !cards.has(a.id));
    items.forEach((a) => put(a));
    return { added: items.length, done: pages.done };
  }, ctx.announce);
  more.hidden = pages.done;

  // Live status: every change the caller may see arrives here.
  const unsub = await pb.collection('applications').subscribe('*', async (e) => {
    if (!ctx.alive()) return;
    const known = cards.has(e.record.id);
    if (e.action === 'delete') return;
    let fresh;
    try { fresh = await loadOne(e.record.id); } catch { return; }
    if (!known) {
      // Only show newcomers that match this page's filter.
      if (r !== 'student') {
        const probe = await pb.collection('applications').getList(1, 1, {
          filter: `${base} && ${filter('id = {:id}', { id: fresh.id })}`, fields: 'id' }).catch(() => ({ items: [] }));
        if (!probe.items.length) return;
      }
      put(fresh, 'prepend');
      ctx.announce(r === 'student' ? `New application for “${fresh.expand?.internship?.title || ''}”.`
        : `New application from ${fresh.expand?.student?.name || 'a student'}.`);
      return;
    }
    const before = cards.get(fresh.id).querySelector('article')?.dataset.status;
    const hadFocus = cards.get(fresh.id).contains(document.activeElement);
    put(fresh);
    if (hadFocus) cards.get(fresh.id).querySelector('.item-title')?.focus();
    if (before !== fresh.status) ctx.announce(statusMessage(fresh));
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);

  ctx.mount(
    h('h1', {}, heading),
    r === 'student' ? h('p', {}, 'Status changes appear here as they happen.') : null,
    controls,
    empty,
    ul,
    more,
  );
}

function statusMessage(app) {
  const title = app.expand?.internship?.title || 'an internship';
  if (role() === 'student') return `Your application for “${title}” is now ${STATUS_LABEL[app.status] || app.status}.`;
  return `The application of ${app.expand?.student?.name || 'a student'} for “${title}” is now ${app.status}.`;
}

export async function applicationView(ctx) {
  const app = await loadOne(ctx.params.id);
  const holder = h('div', {});
  let placement = null;
  const findPlacement = async (a) => {
    if (a.status !== 'accepted') return null;
    const p = await pb.collection('placements').getList(1, 1, { filter: filter('application = {:a}', { a: a.id }), fields: 'id' })
      .catch(() => ({ items: [] }));
    return p.items[0] || null;
  };
  const show = async (a, focus) => {
    placement = await findPlacement(a);
    replace(holder, applicationCard(a, { full: true, placement, announce: ctx.announce, onChanged: (fresh) => show(fresh, true) }));
    if (focus) holder.querySelector('.item-title')?.focus();
  };
  await show(app);
  const unsub = await pb.collection('applications').subscribe(app.id, async (e) => {
    if (!ctx.alive() || e.action !== 'update') return;
    const before = holder.firstChild?.dataset.status;
    const fresh = await loadOne(app.id).catch(() => null);
    if (!fresh) return;
    const hadFocus = holder.contains(document.activeElement);
    await show(fresh, hadFocus);
    if (before !== fresh.status) ctx.announce(statusMessage(fresh));
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  const back = role() === 'student' ? 'My applications' : 'All applications';
  ctx.mount(
    h('h1', {}, 'Application'),
    h('p', {}, h('a', { href: '#/applications' }, `← ${back}`)),
    holder,
  );
}

/**
 * One application as a card with the actions the caller may take now.
 * opts: {full, placement, announce(msg), onChanged(freshRecord)}
 */
export function applicationCard(app, opts = {}) {
  const r = role();
  const it = app.expand?.internship;
  const student = app.expand?.student;
  const hid = nextId('app');
  const alert = alertBox();
  const title = r === 'student'
    ? (it?.title || 'Internship')
    : `${student?.name || 'Student'} — ${it?.title || 'internship'}`;
  const titleEl = opts.full ? h('h2', { id: hid, class: 'item-title', tabindex: '-1' }, title)
    : h('h2', { id: hid, class: 'item-title', tabindex: '-1' }, h('a', { href: `#/applications/${app.id}` }, title));

  const statement = app.statement || '';
  const shown = opts.full || statement.length <= 280 ? statement : `${statement.slice(0, 280)}…`;

  const changed = async (msg) => {
    const fresh = await loadOne(app.id);
    if (msg) opts.announce?.(msg);
    opts.onChanged?.(fresh);
  };
  const move = (body, msg) => async () => {
    await pb.collection('applications').update(app.id, body);
    await changed(msg);
  };

  const actions = h('div', { class: 'actions' });
  const forms = h('div', { class: 'subforms' });
  const name = student?.name || 'the student';

  if (r === 'student') {
    if (app.status === 'offered') {
      actions.append(
        actionButton('Accept offer', move({ status: 'accepted' }, `You accepted the offer for “${it?.title}”. Your placement has started.`),
          { alert, class: 'btn btn-primary', testid: 'accept-offer' }),
        actionButton('Decline offer', move({ status: 'declined' }, 'You declined the offer.'), { alert, class: 'btn', testid: 'decline-offer' }));
      forms.append(h('p', { class: 'hint' }, 'Accepting starts your placement and withdraws your other applications.'));
    }
    if (['submitted', 'endorsed', 'shortlisted'].includes(app.status)) {
      actions.append(confirmButton('Withdraw application', 'Yes, withdraw', move({ status: 'withdrawn' }, 'Application withdrawn.'), alert));
    }
  }
  if (r === 'coordinator' && app.status === 'submitted') {
    actions.append(actionButton('Endorse', move({ status: 'endorsed' }, `Endorsed the application of ${name}.`),
      { alert, class: 'btn btn-primary', testid: 'endorse' }));
    forms.append(rejectForm(app, changed, name));
  }
  if (r === 'supervisor') {
    if (app.status === 'endorsed') {
      actions.append(actionButton('Shortlist', move({ status: 'shortlisted' }, `Shortlisted ${name}.`),
        { alert, class: 'btn', testid: 'shortlist' }));
    }
    if (app.status === 'endorsed' || app.status === 'shortlisted') {
      forms.append(offerForm(app, changed, name), rejectForm(app, changed, name));
    }
  }

  const facts = dl([
    r !== 'student' ? ['Register number', student?.register_no || ''] : null,
    r !== 'student' ? ['Programme', [student?.program, student?.semester ? `semester ${student.semester}` : ''].filter(Boolean).join(', ')] : null,
    r === 'supervisor' ? ['College', app.expand?.institution?.name || ''] : null,
    r !== 'supervisor' ? ['Organisation', it?.expand?.organization?.name || ''] : null,
    ['Status', badge(app.status)],
    ['Applied', fmtTime(app.created)],
    ['Internship dates', it ? `${fmtDay(it.starts_on)} – ${fmtDay(it.ends_on)}` : ''],
    app.status === 'offered' ? ['Offer expires', fmtTime(app.offer_expires_at)] : null,
    ['Reason', app.reason || ''],
  ].filter(Boolean));

  const resume = app.resume ? actionButton(`Download résumé (${originalName(app.resume)})`,
    () => downloadFile(app, app.resume, `resume-${(student?.register_no || app.id)}.pdf`),
    { alert, class: 'btn btn-quiet', testid: 'download-resume' }) : null;

  return h('article', {
    class: `card item status-${app.status}`, 'aria-labelledby': hid,
    'data-testid': `application-${app.id}`, 'data-status': app.status,
  },
  titleEl,
  facts,
  statement ? h('div', { class: 'statement' }, h('h3', { class: 'small-h' }, 'Statement'), h('p', { class: 'pre' }, shown)) : null,
  resume ? h('p', {}, resume) : null,
  it && opts.full ? h('p', {}, h('a', { href: `#/internships/${it.id}` }, 'View the internship')) : null,
  opts.placement ? h('p', {}, h('a', { href: `#/placements/${opts.placement.id}`, class: 'btn btn-primary' }, 'Go to your placement')) : null,
  !opts.placement && r === 'student' && app.status === 'accepted' ? h('p', {}, h('a', { href: '#/placements' }, 'Go to my placement')) : null,
  alert,
  actions.childNodes.length ? actions : null,
  forms.childNodes.length ? forms : null);
}

/** A destructive action that asks once more before running. */
function confirmButton(label, confirmLabel, fn, alert) {
  const wrap = h('span', { class: 'confirm' });
  const first = h('button', { type: 'button', class: 'btn btn-danger' }, label);
  const sure = actionButton(confirmLabel, fn, { alert, class: 'btn btn-danger' });
  const keep = h('button', { type: 'button', class: 'btn' }, 'Keep it');
  const ask = h('span', { class: 'confirm-ask', hidden: true }, sure, keep);
  first.addEventListener('click', () => { first.hidden = true; ask.hidden = false; sure.focus(); });
  keep.addEventListener('click', () => { ask.hidden = true; first.hidden = false; first.focus(); });
  wrap.append(first, ask);
  return wrap;
}

function rejectForm(app, changed, name) {
  const { button, panel } = disclosure('Reject', (close) => {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'reject-form' },
      alert,
      field({ label: 'Reason for rejecting', name: 'reason', type: 'textarea', required: true,
        hint: 'The student sees this reason.', attrs: { maxlength: 2000, rows: 3 } }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-danger' }, 'Confirm rejection'),
        h('button', { type: 'button', class: 'btn', onclick: close }, 'Cancel')));
    onSubmit(form, async (data) => {
      await pb.collection('applications').update(app.id, { status: 'rejected', reason: String(data.get('reason') || '').trim() });
      await changed(`Rejected the application of ${name}.`);
    });
    return form;
  }, 'btn btn-danger');
  return h('div', { class: 'reject' }, button, panel);
}

function offerForm(app, changed, name) {
  const alert = alertBox();
  const local = (d) => {
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  const form = h('form', { class: 'form subform offer', 'data-testid': 'offer-form' },
    alert,
    field({ label: 'Offer expires (optional)', name: 'offer_expires_at', type: 'datetime-local',
      hint: 'Leave empty for 7 days from now.', attrs: { min: local(new Date()) } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'offer' }, 'Offer')));
  onSubmit(form, async (data) => {
    const body = { status: 'offered' };
    const exp = String(data.get('offer_expires_at') || '');
    if (exp) body.offer_expires_at = new Date(exp).toISOString();
    await pb.collection('applications').update(app.id, body);
    await changed(`Offered a place to ${name}.`);
  });
  return form;
}
