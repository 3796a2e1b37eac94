// Placements: the list for each role and the placement page, which gathers
// the logbook, the project work, the evaluations, the certificate and the
// coordinator's and mentor's moves (assign mentor, discontinue, complete).
import { pb, me, role, filter, pager, onSubmit, actionButton, fmtDay } from '../api.js';
import { h, field, alertBox, dl, badge, replace, moreButton } from '../dom.js';
import { logbookSection, approvalsView } from './logbook.js';
import { workSection } from './work.js';
import { evaluationsSection } from './evaluations.js';
import { placementCertificates } from './certificates.js';

const EXPAND = 'student,internship,organization,mentor,supervisor,institution,institution.regulation';

/** The list's expand and fields per role: only what placementCard shows. */
function cardQuery(r) {
  const rels = ['internship', 'organization'];
  if (r !== 'student') rels.unshift('student');
  if (r !== 'mentor') rels.push('mentor');
  const names = { student: 'name', internship: 'title', organization: 'name', mentor: 'name' };
  return {
    expand: rels.join(','),
    fields: ['id,status,approved_hours,grade', ...rels.map((x) => `expand.${x}.${names[x]}`)].join(','),
  };
}

function scope() {
  const user = me();
  switch (role()) {
    case 'student': return filter('student = {:u}', { u: user.id });
    case 'mentor': return filter('mentor = {:u}', { u: user.id });
    case 'coordinator': return filter('institution = {:i}', { i: user.institution });
    case 'supervisor': return filter('organization = {:o}', { o: user.organization });
    default: return 'id = ""';
  }
}

export async function placementsView(ctx) {
  const r = role();
  const status = ctx.query.get('status') || (r === 'student' ? '' : 'ongoing');
  let expr = scope();
  if (status === 'nomentor') expr += ' && status = "ongoing" && mentor = ""';
  else if (status) expr += filter(' && status = {:s}', { s: status });
  const pages = pager('placements', { filter: expr, sort: '-created', ...cardQuery(r) });
  const list = await pages.next();

  let controls = null;
  if (r !== 'student') {
    const opts = [{ value: 'ongoing', label: 'Ongoing' }, { value: 'completed', label: 'Completed' },
      { value: 'discontinued', label: 'Discontinued' }, { value: '', label: 'All' }];
    if (r === 'coordinator') opts.splice(1, 0, { value: 'nomentor', label: 'Ongoing without a mentor' });
    controls = h('form', { class: 'inline-form', 'aria-label': 'Filter placements' },
      field({ label: 'Show', name: 'status', type: 'select', value: status, options: opts }),
      h('button', { type: 'submit', class: 'btn' }, 'Show'));
    controls.addEventListener('submit', (ev) => {
      ev.preventDefault();
      ctx.navigate(`/placements?status=${encodeURIComponent(String(new FormData(controls).get('status') || ''))}`);
    });
  }

  let items;
  let more = null;
  if (list.length) {
    items = h('ul', { class: 'cards', 'data-testid': 'placements' }, list.map((p) => h('li', {}, placementCard(p))));
    const shown = new Set(list.map((p) => p.id));
    more = moreButton(async () => {
      const next = (await pages.next()).filter((p) => !shown.has(p.id));
      next.forEach((p) => shown.add(p.id));
      items.append(...next.map((p) => h('li', {}, placementCard(p))));
      return { added: next.length, done: pages.done };
    }, ctx.announce);
    more.hidden = pages.done;
  } else {
    items = h('p', {}, r === 'student' ? ['You have no placement yet. When you accept an offer, it appears here. ',
      h('a', { href: '#/applications' }, 'See your applications'), '.'] : 'No placements here.');
  }
  const heading = { student: 'My placement', mentor: 'My mentees', coordinator: 'Placements of our students', supervisor: 'Placements' }[r] || 'Placements';
  ctx.mount(h('h1', {}, heading), controls, items, more);
}

function placementCard(p) {
  const hid = `pl-${p.id}`;
  const student = p.expand?.student;
  const title = role() === 'student' ? (p.expand?.internship?.title || 'Placement')
    : `${student?.name || 'Student'} — ${p.expand?.internship?.title || 'placement'}`;
  return h('article', { class: `card item status-${p.status}`, 'aria-labelledby': hid, 'data-testid': `placement-${p.id}` },
    h('h2', { id: hid, class: 'item-title' }, h('a', { href: `#/placements/${p.id}` }, title)),
    dl([
      ['Organisation', p.expand?.organization?.name || ''],
      ['Status', badge(p.status)],
      ['Approved hours', String(p.approved_hours ?? 0)],
      role() !== 'mentor' ? ['Mentor', p.expand?.mentor?.name || 'Not assigned yet'] : null,
      ['Grade', p.grade || ''],
    ].filter(Boolean)),
    p.status === 'ongoing' && role() === 'student'
      ? h('p', {}, h('a', { class: 'btn btn-primary', href: `#/placements/${p.id}`, 'data-testid': 'open-logbook' }, 'Open logbook and tasks'))
      : null);
}

export async function placementView(ctx) {
  const p = await pb.collection('placements').getOne(ctx.params.id, { expand: EXPAND });
  const r = role();
  const user = me();
  const it = p.expand?.internship;
  const student = p.expand?.student;
  const reg = p.expand?.institution?.expand?.regulation;

  const summary = h('section', { class: 'card', 'aria-labelledby': 'pl-sum-h' },
    h('h2', { id: 'pl-sum-h' }, 'Summary'),
    dl([
      ['Student', student ? `${student.name}${student.register_no ? ` (${student.register_no})` : ''}` : ''],
      ['Programme', student ? [student.program, student.semester ? `semester ${student.semester}` : ''].filter(Boolean).join(', ') : ''],
      ['College', p.expand?.institution?.name || ''],
      ['Organisation', p.expand?.organization?.name || ''],
      ['Supervisor', p.expand?.supervisor?.name || ''],
      ['Faculty mentor', p.expand?.mentor?.name || 'Not assigned yet'],
      ['Status', badge(p.status)],
      ['Dates', it ? `${fmtDay(it.starts_on)} – ${fmtDay(it.ends_on)}` : ''],
      ['Approved hours', `${p.approved_hours ?? 0}${reg?.min_hours ? ` of ${reg.min_hours} required` : ''}`],
      ['Completed on', fmtDay(p.completed_on)],
      ['Result', p.status === 'completed' ? `${p.percent}% · ${p.marks}${reg?.max_marks ? ` / ${reg.max_marks}` : ''} marks · grade ${p.grade} · ${p.credits_earned} credits` : ''],
      ['Reason for discontinuing', p.discontinue_reason || ''],
    ]));

  const isCoordinator = r === 'coordinator' && p.institution === user.institution;
  const isMentor = r === 'mentor' && p.mentor === user.id;
  const isHost = r === 'supervisor' && p.organization === user.organization;
  const mode = r === 'student' && p.student === user.id ? 'student' : isHost ? 'review' : 'read';

  const sections = [
    h('h1', {}, `Placement: ${it?.title || ''}`),
    h('p', {}, h('a', { href: '#/placements' }, '← All placements')),
    summary,
  ];
  if ((isCoordinator || isMentor) && p.status === 'ongoing') sections.push(await actionsSection(ctx, p, isCoordinator));
  sections.push(await logbookSection(ctx, p, mode));
  sections.push(await workSection(ctx, p));
  sections.push(await evaluationsSection(ctx, p));
  sections.push(await placementCertificates(ctx, p));
  ctx.mount(...sections);

  const unsub = await pb.collection('placements').subscribe(p.id, (e) => {
    if (!ctx.alive() || e.action !== 'update') return;
    if (e.record.status !== p.status) {
      ctx.announce(`This placement is now ${e.record.status}.`);
      ctx.refresh();
    } else if (e.record.mentor !== p.mentor) {
      ctx.announce('The faculty mentor was changed.');
    }
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
}

async function actionsSection(ctx, p, isCoordinator) {
  const user = me();
  const sec = h('section', { class: 'card', 'aria-labelledby': 'pl-act-h', 'data-testid': 'manage-placement' },
    h('h2', { id: 'pl-act-h' }, 'Manage placement'));

  if (isCoordinator) {
    const mentors = await pb.collection('users').getFullList({
      filter: filter('role = "mentor" && institution = {:i}', { i: user.institution }), sort: 'name', fields: 'id,name,email' });
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'assign-mentor-form' },
      h('h3', {}, 'Faculty mentor'), alert,
      mentors.length
        ? field({ label: 'Mentor', name: 'mentor', type: 'select', value: p.mentor || '', required: true,
          options: [{ value: '', label: 'Choose a mentor' }, ...mentors.map((m) => ({ value: m.id, label: m.name || m.email }))] })
        : h('p', {}, 'Your college has no mentor accounts yet. ', h('a', { href: '#/accounts' }, 'Create one'), '.'),
      mentors.length ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Assign mentor')) : null);
    onSubmit(form, async (data) => {
      await pb.collection('placements').update(p.id, { mentor: String(data.get('mentor') || '') });
      const m = mentors.find((x) => x.id === data.get('mentor'));
      ctx.announce(`${m?.name || 'The mentor'} is now the faculty mentor.`);
      await ctx.refresh();
    });
    sec.append(form);
  }

  const cAlert = alertBox();
  sec.append(h('div', { class: 'subform' },
    h('h3', {}, 'Complete'),
    h('p', { class: 'hint' }, 'Completion needs the minimum approved hours, an approved submission for every required task and both evaluations submitted. It computes the grade and issues the certificate.'),
    cAlert,
    h('div', { class: 'actions' }, actionButton('Complete placement', async () => {
      await pb.collection('placements').update(p.id, { status: 'completed' });
      ctx.announce('The placement is completed.');
      await ctx.refresh();
    }, { alert: cAlert, class: 'btn btn-primary', testid: 'complete-placement' }))));

  if (isCoordinator) {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'discontinue-form' },
      h('h3', {}, 'Discontinue'), alert,
      field({ label: 'Reason for discontinuing', name: 'discontinue_reason', type: 'textarea', required: true, attrs: { maxlength: 2000, rows: 3 } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-danger' }, 'Discontinue placement')));
    onSubmit(form, async (data) => {
      await pb.collection('placements').update(p.id, { status: 'discontinued', discontinue_reason: String(data.get('discontinue_reason') || '').trim() });
      ctx.announce('The placement is discontinued.');
      await ctx.refresh();
    });
    sec.append(form);
  }
  return sec;
}

/** Student: go to the ongoing placement's logbook. Supervisor: approvals. */
export async function logbookView(ctx) {
  if (role() === 'supervisor') return approvalsView(ctx);
  const list = await pb.collection('placements').getList(1, 1, {
    filter: filter('student = {:u} && status = "ongoing"', { u: me().id }), fields: 'id' });
  if (list.items.length) {
    location.replace(`#/placements/${list.items[0].id}`);
    return undefined;
  }
  ctx.mount(h('h1', {}, 'Logbook'), h('p', {}, 'You have no ongoing placement, so there is no logbook to keep.'));
  return undefined;
}
