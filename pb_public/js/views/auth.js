// Sign in, student sign-up and the public certificate lookup.
import { pb, onSubmit } from '../api.js';
import { h, field, alertBox } from '../dom.js';

export async function signInView(ctx) {
  const alert = alertBox();
  const form = h('form', { class: 'card form narrow', 'data-testid': 'signin-form', 'aria-labelledby': 'signin-h' },
    alert,
    field({ label: 'Email', name: 'email', type: 'email', required: true, attrs: { autocomplete: 'username' } }),
    field({ label: 'Password', name: 'password', type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in')));
  onSubmit(form, async (data) => {
    try {
      await pb.collection('users').authWithPassword(String(data.get('email')).trim(), String(data.get('password')));
    } catch (err) {
      // PocketBase answers a generic 400 "Failed to authenticate."
      if (err?.status === 400 && !Object.keys(err.response?.data || {}).length) {
        throw new Error('The email or password is not right. Check them and try again.');
      }
      throw err;
    }
    await ctx.signedIn();
    ctx.announce(`Signed in as ${pb.authStore.record?.name || pb.authStore.record?.email}.`);
    const next = ctx.query.get('next');
    ctx.navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
  });
  ctx.mount(
    h('h1', { id: 'signin-h' }, 'Sign in'),
    h('p', {}, 'Students, college staff and host supervisors sign in here.'),
    form,
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
