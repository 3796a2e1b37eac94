// Placements: the list for each role and the placement page, which gathers
// the logbook, the project work, the evaluations, the certificate and the
// coordinator's and mentor's moves (assign mentor, discontinue, complete).
import { pb, me, role, filter, pager, onSubmit, actionButton } from '../api.js';
import { h, field, alertBox, dl, moreButton, confirmDialog } from '../dom.js';
import { t, fmtDay, fmtNumber } from '../i18n.js';
import { logbookSection, approvalsView, notStarted } from './logbook.js';
import { isNetworkError } from '../offline.js';
import { workSection } from './work.js';
import { evaluationsSection } from './evaluations.js';
import { placementCertificates } from './certificates.js';

const EXPAND = 'student,internship,organization,mentor,supervisor,institution,institution.regulation';

/** The list's expand and fields per role: only what placementCard shows. */
function cardQuery(r) {
  const rels = ['internship', 'organization'];
  if (r !== 'student') rels.unshift('student');
  if (r !== 'mentor') rels.push('mentor');
  const names = { student: 'name', internship: 'title,expand.internship.starts_on', organization: 'name', mentor: 'name' };
  return {
    expand: rels.join(','),
    fields: ['id,status,approved_hours,grade', ...rels.map((x) => `expand.${x}.${names[x]}`)].join(','),
  };
}

/**
 * A placement's state for people: an ongoing placement whose internship
 * has not started yet is upcoming (DESIGN §3), not "ongoing".
 */
export function placementBadge(p) {
  const s = notStarted(p) ? 'upcoming' : p.status;
  const label = {
    upcoming: t('placements.statusUpcoming'), ongoing: t('placements.statusOngoing'),
    completed: t('placements.statusCompleted'), discontinued: t('placements.statusDiscontinued'),
  }[s] || s;
  return h('span', { class: `badge badge-${s}`, 'data-testid': 'placement-status', 'data-state': s }, label);
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
    const opts = [{ value: 'ongoing', label: t('placements.filterOngoing') }, { value: 'completed', label: t('placements.statusCompleted') },
      { value: 'discontinued', label: t('placements.statusDiscontinued') }, { value: '', label: t('placements.filterAll') }];
    if (r === 'coordinator') opts.splice(1, 0, { value: 'nomentor', label: t('placements.filterNoMentor') });
    controls = h('form', { class: 'inline-form', 'aria-label': t('placements.filterLabel') },
      field({ label: t('placements.show'), name: 'status', type: 'select', value: status, options: opts }),
      h('button', { type: 'submit', class: 'btn' }, t('placements.show')));
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
    items = r === 'student' ? h('p', {}, t('placements.noneStudent'), ' ', h('a', { href: '#/applications' }, t('placements.seeApplications')))
      : h('p', {}, t('placements.none'));
  }
  const heading = { student: t('placements.headStudent'), mentor: t('placements.headMentor'),
    coordinator: t('placements.headCoordinator'), supervisor: t('placements.headSupervisor') }[r] || t('placements.headSupervisor');
  ctx.mount(h('h1', {}, heading), controls, items, more);
}

function placementCard(p) {
  const hid = `pl-${p.id}`;
  const student = p.expand?.student;
  const title = role() === 'student' ? (p.expand?.internship?.title || t('placements.placement'))
    : t('placements.cardTitle', { student: student?.name || t('placements.student'), title: p.expand?.internship?.title || '' });
  const upcoming = notStarted(p);
  return h('article', { class: `card item status-${p.status}`, 'aria-labelledby': hid, 'data-testid': `placement-${p.id}`,
    'data-state': upcoming ? 'upcoming' : p.status },
  h('h2', { id: hid, class: 'item-title' }, h('a', { href: `#/placements/${p.id}` }, title)),
  dl([
    [t('placements.organisation'), p.expand?.organization?.name || ''],
    [t('placements.status'), placementBadge(p)],
    upcoming ? [t('placements.startsOn'), fmtDay(p.expand?.internship?.starts_on)] : null,
    [t('placements.approvedHours'), fmtNumber(p.approved_hours ?? 0)],
    role() !== 'mentor' ? [t('placements.mentor'), p.expand?.mentor?.name || t('placements.notAssigned')] : null,
    [t('placements.grade'), p.grade || ''],
  ].filter(Boolean)),
  p.status === 'ongoing' && role() === 'student' && upcoming
    ? h('p', { 'data-testid': 'upcoming-note' }, t('placements.upcomingShort', { date: fmtDay(p.expand?.internship?.starts_on) }))
    : null,
  p.status === 'ongoing' && role() === 'student' && !upcoming
    ? h('p', {}, h('a', { class: 'btn btn-primary', href: `#/placements/${p.id}`, 'data-testid': 'open-logbook' }, t('placements.openLogbook')))
    : null);
}

// The student's ongoing placement, remembered on this device (its id, the
// internship's title and dates: what the logbook form needs) so that the
// logbook can be written when the portal is opened without a connection.
const KEEP = 'ib.placement.';
function remember(p) {
  const it = p.expand?.internship;
  try {
    localStorage.setItem(KEEP + me().id, JSON.stringify({ id: p.id, status: p.status, student: p.student, internship: p.internship,
      expand: { internship: { title: it?.title || '', starts_on: it?.starts_on || '', ends_on: it?.ends_on || '' } } }));
  } catch { /* storage unavailable: online only */ }
}
function remembered(id) {
  try {
    const x = JSON.parse(localStorage.getItem(KEEP + me().id) || 'null');
    return x && (!id || x.id === id) ? x : null;
  } catch { return null; }
}

/** The placement page without a connection: the logbook form and the entries kept on this phone. */
async function offlinePlacement(ctx, saved) {
  ctx.mount(h('h1', {}, t('placements.pageTitle', { title: saved.expand.internship.title })),
    h('p', { class: 'card notice', role: 'status', 'data-testid': 'offline-placement' }, t('placements.offlineNote')),
    await logbookSection(ctx, saved, 'student'));
}

export async function placementView(ctx) {
  let p;
  try {
    p = await pb.collection('placements').getOne(ctx.params.id, { expand: EXPAND });
  } catch (err) {
    const saved = role() === 'student' && isNetworkError(err) ? remembered(ctx.params.id) : null;
    if (!saved) throw err;
    return offlinePlacement(ctx, saved);
  }
  const r = role();
  const user = me();
  const it = p.expand?.internship;
  if (r === 'student' && p.student === user.id && p.status === 'ongoing') remember(p);
  const student = p.expand?.student;
  const reg = p.expand?.institution?.expand?.regulation;
  const upcoming = notStarted(p);
  const hours = fmtNumber(p.approved_hours ?? 0);

  const summary = h('section', { class: 'card', 'aria-labelledby': 'pl-sum-h' },
    h('h2', { id: 'pl-sum-h' }, t('placements.summary')),
    dl([
      [t('placements.student'), student ? (student.register_no ? t('placements.studentReg', { name: student.name, reg: student.register_no }) : student.name) : ''],
      [t('placements.programme'), student ? (student.semester ? t('placements.programmeSem', { program: student.program || '', semester: student.semester }) : student.program || '') : ''],
      [t('placements.college'), p.expand?.institution?.name || ''],
      [t('placements.organisation'), p.expand?.organization?.name || ''],
      [t('placements.supervisor'), p.expand?.supervisor?.name || ''],
      [t('placements.facultyMentor'), p.expand?.mentor?.name || t('placements.notAssigned')],
      [t('placements.status'), placementBadge(p)],
      [t('placements.dates'), it ? t('placements.datesRange', { from: fmtDay(it.starts_on), to: fmtDay(it.ends_on) }) : ''],
      [t('placements.approvedHours'), reg?.min_hours ? t('placements.hoursOfMin', { hours, min: reg.min_hours }) : hours],
      [t('placements.completedOn'), fmtDay(p.completed_on)],
      [t('placements.result'), p.status === 'completed' ? t('placements.resultLine', {
        percent: fmtNumber(p.percent), marks: fmtNumber(p.marks), max: reg?.max_marks || '—', grade: p.grade || '', credits: fmtNumber(p.credits_earned ?? 0) }) : ''],
      [t('placements.discontinueReason'), p.discontinue_reason || ''],
    ]));

  const isCoordinator = r === 'coordinator' && p.institution === user.institution;
  const isMentor = r === 'mentor' && p.mentor === user.id;
  const isHost = r === 'supervisor' && p.organization === user.organization;
  const mode = r === 'student' && p.student === user.id ? 'student' : isHost ? 'review' : 'read';

  const sections = [
    h('h1', {}, t('placements.pageTitle', { title: it?.title || '' })),
    h('p', {}, h('a', { href: '#/placements' }, t('placements.allPlacements'))),
  ];
  if (upcoming) {
    sections.push(h('section', { class: 'card notice', 'aria-labelledby': 'pl-up-h', 'data-testid': 'upcoming-placement' },
      h('h2', { id: 'pl-up-h' }, t('placements.upcomingTitle', { date: fmtDay(it?.starts_on) })),
      mode === 'student'
        ? [h('p', {}, t('placements.upcomingStudent', { date: fmtDay(it?.starts_on) })),
          h('ul', {}, h('li', {}, t('placements.upcomingDo1')), h('li', {}, t('placements.upcomingDo2')),
            h('li', {}, t('placements.upcomingDo3')))]
        : h('p', {}, t('placements.upcomingOthers', { date: fmtDay(it?.starts_on) }))));
  }
  sections.push(summary);
  if ((isCoordinator || isMentor) && p.status === 'ongoing') sections.push(await actionsSection(ctx, p, isCoordinator));
  sections.push(await logbookSection(ctx, p, mode));
  sections.push(await workSection(ctx, p));
  sections.push(await evaluationsSection(ctx, p));
  sections.push(await placementCertificates(ctx, p));
  ctx.mount(...sections);

  const unsub = await pb.collection('placements').subscribe(p.id, (e) => {
    if (!ctx.alive() || e.action !== 'update') return;
    if (e.record.status !== p.status) {
      const msg = { completed: t('placements.liveCompleted'), discontinued: t('placements.liveDiscontinued') }[e.record.status];
      if (msg) ctx.announce(msg, { about: e.record });
      ctx.refresh();
    } else if (e.record.mentor !== p.mentor) {
      ctx.announce(t(p.mentor ? 'placements.liveMentor' : 'placements.liveMentorAssigned'), { about: e.record });
      p.mentor = e.record.mentor;
    }
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
}

async function actionsSection(ctx, p, isCoordinator) {
  const user = me();
  const sec = h('section', { class: 'card', 'aria-labelledby': 'pl-act-h', 'data-testid': 'manage-placement' },
    h('h2', { id: 'pl-act-h' }, t('placements.manage')));
  const student = p.expand?.student?.name || t('placements.theStudent');
  const reg = p.expand?.institution?.expand?.regulation;

  if (isCoordinator) {
    const mentors = await pb.collection('users').getFullList({
      filter: filter('role = "mentor" && institution = {:i}', { i: user.institution }), sort: 'name', fields: 'id,name,email' });
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'assign-mentor-form' },
      h('h3', {}, t('placements.facultyMentor')), alert,
      mentors.length
        ? field({ label: t('placements.mentor'), name: 'mentor', type: 'select', value: p.mentor || '', required: true,
          options: [{ value: '', label: t('placements.chooseMentor') }, ...mentors.map((m) => ({ value: m.id, label: m.name || m.email }))] })
        : h('p', {}, t('placements.noMentors'), ' ', h('a', { href: '#/accounts' }, t('placements.createMentor'))),
      mentors.length ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('placements.assignMentor'))) : null);
    onSubmit(form, async (data) => {
      await pb.collection('placements').update(p.id, { mentor: String(data.get('mentor') || '') });
      const m = mentors.find((x) => x.id === data.get('mentor'));
      ctx.announce(t('placements.mentorAssigned', { name: m?.name || m?.email || '' }));
      await ctx.refresh();
    });
    sec.append(form);
  }

  const cAlert = alertBox();
  sec.append(h('div', { class: 'subform' },
    h('h3', {}, t('placements.complete')),
    h('p', { class: 'hint' }, t('placements.completeHint')),
    cAlert,
    h('div', { class: 'actions' }, actionButton(t('placements.completeButton'), async () => {
      const yes = await confirmDialog({
        title: t('placements.completeTitle', { name: student }),
        body: [
          t('placements.completeBody1', { name: student, hours: fmtNumber(p.approved_hours ?? 0) }),
          t('placements.completeBody2', { name: student, credits: fmtNumber(reg?.credits ?? 2), pass: fmtNumber(reg?.pass_percent ?? 40) }),
          t('placements.completeBody3'),
        ],
        confirm: t('placements.completeYes'), cancel: t('common.cancel'),
      });
      if (!yes) return;
      await pb.collection('placements').update(p.id, { status: 'completed' });
      ctx.announce(t('placements.completed', { name: student }));
      await ctx.refresh();
    }, { alert: cAlert, class: 'btn btn-primary', testid: 'complete-placement' }))));

  if (isCoordinator) {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'discontinue-form' },
      h('h3', {}, t('placements.discontinue')), alert,
      field({ label: t('placements.discontinueReason'), name: 'discontinue_reason', type: 'textarea', required: true, attrs: { maxlength: 2000, rows: 3 } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-danger' }, t('placements.discontinueButton'))));
    onSubmit(form, async (data) => {
      const yes = await confirmDialog({
        title: t('placements.discontinueTitle', { name: student }),
        body: [t('placements.discontinueBody', { name: student })],
        confirm: t('placements.discontinueYes'), cancel: t('common.cancel'), danger: true,
      });
      if (!yes) return;
      await pb.collection('placements').update(p.id, { status: 'discontinued', discontinue_reason: String(data.get('discontinue_reason') || '').trim() });
      ctx.announce(t('placements.discontinued', { name: student }));
      await ctx.refresh();
    });
    sec.append(form);
  }
  return sec;
}

/** Student: go to the ongoing placement's logbook. Supervisor: approvals. */
export async function logbookView(ctx) {
  if (role() === 'supervisor') return approvalsView(ctx);
  let list;
  try {
    list = await pb.collection('placements').getList(1, 1, {
      filter: filter('student = {:u} && status = "ongoing"', { u: me().id }), fields: 'id' });
  } catch (err) {
    const saved = isNetworkError(err) ? remembered('') : null;
    if (!saved) throw err;
    list = { items: [saved] };
  }
  if (list.items.length) {
    location.replace(`#/placements/${list.items[0].id}`);
    return undefined;
  }
  ctx.mount(h('h1', {}, t('logbook.title')), h('p', {}, t('placements.noLogbook')));
  return undefined;
}
