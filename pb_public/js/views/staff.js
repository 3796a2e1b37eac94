// Coordinator tools: staff accounts (mentors of the college, supervisors of
// host organisations), host organisations, and the credits report.
import { pb, me, filter, onSubmit, downloadURL } from '../api.js';
import { t, todayISO } from '../i18n.js';
import { h, field, alertBox, replace, textToHTML } from '../dom.js';

export async function accountsView(ctx) {
  const user = me();
  const [orgs, staff] = await Promise.all([
    pb.collection('organizations').getFullList({ sort: 'name', fields: 'id,name,district' }),
    pb.collection('users').getFullList({
      filter: filter('institution = {:i} && (role = "mentor" || role = "coordinator")', { i: user.institution }), sort: 'role,name' }),
  ]);

  const alert = alertBox();
  const orgField = field({ label: t('staff.hostOrg'), name: 'organization', type: 'select', required: false,
    hint: t('staff.hostOrgHint'),
    options: [{ value: '', label: t('staff.chooseOrg') }, ...orgs.map((o) => ({ value: o.id, label: o.name }))] });
  const roleField = field({ label: t('staff.accountType'), name: 'role', type: 'select', required: true, value: 'mentor', options: [
    { value: 'mentor', label: t('staff.typeMentor') }, { value: 'supervisor', label: t('staff.typeSupervisor') }] });
  const syncOrg = () => {
    const sup = roleField.control.value === 'supervisor';
    orgField.hidden = !sup;
    orgField.control.required = sup;
  };
  roleField.control.addEventListener('change', syncOrg);
  syncOrg();

  const form = h('form', { class: 'form', 'data-testid': 'create-account-form' },
    alert, roleField,
    field({ label: t('staff.fullName'), name: 'name', required: true, attrs: { maxlength: 200, autocomplete: 'off' } }),
    field({ label: t('staff.email'), name: 'email', type: 'email', required: true, attrs: { autocomplete: 'off' } }),
    field({ label: t('staff.tempPassword'), name: 'password', type: 'password', required: true,
      hint: t('staff.tempPasswordHint'),
      attrs: { minlength: 8, autocomplete: 'new-password' } }),
    orgField,
    field({ label: t('staff.phone'), name: 'phone', type: 'tel', attrs: { maxlength: 20, autocomplete: 'off' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('staff.createAccount'))));
  onSubmit(form, async (data) => {
    const r = String(data.get('role'));
    const body = {
      role: r,
      name: String(data.get('name') || '').trim(),
      email: String(data.get('email') || '').trim(),
      password: String(data.get('password') || ''),
      passwordConfirm: String(data.get('password') || ''),
      phone: String(data.get('phone') || ''),
      emailVisibility: true,
    };
    if (r === 'supervisor') body.organization = String(data.get('organization') || '');
    else body.institution = user.institution;
    const created = await pb.collection('users').create(body);
    ctx.announce(r === 'mentor' ? t('staff.mentorCreated', { name: created.name }) : t('staff.supervisorCreated', { name: created.name }));
    await ctx.refresh();
  });

  const oAlert = alertBox();
  const orgForm = h('form', { class: 'form', 'data-testid': 'create-organization-form' },
    oAlert,
    field({ label: t('staff.orgName'), name: 'name', required: true, attrs: { maxlength: 300 } }),
    field({ label: t('staff.kind'), name: 'kind', type: 'select', value: 'company', options: [
      { value: 'company', label: t('staff.kindCompany') }, { value: 'startup', label: t('staff.kindStartup') }, { value: 'research_lab', label: t('staff.kindLab') },
      { value: 'ngo', label: t('staff.kindNgo') }, { value: 'government', label: t('staff.kindGovernment') }, { value: 'academic', label: t('staff.kindAcademic') }] }),
    field({ label: t('staff.website'), name: 'website', type: 'url', attrs: { placeholder: 'https://' } }),
    field({ label: t('staff.district'), name: 'district', attrs: { maxlength: 100 } }),
    field({ label: t('staff.about'), name: 'about', type: 'textarea', attrs: { rows: 3 } }),
    field({ label: t('staff.chargesFee'), name: 'charges_fee', type: 'checkbox', hint: t('staff.chargesFeeHint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('staff.addOrg'))));
  onSubmit(orgForm, async (data) => {
    const created = await pb.collection('organizations').create({
      name: String(data.get('name') || '').trim(), kind: data.get('kind'), website: String(data.get('website') || '').trim(),
      district: String(data.get('district') || ''), about: textToHTML(data.get('about')), charges_fee: data.get('charges_fee') === 'on',
    });
    ctx.announce(t('staff.orgAdded', { name: created.name }));
    await ctx.refresh();
  });

  const staffList = staff.length
    ? h('ul', { class: 'plain', 'data-testid': 'staff-list' }, staff.map((s) => h('li', {}, `${s.name} · ${s.role === 'mentor' ? t('staff.roleMentor') : t('staff.roleCoordinator')}${s.email ? ` · ${s.email}` : ''}`)))
    : h('p', {}, t('staff.noStaff'));

  ctx.mount(
    h('h1', {}, t('staff.accountsTitle')),
    h('section', { class: 'card', 'aria-labelledby': 'acc-new-h' }, h('h2', { id: 'acc-new-h' }, t('staff.createStaff')), form),
    h('section', { class: 'card', 'aria-labelledby': 'acc-staff-h' }, h('h2', { id: 'acc-staff-h' }, t('staff.ourStaff')), staffList),
    h('section', { class: 'card', 'aria-labelledby': 'acc-org-h' }, h('h2', { id: 'acc-org-h' }, t('staff.addHost')),
      h('p', {}, t('staff.orgsRegistered', { count: orgs.length })), orgForm),
  );
}

export async function reportsView(ctx) {
  const user = me();
  const inst = user.expand?.institution;
  const alert = alertBox();
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'form narrow', 'data-testid': 'credits-report-form' },
    alert,
    h('div', { class: 'row' },
      field({ label: t('staff.from'), name: 'from', type: 'date', hint: t('staff.fromHint') }),
      field({ label: t('staff.to'), name: 'to', type: 'date', value: todayISO(), hint: t('staff.toHint') })),
    field({ label: t('staff.format'), name: 'format', type: 'select', value: 'csv', options: [
      { value: 'csv', label: t('staff.formatCsv') }, { value: 'json', label: t('staff.formatJson') }] }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'download-credits-report' }, t('staff.download'))));
  onSubmit(form, async (data) => {
    const qs = new URLSearchParams({ institution: user.institution, format: String(data.get('format') || 'csv') });
    if (data.get('from')) qs.set('from', String(data.get('from')));
    if (data.get('to')) qs.set('to', String(data.get('to')));
    const ext = qs.get('format') === 'json' ? 'json' : 'csv';
    try {
      await downloadURL(pb.buildURL(`/api/ib/reports/credits?${qs}`), `credits-${inst?.code || 'report'}-${todayISO()}.${ext}`,
        { Authorization: pb.authStore.token });
      replace(result, h('p', {}, t('staff.downloaded')));
    } catch (err) {
      if (err.status === 404) throw new Error(t('staff.notAvailable'));
      throw err;
    }
  });
  ctx.mount(
    h('h1', {}, t('staff.reportTitle')),
    h('p', {}, t('staff.reportLead', { college: inst?.name || t('staff.yourCollege') })),
    form, result,
  );
}
