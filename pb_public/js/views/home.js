// The signed-in home page: who you are, what needs you now (each a link),
// the figures at a glance and, for coordinators and supervisors, pictures
// of the work that update live as records change.
import { pb, me, filter } from '../api.js';
import { h, replace } from '../dom.js';
import { t, fmtList, fmtDay, todayISO } from '../i18n.js';
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
const WEEKS = 12;

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

/** "2026-11-23" → its ISO week "2026-W48". */
export function isoWeek(day) {
  const d = new Date(`${String(day).slice(0, 10)}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - dow + 3); // the week's Thursday decides its year
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((d - jan4) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Mondays of the last n weeks (this one last), as YYYY-MM-DD. */
function lastMondays(n, today = todayISO()) {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  const out = [];
  for (let i = n - 1; i >= 0; i--) {
    const m = new Date(d);
    m.setUTCDate(m.getUTCDate() - 7 * i);
    out.push(m.toISOString().slice(0, 10));
  }
  return out;
}

// The server's chart route (GET /api/ib/stats/charts) answers the same shape
// as the fallback below: switch to it by setting this to true.
const SERVER_CHARTS = false;

/**
 * The numbers of the home page's charts for role, in the server route's
 * shape — coordinator {applications: {status: n}, placements: {status: n},
 * hours_per_week: [{week: '2026-W47', hours}], reviews_waiting: [{mentor,
 * count}]}, supervisor {applications: {status: n}, logbook_pending: n}.
 * Until the route exists: the counts of GET /api/ib/stats (what the caller
 * can see) and, for hours and reviews, list queries the caller may make.
 */
export async function chartData(role) {
  if (SERVER_CHARTS) return pb.send('/api/ib/stats/charts', {});
  const stats = await pb.send('/api/ib/stats', {});
  if (role === 'supervisor') return { applications: stats.applications || {}, logbook_pending: stats.logbook_pending || 0 };
  const mondays = lastMondays(WEEKS);
  const [entries, waiting] = await Promise.all([
    pb.collection('logbook_entries').getFullList({ batch: 500, fields: 'date,hours',
      filter: filter('status = "approved" && date >= {:from}', { from: `${mondays[0]} 00:00:00.000Z` }) }),
    pb.collection('submissions').getFullList({ batch: 500, expand: 'placement.mentor',
      fields: 'id,expand.placement.mentor,expand.placement.expand.mentor.name', filter: 'status = "submitted"' }),
  ]);
  const hours = new Map(mondays.map((m) => [isoWeek(m), 0]));
  for (const e of entries) {
    const wk = isoWeek(e.date);
    if (hours.has(wk)) hours.set(wk, hours.get(wk) + Number(e.hours || 0));
  }
  const perMentor = new Map();
  for (const s of waiting) {
    const name = s.expand?.placement?.expand?.mentor?.name || '';
    perMentor.set(name, (perMentor.get(name) || 0) + 1);
  }
  return {
    applications: stats.applications || {},
    placements: stats.placements || {},
    hours_per_week: [...hours].map(([week, n]) => ({ week, hours: Math.round(n * 10) / 10 })),
    reviews_waiting: [...perMentor].map(([mentor, n]) => ({ mentor, count: n }))
      .sort((a, b) => b.count - a.count || a.mentor.localeCompare(b.mentor)),
  };
}

/** The Monday of an ISO week "2026-W48", as YYYY-MM-DD. */
function weekMonday(week) {
  const [y, w] = week.split('-W').map(Number);
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const monday1 = new Date(jan4);
  monday1.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7));
  monday1.setUTCDate(monday1.getUTCDate() + 7 * (w - 1));
  return monday1.toISOString().slice(0, 10);
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
  const weeks = (d.hours_per_week || []).map((w) => {
    const monday = weekMonday(w.week);
    return { label: t('charts.weekOf', { day: fmtDay(monday) }), short: fmtDay(monday, { year: undefined }), value: Number(w.hours || 0) };
  });
  const totalHours = weeks.reduce((a, r) => a + r.value, 0);
  const reviews = (d.reviews_waiting || []).map((r) => ({ label: r.mentor || t('charts.noMentor'), value: Number(r.count || 0) }));
  const totalReviews = reviews.reduce((a, r) => a + r.value, 0);
  return [
    statusChart({ counts: d.applications, statuses: APPLICATION_STATUSES, label: applicationStatus,
      title: t('charts.funnelTitle'), testid: 'chart-applications', say: (count, list) => t('charts.funnelSummary', { count, list }) }),
    statusChart({ counts: d.placements, statuses: PLACEMENT_STATUSES, label: placementStatus,
      title: t('charts.placementsTitle'), testid: 'chart-placements', say: (count, list) => t('charts.placementsSummary', { count, list }) }),
    columnChart({
      title: t('charts.hoursTitle', { count: WEEKS }), testid: 'chart-hours', rows: weeks,
      labelHead: t('charts.week'), valueHead: t('charts.hoursApproved'),
      summary: t('charts.hoursSummary', { count: totalHours, weeks: WEEKS, last: weeks.at(-1)?.value || 0 }),
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
  return [
    statusChart({ counts: d.applications, statuses: APPLICATION_STATUSES.filter((st) => st !== 'submitted'), label: applicationStatus,
      title: t('charts.pipelineTitle'), testid: 'chart-applications', say: (count, list) => t('charts.pipelineSummary', { count, list }) }),
    barChart({
      title: t('charts.logbookTitle'), testid: 'chart-logbook', labelHead: t('charts.what'), valueHead: t('charts.number'),
      rows: [{ label: t('charts.logbookRow'), value: pending }],
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
      const d = await chartData(role);
      if (mine !== version || !ctx.alive()) return;
      replace(holder, ...(role === 'coordinator' ? coordinatorCharts(d) : supervisorCharts(d)));
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
