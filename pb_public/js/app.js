// The portal's shell: hash router, auth state, role navigation, the live
// region for realtime updates and the unread-notifications counter.
import { pb, me, role, filter } from './api.js';
import { h, replace } from './dom.js';
import { signInView, signUpView, verifyView, signInCodeView, forgotPasswordView, resetPasswordView } from './views/auth.js';
import { homeView } from './views/home.js';
import { internshipsView, internshipView } from './views/internships.js';
import { applicationsView, applicationView } from './views/applications.js';
import { placementsView, placementView, logbookView } from './views/placements.js';
import { certificatesView } from './views/certificates.js';
import { notificationsView } from './views/notifications.js';
import { accountsView, reportsView } from './views/staff.js';
import { rosterView } from './views/roster.js';
import { enrolmentsView, hostsView, registerHostView, hostRegisteredView } from './views/onboarding.js';

const ROLES = ['student', 'supervisor', 'coordinator', 'mentor'];

const routes = [
  { path: '/signin', view: signInView, guest: true },
  { path: '/signup', view: signUpView, guest: true },
  { path: '/signin-code', view: signInCodeView, guest: true },
  { path: '/forgot-password', view: forgotPasswordView, guest: true },
  // Public: the mailed link works in a browser where someone is signed in.
  { path: '/reset-password/:token', view: resetPasswordView, public: true },
  { path: '/register-host', view: registerHostView, guest: true },
  { path: '/verify', view: verifyView, public: true },
  { path: '/', view: homeView },
  { path: '/internships', view: internshipsView },
  { path: '/internships/:id', view: internshipView },
  { path: '/applications', view: applicationsView, roles: ['student', 'supervisor', 'coordinator'] },
  { path: '/applications/:id', view: applicationView, roles: ['student', 'supervisor', 'coordinator'] },
  { path: '/placements', view: placementsView },
  { path: '/placements/:id', view: placementView },
  { path: '/logbook', view: logbookView, roles: ['student', 'supervisor'] },
  { path: '/certificates', view: certificatesView },
  { path: '/notifications', view: notificationsView },
  { path: '/accounts', view: accountsView, roles: ['coordinator'] },
  { path: '/reports', view: reportsView, roles: ['coordinator'] },
  { path: '/roster', view: rosterView, roles: ['coordinator'] },
  { path: '/enrolments', view: enrolmentsView, roles: ['coordinator'] },
  { path: '/hosts', view: hostsView, roles: ['coordinator'] },
  { path: '/host-registered', view: hostRegisteredView, roles: ['supervisor'] },
];

/** Main navigation per role: [label, path, testid]. */
const NAV = {
  student: [['Home', '/', 'nav-home'], ['Internships', '/internships', 'nav-internships'],
    ['My applications', '/applications', 'nav-applications'], ['My placement', '/placements', 'nav-placements'],
    ['Certificates', '/certificates', 'nav-certificates'], ['Notifications', '/notifications', 'nav-notifications']],
  supervisor: [['Home', '/', 'nav-home'], ['Postings', '/internships', 'nav-postings'],
    ['Applicants', '/applications', 'nav-applicants'], ['Placements', '/placements', 'nav-placements'],
    ['Logbook approvals', '/logbook', 'nav-logbook'], ['Notifications', '/notifications', 'nav-notifications']],
  coordinator: [['Home', '/', 'nav-home'], ['Applications', '/applications', 'nav-applications'],
    ['Placements', '/placements', 'nav-placements'], ['Certificates', '/certificates', 'nav-certificates'],
    ['Enrolments', '/enrolments', 'nav-enrolments'], ['Roster', '/roster', 'nav-roster'],
    ['Hosts to verify', '/hosts', 'nav-hosts'],
    ['Accounts', '/accounts', 'nav-accounts'], ['Reports', '/reports', 'nav-reports'],
    ['Notifications', '/notifications', 'nav-notifications']],
  mentor: [['Home', '/', 'nav-home'], ['My mentees', '/placements', 'nav-placements'],
    ['Certificates', '/certificates', 'nav-certificates'], ['Notifications', '/notifications', 'nav-notifications']],
  guest: [['Sign in', '/signin', 'nav-signin'], ['Create a student account', '/signup', 'nav-signup'],
    ['Verify a certificate', '/verify', 'nav-verify']],
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const account = document.getElementById('account');
const live = document.getElementById('live');

let renderToken = 0;
let cleanups = [];
let firstRender = true;
let unread = 0;
let waiting = 0; // coordinators: students waiting for enrolment
let recount = null; // the signed-in user's counters, for 'ib:counts' events
let liveTimer = null;
let liveQueue = [];
let lastAnnounce = 0;
// Whether the person typed into a form of the open view since it rendered:
// a catch-up after a reconnect must not throw their input away.
let edited = false;

/**
 * Announces a status change politely (aria-live) and shows it in the
 * visible status bar. Messages arriving together are read together.
 */
export function announce(message) {
  if (!message) return;
  liveQueue.push(String(message));
  lastAnnounce = Date.now();
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => {
    const text = liveQueue.join(' ');
    liveQueue = [];
    live.textContent = '';
    // A fresh text node after clearing makes screen readers re-read it.
    requestAnimationFrame(() => {
      live.textContent = text;
      live.classList.add('live-on');
    });
  }, 150);
}

/** Goes to a client route ("/applications/x" or "#/applications/x"). */
export function navigate(path) {
  const hash = path.startsWith('#') ? path : `#${path}`;
  if (location.hash === hash) render();
  else location.hash = hash;
}

function parseHash() {
  const raw = decodeURI(location.hash.slice(1) || '/');
  const [path, qs = ''] = raw.split('?');
  return { path: path || '/', query: new URLSearchParams(qs) };
}

function match(path) {
  const parts = path.split('/').filter(Boolean);
  for (const r of routes) {
    const rp = r.path.split('/').filter(Boolean);
    if (rp.length !== parts.length) continue;
    const params = {};
    let ok = true;
    rp.forEach((seg, i) => {
      if (seg.startsWith(':')) params[seg.slice(1)] = parts[i];
      else if (seg !== parts[i]) ok = false;
    });
    if (ok) return { route: r, params };
  }
  return null;
}

function renderNav(path) {
  const r = me() ? role() : 'guest';
  const items = NAV[r] || NAV.guest;
  const ul = h('ul', { class: 'nav-list' });
  for (const [label, to, testid] of items) {
    const active = to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
    const children = [label];
    if (to === '/notifications' && unread > 0) {
      children.push(' ', h('span', { class: 'count', 'data-testid': 'unread-count' }, String(unread)),
        h('span', { class: 'visually-hidden' }, ' unread'));
    }
    if (to === '/enrolments' && waiting > 0) {
      children.push(' ', h('span', { class: 'count', 'data-testid': 'enrolments-count' }, String(waiting)),
        h('span', { class: 'visually-hidden' }, ' waiting'));
    }
    ul.append(h('li', {}, h('a', { href: `#${to}`, 'aria-current': active ? 'page' : null, 'data-testid': testid }, ...children)));
  }
  replace(nav, ul);

  const user = me();
  if (user) {
    const where = user.expand?.institution?.name || user.expand?.organization?.name || '';
    replace(account,
      h('p', { class: 'who', 'data-testid': 'signed-in-as' },
        h('span', { class: 'who-name' }, user.name || user.email),
        h('span', { class: 'who-role' }, ` · ${user.role}${where ? ` · ${where}` : ''}`)),
      h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'sign-out', onclick: signOut }, 'Sign out'));
  } else {
    account.replaceChildren();
  }
}

async function signOut() {
  try { await pb.realtime.unsubscribe(); } catch { /* already closed */ }
  pb.authStore.clear();
  recount = null;
  unread = 0;
  waiting = 0;
  announce('You are signed out.');
  navigate('/signin');
}

function runCleanups() {
  const fns = cleanups;
  cleanups = [];
  for (const fn of fns) {
    try {
      const p = fn();
      if (p && typeof p.catch === 'function') p.catch(() => {});
    } catch { /* a view's cleanup must not break navigation */ }
  }
}

async function render() {
  if (location.hash && !location.hash.startsWith('#/')) return; // in-page anchors (skip link)
  const { path, query } = parseHash();
  runCleanups();
  edited = false;
  // An old status message does not belong to the next page.
  if (Date.now() - lastAnnounce > 3000) live.textContent = '';
  const token = ++renderToken;
  const found = match(path);
  const user = me();

  if (found && !found.route.public && !found.route.guest && !user) {
    const next = path === '/' ? '' : `?next=${encodeURIComponent(path)}`;
    location.replace(`#/signin${next}`);
    return;
  }
  if (found?.route.guest && user) {
    location.replace('#/');
    return;
  }
  renderNav(path);

  const ctx = {
    params: found?.params || {},
    query,
    path,
    main,
    alive: () => token === renderToken,
    onLeave: (fn) => cleanups.push(fn),
    announce,
    navigate,
    refresh: render,
    signedIn,
    /** Replaces the page content, unless the user has moved on. */
    mount: (...nodes) => {
      if (token === renderToken) replace(main, ...nodes);
    },
  };

  main.setAttribute('aria-busy', 'true');
  replace(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    if (!found) {
      ctx.mount(h('h1', {}, 'Page not found'), h('p', {}, 'There is nothing at this address. ',
        h('a', { href: '#/' }, 'Go to the home page'), '.'));
    } else if (found.route.roles && !found.route.roles.includes(role())) {
      ctx.mount(h('h1', {}, 'Not available'), h('p', {}, 'This page is not part of your role. ',
        h('a', { href: '#/' }, 'Go to the home page'), '.'));
    } else {
      await found.route.view(ctx);
    }
  } catch (err) {
    if (err?.status === 401) {
      pb.authStore.clear();
      location.replace('#/signin');
      return;
    }
    const msg = err?.status === 404 ? 'This record does not exist, or you may not see it.'
      : (err?.response?.message || err?.message || 'Something went wrong.');
    ctx.mount(h('h1', {}, 'Could not load this page'), h('p', { role: 'alert' }, msg),
      h('p', {}, h('a', { href: '#/' }, 'Go to the home page')));
  }
  if (token !== renderToken) return;
  main.removeAttribute('aria-busy');
  const h1 = main.querySelector('h1');
  document.title = h1 ? `${h1.textContent} — Internbase` : 'Internbase';
  if (!firstRender && h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus();
  }
  firstRender = false;
}

/**
 * Keeps the unread counter (and a coordinator's count of students waiting
 * for enrolment: a sign-up notifies them) and announces new notifications
 * live.
 */
async function watchNotifications() {
  const user = me();
  if (!user) return;
  const countUnread = async () => {
    try {
      const page = await pb.collection('notifications').getList(1, 1, {
        filter: filter('user = {:u} && read = false', { u: user.id }), fields: 'id',
      });
      unread = page.totalItems;
    } catch { unread = 0; }
    waiting = user.role === 'coordinator' ? await countWaiting(user) : 0;
    renderNav(parseHash().path);
  };
  recount = countUnread;
  await countUnread();
  try {
    await pb.collection('notifications').subscribe('*', (e) => {
      if (e.action === 'create') announce(`New notification: ${e.record.title}`);
      window.dispatchEvent(new CustomEvent('ib:notification', { detail: e }));
      countUnread();
    });
  } catch { /* realtime unavailable: the list still works on reload */ }
  await watchReconnects(countUnread);
}

/**
 * The server does not replay the events sent while the realtime connection
 * was down, so each time the SDK connects again (PB_CONNECT after the
 * first) the unread counter and the open view load their data again. A view
 * the person was typing into is left as it is, with a button to reload it.
 */
async function watchReconnects(countUnread) {
  // Subscribing on an open connection fires nothing until the next
  // connect; on a closed one, the first PB_CONNECT is this connect itself.
  let connected = pb.realtime.isConnected;
  try {
    await pb.realtime.subscribe('PB_CONNECT', () => {
      if (!connected) {
        connected = true;
        return;
      }
      catchUp(countUnread);
    });
  } catch { /* realtime unavailable */ }
}

/** Students of the coordinator's institution waiting for enrolment (one cheap count). */
async function countWaiting(user) {
  try {
    const page = await pb.collection('users').getList(1, 1, {
      filter: filter('role = "student" && institution = {:i} && enrolled = false', { i: user.institution }), fields: 'id',
    });
    return page.totalItems;
  } catch {
    return 0;
  }
}

function catchUp(countUnread) {
  countUnread();
  if (!me() || main.getAttribute('aria-busy') === 'true') return;
  if (!edited) {
    announce('Connection restored; this page is up to date.');
    render();
    return;
  }
  if (main.querySelector('[data-testid="catch-up"]')) return;
  const note = h('div', { class: 'card notice', role: 'status', 'data-testid': 'catch-up' },
    h('p', {}, 'The connection was lost for a while: changes made meanwhile may be missing from this page.'),
    h('button', { type: 'button', class: 'btn', onclick: () => render() }, 'Reload this page'));
  main.querySelector('h1')?.after(note);
}

/** Called after a successful sign-in or sign-up. */
export async function signedIn() {
  try {
    await pb.collection('users').authRefresh({ expand: 'institution,organization' });
  } catch { /* keep the auth we have */ }
  watchNotifications();
}

async function boot() {
  main.addEventListener('input', (ev) => {
    if (ev.target.closest?.('form:not(.inline-form)')) edited = true;
  });
  document.querySelector('.skip-link')?.addEventListener('click', (ev) => {
    ev.preventDefault();
    main.focus();
  });
  if (pb.authStore.isValid && pb.authStore.record?.collectionName === 'users' && ROLES.includes(pb.authStore.record.role)) {
    try {
      await pb.collection('users').authRefresh({ expand: 'institution,organization' });
    } catch (err) {
      if ([401, 403, 404].includes(err?.status)) pb.authStore.clear();
    }
  } else if (pb.authStore.token) {
    pb.authStore.clear();
  }
  pb.authStore.onChange(() => renderNav(parseHash().path));
  window.addEventListener('ib:counts', () => recount?.());
  window.addEventListener('hashchange', render);
  await render();
  watchNotifications();
}

boot();
