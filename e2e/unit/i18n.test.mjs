// The portal's message catalogs (pb_public/i18n) are complete: every key
// the portal's code uses (t('area.key')) is in both the English and the
// Malayalam catalog; each area has the same keys in both; plural messages
// have the forms each language's Intl.PluralRules asks for; and a message
// has the same {placeholders} in both languages. No server is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGS } from '../../pb_public/i18n/index.js';

const ROOT = new URL('../../pb_public/', import.meta.url).pathname;
const LOCALES = { en: 'en-IN', ml: 'ml-IN' };

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.js') ? [p] : [];
  });
}

/** Every t(...) call of the portal's code: its key, or null when the key is not a string literal. */
function usages() {
  const out = [];
  for (const file of sources(join(ROOT, 'js'))) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/\bt\(\s*(['"])((?:(?!\1).)*)\1|\bt\(\s*`/g)) {
      out.push({ file: file.slice(ROOT.length), key: m[2] ?? null });
    }
  }
  return out;
}

function lookup(code, key) {
  const dot = key.indexOf('.');
  return CATALOGS[key.slice(0, dot)]?.[code]?.[key.slice(dot + 1)];
}

const placeholders = (msg) => [...new Set(
  (typeof msg === 'object' ? Object.values(msg).join(' ') : String(msg)).match(/\{\w+\}/g) || [])].sort();

test('every key the portal uses is in both catalogs, written literally', () => {
  const uses = usages();
  assert.ok(uses.length > 0, 'no t() call found: is the scan broken?');
  const problems = [];
  for (const { file, key } of uses) {
    if (key === null) { problems.push(`${file}: a t() key that is not a string literal cannot be checked`); continue; }
    for (const code of Object.keys(LOCALES)) {
      if (lookup(code, key) === undefined) problems.push(`${file}: ${key} is missing from the ${code} catalog`);
    }
  }
  assert.deepEqual(problems, []);
});

test('each area has the same keys, plural forms and placeholders in both languages', () => {
  const problems = [];
  for (const [area, cat] of Object.entries(CATALOGS)) {
    const en = Object.keys(cat.en || {}).sort();
    const ml = Object.keys(cat.ml || {}).sort();
    for (const k of en) if (!ml.includes(k)) problems.push(`${area}.${k}: no Malayalam`);
    for (const k of ml) if (!en.includes(k)) problems.push(`${area}.${k}: no English`);
    for (const k of en.filter((x) => ml.includes(x))) {
      for (const [code, locale] of Object.entries(LOCALES)) {
        const msg = cat[code][k];
        if (typeof msg === 'object') {
          const need = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
          for (const form of need) if (!(form in msg)) problems.push(`${area}.${k} (${code}): no '${form}' form`);
        } else if (typeof msg !== 'string' || msg.trim() === '') problems.push(`${area}.${k} (${code}): empty`);
      }
      if (placeholders(cat.en[k]).join() !== placeholders(cat.ml[k]).join()) {
        problems.push(`${area}.${k}: placeholders differ (${placeholders(cat.en[k])} / ${placeholders(cat.ml[k])})`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the check finds a missing key (it can fail)', () => {
  assert.equal(lookup('ml', 'common.noSuchKey'), undefined);
  assert.notEqual(lookup('ml', 'common.cancel'), undefined);
});
