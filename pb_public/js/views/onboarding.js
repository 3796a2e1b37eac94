// Onboarding (DESIGN.md §11): the coordinator's enrolment queue (students who
// signed up themselves) and verification queue (hosts that registered
// themselves), the public host registration with its waiting page, and the
// notices a student who is not enrolled yet and a supervisor of an unverified
// host see.
import { pb, me, filter, pager, onSubmit, actionButton, showActionError, ClientResponseError } from '../api.js';
import { t, fmtTime } from '../i18n.js';
import { h, field, alertBox, dl, moreButton, confirmDialog } from '../dom.js';

const KINDS = () => [
  { value: 'company', label: t('onboarding.kindCompany') }, { value: 'startup', label: t('onboarding.kindStartup') },
  { value: 'research_lab', label: t('onboarding.kindLab') }, { value: 'ngo', label: t('onboarding.kindNgo') },
  { value: 'government', label: t('onboarding.kindGovernment') }, { value: 'academic', label: t('onboarding.kindAcademic') }];
const kindLabel = (k) => KINDS().find((x) => x.value === k)?.label || k || '';

/** Tells the shell to count the waiting enrolments again (the nav badge). */
function recount() {
  window.dispatchEvent(new CustomEvent('ib:counts'));
}

/**
 * A button for an action that cannot be taken back: it first asks in the
 * portal's one confirmation dialog (title, what will happen) and runs fn
 * only on the explicit answer; a failure is shown in alert.
 */
function confirmAction({ label, title, question, yes, no = t('onboarding.keepIt'), fn, alert, cls = 'btn btn-danger', danger = true, testid }) {
  const btn = h('button', { type: 'button', class: cls, 'data-testid': testid || null }, label);
  btn.addEventListener('click', async () => {
    if (btn.getAttribute('aria-disabled') === 'true') return;
    if (!(await confirmDialog({ title, body: [question], confirm: yes, cancel: no, danger }))) return;
    btn.setAttribute('aria-disabled', 'true');
    alert.replaceChildren();
    try {
      await fn();
    } catch (err) {
      showActionError(alert, err);
    } finally {
      btn.removeAttribute('aria-disabled');
    }
  });
  return btn;
}

/**
 * A live, paged queue of cards. opts: {collection, filter, sort, expand,
 * list (the <ul>), empty (the empty-state <p>), card(record), belongs(record)
 * — whether a record seen in a realtime event still belongs in the queue,
 * and says(action, record) — what to announce for a newcomer}.
 */
async function liveQueue(ctx, opts) {
  const cards = new Map();
  const announced = new Set();
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
    // A newcomer is announced once, on its create event, even when a reload
    // (e.g. after the notification of the same sign-up) showed its card first.
    const arrived = e.action === 'create' ? !announced.has(fresh.id) : !cards.has(fresh.id);
    put(fresh, 'prepend');
    if (arrived) {
      announced.add(fresh.id);
      ctx.announce(opts.says(fresh), { about: fresh });
    }
  }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  return { more, remove };
}

// -------------------------------------------------------- enrolment queue

export async function enrolmentsView(ctx) {
  const user = me();
  const inst = user.expand?.institution;
  const heading = h('h1', {}, t('onboarding.enrolTitle'));
  const list = h('ul', { class: 'cards', 'data-testid': 'enrolments' });
  const empty = h('p', { class: 'empty', 'data-testid': 'enrolments-empty' }, t('onboarding.enrolEmpty'));

  const card = (s, remove) => {
    const hid = `enrol-${s.id}`;
    const alert = alertBox();
    const who = s.register_no ? t('onboarding.whoWithRegister', { name: s.name || t('onboarding.thisStudent'), register: s.register_no })
      : (s.name || t('onboarding.thisStudent'));
    const enrol = actionButton(t('onboarding.enrol'), async () => {
      await pb.collection('users').update(s.id, { enrolled: true });
      ctx.announce(t('onboarding.enrolled', { name: s.name }));
      remove(s.id);
      recount();
    }, { alert, class: 'btn btn-primary', testid: 'enrol' });
    const del = confirmAction({
      label: t('onboarding.deleteAccount'),
      title: t('onboarding.deleteTitle'),
      question: t('onboarding.deleteQuestion', { who, college: inst?.name || t('onboarding.yourCollege') }),
      yes: t('onboarding.deleteYes'),
      fn: async () => {
        await pb.collection('users').delete(s.id);
        ctx.announce(t('onboarding.deleted', { name: s.name }));
        remove(s.id);
        recount();
      },
      alert, testid: 'delete-account',
    });
    return h('article', { class: 'card item', 'aria-labelledby': hid, 'data-testid': `student-${s.id}` },
      h('h2', { id: hid, class: 'item-title', tabindex: '-1' }, s.name || s.email || t('onboarding.student')),
      dl([
        [t('onboarding.registerNo'), s.register_no || ''],
        [t('onboarding.programme'), s.program || ''],
        [t('onboarding.semester'), s.semester ? String(s.semester) : ''],
        [t('onboarding.email'), s.email || ''],
        [t('onboarding.signedUp'), fmtTime(s.created)],
      ]),
      alert,
      h('div', { class: 'actions' }, enrol, del));
  };

  const { more } = await liveQueue(ctx, {
    collection: 'users',
    filter: filter('role = "student" && institution = {:i} && enrolled = false', { i: user.institution }),
    sort: '-created',
    list, empty, heading, card,
    belongs: (r) => r.role === 'student' && r.institution === user.institution && !r.enrolled,
    says: (r) => t('onboarding.signedUpWaits', { name: r.name }),
    gone: () => recount(),
  });

  ctx.mount(
    heading,
    h('p', {}, t('onboarding.enrolLead', { college: inst?.name || t('onboarding.yourCollege') }),
      h('a', { href: '#/roster' }, t('onboarding.roster')), t('onboarding.enrolLeadEnd')),
    empty, list, more,
  );
}

// ----------------------------------------------------- verification queue

export async function hostsView(ctx) {
  const heading = h('h1', {}, t('onboarding.hostsTitle'));
  const list = h('ul', { class: 'cards', 'data-testid': 'hosts' });
  const empty = h('p', { class: 'empty', 'data-testid': 'hosts-empty' }, t('onboarding.hostsEmpty'));

  const card = (o, remove) => {
    const hid = `org-${o.id}`;
    const alert = alertBox();
    const by = o.expand?.registered_by;
    const site = /^https?:\/\//i.test(o.website || '')
      ? h('a', { href: o.website, rel: 'noopener noreferrer nofollow', target: '_blank' }, o.website,
        h('span', { class: 'visually-hidden' }, t('onboarding.newTab')))
      : (o.website || '');
    const verify = confirmAction({
      label: t('onboarding.verify'),
      title: t('onboarding.verifyTitle', { name: o.name }),
      danger: false,
      question: t('onboarding.verifyQuestion', { name: o.name }),
      yes: t('onboarding.verifyYes', { name: o.name }),
      no: t('onboarding.notYet'),
      cls: 'btn btn-primary',
      fn: async () => {
        await pb.collection('organizations').update(o.id, { verified: true });
        ctx.announce(t('onboarding.verified', { name: o.name }));
        remove(o.id);
      },
      alert, testid: 'verify',
    });
    return h('article', { class: 'card item', 'aria-labelledby': hid, 'data-testid': `organization-${o.id}` },
      h('h2', { id: hid, class: 'item-title', tabindex: '-1' }, o.name),
      dl([
        [t('onboarding.kind'), kindLabel(o.kind)],
        [t('onboarding.district'), o.district || ''],
        [t('onboarding.website'), site],
        [t('onboarding.gstin'), o.gstin || ''],
        [t('onboarding.cin'), o.cin || ''],
        [t('onboarding.registered'), fmtTime(o.created)],
        [t('onboarding.registeredBy'), by ? `${by.name}${by.email ? ` · ${by.email}` : ''}` : t('onboarding.addedByCoordinator')],
      ]),
      alert,
      h('div', { class: 'actions' }, verify));
  };

  const { more } = await liveQueue(ctx, {
    collection: 'organizations',
    filter: 'verified = false',
    sort: '-created',
    expand: 'registered_by',
    list, empty, heading, card,
    belongs: (r) => !r.verified,
    says: (r) => t('onboarding.registeredWaits', { name: r.name }),
  });

  ctx.mount(
    heading,
    h('p', {}, t('onboarding.hostsLead')),
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
  const gstin = field({ label: t('onboarding.gstinOptional'), name: 'organization.gstin', hint: t('onboarding.gstinHint'),
    attrs: { maxlength: 15, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters' } });
  const cin = field({ label: t('onboarding.cinOptional'), name: 'organization.cin', hint: t('onboarding.cinHint'),
    attrs: { maxlength: 21, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters' } });
  gstin.control.addEventListener('change', upper);
  cin.control.addEventListener('change', upper);

  const form = h('form', { class: 'card form narrow', 'data-testid': 'register-host-form', 'aria-labelledby': 'register-host-h' },
    alert,
    h('fieldset', {}, h('legend', {}, t('onboarding.yourOrg')),
      h('div', { class: 'form' },
        field({ label: t('onboarding.orgName'), name: 'organization.name', required: true, attrs: { maxlength: 300, autocomplete: 'organization' } }),
        field({ label: t('onboarding.kind'), name: 'organization.kind', type: 'select', required: true, value: '',
          options: [{ value: '', label: t('onboarding.chooseKind') }, ...KINDS()] }),
        field({ label: t('onboarding.district'), name: 'organization.district', required: true, hint: t('onboarding.districtHint'),
          attrs: { maxlength: 100 } }),
        field({ label: t('onboarding.website'), name: 'organization.website', type: 'url', attrs: { placeholder: 'https://', autocomplete: 'url' } }),
        gstin, cin)),
    h('fieldset', {}, h('legend', {}, t('onboarding.yourAccount')),
      h('div', { class: 'form' },
        h('p', { class: 'hint' }, t('onboarding.accountHint')),
        field({ label: t('onboarding.fullName'), name: 'supervisor.name', required: true, attrs: { maxlength: 200, autocomplete: 'name' } }),
        field({ label: t('onboarding.email'), name: 'supervisor.email', type: 'email', required: true, attrs: { autocomplete: 'email' } }),
        field({ label: t('onboarding.password'), name: 'supervisor.password', type: 'password', required: true,
          hint: t('onboarding.atLeast8'), attrs: { minlength: 8, autocomplete: 'new-password' } }),
        field({ label: t('onboarding.confirmPassword'), name: 'supervisor.passwordConfirm', type: 'password', required: true,
          attrs: { minlength: 8, autocomplete: 'new-password' } }))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('onboarding.registerOrg'))));

  onSubmit(form, async (data) => {
    const s = (k) => String(data.get(k) || '').trim();
    if (String(data.get('supervisor.password')) !== String(data.get('supervisor.passwordConfirm'))) {
      throw new ClientResponseError({ status: 400, response: { message: t('onboarding.mismatch'), data: {
        'supervisor.passwordConfirm': { code: 'validation_values_mismatch', message: t('onboarding.mismatchField') } } } });
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
      if (err?.status === 404) throw new Error(t('onboarding.notAvailable'));
      throw flattened(err);
    }
    try {
      await pb.collection('users').authWithPassword(body.supervisor.email, body.supervisor.password);
    } catch {
      ctx.announce(t('onboarding.registeredSignIn'));
      ctx.navigate('/signin');
      return;
    }
    await ctx.signedIn();
    ctx.announce(t('onboarding.registeredSignedIn', { name: body.organization.name }));
    ctx.navigate('/host-registered');
  });

  ctx.mount(
    h('h1', { id: 'register-host-h' }, t('onboarding.registerTitle')),
    h('p', {}, t('onboarding.registerLead')),
    h('p', {}, t('onboarding.noFee')),
    form,
    h('p', {}, t('onboarding.already'), ' ', h('a', { href: '#/signin' }, t('onboarding.signIn')), '.'),
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
    h('h2', { id: 'unverified-h' }, t('onboarding.waitingVerification')),
    h('p', {}, t('onboarding.unverifiedText', { name: org.name })));
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
      ctx.announce(t('onboarding.nowVerified', { name: e.record.name }), { about: e.record });
      ctx.refresh();
    }).catch(() => null);
  } else if (student && !student.enrolled) {
    unsub = await pb.collection('users').subscribe(student.id, async (e) => {
      if (!ctx.alive() || e.action !== 'update' || !e.record.enrolled) return;
      try { await pb.collection('users').authRefresh({ expand: 'institution,organization' }); } catch { /* keep the auth we have */ }
      ctx.announce(t('onboarding.enrolConfirmed'), { about: e.record });
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

/** Why a student who is not enrolled cannot apply, in the current language. */
export function notEnrolledText() {
  return t('onboarding.notEnrolled');
}

/** A student's notice while their college has not confirmed their enrolment. */
export function notEnrolledNotice(collegeName) {
  return h('section', { class: 'card notice', 'aria-labelledby': 'not-enrolled-h', 'data-testid': 'not-enrolled-notice' },
    h('h2', { id: 'not-enrolled-h' }, t('onboarding.waitingCollege')),
    h('p', {}, t('onboarding.notEnrolledNotice', { college: collegeName || t('onboarding.yourCollegeCap') })));
}

/** The page a host lands on after registering: it waits for verification. */
export async function hostRegisteredView(ctx) {
  const org = await ownOrganization();
  const verified = !!org?.verified;
  await watchOnboarding(ctx, { org });
  ctx.mount(
    h('h1', {}, verified ? t('onboarding.orgVerifiedTitle') : t('onboarding.orgRegisteredTitle')),
    h('section', { class: `card${verified ? '' : ' notice'}`, 'data-testid': 'host-waiting', 'data-verified': verified ? 'true' : 'false' },
      verified
        ? h('p', {}, t('onboarding.orgVerifiedText', { name: org?.name || t('onboarding.yourOrgCap') }))
        : [h('p', {}, t('onboarding.orgWaitingText', { name: org?.name || t('onboarding.yourOrgCap') })),
          h('p', {}, t('onboarding.meanwhile'))]),
    h('p', {}, h('a', { class: 'btn btn-primary', href: '#/internships' }, verified ? t('onboarding.goPostings') : t('onboarding.draftPosting')),
      ' ', h('a', { class: 'btn', href: '#/' }, t('onboarding.goHome'))),
  );
}
