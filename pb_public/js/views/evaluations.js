// Evaluations of a placement: the supervisor's and the mentor's, scored on
// the criteria of the student's institution's regulation. Saved as a draft
// until submitted; a submitted evaluation is locked.
import { pb, me, role, filter, onSubmit } from '../api.js';
import { h, field, alertBox, replace, rerender, confirmDialog } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';

// The defaults of DESIGN.md §3, named exactly as the server stores them
// (internal/regulations DefaultSupervisorCriteria, DefaultMentorCriteria).
const DEFAULTS = {
  supervisor: [
    { key: 'attendance', label: 'Attendance and punctuality', max: 10 }, { key: 'skills', label: 'Technical skills', max: 10 },
    { key: 'initiative', label: 'Initiative', max: 10 }, { key: 'communication', label: 'Communication', max: 10 },
    { key: 'conduct', label: 'Conduct', max: 10 }],
  mentor: [{ key: 'logbook', label: 'Logbook', max: 10 }, { key: 'report', label: 'Report', max: 20 }, { key: 'viva', label: 'Viva voce', max: 20 }],
};

const ENGLISH = Object.fromEntries([...DEFAULTS.supervisor, ...DEFAULTS.mentor].map((c) => [c.key, c.label]));

/** A criterion's name: the default ones in the reader's language, a regulation's own as written. */
function critLabel(c) {
  const known = {
    attendance: t('evaluations.cAttendance'), skills: t('evaluations.cSkills'), initiative: t('evaluations.cInitiative'),
    communication: t('evaluations.cCommunication'), conduct: t('evaluations.cConduct'), logbook: t('evaluations.cLogbook'),
    report: t('evaluations.cReport'), viva: t('evaluations.cViva'),
  };
  return known[c.key] && (!c.label || c.label === ENGLISH[c.key]) ? known[c.key] : (c.label || c.key);
}

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
    h('h2', { id: 'eval-h' }, t('evaluations.title')));
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
      const title = kind === 'supervisor' ? t('evaluations.supervisorTitle') : t('evaluations.mentorTitle');
      if (kind === mine && placement.status === 'ongoing' && !ev?.submitted) {
        parts.push(evaluationForm(ctx, placement, kind, ev, title, reload));
      } else if (ev) {
        parts.push(evaluationRead(placement, ev, title));
      } else {
        parts.push(h('div', { class: 'card-inner' }, h('h3', {}, title),
          h('p', {}, role() === 'student' && placement.status !== 'completed'
            ? t('evaluations.shownLater') : t('evaluations.notYet'))));
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
    h('p', {}, ev.submitted ? t('evaluations.submittedState') : t('evaluations.draftState')),
    h('table', { class: 'scores' },
      h('caption', { class: 'visually-hidden' }, t('evaluations.scoresOf', { title })),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('evaluations.criterion')), h('th', { scope: 'col' }, t('evaluations.score')))),
      h('tbody', {}, criteria.map((c) => h('tr', {}, h('th', { scope: 'row' }, critLabel(c)),
        h('td', {}, t('evaluations.outOf', { score: scores[c.key] ?? '—', max: c.max }))))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('evaluations.total')), h('td', {}, t('evaluations.outOf', { score: fmtNumber(ev.total ?? 0), max }))))),
    ev.remarks ? h('p', { class: 'pre' }, ev.remarks) : null);
}

function evaluationForm(ctx, placement, kind, ev, title, reload) {
  const criteria = criteriaOf(placement, kind);
  const alert = alertBox();
  const scores = ev?.scores || {};
  const form = h('form', { class: 'form', 'data-testid': `evaluation-form-${kind}`, 'aria-labelledby': `eval-${kind}-h` },
    h('h3', { id: `eval-${kind}-h` }, title),
    h('p', { class: 'hint' }, t('evaluations.hint')),
    alert,
    h('fieldset', {},
      h('legend', {}, t('evaluations.scores')),
      h('div', { class: 'row' }, criteria.map((c) => field({
        label: t('evaluations.criterionLabel', { label: critLabel(c), max: c.max }), name: `score_${c.key}`, type: 'number',
        value: scores[c.key] ?? '', attrs: { min: 0, max: c.max, step: 'any', inputmode: 'decimal' },
      })))),
    field({ label: t('evaluations.remarks'), name: 'remarks', type: 'textarea', value: ev?.remarks || '', attrs: { maxlength: 5000, rows: 3 } }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn', value: 'draft' }, t('evaluations.saveDraft')),
      h('button', { type: 'submit', class: 'btn btn-primary', value: 'submit' }, t('evaluations.submit'))));
  onSubmit(form, async (data, submitter) => {
    const submit = submitter?.value === 'submit';
    if (submit) {
      const student = placement.expand?.student?.name || t('evaluations.theStudent');
      const yes = await confirmDialog({
        title: t('evaluations.confirmTitle', { name: student }),
        body: [t('evaluations.confirmBody1', { name: student }), t('evaluations.confirmBody2')],
        confirm: t('evaluations.confirmYes'), cancel: t('evaluations.confirmNo'),
      });
      if (!yes) return;
    }
    const body = { scores: {}, remarks: String(data.get('remarks') || ''), submitted: submit };
    for (const c of criteria) {
      const v = data.get(`score_${c.key}`);
      if (v !== '' && v !== null) body.scores[c.key] = Number(v);
    }
    if (ev) await pb.collection('evaluations').update(ev.id, body);
    else await pb.collection('evaluations').create({ placement: placement.id, kind, ...body });
    ctx.announce(submit ? t('evaluations.submitted') : t('evaluations.draftSaved'));
    await reload();
  });
  return form;
}
