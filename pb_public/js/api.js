// The SDK instance, who is signed in, error → field mapping, file downloads
// and date formatting. Every request of the portal goes through `pb`.
import PocketBase, { ClientResponseError } from '../vendor/pocketbase.es.mjs';
import { h } from './dom.js';
import { t, lang, fmtDay as i18nDay, fmtTime as i18nTime, todayISO as i18nToday, fmtINR } from './i18n.js';

export { ClientResponseError };

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * The API base URL: the page's own origin. For development only, a page
 * opened from a loopback host may name another loopback server with
 * ?api=http://127.0.0.1:8090 (or window.INTERNBASE_API), so the portal can
 * be tried from a static file server. A public deployment never follows
 * ?api=, so a crafted link cannot send someone's password elsewhere.
 */
function apiBase() {
  const wanted = new URLSearchParams(location.search).get('api') || globalThis.INTERNBASE_API;
  if (wanted && LOOPBACK.test(location.hostname)) {
    try {
      const u = new URL(wanted);
      if (LOOPBACK.test(u.hostname) && /^https?:$/.test(u.protocol)) return u.origin;
    } catch { /* ignored: fall back to the origin */ }
  }
  return location.origin;
}

export const pb = new PocketBase(apiBase());
pb.autoCancellation(false);
// Every request says the portal's current language, so the server can answer
// a person who is not signed in (yet) in it too.
pb.beforeSend = (url, options) => {
  options.headers = { ...(options.headers || {}), 'Accept-Language': lang() };
  return { url, options };
};

// The records the person's own requests just wrote (created, changed or
// deleted): id → {at, updated} (the record's `updated` as the answer gave
// it, when it did). A realtime event about one of them is the echo of
// their own action — not news — when it comes moments later and shows the
// record no newer than their write (js/app.js announce); a change someone
// else made afterwards is newer, and is news.
const written = new Map();
const ECHO_MS = 3000;

function noteWritten(id, updated) {
  if (typeof id === 'string' && id) written.set(id, { at: Date.now(), updated: typeof updated === 'string' ? updated : '' });
}

pb.afterSend = (response, data, options) => {
  const method = String(options?.method || 'GET').toUpperCase();
  if (response.ok && method !== 'GET') {
    // /api/collections/{c}/records/{id} and /api/ib/{things}/{id}/{verb}
    const path = new URL(response.url, location.href).pathname.split('/').map(decodeURIComponent);
    path.filter((seg) => /^[a-z0-9]{15}$/.test(seg)).forEach((id) => noteWritten(id));
    const bodies = Array.isArray(data) ? data.map((r) => r?.body) : [data];
    for (const body of bodies) {
      if (!body || typeof body !== 'object') continue;
      noteWritten(body.id, body.updated);
      // a custom route's answer names what it changed: {application: {...}, placement: {...}}
      Object.values(body).forEach((v) => noteWritten(v?.id, v?.updated));
    }
    const old = Date.now() - ECHO_MS;
    written.forEach((w, id) => { if (w.at < old) written.delete(id); });
  }
  return data;
};

/**
 * Whether a realtime message about record (a record, or an id) is the echo
 * of the person's own request: it wrote the record moments ago, and the
 * record is no newer than that write (PocketBase's `updated`, when both
 * have it; the timestamps sort as text).
 */
export function wroteJustNow(record) {
  const id = typeof record === 'string' ? record : record?.id;
  const w = id ? written.get(id) : undefined;
  if (!w || Date.now() - w.at >= ECHO_MS) return false;
  const updated = typeof record === 'object' ? record?.updated : '';
  return !(w.updated && updated && updated > w.updated);
}

/** The signed-in users record, or null. */
export function me() {
  const r = pb.authStore.isValid ? pb.authStore.record : null;
  return r && r.collectionName === 'users' ? r : null;
}

/** The role of the signed-in user ('' when signed out). */
export function role() {
  return me()?.role || '';
}

/** pb.filter: safe parameter binding for filter strings. */
export function filter(expr, params) {
  return pb.filter(expr, params);
}

/**
 * Normalizes any thrown error into {message, fields: {name: message}, status}.
 * Batch failures are unwrapped to the failing request's own error.
 */
export function errorInfo(err) {
  if (!(err instanceof ClientResponseError)) {
    return { status: 0, message: err?.message || t('common.genericError'), fields: {} };
  }
  if (err.isAbort) return { status: 0, message: t('shell.requestCancelled'), fields: {} };
  let resp = err.response || {};
  let item = 0;
  const failed = resp.data?.requests;
  if (failed && typeof failed === 'object') {
    const [idx, item] = Object.entries(failed)[0] || [];
    if (item?.response) {
      resp = item.response;
      item = Number(idx) + 1;
    }
  }
  const fields = {};
  for (const [name, e] of Object.entries(resp.data || {})) {
    if (e && typeof e === 'object' && typeof e.message === 'string') fields[name] = e.message;
  }
  let message = resp.message || '';
  if (!message) {
    if (err.status === 0) message = t('common.unreachable');
    else message = t('shell.requestFailed', { status: String(err.status) });
  }
  if (item) message = t('shell.itemPrefix', { n: item, message });
  return { status: resp.status || err.status, message, fields };
}

/** Removes the error state that showErrors added to a form. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && !x.endsWith('-error'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const p of form.querySelectorAll('.field-error')) p.remove();
  const alert = form.querySelector('.alert');
  if (alert) alert.replaceChildren();
}

/**
 * Shows a failed request's errors: each {field: {code, message}} under the
 * matching visible control (aria-invalid + aria-describedby), and the
 * top-level message (plus the messages of fields without a control) in the
 * form's role=alert region. Focuses the first invalid control, or the alert.
 * aliases maps server field names to control names (e.g. {scores: 'score_x'}).
 */
export function showErrors(form, err, alertEl, aliases = {}) {
  clearErrors(form);
  const info = errorInfo(err);
  const unmatched = [];
  let first = null;
  for (const [name, message] of Object.entries(info.fields)) {
    const ctlName = aliases[name] || name;
    const ctl = form.elements?.namedItem?.(ctlName);
    const el = ctl instanceof RadioNodeList ? ctl[0] : ctl;
    if (!el || el.type === 'hidden') {
      unmatched.push(message);
      continue;
    }
    const id = `${el.id || ctlName}-error`;
    const p = h('p', { class: 'field-error', id }, message);
    const wrap = el.closest('.field') || el.parentElement;
    wrap.append(p);
    el.setAttribute('aria-invalid', 'true');
    const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    ids.push(id);
    el.setAttribute('aria-describedby', ids.join(' '));
    first = first || el;
  }
  const alert = alertEl || form.querySelector('.alert');
  if (alert) {
    let lines;
    if (!first) lines = [info.message, ...unmatched.filter((m) => m !== info.message)];
    else if (unmatched.length) lines = unmatched;
    else lines = [t('shell.correctFields', { count: Object.keys(info.fields).length })];
    alert.replaceChildren(...lines.map((l) => h('p', {}, l)));
  }
  if (first) first.focus();
  else if (alert) {
    alert.setAttribute('tabindex', '-1');
    alert.focus();
  }
  return info;
}

/** A short-lived URL of a protected file (résumés, submissions, certificates). */
export async function protectedURL(record, filename) {
  const token = await pb.files.getToken();
  return pb.files.getURL(record, filename, { token });
}

/**
 * Downloads a URL (same origin) as a file without leaving the page. init
 * adds fetch options (a POST with a body: the roster report).
 */
export async function downloadURL(url, filename, headers = {}, init = {}) {
  const res = await fetch(url, { ...init, headers });
  if (!res.ok) {
    let message = t('shell.downloadFailed', { status: String(res.status) });
    try {
      const body = await res.json();
      if (body?.message) message = body.message;
    } catch { /* not JSON */ }
    const e = new Error(message);
    e.status = res.status;
    throw e;
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = h('a', { href, download: filename, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** Downloads a protected file of a record. */
export async function downloadFile(record, filename, saveAs) {
  const url = await protectedURL(record, filename);
  await downloadURL(url, saveAs || originalName(filename));
}

/** PocketBase stores "name_<random>.ext"; show and save "name.ext". */
export function originalName(filename) {
  return String(filename || '').replace(/_[a-z0-9]{10}(\.[^.]+)$/i, '$1');
}

/** "2026-11-21 00:00:00.000Z" → "2026-11-21" (date-only fields are UTC days). */
export function day(value) {
  return value ? String(value).slice(0, 10) : '';
}

/**
 * A calendar day for people (date-only fields), in the current language:
 * js/i18n.js fmtDay, kept here for the views that import it from api.js.
 */
export function fmtDay(value) {
  return i18nDay(value);
}

/** A date and time for people, in the platform's time zone with the zone named (js/i18n.js fmtTime). */
export function fmtTime(value) {
  return i18nTime(value);
}

/** Today's calendar day in the platform's time zone, as YYYY-MM-DD (js/i18n.js todayISO). */
export function todayISO() {
  return i18nToday();
}

/** An amount in rupees a month, or "Unpaid" for none (in the current language). */
export function inr(n) {
  const v = Number(n || 0);
  return v ? fmtINR(v) : t('shell.unpaid');
}

/** Client route of a notification link ("/applications/x" → "#/applications/x"). */
export function routeOf(link) {
  if (!link || typeof link !== 'string' || !link.startsWith('/')) return '';
  if (!/^\/[a-z_]+(\/[A-Za-z0-9_-]+)?$/.test(link)) return '';
  return `#${link}`;
}

/** Shows a failed action's message in an alert region (focus stays put). */
export function showActionError(alert, err) {
  const info = errorInfo(err);
  const lines = [info.message, ...Object.values(info.fields).filter((m) => m !== info.message)];
  alert.replaceChildren(...lines.map((l) => h('p', {}, l)));
  return info;
}

/**
 * Tells the shell that one of the person's own actions runs (phase 'start')
 * or has finished ('end'): the live region then says the action's own
 * message once, not again in the words of the realtime echo of the same
 * change (js/app.js announce).
 */
function actionPhase(phase) {
  globalThis.dispatchEvent?.(new CustomEvent('ib:action', { detail: { phase } }));
}

/**
 * Binds a form's submit to an async handler fn(formData, submitter, form):
 * native validation first, then the request; a failure is shown with
 * showErrors. The submit buttons are disabled while the request runs.
 */
export function onSubmit(form, fn, opts = {}) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (form.dataset.busy) return;
    clearErrors(form);
    if (opts.alert) opts.alert.replaceChildren();
    const submitter = ev.submitter || null;
    const data = new FormData(form);
    form.dataset.busy = '1';
    form.setAttribute('aria-busy', 'true');
    const buttons = [...form.querySelectorAll('button')].filter((b) => b.type === 'submit');
    buttons.forEach((b) => { b.disabled = true; });
    actionPhase('start');
    try {
      await fn(data, submitter, form);
    } catch (err) {
      buttons.forEach((b) => { b.disabled = false; });
      showErrors(form, err, opts.alert, opts.aliases);
    } finally {
      actionPhase('end');
      delete form.dataset.busy;
      form.removeAttribute('aria-busy');
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
  return form;
}

/** A button that runs an async action; errors go to the given alert region. */
export function actionButton(label, fn, opts = {}) {
  const btn = h('button', { type: 'button', class: opts.class || 'btn', 'data-testid': opts.testid || null }, label);
  btn.addEventListener('click', async () => {
    if (btn.getAttribute('aria-disabled') === 'true') return;
    btn.setAttribute('aria-disabled', 'true');
    if (opts.alert) opts.alert.replaceChildren();
    actionPhase('start');
    try {
      await fn(btn);
    } catch (err) {
      if (opts.alert) showActionError(opts.alert, err);
      else throw err;
    } finally {
      actionPhase('end');
      btn.removeAttribute('aria-disabled');
    }
  });
  return btn;
}

/**
 * How many cards a list shows at a time: a phone screen's worth or two; the
 * server's cost of a list page grows with every card (and its expands).
 */
export const PAGE_SIZE = 20;

/**
 * A list read a page at a time, so a long list costs the server one page,
 * not every record. opts are getList's (filter, sort, fields, expand);
 * totals are skipped unless opts.skipTotal is false. next() returns the
 * next page's items; done is true once a page came back short.
 */
export function pager(collection, opts, perPage = PAGE_SIZE) {
  let page = 0;
  let done = false;
  return {
    get done() { return done; },
    total: null,
    async next() {
      page += 1;
      const res = await pb.collection(collection).getList(page, perPage, { skipTotal: true, ...opts });
      if (res.totalItems >= 0) this.total = res.totalItems;
      done = res.items.length < perPage || (res.totalPages >= 0 && page >= res.totalPages);
      return res.items;
    },
  };
}
