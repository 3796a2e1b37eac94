// Coordinator tools: staff accounts (mentors of the college, supervisors of
// host organisations), host organisations, and the credits report.
import { pb, me, filter, onSubmit, downloadURL, todayISO } from '../api.js';
import { h, field, alertBox, replace, textToHTML } from '../dom.js';

export async function accountsView(ctx) {
  const user = me();
  const [orgs, staff] = await Promise.all([
    pb.collection('organizations').getFullList({ sort: 'name', fields: 'id,name,district' }),
    pb.collection('users').getFullList({
      filter: filter('institution = {:i} && (role = "mentor" || role = "coordinator")', { i: user.institution }), sort: 'role,name' }),
  ]);

  const alert = alertBox();
  const orgField = field({ label: 'Host organisation', name: 'organization', type: 'select', required: false,
    hint: 'Needed for a supervisor account.',
    options: [{ value: '', label: 'Choose an organisation' }, ...orgs.map((o) => ({ value: o.id, label: o.name }))] });
  const roleField = field({ label: 'Account type', name: 'role', type: 'select', required: true, value: 'mentor', options: [
    { value: 'mentor', label: 'Faculty mentor of our college' }, { value: 'supervisor', label: 'Supervisor at a host organisation' }] });
  const syncOrg = () => {
    const sup = roleField.control.value === 'supervisor';
    orgField.hidden = !sup;
    orgField.control.required = sup;
  };
  roleField.control.addEventListener('change', syncOrg);
  syncOrg();

  const form = h('form', { class: 'form', 'data-testid': 'create-account-form' },
    alert, roleField,
    field({ label: 'Full name', name: 'name', required: true, attrs: { maxlength: 200, autocomplete: 'off' } }),
    field({ label: 'Email', name: 'email', type: 'email', required: true, attrs: { autocomplete: 'off' } }),
    field({ label: 'Temporary password', name: 'password', type: 'password', required: true,
      hint: 'At least 8 characters. Give it to the person privately; they can change it after signing in.',
      attrs: { minlength: 8, autocomplete: 'new-password' } }),
    orgField,
    field({ label: 'Phone', name: 'phone', type: 'tel', attrs: { maxlength: 20, autocomplete: 'off' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create account')));
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
    ctx.announce(`${r === 'mentor' ? 'Mentor' : 'Supervisor'} account for ${created.name} created.`);
    await ctx.refresh();
  });

  const oAlert = alertBox();
  const orgForm = h('form', { class: 'form', 'data-testid': 'create-organization-form' },
    oAlert,
    field({ label: 'Organisation name', name: 'name', required: true, attrs: { maxlength: 300 } }),
    field({ label: 'Kind', name: 'kind', type: 'select', value: 'company', options: [
      { value: 'company', label: 'Company' }, { value: 'startup', label: 'Start-up' }, { value: 'research_lab', label: 'Research lab' },
      { value: 'ngo', label: 'NGO' }, { value: 'government', label: 'Government' }, { value: 'academic', label: 'Academic' }] }),
    field({ label: 'Website', name: 'website', type: 'url', attrs: { placeholder: 'https://' } }),
    field({ label: 'District', name: 'district', attrs: { maxlength: 100 } }),
    field({ label: 'About', name: 'about', type: 'textarea', attrs: { rows: 3 } }),
    field({ label: 'Charges students a fee', name: 'charges_fee', type: 'checkbox', hint: 'Postings of an organisation that charges a fee cannot open.' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, 'Add organisation')));
  onSubmit(orgForm, async (data) => {
    const created = await pb.collection('organizations').create({
      name: String(data.get('name') || '').trim(), kind: data.get('kind'), website: String(data.get('website') || '').trim(),
      district: String(data.get('district') || ''), about: textToHTML(data.get('about')), charges_fee: data.get('charges_fee') === 'on',
    });
    ctx.announce(`Organisation ${created.name} added.`);
    await ctx.refresh();
  });

  const staffList = staff.length
    ? h('ul', { class: 'plain', 'data-testid': 'staff-list' }, staff.map((s) => h('li', {}, `${s.name} · ${s.role}${s.email ? ` · ${s.email}` : ''}`)))
    : h('p', {}, 'No staff accounts yet.');

  ctx.mount(
    h('h1', {}, 'Accounts'),
    h('section', { class: 'card', 'aria-labelledby': 'acc-new-h' }, h('h2', { id: 'acc-new-h' }, 'Create a staff account'), form),
    h('section', { class: 'card', 'aria-labelledby': 'acc-staff-h' }, h('h2', { id: 'acc-staff-h' }, 'Our college staff'), staffList),
    h('section', { class: 'card', 'aria-labelledby': 'acc-org-h' }, h('h2', { id: 'acc-org-h' }, 'Add a host organisation'),
      h('p', {}, `${orgs.length} organisation${orgs.length === 1 ? '' : 's'} registered.`), orgForm),
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
      field({ label: 'From', name: 'from', type: 'date', hint: 'Completed on or after (optional).' }),
      field({ label: 'To', name: 'to', type: 'date', value: todayISO(), hint: 'Completed on or before (optional).' })),
    field({ label: 'Format', name: 'format', type: 'select', value: 'csv', options: [
      { value: 'csv', label: 'CSV (for the Academic Bank of Credits upload)' }, { value: 'json', label: 'JSON' }] }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'download-credits-report' }, 'Download credits report')));
  onSubmit(form, async (data) => {
    const qs = new URLSearchParams({ institution: user.institution, format: String(data.get('format') || 'csv') });
    if (data.get('from')) qs.set('from', String(data.get('from')));
    if (data.get('to')) qs.set('to', String(data.get('to')));
    const ext = qs.get('format') === 'json' ? 'json' : 'csv';
    try {
      await downloadURL(pb.buildURL(`/api/ib/reports/credits?${qs}`), `credits-${inst?.code || 'report'}-${todayISO()}.${ext}`,
        { Authorization: pb.authStore.token });
      replace(result, h('p', {}, 'The report was downloaded.'));
    } catch (err) {
      if (err.status === 404) throw new Error('The credits report is not available on this server yet.');
      throw err;
    }
  });
  ctx.mount(
    h('h1', {}, 'Credits report'),
    h('p', {}, `One row per completed placement of ${inst?.name || 'your college'}, with hours, credits, marks, grade and certificate number.`),
    form, result,
  );
}
