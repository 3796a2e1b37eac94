// Issue 16, staff pages: the coordinator's and supervisor's home show what
// needs them now (links) and pictures of the work (plain SVG charts with
// their numbers as tables) that match the world the test makes and grow
// live when another session changes a record; sign-in and sign-up in
// Malayalam. Phone (360 px) and desktop, English and Malayalam, axe-core 0
// violations on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/server.mjs';
import { makeWorld, openInternship, isoDay, tinyPDF, PASSWORD } from '../lib/world.mjs';
import { browserMissing, launch, portal, screenshot, assertAccessible, assertFits } from '../lib/browser.mjs';

const skip = browserMissing() || false;
let srv, w, browser;
const problems = [];
let entryPending;




/** A chart's table as {row header: number}. */
function table(page, testid) {
  return page.evaluate((id) => Object.fromEntries([...document.querySelectorAll(`[data-testid="${id}-table"] tbody tr`)]
    .map((tr) => [tr.querySelector('th').textContent, Number(tr.querySelector('td').dataset.value)])), testid);
}

/** The bars' numbers as the picture shows them (SVG text). */
function bars(page, testid) {
  return page.evaluate((id) => [...document.querySelectorAll(`[data-testid="${id}"] svg .chart-value`)].map((el) => el.textContent), testid);
}

const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);

async function switchTo(page, code) {
  // As the language switch does: on the device and, when signed in, on the
  // account (whose language applies on signing in and on loading).
  await page.evaluate(async (c) => {
    const { pb, me } = await import('/js/api.js');
    if (me()) await pb.collection('users').update(me().id, { language: c });
    localStorage.setItem('ib.lang', c);
  }, code);
  await page.reload();
}

before(async () => {
  if (skip) return;
  srv = await start();
  w = await makeWorld(srv.url);
  browser = await launch();
  // S1 placed at X (mentor A), with one approved day (5 h) and one pending
  // (3 h) and one submission waiting for review; S2's application waits
  // for the coordinator's endorsement.
  const it = await openInternship(w, { title: 'Charts internship' });
  await w.admin.collection('internships').update(it.id, { starts_on: isoDay(-4) });
  const app = await w.s1.collection('applications').create({ internship: it.id, statement: 'Keen.',
    resume: new File([tinyPDF()], 'cv.pdf', { type: 'application/pdf' }) });
  await w.coordA.collection('applications').update(app.id, { status: 'endorsed' });
  await w.supX.collection('applications').update(app.id, { status: 'shortlisted' });
  await w.supX.collection('applications').update(app.id, { status: 'offered' });
  await w.s1.collection('applications').update(app.id, { status: 'accepted' });
  const placement = await w.s1.collection('placements').getFirstListItem(`application = "${app.id}"`);
  await w.coordA.collection('placements').update(placement.id, { mentor: w.mentorA.authStore.record.id });
  const done = await w.s1.collection('logbook_entries').create({ placement: placement.id, date: isoDay(-2), hours: 5,
    activity: 'Wrote and tested an endpoint.' });
  await w.supX.collection('logbook_entries').update(done.id, { status: 'approved' });
  entryPending = await w.s1.collection('logbook_entries').create({ placement: placement.id, date: isoDay(-1), hours: 3,
    activity: 'Reviewed a pull request with the team.' });
  // An assignment (the supervisor reviews it) and the final report (the
  // mentor reviews it): only the final report waits for the mentor.
  const task = await w.supX.collection('tasks').create({ internship: it.id, title: 'Weekly note', kind: 'assignment', required: false });
  await w.s1.collection('submissions').create({ task: task.id, placement: placement.id, link: 'https://example.org/note' });
  const report = await w.supX.collection('tasks').create({ internship: it.id, title: 'Final report', kind: 'final_report', required: true });
  await w.s1.collection('submissions').create({ task: report.id, placement: placement.id, link: 'https://example.org/report' });
  await w.s2.collection('applications').create({ internship: it.id, statement: 'Me too.',
    resume: new File([tinyPDF()], 'cv.pdf', { type: 'application/pdf' }) });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

for (const width of [360, 1280]) {
  test(`coordinator's home at ${width}px: next steps and the four charts match the world, live, in both languages`, { skip, timeout: 120_000 }, async () => {
    const page = await portal(browser, srv.url, w.accounts.coordA.email, PASSWORD, { width, problems });
    await page.getByTestId('chart-hours').waitFor();

    // Next steps: S2's application to endorse, a link to the applications.
    const endorse = page.getByTestId('next-endorse');
    assert.match(await endorse.textContent(), /^1 application to endorse$/);
    assert.equal(await endorse.getAttribute('href'), '#/applications');

    const apps = await table(page, 'chart-applications');
    assert.equal(apps.Submitted, 1);
    assert.equal(apps.Accepted, 1);
    assert.equal(sum(apps), 2);
    assert.deepEqual((await bars(page, 'chart-applications')).map(Number), Object.values(apps), 'bars carry the table’s numbers');
    assert.match(await page.getByTestId('chart-applications-summary').textContent(), /^2 applications: Submitted 1 and Accepted 1\.$/);
    const pl = await table(page, 'chart-placements');
    assert.deepEqual(pl, { Ongoing: 1, Completed: 0, Discontinued: 0 });
    const hours = await table(page, 'chart-hours');
    assert.equal(Object.keys(hours).length, 12, 'twelve weeks');
    const approved = await w.coordA.collection('logbook_entries').getFullList({ filter: 'status = "approved"' });
    assert.equal(sum(hours), approved.reduce((a, e) => a + e.hours, 0), 'the approved hours (5, and 3 more once approved)');
    assert.ok([5, 8].includes(sum(hours)));
    assert.deepEqual(await table(page, 'chart-reviews'), { 'mentor a': 1 }, 'the final report waits for the mentor; the assignment is the supervisor’s');

    // The numbers behind "Show the numbers".
    await page.getByTestId('chart-hours').getByText('Show the numbers').click();
    await page.getByTestId('chart-hours-table').waitFor();
    await assertAccessible(page, `the coordinator's home (${width}px, English)`);
    if (width > 360) await screenshot(page, 'coordinator-home-charts');
    await assertFits(page, `the coordinator's home (${width}px)`);

    // Live: the supervisor approves the pending day in another session.
    if (width === 360) {
      await w.supX.collection('logbook_entries').update(entryPending.id, { status: 'approved' });
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="chart-hours-table"] td')]
        .reduce((a, td) => a + Number(td.dataset.value), 0) === 8, null, { timeout: 10_000 });
      assert.match(await page.getByTestId('chart-hours-summary').textContent(), /^8 hours approved in the last 12 weeks/);
    }

    // Malayalam.
    await switchTo(page, 'ml');
    await page.getByRole('heading', { level: 2, name: 'ജോലിയുടെ ചിത്രം' }).waitFor();
    await page.getByTestId('chart-applications-table').waitFor({ state: 'attached' });
    const ml = await table(page, 'chart-applications');
    assert.equal(ml['സമർപ്പിച്ചത്'], 1);
    assert.equal(ml['സ്വീകരിച്ചത്'], 1);
    assert.match(await page.getByTestId('chart-placements-summary').textContent(), /^1 പ്ലേസ്‌മെന്റ്: /);
    assert.match(await page.getByTestId('next-endorse').textContent(), /അപേക്ഷ എൻഡോഴ്സ് ചെയ്യാനുണ്ട്/);
    await assertAccessible(page, `the coordinator's home (${width}px, Malayalam)`);
    if (width === 360) await screenshot(page, 'coordinator-home-ml-phone');
    await assertFits(page, `the coordinator's home (${width}px, Malayalam)`);
    await switchTo(page, 'en');
    await page.context().close();
    assert.deepEqual(problems, []);
  });
}

test('supervisor\'s home: applicant pipeline and logbook approvals waiting, live, phone and Malayalam', { skip, timeout: 120_000 }, async () => {
  const page = await portal(browser, srv.url, w.accounts.supX.email, PASSWORD, { width: 360, problems });
  await page.getByTestId('chart-logbook').waitFor();
  const pipe = await table(page, 'chart-applications');
  assert.equal(pipe.Submitted, undefined, 'the host never sees applications before endorsement');
  assert.equal(pipe.Accepted, 1);
  assert.equal(sum(pipe), 1);
  // Internships without entries waiting have no row (the chart then says so).
  const pending = (await table(page, 'chart-logbook'))['Charts internship'] ?? 0;
  const want = (await w.supX.collection('logbook_entries').getList(1, 1, { filter: 'status = "pending"' })).totalItems;
  assert.equal(pending, want, 'the entries waiting, per internship');
  if (want > 0) assert.match(await page.getByTestId('next-logbook').textContent(), new RegExp(`^${want} logbook entr`));
  await assertAccessible(page, 'the supervisor\'s home (English)');
  await assertFits(page, 'the supervisor\'s home');

  // Live: the coordinator endorses S2's application in another session.
  const s2app = await w.s2.collection('applications').getFirstListItem('status = "submitted"');
  await w.coordA.collection('applications').update(s2app.id, { status: 'endorsed' });
  await page.waitForFunction(() => document.querySelector('[data-testid="chart-applications-table"] td')?.dataset.value === '1',
    null, { timeout: 10_000 });
  assert.equal((await table(page, 'chart-applications')).Endorsed, 1);
  // And a new logbook day arrives for approval.
  const pl = await w.s1.collection('placements').getFirstListItem('status = "ongoing"');
  await w.s1.collection('logbook_entries').create({ placement: pl.id, date: isoDay(-3), hours: 4, activity: 'Read the codebase and took notes.' });
  await page.waitForFunction((n) => document.querySelector('[data-testid="chart-logbook-table"] td')?.dataset.value === String(n),
    want + 1, { timeout: 10_000 });

  await switchTo(page, 'ml');
  await page.getByRole('heading', { level: 2, name: 'ജോലിയുടെ ചിത്രം' }).waitFor();
  assert.equal((await table(page, 'chart-logbook'))['Charts internship'], want + 1);
  assert.match(await page.getByTestId('chart-logbook-table').textContent(), /അംഗീകരിക്കാനുള്ള എൻട്രികൾ/);
  await assertAccessible(page, 'the supervisor\'s home (Malayalam)');
  await assertFits(page, 'the supervisor\'s home (Malayalam)');
  await switchTo(page, 'en');
  await page.context().close();
  assert.deepEqual(problems, []);
});

test('sign-in and sign-up pages in Malayalam, phone and desktop', { skip, timeout: 60_000 }, async () => {
  for (const width of [360, 1280]) {
    const page = await portal(browser, srv.url, '', '', { width, problems });
    await switchTo(page, 'ml');
    await page.getByRole('heading', { level: 1, name: 'പ്രവേശിക്കുക' }).waitFor();
    await page.getByLabel('ഇമെയിൽ').waitFor();
    await page.getByLabel('പാസ്‌വേഡ്', { exact: true }).waitFor();
    await assertAccessible(page, `sign-in in Malayalam (${width}px)`);
    await assertFits(page, `sign-in in Malayalam (${width}px)`);
    await page.goto(`${srv.url}/#/signup`);
    await page.getByRole('heading', { level: 1, name: 'വിദ്യാർത്ഥി അക്കൗണ്ട് തുടങ്ങുക' }).waitFor();
    await page.getByLabel('രജിസ്റ്റർ നമ്പർ').waitFor();
    await assertAccessible(page, `sign-up in Malayalam (${width}px)`);
    await assertFits(page, `sign-up in Malayalam (${width}px)`);
    // A wrong password is said in Malayalam.
    await page.goto(`${srv.url}/#/signin`);
    await page.getByLabel('ഇമെയിൽ').fill(w.accounts.s1.email);
    await page.getByLabel('പാസ്‌വേഡ്', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'പ്രവേശിക്കുക' }).click();
    await page.getByText('ഇമെയിലോ പാസ്‌വേഡോ ശരിയല്ല', { exact: false }).waitFor();
    await page.context().close();
  }
  assert.deepEqual(problems, []);
});

test('the coordinator\'s staff pages in Malayalam at 360px: accounts, credits report, roster, enrolments, hosts (and its confirmation)', { skip, timeout: 120_000 }, async () => {
  // A host waiting for verification, for the confirmation dialog.
  const host = await w.admin.collection('organizations').create({ name: `Malabar Labs ${Date.now()}`, kind: 'research_lab', verified: false, district: 'Kozhikode' });
  const page = await portal(browser, srv.url, w.accounts.coordA.email, PASSWORD, { width: 360, problems });
  await switchTo(page, 'ml');
  for (const [path, h1] of [['/accounts', 'അക്കൗണ്ടുകൾ'], ['/reports', 'ക്രെഡിറ്റ് റിപ്പോർട്ട്'], ['/roster', 'റോസ്റ്റർ ഇമ്പോർട്ട്'],
    ['/enrolments', 'എൻറോൾമെന്റ് കാത്തിരിക്കുന്ന വിദ്യാർത്ഥികൾ'], ['/hosts', 'സ്ഥിരീകരിക്കാനുള്ള ഹോസ്റ്റ് സ്ഥാപനങ്ങൾ']]) {
    await page.goto(`${srv.url}/#${path}`);
    await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
    await assertAccessible(page, `${path} in Malayalam`);
    await assertFits(page, `${path} in Malayalam`);
  }
  const card = page.getByTestId(`organization-${host.id}`);
  assert.match(await card.textContent(), /ഗവേഷണ ലാബ്/);
  await card.getByRole('button', { name: 'സ്ഥിരീകരിക്കുക' }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), new RegExp(`${host.name} സ്ഥിരീകരിക്കണോ\\?`));
  await assertAccessible(page, 'the verify confirmation in Malayalam');
  await dialog.getByRole('button', { name: 'ഇപ്പോൾ വേണ്ട' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await w.admin.collection('organizations').getOne(host.id)).verified, false, 'Not yet changes nothing');
  await w.admin.collection('organizations').delete(host.id);
  await switchTo(page, 'en');
  await page.context().close();
  assert.deepEqual(problems, []);
});
