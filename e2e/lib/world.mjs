// Builds a small tenancy through the SDK only, the way real clients do:
// the superuser sets up the programme, coordinators create staff, students
// sign up themselves.
import PocketBase from 'pocketbase';
import { EventSource } from 'eventsource';
import { SUPERUSER } from './server.mjs';

globalThis.EventSource = EventSource;

export const PASSWORD = 'e2e-pass-2026';

export function client(url) {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}

export async function signIn(url, email, password = PASSWORD) {
  const pb = client(url);
  await pb.collection('users').authWithPassword(email, password);
  return pb;
}

/** A date offsetDays from the server's today: the calendar day in the
 * platform time zone (IB_TIMEZONE, default Asia/Kolkata), not UTC's. */
export function isoDay(offsetDays = 0) {
  const tz = process.env.IB_TIMEZONE || 'Asia/Kolkata';
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10) + ' 00:00:00.000Z';
}

let seq = 0;
/** A world of two colleges (A, B), two hosts (X, Y) and a user of each role. */
export async function makeWorld(url, { regulation = {} } = {}) {
  const n = `${process.pid}${++seq}`;
  const admin = client(url);
  await admin.collection('_superusers').authWithPassword(SUPERUSER.email, SUPERUSER.password);
  const reg = await admin.collection('regulations').create({ name: `E2E regulation ${n}`, ...regulation });
  const instA = await admin.collection('institutions').create({ name: `College A ${n}`, code: `A${n}`, regulation: reg.id, university: 'University of Calicut' });
  const instB = await admin.collection('institutions').create({ name: `College B ${n}`, code: `B${n}`, regulation: reg.id });
  const orgX = await admin.collection('organizations').create({ name: `Host X ${n}`, kind: 'company', verified: true });
  const orgY = await admin.collection('organizations').create({ name: `Host Y ${n}`, kind: 'ngo', verified: true });

  const user = (role, extra) => ({ email: `${role}.${extra.tag}.${n}@e2e.test`, password: PASSWORD, passwordConfirm: PASSWORD, name: `${role} ${extra.tag}`, role, ...extra.fields });
  const coordA = user('coordinator', { tag: 'a', fields: { institution: instA.id } });
  const coordB = user('coordinator', { tag: 'b', fields: { institution: instB.id } });
  await admin.collection('users').create(coordA);
  await admin.collection('users').create(coordB);

  const coordAClient = await signIn(url, coordA.email);
  const coordBClient = await signIn(url, coordB.email);
  const mentorA = user('mentor', { tag: 'a', fields: {} });
  const supX = user('supervisor', { tag: 'x', fields: { organization: orgX.id } });
  const supY = user('supervisor', { tag: 'y', fields: { organization: orgY.id } });
  await coordAClient.collection('users').create(mentorA);
  await coordAClient.collection('users').create(supX);
  await coordBClient.collection('users').create(supY);

  const guest = client(url);
  const students = {};
  for (const [tag, inst] of [['s1', instA], ['s2', instA], ['s3', instB]]) {
    const s = user('student', { tag, fields: { institution: inst.id, register_no: `${tag.toUpperCase()}-${n}`, semester: 5, program: 'BSc Computer Science' } });
    const rec = await guest.collection('users').create(s);
    // A sign-up waits for the college: its coordinator enrols the student.
    await (inst === instA ? coordAClient : coordBClient).collection('users').update(rec.id, { enrolled: true });
    students[tag] = s;
  }

  return {
    url, admin, reg, instA, instB, orgX, orgY,
    coordA: coordAClient, coordB: coordBClient,
    mentorA: await signIn(url, mentorA.email),
    supX: await signIn(url, supX.email),
    supY: await signIn(url, supY.email),
    s1: await signIn(url, students.s1.email),
    s2: await signIn(url, students.s2.email),
    s3: await signIn(url, students.s3.email),
    accounts: { coordA, coordB, mentorA, supX, supY, ...students },
  };
}

/**
 * Sets an account's own language (users.language; '' = none chosen). The
 * portal saves the device's language on an account that has none, so a
 * test that signs in on a Malayalam device leaves the account in
 * Malayalam: tests that share an account set it first.
 */
export async function accountLanguage(w, account, language) {
  const u = await w.admin.collection('users').getFirstListItem(w.admin.filter('email = {:e}', { e: account.email }));
  if (u.language !== language) await w.admin.collection('users').update(u.id, { language });
}

/** An open internship of X created and opened by supervisor X. */
export async function openInternship(w, fields = {}) {
  const rec = await w.supX.collection('internships').create({
    title: `Backend intern ${++seq}`, description: '<p>Build APIs.</p>', seats: 2, mode: 'remote',
    starts_on: isoDay(0), ends_on: isoDay(60), apply_by: isoDay(0), hours: 120, ...fields,
  });
  return w.supX.collection('internships').update(rec.id, { status: 'open' });
}

export const tinyPDF = () => new Blob(['%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'], { type: 'application/pdf' });

/**
 * Runs one placement from application to completion through the API and
 * returns the student's certificate. The student applies to internship (an
 * open internship of X; without one, a new one of 60 hours titled title),
 * the college's coordinator endorses and assigns mentor, supervisor X
 * shortlists and offers and approves five days of 12 hours (the internship's
 * start is moved back four days for them), the required tasks are
 * submitted and scored, both evaluations are submitted and the mentor
 * completes the placement.
 */
export async function certify(w, { student = w.s1, internship, title = `Certified internship ${++seq}`,
  coord = w.coordA, mentor = w.mentorA, supervisor = w.supX } = {}) {
  if (!internship) {
    const rec = await supervisor.collection('internships').create({
      title, description: '<p>A placement run to completion.</p>', seats: 1, mode: 'onsite', location: 'Thrissur',
      starts_on: isoDay(0), ends_on: isoDay(45), apply_by: isoDay(0), hours: 60,
    });
    internship = await supervisor.collection('internships').update(rec.id, { status: 'open' });
  }
  const app = await student.collection('applications').create({ internship: internship.id, statement: 'Keen.',
    resume: new File([tinyPDF()], 'cv.pdf', { type: 'application/pdf' }) });
  await coord.collection('applications').update(app.id, { status: 'endorsed' });
  await supervisor.collection('applications').update(app.id, { status: 'shortlisted' });
  await supervisor.collection('applications').update(app.id, { status: 'offered' });
  await student.collection('applications').update(app.id, { status: 'accepted' });
  const placement = await student.collection('placements').getFirstListItem(`application = "${app.id}"`);
  await coord.collection('placements').update(placement.id, { mentor: mentor.authStore.record.id });

  // Five past days to log: the internship must have started four days ago.
  const { starts_on } = await w.admin.collection('internships').getOne(internship.id);
  if (starts_on > isoDay(-4)) await w.admin.collection('internships').update(internship.id, { starts_on: isoDay(-4) });
  const batch = supervisor.createBatch();
  for (let d = -4; d <= 0; d++) {
    const e = await student.collection('logbook_entries').create({ placement: placement.id, date: isoDay(d), hours: 12,
      activity: `Day ${d + 5}: wrote and tested an endpoint.`, learning: 'Transactions.' });
    batch.collection('logbook_entries').update(e.id, { status: 'approved' });
  }
  await batch.send();

  const tasks = await student.collection('tasks').getFullList({ filter: `internship = "${internship.id}" && required = true` });
  for (const task of tasks) {
    const sub = await student.collection('submissions').create({ task: task.id, placement: placement.id,
      files: [new File([tinyPDF()], 'report.pdf', { type: 'application/pdf' })] });
    await mentor.collection('submissions').update(sub.id, { status: 'approved', score: Math.min(18, task.max_score) });
  }
  await supervisor.collection('evaluations').create({ placement: placement.id, kind: 'supervisor', submitted: true,
    scores: { attendance: 8, skills: 7, initiative: 9, communication: 8, conduct: 10 } });
  await mentor.collection('evaluations').create({ placement: placement.id, kind: 'mentor', submitted: true,
    scores: { logbook: 9, report: 17, viva: 16 } });
  const done = await mentor.collection('placements').update(placement.id, { status: 'completed' });
  if (done.status !== 'completed') throw new Error(`placement ${placement.id} is ${done.status}, not completed`);
  return student.collection('certificates').getFirstListItem(`placement = "${placement.id}"`);
}

export function waitFor(cond, ms = 5000, what = 'condition') {
  return new Promise((ok, fail) => {
    const start = Date.now();
    const tick = () => {
      if (cond()) return ok();
      if (Date.now() - start > ms) return fail(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}
