// The SDK instance, who is signed in, error → field mapping, file downloads
// and date formatting. Every request of the portal goes through `pb`.
import PocketBase, { ClientResponseError } from '../vendor/pocketbase.es.mjs';
import { h } from './dom.js';

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
    return { status: 0, message: err?.message || 'Something went wrong. Try again.', fields: {} };
  }
  if (err.isAbort) return { status: 0, message: 'The request was cancelled.', fields: {} };
  let resp = err.response || {};
  let prefix = '';
  const failed = resp.data?.requests;
  if (failed && typeof failed === 'object') {
    const [idx, item] = Object.entries(failed)[0] || [];
    if (item?.response) {
      resp = item.response;
      prefix = `Item ${Number(idx) + 1}: `;
    }
  }
  const fields = {};
  for (const [name, e] of Object.entries(resp.data || {})) {
    if (e && typeof e === 'object' && typeof e.message === 'string') fields[name] = e.message;
  }
  let message = resp.message || '';
  if (!message) {
    if (err.status === 0) message = 'The server could not be reached. Check your connection and try again.';
    else message = `The request failed (${err.status}).`;
  }
  return { status: resp.status || err.status, message: prefix + message, fields };
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
    else lines = [Object.keys(info.fields).length > 1 ? 'Please correct the highlighted fields.' : 'Please correct the highlighted field.'];
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
    let message = `The download failed (${res.status}).`;
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

/** A readable calendar day, e.g. "21 Nov 2026" (date-only fields). */
export function fmtDay(value) {
  const d = day(value);
  if (!d) return '';
  const dt = new Date(`${d}T00:00:00Z`);
  return Number.isNaN(dt.getTime()) ? d : dt.toLocaleDateString('en-IN', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A readable local date and time of a timestamp. */
export function fmtTime(value) {
  if (!value) return '';
  const dt = new Date(String(value).replace(' ', 'T'));
  return Number.isNaN(dt.getTime()) ? String(value)
    : dt.toLocaleString('en-IN', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Today's calendar day in the browser's time zone, as YYYY-MM-DD. */
export function todayISO() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** INR amount. */
export function inr(n) {
  const v = Number(n || 0);
  return v ? `₹${v.toLocaleString('en-IN')}` : 'Unpaid';
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
    try {
      await fn(data, submitter, form);
    } catch (err) {
      buttons.forEach((b) => { b.disabled = false; });
      showErrors(form, err, opts.alert, opts.aliases);
    } finally {
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
    try {
      await fn(btn);
    } catch (err) {
      if (opts.alert) showActionError(opts.alert, err);
      else throw err;
    } finally {
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
