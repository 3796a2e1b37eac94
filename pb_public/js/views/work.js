// Project work of a placement: the internship's tasks, the student's
// submissions (files or a link; a new attempt after a revision request) and
// their review (supervisor: assignments; mentor: the final report).
import { pb, me, role, filter, onSubmit, actionButton, downloadFile, originalName } from '../api.js';
import { h, field, alertBox, richText, replace, nextId, rerender, confirmDialog } from '../dom.js';
import { t, fmtDay, fmtTime, fmtNumber } from '../i18n.js';
import { notStarted } from './logbook.js';

/** A submission's status as a badge, in the reader's language. */
function workBadge(status) {
  const label = { submitted: t('work.statusSubmitted'), approved: t('work.statusApproved'),
    revision_requested: t('work.statusRevision') }[status] || status;
  return h('span', { class: `badge badge-${status}` }, label);
}

const ACCEPT = '.pdf,.zip,.png,.jpg,.jpeg,.docx,.pptx,application/pdf,application/zip,image/png,image/jpeg,'
  + 'application/vnd.openxmlformats-officedocument.wordprocessingml.document,'
  + 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/** Whether the caller reviews submissions of this task on this placement. */
function reviewsTask(task, placement) {
  const user = me();
  if (task.kind === 'final_report') return role() === 'mentor' && placement.mentor === user.id;
  return role() === 'supervisor' && placement.organization === user.organization;
}

export async function workSection(ctx, placement) {
  const sec = h('section', { class: 'card', 'aria-labelledby': 'work-h', id: 'work', 'data-testid': 'work-section' },
    h('h2', { id: 'work-h' }, t('work.title')));
  const holder = h('div', {});
  sec.append(holder);

  const heading = sec.querySelector('h2');
  const reload = (focusTask) => rerender(holder, heading, async () => {
    const [tasks, subs] = await Promise.all([
      pb.collection('tasks').getFullList({ filter: filter('internship = {:i}', { i: placement.internship }), sort: 'due_on,title' }),
      pb.collection('submissions').getFullList({ filter: filter('placement = {:p}', { p: placement.id }), sort: '-attempt' }),
    ]);
    if (!tasks.length) {
      replace(holder, h('p', {}, t('work.noTasks')));
      return;
    }
    replace(holder, h('ul', { class: 'plain' }, tasks.map((t) => h('li', {},
      taskCard(ctx, t, subs.filter((s) => s.task === t.id), placement, reload)))));
    if (focusTask) holder.querySelector(`[data-task="${focusTask}"] .task-title`)?.focus();
  });
  await reload();

  const unsub = await pb.collection('submissions').subscribe('*', (e) => {
    if (!ctx.alive() || e.record.placement !== placement.id) return;
    if (e.action === 'update' && e.record.status === 'approved') ctx.announce(t('work.liveApproved'), { about: e.record });
    if (e.action === 'update' && e.record.status === 'revision_requested') ctx.announce(t('work.liveRevision'), { about: e.record });
    if (e.action === 'create' && role() !== 'student') ctx.announce(t('work.liveSubmitted'), { about: e.record });
    if (!holder.querySelector('form :focus')) reload();
  }, { filter: filter('placement = {:p}', { p: placement.id }) }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  return sec;
}

function taskCard(ctx, task, subs, placement, reload) {
  const hid = nextId('task');
  const latest = subs[0];
  const max = task.max_score || 10;
  const ongoing = placement.status === 'ongoing' && !notStarted(placement);
  const card = h('article', { class: 'task card-inner', 'aria-labelledby': hid, 'data-task': task.id, 'data-testid': `task-${task.id}` },
    h('h3', { id: hid, class: 'task-title', tabindex: '-1' }, task.title),
    h('p', { class: 'muted' }, [
      task.kind === 'final_report' ? t('work.kindReport') : t('work.kindAssignment'),
      task.due_on ? t('work.due', { date: fmtDay(task.due_on) }) : '', t('work.maxScore', { max: fmtNumber(max) }),
      task.required ? t('work.required') : t('work.optional'),
    ].filter(Boolean).join(' · ')),
    richText(task.instructions));

  if (subs.length) {
    card.append(h('h4', {}, t('work.submissions')),
      h('ol', { class: 'attempts', reversed: true }, subs.map((s) => h('li', {}, submissionView(s)))));
  } else {
    card.append(h('p', {}, t('work.nothingYet')));
  }

  if (role() === 'student' && ongoing && (!latest || latest.status === 'revision_requested')) {
    const alert = alertBox();
    const again = !!latest;
    const form = h('form', { class: 'form subform', 'data-testid': 'submit-work-form', 'aria-label': t('work.submitFor', { title: task.title }) },
      h('h4', {}, again ? t('work.newAttemptTitle') : t('work.submitTitle')),
      h('p', { class: 'hint' }, t('work.submitHint')),
      alert,
      field({ label: t('work.files'), name: 'files', type: 'file', hint: t('work.filesHint'),
        attrs: { multiple: true, accept: ACCEPT } }),
      field({ label: t('work.link'), name: 'link', type: 'url', hint: t('work.linkHint'), attrs: { placeholder: 'https://' } }),
      field({ label: t('work.note'), name: 'note', type: 'textarea', attrs: { maxlength: 5000, rows: 3 } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, again ? t('work.submitAgain') : t('work.submit'))));
    onSubmit(form, async (data) => {
      const files = data.getAll('files').filter((f) => f instanceof File && f.size > 0);
      if (files.length > 5) throw new Error(t('work.tooManyFiles'));
      const body = { task: task.id, placement: placement.id, link: String(data.get('link') || '').trim(), note: String(data.get('note') || '') };
      if (files.length) body.files = files;
      await pb.collection('submissions').create(body);
      ctx.announce(t('work.submitted', { title: task.title }));
      await reload(task.id);
    });
    card.append(form);
  }

  if (latest && latest.status === 'submitted' && ongoing && reviewsTask(task, placement)) {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'review-form', 'aria-label': t('work.reviewOf', { attempt: latest.attempt, title: task.title }) },
      h('h4', {}, t('work.reviewAttempt', { attempt: latest.attempt })),
      h('p', { class: 'hint' }, t('work.reviewHint')),
      alert,
      field({ label: t('work.score', { max }), name: 'score', type: 'number', hint: t('work.scoreHint'), attrs: { min: 0, max, step: 'any' } }),
      field({ label: t('work.feedback'), name: 'feedback', type: 'textarea', hint: t('work.feedbackHint'), attrs: { maxlength: 5000, rows: 3 } }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', value: 'approve', 'data-testid': 'approve-submission' }, t('work.approve')),
        h('button', { type: 'submit', class: 'btn', value: 'revise', 'data-testid': 'request-revision' }, t('work.requestRevision'))));
    onSubmit(form, async (data, submitter) => {
      const revise = submitter?.value === 'revise';
      const score = String(data.get('score') ?? '');
      if (!revise && score !== '') { // without a score the server's "required" shows under the field
        const yes = await confirmDialog({
          title: t('work.approveTitle', { attempt: latest.attempt, title: task.title }),
          body: [t('work.approveBody', { score: fmtNumber(Number(score)), max: fmtNumber(max) }), t('work.approveFinal')],
          confirm: t('work.approveYes'), cancel: t('common.cancel'),
        });
        if (!yes) return;
      }
      const body = revise
        ? { status: 'revision_requested', feedback: String(data.get('feedback') || '').trim() }
        : { status: 'approved', feedback: String(data.get('feedback') || '').trim() };
      if (!revise && data.get('score') !== '') body.score = Number(data.get('score'));
      await pb.collection('submissions').update(latest.id, body);
      ctx.announce(revise ? t('work.revisionRequested') : t('work.approved'));
      await reload(task.id);
    });
    card.append(form);
  }
  return card;
}

function submissionView(s) {
  const alert = alertBox();
  const files = (s.files || []).map((f) => actionButton(t('work.download', { name: originalName(f) }), () => downloadFile(s, f), { alert, class: 'btn btn-quiet' }));
  const safeLink = /^https?:\/\//i.test(s.link || '') ? h('a', { href: s.link, rel: 'noopener noreferrer nofollow', target: '_blank' }, s.link) : null;
  return h('div', { class: 'attempt', 'data-testid': `submission-${s.id}`, 'data-status': s.status },
    h('p', {}, h('strong', {}, t('work.attempt', { attempt: s.attempt })), ' ', workBadge(s.status), ` · ${fmtTime(s.created)}`, s.late ? ` · ${t('work.late')}` : ''),
    files.length ? h('p', { class: 'files' }, files) : null,
    safeLink ? h('p', {}, `${t('work.link')}: `, safeLink) : null,
    s.note ? h('p', { class: 'pre' }, s.note) : null,
    s.status !== 'submitted' ? h('p', {}, s.score !== null && s.score !== undefined && s.status === 'approved' ? `${t('work.scoreIs', { score: fmtNumber(s.score) })} ` : '',
      s.feedback ? [`${t('work.feedback')}: `, s.feedback] : '') : null,
    alert);
}
