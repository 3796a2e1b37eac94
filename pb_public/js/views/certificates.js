// Certificates: download (protected PDF via a file token), the public
// verify link, and for coordinators revoke and reissue.
import { pb, me, role, filter, onSubmit, actionButton, downloadFile, fmtDay, fmtTime } from '../api.js';
import { h, field, alertBox, dl, badge, replace, nextId, disclosure, rerender } from '../dom.js';

export async function certificatesView(ctx) {
  const r = role();
  const user = me();
  const status = ctx.query.get('status') || '';
  let base = '';
  if (r === 'student') base = filter('student = {:u}', { u: user.id });
  else if (r === 'coordinator') base = filter('institution = {:i}', { i: user.institution });
  if (status) base = [base, filter('status = {:s}', { s: status })].filter(Boolean).join(' && ');

  const holder = h('div', {});
  const h1 = h('h1', {}, r === 'student' ? 'My certificates' : 'Certificates');
  const load = () => rerender(holder, h1, async () => {
    const list = await pb.collection('certificates').getFullList({ filter: base, sort: '-issued_at' });
    replace(holder, list.length
      ? h('ul', { class: 'cards', 'data-testid': 'certificates' }, list.map((c) => h('li', {}, certificateCard(ctx, c, load))))
      : h('p', {}, r === 'student' ? 'No certificates yet. A certificate is issued when your internship is completed with a pass.' : 'No certificates here.'));
  });
  await load();

  let controls = null;
  if (r === 'coordinator') {
    controls = h('form', { class: 'inline-form', 'aria-label': 'Filter certificates' },
      field({ label: 'Show', name: 'status', type: 'select', value: status, options: [
        { value: '', label: 'All certificates' }, { value: 'valid', label: 'Valid' },
        { value: 'revoked', label: 'Revoked' }, { value: 'superseded', label: 'Superseded' }] }),
      h('button', { type: 'submit', class: 'btn' }, 'Show'));
    controls.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const s = new FormData(controls).get('status');
      ctx.navigate(s ? `/certificates?status=${encodeURIComponent(s)}` : '/certificates');
    });
  }
  ctx.mount(h1, controls, holder);
}

/** One certificate with its actions; reload() refreshes the list it sits in. */
export function certificateCard(ctx, c, reload, headingTag = 'h2') {
  const hid = nextId('cert');
  const alert = alertBox();
  const verifyURL = pb.buildURL(`/verify/${encodeURIComponent(c.number)}`);
  const actions = h('div', { class: 'actions' });
  if (c.pdf) {
    actions.append(actionButton('Download PDF', () => downloadFile(c, c.pdf, `${c.number}.pdf`),
      { alert, class: 'btn btn-primary', testid: `download-certificate-${c.number}` }));
  }
  actions.append(h('a', { class: 'btn', href: verifyURL, 'data-testid': `verify-${c.number}` },
    'Verify', h('span', { class: 'visually-hidden' }, ` certificate ${c.number}`)));

  const forms = [];
  if (role() === 'coordinator' && c.status === 'valid' && c.institution === me().institution) {
    actions.append(actionButton('Reissue', async () => {
      const res = await pb.send(`/api/ib/certificates/${encodeURIComponent(c.id)}/reissue`, { method: 'POST' });
      ctx.announce(`Certificate ${c.number} reissued${res?.number ? ` as ${res.number}` : ''}.`);
      await reload();
    }, { alert, class: 'btn', testid: `reissue-${c.number}` }));

    const revoke = disclosure('Revoke', (close) => {
      const fAlert = alertBox();
      const form = h('form', { class: 'form subform', 'data-testid': 'revoke-form' },
        fAlert,
        field({ label: 'Reason for revoking', name: 'revoke_reason', type: 'textarea', required: true,
          hint: 'Revocation is final and is shown on the public verify page.', attrs: { maxlength: 2000, rows: 3 } }),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'btn btn-danger' }, 'Revoke certificate'),
          h('button', { type: 'button', class: 'btn', onclick: close }, 'Cancel')));
      onSubmit(form, async (data) => {
        await pb.collection('certificates').update(c.id, { status: 'revoked', revoke_reason: String(data.get('revoke_reason') || '').trim() });
        ctx.announce(`Certificate ${c.number} revoked.`);
        await reload();
      });
      return form;
    }, 'btn btn-danger');
    actions.append(revoke.button);
    forms.push(revoke.panel);
  }

  return h('article', { class: `card item status-${c.status}`, 'aria-labelledby': hid, 'data-testid': `certificate-${c.number}`, 'data-status': c.status },
    h(headingTag, { id: hid, class: 'item-title' }, `${c.title} — ${c.number}`),
    dl([
      ['Status', badge(c.status)],
      ['Student', `${c.student_name}${c.register_no ? ` (${c.register_no})` : ''}`],
      ['Organisation', c.organization_name],
      ['College', c.institution_name],
      ['Dates', `${fmtDay(c.starts_on)} – ${fmtDay(c.ends_on)}`],
      ['Hours', String(c.hours ?? '')],
      ['Credits', String(c.credits ?? '')],
      ['Marks', c.max_marks ? `${c.marks} / ${c.max_marks}` : ''],
      ['Grade', c.grade],
      ['Issued', fmtTime(c.issued_at)],
      ['Revoked', c.revoked_at ? fmtTime(c.revoked_at) : ''],
      ['Revocation reason', c.revoke_reason],
    ]),
    alert, actions, forms);
}

/** Certificates of one placement (placement page). */
export async function placementCertificates(ctx, placement) {
  const sec = h('section', { class: 'card', 'aria-labelledby': 'pc-h', 'data-testid': 'certificates-of-placement' },
    h('h2', { id: 'pc-h' }, 'Certificate'));
  const holder = h('div', {});
  const load = () => rerender(holder, sec.querySelector('h2'), async () => {
    const list = await pb.collection('certificates').getFullList({ filter: filter('placement = {:p}', { p: placement.id }), sort: '-issued_at' });
    replace(holder, list.length ? h('ul', { class: 'cards' }, list.map((c) => h('li', {}, certificateCard(ctx, c, load, 'h3'))))
      : h('p', {}, placement.status === 'completed' ? 'No certificate was issued (no credits earned).' : 'Issued when the placement is completed with a pass.'));
  });
  await load();
  sec.append(holder);
  return sec;
}
