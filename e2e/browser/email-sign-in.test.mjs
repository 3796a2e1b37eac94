// Signing in by email in a real browser (DESIGN.md §11): a student the
// roster imported has no password; they sign in with a one-time code mailed
// to them, and set a password through the reset mail, whose link opens the
// portal's own page. The mails go through a real SMTP server on loopback
// (nodemailer's smtp-server) and are read from it. The pages never tell
// whether an account exists. Every new page and state is checked with
// axe-core (0 violations).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { start, SUPERUSER } from '../lib/server.mjs';
import { client } from '../lib/world.mjs';
import { browserMissing, launch, portal, nav, assertAccessible } from '../lib/browser.mjs';

const skip = browserMissing() || false;
let srv, sink, browser, admin, inst;
const problems = [];
const n = `${process.pid}-${Date.now().toString(36)}`;
const student = { email: `meera.${n}@college.test`, name: 'Meera Nair', register_no: `EM-${n}` };
const unknown = `nobody.${n}@college.test`;
const CODE_MAIL = /^Your Internbase sign-in code$/;
const NEW_PASSWORD = 'meera-new-pass-2026';



/**
 * An SMTP server on a free loopback port that keeps every message it
 * receives, parsed: {to: [addresses], subject, html, text}.
 */
async function startSink() {
  const received = [];
  let wake = () => {};
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream).then((m) => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), subject: m.subject || '', html: m.html || '', text: m.text || '' });
        wake();
        done();
      }, done);
    },
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    port: server.server.address().port,
    received,
    /** The next message to addr whose subject matches (taken off the list), waiting up to ms. */
    async next(addr, subject = /./, ms = 20_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const i = received.findIndex((m) => m.to.length === 1 && m.to[0] === addr.toLowerCase() && subject.test(m.subject));
        if (i >= 0) return received.splice(i, 1)[0];
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no mail to ${addr} within ${ms} ms`);
        await new Promise((ok) => { wake = ok; setTimeout(ok, Math.min(left, 250)); });
      }
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}

before(async () => {
  if (skip) return;
  sink = await startSink();
  srv = await start({ env: { IB_SMTP_HOST: '127.0.0.1', IB_SMTP_PORT: String(sink.port), IB_SENDER_ADDRESS: 'internships@college.test' } });
  admin = client(srv.url);
  await admin.collection('_superusers').authWithPassword(SUPERUSER.email, SUPERUSER.password);
  const reg = await admin.collection('regulations').create({ name: `Mail regulation ${n}` });
  inst = await admin.collection('institutions').create({ name: `Mail College ${n}`, code: `MC${process.pid}`, regulation: reg.id });
  const report = await admin.send(`/api/ib/institutions/${inst.id}/roster`, {
    method: 'POST', headers: { 'Content-Type': 'text/csv' },
    body: `register_no,name,email,program,semester\n${student.register_no},${student.name},${student.email},BSc Physics,3\n`,
  });
  assert.equal(report.created, 1, JSON.stringify(report));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  await sink?.close();
});

/** The code of a sign-in code mail. */
function codeOf(mail) {
  const m = /<strong>([0-9A-Za-z]+)<\/strong>/.exec(mail.html);
  assert.ok(m, `no code in the mail "${mail.subject}": ${mail.html}`);
  return m[1];
}

/** The text of the field error under the control labelled label, once shown. */
async function fieldErrorOf(page, form, label) {
  const ctl = form.getByLabel(label, { exact: true });
  await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', await ctl.elementHandle());
  const ids = (await ctl.getAttribute('aria-describedby')).split(' ').filter((id) => id.endsWith('-error'));
  assert.equal(ids.length, 1, 'the error is tied to its control');
  return page.locator(`[id="${ids[0]}"]`).textContent();
}

test('an imported student signs in with an emailed code (a wrong code is refused, a new code after a pause)', { skip, timeout: 90_000 }, async () => {
  const before = await admin.collection('users').getFirstListItem(admin.filter('email = {:e}', { e: student.email }));
  assert.equal(before.verified, false);
  const page = await portal(browser, srv.url, '', '', { problems });
  // A clock the test can move on (the resend pause), running at real speed otherwise.
  await page.clock.install();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByRole('link', { name: 'Forgot your password?' }).waitFor();
  await assertAccessible(page, 'the sign-in page');

  await page.getByRole('link', { name: 'Email me a sign-in code' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in with a code' }).waitFor();
  await assertAccessible(page, 'the sign-in code page');
  await page.getByTestId('code-request-form').getByLabel('Email').fill(student.email);
  await page.getByRole('button', { name: 'Email me a code' }).click();

  const sent = page.getByTestId('code-sent');
  await sent.waitFor();
  assert.match(await sent.textContent(), new RegExp(`^If an account exists for ${student.email.replace(/\./g, '\\.')}, we have emailed it a sign-in code`));
  const form = page.getByTestId('code-form');
  const codeInput = form.getByLabel('Sign-in code');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'one-time-code', 'the code field has the focus');
  const mail = await sink.next(student.email, CODE_MAIL);
  const first = codeOf(mail);
  await assertAccessible(page, 'the code step');

  // A wrong code: the message sits under the code field; nobody is signed in.
  await codeInput.fill(first === '00000000' ? '11111111' : '00000000');
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  assert.match(await fieldErrorOf(page, form, 'Sign-in code'), /not right, or it has expired/);
  assert.equal(await page.getByTestId('sign-out').count(), 0);
  await assertAccessible(page, 'the code step with a wrong code');

  // A new code only after a pause.
  const resend = page.getByTestId('resend-code');
  assert.equal(await resend.getAttribute('aria-disabled'), 'true');
  assert.match(await page.getByTestId('resend-wait').textContent(), /in \d+ seconds/);
  await resend.click({ force: true }); // does nothing yet
  await page.clock.fastForward('00:31');
  await page.waitForFunction(() => !document.querySelector('[data-testid="resend-code"]')?.hasAttribute('aria-disabled'));
  await resend.click();
  await page.waitForFunction(() => /new sign-in code/.test(document.querySelector('[data-testid="live"]')?.textContent ?? ''));
  assert.equal(await resend.getAttribute('aria-disabled'), 'true', 'the pause starts again');
  const second = codeOf(await sink.next(student.email, CODE_MAIL));
  assert.equal(sink.received.filter((m) => m.to.includes(student.email)).length, 0, 'the early press sent nothing');

  await codeInput.fill(second);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `Welcome, ${student.name}` }).waitFor();
  assert.match(await page.getByTestId('signed-in-as').textContent(), /Meera Nair · student/);
  assert.equal((await admin.collection('users').getOne(before.id)).verified, true, 'the code proved the address');

  await nav(page, 'sign-out');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.context().close();
  assert.deepEqual(problems, []);
});

test('forgot password: the mailed link opens the portal page; the new password signs in; the link works once', { skip, timeout: 90_000 }, async () => {
  const page = await portal(browser, srv.url, '', '', { problems });
  await page.getByLabel('Email').fill(student.email);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
  const request = page.getByTestId('reset-request-form');
  assert.equal(await request.getByLabel('Email').inputValue(), student.email, 'the address typed on sign-in is offered');
  await assertAccessible(page, 'the forgot-password page');
  await request.getByRole('button', { name: 'Email me a link' }).click();
  const sent = page.getByTestId('reset-sent');
  await sent.waitFor();
  assert.match(await sent.textContent(), /^If an account exists for \S+, we have emailed it a link to set a new password/);
  await assertAccessible(page, 'the forgot-password page after sending');

  const mail = await sink.next(student.email, /password/);
  assert.equal(mail.subject, 'Set your Internbase password');
  const m = /href="([^"]*\/#\/reset-password\/[A-Za-z0-9._-]+)"/.exec(mail.html);
  assert.ok(m, `no portal link in the reset mail: ${mail.html}`);
  const link = m[1];
  assert.ok(link.startsWith(`${srv.url}/#/reset-password/`), `the link points at the app: ${link}`);
  assert.doesNotMatch(mail.html, /\/_\//, 'no link to the admin UI');

  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
  assert.match(await page.getByTestId('reset-for').textContent(), new RegExp(student.email.replace(/\./g, '\\.')));
  const form = page.getByTestId('reset-password-form');
  await assertAccessible(page, 'the reset-password page');

  // The server's error sits under its field.
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Confirm new password').fill(`${NEW_PASSWORD}-typo`);
  await form.getByRole('button', { name: 'Set password' }).click();
  assert.match(await fieldErrorOf(page, form, 'Confirm new password'), /do not match/);
  await assertAccessible(page, 'the reset-password page with an error');

  await form.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Set password' }).click();
  await page.getByRole('heading', { level: 1, name: `Welcome, ${student.name}` }).waitFor();
  await page.waitForFunction(() => /Your password is set/.test(document.querySelector('[data-testid="live"]')?.textContent ?? ''));
  await nav(page, 'sign-out');

  // The new password signs in through the sign-in form.
  await page.getByLabel('Email').fill(student.email.toUpperCase());
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: `Welcome, ${student.name}` }).waitFor();
  await nav(page, 'sign-out');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

  // The link was used: it says so and offers a new one.
  await page.goto(link);
  await form.getByLabel('New password', { exact: true }).fill('another-pass-2026');
  await form.getByLabel('Confirm new password').fill('another-pass-2026');
  await form.getByRole('button', { name: 'Set password' }).click();
  await page.waitForFunction(() => /does not work any more/.test(document.querySelector('[data-testid="reset-password-form"] [data-testid="form-alert"]')?.textContent ?? ''));
  await page.getByTestId('ask-new-link').waitFor();
  await assertAccessible(page, 'the reset-password page with a used link');
  await page.context().close();
  assert.deepEqual(problems, []);
});

test('an unknown address gets the same answers and no mail; a broken link is explained', { skip, timeout: 60_000 }, async () => {
  const page = await portal(browser, srv.url, '', '', { problems });
  const answer = async (email) => {
    await page.goto(`${srv.url}/#/signin-code`);
    await page.getByTestId('code-request-form').getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    const code = (await page.getByTestId('code-sent').textContent()).replace(email, 'EMAIL');
    await page.goto(`${srv.url}/#/forgot-password`);
    await page.getByTestId('reset-request-form').getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    const reset = (await page.getByTestId('reset-sent').textContent()).replace(email, 'EMAIL');
    return { code, reset };
  };
  const known = await answer(student.email);
  const other = await answer(unknown);
  assert.deepEqual(other, known, 'the pages say the same whether the account exists or not');
  assert.match(other.code, /^If an account exists for EMAIL/);
  assert.match(other.reset, /^If an account exists for EMAIL/);
  await assertAccessible(page, 'the reset page after an unknown address');

  // The known address got its code; the unknown one nothing.
  codeOf(await sink.next(student.email, CODE_MAIL));
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(sink.received.filter((m) => m.to.includes(unknown.toLowerCase())).length, 0, 'no mail to an unknown address');

  await page.goto(`${srv.url}/#/reset-password/not-a-token`);
  await page.getByTestId('reset-link-broken').waitFor();
  await page.getByTestId('ask-new-link').waitFor();
  await assertAccessible(page, 'the reset page of a broken link');
  await page.context().close();
  assert.deepEqual(problems, []);
});
