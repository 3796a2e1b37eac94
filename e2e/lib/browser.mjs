// Launches Debian's Chromium headless through playwright-core, kept off the
// network. When Chromium is missing the browser suite is skipped with a plain
// message, except in CI (CI=true), where it must run.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Returns a skip reason, or '' when the browser suite can run. Throws in CI. */
export function browserMissing() {
  if (existsSync(CHROMIUM)) return '';
  const msg = `Chromium not found at ${CHROMIUM}: the browser suite is skipped (apt-get install -y chromium, or set CHROMIUM_PATH).`;
  if (process.env.CI === 'true') throw new Error(msg + ' In CI it must run.');
  console.log('# ' + msg);
  return msg;
}

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions'],
  });
}

/**
 * A signed-in page of the portal (email empty = signed out). Collects page
 * errors and any request that leaves the loopback host into problems[].
 */
export async function portal(browser, base, email, password, { width = 1280, height = 900, problems = [] } = {}) {
  // The people of the portal are in the platform's time zone: the browser's
  // idea of "today" (the logbook's date limits) must match the server's.
  const ctx = await browser.newContext({ viewport: { width, height }, acceptDownloads: true,
    timezoneId: process.env.IB_TIMEZONE || 'Asia/Kolkata' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`${email || 'guest'}: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (/^(data|blob):/.test(u)) return;
    if (!['127.0.0.1', 'localhost'].includes(new URL(u).hostname)) problems.push('external request ' + u);
  });
  await page.goto(base + '/');
  if (email) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  }
  return page;
}

/**
 * Clicks a header control by test id (a navigation link, sign-out, a
 * language button), opening first whatever holds it shut: the Menu button
 * on a phone-wide page, the account button (the person's name) on a wide
 * one. Works at every width.
 */
export async function nav(page, testid) {
  const target = page.getByTestId(testid);
  await target.waitFor({ state: 'attached' });
  if (!(await target.isVisible())) {
    const openers = await target.evaluate((el) => {
      const out = [];
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (!p.id) continue;
        const b = document.querySelector(`[aria-controls="${p.id}"][aria-expanded="false"]`);
        if (b && b.getClientRects().length && b.dataset.testid) out.unshift(b.dataset.testid);
      }
      return out;
    });
    for (const id of openers) await page.getByTestId(id).click();
  }
  return target.click();
}

// Screenshots for the README are written only on request (`make
// screenshots`, IB_SCREENSHOTS=1), so that a test run leaves the checkout
// as it found it.
export const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
export function screenshot(page, name) {
  if (process.env.IB_SCREENSHOTS !== '1') return Promise.resolve();
  mkdirSync(SHOTS, { recursive: true });
  return page.screenshot({ path: SHOTS + name + '.png', fullPage: true });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Fails with axe-core's violations (0 wanted) on the page as it is now. */
export async function assertAccessible(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  assert.deepEqual(found, [], `axe violations on ${what}`);
}

/** Fails when the page scrolls sideways (wider than its window). */
export async function assertFits(page, what) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw, `${what}: the page is ${sw}px wide in a ${cw}px window`);
}
