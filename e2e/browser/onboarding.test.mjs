// Onboarding in a real browser (DESIGN.md §11): the coordinator's enrolment
// queue, verification queue and roster import; a student who signed up and
// waits for their college; a host that registers itself and waits for a
// coordinator. Every new page is checked with axe-core (0 violations).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../lib/server.mjs';
import { makeWorld, openInternship, client, PASSWORD } from '../lib/world.mjs';
import { browserMissing, launch, portal, nav, assertAccessible } from '../lib/browser.mjs';

const skip = browserMissing() || false;
let srv, w, browser;
const problems = [];
let seq = 0;
const uniq = () => `${process.pid}-${Date.now().toString(36)}-${++seq}`;

// A valid GSTIN (its check character computed as the server does) and CIN.
const GSTIN = '32ABCDE1234F1Z9';
const CIN = 'U72200KL2019PTC012345';



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

/** A student signing up themselves (not enrolled). */
function signUp(tag, inst) {
  const n = uniq();
  return client(srv.url).collection('users').create({
    email: `signup.${tag}.${n}@e2e.test`, password: PASSWORD, passwordConfirm: PASSWORD, name: `Signup ${tag}`,
    role: 'student', institution: inst.id, register_no: `R-${tag}-${n}`, semester: 3, program: 'BA English',
  });
}

test('the coordinator’s menu has the onboarding pages beside the old ones', { skip, timeout: 60_000 }, async () => {
  const coord = await portal(browser, srv.url, w.accounts.coordA.email, PASSWORD, { problems });
  const main = coord.getByRole('navigation', { name: 'Main' });
  for (const [id, name] of [['nav-applications', 'Applications'], ['nav-placements', 'Placements'], ['nav-certificates', 'Certificates'],
    ['nav-enrolments', 'Enrolments'], ['nav-roster', 'Roster'], ['nav-hosts', 'Hosts to verify'], ['nav-accounts', 'Accounts'],
    ['nav-reports', 'Reports'], ['nav-notifications', 'Notifications']]) {
    assert.match(await main.getByTestId(id).textContent(), new RegExp(`^${name}`), id);
  }
  await coord.getByRole('heading', { level: 2, name: 'At a glance' }).waitFor();
  // Nothing waits yet (issue 16: the home's next steps list only what needs the coordinator now).
  await coord.getByRole('heading', { level: 2, name: 'What needs you now' }).waitFor();
  await coord.getByTestId('home-next-none').waitFor();
  await coord.context().close();
  assert.deepEqual(problems, []);
});

test('enrolment queue: enrol one sign-up, delete another, a refusal shown, live arrivals, empty state', { skip, timeout: 90_000 }, async () => {
  const keep = await signUp('keep', w.instA);
  const drop = await signUp('drop', w.instA);
  const other = await signUp('other', w.instB);
  // S2 applied while enrolled; un-enrolled again, the server refuses to delete them.
  const it = await openInternship(w, { title: 'Enrolment test internship' });
  await w.s2.collection('applications').create({ internship: it.id });
  const s2 = w.s2.authStore.record.id;
  await w.admin.collection('users').update(s2, { enrolled: false });

  const coord = await portal(browser, srv.url, w.accounts.coordA.email, PASSWORD, { problems });
  const count = coord.getByTestId('enrolments-count');
  await count.waitFor();
  assert.equal(await count.textContent(), '3');
  assert.match(await coord.getByTestId('nav-enrolments').textContent(), /Enrolments\s*3\s*waiting/);
  await nav(coord, 'nav-enrolments');
  await coord.getByRole('heading', { level: 1, name: 'Students waiting for enrolment' }).waitFor();
  const card = (id) => coord.getByTestId(`student-${id}`);
  await card(keep.id).waitFor();
  const text = await card(keep.id).textContent();
  for (const want of ['Signup keep', keep.register_no, 'BA English', 'Semester', 'Signed up']) assert.ok(text.includes(want), `card shows ${want}`);
  await card(drop.id).waitFor();
  await card(s2).waitFor();
  assert.equal(await card(other.id).count(), 0, 'a sign-up of another college is not listed');
  await assertAccessible(coord, 'the enrolment queue');

  // Enrol.
  await card(keep.id).getByRole('button', { name: 'Enrol' }).click();
  await card(keep.id).waitFor({ state: 'detached' });
  assert.equal((await w.admin.collection('users').getOne(keep.id)).enrolled, true);
  await coord.waitForFunction(() => document.querySelector('[data-testid="enrolments-count"]')?.textContent === '2');

  // Delete, after a confirmation that says whose account and that it is final.
  await card(drop.id).getByRole('button', { name: 'Delete account' }).click();
  const ask = coord.getByTestId('confirm-dialog');
  const question = await ask.textContent();
  assert.match(question, /Signup drop/);
  assert.ok(question.includes(drop.register_no));
  assert.match(question, /cannot be undone/);
  await assertAccessible(coord, 'the delete confirmation');
  await ask.getByRole('button', { name: 'Yes, delete the account' }).click();
  await card(drop.id).waitFor({ state: 'detached' });
  await assert.rejects(w.admin.collection('users').getOne(drop.id), (e) => e.status === 404);

  // A student with applications: the server's 400 message is shown on the card.
  await card(s2).getByRole('button', { name: 'Delete account' }).click();
  await coord.getByTestId('confirm-dialog').getByRole('button', { name: 'Yes, delete the account' }).click();
  const alert = card(s2).getByTestId('form-alert');
  await coord.waitForFunction((id) => (document.querySelector(`[data-testid="student-${id}"] [data-testid="form-alert"]`)?.textContent || '').length > 0, s2);
  assert.match(await alert.textContent(), /applied for internships/);
  assert.equal((await w.admin.collection('users').getOne(s2)).id, s2, 'the refused account still exists');

  // Live: a new sign-up appears; enrolments made elsewhere take cards away.
  const late = await signUp('late', w.instA);
  await card(late.id).waitFor({ timeout: 10_000 });
  await coord.waitForFunction(() => /signed up/.test(document.querySelector('[data-testid="live"]')?.textContent ?? ''), null, { timeout: 10_000 });
  await w.coordA.collection('users').update(late.id, { enrolled: true });
  await w.admin.collection('users').update(s2, { enrolled: true });
  await coord.getByText('No students are waiting for enrolment.').waitFor({ timeout: 10_000 });
  await assertAccessible(coord, 'the empty enrolment queue');
  await coord.context().close();
  assert.deepEqual(problems, []);
});

test('a student who signed up waits for the college: home notice, Apply explains, enrolment lifts it live', { skip, timeout: 90_000 }, async () => {
  const it = await openInternship(w, { title: 'Waiting student internship' });
  const n = uniq();
  const email = `selfsignup.${n}@e2e.test`;
  const page = await portal(browser, srv.url, '', '', { problems });
  await page.getByRole('link', { name: 'Create a student account' }).first().click();
  const form = page.getByTestId('signup-form');
  await form.getByLabel('Full name').fill('Anjali Self');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByLabel('Confirm password').fill(PASSWORD);
  await form.getByLabel('Institution').selectOption({ label: `${w.instA.name} (${w.instA.code})` });
  await form.getByLabel('Register number').fill(`SELF-${n}`);
  await form.getByLabel('Semester').fill('4');
  await form.getByRole('button', { name: 'Create account' }).click();

  const notice = page.getByTestId('not-enrolled-notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /has not confirmed your enrolment/);
  assert.ok((await notice.textContent()).includes(w.instA.name));
  await assertAccessible(page, 'the home page of a student waiting for enrolment');

  // The apply form says why, and pressing Apply explains instead of applying.
  await nav(page, 'nav-internships');
  await page.getByRole('link', { name: 'Waiting student internship' }).click();
  const why = page.getByTestId('not-enrolled-apply');
  await why.waitFor();
  const apply = page.getByRole('button', { name: 'Apply' });
  assert.equal(await apply.getAttribute('aria-describedby'), await why.getAttribute('id'));
  await apply.click();
  const alert = page.getByTestId('apply-form').getByTestId('form-alert');
  await page.waitForFunction(() => /not confirmed your enrolment/.test(document.querySelector('[data-testid="apply-form"] [data-testid="form-alert"]')?.textContent ?? ''));
  assert.match(await alert.textContent(), /coordinator/);
  await assertAccessible(page, 'the internship page of a student waiting for enrolment');
  const me = await w.admin.collection('users').getFirstListItem(`email = "${email}"`);
  assert.equal(me.enrolled, false);
  assert.equal((await w.admin.collection('applications').getFullList({ filter: `student = "${me.id}"` })).length, 0);

  // On the home page the notice goes away as soon as the coordinator enrols them.
  await nav(page, 'nav-home');
  await notice.waitFor();
  await w.coordA.collection('users').update(me.id, { enrolled: true });
  await notice.waitFor({ state: 'detached', timeout: 10_000 });
  await page.waitForFunction(() => /confirmed your enrolment/.test(document.querySelector('[data-testid="live"]')?.textContent ?? ''), null, { timeout: 10_000 });

  // And now Apply applies.
  await nav(page, 'nav-internships');
  await page.getByRole('link', { name: 'Waiting student internship' }).click();
  await page.getByTestId('apply-form').waitFor();
  assert.equal(await page.getByTestId('not-enrolled-apply').count(), 0);
  await page.getByLabel('Statement').fill('I want to learn how a real team works.');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('heading', { level: 1, name: 'Application' }).waitFor();
  assert.equal((await w.admin.collection('applications').getFullList({ filter: `student = "${me.id}" && internship = "${it.id}"` })).length, 1);
  await page.context().close();
  assert.deepEqual(problems, []);
});

test('verification queue: a supervisor of an unverified host sees it waiting; the coordinator verifies it', { skip, timeout: 90_000 }, async () => {
  const n = uniq();
  const org = await w.admin.collection('organizations').create({
    name: `Unverified Labs ${n}`, kind: 'research_lab', district: 'Ernakulam', website: 'https://labs.example.org',
    gstin: GSTIN, cin: CIN, verified: false,
  });
  const supEmail = `supervisor.unverified.${n}@e2e.test`;
  await w.admin.collection('users').create({ email: supEmail, password: PASSWORD, passwordConfirm: PASSWORD, name: 'Devika Host', role: 'supervisor', organization: org.id });

  const sup = await portal(browser, srv.url, supEmail, PASSWORD, { problems });
  const waiting = sup.getByTestId('unverified-notice');
  await waiting.waitFor();
  assert.match(await waiting.textContent(), /waiting for a college coordinator to verify it/);
  await assertAccessible(sup, 'the home page of a supervisor of an unverified host');
  await nav(sup, 'nav-postings');
  await sup.getByRole('heading', { level: 1, name: 'Postings' }).waitFor();
  await waiting.waitFor();

  const coord = await portal(browser, srv.url, w.accounts.coordA.email, PASSWORD, { problems });
  await nav(coord, 'nav-hosts');
  await coord.getByRole('heading', { level: 1, name: 'Host organisations to verify' }).waitFor();
  const card = coord.getByTestId(`organization-${org.id}`);
  await card.waitFor();
  const text = await card.textContent();
  for (const want of [org.name, 'Research lab', 'Ernakulam', 'https://labs.example.org', GSTIN, CIN, 'Registered']) assert.ok(text.includes(want), `card shows ${want}`);
  assert.equal(await coord.getByTestId(`organization-${w.orgX.id}`).count(), 0, 'a verified host is not listed');
  await assertAccessible(coord, 'the verification queue');

  await card.getByRole('button', { name: 'Verify' }).click();
  const question = await coord.getByTestId('confirm-dialog').textContent();
  assert.match(question, /postings/);
  assert.match(question, /open/);
  await assertAccessible(coord, 'the verify confirmation');
  await coord.getByTestId('confirm-dialog').getByRole('button', { name: `Yes, verify ${org.name}` }).click();
  await card.waitFor({ state: 'detached' });
  assert.equal((await w.admin.collection('organizations').getOne(org.id)).verified, true);

  // The supervisor's postings page drops the notice live.
  await waiting.waitFor({ state: 'detached', timeout: 10_000 });
  await Promise.all([sup.context().close(), coord.context().close()]);
  assert.deepEqual(problems, []);
});

test('host registration page: linked from sign-in, accessible, checks the passwords', { skip, timeout: 60_000 }, async () => {
  const page = await portal(browser, srv.url, '', '', { problems });
  await page.getByRole('link', { name: 'Register your organisation as a host' }).click();
  await page.getByRole('heading', { level: 1, name: 'Register your organisation as a host' }).waitFor();
  await assertAccessible(page, 'the host registration page');
  const form = page.getByTestId('register-host-form');
  await form.getByLabel('Organisation name').fill('Mismatch Co');
  await form.getByLabel('Kind').selectOption('company');
  await form.getByLabel('District').fill('Thrissur');
  await form.getByLabel('Full name').fill('Mis Match');
  await form.getByLabel('Email').fill(`mismatch.${uniq()}@e2e.test`);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByLabel('Confirm password').fill(`${PASSWORD}-other`);
  await form.getByRole('button', { name: 'Register organisation' }).click();
  const confirm = form.getByLabel('Confirm password');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
  assert.equal(await confirm.getAttribute('aria-invalid'), 'true');
  assert.match(await form.locator('.field-error').textContent(), /do not match/);
  await assertAccessible(page, 'the host registration page with an error');
  await page.context().close();
  assert.deepEqual(problems, []);
});

test('a guest registers a host, lands on the waiting page; the coordinator verifies it', { skip, timeout: 90_000 }, async () => {
  const n = uniq();
  const name = `Registered Startup ${n}`;
  const email = `host.${n}@e2e.test`;
  const page = await portal(browser, srv.url, '', '', { problems });
  await page.getByRole('link', { name: 'Register your organisation as a host' }).click();
  const form = page.getByTestId('register-host-form');
  await form.getByLabel('Organisation name').fill(name);
  await form.getByLabel('Kind').selectOption('startup');
  await form.getByLabel('District').fill('Kozhikode');
  await form.getByLabel('Website').fill('https://startup.example.org');
  await form.getByLabel('GSTIN (optional)').fill('32ABCDE1234F1Z5'); // wrong check character
  await form.getByLabel('CIN (optional)').fill(CIN);
  await form.getByLabel('Full name').fill('Rahul Founder');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByLabel('Confirm password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Register organisation' }).click();

  // The server's field error (data.organization.gstin) sits under the GSTIN input.
  const gstin = form.getByLabel('GSTIN (optional)');
  await page.waitForFunction(() => document.querySelector('[name="organization.gstin"]')?.getAttribute('aria-invalid') === 'true');
  assert.match(await form.locator('.field-error').first().textContent(), /GSTIN/);
  assert.equal((await w.admin.collection('organizations').getFullList({ filter: `name = "${name}"` })).length, 0);
  await gstin.fill(GSTIN);
  await form.getByRole('button', { name: 'Register organisation' }).click();

  const waiting = page.getByTestId('host-waiting');
  await waiting.waitFor();
  assert.equal(await waiting.getAttribute('data-verified'), 'false');
  assert.match(await waiting.textContent(), /waiting for a college coordinator to verify it/);
  assert.match(await waiting.textContent(), /draft postings/);
  assert.match(await page.getByTestId('signed-in-as').textContent(), /Rahul Founder/);
  await assertAccessible(page, 'the waiting page');

  const org = await w.admin.collection('organizations').getFirstListItem(`name = "${name}"`);
  const sup = await w.admin.collection('users').getFirstListItem(`email = "${email}"`);
  assert.equal(org.verified, false);
  assert.equal(org.registered_by, sup.id);
  assert.equal(org.gstin, GSTIN);
  assert.equal(sup.role, 'supervisor');
  assert.equal(sup.organization, org.id);

  // The coordinator sees who registered it and verifies it; the waiting page changes live.
  const coord = await portal(browser, srv.url, w.accounts.coordA.email, PASSWORD, { problems });
  await nav(coord, 'nav-hosts');
  const card = coord.getByTestId(`organization-${org.id}`);
  await card.waitFor();
  assert.match(await card.textContent(), /Rahul Founder/);
  await card.getByRole('button', { name: 'Verify' }).click();
  await coord.getByTestId('confirm-dialog').getByRole('button', { name: `Yes, verify ${name}` }).click();
  await card.waitFor({ state: 'detached' });
  assert.equal((await w.admin.collection('organizations').getOne(org.id)).verified, true);
  await page.locator('[data-testid="host-waiting"][data-verified="true"]').waitFor({ timeout: 10_000 });
  await Promise.all([page.context().close(), coord.context().close()]);
  assert.deepEqual(problems, []);
});

test('roster page: the form is there and accessible', { skip, timeout: 60_000 }, async () => {
  const coord = await portal(browser, srv.url, w.accounts.coordA.email, PASSWORD, { problems });
  await nav(coord, 'nav-roster');
  await coord.getByRole('heading', { level: 1, name: 'Roster import' }).waitFor();
  await coord.getByLabel('CSV file').waitFor();
  await coord.getByRole('button', { name: 'Check the file' }).waitFor();
  await coord.getByRole('button', { name: 'Import students' }).waitFor();
  await assertAccessible(coord, 'the roster page');
  await coord.context().close();
  assert.deepEqual(problems, []);
});

test('roster import: check a file with one bad row, download the report, import it; a file that is not UTF-8 is refused', { skip, timeout: 90_000 }, async () => {
  const n = uniq();
  const dir = mkdtempSync(join(tmpdir(), 'ib-roster-'));
  const csv = join(dir, 'students.csv');
  const reg = (i) => `ROS-${n}-${i}`;
  writeFileSync(csv, [
    'register_no,name,email,program,semester,apaar_id,phone',
    `${reg(1)},Arjun Nair,arjun.${n}@e2e.test,BSc Physics,5,,9876543210`,
    `${reg(2)},അമൽ രാജ്,amal.${n}@e2e.test,BA Malayalam,3,123456789012,`,
    `${reg(3)},Bad Semester,bad.${n}@e2e.test,BCom,12,,`,
  ].join('\n') + '\n');

  const coord = await portal(browser, srv.url, w.accounts.coordA.email, PASSWORD, { problems });
  await nav(coord, 'nav-roster');
  await coord.getByLabel('CSV file').setInputFiles(csv);

  // Dry run: the report, nothing written.
  await coord.getByRole('button', { name: 'Check the file' }).click();
  const report = coord.locator('[data-testid="roster-report"][data-dry-run="true"]');
  await report.waitFor({ timeout: 30_000 });
  assert.equal(await coord.getByTestId('roster-created').textContent(), '2');
  assert.equal(await coord.getByTestId('roster-errors').textContent(), '1');
  assert.equal(await coord.getByTestId('roster-updated').textContent(), '0');
  const rows = coord.getByTestId('roster-rows').locator('tbody tr');
  assert.equal(await rows.count(), 3);
  assert.equal(await rows.first().getAttribute('data-result'), 'error', 'errors come first');
  assert.ok((await rows.first().textContent()).includes(reg(3)));
  assert.match(await report.textContent(), /nothing was saved/);
  assert.equal((await w.admin.collection('users').getFullList({ filter: `register_no ~ "ROS-${n}-"` })).length, 0, 'a dry run writes nothing');
  await assertAccessible(coord, 'the roster check report');

  // Errors only.
  await coord.getByLabel('Show rows').selectOption('error');
  await coord.waitForFunction(() => document.querySelectorAll('[data-testid="roster-rows"] tbody tr').length === 1);

  // The report as CSV: the roster's columns plus result and message.
  const [download] = await Promise.all([coord.waitForEvent('download'), coord.getByRole('button', { name: 'Download the report as CSV' }).click()]);
  const saved = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...lines] = saved.trim().split(/\r?\n/);
  assert.match(header, /^register_no,name,email,program,semester,apaar_id,phone,result,message$/);
  assert.equal(lines.length, 3);
  assert.ok(lines.some((l) => l.startsWith(reg(3)) && /,error,/.test(l)));
  assert.equal((await w.admin.collection('users').getFullList({ filter: `register_no ~ "ROS-${n}-"` })).length, 0);

  // The import.
  await coord.getByRole('button', { name: 'Import students' }).click();
  await coord.locator('[data-testid="roster-report"][data-dry-run="false"]').waitFor({ timeout: 30_000 });
  assert.equal(await coord.getByTestId('roster-created').textContent(), '2');
  assert.equal(await coord.getByTestId('roster-errors').textContent(), '1');
  const imported = await w.admin.collection('users').getFullList({ filter: `register_no ~ "ROS-${n}-"`, sort: 'register_no' });
  assert.deepEqual(imported.map((u) => [u.register_no, u.role, u.institution, u.enrolled]),
    [[reg(1), 'student', w.instA.id, true], [reg(2), 'student', w.instA.id, true]]);
  assert.equal(imported[1].name, 'അമൽ രാജ്');
  await assertAccessible(coord, 'the roster import report');

  // A file that is not UTF-8 CSV is refused whole: its message is shown.
  const bad = join(dir, 'latin1.csv');
  writeFileSync(bad, Buffer.concat([Buffer.from('register_no,name,email,program,semester,apaar_id,phone\nX1,'), Buffer.from([0xff, 0xfe, 0xe9]), Buffer.from(',x@e2e.test,BA,3,,\n')]));
  await coord.getByLabel('CSV file').setInputFiles(bad);
  await coord.getByRole('button', { name: 'Check the file' }).click();
  await coord.waitForFunction(() => (document.querySelector('[data-testid="roster-form"] [data-testid="form-alert"]')?.textContent
    || document.querySelector('[data-testid="roster-form"] .field-error')?.textContent || '').length > 0);
  assert.equal(await coord.getByTestId('roster-report').count(), 0);
  await coord.context().close();
  assert.deepEqual(problems, []);
});
