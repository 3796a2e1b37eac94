// Evaluations of a placement: the supervisor's and the mentor's, scored on
// the criteria of the student's institution's regulation. Saved as a draft
// until submitted; a submitted evaluation is locked.
import { pb, me, role, filter, onSubmit } from '../api.js';
import { h, field, alertBox, replace, rerender } from '../dom.js';

const DEFAULTS = {
  supervisor: [
    { key: 'attendance', label: 'Attendance', max: 10 }, { key: 'skills', label: 'Skills', max: 10 },
    { key: 'initiative', label: 'Initiative', max: 10 }, { key: 'communication', label: 'Communication', max: 10 },
    { key: 'conduct', label: 'Conduct', max: 10 }],
  mentor: [{ key: 'logbook', label: 'Logbook', max: 10 }, { key: 'report', label: 'Report', max: 20 }, { key: 'viva', label: 'Viva', max: 20 }],
};

function criteriaOf(placement, kind) {
  const reg = placement.expand?.institution?.expand?.regulation;
  const list = reg?.[`${kind}_criteria`];
  return Array.isArray(list) && list.length ? list : DEFAULTS[kind];
}

/** Which evaluation the caller writes on this placement ('' when none). */
function myKind(placement) {
  const user = me();
  if (role() === 'supervisor' && placement.supervisor === user.id) return 'supervisor';
  if (role() === 'mentor' && placement.mentor === user.id) return 'mentor';
  return '';
}

export async function evaluationsSection(ctx, placement) {
  const sec = h('section', { class: 'card', 'aria-labelledby': 'eval-h', id: 'evaluations', 'data-testid': 'evaluations-section' },
    h('h2', { id: 'eval-h' }, 'Evaluations'));
  const holder = h('div', {});
  sec.append(holder);

  const heading = sec.querySelector('h2');
  const reload = () => rerender(holder, heading, async () => {
    const evals = await pb.collection('evaluations').getFullList({ filter: filter('placement = {:p}', { p: placement.id }) });
    const byKind = Object.fromEntries(evals.map((e) => [e.kind, e]));
    const mine = myKind(placement);
    const parts = [];
    for (const kind of ['supervisor', 'mentor']) {
      const ev = byKind[kind];
      const title = kind === 'supervisor' ? 'Host supervisor’s evaluation' : 'Faculty mentor’s evaluation';
      if (kind === mine && placement.status === 'ongoing' && !ev?.submitted) {
        parts.push(evaluationForm(ctx, placement, kind, ev, title, reload));
      } else if (ev) {
        parts.push(evaluationRead(placement, ev, title));
      } else {
        parts.push(h('div', { class: 'card-inner' }, h('h3', {}, title),
          h('p', {}, role() === 'student' && placement.status !== 'completed'
            ? 'Evaluations are shown once your internship is completed.' : 'Not written yet.')));
      }
    }
    replace(holder, ...parts);
  });
  await reload();
  return sec;
}

function evaluationRead(placement, ev, title) {
  const criteria = criteriaOf(placement, ev.kind);
  const scores = ev.scores || {};
  const max = criteria.reduce((s, c) => s + Number(c.max || 0), 0);
  return h('div', { class: 'card-inner', 'data-testid': `evaluation-${ev.kind}` },
    h('h3', {}, title),
    h('p', {}, ev.submitted ? 'Submitted.' : 'Draft, not submitted yet.'),
    h('table', { class: 'scores' },
      h('caption', { class: 'visually-hidden' }, `${title}: scores`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Criterion'), h('th', { scope: 'col' }, 'Score'))),
      h('tbody', {}, criteria.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.label || c.key),
        h('td', {}, `${scores[c.key] ?? '—'} / ${c.max}`)))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Total'), h('td', {}, `${ev.total ?? 0} / ${max}`)))),
    ev.remarks ? h('p', { class: 'pre' }, ev.remarks) : null);
}

function evaluationForm(ctx, placement, kind, ev, title, reload) {
  const criteria = criteriaOf(placement, kind);
  const alert = alertBox();
  const scores = ev?.scores || {};
  const form = h('form', { class: 'form', 'data-testid': `evaluation-form-${kind}`, 'aria-labelledby': `eval-${kind}-h` },
    h('h3', { id: `eval-${kind}-h` }, title),
    h('p', { class: 'hint' }, 'Save a draft as often as you like. Once submitted, the evaluation can no longer change.'),
    alert,
    h('fieldset', {},
      h('legend', {}, 'Scores'),
      h('div', { class: 'row' }, criteria.map((c) => field({
        label: `${c.label || c.key} (0 to ${c.max})`, name: `score_${c.key}`, type: 'number',
        value: scores[c.key] ?? '', attrs: { min: 0, max: c.max, step: 'any', inputmode: 'decimal' },
      })))),
    field({ label: 'Remarks', name: 'remarks', type: 'textarea', value: ev?.remarks || '', attrs: { maxlength: 5000, rows: 3 } }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn', value: 'draft' }, 'Save draft'),
      h('button', { type: 'submit', class: 'btn btn-primary', value: 'submit' }, 'Submit evaluation')));
  onSubmit(form, async (data, submitter) => {
    const submit = submitter?.value === 'submit';
    const body = { scores: {}, remarks: String(data.get('remarks') || ''), submitted: submit };
    for (const c of criteria) {
      const v = data.get(`score_${c.key}`);
      if (v !== '' && v !== null) body.scores[c.key] = Number(v);
    }
    if (ev) await pb.collection('evaluations').update(ev.id, body);
    else await pb.collection('evaluations').create({ placement: placement.id, kind, ...body });
    ctx.announce(submit ? 'Evaluation submitted.' : 'Draft saved.');
    await reload();
  });
  return form;
}
