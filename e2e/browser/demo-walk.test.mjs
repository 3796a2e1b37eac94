// A newcomer walks the demo: the server's data dir gets `internbase demo`
// before it serves, and each account the demo prints signs in to the portal
// in Chromium and does the first thing the printout tells it to try, going
// where the printout says: each step names the portal's menu item (e.g.
// "Enrolments: enrol Diya"), which the walk finds by that name and clicks.
// The README's example roster (docs/examples/roster.csv) is checked on the
// coordinator's Roster page as well.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * Goes where the account's printed try line says: one of its steps must
 * start with `place` ("Place: …" or "Place › Button: …"), and `place` must be
 * an item of the portal's main menu, which is clicked.
 */
async function goTo(page, key, place) {
  const steps = accounts[key].try.split('; ');
  assert.ok(steps.some((s) => s.startsWith(`${place}:`) || s.startsWith(`${place} › `)),
    `${key}'s printed try line does not send them to ${place}: ${accounts[key].try}`);
  const escaped = place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${escaped}(\\s|$)`) }).click();
}

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
  assert.match(accounts.student.try, /^My placement › Open logbook and tasks: /);
  const page = await as('student');
  await goTo(page, 'student', 'My placement');
  await page.getByRole('link', { name: 'Open logbook and tasks' }).first().click();
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
  await goTo(page, 'supervisor', 'Logbook approvals');
  await page.getByLabel('Select all pending entries').check();
  await page.getByRole('button', { name: 'Approve selected' }).click();
  await page.getByText('Nothing to review.').waitFor();
  const anjali = await one('users', 'email = "student@demo.internbase.localhost"');
  const placement = await one('placements', `student = "${anjali.id}" && status = "ongoing"`);
  const pending = await admin.collection('logbook_entries').getFullList({ filter: `placement = "${placement.id}" && status = "pending"` });
  assert.equal(pending.length, 0, 'entries still pending after Approve selected');

  const nikhil = await one('applications', 'status = "endorsed" && student.name = "Nikhil Joseph"');
  const sneha = await one('applications', 'status = "shortlisted" && student.name = "Sneha Mathew"');
  await goTo(page, 'supervisor', 'Applicants');
  await page.getByTestId(`application-${nikhil.id}`).getByRole('button', { name: 'Shortlist' }).click();
  await page.locator(`[data-testid="application-${nikhil.id}"][data-status="shortlisted"]`).waitFor();
  await page.getByTestId(`application-${sneha.id}`).getByRole('button', { name: 'Offer' }).click();
  await page.getByTestId('confirm-yes').click();
  await page.locator(`[data-testid="application-${sneha.id}"][data-status="offered"]`).waitFor();
  await page.context().close();
});

test('student with an offer: accepts it', { skip, timeout: 60_000 }, async () => {
  const rahul = await one('users', 'email = "student2@demo.internbase.localhost"');
  const offer = await one('applications', `student = "${rahul.id}" && status = "offered"`);
  const page = await as('student2');
  await goTo(page, 'student2', 'My applications');
  await page.getByTestId(`application-${offer.id}`).getByRole('button', { name: 'Accept offer' }).click();
  await page.getByTestId('confirm-yes').click();
  await page.locator(`[data-testid="application-${offer.id}"][data-status="accepted"]`).waitFor();
  assert.equal((await admin.collection('placements').getFullList({ filter: `application = "${offer.id}"` })).length, 1);
  await page.context().close();
});

test('new host: drafts a posting, which cannot open before verification', { skip, timeout: 60_000 }, async () => {
  const page = await as('host');
  await page.getByTestId('unverified-notice').waitFor();
  await goTo(page, 'host', 'Postings');
  const form = page.getByTestId('new-posting-form');
  await form.getByLabel('Title').fill('Farm sensor intern');
  await form.getByLabel('Seats').fill('2');
  await form.getByLabel('Apply by').fill(isoDay(20).slice(0, 10));
  await form.getByLabel('Starts on').fill(isoDay(30).slice(0, 10));
  await form.getByLabel('Ends on').fill(isoDay(90).slice(0, 10));
  await form.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('heading', { level: 1, name: 'Farm sensor intern' }).waitFor();
  await page.getByTestId('open-posting').click();
  await page.getByTestId('manage-posting').getByRole('alert').filter({ hasText: /verif/i }).waitFor({ timeout: 15_000 })
    .catch(async (err) => {
      // Seen once in CI, not reproduced: say what the page showed instead.
      const seen = await page.evaluate(() => ({ url: location.hash, live: document.querySelector('[data-testid="live"]')?.textContent,
        manage: document.querySelector('[data-testid="manage-posting"]')?.textContent, h1: document.querySelector('main h1')?.textContent }));
      throw new Error(`${err.message}\nthe page showed: ${JSON.stringify(seen)}`);
    });
  const posting = await one('internships', 'title = "Farm sensor intern"');
  assert.equal(posting.status, 'draft');
  await page.context().close();
});

test('student waiting for enrolment: looks around, cannot apply yet', { skip, timeout: 60_000 }, async () => {
  const page = await as('newstudent');
  await page.getByTestId('not-enrolled-notice').waitFor();
  await goTo(page, 'newstudent', 'Internships');
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

test('coordinator: endorses, enrols Diya, verifies the host and completes the ready placement; the certificate verifies', { skip, timeout: 90_000 }, async () => {
  assert.match(accounts.coordinator.try, /Enrolments: enrol Diya/);
  assert.match(accounts.coordinator.try, /Hosts to verify: verify Malabar Agritech/);
  const arjun = await one('applications', 'status = "submitted" && student.name = "Arjun Das"');
  const page = await as('coordinator');
  await goTo(page, 'coordinator', 'Applications');
  await page.getByTestId(`application-${arjun.id}`).getByRole('button', { name: 'Endorse' }).click();
  await page.getByTestId('confirm-yes').click();
  await page.locator(`[data-testid="application-${arjun.id}"][data-status="endorsed"]`).waitFor();
  assert.equal((await admin.collection('applications').getOne(arjun.id)).status, 'endorsed');

  // Enrolments: Diya is the one student waiting (the menu says so); Enrol.
  const diya = await one('users', 'email = "newstudent@demo.internbase.localhost"');
  assert.equal(diya.enrolled, false);
  await page.getByTestId('enrolments-count').waitFor();
  assert.match(await page.getByTestId('nav-enrolments').textContent(), /^Enrolments\s*1\s*waiting$/);
  await goTo(page, 'coordinator', 'Enrolments');
  await page.getByRole('heading', { level: 1, name: 'Students waiting for enrolment' }).waitFor();
  const student = page.getByTestId(`student-${diya.id}`);
  await student.waitFor();
  assert.equal(await page.getByTestId('enrolments').locator('article').count(), 1);
  const card = await student.textContent();
  for (const want of ['Diya Suresh', 'MCP25CS031', 'BSc Computer Science']) assert.ok(card.includes(want), `Diya's card shows ${want}`);
  await student.getByRole('button', { name: 'Enrol' }).click();
  await student.waitFor({ state: 'detached' });
  await page.getByText('No students are waiting for enrolment.').waitFor();
  await page.getByTestId('enrolments-count').waitFor({ state: 'detached' });
  assert.equal((await admin.collection('users').getOne(diya.id)).enrolled, true);

  // Hosts to verify: Malabar Agritech, registered by Shabna; Verify asks first.
  const org = await one('organizations', 'name = "Malabar Agritech (demo)"');
  assert.equal(org.verified, false);
  await goTo(page, 'coordinator', 'Hosts to verify');
  await page.getByRole('heading', { level: 1, name: 'Host organisations to verify' }).waitFor();
  const host = page.getByTestId(`organization-${org.id}`);
  await host.waitFor();
  assert.equal(await page.getByTestId('hosts').locator('article').count(), 1);
  assert.match(await host.textContent(), /Shabna Yusuf/);
  await host.getByRole('button', { name: 'Verify' }).click();
  const ask = page.getByTestId('confirm-dialog');
  await ask.waitFor();
  assert.match(await ask.textContent(), /Verify Malabar Agritech \(demo\)\?\s*Its supervisors can then open the postings of Malabar Agritech \(demo\)/);
  assert.equal((await admin.collection('organizations').getOne(org.id)).verified, false, 'Verify alone changes nothing before the confirmation');
  await ask.getByRole('button', { name: 'Yes, verify Malabar Agritech (demo)' }).click();
  await host.waitFor({ state: 'detached' });
  await page.getByText('No host organisations are waiting for verification.').waitFor();
  assert.equal((await admin.collection('organizations').getOne(org.id)).verified, true);

  // Placements: complete Meera's.
  const meera = await one('placements', 'status = "ongoing" && student.name = "Meera Pillai"');
  await goTo(page, 'coordinator', 'Placements');
  await page.locator(`a[href="#/placements/${meera.id}"]`).first().click();
  await page.getByTestId('complete-placement').click();
  await page.getByTestId('confirm-yes').click();
  const verify = page.getByTestId('certificates-of-placement').getByRole('link', { name: /Verify certificate/ });
  await verify.waitFor();
  const number = (await verify.textContent()).match(/IB-\d{4}-[0-9A-Z]{8}/)[0];
  assert.equal((await admin.collection('placements').getOne(meera.id)).status, 'completed');
  await page.goto(`${srv.url}/verify/${number}`);
  assert.equal(await page.getByRole('status').textContent(), 'VALID');
  await page.context().close();
});

test('coordinator: checks the README’s example roster on the Roster page (a dry run: 7 to create, 1 error)', { skip, timeout: 60_000 }, async () => {
  const csv = fileURLToPath(new URL('../../docs/examples/roster.csv', import.meta.url));
  const page = await as('coordinator');
  await nav(page, 'nav-roster');
  await page.getByRole('heading', { level: 1, name: 'Roster import' }).waitFor();
  await page.getByLabel('CSV file').setInputFiles(csv);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.locator('[data-testid="roster-report"][data-dry-run="true"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('roster-created').textContent(), '7');
  assert.equal(await page.getByTestId('roster-updated').textContent(), '0');
  assert.equal(await page.getByTestId('roster-unchanged').textContent(), '0');
  assert.equal(await page.getByTestId('roster-errors').textContent(), '1');
  const first = page.getByTestId('roster-rows').locator('tbody tr').first();
  assert.equal(await first.getAttribute('data-result'), 'error');
  assert.match(await first.textContent(), /MCP23CS099.*semester must be a whole number from 1 to 8/);
  assert.equal((await admin.collection('users').getFullList({ filter: 'email ~ "@students.example.org"' })).length, 0, 'a dry run writes nothing');
  await page.context().close();
});

test('mentor: reviews the final report, writes the evaluation, completes', { skip, timeout: 90_000 }, async () => {
  const vishnu = await one('placements', 'status = "ongoing" && student.name = "Vishnu Prasad"');
  const page = await as('mentor');
  await goTo(page, 'mentor', 'My mentees');
  await page.locator(`a[href="#/placements/${vishnu.id}"]`).first().click();
  const review = page.getByTestId('review-form');
  await review.getByLabel(/^Score/).fill('16');
  await review.getByLabel('Feedback').fill('Well argued; add the test plans as an appendix next time.');
  await review.getByTestId('approve-submission').click();
  await page.getByTestId('confirm-yes').click();
  await page.getByTestId('review-form').waitFor({ state: 'detached' });

  const form = page.getByTestId('evaluation-form-mentor');
  const inputs = form.locator('input[type="number"]');
  for (let i = 0; i < await inputs.count(); i++) {
    const max = Number(await inputs.nth(i).getAttribute('max'));
    await inputs.nth(i).fill(String(Math.round(max * 0.8)));
  }
  await form.getByLabel('Remarks').fill('Careful tester; a confident viva.');
  await form.getByRole('button', { name: 'Submit evaluation' }).click();
  await page.getByTestId('confirm-yes').click();
  await page.getByTestId('evaluation-mentor').getByText('Submitted.').waitFor();

  await page.getByTestId('complete-placement').click();
  await page.getByTestId('confirm-yes').click();
  await page.getByTestId('certificates-of-placement').getByRole('link', { name: /Verify certificate/ }).waitFor();
  assert.equal((await admin.collection('placements').getOne(vishnu.id)).status, 'completed');
  await page.context().close();
});

test('after the coordinator: the host, verified, opens its draft; Diya, enrolled, applies', { skip, timeout: 60_000 }, async () => {
  const host = await as('host');
  assert.equal(await host.getByTestId('unverified-notice').count(), 0, 'the host still reads “waiting for verification”');
  const posting = await one('internships', 'title = "Farm sensor intern"');
  assert.equal(posting.status, 'draft');
  await goTo(host, 'host', 'Postings');
  await host.getByRole('link', { name: 'Farm sensor intern', exact: true }).click();
  await host.getByTestId('open-posting').click();
  await host.getByRole('button', { name: 'Close applications' }).waitFor();
  assert.equal((await admin.collection('internships').getOne(posting.id)).status, 'open');
  await host.context().close();

  const page = await as('newstudent');
  assert.equal(await page.getByTestId('not-enrolled-notice').count(), 0, 'Diya still reads “waiting for your college”');
  await goTo(page, 'newstudent', 'Internships');
  await page.getByRole('link', { name: 'Farm sensor intern' }).click();
  await page.getByTestId('apply-form').waitFor();
  assert.equal(await page.getByTestId('not-enrolled-apply').count(), 0);
  await page.getByLabel('Statement').fill('I grew up on a farm and want to learn how the sensors work.');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('heading', { level: 1, name: 'Application' }).waitFor();
  const mine = await admin.collection('applications').getFullList({ filter: `internship = "${posting.id}"`, expand: 'student' });
  assert.equal(mine.length, 1);
  assert.equal(mine[0].status, 'submitted');
  assert.equal(mine[0].expand.student.email, 'newstudent@demo.internbase.localhost');
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
