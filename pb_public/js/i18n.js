// The portal's languages: message catalogs (English and Malayalam), the
// language switch, and dates, times and numbers for people — in the
// platform's one time zone, with Intl for en-IN / ml-IN and
// Intl.PluralRules for plurals (never hand-made endings).
//
// Messages live in pb_public/i18n/<area>.js, one file per part of the
// portal, each exporting { en: {...}, ml: {...} } with the same keys. A key
// is "<area>.<name>". A message is a string with {placeholders}, or, when it
// depends on a count, an object of Intl.PluralRules categories
// ({ one: '{count} application', other: '{count} applications' }).
// e2e/unit/i18n.test.mjs fails on a key used in pb_public/js and missing
// from either catalog, and on catalogs whose keys differ.
import { CATALOGS } from '../i18n/index.js';

export const LANGUAGES = {
  en: { locale: 'en-IN', name: 'English' },
  ml: { locale: 'ml-IN', name: 'മലയാളം' },
};
const STORE = 'ib.lang';

/** The platform's time zone (IB_TIMEZONE), set from the server at start. */
let zone = 'Asia/Kolkata';
let current = initialLanguage();
const listeners = new Set();

function initialLanguage() {
  try {
    const saved = globalThis.localStorage?.getItem(STORE);
    if (saved && LANGUAGES[saved]) return saved;
  } catch { /* storage unavailable: the default */ }
  const nav = (globalThis.navigator?.languages || []).map((l) => l.toLowerCase());
  return nav.some((l) => l === 'ml' || l.startsWith('ml-')) ? 'ml' : 'en';
}

/** The current language code ('en' or 'ml'). */
export function lang() { return current; }

/** The current BCP 47 locale ('en-IN' or 'ml-IN'). */
export function locale() { return LANGUAGES[current].locale; }

/** The platform time zone dates and times are shown in. */
export function timeZone() { return zone; }

/**
 * The platform time zone's name as people say it, in the current language
 * ("India Standard Time"; the zone's id when Intl has no name for it).
 */
export function timeZoneName() {
  try {
    const parts = new Intl.DateTimeFormat(locale(), { timeZone: zone, timeZoneName: 'long' }).formatToParts(new Date());
    return parts.find((p) => p.type === 'timeZoneName')?.value || zone;
  } catch {
    return zone;
  }
}

/** Sets the platform time zone (from the server's configuration). */
export function setTimeZone(tz) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    zone = tz;
  } catch { /* an unknown zone keeps the default */ }
}

/**
 * Switches the language: remembered on this device (and by the caller on
 * the person's account), applied to <html lang>, and announced to
 * onLanguage listeners so the open view renders again.
 */
export function setLanguage(code) {
  if (!LANGUAGES[code] || code === current) return;
  current = code;
  try { globalThis.localStorage?.setItem(STORE, code); } catch { /* not remembered on this device */ }
  if (globalThis.document) document.documentElement.lang = code;
  for (const fn of listeners) fn(code);
}

/** Calls fn(code) after each language change; returns the unsubscribe. */
export function onLanguage(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function lookup(key, code) {
  const dot = key.indexOf('.');
  const area = CATALOGS[key.slice(0, dot)];
  return area?.[code]?.[key.slice(dot + 1)];
}

/**
 * The message key in the current language, with {placeholders} filled from
 * params (numbers formatted for the locale). A message with plural forms is
 * chosen by params.count. A key missing from the current catalog falls back
 * to English; one missing from both shows the key (and the catalog test
 * fails before that can ship).
 */
export function t(key, params = {}) {
  let msg = lookup(key, current) ?? lookup(key, 'en') ?? key;
  if (msg && typeof msg === 'object') {
    const form = new Intl.PluralRules(locale()).select(Number(params.count ?? 0));
    msg = msg[form] ?? msg.other;
  }
  return String(msg).replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in params)) return m;
    const v = params[name];
    return typeof v === 'number' ? fmtNumber(v) : String(v ?? '');
  });
}

/** A number for people: 1,23,456.5 in en-IN. */
export function fmtNumber(n, opts = {}) {
  const v = Number(n);
  return Number.isFinite(v) ? new Intl.NumberFormat(locale(), { maximumFractionDigits: 2, ...opts }).format(v) : '';
}

/** An amount in rupees. */
export function fmtINR(n) {
  return fmtNumber(n, { style: 'currency', currency: 'INR', maximumFractionDigits: 0 });
}

/** "2026-11-21 00:00:00.000Z" → "2026-11-21" (date-only fields are calendar days, stored at UTC midnight). */
export function isoDay(value) {
  return value ? String(value).slice(0, 10) : '';
}

/** A calendar day as people read it: "21 Nov 2026" / "2026 നവം 21" (date-only fields). */
export function fmtDay(value, opts = {}) {
  const d = isoDay(value);
  if (!d) return '';
  const dt = new Date(`${d}T00:00:00Z`);
  return Number.isNaN(dt.getTime()) ? d
    : new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC', ...opts }).format(dt);
}

/**
 * A moment (a timestamp field) as a date and time in the platform's zone,
 * with the zone named ("6 Dec 2026, 8:17 pm IST"): everyone reads the same
 * time whatever their device's zone.
 */
export function fmtTime(value, opts = {}) {
  if (!value) return '';
  const dt = value instanceof Date ? value : new Date(String(value).replace(' ', 'T'));
  return Number.isNaN(dt.getTime()) ? String(value)
    : new Intl.DateTimeFormat(locale(), {
      day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit',
      timeZone: zone, timeZoneName: 'short', ...opts,
    }).format(dt);
}

/** Today's calendar day in the platform's zone, as YYYY-MM-DD. */
export function todayISO(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now);
  const get = (type) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A list for people: "A, B and C" / "A, B, C എന്നിവ". */
export function fmtList(items) {
  return new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(items.map(String));
}
