// The portal offline: the service worker (sw.js keeps the app shell on the
// device) and the logbook's outbox — entries written without a connection
// are kept in IndexedDB on this device and sent when the connection
// returns (the online event, and on the next start).
//
// Each entry gets its record id on the device (15 characters [a-z0-9], the
// form PocketBase accepts from a client), so sending one twice can never
// make two records: a retry after an unclear failure finds the record
// already there and counts it as accepted.
import { pb, errorInfo, me } from './api.js';

const DB = 'internbase-offline';
const STORE = 'logbook';
const EVENT = 'ib-outbox';

let dbPromise = null;
function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => {
        const store = req.result.createObjectStore(STORE, { keyPath: 'id' });
        store.createIndex('placement', 'placement');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbPromise;
}

async function tx(mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(STORE, mode);
    const store = t.objectStore(STORE);
    let result;
    const req = fn(store);
    if (req) req.onsuccess = () => { result = req.result; };
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

/** A record id made on the device: 15 characters of [a-z0-9]. */
export function newId() {
  const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  return [...bytes].map((b) => abc[b % abc.length]).join('');
}

/** Whether an error means the request never reached the server. */
export function isNetworkError(err) {
  if (globalThis.navigator && navigator.onLine === false) return true;
  return !err?.isAbort && (err?.status === 0 || err?.status === undefined);
}

function changed(detail = {}) {
  globalThis.dispatchEvent?.(new CustomEvent(EVENT, { detail }));
}

/** Calls fn(detail) whenever the outbox changes; returns the unsubscribe. */
export function onOutbox(fn) {
  const h = (e) => fn(e.detail || {});
  globalThis.addEventListener(EVENT, h);
  return () => globalThis.removeEventListener(EVENT, h);
}

/**
 * Keeps an entry on the device until it is sent. body: {id?, placement,
 * date, hours, activity, learning}. Returns the kept item.
 */
export async function keepEntry(body) {
  const item = { ...body, id: body.id || newId(), user: me()?.id || '', state: 'waiting', error: null, kept: new Date().toISOString() };
  await tx('readwrite', (s) => s.put(item));
  changed({ id: item.id });
  return item;
}

/** The entries kept on this device for a placement (this person's only), oldest first. */
export async function keptEntries(placement) {
  const all = await tx('readonly', (s) => s.index('placement').getAll(placement));
  const user = me()?.id || '';
  return (all || []).filter((x) => x.user === user).sort((a, b) => a.kept.localeCompare(b.kept));
}

/** Changes a kept entry (after editing a refused one: it waits to be sent again). */
export async function updateKept(id, patch) {
  const item = await tx('readonly', (s) => s.get(id));
  if (!item) return null;
  const next = { ...item, ...patch };
  await tx('readwrite', (s) => s.put(next));
  changed({ id });
  return next;
}

/** Removes a kept entry from this device. */
export async function discardKept(id) {
  await tx('readwrite', (s) => s.delete(id));
  changed({ id, discarded: true });
}

function sameEntry(rec, item) {
  return rec.placement === item.placement && String(rec.date).slice(0, 10) === item.date
    && Number(rec.hours) === Number(item.hours) && rec.activity === item.activity;
}

/**
 * Sends one entry (its id made on the device). Returns {state: 'accepted',
 * record} | {state: 'refused', error: {message, fields}} | {state:
 * 'waiting'} when the server could not be reached.
 */
export async function sendEntry(item) {
  const body = { id: item.id, placement: item.placement, date: item.date, hours: item.hours,
    activity: item.activity, learning: item.learning };
  try {
    const record = await pb.collection('logbook_entries').create(body);
    return { state: 'accepted', record };
  } catch (err) {
    if (isNetworkError(err)) return { state: 'waiting' };
    // Refused — unless an earlier try of this very entry got through.
    try {
      const rec = await pb.collection('logbook_entries').getOne(item.id);
      if (sameEntry(rec, item)) return { state: 'accepted', record: rec };
    } catch (e2) {
      if (isNetworkError(e2)) return { state: 'waiting' };
    }
    const info = errorInfo(err);
    return { state: 'refused', error: { message: info.message, fields: info.fields, status: info.status } };
  }
}

let flushing = null;
/**
 * Sends every waiting entry of this person, one at a time, oldest first.
 * Stops at the first one the network fails. Refused entries stay, with the
 * server's reason, until edited and resent or discarded.
 */
export function flushOutbox() {
  if (flushing) return flushing;
  flushing = (async () => {
    const results = [];
    const user = me()?.id;
    if (!user || (globalThis.navigator && navigator.onLine === false)) return results;
    const all = (await tx('readonly', (s) => s.getAll())) || [];
    const waiting = all.filter((x) => x.user === user && x.state === 'waiting').sort((a, b) => a.kept.localeCompare(b.kept));
    for (const item of waiting) {
      const res = await sendEntry(item);
      if (res.state === 'waiting') break;
      if (res.state === 'accepted') {
        await tx('readwrite', (s) => s.delete(item.id));
      } else {
        await tx('readwrite', (s) => s.put({ ...item, state: 'refused', error: res.error }));
      }
      results.push({ item, ...res });
      changed({ id: item.id, result: res.state, record: res.record, item });
    }
    return results;
  })().finally(() => { flushing = null; });
  return flushing;
}

let registered = false;
/**
 * Registers the service worker (/sw.js), hands it the files this page
 * loaded so the whole shell works offline, and sends the logbook outbox
 * now and whenever the connection returns. Called once at start.
 */
export function registerOffline() {
  if (registered) return;
  registered = true;
  globalThis.addEventListener?.('online', () => { flushOutbox().catch(() => null); });
  if (globalThis.indexedDB) setTimeout(() => { flushOutbox().catch(() => null); }, 0);
  if (!globalThis.navigator?.serviceWorker) return;
  navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then((reg) => {
    const urls = performance.getEntriesByType('resource').map((e) => e.name)
      .concat([...document.querySelectorAll('script[src], link[rel="stylesheet"], link[rel="icon"], link[rel="manifest"]')]
        .map((el) => el.src || el.href));
    reg.active?.postMessage({ type: 'ib-cache', urls });
  }).catch(() => null);
}
