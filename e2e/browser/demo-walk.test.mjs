// A newcomer walks the demo: the server's data dir gets `internbase demo`
// before it serves, and each account the demo prints signs in to the portal
// in Chromium and does the first thing the printout tells it to try.
// Enrolling a student and verifying a host have no portal page yet (they are
// being built elsewhere): the coordinator does those two through the SDK of
// the signed-in page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, SUPERUSER } from '../lib/server.mjs';
import { client, isoDay } from '../lib/world.mjs';
import { browserMissing, launch, portal, nav } from '../lib/browser.mjs';

const skip = browserMissing() || false;
let srv, admin, browser;
const problems = [];
const accounts = {}; // by the local part of the email

/** The accounts the demo printed: role, name, email, password and what to try. */
function printedAccounts(out) {
  const re = /^(\S+) — (.+)\n {2}sign in: (\S+) \/ (\S+)\n {2}try: +(.+)$/gm;
  const found = [];
  for (const m of out.matchAll(re)) found.push({ role: m[1], name: m[2], email: m[3], password: m[4], try: m[5] });
  return found;
}

before(async () => {
  if (skip) return;
  srv = await start({ demo: true });
  for (const a of printedAccounts(srv.demoOutput)) accounts[a.email.split('@')[0]] = a;
  admin = client(srv.url);
  await admin.collection('_superusers').authWithPassword(SUPERUSER.email, SUPERUSER.password);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

const as = (key, opts = {}) => {
  const a = accounts[key];
  assert.ok(a, `the demo printed no account ${key}`);
  return portal(browser, srv.url, a.email, a.password, { problems, ...opts });
};
const one = (collection, filter) => admin.collection(collection).getFirstListItem(filter);

test('the demo prints an account of every role, each with something to try', { skip }, () => {
  assert.match(srv.demoOutput, /Loaded the demo world: created \d+ records/);
  assert.ok(srv.demoOutput.includes(`Open ${srv.url}/ and sign in`), 'the printout names the server URL (IB_APP_URL)');
  const roles = new Set(Object.values(accounts).map((a) => a.role));
  for (const r of ['superuser', 'student', 'supervisor', 'coordinator', 'mentor']) assert.ok(roles.has(r), `no ${r} printed`);
  for (const a of Object.values(accounts)) assert.ok(a.try.length > 20, `${a.email} has nothing to try`);
  for (const k of ['student', 'student2', 'supervisor', 'coordinator', 'mentor', 'host', 'newstudent']) assert.ok(accounts[k], `no ${k} account`);
});

test('student: writes today’s logbook entry', { skip, timeout: 60_000 }, async () => {
  assert.match(accounts.student.try, /today's entry/);
  const page = await as('student');
  await nav(page, 'nav-placements');
  await page.getByTestId('open-logbook').first().click();
  const form = page.getByTestId('add-entry-form');
  await form.getByLabel('Date').fill(isoDay(0).slice(0, 10));
  await form.getByLabel('Hours').fill('6');
  await form.getByLabel('What I did').fill('Wrote the handler for cancelling a booking, with its tests.');
  await form.getByLabel('What I learned').fill('How to roll back a transaction.');
  await form.getByRole('button', { name: 'Add entry' }).click();
  const anjali = await one('users', 'email = "student@demo.internbase.localhost"');
  const placement = await one('placements', `student = "${anjali.id}" && status = "ongoing"`);
  let entry;
  for (let i = 0; i < 50 && !entry; i++) {
    entry = (await admin.collection('logbook_entries').getFullList({ filter: `placement = "${placement.id}" && date = "${isoDay(0)}"` }))[0];
    if (!entry) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(entry, 'today’s entry was not saved');
  assert.equal(entry.status, 'pending');
  await page.locator(`[data-testid="entry-${entry.id}"][data-status="pending"]`).waitFor();
  await page.context().close();
});

test('supervisor: approves the pending entries and moves applicants', { skip, timeout: 60_000 }, async () => {
  const page = await as('supervisor');
  await nav(page, 'nav-logbook');
  await page.getByLabel('Select all pending entries').check();
  await page.getByRole('button', { name: 'Approve selected' }).click();
  await page.getByText('Nothing to review.').waitFor();
  const anjali = await one('users', 'email = "student@demo.internbase.localhost"');
  const placement = await one('placements', `student = "${anjali.id}" && status = "ongoing"`);
  const pending = await admin.collection('logbook_entries').getFullList({ filter: `placement = "${placement.id}" && status = "pending"` });
  assert.equal(pending.length, 0, 'entries still pending after Approve selected');

  const nikhil = await one('applications', 'status = "endorsed" && student.name = "Nikhil Joseph"');
  const sneha = await one('applications', 'status = "shortlisted" && student.name = "Sneha Mathew"');
  await nav(page, 'nav-applicants');
  await page.getByTestId(`application-${nikhil.id}`).getByRole('button', { name: 'Shortlist' }).click();
  await page.locator(`[data-testid="application-${nikhil.id}"][data-status="shortlisted"]`).waitFor();
  await page.getByTestId(`application-${sneha.id}`).getByRole('button', { name: 'Offer' }).click();
  await page.locator(`[data-testid="application-${sneha.id}"][data-status="offered"]`).waitFor();
  await page.context().close();
});

test('student with an offer: accepts it', { skip, timeout: 60_000 }, async () => {
  const rahul = await one('users', 'email = "student2@demo.internbase.localhost"');
  const offer = await one('applications', `student = "${rahul.id}" && status = "offered"`);
  const page = await as('student2');
  await nav(page, 'nav-applications');
  await page.getByTestId(`application-${offer.id}`).getByRole('button', { name: 'Accept offer' }).click();
  await page.locator(`[data-testid="application-${offer.id}"][data-status="accepted"]`).waitFor();
  assert.equal((await admin.collection('placements').getFullList({ filter: `application = "${offer.id}"` })).length, 1);
  await page.context().close();
});

test('new host: drafts a posting, which cannot open before verification', { skip, timeout: 60_000 }, async () => {
  const page = await as('host');
  await nav(page, 'nav-postings');
  const form = page.getByTestId('new-posting-form');
  await form.getByLabel('Title').fill('Farm sensor intern');
  await form.getByLabel('Seats').fill('2');
  await form.getByLabel('Apply by').fill(isoDay(20).slice(0, 10));
  await form.getByLabel('Starts on').fill(isoDay(30).slice(0, 10));
  await form.getByLabel('Ends on').fill(isoDay(90).slice(0, 10));
  await form.getByRole('button', { name: 'Save draft' }).click();
  await page.getByTestId('open-posting').click();
  await page.getByTestId('manage-posting').getByRole('alert').filter({ hasText: /verif/i }).waitFor();
  const posting = await one('internships', 'title = "Farm sensor intern"');
  assert.equal(posting.status, 'draft');
  await page.context().close();
});

test('student waiting for enrolment: looks around, cannot apply yet', { skip, timeout: 60_000 }, async () => {
  const page = await as('newstudent');
  await nav(page, 'nav-internships');
  await page.getByRole('link', { name: 'Frontend developer intern (demo)' }).click();
  const resume = join(mkdtempSync(join(tmpdir(), 'ib-cv-')), 'resume.pdf');
  writeFileSync(resume, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  await page.getByLabel('Statement').fill('I have made two small web apps and want to learn from a real team.');
  await page.getByLabel('Résumé (PDF)').setInputFiles(resume);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.locator('.field-error, [data-testid="form-alert"]').filter({ hasText: /enrol/i }).first().waitFor();
  assert.equal((await admin.collection('applications').getFullList({ filter: 'student.email = "newstudent@demo.internbase.localhost"' })).length, 0);
  await page.context().close();
});

test('coordinator: endorses, enrols, verifies and completes the ready placement; the certificate verifies', { skip, timeout: 90_000 }, async () => {
  const arjun = await one('applications', 'status = "submitted" && student.name = "Arjun Das"');
  const page = await as('coordinator');
  await nav(page, 'nav-applications');
  await page.getByTestId(`application-${arjun.id}`).getByRole('button', { name: 'Endorse' }).click();
  await page.locator(`[data-testid="application-${arjun.id}"][data-status="endorsed"]`).waitFor();

  // No portal page for these two yet: the signed-in page's SDK does them.
  const diya = await one('users', 'email = "newstudent@demo.internbase.localhost"');
  const org = await one('organizations', 'name = "Malabar Agritech (demo)"');
  await page.evaluate(async ({ diya, org }) => {
    const { pb } = await import('/js/api.js');
    await pb.collection('users').update(diya, { enrolled: true });
    await pb.collection('organizations').update(org, { verified: true });
  }, { diya: diya.id, org: org.id });
  assert.equal((await admin.collection('users').getOne(diya.id)).enrolled, true);
  assert.equal((await admin.collection('organizations').getOne(org.id)).verified, true);

  const meera = await one('placements', 'status = "ongoing" && student.name = "Meera Pillai"');
  await page.goto(`${srv.url}/#/placements/${meera.id}`);
  await page.getByTestId('complete-placement').click();
  const verify = page.getByTestId('certificates-of-placement').getByRole('link', { name: /Verify certificate/ });
  await verify.waitFor();
  const number = (await verify.textContent()).match(/IB-\d{4}-[0-9A-Z]{8}/)[0];
  assert.equal((await admin.collection('placements').getOne(meera.id)).status, 'completed');
  await page.goto(`${srv.url}/verify/${number}`);
  assert.equal(await page.getByRole('status').textContent(), 'VALID');
  await page.context().close();
});

test('mentor: reviews the final report, writes the evaluation, completes', { skip, timeout: 90_000 }, async () => {
  const vishnu = await one('placements', 'status = "ongoing" && student.name = "Vishnu Prasad"');
  const page = await as('mentor');
  await nav(page, 'nav-placements');
  await page.locator(`a[href="#/placements/${vishnu.id}"]`).first().click();
  const review = page.getByTestId('review-form');
  await review.getByLabel(/^Score/).fill('16');
  await review.getByLabel('Feedback').fill('Well argued; add the test plans as an appendix next time.');
  await review.getByTestId('approve-submission').click();
  await page.getByTestId('review-form').waitFor({ state: 'detached' });

  const form = page.getByTestId('evaluation-form-mentor');
  const inputs = form.locator('input[type="number"]');
  for (let i = 0; i < await inputs.count(); i++) {
    const max = Number(await inputs.nth(i).getAttribute('max'));
    await inputs.nth(i).fill(String(Math.round(max * 0.8)));
  }
  await form.getByLabel('Remarks').fill('Careful tester; a confident viva.');
  await form.getByRole('button', { name: 'Submit evaluation' }).click();
  await page.getByTestId('evaluation-mentor').getByText('Submitted.').waitFor();

  await page.getByTestId('complete-placement').click();
  await page.getByTestId('certificates-of-placement').getByRole('link', { name: /Verify certificate/ }).waitFor();
  assert.equal((await admin.collection('placements').getOne(vishnu.id)).status, 'completed');
  await page.context().close();
});

test('after the coordinator: the host opens its posting, the enrolled student applies', { skip, timeout: 60_000 }, async () => {
  const host = await as('host');
  const posting = await one('internships', 'title = "Farm sensor intern"');
  await host.goto(`${srv.url}/#/internships/${posting.id}`);
  await host.getByTestId('open-posting').click();
  await host.getByRole('button', { name: 'Close applications' }).waitFor();
  assert.equal((await admin.collection('internships').getOne(posting.id)).status, 'open');
  await host.context().close();

  const page = await as('newstudent');
  await nav(page, 'nav-internships');
  await page.getByRole('link', { name: 'Farm sensor intern' }).click();
  await page.getByLabel('Statement').fill('I grew up on a farm and want to learn how the sensors work.');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('heading', { level: 1, name: 'Application' }).waitFor();
  const mine = await admin.collection('applications').getFullList({ filter: `internship = "${posting.id}"` });
  assert.equal(mine.length, 1);
  assert.equal(mine[0].status, 'submitted');
  await page.context().close();
});

test('superuser: signs in to the admin UI', { skip, timeout: 60_000 }, async () => {
  const a = accounts[SUPERUSER_KEY()];
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/_/`);
  await page.locator('input[type="email"], input[name="identity"]').first().fill(a.email);
  await page.locator('input[type="password"]').first().fill(a.password);
  await page.getByRole('button', { name: /log ?in/i }).click();
  await page.getByText('internships', { exact: true }).first().waitFor({ timeout: 20_000 });
  await ctx.close();
  assert.deepEqual(problems, []);
});

function SUPERUSER_KEY() {
  return Object.keys(accounts).find((k) => accounts[k].role === 'superuser');
}
