// The signed-in home page: who you are and what needs your attention.
import { pb, me, filter } from '../api.js';
import { h } from '../dom.js';
import { ownOrganization, unverifiedNotice, notEnrolledNotice, enrolledNow, watchOnboarding } from './onboarding.js';

async function count(collection, expr, params) {
  try {
    const page = await pb.collection(collection).getList(1, 1, { filter: filter(expr, params), fields: 'id' });
    return page.totalItems;
  } catch {
    return null;
  }
}

function todo(items) {
  const ul = h('ul', { class: 'todo', 'data-testid': 'home-todo' });
  for (const [n, text, href] of items) {
    if (n === null) continue;
    ul.append(h('li', {}, h('a', { href }, h('strong', { class: 'todo-n' }, String(n)), ' ', text)));
  }
  return ul;
}

export async function homeView(ctx) {
  const user = me();
  const r = user.role;
  const where = user.expand?.institution?.name || user.expand?.organization?.name || '';
  let items = [];
  let notice = null;
  const u = { u: user.id, i: user.institution || '', o: user.organization || '' };
  if (r === 'student') {
    if (!(await enrolledNow())) {
      notice = notEnrolledNotice(user.expand?.institution?.name);
      await watchOnboarding(ctx, { student: user });
    }
    items = [
      [await count('internships', 'status = "open"'), 'open internships', '#/internships'],
      [await count('applications', 'student = {:u} && status = "offered"', u), 'offers waiting for your answer', '#/applications'],
      [await count('placements', 'student = {:u} && status = "ongoing"', u), 'ongoing placement', '#/placements'],
      [await count('certificates', 'student = {:u}', u), 'certificates', '#/certificates'],
    ];
  } else if (r === 'coordinator') {
    items = [
      [await count('applications', 'institution = {:i} && status = "submitted"', u), 'applications awaiting endorsement', '#/applications'],
      [await count('users', 'role = "student" && institution = {:i} && enrolled = false', u), 'students waiting for enrolment', '#/enrolments'],
      [await count('organizations', 'verified = false'), 'host organisations to verify', '#/hosts'],
      [await count('placements', 'institution = {:i} && status = "ongoing" && mentor = ""', u), 'placements without a mentor', '#/placements'],
      [await count('placements', 'institution = {:i} && status = "ongoing"', u), 'ongoing placements', '#/placements'],
      [await count('certificates', 'institution = {:i} && status = "valid"', u), 'valid certificates', '#/certificates'],
    ];
  } else if (r === 'supervisor') {
    const org = await ownOrganization();
    notice = unverifiedNotice(org);
    if (notice) await watchOnboarding(ctx, { org });
    items = [
      [await count('internships', 'organization = {:o} && status = "open"', u), 'open postings', '#/internships'],
      [await count('applications', 'organization = {:o} && (status = "endorsed" || status = "shortlisted")', u), 'applicants to review', '#/applications'],
      [await count('logbook_entries', 'placement.organization = {:o} && status = "pending"', u), 'logbook entries to approve', '#/logbook'],
      [await count('placements', 'organization = {:o} && status = "ongoing"', u), 'ongoing placements', '#/placements'],
    ];
  } else if (r === 'mentor') {
    items = [
      [await count('placements', 'mentor = {:u} && status = "ongoing"', u), 'mentees with an ongoing placement', '#/placements'],
      [await count('submissions', 'placement.mentor = {:u} && status = "submitted" && task.kind = "final_report"', u), 'final reports to review', '#/placements'],
    ];
  }
  items.push([await count('notifications', 'user = {:u} && read = false', u), 'unread notifications', '#/notifications']);

  ctx.mount(
    h('h1', {}, `Welcome, ${user.name || user.email}`),
    h('p', { class: 'lead' }, `You are signed in as a ${r}${where ? ` of ${where}` : ''}.`),
    notice,
    h('section', { 'aria-labelledby': 'home-todo-h' },
      h('h2', { id: 'home-todo-h' }, 'At a glance'),
      todo(items)),
  );
}
