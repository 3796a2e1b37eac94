// Sign in (password, or a one-time code mailed to the person), the password
// reset by email, student sign-up and the public certificate lookup.
import { pb, onSubmit, ClientResponseError } from '../api.js';
import { h, field, alertBox } from '../dom.js';
import { getTokenPayload } from '../../vendor/pocketbase.es.mjs';
import { t } from '../i18n.js';

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
  ctx.announce(t('auth.signedInAnnounce', { how, name: pb.authStore.record?.name || pb.authStore.record?.email }));
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
  const email = field({ label: t('auth.email'), name: 'email', type: 'email', required: true, value: typedEmail, attrs: { autocomplete: 'username' } });
  const remember = () => { typedEmail = email.control.value.trim(); };
  const form = h('form', { class: 'card form narrow', 'data-testid': 'signin-form', 'aria-labelledby': 'signin-h' },
    alert,
    email,
    field({ label: t('auth.password'), name: 'password', type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('auth.signIn')),
      h('a', { href: `#/forgot-password${nextQuery(ctx)}`, 'data-testid': 'forgot-password-link', onclick: remember }, t('auth.forgot'))));
  onSubmit(form, async (data) => {
    try {
      await pb.collection('users').authWithPassword(String(data.get('email')).trim(), String(data.get('password')));
    } catch (err) {
      // PocketBase answers a generic 400 "Failed to authenticate."
      if (err?.status === 400 && !Object.keys(err.response?.data || {}).length) {
        throw new Error(t('auth.wrongPassword'));
      }
      throw tooMany(err, t('auth.tooManySignIns'));
    }
    await afterSignIn(ctx);
  });
  ctx.mount(
    h('h1', { id: 'signin-h' }, t('auth.signIn')),
    h('p', {}, t('auth.signInLead')),
    form,
    // A plain box, not a region named by its heading: the form's inputs stay
    // the only things on the page labelled Email and Password.
    h('div', { class: 'card narrow', 'data-testid': 'signin-code-offer' },
      h('h2', {}, t('auth.noPassword')),
      h('p', {}, t('auth.noPasswordText')),
      h('p', {}, h('a', { href: `#/signin-code${nextQuery(ctx)}`, class: 'btn', 'data-testid': 'signin-code-link', onclick: remember }, t('auth.emailMeCode')))),
    h('p', {}, t('auth.newStudent'), ' ', h('a', { href: '#/signup' }, t('auth.createStudent')), '. ',
      t('auth.staffAccounts')),
    h('p', {}, t('auth.offering'), ' ', h('a', { href: '#/register-host', 'data-testid': 'register-host-link' }, t('auth.registerHost')), '.'),
  );
}

export async function signUpView(ctx) {
  const institutions = await pb.collection('institutions').getFullList({ sort: 'name', fields: 'id,name,code' });
  const alert = alertBox();
  const form = h('form', { class: 'card form narrow', 'data-testid': 'signup-form' },
    alert,
    field({ label: t('auth.fullName'), name: 'name', required: true, attrs: { autocomplete: 'name', maxlength: 200 } }),
    field({ label: t('auth.email'), name: 'email', type: 'email', required: true, attrs: { autocomplete: 'email' } }),
    field({ label: t('auth.password'), name: 'password', type: 'password', required: true,
      hint: t('auth.atLeast8'), attrs: { autocomplete: 'new-password', minlength: 8 } }),
    field({ label: t('auth.confirmPassword'), name: 'passwordConfirm', type: 'password', required: true,
      attrs: { autocomplete: 'new-password', minlength: 8 } }),
    field({ label: t('auth.institution'), name: 'institution', type: 'select', required: true,
      options: [{ value: '', label: t('auth.chooseCollege') }, ...institutions.map((i) => ({ value: i.id, label: `${i.name} (${i.code})` }))] }),
    field({ label: t('auth.registerNo'), name: 'register_no', required: true, attrs: { maxlength: 50, autocomplete: 'off' } }),
    field({ label: t('auth.semester'), name: 'semester', type: 'number', required: true, attrs: { min: 1, max: 8, step: 1, inputmode: 'numeric' } }),
    field({ label: t('auth.programme'), name: 'program', hint: t('auth.programmeHint'), attrs: { maxlength: 200 } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('auth.createAccount'))));
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
    ctx.announce(pb.authStore.record?.enrolled ? t('auth.accountReady')
      : t('auth.accountReadyWait'));
    ctx.navigate(pb.authStore.record?.enrolled ? '/internships' : '/');
  });
  ctx.mount(
    h('h1', {}, t('auth.createStudent')),
    h('p', {}, t('auth.signUpLead')),
    form,
    h('p', {}, t('auth.already'), ' ', h('a', { href: '#/signin' }, t('auth.signIn')), '.'),
  );
}

/** Public: look a certificate up by number on the server's verify page. */
export async function verifyView(ctx) {
  const form = h('form', { class: 'card form narrow', 'data-testid': 'verify-form' },
    field({ label: t('auth.certNumber'), name: 'number', required: true,
      hint: t('auth.certNumberHint'),
      attrs: { autocomplete: 'off', spellcheck: 'false', pattern: '\\s*[Ii][Bb]-\\d{4}-[0-9A-Za-z]{8}\\s*' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('auth.verify'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = String(new FormData(form).get('number') || '').trim().toUpperCase();
    if (n) location.assign(pb.buildURL(`/verify/${encodeURIComponent(n)}`));
  });
  ctx.mount(
    h('h1', {}, t('auth.verifyTitle')),
    h('p', {}, t('auth.verifyLead')),
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
    .catch((err) => { throw tooMany(err, t('auth.tooManyCodes')); });

  function emailStep() {
    clearInterval(timer);
    const alert = alertBox();
    const form = h('form', { class: 'card form narrow', 'data-testid': 'code-request-form' },
      alert,
      field({ label: t('auth.email'), name: 'email', type: 'email', required: true, value: email || typedEmail,
        hint: t('auth.emailHint'), attrs: { autocomplete: 'username' } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('auth.emailMeACode'))));
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
      t('auth.codeSent', { email }));
    const code = field({ label: t('auth.code'), name: 'code', required: true,
      attrs: { autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 20, spellcheck: 'false', 'aria-describedby': 'code-sent' } });
    const wait = h('p', { id: 'resend-wait', class: 'hint', 'data-testid': 'resend-wait' });
    const resend = h('button', { type: 'button', class: 'btn', 'data-testid': 'resend-code', 'aria-describedby': 'resend-wait' }, t('auth.sendNew'));
    const other = h('button', { type: 'button', class: 'btn btn-quiet' }, t('auth.otherEmail'));
    const form = h('form', { class: 'card form narrow', 'data-testid': 'code-form' },
      alert, sent, code,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('auth.signIn'))),
      h('div', { class: 'subform' }, wait, h('div', { class: 'actions' }, resend, other)));

    // A new code only after a pause: each request mails the person again.
    const pause = () => {
      clearInterval(timer);
      const until = Date.now() + RESEND_PAUSE * 1000;
      resend.setAttribute('aria-disabled', 'true');
      const tick = () => {
        const left = Math.ceil((until - Date.now()) / 1000);
        if (left > 0) {
          wait.textContent = t('auth.waitSeconds', { count: left });
          return;
        }
        clearInterval(timer);
        resend.removeAttribute('aria-disabled');
        wait.textContent = t('auth.askNew');
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
        ctx.announce(t('auth.newCodeSent', { email }));
        pause();
      } catch (err) {
        resend.removeAttribute('aria-disabled');
        alert.replaceChildren(h('p', {}, err?.message || t('auth.codeNotSent')));
      }
    });
    other.addEventListener('click', () => emailStep().querySelector('input')?.focus());

    onSubmit(form, async (data) => {
      const value = String(data.get('code') || '').replace(/\s+/g, '');
      try {
        await pb.collection('users').authWithOTP(otpId, value);
      } catch (err) {
        if (err?.status === 429) {
          throw new Error(t('auth.tooManyWrong'));
        }
        if (err?.status === 400) {
          throw fieldError('code', t('auth.wrongCode'));
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
    h('h1', {}, t('auth.codeTitle')),
    h('p', {}, t('auth.codeLead')),
    holder,
    h('p', {}, h('a', { href: `#/signin${nextQuery(ctx)}` }, t('auth.withPassword')), ' · ',
      h('a', { href: `#/forgot-password${nextQuery(ctx)}` }, t('auth.setPassword'))),
  );
  emailStep();
}

/** Ask for the password reset mail; says the same whether the account exists or not. */
export async function forgotPasswordView(ctx) {
  const holder = h('div', {});
  const alert = alertBox();
  const form = h('form', { class: 'card form narrow', 'data-testid': 'reset-request-form' },
    alert,
    field({ label: t('auth.email'), name: 'email', type: 'email', required: true, value: typedEmail,
      hint: t('auth.emailHint'), attrs: { autocomplete: 'username' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('auth.emailMeLink'))));
  onSubmit(form, async (data) => {
    const email = String(data.get('email')).trim();
    typedEmail = email;
    try {
      await pb.collection('users').requestPasswordReset(email);
    } catch (err) {
      throw tooMany(err, t('auth.tooManyLinks'));
    }
    const note = h('div', { class: 'card narrow sent', tabindex: '-1', 'data-testid': 'reset-sent' },
      h('p', {}, t('auth.linkSent', { email })),
      h('p', {}, h('a', { href: `#/signin${nextQuery(ctx)}` }, t('auth.backToSignIn'))));
    holder.replaceChildren(note);
    note.focus();
  });
  holder.append(form);
  ctx.mount(
    h('h1', {}, t('auth.newPasswordTitle')),
    h('p', {}, t('auth.newPasswordLead')),
    holder,
    h('p', {}, t('auth.noTime'), ' ', h('a', { href: `#/signin-code${nextQuery(ctx)}` }, t('auth.emailMeCode')), '.'),
  );
}

/**
 * The page the reset mail links to (#/reset-password/TOKEN): a new password
 * and its confirmation; then the person is signed in with it.
 */
export async function resetPasswordView(ctx) {
  const token = ctx.params.token || '';
  const claims = getTokenPayload(token);
  const askAgain = h('p', {}, h('a', { href: '#/forgot-password', 'data-testid': 'ask-new-link' }, t('auth.askNewLink')), '.');
  if (claims.type !== 'passwordReset' || !claims.email) {
    ctx.mount(h('h1', {}, t('auth.newPasswordTitle')),
      h('p', { class: 'notice', 'data-testid': 'reset-link-broken' }, t('auth.linkBroken')),
      askAgain);
    return;
  }
  if (claims.exp && claims.exp * 1000 < Date.now()) {
    ctx.mount(h('h1', {}, t('auth.newPasswordTitle')),
      h('p', { class: 'notice', 'data-testid': 'reset-link-expired' }, t('auth.linkExpired')),
      askAgain);
    return;
  }
  const email = String(claims.email);
  const alert = alertBox();
  const form = h('form', { class: 'card form narrow', 'data-testid': 'reset-password-form' },
    alert,
    // For password managers: the account the new password belongs to.
    h('input', { type: 'email', name: 'username', value: email, autocomplete: 'username', hidden: true, readonly: true, tabindex: '-1' }),
    field({ label: t('auth.newPassword'), name: 'password', type: 'password', required: true,
      hint: t('auth.atLeast8'), attrs: { autocomplete: 'new-password', minlength: 8 } }),
    field({ label: t('auth.confirmNewPassword'), name: 'passwordConfirm', type: 'password', required: true,
      attrs: { autocomplete: 'new-password', minlength: 8 } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('auth.setPasswordButton'))));
  onSubmit(form, async (data) => {
    const password = String(data.get('password'));
    try {
      await pb.collection('users').confirmPasswordReset(token, password, String(data.get('passwordConfirm')));
    } catch (err) {
      const fields = err?.response?.data || {};
      if (fields.token) throw new Error(t('auth.linkUsed'));
      if (fields.passwordConfirm?.code === 'validation_values_mismatch') fields.passwordConfirm.message = t('auth.mismatch');
      throw tooMany(err, t('auth.tooManyAttempts'));
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
      ctx.announce(t('auth.passwordSetSignIn'));
      ctx.navigate('/signin');
      return;
    }
    await afterSignIn(ctx, t('auth.passwordSet'));
  });
  ctx.mount(
    h('h1', {}, t('auth.newPasswordTitle')),
    h('p', { 'data-testid': 'reset-for' }, t('auth.forAccount', { email })),
    form,
    askAgain,
  );
}
