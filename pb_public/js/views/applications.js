// Applications: the student's own (live status, accept/decline/withdraw),
// the coordinator's endorsement queue and the supervisor's pipeline.
import { pb, me, role, filter, pager, onSubmit, actionButton, downloadFile, originalName, ClientResponseError } from '../api.js';
import { h, field, alertBox, dl, replace, nextId, disclosure, moreButton, confirmDialog } from '../dom.js';
import { t, fmtDay, fmtTime, fmtList, todayISO, isoDay, timeZone, timeZoneName } from '../i18n.js';

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

// Status names and filter labels, each a literal key (the catalog test
// finds every key used here).
export function statusLabel(status) {
  switch (status) {
    case 'submitted': return t('applications.st_submitted');
    case 'endorsed': return t('applications.st_endorsed');
    case 'shortlisted': return t('applications.st_shortlisted');
    case 'offered': return t('applications.st_offered');
    case 'accepted': return t('applications.st_accepted');
    case 'declined': return t('applications.st_declined');
    case 'rejected': return t('applications.st_rejected');
    case 'withdrawn': return t('applications.st_withdrawn');
    case 'expired': return t('applications.st_expired');
    default: return String(status || '—');
  }
}

/** A status badge in the reader's language (the class keeps the status). */
export function statusBadge(status) {
  return h('span', { class: `badge badge-${String(status || 'none').replace(/[^a-z_]/g, '')}` },
    statusLabel(status));
}

function filters(r) {
  const closed = { value: 'closed', label: t('applications.f_closed') };
  const all = { value: 'all', label: t('applications.f_all') };
  if (r === 'coordinator') {
    return [
      { value: 'submitted', label: t('applications.f_submitted') }, { value: 'endorsed', label: t('applications.st_endorsed') },
      { value: 'active', label: t('applications.f_active') }, { value: 'accepted', label: t('applications.st_accepted') },
      closed, all];
  }
  return [
    { value: 'pipeline', label: t('applications.f_pipeline') }, { value: 'endorsed', label: t('applications.st_endorsed') },
    { value: 'shortlisted', label: t('applications.st_shortlisted') }, { value: 'offered', label: t('applications.st_offered') },
    { value: 'accepted', label: t('applications.st_accepted') }, closed, all];
}

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
  let heading = t('applications.mine');
  let base;
  let current = '';
  let controls = null;
  if (r === 'student') {
    base = filter('student = {:u}', { u: user.id });
  } else {
    heading = r === 'coordinator' ? t('applications.ours') : t('applications.applicants');
    current = ctx.query.get('status') || (r === 'coordinator' ? 'submitted' : 'pipeline');
    const internship = ctx.query.get('internship') || '';
    base = r === 'coordinator' ? filter('institution = {:i}', { i: user.institution })
      : filter('organization = {:o}', { o: user.organization });
    if (internship) base += filter(' && internship = {:it}', { it: internship });
    const sf = statusFilter(current);
    if (sf) base += ` && ${sf}`;
    const opts = [field({ label: t('applications.show'), name: 'status', type: 'select', value: current, options: filters(r) })];
    if (r === 'supervisor') {
      const postings = await pb.collection('internships').getFullList({
        filter: filter('organization = {:o} && status != "draft"', { o: user.organization }), sort: '-created', fields: 'id,title' });
      opts.push(field({ label: t('applications.posting'), name: 'internship', type: 'select', value: internship,
        options: [{ value: '', label: t('applications.allPostings') }, ...postings.map((p) => ({ value: p.id, label: p.title }))] }));
    }
    controls = h('form', { class: 'inline-form', 'aria-label': t('applications.filterLabel') }, ...opts,
      h('button', { type: 'submit', class: 'btn' }, t('applications.show')));
    controls.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const d = new FormData(controls);
      const qs = new URLSearchParams();
      qs.set('status', String(d.get('status') || ''));
      if (d.get('internship')) qs.set('internship', String(d.get('internship')));
      ctx.navigate(`/applications?${qs}`);
    });
  }

  // The list's own request skips the total (bench/bench.go measures it so);
  // the count shown is the list's length once it is complete on its first
  // page, else one small count request.
  const pages = pager('applications', { filter: base, sort: '-updated', expand: EXPAND[r], fields: FIELDS[r] });
  const list = await pages.next();
  let total = pages.done ? list.length
    : (await pb.collection('applications').getList(1, 1, { filter: base, fields: 'id' }).catch(() => ({ totalItems: list.length }))).totalItems;
  const summary = h('p', { class: 'summary', 'data-testid': 'applications-summary' });
  const setSummary = () => { summary.textContent = t('applications.count', { count: Math.max(total, cards.size) }); };
  const ul = h('ul', { class: 'cards', 'data-testid': 'applications' });
  const empty = h('p', { class: 'empty' }, r === 'student'
    ? [t('applications.noneYet'), ' ', h('a', { href: '#/internships' }, t('applications.browseOpen'))]
    : t('applications.noneHere'));
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
  setSummary();
  summary.hidden = cards.size === 0;
  // Older applications a page at a time; one already shown (moved to the
  // top by a live update) is not shown twice.
  const more = moreButton(async () => {
    const items = (await pages.next()).filter((a) => !cards.has(a.id));
    items.forEach((a) => put(a));
    return { added: items.length, done: pages.done };
  }, ctx.announce, t('common.showMore'));
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
      total += 1;
      setSummary();
      summary.hidden = false;
      ctx.announce(r === 'student' ? t('applications.liveNewMine', { title: fresh.expand?.internship?.title || '' })
        : t('applications.liveNew', { name: fresh.expand?.student?.name || t('applications.aStudent') }), { about: fresh });
      return;
    }
    const before = cards.get(fresh.id).querySelector('article')?.dataset.status;
    const hadFocus = cards.get(fresh.id).contains(document.activeElement);
    put(fresh);
    if (hadFocus) cards.get(fresh.id).querySelector('.item-title')?.focus();
    if (before !== fresh.status) ctx.announce(statusMessage(fresh), { about: fresh });
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);

  ctx.mount(
    h('h1', {}, heading),
    r === 'student' ? h('p', {}, t('applications.liveHint')) : null,
    controls,
    summary,
    empty,
    ul,
    more,
  );
}

function statusMessage(app) {
  const title = app.expand?.internship?.title || '';
  if (role() === 'student') return t('applications.liveMine', { title, status: statusLabel(app.status) });
  return t('applications.liveOther', { name: app.expand?.student?.name || t('applications.aStudent'), title, status: statusLabel(app.status) });
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
    // An open edit form is not thrown away by a live update of the same status.
    if (before === fresh.status && holder.querySelector('[data-testid="edit-application-form"]')) return;
    await show(fresh, hadFocus);
    if (before !== fresh.status) ctx.announce(statusMessage(fresh), { about: fresh });
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  const back = role() === 'student' ? t('applications.mine') : t('applications.all');
  ctx.mount(
    h('h1', {}, t('applications.one')),
    h('p', {}, h('a', { href: '#/applications' }, `← ${back}`)),
    holder,
  );
}

/** True when a calendar day (a date-only field) is after today in the platform zone. */
function upcoming(dayValue) {
  const d = isoDay(dayValue);
  return !!d && d > todayISO();
}

/** What happens next for an application in this status, for this reader. */
export function nextStep(app, r = role()) {
  const it = app.expand?.internship;
  const org = it?.expand?.organization?.name || '';
  const starts = fmtDay(it?.starts_on);
  const expires = fmtTime(app.offer_expires_at);
  if (r === 'student') {
    switch (app.status) {
      case 'submitted': return [t('applications.next_submitted'),
        app.resume ? null : t('applications.next_noResume')];
      case 'endorsed': return [t('applications.next_endorsed', { org })];
      case 'shortlisted': return [t('applications.next_shortlisted', { org })];
      case 'offered': return [t('applications.next_offered', { time: expires })];
      case 'accepted': return [upcoming(it?.starts_on) ? t('applications.next_acceptedUpcoming', { date: starts })
        : t('applications.next_acceptedStarted', { date: starts })];
      case 'declined': return [t('applications.next_declined'), t('applications.noReapply')];
      case 'rejected': return [t('applications.next_rejected'), t('applications.noReapply')];
      case 'withdrawn': return [t('applications.next_withdrawn'), t('applications.noReapply')];
      case 'expired': return [t('applications.next_expired'), t('applications.noReapply')];
      default: return [];
    }
  }
  if (r === 'coordinator') {
    switch (app.status) {
      case 'submitted': return [t('applications.nextC_submitted')];
      case 'endorsed': case 'shortlisted': return [t('applications.nextC_withHost', { org })];
      case 'offered': return [t('applications.nextC_offered', { time: expires })];
      case 'accepted': return [t(upcoming(it?.starts_on) ? 'applications.nextC_accepted' : 'applications.nextC_acceptedStarted', { date: starts })];
      default: return [];
    }
  }
  if (r === 'supervisor') {
    switch (app.status) {
      case 'endorsed': return [t('applications.nextS_endorsed')];
      case 'shortlisted': return [t('applications.nextS_shortlisted')];
      case 'offered': return [t('applications.nextS_offered', { time: expires })];
      case 'accepted': return [t(upcoming(it?.starts_on) ? 'applications.nextS_accepted' : 'applications.nextS_acceptedStarted', { date: starts })];
      default: return [];
    }
  }
  return [];
}

/** A refusal shown under a form field, like the server's own field errors. */
function fieldRefusal(name, message) {
  return new ClientResponseError({ status: 400, response: { status: 400, message, data: { [name]: { code: 'validation_required', message } } } });
}

/** The student's other applications that accepting this offer ends. */
async function othersEnded(app) {
  const others = await pb.collection('applications').getFullList({
    filter: filter('student = {:u} && id != {:id} && (status = "submitted" || status = "endorsed" || status = "shortlisted" || status = "offered")',
      { u: app.student, id: app.id }),
    expand: 'internship', fields: 'id,status,expand.internship.title', sort: 'created' });
  const name = (a) => `“${a.expand?.internship?.title || ''}”`;
  return {
    withdrawn: others.filter((a) => a.status !== 'offered').map(name),
    declined: others.filter((a) => a.status === 'offered').map(name),
  };
}

/**
 * One application as a card with the actions the caller may take now.
 * opts: {full, placement, announce(msg), onChanged(freshRecord)}
 */
export function applicationCard(app, opts = {}) {
  const r = role();
  const it = app.expand?.internship;
  const student = app.expand?.student;
  const org = it?.expand?.organization?.name || '';
  const hid = nextId('app');
  const alert = alertBox();
  const ititle = it?.title || t('applications.internship');
  const title = r === 'student' ? ititle : `${student?.name || t('applications.aStudent')} — ${ititle}`;
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
  /** Runs fn only when the person confirms the dialog built by ask(). */
  const asked = (ask, fn) => async (btn) => {
    const spec = await ask();
    if (!(await confirmDialog(spec))) return;
    await fn(btn);
  };

  const actions = h('div', { class: 'actions' });
  const forms = h('div', { class: 'subforms' });
  const name = student?.name || t('applications.theStudent');
  const starts = fmtDay(it?.starts_on);

  if (r === 'student') {
    if (app.status === 'offered') {
      const accepted = upcoming(it?.starts_on) ? t('applications.acceptedUpcoming', { title: ititle, date: starts })
        : t('applications.acceptedStarted', { title: ititle });
      actions.append(
        actionButton(t('applications.accept'), asked(async () => {
          const ended = await othersEnded(app);
          const body = [t(upcoming(app.expand?.internship?.starts_on) ? 'applications.acceptStarts' : 'applications.acceptStartsNow',
            { title: ititle, org, date: starts })];
          if (ended.withdrawn.length) body.push(t('applications.acceptWithdraws', { count: ended.withdrawn.length, list: fmtList(ended.withdrawn) }));
          if (ended.declined.length) body.push(t('applications.acceptDeclines', { count: ended.declined.length, list: fmtList(ended.declined) }));
          if (!ended.withdrawn.length && !ended.declined.length) body.push(t('applications.acceptNoOthers'));
          body.push(t('applications.cannotUndo'));
          return { title: t('applications.acceptTitle', { title: ititle }), body, confirm: t('applications.acceptConfirm'), cancel: t('applications.notNow') };
        }, move({ status: 'accepted' }, accepted)), { alert, class: 'btn btn-primary', testid: 'accept-offer' }),
        actionButton(t('applications.decline'), asked(() => ({
          title: t('applications.declineTitle', { title: ititle }),
          body: [t('applications.declineBody', { org }), t('applications.noReapply')],
          confirm: t('applications.declineConfirm'), cancel: t('applications.notNow'), danger: true,
        }), move({ status: 'declined' }, t('applications.declined'))), { alert, class: 'btn', testid: 'decline-offer' }));
      forms.append(h('p', { class: 'hint' }, t('applications.acceptHint')));
    }
    if (['submitted', 'endorsed', 'shortlisted'].includes(app.status)) {
      actions.append(actionButton(t('applications.withdraw'), asked(() => ({
        title: t('applications.withdrawTitle', { title: ititle }),
        body: [t('applications.withdrawBody'), t('applications.noReapply')],
        confirm: t('applications.withdrawConfirm'), cancel: t('applications.keepIt'), danger: true,
      }), move({ status: 'withdrawn' }, t('applications.withdrawn'))), { alert, class: 'btn btn-danger', testid: 'withdraw' }));
    }
    if (app.status === 'submitted' && opts.full) forms.append(editForm(app, changed));
  }
  if (r === 'coordinator' && app.status === 'submitted') {
    actions.append(actionButton(t('applications.endorse'), asked(() => ({
      title: t('applications.endorseTitle', { name, title: ititle }),
      body: [t('applications.endorseBody', { name, org }), t('applications.cannotUndo')],
      confirm: t('applications.endorseConfirm'), cancel: t('common.cancel'),
    }), move({ status: 'endorsed' }, t('applications.endorsed', { name }))), { alert, class: 'btn btn-primary', testid: 'endorse' }));
    forms.append(rejectForm(app, changed, name));
  }
  if (r === 'supervisor') {
    if (app.status === 'endorsed') {
      actions.append(actionButton(t('applications.shortlist'), move({ status: 'shortlisted' }, t('applications.shortlisted', { name })),
        { alert, class: 'btn', testid: 'shortlist' }));
    }
    if (app.status === 'endorsed' || app.status === 'shortlisted') {
      forms.append(offerForm(app, changed, name), rejectForm(app, changed, name));
    }
  }

  const steps = nextStep(app, r).filter(Boolean);
  const facts = dl([
    r !== 'student' ? [t('applications.registerNo'), student?.register_no || ''] : null,
    r !== 'student' ? [t('applications.programme'), [student?.program, student?.semester ? t('applications.semester', { n: student.semester }) : ''].filter(Boolean).join(', ')] : null,
    r === 'supervisor' ? [t('applications.college'), app.expand?.institution?.name || ''] : null,
    r !== 'supervisor' ? [t('applications.organisation'), org] : null,
    [t('applications.status'), statusBadge(app.status)],
    [t('applications.applied'), fmtTime(app.created)],
    [t('applications.dates'), it ? `${fmtDay(it.starts_on)} – ${fmtDay(it.ends_on)}` : ''],
    app.status === 'offered' ? [t('applications.offerExpires'), h('span', { 'data-testid': 'offer-expires' }, fmtTime(app.offer_expires_at))] : null,
    [t('applications.reason'), app.reason || ''],
  ].filter(Boolean));

  const resume = app.resume ? actionButton(t('applications.downloadResume', { file: originalName(app.resume) }),
    () => downloadFile(app, app.resume, `resume-${(student?.register_no || app.id)}.pdf`),
    { alert, class: 'btn btn-quiet', testid: 'download-resume' }) : null;

  return h('article', {
    class: `card item status-${app.status}`, 'aria-labelledby': hid,
    'data-testid': `application-${app.id}`, 'data-status': app.status,
  },
  titleEl,
  facts,
  steps.length ? h('div', { class: 'next-step', 'data-testid': 'next-step' }, steps.map((s) => h('p', {}, s))) : null,
  statement ? h('div', { class: 'statement' }, h('h3', { class: 'small-h' }, t('applications.statement')), h('p', { class: 'pre' }, shown)) : null,
  resume ? h('p', {}, resume) : null,
  it && opts.full ? h('p', {}, h('a', { href: `#/internships/${it.id}` }, t('applications.viewInternship'))) : null,
  opts.placement ? h('p', {}, h('a', { href: `#/placements/${opts.placement.id}`, class: 'btn btn-primary' }, t('applications.goPlacement'))) : null,
  !opts.placement && r === 'student' && app.status === 'accepted' ? h('p', {}, h('a', { href: '#/placements' }, t('applications.goMyPlacement'))) : null,
  alert,
  actions.childNodes.length ? actions : null,
  forms.childNodes.length ? forms : null);
}

/**
 * The student's statement and résumé, editable while the application waits
 * for endorsement (DESIGN §3: only while `submitted`).
 */
function editForm(app, changed) {
  const { button, panel } = disclosure(t('applications.edit'), (close) => {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'edit-application-form', novalidate: true },
      alert,
      field({ label: t('applications.statement'), name: 'statement', type: 'textarea', required: true, value: app.statement || '',
        hint: t('applications.statementHint'), attrs: { maxlength: 5000, rows: 6 } }),
      field({ label: app.resume ? t('applications.replaceResume') : t('applications.resumeLabel'), name: 'resume', type: 'file',
        hint: app.resume ? t('applications.replaceHint', { file: originalName(app.resume) }) : t('applications.resumeHint'),
        attrs: { accept: 'application/pdf,.pdf' }, testid: 'edit-resume-input' }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-application' }, t('applications.save')),
        h('button', { type: 'button', class: 'btn', onclick: close }, t('common.cancel'))));
    onSubmit(form, async (data) => {
      const statement = String(data.get('statement') || '').trim();
      if (!statement) throw fieldRefusal('statement', t('applications.statementNeeded'));
      const body = { statement };
      const file = data.get('resume');
      if (file instanceof File && file.size > 0) body.resume = file;
      await pb.collection('applications').update(app.id, body);
      await changed(t('applications.saved'));
    });
    return form;
  }, 'btn');
  button.dataset.testid = 'edit-application';
  return h('div', { class: 'edit' }, button, panel);
}

function rejectForm(app, changed, name) {
  const { button, panel } = disclosure(t('applications.reject'), (close) => {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'reject-form' },
      alert,
      field({ label: t('applications.rejectReason'), name: 'reason', type: 'textarea', required: true,
        hint: t('applications.rejectHint'), attrs: { maxlength: 2000, rows: 3 } }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-danger' }, t('applications.rejectConfirm')),
        h('button', { type: 'button', class: 'btn', onclick: close }, t('common.cancel'))));
    onSubmit(form, async (data) => {
      await pb.collection('applications').update(app.id, { status: 'rejected', reason: String(data.get('reason') || '').trim() });
      await changed(t('applications.rejected', { name }));
    });
    return form;
  }, 'btn btn-danger');
  return h('div', { class: 'reject' }, button, panel);
}

function offerForm(app, changed, name) {
  const alert = alertBox();
  const it = app.expand?.internship;
  // The field is read and written in the platform's zone (one time zone for
  // people), whatever the supervisor's device says.
  const local = (d) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: timeZone(), year: 'numeric', month: '2-digit',
      day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((x) => [x.type, x.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
  };
  const fromLocal = (v) => {
    const wall = Date.parse(`${v}:00Z`);
    let guess = wall;
    for (let i = 0; i < 2; i += 1) guess = wall - (Date.parse(`${local(new Date(guess))}:00Z`) - guess);
    return new Date(guess);
  };
  const form = h('form', { class: 'form subform offer', 'data-testid': 'offer-form' },
    alert,
    field({ label: t('applications.offerExpiresField'), name: 'offer_expires_at', type: 'datetime-local',
      hint: t('applications.offerExpiresHint', { zone: timeZoneName() }), attrs: { min: local(new Date()) } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'offer' }, t('applications.offer'))));
  onSubmit(form, async (data) => {
    const body = { status: 'offered' };
    const exp = String(data.get('offer_expires_at') || '');
    if (exp) body.offer_expires_at = fromLocal(exp).toISOString();
    const until = fmtTime(exp ? fromLocal(exp) : new Date(Date.now() + 7 * 86400_000));
    const ok = await confirmDialog({
      title: t('applications.offerTitle', { name, title: it?.title || '' }),
      body: [t('applications.offerBody', { name, time: until }), t(upcoming(it?.starts_on) ? 'applications.offerAccept' : 'applications.offerAcceptNow', { name, date: fmtDay(it?.starts_on) }),
        t('applications.cannotUndo')],
      confirm: t('applications.offerConfirm'), cancel: t('common.cancel'),
    });
    if (!ok) return;
    await pb.collection('applications').update(app.id, body);
    await changed(t('applications.offered', { name }));
  });
  return form;
}
