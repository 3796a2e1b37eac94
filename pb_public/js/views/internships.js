// Internships: the open list and detail (students apply here), and the
// supervisor's postings with their status moves and tasks.
import { pb, me, role, filter, onSubmit, actionButton, day, pager, ClientResponseError } from '../api.js';
import { h, field, alertBox, dl, richText, textToHTML, htmlToText, replace, nextId, moreButton, confirmDialog } from '../dom.js';
import { t, fmtDay, fmtINR, fmtNumber, todayISO } from '../i18n.js';
import { ownOrganization, unverifiedNotice, watchOnboarding, enrolledNow, notEnrolledText } from './onboarding.js';
import { statusBadge as applicationBadge, statusLabel as applicationStatus } from './applications.js';

function modes() {
  return [{ value: '', label: t('internships.modeAny') }, { value: 'onsite', label: t('internships.modeOnsite') },
    { value: 'remote', label: t('internships.modeRemote') }, { value: 'hybrid', label: t('internships.modeHybrid') }];
}
const modeLabel = (m) => modes().find((x) => x.value === m)?.label || '';

function postingStatus(status) {
  switch (status) {
    case 'draft': return t('internships.st_draft');
    case 'open': return t('internships.st_open');
    case 'closed': return t('internships.st_closed');
    case 'cancelled': return t('internships.st_cancelled');
    default: return String(status || '—');
  }
}
function badge(status) {
  return h('span', { class: `badge badge-${String(status || 'none').replace(/[^a-z_]/g, '')}` }, postingStatus(status));
}
const stipend = (n) => (Number(n) ? t('internships.perMonth', { amount: fmtINR(n) }) : t('internships.unpaid'));

export async function internshipsView(ctx) {
  if (role() === 'supervisor') return postingsView(ctx);
  return openListView(ctx);
}

// ---------------------------------------------------------------- students

async function openListView(ctx) {
  const q = ctx.query.get('q') || '';
  const mode = ctx.query.get('mode') || '';
  const results = h('div', { class: 'results' });
  const summary = h('p', { class: 'summary', 'aria-live': 'polite', 'data-testid': 'results-summary' });
  const search = h('form', { role: 'search', class: 'card form search', 'aria-label': t('internships.search') },
    h('div', { class: 'row' },
      field({ label: t('internships.search'), name: 'q', type: 'search', value: q,
        hint: t('internships.searchHint'), attrs: { autocomplete: 'off' } }),
      field({ label: t('internships.mode'), name: 'mode', type: 'select', value: mode, options: modes() })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('internships.searchButton'))));

  let applied = new Map();
  if (role() === 'student') {
    const mine = await pb.collection('applications').getFullList({
      filter: filter('student = {:u}', { u: me().id }), fields: 'id,internship,status' });
    applied = new Map(mine.map((a) => [a.internship, a]));
  }

  let seq = 0;
  const load = async (text, m) => {
    const mine = ++seq;
    const parts = ['status = "open"'];
    const params = { q: text, m };
    if (text) parts.push('(title ~ {:q} || description ~ {:q} || skills ~ {:q} || location ~ {:q} || district ~ {:q} || organization.name ~ {:q})');
    if (m) parts.push('mode = {:m}');
    const pages = pager('internships', { filter: filter(parts.join(' && '), params), sort: 'apply_by,title', expand: 'organization', skipTotal: false });
    const items = await pages.next();
    if (mine !== seq) return;
    const n = pages.total ?? items.length;
    summary.textContent = text ? t('internships.countMatching', { count: n, text }) : t('internships.count', { count: n });
    if (!items.length) {
      replace(results, h('p', {}, t('internships.noneMatch')));
      return;
    }
    const ul = h('ul', { class: 'cards', 'data-testid': 'internships' },
      items.map((it) => h('li', {}, internshipCard(it, applied.get(it.id)))));
    const more = moreButton(async () => {
      const next = await pages.next();
      ul.append(...next.map((it) => h('li', {}, internshipCard(it, applied.get(it.id)))));
      return { added: next.length, done: pages.done };
    }, ctx.announce, t('common.showMore'));
    more.hidden = pages.done;
    replace(results, ul, more);
  };

  let timer = null;
  search.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = new FormData(search);
    load(String(d.get('q') || '').trim(), String(d.get('mode') || ''));
  });
  search.elements.namedItem('q').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => search.requestSubmit(), 400);
  });
  search.elements.namedItem('mode').addEventListener('change', () => search.requestSubmit());
  ctx.onLeave(() => clearTimeout(timer));

  await load(q, mode);
  ctx.mount(h('h1', {}, t('internships.openTitle')), search, summary, results);
}

function internshipCard(it, application) {
  const org = it.expand?.organization?.name || '';
  const hid = `it-${it.id}`;
  return h('article', { class: 'card item', 'aria-labelledby': hid, 'data-testid': `internship-${it.id}` },
    h('h2', { id: hid, class: 'item-title' }, h('a', { href: `#/internships/${it.id}` }, it.title)),
    h('p', { class: 'muted' }, [org, modeLabel(it.mode), it.location || it.district].filter(Boolean).join(' · ')),
    dl([
      [t('internships.applyBy'), fmtDay(it.apply_by)],
      [t('internships.dates'), `${fmtDay(it.starts_on)} – ${fmtDay(it.ends_on)}`],
      [t('internships.seatsLabel'), t('internships.seats', { count: it.seats })],
      [t('internships.stipend'), stipend(it.stipend)],
    ]),
    application ? h('p', {}, t('internships.youApplied'), ' ', applicationBadge(application.status), ' ',
      h('a', { href: `#/applications/${application.id}` }, t('internships.viewApplication'))) : null);
}

export async function internshipView(ctx) {
  const it = await pb.collection('internships').getOne(ctx.params.id, {
    expand: 'organization,supervisor,required_courses,eligible_institutions' });
  const user = me();
  const own = role() === 'supervisor' && it.organization === user.organization;
  const org = it.expand?.organization;

  const facts = dl([
    [t('internships.organisation'), org?.name || ''],
    [t('internships.status'), badge(it.status)],
    [t('internships.mode'), modeLabel(it.mode)],
    [t('internships.location'), [it.location, it.district].filter(Boolean).join(', ')],
    [t('internships.applyBy'), fmtDay(it.apply_by)],
    [t('internships.dates'), `${fmtDay(it.starts_on)} – ${fmtDay(it.ends_on)}`],
    [t('internships.hours'), it.hours ? t('common.hours', { count: it.hours }) : ''],
    [t('internships.seatsLabel'), t('internships.seats', { count: it.seats })],
    [t('internships.stipend'), stipend(it.stipend)],
    [t('internships.minSemester'), it.min_semester ? fmtNumber(it.min_semester) : ''],
    [t('internships.skills'), Array.isArray(it.skills) && it.skills.length ? it.skills.join(', ') : ''],
    [t('internships.requiredCourses'), (it.expand?.required_courses || []).map((c) => c.title).join(', ')],
    [t('internships.openTo'), (it.expand?.eligible_institutions || []).map((i) => i.name).join(', ') || t('internships.everyCollege')],
    [t('internships.supervisor'), it.expand?.supervisor?.name || ''],
    [t('internships.cancelReason'), it.status === 'cancelled' ? it.cancel_reason : ''],
  ]);

  const sections = [
    h('h1', {}, it.title),
    h('p', {}, h('a', { href: '#/internships' }, own ? `← ${t('internships.allPostings')}` : `← ${t('internships.allOpen')}`)),
    h('section', { class: 'card', 'aria-labelledby': 'it-about-h' },
      h('h2', { id: 'it-about-h' }, t('internships.about')), facts, richText(it.description)),
  ];
  if (role() === 'student') sections.push(await applySection(ctx, it));
  if (own) sections.push(manageSection(ctx, it), editSection(ctx, it));
  sections.push(await tasksSection(ctx, it, own));
  ctx.mount(...sections);
}

/** What the student's existing application means for applying here. */
function appliedText(a) {
  switch (a.status) {
    case 'withdrawn': return [t('internships.appliedWithdrawn'), t('internships.oneApplication')];
    case 'declined': return [t('internships.appliedDeclined'), t('internships.oneApplication')];
    case 'rejected': return [t('internships.appliedRejected'), t('internships.oneApplication')];
    case 'expired': return [t('internships.appliedExpired'), t('internships.oneApplication')];
    default: return [t('internships.appliedStatus', { status: applicationStatus(a.status) })];
  }
}

async function applySection(ctx, it) {
  const user = me();
  const sec = h('section', { class: 'card', 'aria-labelledby': 'apply-h' }, h('h2', { id: 'apply-h' }, t('internships.apply')));
  const existing = await pb.collection('applications').getList(1, 1, {
    filter: filter('internship = {:i} && student = {:u}', { i: it.id, u: user.id }) });
  if (existing.items.length) {
    const a = existing.items[0];
    sec.append(h('div', { 'data-testid': 'already-applied', 'data-status': a.status },
      appliedText(a).map((p) => h('p', {}, p)),
      h('p', {}, applicationBadge(a.status), ' ', h('a', { href: `#/applications/${a.id}` }, t('internships.viewYourApplication'))),
      ['withdrawn', 'declined', 'rejected', 'expired'].includes(a.status)
        ? h('p', {}, h('a', { href: '#/internships' }, t('internships.otherOpen'))) : null));
    return sec;
  }
  if (it.status !== 'open') {
    sec.append(h('p', {}, t('internships.notAccepting')));
    return sec;
  }
  // A student whose college has not confirmed their enrolment yet sees why
  // they cannot apply, next to the button; pressing it checks again (the
  // coordinator may have enrolled them meanwhile) and explains in the alert.
  const enrolled = await enrolledNow();
  const whyId = nextId('apply-why');
  const why = enrolled ? null : h('p', { class: 'notice', id: whyId, 'data-testid': 'not-enrolled-apply' }, notEnrolledText());
  const alert = alertBox();
  // novalidate: an empty statement is explained in the page, next to the
  // field, not in the browser's pop-up.
  const form = h('form', { class: 'form', 'data-testid': 'apply-form', novalidate: true },
    alert,
    h('input', { type: 'hidden', name: 'internship', value: it.id }),
    field({ label: t('internships.statement'), name: 'statement', type: 'textarea', required: true, hint: t('internships.statementHint'),
      attrs: { maxlength: 5000, rows: 6 } }),
    field({ label: t('internships.resume'), name: 'resume', type: 'file', hint: t('internships.resumeHint'),
      attrs: { accept: 'application/pdf,.pdf' }, testid: 'resume-input' }),
    why,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'apply',
      'aria-describedby': why ? whyId : null }, t('internships.applyButton'))));
  onSubmit(form, async (data) => {
    if (why && !(await enrolledNow())) throw new Error(notEnrolledText());
    const statement = String(data.get('statement') || '').trim();
    if (!statement) {
      throw new ClientResponseError({ status: 400, response: { status: 400, message: t('internships.statementNeeded'),
        data: { statement: { code: 'validation_required', message: t('internships.statementNeeded') } } } });
    }
    const body = { internship: it.id, statement };
    const file = data.get('resume');
    if (file instanceof File && file.size > 0) body.resume = file;
    const created = await pb.collection('applications').create(body);
    ctx.announce(t('internships.submitted', { title: it.title }));
    ctx.navigate(`/applications/${created.id}`);
  });
  sec.append(h('p', {}, t('internships.applyIntro')), form);
  return sec;
}

// ------------------------------------------------------------- supervisors

async function postingsView(ctx) {
  const user = me();
  const status = ctx.query.get('status') || '';
  const list = await pb.collection('internships').getFullList({
    filter: filter(status ? 'organization = {:o} && status = {:s}' : 'organization = {:o}', { o: user.organization, s: status }),
    sort: '-created' });
  const filterForm = h('form', { class: 'inline-form', 'aria-label': t('internships.filterPostings') },
    field({ label: t('internships.show'), name: 'status', type: 'select', value: status, options: [
      { value: '', label: t('internships.allPostings') }, { value: 'draft', label: t('internships.drafts') },
      { value: 'open', label: t('internships.st_open') }, { value: 'closed', label: t('internships.st_closed') },
      { value: 'cancelled', label: t('internships.st_cancelled') }] }),
    h('button', { type: 'submit', class: 'btn' }, t('internships.show')));
  filterForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const s = new FormData(filterForm).get('status');
    ctx.navigate(s ? `/internships?status=${encodeURIComponent(s)}` : '/internships');
  });

  const items = list.length
    ? h('ul', { class: 'cards', 'data-testid': 'postings' }, list.map((it) => h('li', {},
      h('article', { class: 'card item', 'aria-labelledby': `p-${it.id}`, 'data-testid': `posting-${it.id}` },
        h('h3', { id: `p-${it.id}`, class: 'item-title' }, h('a', { href: `#/internships/${it.id}` }, it.title)),
        h('p', {}, badge(it.status), ` · ${t('internships.applyByDay', { date: fmtDay(it.apply_by) })} · ${t('internships.seats', { count: it.seats })}`),
        h('p', {}, h('a', { href: `#/applications?internship=${it.id}` }, t('internships.applicants'),
          h('span', { class: 'visually-hidden' }, ` ${t('internships.applicantsFor', { title: it.title })}`)))))))
    : h('p', {}, t('internships.noPostings'));

  const org = await ownOrganization();
  const notice = unverifiedNotice(org);
  if (notice) await watchOnboarding(ctx, { org });
  const alert = alertBox();
  const form = postingForm(alert, null);
  onSubmit(form, async (data) => {
    const created = await pb.collection('internships').create(postingBody(data, true));
    ctx.announce(t('internships.draftSaved', { title: created.title }));
    ctx.navigate(`/internships/${created.id}`);
  });

  ctx.mount(
    h('h1', {}, t('internships.postings')),
    notice,
    h('section', { 'aria-labelledby': 'postings-h' }, h('h2', { id: 'postings-h' }, t('internships.ourPostings')), filterForm, items),
    h('section', { class: 'card', 'aria-labelledby': 'new-posting-h' },
      h('h2', { id: 'new-posting-h' }, t('internships.newPosting')),
      h('p', {}, t('internships.newPostingHint')), form),
  );
}

function postingForm(alert, it) {
  const draft = !it || it.status === 'draft';
  const v = (k, d = '') => (it ? it[k] ?? d : d);
  const dateAttrs = draft ? {} : { disabled: true };
  return h('form', { class: 'form', 'data-testid': it ? 'edit-posting-form' : 'new-posting-form' },
    alert,
    field({ label: t('internships.f_title'), name: 'title', required: true, value: v('title'), attrs: { maxlength: 300 } }),
    field({ label: t('internships.f_description'), name: 'description', type: 'textarea', value: htmlToText(v('description')),
      hint: t('internships.f_descriptionHint'), attrs: { rows: 6 } }),
    field({ label: t('internships.skills'), name: 'skills', value: Array.isArray(v('skills')) ? v('skills').join(', ') : '',
      hint: t('internships.f_skillsHint') }),
    h('div', { class: 'row' },
      field({ label: t('internships.mode'), name: 'mode', type: 'select', value: v('mode', 'onsite'), options: modes().slice(1) }),
      field({ label: t('internships.location'), name: 'location', value: v('location'), attrs: { maxlength: 300 } }),
      field({ label: t('internships.f_district'), name: 'district', value: v('district'), attrs: { maxlength: 100 } })),
    h('div', { class: 'row' },
      field({ label: t('internships.seatsLabel'), name: 'seats', type: 'number', required: true, value: v('seats', 1), attrs: { min: 1, step: 1 } }),
      field({ label: t('internships.hours'), name: 'hours', type: 'number', value: v('hours', 60), attrs: { min: 0, step: 1 } }),
      field({ label: t('internships.f_stipend'), name: 'stipend', type: 'number', value: v('stipend', 0), hint: t('internships.f_stipendHint'), attrs: { min: 0, step: 1 } }),
      field({ label: t('internships.minSemester'), name: 'min_semester', type: 'number', value: v('min_semester', 0), attrs: { min: 0, max: 8, step: 1 } })),
    h('div', { class: 'row' },
      field({ label: t('internships.applyBy'), name: 'apply_by', type: 'date', required: draft, value: day(v('apply_by')), attrs: { min: draft && !it ? todayISO() : null, ...dateAttrs } }),
      field({ label: t('internships.f_starts'), name: 'starts_on', type: 'date', required: draft, value: day(v('starts_on')), attrs: dateAttrs }),
      field({ label: t('internships.f_ends'), name: 'ends_on', type: 'date', required: draft, value: day(v('ends_on')), attrs: dateAttrs })),
    draft ? null : h('p', { class: 'hint' }, t('internships.f_datesLocked')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, it ? t('internships.saveChanges') : t('internships.saveDraft'))));
}

function postingBody(data, withDates) {
  const num = (k) => (data.get(k) === '' || data.get(k) === null ? 0 : Number(data.get(k)));
  const body = {
    title: String(data.get('title') || '').trim(),
    description: textToHTML(data.get('description')),
    skills: String(data.get('skills') || '').split(',').map((s) => s.trim()).filter(Boolean),
    mode: data.get('mode') || '',
    location: String(data.get('location') || ''),
    district: String(data.get('district') || ''),
    seats: num('seats'),
    hours: num('hours'),
    stipend: num('stipend'),
    min_semester: num('min_semester'),
  };
  if (withDates) {
    body.apply_by = data.get('apply_by') || '';
    body.starts_on = data.get('starts_on') || '';
    body.ends_on = data.get('ends_on') || '';
    body.fee = 0;
  }
  return body;
}

function manageSection(ctx, it) {
  const alert = alertBox();
  const sec = h('section', { class: 'card', 'aria-labelledby': 'manage-h', 'data-testid': 'manage-posting' },
    h('h2', { id: 'manage-h' }, t('internships.manage')), alert);
  const move = (status, extra = {}) => async () => {
    await pb.collection('internships').update(it.id, { status, ...extra });
    ctx.announce(t('internships.postingNow', { status: postingStatus(status) }));
    await ctx.refresh();
  };
  const buttons = h('div', { class: 'actions' });
  if (it.status === 'draft') {
    buttons.append(
      actionButton(t('internships.openPosting'), move('open'), { alert, class: 'btn btn-primary', testid: 'open-posting' }),
      actionButton(t('internships.deleteDraft'), async () => {
        const ok = await confirmDialog({ title: t('internships.deleteTitle', { title: it.title }), body: [t('internships.deleteBody')],
          confirm: t('internships.deleteConfirm'), cancel: t('common.cancel'), danger: true });
        if (!ok) return;
        await pb.collection('internships').delete(it.id);
        ctx.announce(t('internships.draftDeleted'));
        ctx.navigate('/internships');
      }, { alert, class: 'btn btn-danger' }));
  }
  if (it.status === 'open') {
    buttons.append(actionButton(t('internships.closePosting'), move('closed'), { alert, class: 'btn', testid: 'close-posting' }));
  }
  buttons.append(h('a', { class: 'btn', href: `#/applications?internship=${it.id}` }, t('internships.viewApplicants')));
  sec.append(buttons);

  if (it.status === 'open' || it.status === 'closed') {
    const cAlert = alertBox();
    const cancel = h('form', { class: 'form subform', 'data-testid': 'cancel-posting-form' },
      h('h3', {}, t('internships.cancelTitle')),
      h('p', { class: 'hint' }, t('internships.cancelHint')),
      cAlert,
      field({ label: t('internships.cancelReasonField'), name: 'cancel_reason', type: 'textarea', required: true, attrs: { maxlength: 2000, rows: 3 } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-danger' }, t('internships.cancelButton'))));
    onSubmit(cancel, async (data) => {
      const pending = await pb.collection('applications').getList(1, 1, { fields: 'id',
        filter: filter('internship = {:i} && (status = "endorsed" || status = "shortlisted" || status = "offered")', { i: it.id }) });
      const ok = await confirmDialog({
        title: t('internships.cancelConfirmTitle', { title: it.title }),
        body: [t('internships.cancelWithdraws', { count: pending.totalItems }), t('internships.cancelFinal')],
        confirm: t('internships.cancelButton'), cancel: t('internships.keepPosting'), danger: true,
      });
      if (!ok) return;
      await pb.collection('internships').update(it.id, { status: 'cancelled', cancel_reason: String(data.get('cancel_reason') || '').trim() });
      ctx.announce(t('internships.cancelled'));
      await ctx.refresh();
    });
    sec.append(cancel);
  }
  return sec;
}

function editSection(ctx, it) {
  if (it.status === 'cancelled') return null;
  const alert = alertBox();
  const form = postingForm(alert, it);
  onSubmit(form, async (data) => {
    await pb.collection('internships').update(it.id, postingBody(data, it.status === 'draft'));
    ctx.announce(t('internships.changesSaved'));
    await ctx.refresh();
  });
  return h('details', { class: 'card' }, h('summary', {}, h('h2', { class: 'summary-h' }, t('internships.editPosting'))), form);
}

async function tasksSection(ctx, it, own) {
  const tasks = await pb.collection('tasks').getFullList({ filter: filter('internship = {:i}', { i: it.id }), sort: 'due_on,title' });
  const sec = h('section', { class: 'card', 'aria-labelledby': 'tasks-h', 'data-testid': 'tasks-section' },
    h('h2', { id: 'tasks-h' }, t('internships.tasks')));
  if (!tasks.length) sec.append(h('p', {}, t('internships.noTasks')));
  else {
    sec.append(h('ul', { class: 'plain' }, tasks.map((task) => h('li', { class: 'task' },
      h('h3', {}, task.title),
      h('p', { class: 'muted' }, [task.kind === 'final_report' ? t('internships.taskFinal') : t('internships.taskAssignment'),
        task.due_on ? t('internships.taskDue', { date: fmtDay(task.due_on) }) : '', t('internships.taskMax', { n: task.max_score || 10 }),
        task.required ? t('internships.taskRequired') : t('internships.taskOptional')].filter(Boolean).join(' · ')),
      richText(task.instructions)))));
  }
  if (own && it.status !== 'cancelled') {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'new-task-form' },
      h('h3', {}, t('internships.addTaskTitle')), alert,
      field({ label: t('internships.taskTitle'), name: 'title', required: true, attrs: { maxlength: 300 } }),
      field({ label: t('internships.instructions'), name: 'instructions', type: 'textarea', attrs: { rows: 4 } }),
      h('div', { class: 'row' },
        field({ label: t('internships.kind'), name: 'kind', type: 'select', value: 'assignment', options: [
          { value: 'assignment', label: t('internships.kindAssignment') }, { value: 'final_report', label: t('internships.kindFinal') }] }),
        field({ label: t('internships.dueOn'), name: 'due_on', type: 'date' }),
        field({ label: t('internships.maxScore'), name: 'max_score', type: 'number', value: 10, attrs: { min: 1, max: 1000, step: 1 } })),
      field({ label: t('internships.requiredField'), name: 'required', type: 'checkbox', value: true }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('internships.addTask'))));
    onSubmit(form, async (data) => {
      await pb.collection('tasks').create({
        internship: it.id,
        title: String(data.get('title') || '').trim(),
        instructions: textToHTML(data.get('instructions')),
        kind: data.get('kind'),
        due_on: data.get('due_on') || '',
        max_score: Number(data.get('max_score') || 10),
        required: data.get('required') === 'on',
      });
      ctx.announce(t('internships.taskAdded'));
      await ctx.refresh();
    });
    sec.append(form);
  }
  return sec;
}
