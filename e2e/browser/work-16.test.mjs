// The student's daily work on a phone (issue 16): the offline logbook (the
// network cut and restored in Chromium: entries kept on the device, sent
// once, each showing the server's answer), the installable shell (manifest,
// service worker, a reload without a connection), entries grouped by week,
// an upcoming placement, and the confirmations of completing a placement
// and submitting an evaluation — in English and Malayalam, axe-core clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/server.mjs';
import { makeWorld, openInternship, PASSWORD, isoDay } from '../lib/world.mjs';
import { browserMissing, launch, portal, screenshot, assertAccessible } from '../lib/browser.mjs';

const skip = browserMissing() || false;
let srv, w, browser;
const problems = [];
const day = (n) => isoDay(n).slice(0, 10);


async function noSideScroll(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(over, false, `${what} scrolls sideways`);
}

/** Switches the page to Malayalam (remembered on the device) and reloads. */
async function malayalam(page) {
  await page.evaluate(() => localStorage.setItem('ib.lang', 'ml'));
  await page.reload();
}

/** A placement of student (a client) on a new internship of X; starts: days from today. */
async function placement(student, { starts = 0, title } = {}) {
  const it = await openInternship(w, { title, starts_on: isoDay(0), ends_on: isoDay(starts + 60) });
  const app = await student.collection('applications').create({ internship: it.id });
  await w.coordA.collection('applications').update(app.id, { status: 'endorsed' });
  await w.supX.collection('applications').update(app.id, { status: 'offered' });
  await student.collection('applications').update(app.id, { status: 'accepted' });
  await w.admin.collection('internships').update(it.id, { starts_on: isoDay(starts) });
  return student.collection('placements').getFirstListItem(`application = "${app.id}"`);
}

let main; // s1's placement, started 25 days ago, 12 approved days logged

before(async () => {
  if (skip) return;
  srv = await start();
  w = await makeWorld(srv.url);
  browser = await launch();
  main = await placement(w.s1, { starts: -25, title: 'Offline logbook internship' });
  await w.coordA.collection('placements').update(main.id, { mentor: w.mentorA.authStore.record.id });
  const batch = w.supX.createBatch();
  for (let d = -20; d <= -9; d++) {
    const e = await w.s1.collection('logbook_entries').create({ placement: main.id, date: isoDay(d), hours: 6,
      activity: `Day ${d + 21}: wrote and tested an endpoint.` });
    batch.collection('logbook_entries').update(e.id, { status: 'approved' });
  }
  await batch.send();
  // Today already has an entry: a second one for today is a duplicate.
  await w.s1.collection('logbook_entries').create({ placement: main.id, date: isoDay(0), hours: 4,
    activity: 'Reviewed the pull requests of the team.' });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the portal is installable: manifest with icons, service worker', { skip, timeout: 30_000 }, async () => {
  const res = await fetch(`${srv.url}/manifest.webmanifest`);
  assert.equal(res.status, 200);
  const m = JSON.parse(await res.text());
  assert.equal(m.display, 'standalone');
  assert.ok(m.name && m.short_name && m.start_url);
  for (const size of ['192x192', '512x512']) {
    const icon = m.icons.find((i) => i.sizes === size && i.type === 'image/png');
    assert.ok(icon, `an icon of ${size}`);
    const png = await fetch(new URL(icon.src, srv.url));
    assert.equal(png.status, 200);
    const bytes = new Uint8Array(await png.arrayBuffer());
    assert.deepEqual([...bytes.slice(1, 4)], [0x50, 0x4e, 0x47], `${icon.src} is a PNG`);
    const side = new DataView(bytes.buffer).getUint32(16);
    assert.equal(`${side}x${side}`, size);
  }
  const sw = await fetch(`${srv.url}/sw.js`);
  assert.equal(sw.status, 200);
  assert.match(sw.headers.get('content-type'), /javascript/);
  assert.doesNotMatch(await sw.text(), /cache\.put\([^)]*\/api\//, 'the API is never cached');
});

test('offline logbook at 360 px: kept on the phone, sent once, each with the server’s answer', { skip, timeout: 120_000 }, async () => {
  const page = await portal(browser, srv.url, w.accounts.s1.email, PASSWORD, { problems, width: 360 });
  await page.goto(`${srv.url}/#/placements/${main.id}`);
  const form = page.getByTestId('add-entry-form');
  await form.waitFor();

  // Weeks: the current week open, older weeks closed and opened on a tap.
  const weeks = page.locator('details.week');
  assert.ok(await weeks.count() >= 3, 'entries of several weeks are grouped by week');
  const current = page.locator('details.week[data-current="true"]');
  assert.equal(await current.getAttribute('open'), '');
  const older = page.locator(`details.week[data-testid="week-${await page.evaluate((d) => {
    const x = new Date(`${d}T00:00:00Z`); x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7)); return x.toISOString().slice(0, 10);
  }, day(-15))}"]`);
  assert.equal(await older.getAttribute('open'), null, 'an older week starts closed');
  assert.equal(await older.locator('[data-testid^="entry-"]').first().isVisible(), false);
  await older.locator('summary').click();
  await older.locator('[data-testid^="entry-"]').first().waitFor();
  await noSideScroll(page, 'the logbook at 360 px');
  await assertAccessible(page, 'the logbook grouped by week');

  // Validation in the page, not in browser pop-ups.
  assert.equal(await form.getAttribute('novalidate'), '');
  await form.getByLabel('Date').fill(day(1));
  await form.getByLabel('Hours').fill('13');
  await form.getByLabel('What I did').fill('Too short');
  await form.getByRole('button', { name: 'Add entry' }).click();
  assert.match(await form.locator('.field-error').nth(0).textContent(), /Choose a day from .* to /);
  assert.match(await form.locator('.field-error').nth(1).textContent(), /0\.5 to 12/);
  assert.match(await form.locator('.field-error').nth(2).textContent(), /at least 20 characters/);
  assert.equal(await form.getByLabel('Hours').getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, 'the logbook form with its errors');

  // The network goes; two entries are written: one new day, one for today (which has an entry).
  await page.context().setOffline(true);
  const write = async (date, hours, text) => {
    await form.getByLabel('Date').fill(date);
    await form.getByLabel('Hours').fill(hours);
    await form.getByLabel('What I did').fill(text);
    await form.getByRole('button', { name: 'Add entry' }).click();
  };
  await write(day(-1), '5', 'Wrote the offline queue and its tests on the bus.');
  await page.locator('[data-testid^="kept-"][data-state="waiting"]').first().waitFor();
  await write(day(0), '2', 'A second entry for today, which the server refuses.');
  const waiting = page.locator('[data-testid^="kept-"][data-state="waiting"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="kept-"][data-state="waiting"]').length === 2);
  assert.equal(await waiting.count(), 2);
  assert.match(await waiting.first().textContent(), /Waiting to send/);
  await noSideScroll(page, 'the outbox at 360 px');
  await assertAccessible(page, 'two entries waiting to send');
  await screenshot(page, 'student-logbook-offline');
  assert.equal((await w.admin.collection('logbook_entries').getFullList({ filter: `placement = "${main.id}" && date = "${isoDay(-1)}"` })).length, 0,
    'nothing reached the server while offline');

  // Back online: one accepted, the other refused with the server's duplicate message.
  await page.context().setOffline(false);
  const refused = page.locator('[data-testid^="kept-"][data-state="refused"]');
  await refused.waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid^="kept-"][data-state="waiting"]'));
  assert.match(await refused.getByTestId('kept-reason').textContent(), /already|one entry|same day/i);
  const sent = await w.admin.collection('logbook_entries').getFullList({ filter: `placement = "${main.id}" && date = "${isoDay(-1)}"` });
  assert.equal(sent.length, 1, 'the entry reached the server once');
  await page.locator(`[data-testid="entry-${sent[0].id}"][data-sync="accepted"]`).waitFor({ state: 'attached' });
  await assertAccessible(page, 'an accepted and a refused entry');
  await screenshot(page, 'student-logbook-refused');

  // Sending the same entry again (an unclear failure's retry) is accepted, not doubled.
  const again = await page.evaluate(async (rec) => {
    const { sendEntry } = await import('/js/offline.js');
    return (await sendEntry({ id: rec.id, placement: rec.placement, date: rec.date.slice(0, 10), hours: rec.hours,
      activity: rec.activity, learning: rec.learning })).state;
  }, sent[0]);
  assert.equal(again, 'accepted');
  assert.equal((await w.admin.collection('logbook_entries').getFullList({ filter: `placement = "${main.id}" && date = "${isoDay(-1)}"` })).length, 1);

  // The refused one is edited (its server error under the date) and sent again.
  await refused.getByRole('button', { name: 'Edit and send again' }).click();
  const edit = page.getByTestId('edit-kept-form');
  await edit.locator('.field-error').first().waitFor();
  await edit.getByLabel('Date').fill(day(-2));
  await edit.getByRole('button', { name: 'Send again' }).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid^="kept-"]'));
  assert.equal((await w.admin.collection('logbook_entries').getFullList({ filter: `placement = "${main.id}" && date = "${isoDay(-2)}"` })).length, 1);

  // A refused entry can also be discarded, after a confirmation.
  await page.context().setOffline(true);
  await write(day(0), '1', 'Another entry for today, to be discarded.');
  await page.context().setOffline(false);
  await refused.waitFor({ timeout: 15_000 });
  await refused.getByRole('button', { name: 'Discard' }).click();
  const dialog = page.getByTestId('confirm-dialog');
  assert.match(await dialog.textContent(), /only on this phone/);
  await assertAccessible(page, 'the discard confirmation');
  await page.getByTestId('confirm-yes').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid^="kept-"]'));

  // A reload without a connection opens the cached shell.
  await page.waitForFunction(async () => {
    const c = await caches.open('ib-shell-v1');
    return !!(await c.match('/js/views/logbook.js')) && !!(await c.match('/i18n/logbook.js')) && !!(await c.match('/'));
  }, null, { timeout: 15_000 });
  await page.context().setOffline(true);
  await page.reload();
  await page.locator('main').waitFor();
  assert.ok((await page.evaluate(() => document.querySelectorAll('script[type="module"]').length)) > 0, 'the shell came from the cache');
  // …and the logbook can be written: kept, then sent when the connection returns.
  await page.getByTestId('offline-placement').waitFor();
  await assertAccessible(page, 'the placement page opened offline');
  const offForm = page.getByTestId('add-entry-form');
  await offForm.getByLabel('Date').fill(day(-4));
  await offForm.getByLabel('Hours').fill('4');
  await offForm.getByLabel('What I did').fill('Opened the portal on the bus without a connection and wrote this.');
  await offForm.getByRole('button', { name: 'Add entry' }).click();
  await page.locator('[data-testid^="kept-"][data-state="waiting"]').waitFor();
  await page.context().setOffline(false);
  await page.waitForFunction(() => !document.querySelector('[data-testid^="kept-"]'), null, { timeout: 15_000 });
  assert.equal((await w.admin.collection('logbook_entries').getFullList({ filter: `placement = "${main.id}" && date = "${isoDay(-4)}"` })).length, 1);
  await page.context().close();
});

test('Malayalam: the logbook, the outbox and the week groups', { skip, timeout: 60_000 }, async () => {
  const page = await portal(browser, srv.url, w.accounts.s1.email, PASSWORD, { problems, width: 390 });
  await page.goto(`${srv.url}/#/placements/${main.id}`);
  await malayalam(page);
  const form = page.getByTestId('add-entry-form');
  await form.waitFor();
  assert.match(await page.getByTestId('logbook-section').locator('h2').textContent(), /ലോഗ്ബുക്ക്/);
  await page.context().setOffline(true);
  await form.getByLabel('തീയതി').fill(day(-3));
  await form.getByLabel('മണിക്കൂർ').fill('3');
  await form.getByLabel('ഞാൻ ചെയ്തത്').fill('ബസിൽ ഇരുന്ന് ടെസ്റ്റുകൾ എഴുതി, റിവ്യൂ ചെയ്തു.');
  await form.getByRole('button', { name: 'എൻട്രി ചേർക്കുക' }).click();
  const kept = page.locator('[data-testid^="kept-"][data-state="waiting"]');
  await kept.waitFor();
  assert.match(await kept.textContent(), /അയയ്ക്കാൻ കാത്തിരിക്കുന്നു/);
  await noSideScroll(page, 'the Malayalam logbook at 390 px');
  await assertAccessible(page, 'the Malayalam logbook with an entry waiting');
  await page.context().setOffline(false);
  await page.waitForFunction(() => !document.querySelector('[data-testid^="kept-"]'), null, { timeout: 15_000 });
  assert.match(await page.locator('details.week summary').first().textContent(), /ആഴ്ച/);
  await page.context().close();
});

test('an accepted internship that starts later is upcoming, with what to do until then', { skip, timeout: 60_000 }, async () => {
  const p = await placement(w.s2, { starts: 45, title: 'Later internship' });
  const page = await portal(browser, srv.url, w.accounts.s2.email, PASSWORD, { problems, width: 360 });
  await page.goto(`${srv.url}/#/placements`);
  const card = page.locator(`[data-testid="placement-${p.id}"][data-state="upcoming"]`);
  await card.waitFor();
  assert.match(await card.textContent(), /Upcoming — starts on/);
  assert.doesNotMatch(await card.textContent(), /Ongoing/);
  assert.equal(await page.getByTestId('open-logbook').count(), 0);
  await assertAccessible(page, 'the upcoming placement card');
  await page.goto(`${srv.url}/#/placements/${p.id}`);
  const up = page.getByTestId('upcoming-placement');
  await up.waitFor();
  assert.match(await up.textContent(), /Upcoming — starts on/);
  assert.equal(await page.getByTestId('add-entry-form').count(), 0, 'no logbook form before the start');
  assert.match(await page.getByTestId('logbook-not-yet').textContent(), /From that day you can write your logbook/);
  await noSideScroll(page, 'the upcoming placement at 360 px');
  await assertAccessible(page, 'the upcoming placement');
  await screenshot(page, 'student-upcoming-placement');
  await malayalam(page);
  await page.getByTestId('upcoming-placement').waitFor();
  assert.match(await page.getByTestId('upcoming-placement').textContent(), /തുടങ്ങാനിരിക്കുന്നു/);
  await assertAccessible(page, 'the upcoming placement in Malayalam');
  await page.context().close();
});

test('submitting an evaluation and completing a placement ask first and say what happens', { skip, timeout: 90_000 }, async () => {
  // An optional task, submitted: the supervisor's approval asks first (the score becomes final).
  const task = await w.supX.collection('tasks').create({ internship: main.internship, title: 'Write the API notes', max_score: 10, required: false });
  const sub = await w.s1.collection('submissions').create({ task: task.id, placement: main.id, link: 'https://example.org/notes' });
  const sup = await portal(browser, srv.url, w.accounts.supX.email, PASSWORD, { problems, width: 360 });
  await sup.goto(`${srv.url}/#/placements/${main.id}`);
  const review = sup.getByTestId(`task-${task.id}`).getByTestId('review-form');
  await review.getByLabel('Score (0 to 10)').fill('8');
  await review.getByTestId('approve-submission').click();
  const ask = sup.getByTestId('confirm-dialog');
  await ask.waitFor();
  assert.match(await ask.textContent(), /8 of 10 becomes final/);
  await assertAccessible(sup, 'the approval confirmation');
  await sup.getByTestId('confirm-yes').click();
  await sup.locator(`[data-testid="submission-${sub.id}"][data-status="approved"]`).waitFor();

  // The supervisor submits the evaluation: a confirmation, "Not yet" keeps it a draft.
  const form = sup.getByTestId('evaluation-form-supervisor');
  await form.waitFor();
  const inputs = form.locator('input[type="number"]');
  await inputs.first().waitFor();
  assert.match(await form.locator('label').first().textContent(), /\(0 to \d+\)$/);
  for (let i = 0; i < await inputs.count(); i++) {
    await inputs.nth(i).fill(String(Math.round(Number(await inputs.nth(i).getAttribute('max')) * 0.8)));
  }
  await form.getByRole('button', { name: 'Submit evaluation' }).click();
  const dialog = sup.getByTestId('confirm-dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /can no longer change/);
  assert.match(await dialog.textContent(), new RegExp(w.accounts.s1.name));
  await assertAccessible(sup, 'the evaluation confirmation');
  await sup.getByTestId('confirm-no').click();
  assert.equal((await w.admin.collection('evaluations').getFullList({ filter: `placement = "${main.id}"` })).length, 0, '"Not yet" sends nothing');
  await form.getByRole('button', { name: 'Submit evaluation' }).click();
  await sup.getByTestId('confirm-yes').click();
  await sup.getByTestId('evaluation-supervisor').waitFor();
  const [ev] = await w.admin.collection('evaluations').getFullList({ filter: `placement = "${main.id}"` });
  assert.equal(ev.submitted, true);
  await sup.context().close();

  await w.mentorA.collection('evaluations').create({ placement: main.id, kind: 'mentor', submitted: true,
    scores: { logbook: 9, report: 17, viva: 16 } });

  // The mentor completes, in Malayalam: the dialog names the student, the hours and the certificate.
  const mentor = await portal(browser, srv.url, w.accounts.mentorA.email, PASSWORD, { problems, width: 360 });
  await mentor.goto(`${srv.url}/#/placements/${main.id}`);
  await mentor.getByTestId('complete-placement').waitFor();
  await mentor.getByTestId('complete-placement').click();
  const d = mentor.getByTestId('confirm-dialog');
  await d.waitFor();
  const text = await d.textContent();
  assert.match(text, new RegExp(w.accounts.s1.name));
  assert.match(text, /72 approved hours/);
  assert.match(text, /certificate is issued/);
  assert.match(text, /2 credits/);
  await assertAccessible(mentor, 'the completion confirmation');
  await mentor.getByTestId('confirm-no').click();
  assert.equal((await w.admin.collection('placements').getOne(main.id)).status, 'ongoing', 'cancel completes nothing');

  await malayalam(mentor);
  await mentor.getByTestId('complete-placement').click();
  await d.waitFor();
  assert.match(await d.textContent(), /സർട്ടിഫിക്കറ്റ്/);
  await assertAccessible(mentor, 'the completion confirmation in Malayalam');
  await screenshot(mentor, 'mentor-complete-confirm-ml');
  await mentor.getByTestId('confirm-yes').click();
  await mentor.locator('[data-testid="placement-status"][data-state="completed"]').waitFor({ timeout: 10_000 });
  assert.equal((await w.admin.collection('placements').getOne(main.id)).status, 'completed');
  await assertAccessible(mentor, 'the completed placement in Malayalam');
  await mentor.context().close();
});

test('no page errors and no external requests', { skip }, () => {
  assert.deepEqual(problems.filter((p) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|network/i.test(p)), []);
});
