// The portal in a real browser: a student applies with a résumé, the
// coordinator endorses, the supervisor shortlists and offers, the student
// sees the offer appear live and accepts, logs a day, the supervisor approves
// it; and the public verify page shows a certificate's state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../lib/server.mjs';
import { makeWorld, openInternship, PASSWORD, isoDay } from '../lib/world.mjs';
import { browserMissing, launch, portal, nav, screenshot } from '../lib/browser.mjs';

const skip = browserMissing() || false;
let srv, w, browser;
const problems = [];

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

test('one internship through the portal, four roles, live updates', { skip, timeout: 120_000 }, async () => {
  const internship = await openInternship(w, { title: 'Portal test internship' });
  const resume = join(mkdtempSync(join(tmpdir(), 'ib-cv-')), 'resume.pdf');
  writeFileSync(resume, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const as = (key) => portal(browser, srv.url, w.accounts[key].email, PASSWORD, { problems });

  // The student applies with a résumé.
  const student = await as('s1');
  await screenshot(student, 'student-home');
  await nav(student, 'nav-internships');
  await student.getByRole('link', { name: 'Portal test internship' }).click();
  await student.getByLabel('Statement').fill('I build web apps and want to learn how real teams ship.');
  await student.getByLabel('Résumé (PDF)').setInputFiles(resume);
  await student.getByRole('button', { name: 'Apply' }).click();
  await student.getByRole('heading', { level: 1, name: 'Application' }).waitFor();
  const appId = (await student.locator('[data-testid^="application-"]').first().getAttribute('data-testid')).slice('application-'.length);
  const stored = await w.admin.collection('applications').getOne(appId);
  assert.equal(stored.status, 'submitted');
  assert.equal(stored.internship, internship.id);
  assert.match(stored.resume, /\.pdf$/);
  await nav(student, 'nav-applications');
  const studentCard = (status) => student.locator(`[data-testid="application-${appId}"][data-status="${status}"]`);
  await studentCard('submitted').waitFor();

  // The coordinator endorses.
  const coord = await as('coordA');
  await nav(coord, 'nav-applications');
  await coord.getByTestId(`application-${appId}`).getByRole('button', { name: 'Endorse' }).click();
  await coord.getByTestId('confirm-yes').click();
  await coord.locator(`[data-testid="application-${appId}"][data-status="endorsed"]`).waitFor();
  await screenshot(coord, 'coordinator-applications');

  // The supervisor shortlists and offers.
  const sup = await as('supX');
  await nav(sup, 'nav-applicants');
  const supCard = sup.getByTestId(`application-${appId}`);
  await supCard.getByRole('button', { name: 'Shortlist' }).click();
  await sup.locator(`[data-testid="application-${appId}"][data-status="shortlisted"]`).waitFor();
  await supCard.getByRole('button', { name: 'Offer' }).click();
  await sup.getByTestId('confirm-yes').click();
  await sup.locator(`[data-testid="application-${appId}"][data-status="offered"]`).waitFor();
  await screenshot(sup, 'supervisor-applicants');

  // The student, still on the same page, sees the offer arrive live and accepts.
  await studentCard('offered').waitFor({ timeout: 10_000 });
  await student.waitForFunction(() => /offer/i.test(document.querySelector('[data-testid="live"]')?.textContent ?? ''), null, { timeout: 10_000 });
  await student.getByTestId(`application-${appId}`).getByRole('button', { name: 'Accept offer' }).click();
  await student.getByTestId('confirm-yes').click();
  await studentCard('accepted').waitFor();
  assert.equal((await w.admin.collection('placements').getFullList({ filter: `application = "${appId}"` })).length, 1);

  // The student logs today.
  await nav(student, 'nav-placements');
  await student.getByTestId('open-logbook').first().click();
  const form = student.getByTestId('add-entry-form');
  await form.getByLabel('Date').fill(isoDay(0).slice(0, 10));
  await form.getByLabel('Hours').fill('6');
  await form.getByLabel('What I did').fill('Set up the development environment and read the booking code.');
  await form.getByLabel('What I learned').fill('How the app is structured.');
  await form.getByRole('button', { name: 'Add entry' }).click();
  await student.locator('[data-testid^="entry-"][data-status="pending"]').first().waitFor();

  // A second entry for the same day: the server's ib_duplicate shows next to the field.
  await form.getByLabel('Date').fill(isoDay(0).slice(0, 10));
  await form.getByLabel('Hours').fill('2');
  await form.getByLabel('What I did').fill('A second entry for the same day, which must be refused.');
  await form.getByRole('button', { name: 'Add entry' }).click();
  const fieldError = student.locator('.field-error').first();
  await fieldError.waitFor();
  assert.match(await fieldError.textContent(), /already|one entry|same day/i);
  await screenshot(student, 'student-logbook');

  // The supervisor approves it (batch); the student sees it turn approved live.
  await nav(sup, 'nav-logbook');
  await sup.getByLabel('Select all pending entries').check();
  await sup.getByRole('button', { name: 'Approve selected' }).click();
  await sup.getByText('Nothing to review.').waitFor();
  await student.locator('[data-testid^="entry-"][data-status="approved"]').first().waitFor({ timeout: 10_000 });
  const placement = await w.admin.collection('placements').getFirstListItem(`application = "${appId}"`);
  assert.equal(placement.approved_hours, 6);

  // The mentor's view, at phone width.
  const mentor = await portal(browser, srv.url, w.accounts.mentorA.email, PASSWORD, { problems, width: 360 });
  await screenshot(mentor, 'mentor-phone-home');
  const overflow = await mentor.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'the portal scrolls sideways at 360 px');

  assert.deepEqual(problems, []);
});

test('the public verify page shows a certificate’s state without JavaScript', { skip, timeout: 60_000 }, async () => {
  // A completed placement and its certificate, made by the server-side path in Go tests;
  // here we go through the API: complete a placement of S2 quickly.
  const internship = await openInternship(w, { title: 'Verify page internship', starts_on: isoDay(0) });
  const app = await w.s2.collection('applications').create({ internship: internship.id });
  await w.coordA.collection('applications').update(app.id, { status: 'endorsed' });
  await w.supX.collection('applications').update(app.id, { status: 'offered' });
  await w.s2.collection('applications').update(app.id, { status: 'accepted' });
  const placement = await w.s2.collection('placements').getFirstListItem(`application = "${app.id}"`);
  await w.coordA.collection('placements').update(placement.id, { mentor: w.mentorA.authStore.record.id });
  await w.admin.collection('internships').update(internship.id, { starts_on: isoDay(-4) });
  for (let d = -4; d <= 0; d++) {
    const e = await w.s2.collection('logbook_entries').create({ placement: placement.id, date: isoDay(d), hours: 12, activity: 'Worked on the data pipeline all day.' });
    await w.supX.collection('logbook_entries').update(e.id, { status: 'approved' });
  }
  await w.supX.collection('evaluations').create({ placement: placement.id, kind: 'supervisor', submitted: true, scores: { attendance: 9, skills: 9, initiative: 9, communication: 9, conduct: 9 } });
  await w.mentorA.collection('evaluations').create({ placement: placement.id, kind: 'mentor', submitted: true, scores: { logbook: 9, report: 18, viva: 18 } });
  await w.mentorA.collection('placements').update(placement.id, { status: 'completed' });
  const [cert] = await w.s2.collection('certificates').getFullList();

  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/verify/${cert.number}`);
  assert.equal(await page.getByRole('status').textContent(), 'VALID');
  assert.ok(!(await page.content()).includes(w.accounts.s2.name), 'the verify page shows the full name');
  await screenshot(page, 'verify-valid');

  await w.coordA.collection('certificates').update(cert.id, { status: 'revoked', revoke_reason: 'Issued to the wrong student.' });
  await page.reload();
  assert.equal(await page.getByRole('status').textContent(), 'REVOKED');
  assert.match(await page.content(), /Issued to the wrong student\./);
  await screenshot(page, 'verify-revoked');

  await page.goto(`${srv.url}/verify/IB-2026-ZZZZZZZZ`);
  assert.equal(await page.getByRole('status').textContent(), 'NOT FOUND');
  await ctx.close();
});

test('the open view catches up after the realtime connection comes back', { skip, timeout: 60_000 }, async () => {
  const internship = await openInternship(w, { title: 'Reconnect internship' });
  const app = await w.s3.collection('applications').create({ internship: internship.id });
  const student = await portal(browser, srv.url, w.accounts.s3.email, PASSWORD, { problems });
  await nav(student, 'nav-applications');
  const card = (status) => student.locator(`[data-testid="application-${app.id}"][data-status="${status}"]`);
  await card('submitted').waitFor();
  // The first connect is not a catch-up.
  assert.doesNotMatch(await student.getByTestId('live').textContent(), /Connection restored/);

  // The connection drops (the page's own SDK instance: ES modules are one
  // instance per URL); the coordinator endorses meanwhile, and the event
  // sent then is lost.
  await student.evaluate(async () => {
    const { pb } = await import('/js/api.js');
    pb.realtime.disconnect();
  });
  await w.coordB.collection('applications').update(app.id, { status: 'endorsed' });
  await new Promise((ok) => setTimeout(ok, 500));
  assert.equal(await card('endorsed').count(), 0, 'an event arrived while disconnected');

  // The SDK connects again: the view loads its data again and shows it.
  await student.evaluate(async () => {
    const { pb } = await import('/js/api.js');
    await pb.realtime.connect();
  });
  await card('endorsed').waitFor({ timeout: 10_000 });
  await student.waitForFunction(() => /Connection restored/.test(document.querySelector('[data-testid="live"]')?.textContent ?? ''), null, { timeout: 5_000 });
  assert.deepEqual(problems, []);
});
