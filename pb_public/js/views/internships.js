// Internships: the open list and detail (students apply here), and the
// supervisor's postings with their status moves and tasks.
import { pb, me, role, filter, onSubmit, actionButton, fmtDay, day, inr, todayISO } from '../api.js';
import { h, field, alertBox, dl, badge, richText, textToHTML, htmlToText, replace, nextId } from '../dom.js';
import { ownOrganization, unverifiedNotice, watchOnboarding, enrolledNow, NOT_ENROLLED } from './onboarding.js';

const MODES = [{ value: '', label: 'Any mode' }, { value: 'onsite', label: 'On site' },
  { value: 'remote', label: 'Remote' }, { value: 'hybrid', label: 'Hybrid' }];
const modeLabel = (m) => MODES.find((x) => x.value === m)?.label || '';

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
  const search = h('form', { role: 'search', class: 'card form search', 'aria-label': 'Search internships' },
    h('div', { class: 'row' },
      field({ label: 'Search internships', name: 'q', type: 'search', value: q,
        hint: 'Title, description, skills, place or organisation.', attrs: { autocomplete: 'off' } }),
      field({ label: 'Mode', name: 'mode', type: 'select', value: mode, options: MODES })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, 'Search')));

  let applied = new Map();
  if (role() === 'student') {
    const mine = await pb.collection('applications').getFullList({
      filter: filter('student = {:u}', { u: me().id }), fields: 'id,internship,status' });
    applied = new Map(mine.map((a) => [a.internship, a]));
  }

  const load = async (text, m) => {
    const parts = ['status = "open"'];
    const params = { q: text, m };
    if (text) parts.push('(title ~ {:q} || description ~ {:q} || skills ~ {:q} || location ~ {:q} || district ~ {:q} || organization.name ~ {:q})');
    if (m) parts.push('mode = {:m}');
    const list = await pb.collection('internships').getList(1, 50, {
      filter: filter(parts.join(' && '), params), sort: 'apply_by,title', expand: 'organization' });
    const n = list.totalItems;
    summary.textContent = `${n} open internship${n === 1 ? '' : 's'}${text ? ` matching “${text}”` : ''}.`;
    if (!list.items.length) {
      replace(results, h('p', {}, 'No open internships match. Try other words.'));
      return;
    }
    replace(results, h('ul', { class: 'cards', 'data-testid': 'internships' },
      list.items.map((it) => h('li', {}, internshipCard(it, applied.get(it.id))))));
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
  ctx.mount(h('h1', {}, 'Open internships'), search, summary, results);
}

function internshipCard(it, application) {
  const org = it.expand?.organization?.name || '';
  const hid = `it-${it.id}`;
  return h('article', { class: 'card item', 'aria-labelledby': hid, 'data-testid': `internship-${it.id}` },
    h('h2', { id: hid, class: 'item-title' }, h('a', { href: `#/internships/${it.id}` }, it.title)),
    h('p', { class: 'muted' }, [org, modeLabel(it.mode), it.location || it.district].filter(Boolean).join(' · ')),
    dl([
      ['Apply by', fmtDay(it.apply_by)],
      ['Dates', `${fmtDay(it.starts_on)} – ${fmtDay(it.ends_on)}`],
      ['Seats', String(it.seats)],
      ['Stipend', inr(it.stipend)],
    ]),
    application ? h('p', {}, 'You applied: ', badge(application.status), ' ',
      h('a', { href: `#/applications/${application.id}` }, 'View application')) : null);
}

export async function internshipView(ctx) {
  const it = await pb.collection('internships').getOne(ctx.params.id, {
    expand: 'organization,supervisor,required_courses,eligible_institutions' });
  const user = me();
  const own = role() === 'supervisor' && it.organization === user.organization;
  const org = it.expand?.organization;

  const facts = dl([
    ['Organisation', org?.name || ''],
    ['Status', badge(it.status)],
    ['Mode', modeLabel(it.mode)],
    ['Location', [it.location, it.district].filter(Boolean).join(', ')],
    ['Apply by', fmtDay(it.apply_by)],
    ['Dates', `${fmtDay(it.starts_on)} – ${fmtDay(it.ends_on)}`],
    ['Expected hours', it.hours ? String(it.hours) : ''],
    ['Seats', String(it.seats)],
    ['Stipend', inr(it.stipend)],
    ['Minimum semester', it.min_semester ? String(it.min_semester) : ''],
    ['Skills', Array.isArray(it.skills) && it.skills.length ? it.skills.join(', ') : ''],
    ['Required courses', (it.expand?.required_courses || []).map((c) => c.title).join(', ')],
    ['Open to', (it.expand?.eligible_institutions || []).map((i) => i.name).join(', ') || 'Students of every college'],
    ['Supervisor', it.expand?.supervisor?.name || ''],
    ['Cancellation reason', it.status === 'cancelled' ? it.cancel_reason : ''],
  ]);

  const sections = [
    h('h1', {}, it.title),
    h('p', {}, h('a', { href: '#/internships' }, own ? '← All postings' : '← All open internships')),
    h('section', { class: 'card', 'aria-labelledby': 'it-about-h' },
      h('h2', { id: 'it-about-h' }, 'About this internship'), facts, richText(it.description)),
  ];
  if (role() === 'student') sections.push(await applySection(ctx, it));
  if (own) sections.push(manageSection(ctx, it), editSection(ctx, it));
  sections.push(await tasksSection(ctx, it, own));
  ctx.mount(...sections);
}

async function applySection(ctx, it) {
  const user = me();
  const sec = h('section', { class: 'card', 'aria-labelledby': 'apply-h' }, h('h2', { id: 'apply-h' }, 'Apply'));
  const existing = await pb.collection('applications').getList(1, 1, {
    filter: filter('internship = {:i} && student = {:u}', { i: it.id, u: user.id }) });
  if (existing.items.length) {
    const a = existing.items[0];
    sec.append(h('p', {}, 'You have applied. Status: ', badge(a.status), '. ',
      h('a', { href: `#/applications/${a.id}` }, 'View your application')));
    return sec;
  }
  if (it.status !== 'open') {
    sec.append(h('p', {}, 'This internship is not accepting applications.'));
    return sec;
  }
  // A student whose college has not confirmed their enrolment yet sees why
  // they cannot apply, next to the button; pressing it checks again (the
  // coordinator may have enrolled them meanwhile) and explains in the alert.
  const enrolled = await enrolledNow();
  const whyId = nextId('apply-why');
  const why = enrolled ? null : h('p', { class: 'notice', id: whyId, 'data-testid': 'not-enrolled-apply' }, NOT_ENROLLED);
  const alert = alertBox();
  const form = h('form', { class: 'form', 'data-testid': 'apply-form' },
    alert,
    h('input', { type: 'hidden', name: 'internship', value: it.id }),
    field({ label: 'Statement', name: 'statement', type: 'textarea', hint: 'Why you want this internship and what you bring (up to 5000 characters).',
      attrs: { maxlength: 5000, rows: 6 } }),
    field({ label: 'Résumé (PDF)', name: 'resume', type: 'file', hint: 'A PDF of at most 5 MB.',
      attrs: { accept: 'application/pdf,.pdf' }, testid: 'resume-input' }),
    why,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'apply',
      'aria-describedby': why ? whyId : null }, 'Apply')));
  onSubmit(form, async (data) => {
    if (why && !(await enrolledNow())) throw new Error(NOT_ENROLLED);
    const body = { internship: it.id, statement: String(data.get('statement') || '') };
    const file = data.get('resume');
    if (file instanceof File && file.size > 0) body.resume = file;
    const created = await pb.collection('applications').create(body);
    ctx.announce(`Application for “${it.title}” submitted.`);
    ctx.navigate(`/applications/${created.id}`);
  });
  sec.append(h('p', {}, 'Your college endorses your application before the host sees it.'), form);
  return sec;
}

// ------------------------------------------------------------- supervisors

async function postingsView(ctx) {
  const user = me();
  const status = ctx.query.get('status') || '';
  const list = await pb.collection('internships').getFullList({
    filter: filter(status ? 'organization = {:o} && status = {:s}' : 'organization = {:o}', { o: user.organization, s: status }),
    sort: '-created' });
  const filterForm = h('form', { class: 'inline-form', 'aria-label': 'Filter postings' },
    field({ label: 'Show', name: 'status', type: 'select', value: status, options: [
      { value: '', label: 'All postings' }, { value: 'draft', label: 'Drafts' }, { value: 'open', label: 'Open' },
      { value: 'closed', label: 'Closed' }, { value: 'cancelled', label: 'Cancelled' }] }),
    h('button', { type: 'submit', class: 'btn' }, 'Show'));
  filterForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const s = new FormData(filterForm).get('status');
    ctx.navigate(s ? `/internships?status=${encodeURIComponent(s)}` : '/internships');
  });

  const items = list.length
    ? h('ul', { class: 'cards', 'data-testid': 'postings' }, list.map((it) => h('li', {},
      h('article', { class: 'card item', 'aria-labelledby': `p-${it.id}`, 'data-testid': `posting-${it.id}` },
        h('h3', { id: `p-${it.id}`, class: 'item-title' }, h('a', { href: `#/internships/${it.id}` }, it.title)),
        h('p', {}, badge(it.status), ` · apply by ${fmtDay(it.apply_by)} · ${it.seats} seat${it.seats === 1 ? '' : 's'}`),
        h('p', {}, h('a', { href: `#/applications?internship=${it.id}` }, 'Applicants',
          h('span', { class: 'visually-hidden' }, ` for ${it.title}`)))))))
    : h('p', {}, 'No postings yet.');

  const org = await ownOrganization();
  const notice = unverifiedNotice(org);
  if (notice) await watchOnboarding(ctx, { org });
  const alert = alertBox();
  const form = postingForm(alert, null);
  onSubmit(form, async (data) => {
    const created = await pb.collection('internships').create(postingBody(data, true));
    ctx.announce(`Draft “${created.title}” saved.`);
    ctx.navigate(`/internships/${created.id}`);
  });

  ctx.mount(
    h('h1', {}, 'Postings'),
    notice,
    h('section', { 'aria-labelledby': 'postings-h' }, h('h2', { id: 'postings-h' }, 'Our postings'), filterForm, items),
    h('section', { class: 'card', 'aria-labelledby': 'new-posting-h' },
      h('h2', { id: 'new-posting-h' }, 'New posting'),
      h('p', {}, 'A posting is saved as a draft; open it when it is ready.'), form),
  );
}

function postingForm(alert, it) {
  const draft = !it || it.status === 'draft';
  const v = (k, d = '') => (it ? it[k] ?? d : d);
  const dateAttrs = draft ? {} : { disabled: true };
  return h('form', { class: 'form', 'data-testid': it ? 'edit-posting-form' : 'new-posting-form' },
    alert,
    field({ label: 'Title', name: 'title', required: true, value: v('title'), attrs: { maxlength: 300 } }),
    field({ label: 'Description', name: 'description', type: 'textarea', value: htmlToText(v('description')),
      hint: 'Separate paragraphs with a blank line.', attrs: { rows: 6 } }),
    field({ label: 'Skills', name: 'skills', value: Array.isArray(v('skills')) ? v('skills').join(', ') : '',
      hint: 'Comma-separated, for example: HTML, JavaScript' }),
    h('div', { class: 'row' },
      field({ label: 'Mode', name: 'mode', type: 'select', value: v('mode', 'onsite'), options: MODES.slice(1) }),
      field({ label: 'Location', name: 'location', value: v('location'), attrs: { maxlength: 300 } }),
      field({ label: 'District', name: 'district', value: v('district'), attrs: { maxlength: 100 } })),
    h('div', { class: 'row' },
      field({ label: 'Seats', name: 'seats', type: 'number', required: true, value: v('seats', 1), attrs: { min: 1, step: 1 } }),
      field({ label: 'Expected hours', name: 'hours', type: 'number', value: v('hours', 60), attrs: { min: 0, step: 1 } }),
      field({ label: 'Stipend (₹ a month)', name: 'stipend', type: 'number', value: v('stipend', 0), hint: '0 for unpaid.', attrs: { min: 0, step: 1 } }),
      field({ label: 'Minimum semester', name: 'min_semester', type: 'number', value: v('min_semester', 0), attrs: { min: 0, max: 8, step: 1 } })),
    h('div', { class: 'row' },
      field({ label: 'Apply by', name: 'apply_by', type: 'date', required: draft, value: day(v('apply_by')), attrs: { min: draft && !it ? todayISO() : null, ...dateAttrs } }),
      field({ label: 'Starts on', name: 'starts_on', type: 'date', required: draft, value: day(v('starts_on')), attrs: dateAttrs }),
      field({ label: 'Ends on', name: 'ends_on', type: 'date', required: draft, value: day(v('ends_on')), attrs: dateAttrs })),
    draft ? null : h('p', { class: 'hint' }, 'Dates change only while a posting is a draft.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, it ? 'Save changes' : 'Save draft')));
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
    h('h2', { id: 'manage-h' }, 'Manage this posting'), alert);
  const move = (status, extra = {}) => async () => {
    await pb.collection('internships').update(it.id, { status, ...extra });
    ctx.announce(`The posting is now ${status}.`);
    await ctx.refresh();
  };
  const buttons = h('div', { class: 'actions' });
  if (it.status === 'draft') {
    buttons.append(
      actionButton('Open for applications', move('open'), { alert, class: 'btn btn-primary', testid: 'open-posting' }),
      actionButton('Delete draft', async () => {
        await pb.collection('internships').delete(it.id);
        ctx.announce('Draft deleted.');
        ctx.navigate('/internships');
      }, { alert, class: 'btn btn-danger' }));
  }
  if (it.status === 'open') {
    buttons.append(actionButton('Close applications', move('closed'), { alert, class: 'btn', testid: 'close-posting' }));
  }
  buttons.append(h('a', { class: 'btn', href: `#/applications?internship=${it.id}` }, 'View applicants'));
  sec.append(buttons);

  if (it.status === 'open' || it.status === 'closed') {
    const cAlert = alertBox();
    const cancel = h('form', { class: 'form subform', 'data-testid': 'cancel-posting-form' },
      h('h3', {}, 'Cancel this internship'),
      h('p', { class: 'hint' }, 'Pending applications are withdrawn and their students told why. A posting with placements cannot be cancelled.'),
      cAlert,
      field({ label: 'Reason for cancelling', name: 'cancel_reason', type: 'textarea', required: true, attrs: { maxlength: 2000, rows: 3 } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-danger' }, 'Cancel internship')));
    onSubmit(cancel, async (data) => {
      await pb.collection('internships').update(it.id, { status: 'cancelled', cancel_reason: String(data.get('cancel_reason') || '').trim() });
      ctx.announce('The internship is cancelled.');
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
    ctx.announce('Changes saved.');
    await ctx.refresh();
  });
  return h('details', { class: 'card' }, h('summary', {}, h('h2', { class: 'summary-h' }, 'Edit posting')), form);
}

async function tasksSection(ctx, it, own) {
  const tasks = await pb.collection('tasks').getFullList({ filter: filter('internship = {:i}', { i: it.id }), sort: 'due_on,title' });
  const sec = h('section', { class: 'card', 'aria-labelledby': 'tasks-h', 'data-testid': 'tasks-section' },
    h('h2', { id: 'tasks-h' }, 'Tasks'));
  if (!tasks.length) sec.append(h('p', {}, 'No tasks yet.'));
  else {
    sec.append(h('ul', { class: 'plain' }, tasks.map((t) => h('li', { class: 'task' },
      h('h3', {}, t.title),
      h('p', { class: 'muted' }, [t.kind === 'final_report' ? 'Final report (reviewed by the faculty mentor)' : 'Assignment (reviewed by the host)',
        t.due_on ? `due ${fmtDay(t.due_on)}` : '', `max score ${t.max_score || 10}`, t.required ? 'required' : 'optional'].filter(Boolean).join(' · ')),
      richText(t.instructions)))));
  }
  if (own && it.status !== 'cancelled') {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'new-task-form' },
      h('h3', {}, 'Add a task'), alert,
      field({ label: 'Task title', name: 'title', required: true, attrs: { maxlength: 300 } }),
      field({ label: 'Instructions', name: 'instructions', type: 'textarea', attrs: { rows: 4 } }),
      h('div', { class: 'row' },
        field({ label: 'Kind', name: 'kind', type: 'select', value: 'assignment', options: [
          { value: 'assignment', label: 'Assignment (host reviews)' }, { value: 'final_report', label: 'Final report (mentor reviews)' }] }),
        field({ label: 'Due on', name: 'due_on', type: 'date' }),
        field({ label: 'Maximum score', name: 'max_score', type: 'number', value: 10, attrs: { min: 1, max: 1000, step: 1 } })),
      field({ label: 'Required for completion', name: 'required', type: 'checkbox', value: true }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Add task')));
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
      ctx.announce('Task added.');
      await ctx.refresh();
    });
    sec.append(form);
  }
  return sec;
}
