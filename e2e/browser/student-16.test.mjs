// Issue 16, the student's side of the portal (and the confirmations of the
// people who move an application): a phone at 360 px and a desktop, in
// English and Malayalam. An empty statement is refused in the page; the
// statement and résumé can be changed while the application waits for
// endorsement; withdrawing asks first and then explains why the same
// internship cannot be applied to again; accepting an offer names and counts
// the applications it ends, and cancelling changes nothing; plurals are
// right for 1 and 2; the offer's time on the card and in its notification
// are the same, in the platform's zone, named; endorse, offer and revoke ask
// and say what follows. axe-core finds nothing on any of these pages and
// states, in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../lib/server.mjs';
import { makeWorld, openInternship, certify, accountLanguage, PASSWORD, isoDay } from '../lib/world.mjs';
import { browserMissing, launch, screenshot, assertAccessible, assertFits } from '../lib/browser.mjs';

const skip = browserMissing() || false;
let srv, w, browser;
const problems = [];




/**
 * A signed-in page at a width, with the browser in a time zone of its own
 * (far from the platform's, so a time shown in the browser's zone would
 * differ), in a language. Browser pop-ups (alert/confirm) count as problems.
 */
async function signIn(account, { width = 1280, tz = 'America/New_York', lang = 'en' } = {}) {
  await accountLanguage(w, account, lang === 'en' ? '' : lang);
  const ctx = await browser.newContext({ viewport: { width, height: 800 }, timezoneId: tz, acceptDownloads: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`${account.email}: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`browser pop-up: ${d.message()}`); d.dismiss(); });
  await page.goto(srv.url + '/');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'detached' });
  await page.locator('[data-testid="nav-home"]').first().waitFor({ state: 'attached' });
  if (lang !== 'en') await setLang(page, lang);
  return page;
}

/** Switches the portal's language (remembered on the device) and reloads. */
async function setLang(page, lang) {
  await page.evaluate((code) => localStorage.setItem('ib.lang', code), lang);
  await page.reload();
  await page.waitForFunction((code) => document.documentElement.lang === code || localStorage.getItem('ib.lang') === code, lang);
}

/** Opens a route of the portal and waits for its page heading. */
async function open(page, route, heading) {
  await page.goto(`${srv.url}/#${route}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** The confirmation dialog: open, its text, and its buttons apart. */
async function dialogText(page) {
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  const yes = await page.getByTestId('confirm-yes').boundingBox();
  const no = await page.getByTestId('confirm-no').boundingBox();
  const apart = yes.x >= no.x + no.width + 8 || no.x >= yes.x + yes.width + 8
    || yes.y >= no.y + no.height + 8 || no.y >= yes.y + yes.height + 8;
  assert.ok(apart, `the confirmation's buttons touch: ${JSON.stringify({ yes, no })}`);
  return (await dialog.textContent()).replace(/\s+/g, ' ');
}

const resumeFile = () => {
  const p = join(mkdtempSync(join(tmpdir(), 'ib-cv-')), 'my-cv.pdf');
  writeFileSync(p, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  return p;
};

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

let s1App = null;
let s1Internship = null;

test('apply on a phone: an empty statement is refused in the page; statement and résumé can be changed while submitted', { skip, timeout: 120_000 }, async () => {
  s1Internship = await openInternship(w, { title: 'Phone apply internship' });
  const other = await openInternship(w, { title: 'Malayalam apply internship' });
  const page = await signIn(w.accounts.s1, { width: 360 });

  await open(page, `/internships/${s1Internship.id}`, 'Phone apply internship');
  await page.getByTestId('apply').click();
  const err = page.getByTestId('apply-form').locator('.field-error');
  await err.waitFor();
  assert.match(await err.textContent(), /Write your statement/);
  assert.equal(await page.getByLabel('Statement').getAttribute('aria-invalid'), 'true');
  assert.equal((await w.admin.collection('applications').getFullList({ filter: `internship = "${s1Internship.id}"` })).length, 0,
    'an empty statement was sent');
  await assertAccessible(page, 'the apply form with its statement refused (en, 360 px)');
  await assertFits(page, 'the internship page at 360 px');

  await page.getByLabel('Statement').fill('First draft.');
  await page.getByTestId('apply').click();
  await page.getByRole('heading', { level: 1, name: 'Application' }).waitFor();
  s1App = page.url().split('/applications/')[1];
  const card = page.getByTestId(`application-${s1App}`);
  await card.and(page.locator('[data-status="submitted"]')).waitFor();
  const next = await card.getByTestId('next-step').textContent();
  assert.match(next, /coordinator endorses it/);
  assert.match(next, /not attached a résumé/);

  // While submitted: edit the statement and add a résumé.
  await page.getByTestId('edit-application').click();
  const form = page.getByTestId('edit-application-form');
  await form.getByLabel('Statement').fill('');
  await form.getByTestId('save-application').click();
  await form.locator('.field-error').waitFor();
  await form.getByLabel('Statement').fill('I build web apps and want to learn how real teams ship.');
  await form.getByTestId('edit-resume-input').setInputFiles(resumeFile());
  await assertAccessible(page, 'the edit form of a submitted application (en, 360 px)');
  await form.getByTestId('save-application').click();
  await page.getByTestId('download-resume').waitFor();
  const stored = await w.admin.collection('applications').getOne(s1App);
  assert.equal(stored.statement, 'I build web apps and want to learn how real teams ship.');
  assert.match(stored.resume, /^my_cv.*\.pdf$/);
  assert.equal(stored.status, 'submitted');
  assert.doesNotMatch(await card.getByTestId('next-step').textContent(), /not attached a résumé/);
  await assertFits(page, 'the application page at 360 px');

  // In Malayalam, the same refusal in Malayalam.
  await setLang(page, 'ml');
  await page.goto(`${srv.url}/#/internships/${other.id}`);
  await page.getByRole('heading', { level: 1, name: 'Malayalam apply internship' }).waitFor();
  await page.getByTestId('apply').click();
  await err.waitFor();
  assert.match(await err.textContent(), /സ്റ്റേറ്റ്മെന്റ് എഴുതുക/);
  await assertAccessible(page, 'the apply form with its statement refused (ml, 360 px)');
  await assertFits(page, 'the internship page in Malayalam at 360 px');
  await page.goto(`${srv.url}/#/applications/${s1App}`);
  await page.getByTestId(`application-${s1App}`).getByTestId('next-step').waitFor();
  assert.match(await page.getByTestId('next-step').textContent(), /എൻഡോഴ്സ്/);
  await assertAccessible(page, 'a submitted application (ml, 360 px)');
  await page.context().close();
  assert.deepEqual(problems, []);
});

test('withdraw asks (buttons apart; cancelling keeps it) and then explains that the same internship cannot be applied to again', { skip, timeout: 90_000 }, async () => {
  const page = await signIn(w.accounts.s1);
  await open(page, `/applications/${s1App}`, 'Application');
  const card = page.getByTestId(`application-${s1App}`);
  await card.getByRole('button', { name: 'Withdraw application' }).click();
  const text = await dialogText(page);
  assert.match(text, /Withdraw your application for “Phone apply internship”\?/);
  assert.match(text, /cannot apply to this internship again: each student has one application per internship/);
  await assertAccessible(page, 'the withdraw confirmation (en)');
  await page.getByTestId('confirm-no').click();
  await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
  assert.equal((await w.admin.collection('applications').getOne(s1App)).status, 'submitted');

  await card.getByRole('button', { name: 'Withdraw application' }).click();
  await page.getByTestId('confirm-yes').click();
  await page.locator(`[data-testid="application-${s1App}"][data-status="withdrawn"]`).waitFor();
  assert.match(await page.getByTestId('next-step').textContent(), /cannot apply to this internship again/);

  await open(page, `/internships/${s1Internship.id}`, 'Phone apply internship');
  const applied = page.getByTestId('already-applied');
  assert.equal(await applied.getAttribute('data-status'), 'withdrawn');
  const said = await applied.textContent();
  assert.match(said, /You withdrew your application/);
  assert.match(said, /cannot apply again: each student has one application per internship/);
  assert.doesNotMatch(said, /You have applied/);
  assert.equal(await page.getByTestId('apply-form').count(), 0);
  await assertAccessible(page, 'an internship after withdrawing (en)');

  await setLang(page, 'ml');
  await page.goto(`${srv.url}/#/internships/${s1Internship.id}`);
  await applied.waitFor();
  assert.match(await applied.textContent(), /വീണ്ടും അപേക്ഷിക്കാനാവില്ല/);
  await assertAccessible(page, 'an internship after withdrawing (ml)');
  await page.context().close();
  assert.deepEqual(problems, []);
});

test('accepting an offer names and counts what it ends, cancelling changes nothing; the offer time is the same on the card and in the notification', { skip, timeout: 120_000 }, async () => {
  const [offered, second, third] = await Promise.all([
    openInternship(w, { title: 'Offered internship', starts_on: isoDay(20), ends_on: isoDay(80) }),
    openInternship(w, { title: 'Second choice internship' }),
    openInternship(w, { title: 'Third choice internship' })]);
  const apps = [];
  for (const it of [second, third, offered]) {
    apps.push(await w.s2.collection('applications').create({ internship: it.id, statement: 'Keen to learn.' }));
  }
  const [a2, a3, a1] = apps;
  await w.coordA.collection('applications').update(a1.id, { status: 'endorsed' });
  await w.coordA.collection('applications').update(a3.id, { status: 'endorsed' });
  await w.supX.collection('applications').update(a1.id, { status: 'offered', offer_expires_at: new Date(Date.now() + 3 * 86400_000).toISOString() });

  const page = await signIn(w.accounts.s2, { width: 360 });
  await open(page, '/applications', 'My applications');
  assert.equal(await page.getByTestId('applications-summary').textContent(), '3 applications');
  const card = page.getByTestId(`application-${a1.id}`);
  const cardTime = await card.getByTestId('offer-expires').textContent();
  assert.match(cardTime, /IST|GMT\+5:30/, `the offer time names the platform's zone: ${cardTime}`);
  await assertFits(page, 'my applications at 360 px');
  await assertAccessible(page, 'my applications with an offer (en, 360 px)');

  await open(page, '/notifications', 'Notifications');
  const noteTime = page.getByTestId('notification-offer-time');
  await noteTime.waitFor();
  assert.equal(await noteTime.textContent(), cardTime, 'the notification and the card show different times');
  await assertAccessible(page, 'notifications with an offer (en, 360 px)');
  await assertFits(page, 'notifications at 360 px');

  await open(page, '/applications', 'My applications');
  await card.getByRole('button', { name: 'Accept offer' }).click();
  const text = await dialogText(page);
  assert.match(text, /Accept the offer for “Offered internship”\?/);
  assert.match(text, /Your 2 other applications will be withdrawn: “Second choice internship” and “Third choice internship”\./);
  assert.ok(text.includes(`starts on ${await page.evaluate(async (d) => (await import('/js/i18n.js')).fmtDay(d), isoDay(20))}`), text);
  await assertAccessible(page, 'the accept confirmation (en, 360 px)');
  await assertFits(page, 'the accept confirmation at 360 px');
  await page.getByTestId('confirm-no').click();
  await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
  for (const [a, status] of [[a1, 'offered'], [a2, 'submitted'], [a3, 'endorsed']]) {
    assert.equal((await w.admin.collection('applications').getOne(a.id)).status, status, 'cancelling changed an application');
  }
  assert.equal((await w.admin.collection('placements').getFullList({ filter: `application = "${a1.id}"` })).length, 0);

  // In Malayalam: the same, and this time accept.
  await setLang(page, 'ml');
  await page.goto(`${srv.url}/#/applications`);
  await card.waitFor();
  assert.equal(await page.getByTestId('applications-summary').textContent(), '3 അപേക്ഷകൾ');
  assert.equal(await card.getByTestId('offer-expires').textContent(), await page.evaluate(async (v) => (await import('/js/i18n.js')).fmtTime(v),
    (await w.admin.collection('applications').getOne(a1.id)).offer_expires_at));
  await assertAccessible(page, 'my applications with an offer (ml, 360 px)');
  await card.getByTestId('accept-offer').click();
  const ml = await dialogText(page);
  assert.match(ml, /മറ്റ് 2 അപേക്ഷകൾ പിൻവലിക്കപ്പെടും: “Second choice internship”.*“Third choice internship”/);
  await assertAccessible(page, 'the accept confirmation (ml, 360 px)');
  await screenshot(page, 'student-accept-confirm-ml-phone');
  await page.getByTestId('confirm-yes').click();
  await page.locator(`[data-testid="application-${a1.id}"][data-status="accepted"]`).waitFor();
  assert.equal((await w.admin.collection('applications').getOne(a2.id)).status, 'withdrawn');
  assert.equal((await w.admin.collection('applications').getOne(a3.id)).status, 'withdrawn');
  assert.match(await page.getByTestId(`application-${a1.id}`).getByTestId('next-step').textContent(), /തുടങ്ങും/,
    'an accepted offer of an internship that starts later says when it starts');
  await open(page, '/notifications', 'അറിയിപ്പുകൾ');
  await assertAccessible(page, 'notifications (ml, 360 px)');
  await page.context().close();
  assert.deepEqual(problems, []);
});

test('plurals: 1 application, 2 applications, in both languages', { skip, timeout: 60_000 }, async () => {
  const [one, two] = await Promise.all([openInternship(w, { title: 'Plural one' }), openInternship(w, { title: 'Plural two' })]);
  await w.s3.collection('applications').create({ internship: one.id, statement: 'One.' });
  const page = await signIn(w.accounts.s3);
  await open(page, '/applications', 'My applications');
  assert.equal(await page.getByTestId('applications-summary').textContent(), '1 application');
  await w.s3.collection('applications').create({ internship: two.id, statement: 'Two.' });
  await page.reload();
  await page.getByTestId('applications-summary').waitFor();
  assert.equal(await page.getByTestId('applications-summary').textContent(), '2 applications');
  await open(page, '/notifications', 'Notifications');
  assert.match(await page.getByTestId('notifications-summary').textContent(), /^\d+ notifications?, \d+ unread\.$/);
  await setLang(page, 'ml');
  await page.goto(`${srv.url}/#/applications`);
  await page.getByTestId('applications-summary').waitFor();
  assert.equal(await page.getByTestId('applications-summary').textContent(), '2 അപേക്ഷകൾ');
  await assertAccessible(page, 'my applications (ml, desktop)');
  await page.context().close();
  assert.deepEqual(problems, []);
});

test('endorse and offer ask and say what follows; revoking a certificate asks and says the verify page will show REVOKED', { skip, timeout: 150_000 }, async () => {
  const it = await openInternship(w, { title: 'Confirm moves internship' });
  const app = await w.s1.collection('applications').create({ internship: it.id, statement: 'Ready.' });

  const coord = await signIn(w.accounts.coordA, { width: 360 });
  await open(coord, '/applications', 'Applications from our students');
  const cCard = coord.getByTestId(`application-${app.id}`);
  assert.match(await cCard.getByTestId('next-step').textContent(), /endorse it so the host can see it/);
  await cCard.getByRole('button', { name: 'Endorse' }).click();
  const endorse = await dialogText(coord);
  assert.match(endorse, new RegExp(`Endorse the application of ${w.accounts.s1.name} for “Confirm moves internship”\\?`));
  assert.match(endorse, new RegExp(`${w.orgX.name} will then see it`));
  await assertAccessible(coord, 'the endorse confirmation (en, 360 px)');
  await coord.getByTestId('confirm-no').click();
  assert.equal((await w.admin.collection('applications').getOne(app.id)).status, 'submitted');
  await cCard.getByRole('button', { name: 'Endorse' }).click();
  await coord.getByTestId('confirm-yes').click();
  await coord.locator(`[data-testid="application-${app.id}"][data-status="endorsed"]`).waitFor();
  await coord.context().close();

  const sup = await signIn(w.accounts.supX, { lang: 'ml' });
  await open(sup, '/applications', 'അപേക്ഷകർ');
  const sCard = sup.getByTestId(`application-${app.id}`);
  await sCard.getByTestId('offer').click();
  const offer = await dialogText(sup);
  assert.ok(offer.includes(w.accounts.s1.name) && offer.includes('Confirm moves internship'), offer);
  assert.match(offer, /IST|GMT\+5:30/);
  await assertAccessible(sup, 'the offer confirmation (ml, desktop)');
  await sup.getByTestId('confirm-no').click();
  assert.equal((await w.admin.collection('applications').getOne(app.id)).status, 'endorsed');
  // The expiry is typed in the platform's zone (the browser is in New York):
  // 18:00 on the day after tomorrow in Asia/Kolkata is 12:30 UTC.
  const day = isoDay(2).slice(0, 10);
  await sCard.getByTestId('offer-form').locator('input[name="offer_expires_at"]').fill(`${day}T18:00`);
  await sCard.getByTestId('offer').click();
  assert.match(await dialogText(sup), /6:00|18:00|६:००/);
  await sup.getByTestId('confirm-yes').click();
  await sup.locator(`[data-testid="application-${app.id}"][data-status="offered"]`).waitFor();
  assert.equal(new Date((await w.admin.collection('applications').getOne(app.id)).offer_expires_at.replace(' ', 'T')).toISOString(),
    `${day}T12:30:00.000Z`);
  await sup.context().close();

  // The offer is declined by the student's accepting another one: certify.
  const cert = await certify(w, { title: 'Revoke confirm internship' });
  for (const lang of ['ml', 'en']) {
    const page = await signIn(w.accounts.coordA, { width: lang === 'ml' ? 360 : 1280, lang });
    await open(page, '/certificates', lang === 'ml' ? 'സർട്ടിഫിക്കറ്റുകൾ' : 'Certificates');
    const cCert = page.getByTestId(`certificate-${cert.number}`);
    await cCert.locator('button.btn-danger').click();
    await page.getByTestId('revoke-form').locator('textarea').fill('Issued to the wrong student.');
    await page.getByTestId('revoke-form').locator('button[type="submit"]').click();
    const text = await dialogText(page);
    assert.ok(text.includes(cert.number) && text.includes('REVOKED') && text.includes('Issued to the wrong student.'), text);
    if (lang === 'en') assert.match(text, /This is final/);
    await assertAccessible(page, `the revoke confirmation (${lang})`);
    if (lang === 'ml') {
      await page.getByTestId('confirm-no').click();
      assert.equal((await w.admin.collection('certificates').getOne(cert.id)).status, 'valid');
      await assertFits(page, 'certificates at 360 px');
    } else {
      await page.getByTestId('confirm-yes').click();
      await page.locator(`[data-testid="certificate-${cert.number}"][data-status="revoked"]`).waitFor();
      await assertAccessible(page, 'a revoked certificate (en)');
    }
    await page.context().close();
  }
  assert.equal((await w.admin.collection('certificates').getOne(cert.id)).status, 'revoked');
  assert.deepEqual(problems, []);
});

test('a supervisor cancelling an internship is told how many applications it withdraws; cancelling the question keeps it open', { skip, timeout: 90_000 }, async () => {
  const it = await openInternship(w, { title: 'Cancelled posting internship' });
  const app = await w.s2.collection('applications').create({ internship: it.id, statement: 'Hello.' }).catch(() => null)
    ?? await w.s3.collection('applications').create({ internship: it.id, statement: 'Hello.' });
  await (app.institution === w.instA.id ? w.coordA : w.coordB).collection('applications').update(app.id, { status: 'endorsed' });
  for (const [lang, width] of [['en', 360], ['ml', 1280]]) {
    const page = await signIn(w.accounts.supX, { width, lang });
    await open(page, `/internships/${it.id}`, 'Cancelled posting internship');
    const form = page.getByTestId('cancel-posting-form');
    await form.locator('textarea').fill('The project was called off.');
    await form.locator('button[type="submit"]').click();
    const text = await dialogText(page);
    if (lang === 'en') assert.match(text, /One application waiting with you is withdrawn/);
    else assert.match(text, /ഒരു അപേക്ഷ പിൻവലിക്കപ്പെടും/);
    await assertAccessible(page, `the cancel-internship confirmation (${lang})`);
    if (lang === 'en') {
      await assertFits(page, 'the posting page at 360 px');
      await page.getByTestId('confirm-no').click();
      assert.equal((await w.admin.collection('internships').getOne(it.id)).status, 'open');
    } else {
      await page.getByTestId('confirm-yes').click();
      await page.waitForFunction(() => !document.querySelector('[data-testid="cancel-posting-form"]'));
      assert.equal((await w.admin.collection('internships').getOne(it.id)).status, 'cancelled');
      assert.equal((await w.admin.collection('applications').getOne(app.id)).status, 'withdrawn');
    }
    await page.context().close();
  }
  assert.deepEqual(problems, []);
});

test('at 390 px, in both languages, the student pages fit and pass axe', { skip, timeout: 90_000 }, async () => {
  const page = await signIn(w.accounts.s3, { width: 390 });
  for (const lang of ['en', 'ml']) {
    if (lang === 'ml') await setLang(page, 'ml');
    for (const route of ['/internships', '/applications', '/notifications', '/certificates']) {
      await page.goto(`${srv.url}/#${route}`);
      await page.waitForFunction((r) => location.hash === `#${r}` && !!document.querySelector('main h1')
        && !document.querySelector('main [aria-busy="true"]'), route);
      await page.waitForTimeout(300);
      await assertFits(page, `${route} (${lang}, 390 px)`);
      await assertAccessible(page, `${route} (${lang}, 390 px)`);
    }
  }
  await page.goto(`${srv.url}/#/internships`);
  await page.getByTestId('results-summary').waitFor();
  assert.match(await page.getByTestId('results-summary').textContent(), /^അപേക്ഷിക്കാവുന്ന \d+ ഇന്റേൺഷിപ്പ/);
  await page.context().close();
  assert.deepEqual(problems, []);
});
