// Sign in (password, or a one-time code mailed to the person), the password
// reset by email, student sign-up and the public certificate lookup.
import { pb, onSubmit, ClientResponseError } from '../api.js';
import { h, field, alertBox } from '../dom.js';
import { getTokenPayload } from '../../vendor/pocketbase.es.mjs';

/**
 * The address typed on one sign-in page, offered on the next (a code, a
 * reset): kept in memory only, never in the address bar.
 */
let typedEmail = '';

/** Seconds before "Send a new code" works again. */
export const RESEND_PAUSE = 30;

/** Where to go once signed in: ?next= when it is a portal path. */
function nextPath(ctx) {
  const next = ctx.query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** "?next=…" to carry to another sign-in page, or ''. */
function nextQuery(ctx) {
  const next = nextPath(ctx);
  return next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
}

async function afterSignIn(ctx, how = '') {
  await ctx.signedIn();
  ctx.announce(`${how}Signed in as ${pb.authStore.record?.name || pb.authStore.record?.email}.`);
  ctx.navigate(nextPath(ctx));
}

/** A 429 of the rate limits, said so a person knows what to do. */
function tooMany(err, message) {
  if (err?.status === 429) return new Error(message);
  return err;
}

/** A field error of the form as the server would send it (shown under the control). */
function fieldError(name, message) {
  return new ClientResponseError({ status: 400, response: { status: 400, message, data: { [name]: { code: 'invalid', message } } } });
}

export async function signInView(ctx) {
  const alert = alertBox();
  const email = field({ label: 'Email', name: 'email', type: 'email', required: true, value: typedEmail, attrs: { autocomplete: 'username' } });
  const remember = () => { typedEmail = email.control.value.trim(); };
  const form = h('form', { class: 'card form narrow', 'data-testid': 'signin-form', 'aria-labelledby': 'signin-h' },
    alert,
    email,
    field({ label: 'Password', name: 'password', type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in'),
      h('a', { href: `#/forgot-password${nextQuery(ctx)}`, 'data-testid': 'forgot-password-link', onclick: remember }, 'Forgot your password?')));
  onSubmit(form, async (data) => {
    try {
      await pb.collection('users').authWithPassword(String(data.get('email')).trim(), String(data.get('password')));
    } catch (err) {
      // PocketBase answers a generic 400 "Failed to authenticate."
      if (err?.status === 400 && !Object.keys(err.response?.data || {}).length) {
        throw new Error('The email or password is not right. Check them and try again.');
      }
      throw tooMany(err, 'Too many sign-in attempts from here. Wait a minute and try again.');
    }
    await afterSignIn(ctx);
  });
  ctx.mount(
    h('h1', { id: 'signin-h' }, 'Sign in'),
    h('p', {}, 'Students, college staff and host supervisors sign in here.'),
    form,
    // A plain box, not a region named by its heading: the form's inputs stay
    // the only things on the page labelled Email and Password.
    h('div', { class: 'card narrow', 'data-testid': 'signin-code-offer' },
      h('h2', {}, 'No password?'),
      h('p', {}, 'If your college added you, you have no password yet: sign in with a code we email you, or set a password with “Forgot your password?”.'),
      h('p', {}, h('a', { href: `#/signin-code${nextQuery(ctx)}`, class: 'btn', 'data-testid': 'signin-code-link', onclick: remember }, 'Email me a sign-in code'))),
    h('p', {}, 'New student? ', h('a', { href: '#/signup' }, 'Create a student account'), '. ',
      'Staff accounts are created by your college coordinator.'),
    h('p', {}, 'Offering internships? ', h('a', { href: '#/register-host', 'data-testid': 'register-host-link' }, 'Register your organisation as a host'), '.'),
  );
}

export async function signUpView(ctx) {
  const institutions = await pb.collection('institutions').getFullList({ sort: 'name', fields: 'id,name,code' });
  const alert = alertBox();
  const form = h('form', { class: 'card form narrow', 'data-testid': 'signup-form' },
    alert,
    field({ label: 'Full name', name: 'name', required: true, attrs: { autocomplete: 'name', maxlength: 200 } }),
    field({ label: 'Email', name: 'email', type: 'email', required: true, attrs: { autocomplete: 'email' } }),
    field({ label: 'Password', name: 'password', type: 'password', required: true,
      hint: 'At least 8 characters.', attrs: { autocomplete: 'new-password', minlength: 8 } }),
    field({ label: 'Confirm password', name: 'passwordConfirm', type: 'password', required: true,
      attrs: { autocomplete: 'new-password', minlength: 8 } }),
    field({ label: 'Institution', name: 'institution', type: 'select', required: true,
      options: [{ value: '', label: 'Choose your college' }, ...institutions.map((i) => ({ value: i.id, label: `${i.name} (${i.code})` }))] }),
    field({ label: 'Register number', name: 'register_no', required: true, attrs: { maxlength: 50, autocomplete: 'off' } }),
    field({ label: 'Semester', name: 'semester', type: 'number', required: true, attrs: { min: 1, max: 8, step: 1, inputmode: 'numeric' } }),
    field({ label: 'Programme', name: 'program', hint: 'For example: BSc Computer Science', attrs: { maxlength: 200 } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create account')));
  onSubmit(form, async (data) => {
    const body = Object.fromEntries(data.entries());
    body.role = 'student';
    body.email = String(body.email).trim();
    body.semester = Number(body.semester);
    await pb.collection('users').create(body);
    await pb.collection('users').authWithPassword(body.email, body.password);
    await ctx.signedIn();
    // A sign-up waits for the college to confirm the enrolment: the home
    // page says so (an enrolled student, e.g. one on the roster, goes on).
    ctx.announce(pb.authStore.record?.enrolled ? 'Your student account is ready.'
      : 'Your student account is ready. Your college confirms your enrolment before you can apply.');
    ctx.navigate(pb.authStore.record?.enrolled ? '/internships' : '/');
  });
  ctx.mount(
    h('h1', {}, 'Create a student account'),
    h('p', {}, 'Sign-up is for students. Mentors, coordinators and host supervisors get their accounts from their college coordinator.'),
    form,
    h('p', {}, 'Already registered? ', h('a', { href: '#/signin' }, 'Sign in'), '.'),
  );
}

/** Public: look a certificate up by number on the server's verify page. */
export async function verifyView(ctx) {
  const form = h('form', { class: 'card form narrow', 'data-testid': 'verify-form' },
    field({ label: 'Certificate number', name: 'number', required: true,
      hint: 'As printed on the certificate, for example IB-2026-7K3F9QXD.',
      attrs: { autocomplete: 'off', spellcheck: 'false', pattern: '\\s*[Ii][Bb]-\\d{4}-[0-9A-Za-z]{8}\\s*' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Verify')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = String(new FormData(form).get('number') || '').trim().toUpperCase();
    if (n) location.assign(pb.buildURL(`/verify/${encodeURIComponent(n)}`));
  });
  ctx.mount(
    h('h1', {}, 'Verify a certificate'),
    h('p', {}, 'Anyone can check that an Internbase credit certificate is genuine and still valid.'),
    form,
  );
}

/**
 * Sign in with a one-time code mailed to the person (PocketBase's OTP):
 * the email, then the code. Whether an account exists is never told: the
 * server answers an id either way, and the page says "if an account exists".
 */
export async function signInCodeView(ctx) {
  let otpId = '';
  let email = '';
  let timer = null;
  ctx.onLeave(() => clearInterval(timer));
  const holder = h('div', {});

  const request = (address) => pb.collection('users').requestOTP(address)
    .then((res) => res.otpId)
    .catch((err) => { throw tooMany(err, 'Too many codes were asked for from here. Wait a minute and try again.'); });

  function emailStep() {
    clearInterval(timer);
    const alert = alertBox();
    const form = h('form', { class: 'card form narrow', 'data-testid': 'code-request-form' },
      alert,
      field({ label: 'Email', name: 'email', type: 'email', required: true, value: email || typedEmail,
        hint: 'The address your college or your account uses.', attrs: { autocomplete: 'username' } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Email me a code')));
    onSubmit(form, async (data) => {
      email = String(data.get('email')).trim();
      typedEmail = email;
      otpId = await request(email);
      codeStep();
    });
    holder.replaceChildren(form);
    return form;
  }

  function codeStep() {
    const alert = alertBox();
    const sent = h('p', { id: 'code-sent', class: 'sent', 'data-testid': 'code-sent' },
      `If an account exists for ${email}, we have emailed it a sign-in code. The code works for a few minutes; `
      + 'if the email does not arrive, look in your spam folder.');
    const code = field({ label: 'Sign-in code', name: 'code', required: true,
      attrs: { autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 20, spellcheck: 'false', 'aria-describedby': 'code-sent' } });
    const wait = h('p', { id: 'resend-wait', class: 'hint', 'data-testid': 'resend-wait' });
    const resend = h('button', { type: 'button', class: 'btn', 'data-testid': 'resend-code', 'aria-describedby': 'resend-wait' }, 'Send a new code');
    const other = h('button', { type: 'button', class: 'btn btn-quiet' }, 'Use another email address');
    const form = h('form', { class: 'card form narrow', 'data-testid': 'code-form' },
      alert, sent, code,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in')),
      h('div', { class: 'subform' }, wait, h('div', { class: 'actions' }, resend, other)));

    // A new code only after a pause: each request mails the person again.
    const pause = () => {
      clearInterval(timer);
      const until = Date.now() + RESEND_PAUSE * 1000;
      resend.setAttribute('aria-disabled', 'true');
      const tick = () => {
        const left = Math.ceil((until - Date.now()) / 1000);
        if (left > 0) {
          wait.textContent = `Did not get it? You can ask for a new code in ${left} seconds.`;
          return;
        }
        clearInterval(timer);
        resend.removeAttribute('aria-disabled');
        wait.textContent = 'Did not get it? Ask for a new code.';
      };
      tick();
      timer = setInterval(tick, 1000);
    };
    resend.addEventListener('click', async () => {
      if (resend.getAttribute('aria-disabled') === 'true') return;
      resend.setAttribute('aria-disabled', 'true');
      alert.replaceChildren();
      try {
        otpId = await request(email);
        code.control.value = '';
        ctx.announce(`If an account exists for ${email}, we have emailed it a new sign-in code.`);
        pause();
      } catch (err) {
        resend.removeAttribute('aria-disabled');
        alert.replaceChildren(h('p', {}, err?.message || 'The code could not be sent. Try again.'));
      }
    });
    other.addEventListener('click', () => emailStep().querySelector('input')?.focus());

    onSubmit(form, async (data) => {
      const value = String(data.get('code') || '').replace(/\s+/g, '');
      try {
        await pb.collection('users').authWithOTP(otpId, value);
      } catch (err) {
        if (err?.status === 429) {
          throw new Error('Too many wrong codes. Ask for a new code and try again.');
        }
        if (err?.status === 400) {
          throw fieldError('code', 'This code is not right, or it has expired. Type the code of the latest email, or ask for a new code.');
        }
        throw err;
      }
      await afterSignIn(ctx);
    });
    holder.replaceChildren(form);
    pause();
    code.control.focus();
  }

  ctx.mount(
    h('h1', {}, 'Sign in with a code'),
    h('p', {}, 'We email you a one-time code; type it here to sign in. No password needed.'),
    holder,
    h('p', {}, h('a', { href: `#/signin${nextQuery(ctx)}` }, 'Sign in with your password'), ' · ',
      h('a', { href: `#/forgot-password${nextQuery(ctx)}` }, 'Set a password')),
  );
  emailStep();
}

/** Ask for the password reset mail; says the same whether the account exists or not. */
export async function forgotPasswordView(ctx) {
  const holder = h('div', {});
  const alert = alertBox();
  const form = h('form', { class: 'card form narrow', 'data-testid': 'reset-request-form' },
    alert,
    field({ label: 'Email', name: 'email', type: 'email', required: true, value: typedEmail,
      hint: 'The address your college or your account uses.', attrs: { autocomplete: 'username' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Email me a link')));
  onSubmit(form, async (data) => {
    const email = String(data.get('email')).trim();
    typedEmail = email;
    try {
      await pb.collection('users').requestPasswordReset(email);
    } catch (err) {
      throw tooMany(err, 'Too many links were asked for from here. Wait a minute and try again.');
    }
    const note = h('div', { class: 'card narrow sent', tabindex: '-1', 'data-testid': 'reset-sent' },
      h('p', {}, `If an account exists for ${email}, we have emailed it a link to set a new password. `
        + 'The link works for 30 minutes; if the email does not arrive, look in your spam folder.'),
      h('p', {}, h('a', { href: `#/signin${nextQuery(ctx)}` }, 'Back to sign in')));
    holder.replaceChildren(note);
    note.focus();
  });
  holder.append(form);
  ctx.mount(
    h('h1', {}, 'Set a new password'),
    h('p', {}, 'Forgot your password, or never had one? We email you a link to set one.'),
    holder,
    h('p', {}, 'No time for a new password? ', h('a', { href: `#/signin-code${nextQuery(ctx)}` }, 'Email me a sign-in code'), '.'),
  );
}

/**
 * The page the reset mail links to (#/reset-password/TOKEN): a new password
 * and its confirmation; then the person is signed in with it.
 */
export async function resetPasswordView(ctx) {
  const token = ctx.params.token || '';
  const claims = getTokenPayload(token);
  const askAgain = h('p', {}, h('a', { href: '#/forgot-password', 'data-testid': 'ask-new-link' }, 'Ask for a new link'), '.');
  if (claims.type !== 'passwordReset' || !claims.email) {
    ctx.mount(h('h1', {}, 'Set a new password'),
      h('p', { class: 'notice', 'data-testid': 'reset-link-broken' }, 'This link is not complete. Open the link of the email again (or copy all of it), or ask for a new one.'),
      askAgain);
    return;
  }
  if (claims.exp && claims.exp * 1000 < Date.now()) {
    ctx.mount(h('h1', {}, 'Set a new password'),
      h('p', { class: 'notice', 'data-testid': 'reset-link-expired' }, 'This link has expired: links to set a password work for 30 minutes.'),
      askAgain);
    return;
  }
  const email = String(claims.email);
  const alert = alertBox();
  const form = h('form', { class: 'card form narrow', 'data-testid': 'reset-password-form' },
    alert,
    // For password managers: the account the new password belongs to.
    h('input', { type: 'email', name: 'username', value: email, autocomplete: 'username', hidden: true, readonly: true, tabindex: '-1' }),
    field({ label: 'New password', name: 'password', type: 'password', required: true,
      hint: 'At least 8 characters.', attrs: { autocomplete: 'new-password', minlength: 8 } }),
    field({ label: 'Confirm new password', name: 'passwordConfirm', type: 'password', required: true,
      attrs: { autocomplete: 'new-password', minlength: 8 } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Set password')));
  onSubmit(form, async (data) => {
    const password = String(data.get('password'));
    try {
      await pb.collection('users').confirmPasswordReset(token, password, String(data.get('passwordConfirm')));
    } catch (err) {
      const fields = err?.response?.data || {};
      if (fields.token) throw new Error('This link does not work any more: it was used already, or it expired. Ask for a new one below.');
      if (fields.passwordConfirm?.code === 'validation_values_mismatch') fields.passwordConfirm.message = 'The two passwords do not match.';
      throw tooMany(err, 'Too many attempts from here. Wait a minute and try again.');
    }
    // The new password signs the person in (a session of someone else in
    // this browser ends: the link was theirs).
    try {
      if (pb.authStore.isValid) {
        try { await pb.realtime.unsubscribe(); } catch { /* already closed */ }
      }
      await pb.collection('users').authWithPassword(email, password);
    } catch {
      pb.authStore.clear();
      ctx.announce('Your password is set. Sign in with it.');
      ctx.navigate('/signin');
      return;
    }
    await afterSignIn(ctx, 'Your password is set. ');
  });
  ctx.mount(
    h('h1', {}, 'Set a new password'),
    h('p', { 'data-testid': 'reset-for' }, `For the account ${email}.`),
    form,
    askAgain,
  );
}
