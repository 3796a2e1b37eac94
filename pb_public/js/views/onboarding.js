// Onboarding (DESIGN.md §11): the coordinator's enrolment queue (students who
// signed up themselves) and verification queue (hosts that registered
// themselves), the public host registration with its waiting page, and the
// notices a student who is not enrolled yet and a supervisor of an unverified
// host see.
import { pb, me, filter, pager, onSubmit, actionButton, fmtTime, ClientResponseError } from '../api.js';
import { h, field, alertBox, dl, nextId, moreButton } from '../dom.js';

const KINDS = [
  { value: 'company', label: 'Company' }, { value: 'startup', label: 'Start-up' }, { value: 'research_lab', label: 'Research lab' },
  { value: 'ngo', label: 'NGO' }, { value: 'government', label: 'Government' }, { value: 'academic', label: 'Academic' }];
const kindLabel = (k) => KINDS.find((x) => x.value === k)?.label || k || '';

/** Tells the shell to count the waiting enrolments again (the nav badge). */
function recount() {
  window.dispatchEvent(new CustomEvent('ib:counts'));
}

/**
 * A button for an action that cannot be taken back: it first says what will
 * happen (question) and runs fn only on the second, explicit button.
 */
function confirmAction({ label, question, yes, no = 'Keep it', fn, alert, cls = 'btn btn-danger', testid }) {
  const qid = nextId('confirm');
  const first = h('button', { type: 'button', class: cls, 'data-testid': testid || null }, label);
  const sure = actionButton(yes, fn, { alert, class: cls, testid: testid ? `${testid}-yes` : null });
  sure.setAttribute('aria-describedby', qid);
  const keep = h('button', { type: 'button', class: 'btn' }, no);
  const ask = h('div', { class: 'confirm-ask', hidden: true, 'data-testid': testid ? `${testid}-ask` : null },
    h('p', { id: qid, class: 'notice' }, question), h('div', { class: 'actions' }, sure, keep));
  first.addEventListener('click', () => { first.hidden = true; ask.hidden = false; sure.focus(); });
  keep.addEventListener('click', () => { ask.hidden = true; first.hidden = false; first.focus(); });
  return { first, ask };
}

/**
 * A live, paged queue of cards. opts: {collection, filter, sort, expand,
 * list (the <ul>), empty (the empty-state <p>), card(record), belongs(record)
 * — whether a record seen in a realtime event still belongs in the queue,
 * and says(action, record) — what to announce for a newcomer}.
 */
async function liveQueue(ctx, opts) {
  const cards = new Map();
  const sync = () => { opts.empty.hidden = cards.size > 0; };
  const put = (rec, where = 'append') => {
    const li = h('li', {}, opts.card(rec, remove));
    const old = cards.get(rec.id);
    if (old) old.replaceWith(li);
    else if (where === 'prepend') opts.list.prepend(li);
    else opts.list.append(li);
    cards.set(rec.id, li);
    sync();
  };
  function remove(id) {
    const li = cards.get(id);
    if (!li) return;
    const focusWasIn = li.contains(document.activeElement);
    const next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    cards.delete(id);
    sync();
    if (focusWasIn) {
      const target = next?.querySelector('.item-title') || opts.heading;
      target.setAttribute('tabindex', '-1');
      target.focus();
    }
  }
  const pages = pager(opts.collection, { filter: opts.filter, sort: opts.sort, expand: opts.expand });
  (await pages.next()).forEach((r) => put(r));
  sync();
  const more = moreButton(async () => {
    const items = (await pages.next()).filter((r) => !cards.has(r.id));
    items.forEach((r) => put(r));
    return { added: items.length, done: pages.done };
  }, ctx.announce);
  more.hidden = pages.done;

  const unsub = await pb.collection(opts.collection).subscribe('*', async (e) => {
    if (!ctx.alive()) return;
    if (e.action === 'delete' || !opts.belongs(e.record)) {
      if (cards.has(e.record.id)) {
        remove(e.record.id);
        opts.gone?.(e.action, e.record);
      }
      return;
    }
    let fresh = e.record;
    if (opts.expand) {
      try { fresh = await pb.collection(opts.collection).getOne(e.record.id, { expand: opts.expand }); } catch { return; }
      if (!ctx.alive()) return;
    }
    const known = cards.has(fresh.id);
    put(fresh, 'prepend');
    if (!known) ctx.announce(opts.says(fresh));
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  return { more, remove };
}

// -------------------------------------------------------- enrolment queue

export async function enrolmentsView(ctx) {
  const user = me();
  const inst = user.expand?.institution;
  const heading = h('h1', {}, 'Students waiting for enrolment');
  const list = h('ul', { class: 'cards', 'data-testid': 'enrolments' });
  const empty = h('p', { class: 'empty', 'data-testid': 'enrolments-empty' }, 'No students are waiting for enrolment.');

  const card = (s, remove) => {
    const hid = `enrol-${s.id}`;
    const alert = alertBox();
    const who = `${s.name || 'this student'}${s.register_no ? ` (register number ${s.register_no})` : ''}`;
    const enrol = actionButton('Enrol', async () => {
      await pb.collection('users').update(s.id, { enrolled: true });
      ctx.announce(`${s.name} is enrolled and can now apply for internships.`);
      remove(s.id);
      recount();
    }, { alert, class: 'btn btn-primary', testid: 'enrol' });
    const del = confirmAction({
      label: 'Delete account',
      question: `Delete the account of ${who}? Do this only if they are not a student of ${inst?.name || 'your college'}. `
        + 'The account and its sign-in are removed for good; this cannot be undone.',
      yes: 'Yes, delete the account',
      fn: async () => {
        await pb.collection('users').delete(s.id);
        ctx.announce(`The account of ${s.name} was deleted.`);
        remove(s.id);
        recount();
      },
      alert, testid: 'delete-account',
    });
    return h('article', { class: 'card item', 'aria-labelledby': hid, 'data-testid': `student-${s.id}` },
      h('h2', { id: hid, class: 'item-title', tabindex: '-1' }, s.name || s.email || 'Student'),
      dl([
        ['Register number', s.register_no || ''],
        ['Programme', s.program || ''],
        ['Semester', s.semester ? String(s.semester) : ''],
        ['Email', s.email || ''],
        ['Signed up', fmtTime(s.created)],
      ]),
      alert,
      h('div', { class: 'actions' }, enrol, del.first),
      del.ask);
  };

  const { more } = await liveQueue(ctx, {
    collection: 'users',
    filter: filter('role = "student" && institution = {:i} && enrolled = false', { i: user.institution }),
    sort: '-created',
    list, empty, heading, card,
    belongs: (r) => r.role === 'student' && r.institution === user.institution && !r.enrolled,
    says: (r) => `${r.name} signed up and waits for enrolment.`,
    gone: () => recount(),
  });

  ctx.mount(
    heading,
    h('p', {}, `Students who created their own account as students of ${inst?.name || 'your college'}. `
      + 'Enrol those who are yours: they can then apply for internships. Delete an account that is not one of your students '
      + '(an account that has applications cannot be deleted). Students imported from the ',
    h('a', { href: '#/roster' }, 'roster'), ' are enrolled already.'),
    empty, list, more,
  );
}

// ----------------------------------------------------- verification queue

export async function hostsView(ctx) {
  const heading = h('h1', {}, 'Host organisations to verify');
  const list = h('ul', { class: 'cards', 'data-testid': 'hosts' });
  const empty = h('p', { class: 'empty', 'data-testid': 'hosts-empty' }, 'No host organisations are waiting for verification.');

  const card = (o, remove) => {
    const hid = `org-${o.id}`;
    const alert = alertBox();
    const by = o.expand?.registered_by;
    const site = /^https?:\/\//i.test(o.website || '')
      ? h('a', { href: o.website, rel: 'noopener noreferrer nofollow', target: '_blank' }, o.website,
        h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'))
      : (o.website || '');
    const verify = confirmAction({
      label: 'Verify',
      question: `Verify ${o.name}? Its supervisors can then open their postings, and students of every college can apply to them. `
        + 'Check its website, GSTIN or CIN first.',
      yes: `Yes, verify ${o.name}`,
      no: 'Not yet',
      cls: 'btn btn-primary',
      fn: async () => {
        await pb.collection('organizations').update(o.id, { verified: true });
        ctx.announce(`${o.name} is verified: its postings can now open.`);
        remove(o.id);
      },
      alert, testid: 'verify',
    });
    return h('article', { class: 'card item', 'aria-labelledby': hid, 'data-testid': `organization-${o.id}` },
      h('h2', { id: hid, class: 'item-title', tabindex: '-1' }, o.name),
      dl([
        ['Kind', kindLabel(o.kind)],
        ['District', o.district || ''],
        ['Website', site],
        ['GSTIN', o.gstin || ''],
        ['CIN', o.cin || ''],
        ['Registered', fmtTime(o.created)],
        ['Registered by', by ? `${by.name}${by.email ? ` · ${by.email}` : ''}` : 'Added by a coordinator'],
      ]),
      alert,
      h('div', { class: 'actions' }, verify.first),
      verify.ask);
  };

  const { more } = await liveQueue(ctx, {
    collection: 'organizations',
    filter: 'verified = false',
    sort: '-created',
    expand: 'registered_by',
    list, empty, heading, card,
    belongs: (r) => !r.verified,
    says: (r) => `${r.name} registered as a host and waits for verification.`,
  });

  ctx.mount(
    heading,
    h('p', {}, 'Organisations that registered themselves as hosts. Until one is verified its postings stay drafts. '
      + 'Verify an organisation once you know it is real and offers genuine internships.'),
    empty, list, more,
  );
}

// ------------------------------------------------------ host registration

const SUPERVISOR_FIELDS = new Set(['email', 'password', 'passwordConfirm']);

/**
 * The registration route answers field errors as data.organization.<field>
 * and data.supervisor.<field> (or flat data.<field>); the form's controls are
 * named "organization.<field>" and "supervisor.<field>".
 */
function flattened(err) {
  if (!(err instanceof ClientResponseError)) return err;
  const data = err.response?.data;
  if (!data || typeof data !== 'object') return err;
  const out = {};
  for (const [k, v] of Object.entries(data)) {
    if (!v || typeof v !== 'object') continue;
    if ((k === 'organization' || k === 'supervisor') && typeof v.message !== 'string') {
      for (const [f, e] of Object.entries(v)) out[`${k}.${f}`] = e;
    } else if (k.includes('.')) {
      out[k] = v;
    } else {
      out[`${SUPERVISOR_FIELDS.has(k) ? 'supervisor' : 'organization'}.${k}`] = v;
    }
  }
  return new ClientResponseError({ url: err.url, status: err.status, response: { ...err.response, data: out } });
}

export async function registerHostView(ctx) {
  const alert = alertBox();
  const upper = (ev) => { ev.target.value = ev.target.value.toUpperCase(); };
  const gstin = field({ label: 'GSTIN (optional)', name: 'organization.gstin', hint: '15 characters, as on the GST certificate, for example 32ABCDE1234F1Z9.',
    attrs: { maxlength: 15, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters' } });
  const cin = field({ label: 'CIN (optional)', name: 'organization.cin', hint: '21 characters, for registered companies, for example U72200KL2019PTC012345.',
    attrs: { maxlength: 21, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters' } });
  gstin.control.addEventListener('change', upper);
  cin.control.addEventListener('change', upper);

  const form = h('form', { class: 'card form narrow', 'data-testid': 'register-host-form', 'aria-labelledby': 'register-host-h' },
    alert,
    h('fieldset', {}, h('legend', {}, 'Your organisation'),
      h('div', { class: 'form' },
        field({ label: 'Organisation name', name: 'organization.name', required: true, attrs: { maxlength: 300, autocomplete: 'organization' } }),
        field({ label: 'Kind', name: 'organization.kind', type: 'select', required: true, value: '',
          options: [{ value: '', label: 'Choose the kind' }, ...KINDS] }),
        field({ label: 'District', name: 'organization.district', required: true, hint: 'Where the interns would work, for example Ernakulam.',
          attrs: { maxlength: 100 } }),
        field({ label: 'Website', name: 'organization.website', type: 'url', attrs: { placeholder: 'https://', autocomplete: 'url' } }),
        gstin, cin)),
    h('fieldset', {}, h('legend', {}, 'Your supervisor account'),
      h('div', { class: 'form' },
        h('p', { class: 'hint' }, 'You supervise the interns and sign in with this account. You can add colleagues later.'),
        field({ label: 'Full name', name: 'supervisor.name', required: true, attrs: { maxlength: 200, autocomplete: 'name' } }),
        field({ label: 'Email', name: 'supervisor.email', type: 'email', required: true, attrs: { autocomplete: 'email' } }),
        field({ label: 'Password', name: 'supervisor.password', type: 'password', required: true,
          hint: 'At least 8 characters.', attrs: { minlength: 8, autocomplete: 'new-password' } }),
        field({ label: 'Confirm password', name: 'supervisor.passwordConfirm', type: 'password', required: true,
          attrs: { minlength: 8, autocomplete: 'new-password' } }))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Register organisation')));

  onSubmit(form, async (data) => {
    const s = (k) => String(data.get(k) || '').trim();
    if (String(data.get('supervisor.password')) !== String(data.get('supervisor.passwordConfirm'))) {
      throw new ClientResponseError({ status: 400, response: { message: 'The passwords do not match.', data: {
        'supervisor.passwordConfirm': { code: 'validation_values_mismatch', message: 'The passwords do not match; type the same password twice.' } } } });
    }
    const body = {
      organization: {
        name: s('organization.name'), kind: s('organization.kind'), district: s('organization.district'),
        website: s('organization.website'), gstin: s('organization.gstin').toUpperCase(), cin: s('organization.cin').toUpperCase(),
      },
      supervisor: { name: s('supervisor.name'), email: s('supervisor.email'), password: String(data.get('supervisor.password')) },
    };
    try {
      await pb.send('/api/ib/hosts/register', { method: 'POST', body });
    } catch (err) {
      if (err?.status === 404) throw new Error('Host registration is not available on this server yet. Ask a college coordinator to add your organisation.');
      throw flattened(err);
    }
    try {
      await pb.collection('users').authWithPassword(body.supervisor.email, body.supervisor.password);
    } catch {
      ctx.announce('Your organisation is registered. Sign in with the email and password you chose.');
      ctx.navigate('/signin');
      return;
    }
    await ctx.signedIn();
    ctx.announce(`${body.organization.name} is registered and you are signed in.`);
    ctx.navigate('/host-registered');
  });

  ctx.mount(
    h('h1', { id: 'register-host-h' }, 'Register your organisation as a host'),
    h('p', {}, 'Companies, start-ups, labs, NGOs and public offices can offer credited internships to undergraduates. '
      + 'Register your organisation and your own supervisor account; a college coordinator then verifies the organisation before its postings can open.'),
    h('p', {}, 'Internships must not charge students a fee.'),
    form,
    h('p', {}, 'Already registered? ', h('a', { href: '#/signin' }, 'Sign in'), '.'),
  );
}

// -------------------------------------------------------------- notices

/** The signed-in supervisor's organization, read now (verified may have changed). */
export async function ownOrganization() {
  const user = me();
  if (!user?.organization) return null;
  try {
    return await pb.collection('organizations').getOne(user.organization, { fields: 'id,name,verified' });
  } catch {
    return user.expand?.organization || null;
  }
}

/** A supervisor's notice while their organization is not verified (null once it is). */
export function unverifiedNotice(org) {
  if (!org || org.verified) return null;
  return h('section', { class: 'card notice', 'aria-labelledby': 'unverified-h', 'data-testid': 'unverified-notice' },
    h('h2', { id: 'unverified-h' }, 'Waiting for verification'),
    h('p', {}, `${org.name} is waiting for a college coordinator to verify it. Until then you can draft postings, `
      + 'but they cannot open for applications.'));
}

/**
 * Re-renders the page when the supervisor's organization becomes verified
 * (or a student's enrolment is confirmed), so the notice goes away live.
 */
export async function watchOnboarding(ctx, { org, student }) {
  let unsub = null;
  if (org && !org.verified) {
    unsub = await pb.collection('organizations').subscribe(org.id, (e) => {
      if (!ctx.alive() || e.action !== 'update' || !e.record.verified) return;
      ctx.announce(`${e.record.name} is verified: your postings can now open.`);
      ctx.refresh();
    }).catch(() => null);
  } else if (student && !student.enrolled) {
    unsub = await pb.collection('users').subscribe(student.id, async (e) => {
      if (!ctx.alive() || e.action !== 'update' || !e.record.enrolled) return;
      try { await pb.collection('users').authRefresh({ expand: 'institution,organization' }); } catch { /* keep the auth we have */ }
      ctx.announce('Your college confirmed your enrolment: you can now apply for internships.');
      ctx.refresh();
    }).catch(() => null);
  }
  if (unsub) ctx.onLeave(unsub);
}

/** Whether the signed-in student is enrolled, read again when the copy says not yet. */
export async function enrolledNow() {
  const user = me();
  if (!user || user.role !== 'student') return true;
  if (user.enrolled) return true;
  try {
    const fresh = await pb.collection('users').getOne(user.id, { fields: 'id,enrolled' });
    return !!fresh.enrolled;
  } catch {
    return false;
  }
}

export const NOT_ENROLLED = 'Your college has not confirmed your enrolment yet, so you cannot apply for internships. '
  + 'Your college coordinator enrols you; ask them if it takes long.';

/** A student's notice while their college has not confirmed their enrolment. */
export function notEnrolledNotice(collegeName) {
  return h('section', { class: 'card notice', 'aria-labelledby': 'not-enrolled-h', 'data-testid': 'not-enrolled-notice' },
    h('h2', { id: 'not-enrolled-h' }, 'Waiting for your college'),
    h('p', {}, `${collegeName || 'Your college'} has not confirmed your enrolment yet. You cannot apply for internships `
      + 'until your college coordinator enrols you. You can already browse the open internships.'));
}

/** The page a host lands on after registering: it waits for verification. */
export async function hostRegisteredView(ctx) {
  const org = await ownOrganization();
  const verified = !!org?.verified;
  await watchOnboarding(ctx, { org });
  ctx.mount(
    h('h1', {}, verified ? 'Your organisation is verified' : 'Your organisation is registered'),
    h('section', { class: `card${verified ? '' : ' notice'}`, 'data-testid': 'host-waiting', 'data-verified': verified ? 'true' : 'false' },
      verified
        ? h('p', {}, `${org?.name || 'Your organisation'} is verified: your postings can open for applications.`)
        : [h('p', {}, `${org?.name || 'Your organisation'} is waiting for a college coordinator to verify it.`),
          h('p', {}, 'Meanwhile you can draft postings and their tasks; they can be opened for applications once the organisation is verified. '
            + 'This page changes by itself when that happens.')]),
    h('p', {}, h('a', { class: 'btn btn-primary', href: '#/internships' }, verified ? 'Go to your postings' : 'Draft a posting'),
      ' ', h('a', { class: 'btn', href: '#/' }, 'Go to the home page')),
  );
}
