// The signed-in home page: who you are, what needs you now (each a link),
// the figures at a glance and, for coordinators and supervisors, pictures
// of the work that update live as records change.
import { pb, me, filter } from '../api.js';
import { h, replace } from '../dom.js';
import { t, fmtList, fmtDay } from '../i18n.js';
import { barChart, columnChart } from '../charts.js';
import { ownOrganization, unverifiedNotice, notEnrolledNotice, enrolledNow, watchOnboarding } from './onboarding.js';

async function count(collection, expr, params) {
  try {
    const page = await pb.collection(collection).getList(1, 1, { filter: filter(expr, params), fields: 'id' });
    return page.totalItems;
  } catch {
    return null;
  }
}

/** A list of [count, text, href] links; items with no count (an error) are left out. */
function links(items, testid) {
  const ul = h('ul', { class: 'todo', 'data-testid': testid });
  for (const [n, text, href, id] of items) {
    if (n === null) continue;
    ul.append(h('li', {}, h('a', { href, 'data-testid': id || null }, h('strong', { class: 'todo-n' }, t('home.number', { n })), ' ', text)));
  }
  return ul;
}

function roleName(r) {
  return { student: t('home.roleStudent'), coordinator: t('home.roleCoordinator'), supervisor: t('home.roleSupervisor'),
    mentor: t('home.roleMentor') }[r] || r;
}

// ---- The data of the charts ------------------------------------------------

const APPLICATION_STATUSES = ['submitted', 'endorsed', 'shortlisted', 'offered', 'accepted', 'declined', 'rejected', 'withdrawn', 'expired'];
const PLACEMENT_STATUSES = ['ongoing', 'completed', 'discontinued'];

function applicationStatus(st) {
  return {
    submitted: t('charts.appSubmitted'), endorsed: t('charts.appEndorsed'), shortlisted: t('charts.appShortlisted'),
    offered: t('charts.appOffered'), accepted: t('charts.appAccepted'), declined: t('charts.appDeclined'),
    rejected: t('charts.appRejected'), withdrawn: t('charts.appWithdrawn'), expired: t('charts.appExpired'),
  }[st] || st;
}

function placementStatus(st) {
  return { ongoing: t('charts.plOngoing'), completed: t('charts.plCompleted'), discontinued: t('charts.plDiscontinued') }[st] || st;
}

/**
 * The numbers of the home page's charts: GET /api/ib/stats/charts, which
 * counts what the caller may see (a coordinator their college's work, a
 * supervisor their organization's) in one request —
 * {coordinator: {applications, placements, hours_per_week: [{week,
 * starts_on, hours}], reviews_waiting: [{mentor, name, final_reports}]}} or
 * {supervisor: {applicants, logbook_pending, logbook_waiting: [{internship,
 * title, entries}]}}.
 */
export async function chartData() {
  return pb.send('/api/ib/stats/charts', {});
}

/** "label 3, label 2" of the rows with a number, for a summary. */
function listed(rows) {
  const some = rows.filter((r) => r.value > 0).map((r) => t('charts.item', { label: r.label, n: r.value }));
  return some.length ? fmtList(some) : '';
}

function statusChart({ counts, statuses, label, title, testid, say }) {
  const rows = statuses.map((st) => ({ key: st, label: label(st), value: Number(counts?.[st] || 0) }));
  const total = rows.reduce((a, r) => a + r.value, 0);
  return barChart({
    title, testid, rows, labelHead: t('charts.status'), valueHead: t('charts.number'),
    summary: say(total, listed(rows)),
    empty: t('charts.nothingYet'),
  });
}

function coordinatorCharts(d) {
  const weeks = (d.hours_per_week || []).map((w) => ({
    label: t('charts.weekOf', { day: fmtDay(w.starts_on) }), short: fmtDay(w.starts_on, { year: undefined }), value: Number(w.hours || 0),
  }));
  const totalHours = weeks.reduce((a, r) => a + r.value, 0);
  // The mentors with final reports to review (the server lists every mentor).
  const reviews = (d.reviews_waiting || []).filter((r) => r.final_reports > 0)
    .map((r) => ({ label: r.name || t('charts.noMentor'), value: Number(r.final_reports) }));
  const totalReviews = reviews.reduce((a, r) => a + r.value, 0);
  return [
    statusChart({ counts: d.applications, statuses: APPLICATION_STATUSES, label: applicationStatus,
      title: t('charts.funnelTitle'), testid: 'chart-applications', say: (count, list) => t('charts.funnelSummary', { count, list }) }),
    statusChart({ counts: d.placements, statuses: PLACEMENT_STATUSES, label: placementStatus,
      title: t('charts.placementsTitle'), testid: 'chart-placements', say: (count, list) => t('charts.placementsSummary', { count, list }) }),
    columnChart({
      title: t('charts.hoursTitle', { count: weeks.length }), testid: 'chart-hours', rows: weeks,
      labelHead: t('charts.week'), valueHead: t('charts.hoursApproved'),
      summary: t('charts.hoursSummary', { count: totalHours, weeks: weeks.length, last: weeks.at(-1)?.value || 0 }),
    }),
    barChart({
      title: t('charts.reviewsTitle'), testid: 'chart-reviews', rows: reviews,
      labelHead: t('charts.mentor'), valueHead: t('charts.waiting'),
      summary: t('charts.reviewsSummary', { count: totalReviews, list: listed(reviews) }),
      empty: t('charts.reviewsNone'),
    }),
  ];
}

function supervisorCharts(d) {
  const pending = Number(d.logbook_pending || 0);
  const waiting = (d.logbook_waiting || []).map((q) => ({ label: q.title, value: Number(q.entries) }));
  return [
    statusChart({ counts: d.applicants, statuses: APPLICATION_STATUSES.filter((st) => st !== 'submitted'), label: applicationStatus,
      title: t('charts.pipelineTitle'), testid: 'chart-applications', say: (count, list) => t('charts.pipelineSummary', { count, list }) }),
    barChart({
      title: t('charts.logbookTitle'), testid: 'chart-logbook', labelHead: t('charts.internship'), valueHead: t('charts.logbookRow'),
      rows: waiting,
      summary: t('charts.logbookSummary', { count: pending }), empty: t('charts.logbookNone'),
    }),
  ];
}

/**
 * The charts section: drawn now, drawn again (debounced) when a record the
 * charts count changes — the realtime events the caller may see — and when
 * the language changes.
 */
async function liveCharts(ctx, role) {
  const holder = h('div', { class: 'charts', 'data-testid': 'home-charts' });
  const section = h('section', { 'aria-labelledby': 'home-charts-h' },
    h('h2', { id: 'home-charts-h' }, t('charts.heading')), holder);
  let version = 0;
  const draw = async () => {
    const mine = ++version;
    try {
      const d = await chartData();
      if (mine !== version || !ctx.alive()) return;
      replace(holder, ...(d.coordinator ? coordinatorCharts(d.coordinator) : d.supervisor ? supervisorCharts(d.supervisor) : []));
      holder.dataset.version = String(mine);
    } catch {
      if (mine === version && ctx.alive()) replace(holder, h('p', { class: 'notice' }, t('charts.failed')));
    }
  };
  await draw();
  let timer = null;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { if (ctx.alive()) draw(); }, 400);
  };
  const collections = role === 'coordinator' ? ['applications', 'placements', 'logbook_entries', 'submissions']
    : ['applications', 'logbook_entries'];
  for (const c of collections) {
    try {
      const unsub = await pb.collection(c).subscribe('*', later);
      ctx.onLeave(unsub);
    } catch { /* realtime unavailable: the charts are right as of loading */ }
  }
  ctx.onLeave(() => clearTimeout(timer));
  return { section, redraw: later };
}

// ---- The page --------------------------------------------------------------

export async function homeView(ctx) {
  const user = me();
  const r = user.role;
  const where = user.expand?.institution?.name || user.expand?.organization?.name || '';
  let next = [];
  let glance = [];
  let notice = null;
  const u = { u: user.id, i: user.institution || '', o: user.organization || '' };
  const n = async (collection, expr) => count(collection, expr, u);
  if (r === 'student') {
    if (!(await enrolledNow())) {
      notice = notEnrolledNotice(user.expand?.institution?.name);
      await watchOnboarding(ctx, { student: user });
    }
    const offers = await n('applications', 'student = {:u} && status = "offered"');
    next = [[offers, t('home.nextOffers', { count: offers }), '#/applications', 'next-offers']];
    const open = await n('internships', 'status = "open"');
    const ongoing = await n('placements', 'student = {:u} && status = "ongoing"');
    const certs = await n('certificates', 'student = {:u}');
    glance = [
      [open, t('home.openInternships', { count: open }), '#/internships'],
      [ongoing, t('home.ongoingPlacement', { count: ongoing }), '#/placements'],
      [certs, t('home.certificates', { count: certs }), '#/certificates'],
    ];
  } else if (r === 'coordinator') {
    const endorse = await n('applications', 'institution = {:i} && status = "submitted"');
    const enrol = await n('users', 'role = "student" && institution = {:i} && enrolled = false');
    const hosts = await n('organizations', 'verified = false');
    const noMentor = await n('placements', 'institution = {:i} && status = "ongoing" && mentor = ""');
    next = [
      [enrol, t('home.nextEnrol', { count: enrol }), '#/enrolments', 'next-enrol'],
      [endorse, t('home.nextEndorse', { count: endorse }), '#/applications', 'next-endorse'],
      [hosts, t('home.nextHosts', { count: hosts }), '#/hosts', 'next-hosts'],
      [noMentor, t('home.nextMentor', { count: noMentor }), '#/placements', 'next-mentor'],
    ];
    const ongoing = await n('placements', 'institution = {:i} && status = "ongoing"');
    const valid = await n('certificates', 'institution = {:i} && status = "valid"');
    glance = [
      [ongoing, t('home.ongoingPlacements', { count: ongoing }), '#/placements'],
      [valid, t('home.validCertificates', { count: valid }), '#/certificates'],
    ];
  } else if (r === 'supervisor') {
    const org = await ownOrganization();
    notice = unverifiedNotice(org);
    if (notice) await watchOnboarding(ctx, { org });
    const review = await n('applications', 'organization = {:o} && (status = "endorsed" || status = "shortlisted")');
    const logs = await n('logbook_entries', 'placement.organization = {:o} && status = "pending"');
    next = [
      [review, t('home.nextApplicants', { count: review }), '#/applications', 'next-applicants'],
      [logs, t('home.nextLogbook', { count: logs }), '#/logbook', 'next-logbook'],
    ];
    const open = await n('internships', 'organization = {:o} && status = "open"');
    const ongoing = await n('placements', 'organization = {:o} && status = "ongoing"');
    glance = [
      [open, t('home.openPostings', { count: open }), '#/internships'],
      [ongoing, t('home.ongoingPlacements', { count: ongoing }), '#/placements'],
    ];
  } else if (r === 'mentor') {
    const reports = await n('submissions', 'placement.mentor = {:u} && status = "submitted" && task.kind = "final_report"');
    next = [[reports, t('home.nextReports', { count: reports }), '#/placements', 'next-reports']];
    const mentees = await n('placements', 'mentor = {:u} && status = "ongoing"');
    glance = [[mentees, t('home.mentees', { count: mentees }), '#/placements']];
  }
  const unread = await n('notifications', 'user = {:u} && read = false');
  glance.push([unread, t('home.unread', { count: unread }), '#/notifications']);

  const now = next.filter(([c]) => c > 0);
  const charts = r === 'coordinator' || r === 'supervisor' ? await liveCharts(ctx, r) : null;
  ctx.mount(
    h('h1', {}, t('home.welcome', { name: user.name || user.email })),
    h('p', { class: 'lead' }, where ? t('home.youAreAt', { role: roleName(r), where }) : t('home.youAre', { role: roleName(r) })),
    notice,
    h('section', { 'aria-labelledby': 'home-next-h' },
      h('h2', { id: 'home-next-h' }, t('home.nextHeading')),
      now.length ? links(now, 'home-next') : h('p', { 'data-testid': 'home-next-none' }, t('home.nothingNow'))),
    h('section', { 'aria-labelledby': 'home-todo-h' },
      h('h2', { id: 'home-todo-h' }, t('home.glanceHeading')),
      links(glance, 'home-todo')),
    charts?.section,
  );
}
