// The official SDK's browser build (from e2e/node_modules) in a page served
// by the binary: it signs in and receives a realtime event inside the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { start } from '../lib/server.mjs';
import { makeWorld, openInternship, PASSWORD } from '../lib/world.mjs';
import { browserMissing, launch } from '../lib/browser.mjs';

const skip = browserMissing() || false;
const umd = fileURLToPath(new URL('../node_modules/pocketbase/dist/pocketbase.umd.js', import.meta.url));
let srv, w, browser;

before(async () => {
  if (skip) return;
  srv = await start();
  w = await makeWorld(srv.url);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('SDK browser build: sign in and a realtime event, in the page', { skip, timeout: 60_000 }, async () => {
  // The page's CSP allows only same-origin scripts; the test injects the SDK
  // build from e2e/node_modules as an inline script, so it bypasses CSP.
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  await page.goto(srv.url + '/');
  await page.addScriptTag({ path: umd });
  const me = await page.evaluate(async ({ email, password }) => {
    const pb = new window.PocketBase(location.origin);
    await pb.collection('users').authWithPassword(email, password);
    window.received = [];
    await pb.collection('applications').subscribe('*', (e) => window.received.push({ action: e.action, id: e.record.id, status: e.record.status, student: e.record.student }));
    return pb.authStore.record.id;
  }, { email: w.accounts.s1.email, password: PASSWORD });
  assert.equal(me, w.s1.authStore.record.id);

  // Someone else's application must not arrive; the student's own change must.
  const internship = await openInternship(w);
  await w.s2.collection('applications').create({ internship: internship.id });
  const mine = await w.s1.collection('applications').create({ internship: internship.id });
  await w.coordA.collection('applications').update(mine.id, { status: 'endorsed' });

  await page.waitForFunction(() => window.received.length >= 2, null, { timeout: 10_000 });
  await page.waitForTimeout(300);
  const received = await page.evaluate(() => window.received);
  assert.deepEqual(received.map((e) => `${e.action}:${e.status}`).sort(), ['create:submitted', 'update:endorsed']);
  assert.ok(received.every((e) => e.id === mine.id && e.student === me));
});
