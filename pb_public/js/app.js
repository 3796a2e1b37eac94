// The portal's shell: hash router, auth state, role navigation, the live
// region for realtime updates and the unread-notifications counter.
import { pb, me, role, filter, wroteJustNow } from './api.js';
import { h, replace } from './dom.js';
import { t, lang, setLanguage, onLanguage, setTimeZone, LANGUAGES } from './i18n.js';
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

/**
 * Main navigation per role: [label, path, testid]. Labels are functions so
 * they are read in the current language (keys written literally).
 */
const NAV = {
  student: [[() => t('shell.navHome'), '/', 'nav-home'], [() => t('shell.navInternships'), '/internships', 'nav-internships'],
    [() => t('shell.navMyApplications'), '/applications', 'nav-applications'], [() => t('shell.navMyPlacement'), '/placements', 'nav-placements'],
    [() => t('shell.navCertificates'), '/certificates', 'nav-certificates'], [() => t('shell.navNotifications'), '/notifications', 'nav-notifications']],
  supervisor: [[() => t('shell.navHome'), '/', 'nav-home'], [() => t('shell.navPostings'), '/internships', 'nav-postings'],
    [() => t('shell.navApplicants'), '/applications', 'nav-applicants'], [() => t('shell.navPlacements'), '/placements', 'nav-placements'],
    [() => t('shell.navLogbook'), '/logbook', 'nav-logbook'], [() => t('shell.navNotifications'), '/notifications', 'nav-notifications']],
  coordinator: [[() => t('shell.navHome'), '/', 'nav-home'], [() => t('shell.navApplications'), '/applications', 'nav-applications'],
    [() => t('shell.navPlacements'), '/placements', 'nav-placements'], [() => t('shell.navCertificates'), '/certificates', 'nav-certificates'],
    [() => t('shell.navEnrolments'), '/enrolments', 'nav-enrolments'], [() => t('shell.navRoster'), '/roster', 'nav-roster'],
    [() => t('shell.navHosts'), '/hosts', 'nav-hosts'],
    [() => t('shell.navAccounts'), '/accounts', 'nav-accounts'], [() => t('shell.navReports'), '/reports', 'nav-reports'],
    [() => t('shell.navNotifications'), '/notifications', 'nav-notifications']],
  mentor: [[() => t('shell.navHome'), '/', 'nav-home'], [() => t('shell.navMentees'), '/placements', 'nav-placements'],
    [() => t('shell.navCertificates'), '/certificates', 'nav-certificates'], [() => t('shell.navNotifications'), '/notifications', 'nav-notifications']],
  guest: [[() => t('shell.navSignIn'), '/signin', 'nav-signin'], [() => t('shell.navSignUp'), '/signup', 'nav-signup'],
    [() => t('shell.navVerify'), '/verify', 'nav-verify']],
};

/** A role's name in the current language. */
function roleLabel(r) {
  const labels = {
    student: () => t('shell.roleStudent'),
    supervisor: () => t('shell.roleSupervisor'),
    coordinator: () => t('shell.roleCoordinator'),
    mentor: () => t('shell.roleMentor'),
  };
  return labels[r] ? labels[r]() : String(r || '');
}

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const account = document.getElementById('account');
const live = document.getElementById('live');
const header = document.querySelector('.site-header');
const menuButton = document.getElementById('menu-button');
const menu = document.getElementById('menu');

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
// The person's own action in flight (js/api.js actionButton/onSubmit) and
// the messages announced meanwhile: the action's own message is said once,
// its realtime echo ("… is now endorsed") not again beside it.
let acting = 0;
let actionHeld = [];
let lastFlush = 0; // when the status bar last changed
// A language chosen while signed out: on sign-in it is saved to the account
// instead of the account's language replacing it.
let guestChoice = null;
// While signing in, a language change only re-labels the shell (the view
// is about to change anyway).
let quietLanguage = false;

/**
 * Announces a status change politely (aria-live) and shows it in the
 * visible status bar. Messages arriving together are read together, each
 * once; a message the page already shows as it is (a role=status or alert
 * box) is not repeated.
 *
 * A realtime handler names the record its message is about (opts.about:
 * the record as the event or a reload gave it): when the person's own
 * request wrote that record moments ago and the record is no newer than
 * that write, the message is the echo of their action, which says its own
 * message, and is dropped. News about any other record, or a later change
 * of the same one, is said, whenever it comes. While an action
 * runs its messages wait, so that its echo arriving before its answer is
 * told apart too (see ib:action below). echo: false — never an echo.
 */
export function announce(message, { echo = true, about = null } = {}) {
  if (!message) return;
  const text = String(message);
  if (echo && acting > 0) {
    actionHeld.push({ text, about });
    return;
  }
  if (echo && about && wroteJustNow(about)) return;
  queue(text);
}

function queue(text) {
  if (liveQueue.includes(text)) return;
  if (live.textContent === text && Date.now() - lastAnnounce < 3000) return;
  if (shownOnPage(text)) return;
  liveQueue.push(text);
  lastAnnounce = Date.now();
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => {
    // Messages moments apart stay visible together: a second one does not
    // wipe the first from the status bar before anyone could read it.
    const recent = Date.now() - lastFlush < 3000 && live.textContent ? [live.textContent] : [];
    const joined = [...recent, ...liveQueue.filter((m) => !recent.some((r) => r.includes(m)))].join(' ');
    liveQueue = [];
    lastFlush = Date.now();
    live.textContent = '';
    // A fresh text node after clearing makes screen readers re-read it.
    requestAnimationFrame(() => {
      live.textContent = joined;
      live.classList.add('live-on');
    });
  }, 150);
}

/** Whether a status or alert box of the page says exactly this already. */
function shownOnPage(text) {
  const norm = (x) => x.replace(/\s+/g, ' ').trim();
  const want = norm(text);
  return [...main.querySelectorAll('[role="status"], [role="alert"], .sent')]
    .some((el) => el.isConnected && !el.hidden && norm(el.textContent) === want);
}

window.addEventListener('ib:action', (ev) => {
  if (ev.detail?.phase === 'start') {
    if (acting === 0) actionHeld = [];
    acting += 1;
    return;
  }
  acting = Math.max(0, acting - 1);
  if (acting > 0) return;
  const held = actionHeld;
  actionHeld = [];
  // Realtime news about records the action did not write is said; the
  // echoes of what it wrote are not. Of the messages the action's own code
  // announced, the last is its outcome.
  const own = held.filter((m) => !m.about);
  if (own.length) queue(own[own.length - 1].text);
  held.filter((m) => m.about && !wroteJustNow(m.about)).forEach((m) => queue(m.text));
});

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

/* The menu. On a phone (≤ 600 px) the navigation and the account sit behind
   the Menu button (a disclosure); on wider screens the navigation is in
   view and the account (who is signed in, Sign out) behind a button with
   the person's name. Escape and navigating close them. */

function setMenu(open, focusButton = false) {
  header.classList.toggle('menu-open', open);
  menuButton.setAttribute('aria-expanded', String(open));
  if (!open && focusButton) menuButton.focus();
}

function setAccount(open, focusButton = false) {
  const btn = document.getElementById('account-button');
  const panel = document.getElementById('account-panel');
  if (!btn || !panel) return;
  panel.classList.toggle('is-closed', !open);
  btn.setAttribute('aria-expanded', String(open));
  if (!open && focusButton) btn.focus();
}

function closeMenus() {
  setMenu(false);
  setAccount(false);
}

menuButton.addEventListener('click', () => {
  const open = menuButton.getAttribute('aria-expanded') !== 'true';
  setMenu(open);
  if (open) (nav.querySelector('a[aria-current="page"]') || nav.querySelector('a'))?.focus();
});
nav.addEventListener('click', (ev) => {
  if (ev.target.closest('a')) closeMenus();
});
document.addEventListener('keydown', (ev) => {
  if (ev.key !== 'Escape') return;
  if (document.querySelector('dialog[open]')) return; // a dialog handles its own Escape
  const accountBtn = document.getElementById('account-button');
  if (accountBtn?.getAttribute('aria-expanded') === 'true') {
    setAccount(false, true);
    ev.preventDefault();
  } else if (menuButton.getAttribute('aria-expanded') === 'true') {
    setMenu(false, true);
    ev.preventDefault();
  }
});
document.addEventListener('click', (ev) => {
  // A control redrawn by its own click (the language switch) is no longer
  // in the page: that click was inside the header all the same.
  if (!ev.target.isConnected) return;
  if (!header.contains(ev.target)) closeMenus();
  else if (!ev.target.closest('.account')) setAccount(false);
});

/** The language switch: English / മലയാളം, the current one pressed. */
function languageSwitch() {
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('common.language') },
    Object.entries(LANGUAGES).map(([code, { name }]) => h('button', {
      type: 'button', class: 'lang-btn', lang: code, 'aria-pressed': String(code === lang()), 'data-testid': `lang-${code}`,
      onclick: () => chooseLanguage(code),
    }, name)));
}

/**
 * The person picks a language: applied at once (the open view renders
 * again, keeping what they typed), remembered on this device (i18n.js) and
 * on their account when signed in. Saving to the account may fail (an
 * older server without users.language answers 400): the language still
 * applies on this device.
 */
async function chooseLanguage(code) {
  if (code === lang()) return;
  const user = me();
  if (!user) guestChoice = code;
  setLanguage(code);
  document.querySelector(`[data-testid="lang-${code}"]`)?.focus();
  if (user) await saveLanguage(user, code);
}

async function saveLanguage(user, code) {
  if (user.language === code) return;
  try {
    await pb.collection('users').update(user.id, { language: code });
  } catch { /* kept on this device only (see above) */ }
}

/**
 * Draws the navigation, the menu button and the account area. A control of
 * the header that had the keyboard focus has it again afterwards (the
 * header is drawn anew on every change of the signed-in record).
 */
function renderNav(path) {
  const active = document.activeElement;
  const focused = header.contains(active) && active !== menuButton ? active.dataset?.testid : '';
  drawNav(path);
  if (focused && !active.isConnected) header.querySelector(`[data-testid="${CSS.escape(focused)}"]`)?.focus();
}

function drawNav(path) {
  const r = me() ? role() : 'guest';
  const items = NAV[r] || NAV.guest;
  const ul = h('ul', { class: 'nav-list' });
  for (const [label, to, testid] of items) {
    const active = to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
    const children = [label()];
    if (to === '/notifications' && unread > 0) {
      children.push(' ', h('span', { class: 'count', 'data-testid': 'unread-count' }, String(unread)),
        h('span', { class: 'visually-hidden' }, ` ${t('shell.unread')}`));
    }
    if (to === '/enrolments' && waiting > 0) {
      children.push(' ', h('span', { class: 'count', 'data-testid': 'enrolments-count' }, String(waiting)),
        h('span', { class: 'visually-hidden' }, ` ${t('shell.waiting')}`));
    }
    ul.append(h('li', {}, h('a', { href: `#${to}`, 'aria-current': active ? 'page' : null, 'data-testid': testid }, ...children)));
  }
  replace(nav, ul);
  nav.setAttribute('aria-label', t('shell.mainNav'));

  // The menu button tells of unread notifications while the menu is shut.
  const pending = unread + waiting;
  replace(menuButton,
    h('span', { class: 'menu-icon', 'aria-hidden': 'true' }, h('span'), h('span'), h('span')),
    h('span', { class: 'menu-label' }, t('shell.menu')),
    pending > 0 ? [' ', h('span', { class: 'count' }, String(pending)),
      h('span', { class: 'visually-hidden' }, ` ${t('shell.unread')}`)] : null);

  const user = me();
  if (user) {
    const where = user.expand?.institution?.name || user.expand?.organization?.name || '';
    const wasOpen = document.getElementById('account-button')?.getAttribute('aria-expanded') === 'true';
    const name = user.name || user.email;
    replace(account,
      languageSwitch(),
      h('button', { type: 'button', id: 'account-button', class: 'btn btn-quiet account-button', 'aria-expanded': String(wasOpen),
        'aria-controls': 'account-panel', 'data-testid': 'account-button',
        'aria-label': t('shell.accountOf', { name }),
        onclick: () => setAccount(document.getElementById('account-button').getAttribute('aria-expanded') !== 'true') },
      h('span', { class: 'account-name' }, name)),
      h('div', { id: 'account-panel', class: `account-panel${wasOpen ? '' : ' is-closed'}` },
        h('p', { class: 'who', 'data-testid': 'signed-in-as' },
          h('span', { class: 'who-name' }, t('common.signedInAs', { name })),
          h('span', { class: 'who-role' }, ` · ${roleLabel(user.role)}${where ? ` · ${where}` : ''}`)),
        h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'sign-out', onclick: signOut }, t('common.signOut'))));
  } else {
    replace(account, languageSwitch());
  }
}

/** The texts of index.html outside the views, in the current language. */
function renderStatic() {
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('shell.skipLink');
  const footer = document.querySelector('.site-footer .wrap');
  if (footer) {
    replace(footer, h('p', {}, t('shell.footer'), ' ', h('a', { href: '#/verify' }, t('shell.footerVerify')), '.'));
  }
}

async function signOut() {
  try { await pb.realtime.unsubscribe(); } catch { /* already closed */ }
  // What the placement page keeps on this device for offline use goes with
  // the person (entries not yet sent stay queued under their account).
  try { if (me()) localStorage.removeItem(`ib.placement.${me().id}`); } catch { /* storage unavailable */ }
  pb.authStore.clear();
  recount = null;
  unread = 0;
  waiting = 0;
  guestChoice = null;
  closeMenus();
  announce(t('shell.signedOut'), { echo: false });
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

/** The values typed into the open view's forms (to carry across a re-render). */
function typedInput() {
  return [...main.querySelectorAll('form')].map((form) => ({
    id: form.dataset.testid || '',
    values: [...form.elements].filter((el) => el.name && !['file', 'hidden', 'submit', 'button'].includes(el.type))
      .map((el) => ({ name: el.name, type: el.type, value: el.value, checked: el.checked })),
  }));
}

function restoreInput(saved) {
  const forms = [...main.querySelectorAll('form')];
  saved.forEach((s, i) => {
    const form = forms[i];
    if (!form || (form.dataset.testid || '') !== s.id) return;
    for (const v of s.values) {
      const el = form.elements.namedItem(v.name);
      if (!el || el instanceof RadioNodeList) continue;
      if (v.type === 'checkbox') el.checked = v.checked;
      else if (el.value !== v.value) el.value = v.value;
    }
  });
}

/**
 * Renders the route of the address. opts.keep: a re-render of the same
 * page (a language switch): the menu stays as it is and the focus where it
 * was.
 */
async function render(opts = {}) {
  if (location.hash && !location.hash.startsWith('#/')) return; // in-page anchors (skip link)
  const { path, query } = parseHash();
  runCleanups();
  edited = false;
  if (!opts.keep) closeMenus();
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
  if (!opts.keep) replace(main, h('p', { class: 'loading' }, t('common.loading')));
  try {
    if (!found) {
      ctx.mount(h('h1', {}, t('shell.notFound')), h('p', {}, t('shell.notFoundBody'), ' ',
        h('a', { href: '#/' }, t('shell.goHome')), '.'));
    } else if (found.route.roles && !found.route.roles.includes(role())) {
      ctx.mount(h('h1', {}, t('shell.notAvailable')), h('p', {}, t('shell.notAvailableBody'), ' ',
        h('a', { href: '#/' }, t('shell.goHome')), '.'));
    } else {
      await found.route.view(ctx);
    }
  } catch (err) {
    if (err?.status === 401) {
      pb.authStore.clear();
      location.replace('#/signin');
      return;
    }
    const msg = err?.status === 404 ? t('shell.recordMissing')
      : (err?.response?.message || err?.message || t('common.genericError'));
    ctx.mount(h('h1', {}, t('shell.couldNotLoad')), h('p', { role: 'alert' }, msg),
      h('p', {}, h('a', { href: '#/' }, t('shell.goHome'))));
  }
  if (token !== renderToken) return;
  main.removeAttribute('aria-busy');
  const h1 = main.querySelector('h1');
  document.title = h1 ? `${h1.textContent} — Internbase` : 'Internbase';
  if (!firstRender && h1 && !opts.keep) {
    h1.setAttribute('tabindex', '-1');
    h1.focus();
  }
  firstRender = false;
}

/** The open view again in the new language, with what the person typed. */
async function rerenderForLanguage() {
  const focused = document.activeElement?.dataset?.testid || '';
  const saved = typedInput();
  const wasEdited = edited;
  await render({ keep: true });
  restoreInput(saved);
  edited = wasEdited;
  const again = focused.startsWith('lang-') ? `lang-${lang()}` : focused;
  if (again) document.querySelector(`[data-testid="${CSS.escape(again)}"]`)?.focus();
}

onLanguage(() => {
  renderStatic();
  live.textContent = ''; // the status line's last message was in the other language
  if (quietLanguage) {
    renderNav(parseHash().path);
    return;
  }
  rerenderForLanguage();
});

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
      if (e.action === 'create') announce(t('shell.newNotification', { title: e.record.title }), { echo: false });
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
    announce(t('shell.connectionRestored'), { echo: false });
    render();
    return;
  }
  if (main.querySelector('[data-testid="catch-up"]')) return;
  const note = h('div', { class: 'card notice', role: 'status', 'data-testid': 'catch-up' },
    h('p', {}, t('shell.connectionLost')),
    h('button', { type: 'button', class: 'btn', onclick: () => render() }, t('shell.reloadPage')));
  main.querySelector('h1')?.after(note);
}

/**
 * The account's language on this device (at start and on sign-in), or,
 * when the person chose one on this device while signed out, or the account
 * has none yet, the device's language saved to the account.
 */
async function applyAccountLanguage({ save = true } = {}) {
  const user = me();
  if (!user) return;
  if (guestChoice) {
    const code = guestChoice;
    guestChoice = null;
    await saveLanguage(user, code);
    return;
  }
  if (user.language && LANGUAGES[user.language]) {
    if (user.language !== lang()) setLanguage(user.language);
    return;
  }
  // An account that never chose a language takes the one this device shows
  // (the browser's, or one picked here before): the server then writes the
  // person's notifications and mails in it too. English is the server's
  // default already.
  // Never from a cached record (offline, or the server failed to answer):
  // the account may have a language by now.
  if (save && lang() !== 'en') await saveLanguage(user, lang());
}

/** Called after a successful sign-in or sign-up. */
export async function signedIn() {
  try {
    await pb.collection('users').authRefresh({ expand: 'institution,organization' });
  } catch { /* keep the auth we have */ }
  quietLanguage = true;
  try { await applyAccountLanguage(); } finally { quietLanguage = false; }
  watchNotifications();
}

/** The platform's settings (its time zone); the defaults when the server has none or is slow. */
async function loadPortal() {
  try {
    const res = await Promise.race([
      pb.send('/api/ib/portal', { method: 'GET', requestKey: null }),
      new Promise((resolve) => { setTimeout(() => resolve(null), 2000); }),
    ]);
    if (res?.timezone) setTimeZone(res.timezone);
  } catch { /* the default zone (i18n.js) */ }
}

/** The offline logbook's service worker (js/offline.js), when the portal has it. */
async function startOffline() {
  try {
    const mod = await import('./offline.js');
    await mod.registerOffline?.();
  } catch { /* no offline support in this build or browser */ }
}

async function boot() {
  document.documentElement.lang = lang();
  renderStatic();
  main.addEventListener('input', (ev) => {
    if (ev.target.closest?.('form:not(.inline-form)')) edited = true;
  });
  document.querySelector('.skip-link')?.addEventListener('click', (ev) => {
    ev.preventDefault();
    main.focus();
  });
  const portal = loadPortal();
  let fresh = false; // the account as the server has it now, not as cached
  if (pb.authStore.isValid && pb.authStore.record?.collectionName === 'users' && ROLES.includes(pb.authStore.record.role)) {
    try {
      await pb.collection('users').authRefresh({ expand: 'institution,organization' });
      fresh = true;
    } catch (err) {
      if ([401, 403, 404].includes(err?.status)) pb.authStore.clear();
    }
  } else if (pb.authStore.token) {
    pb.authStore.clear();
  }
  await portal;
  quietLanguage = true;
  try { await applyAccountLanguage({ save: fresh }); } finally { quietLanguage = false; }
  pb.authStore.onChange(() => renderNav(parseHash().path));
  window.addEventListener('ib:counts', () => recount?.());
  window.addEventListener('hashchange', () => render());
  await render();
  watchNotifications();
  startOffline();
}

boot();
