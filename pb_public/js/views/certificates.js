// Certificates: download (protected PDF via a file token), the public
// verify link, and for coordinators revoke and reissue (each confirmed).
import { pb, me, role, filter, pager, onSubmit, actionButton, downloadFile } from '../api.js';
import { h, field, alertBox, dl, replace, nextId, disclosure, rerender, moreButton, confirmDialog } from '../dom.js';
import { t, fmtDay, fmtTime, fmtNumber } from '../i18n.js';

function statusLabel(status) {
  switch (status) {
    case 'valid': return t('certificates.st_valid');
    case 'revoked': return t('certificates.st_revoked');
    case 'superseded': return t('certificates.st_superseded');
    default: return String(status || '—');
  }
}
function badge(status) {
  return h('span', { class: `badge badge-${String(status || 'none').replace(/[^a-z_]/g, '')}` }, statusLabel(status));
}

export async function certificatesView(ctx) {
  const r = role();
  const user = me();
  const status = ctx.query.get('status') || '';
  let base = '';
  if (r === 'student') base = filter('student = {:u}', { u: user.id });
  else if (r === 'coordinator') base = filter('institution = {:i}', { i: user.institution });
  if (status) base = [base, filter('status = {:s}', { s: status })].filter(Boolean).join(' && ');

  const holder = h('div', {});
  const summary = h('p', { class: 'summary', 'data-testid': 'certificates-summary' });
  const h1 = h('h1', {}, r === 'student' ? t('certificates.mine') : t('certificates.title'));
  const load = () => rerender(holder, h1, async () => {
    const pages = pager('certificates', { filter: base, sort: '-issued_at', skipTotal: false });
    const list = await pages.next();
    summary.textContent = t('common.certificates', { count: pages.total ?? list.length });
    summary.hidden = !list.length;
    if (!list.length) {
      replace(holder, h('p', {}, r === 'student' ? t('certificates.noneYet') : t('certificates.noneHere')));
      return;
    }
    const ul = h('ul', { class: 'cards', 'data-testid': 'certificates' }, list.map((c) => h('li', {}, certificateCard(ctx, c, load))));
    const more = moreButton(async () => {
      const next = await pages.next();
      ul.append(...next.map((c) => h('li', {}, certificateCard(ctx, c, load))));
      return { added: next.length, done: pages.done };
    }, ctx.announce, t('common.showMore'));
    more.hidden = pages.done;
    replace(holder, ul, more);
  });
  await load();

  let controls = null;
  if (r === 'coordinator') {
    controls = h('form', { class: 'inline-form', 'aria-label': t('certificates.filter') },
      field({ label: t('certificates.show'), name: 'status', type: 'select', value: status, options: [
        { value: '', label: t('certificates.all') }, { value: 'valid', label: t('certificates.st_valid') },
        { value: 'revoked', label: t('certificates.st_revoked') }, { value: 'superseded', label: t('certificates.st_superseded') }] }),
      h('button', { type: 'submit', class: 'btn' }, t('certificates.show')));
    controls.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const s = new FormData(controls).get('status');
      ctx.navigate(s ? `/certificates?status=${encodeURIComponent(s)}` : '/certificates');
    });
  }
  ctx.mount(h1, controls, summary, holder);
}

/** One certificate with its actions; reload() refreshes the list it sits in. */
export function certificateCard(ctx, c, reload, headingTag = 'h2') {
  const hid = nextId('cert');
  const alert = alertBox();
  const verifyURL = pb.buildURL(`/verify/${encodeURIComponent(c.number)}`);
  const actions = h('div', { class: 'actions' });
  if (c.pdf) {
    actions.append(actionButton(t('certificates.download'), () => downloadFile(c, c.pdf, `${c.number}.pdf`),
      { alert, class: 'btn btn-primary', testid: `download-certificate-${c.number}` }));
  }
  actions.append(h('a', { class: 'btn', href: verifyURL, 'data-testid': `verify-${c.number}` },
    t('certificates.verify'), h('span', { class: 'visually-hidden' }, ` ${t('certificates.verifyWhich', { number: c.number })}`)));

  const forms = [];
  if (role() === 'coordinator' && c.status === 'valid' && c.institution === me().institution) {
    actions.append(actionButton(t('certificates.reissue'), async () => {
      const ok = await confirmDialog({
        title: t('certificates.reissueTitle', { number: c.number, name: c.student_name }),
        body: [t('certificates.reissueBody', { number: c.number }), t('certificates.final')],
        confirm: t('certificates.reissueConfirm'), cancel: t('common.cancel'),
      });
      if (!ok) return;
      const res = await pb.send(`/api/ib/certificates/${encodeURIComponent(c.id)}/reissue`, { method: 'POST' });
      ctx.announce(res?.number ? t('certificates.reissuedAs', { number: c.number, new: res.number }) : t('certificates.reissued', { number: c.number }));
      await reload();
    }, { alert, class: 'btn', testid: `reissue-${c.number}` }));

    const revoke = disclosure(t('certificates.revoke'), (close) => {
      const fAlert = alertBox();
      const form = h('form', { class: 'form subform', 'data-testid': 'revoke-form' },
        fAlert,
        field({ label: t('certificates.revokeReason'), name: 'revoke_reason', type: 'textarea', required: true,
          hint: t('certificates.revokeHint'), attrs: { maxlength: 2000, rows: 3 } }),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'btn btn-danger' }, t('certificates.revokeButton')),
          h('button', { type: 'button', class: 'btn', onclick: close }, t('common.cancel'))));
      onSubmit(form, async (data) => {
        const reason = String(data.get('revoke_reason') || '').trim();
        const ok = await confirmDialog({
          title: t('certificates.revokeTitle', { number: c.number, name: c.student_name }),
          body: [t('certificates.revokeVerify', { number: c.number }), t('certificates.revokeReasonShown', { reason }), t('certificates.final')],
          confirm: t('certificates.revokeConfirm'), cancel: t('certificates.keep'), danger: true,
        });
        if (!ok) return;
        await pb.collection('certificates').update(c.id, { status: 'revoked', revoke_reason: reason });
        ctx.announce(t('certificates.revoked', { number: c.number }));
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
      [t('certificates.status'), badge(c.status)],
      [t('certificates.student'), `${c.student_name}${c.register_no ? ` (${c.register_no})` : ''}`],
      [t('certificates.organisation'), c.organization_name],
      [t('certificates.college'), c.institution_name],
      [t('certificates.dates'), `${fmtDay(c.starts_on)} – ${fmtDay(c.ends_on)}`],
      [t('certificates.hours'), c.hours === undefined || c.hours === null ? '' : t('common.hours', { count: c.hours })],
      [t('certificates.credits'), c.credits === undefined || c.credits === null ? '' : fmtNumber(c.credits)],
      [t('certificates.marks'), c.max_marks ? `${fmtNumber(c.marks)} / ${fmtNumber(c.max_marks)}` : ''],
      [t('certificates.grade'), c.grade],
      [t('certificates.issued'), fmtTime(c.issued_at)],
      [t('certificates.revokedAt'), c.revoked_at ? fmtTime(c.revoked_at) : ''],
      [t('certificates.revokeReasonLabel'), c.revoke_reason],
    ]),
    alert, actions, forms);
}

/** Certificates of one placement (placement page). */
export async function placementCertificates(ctx, placement) {
  const sec = h('section', { class: 'card', 'aria-labelledby': 'pc-h', 'data-testid': 'certificates-of-placement' },
    h('h2', { id: 'pc-h' }, t('certificates.one')));
  const holder = h('div', {});
  const load = () => rerender(holder, sec.querySelector('h2'), async () => {
    const list = await pb.collection('certificates').getFullList({ filter: filter('placement = {:p}', { p: placement.id }), sort: '-issued_at' });
    replace(holder, list.length ? h('ul', { class: 'cards' }, list.map((c) => h('li', {}, certificateCard(ctx, c, load, 'h3'))))
      : h('p', {}, placement.status === 'completed' ? t('certificates.noneIssued') : t('certificates.whenIssued')));
  });
  await load();
  sec.append(holder);
  return sec;
}
