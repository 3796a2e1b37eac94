// Project work of a placement: the internship's tasks, the student's
// submissions (files or a link; a new attempt after a revision request) and
// their review (supervisor: assignments; mentor: the final report).
import { pb, me, role, filter, onSubmit, actionButton, downloadFile, fmtDay, fmtTime, originalName } from '../api.js';
import { h, field, alertBox, badge, richText, replace, nextId, rerender } from '../dom.js';

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
    h('h2', { id: 'work-h' }, 'Project work'));
  const holder = h('div', {});
  sec.append(holder);

  const heading = sec.querySelector('h2');
  const reload = (focusTask) => rerender(holder, heading, async () => {
    const [tasks, subs] = await Promise.all([
      pb.collection('tasks').getFullList({ filter: filter('internship = {:i}', { i: placement.internship }), sort: 'due_on,title' }),
      pb.collection('submissions').getFullList({ filter: filter('placement = {:p}', { p: placement.id }), sort: '-attempt' }),
    ]);
    if (!tasks.length) {
      replace(holder, h('p', {}, 'The host has not set any tasks yet.'));
      return;
    }
    replace(holder, h('ul', { class: 'plain' }, tasks.map((t) => h('li', {},
      taskCard(ctx, t, subs.filter((s) => s.task === t.id), placement, reload)))));
    if (focusTask) holder.querySelector(`[data-task="${focusTask}"] .task-title`)?.focus();
  });
  await reload();

  const unsub = await pb.collection('submissions').subscribe('*', (e) => {
    if (!ctx.alive() || e.record.placement !== placement.id) return;
    if (e.action === 'update') ctx.announce(`A submission is now ${String(e.record.status).replace('_', ' ')}.`);
    if (e.action === 'create' && role() !== 'student') ctx.announce('The student submitted work.');
    if (!holder.querySelector('form :focus')) reload();
  }, { filter: filter('placement = {:p}', { p: placement.id }) }).catch(() => null);
  if (unsub) ctx.onLeave(unsub);
  return sec;
}

function taskCard(ctx, task, subs, placement, reload) {
  const hid = nextId('task');
  const latest = subs[0];
  const max = task.max_score || 10;
  const ongoing = placement.status === 'ongoing';
  const card = h('article', { class: 'task card-inner', 'aria-labelledby': hid, 'data-task': task.id, 'data-testid': `task-${task.id}` },
    h('h3', { id: hid, class: 'task-title', tabindex: '-1' }, task.title),
    h('p', { class: 'muted' }, [
      task.kind === 'final_report' ? 'Final report, reviewed by the faculty mentor' : 'Assignment, reviewed by the host supervisor',
      task.due_on ? `due ${fmtDay(task.due_on)}` : '', `max score ${max}`, task.required ? 'required' : 'optional',
    ].filter(Boolean).join(' · ')),
    richText(task.instructions));

  if (subs.length) {
    card.append(h('h4', {}, 'Submissions'),
      h('ol', { class: 'attempts', reversed: true }, subs.map((s) => h('li', {}, submissionView(s)))));
  } else {
    card.append(h('p', {}, 'Nothing submitted yet.'));
  }

  if (role() === 'student' && ongoing && (!latest || latest.status === 'revision_requested')) {
    const alert = alertBox();
    const again = !!latest;
    const form = h('form', { class: 'form subform', 'data-testid': 'submit-work-form', 'aria-label': `Submit work for ${task.title}` },
      h('h4', {}, again ? 'Submit a new attempt' : 'Submit your work'),
      alert,
      field({ label: 'Files', name: 'files', type: 'file', hint: 'Up to 5 files of 20 MB each: PDF, ZIP, PNG, JPEG, DOCX or PPTX.',
        attrs: { multiple: true, accept: ACCEPT } }),
      field({ label: 'Link', name: 'link', type: 'url', hint: 'Optional, for example a repository or a shared document.', attrs: { placeholder: 'https://' } }),
      field({ label: 'Note', name: 'note', type: 'textarea', attrs: { maxlength: 5000, rows: 3 } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, again ? 'Submit new attempt' : 'Submit work')));
    onSubmit(form, async (data) => {
      const files = data.getAll('files').filter((f) => f instanceof File && f.size > 0);
      if (files.length > 5) throw new Error('Attach at most 5 files.');
      const body = { task: task.id, placement: placement.id, link: String(data.get('link') || '').trim(), note: String(data.get('note') || '') };
      if (files.length) body.files = files;
      await pb.collection('submissions').create(body);
      ctx.announce(`Work for “${task.title}” submitted.`);
      await reload(task.id);
    });
    card.append(form);
  }

  if (latest && latest.status === 'submitted' && ongoing && reviewsTask(task, placement)) {
    const alert = alertBox();
    const form = h('form', { class: 'form subform', 'data-testid': 'review-form', 'aria-label': `Review attempt ${latest.attempt} of ${task.title}` },
      h('h4', {}, `Review attempt ${latest.attempt}`),
      alert,
      field({ label: `Score (0 to ${max})`, name: 'score', type: 'number', hint: 'Needed to approve.', attrs: { min: 0, max, step: 'any' } }),
      field({ label: 'Feedback', name: 'feedback', type: 'textarea', hint: 'Needed to request a revision.', attrs: { maxlength: 5000, rows: 3 } }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', value: 'approve', 'data-testid': 'approve-submission' }, 'Approve'),
        h('button', { type: 'submit', class: 'btn', value: 'revise', 'data-testid': 'request-revision' }, 'Request revision')));
    onSubmit(form, async (data, submitter) => {
      const revise = submitter?.value === 'revise';
      const body = revise
        ? { status: 'revision_requested', feedback: String(data.get('feedback') || '').trim() }
        : { status: 'approved', feedback: String(data.get('feedback') || '').trim() };
      if (!revise && data.get('score') !== '') body.score = Number(data.get('score'));
      await pb.collection('submissions').update(latest.id, body);
      ctx.announce(revise ? 'Revision requested.' : 'Submission approved.');
      await reload(task.id);
    });
    card.append(form);
  }
  return card;
}

function submissionView(s) {
  const alert = alertBox();
  const files = (s.files || []).map((f) => actionButton(`Download ${originalName(f)}`, () => downloadFile(s, f), { alert, class: 'btn btn-quiet' }));
  const safeLink = /^https?:\/\//i.test(s.link || '') ? h('a', { href: s.link, rel: 'noopener noreferrer nofollow', target: '_blank' }, s.link) : null;
  return h('div', { class: 'attempt', 'data-testid': `submission-${s.id}`, 'data-status': s.status },
    h('p', {}, h('strong', {}, `Attempt ${s.attempt}`), ' ', badge(s.status), ` · ${fmtTime(s.created)}`, s.late ? ' · late' : ''),
    files.length ? h('p', { class: 'files' }, files) : null,
    safeLink ? h('p', {}, 'Link: ', safeLink) : null,
    s.note ? h('p', { class: 'pre' }, s.note) : null,
    s.status !== 'submitted' ? h('p', {}, s.score !== null && s.score !== undefined && s.status === 'approved' ? `Score: ${s.score}. ` : '',
      s.feedback ? ['Feedback: ', s.feedback] : '') : null,
    alert);
}
