// The whole internship through the SDK, from posting to a verifiable
// certificate: each role does its own part with its own client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/server.mjs';
import { makeWorld, isoDay, tinyPDF } from '../lib/world.mjs';

let srv, w;
before(async () => { srv = await start(); w = await makeWorld(srv.url); });
after(async () => { await srv?.stop(); });

test('posting → application → placement → logbook → work → evaluations → completion → certificate', async () => {
  // The host posts and opens an internship with a required final report.
  let internship = await w.supX.collection('internships').create({
    title: 'Data pipeline intern', description: '<p>ETL work.</p>', seats: 1, mode: 'hybrid', location: 'Kochi',
    starts_on: isoDay(0), ends_on: isoDay(45), apply_by: isoDay(0), hours: 60, stipend: 5000,
  });
  assert.equal(internship.status, 'draft');
  internship = await w.supX.collection('internships').update(internship.id, { status: 'open' });
  const report = await w.supX.collection('tasks').create({ internship: internship.id, title: 'Final report', kind: 'final_report', required: true, max_score: 20, due_on: isoDay(40) });

  // The student applies with a résumé; the college endorses; the host selects.
  const app = await w.s1.collection('applications').create({ internship: internship.id, statement: 'I love data.', resume: new File([tinyPDF()], 'cv.pdf', { type: 'application/pdf' }) });
  assert.equal(app.status, 'submitted');
  await w.coordA.collection('applications').update(app.id, { status: 'endorsed' });
  await w.supX.collection('applications').update(app.id, { status: 'shortlisted' });
  const offered = await w.supX.collection('applications').update(app.id, { status: 'offered' });
  assert.ok(offered.offer_expires_at > isoDay(6));
  await w.s1.collection('applications').update(app.id, { status: 'accepted' });

  const placement = await w.s1.collection('placements').getFirstListItem(`application = "${app.id}"`);
  assert.equal(placement.status, 'ongoing');
  await w.coordA.collection('placements').update(placement.id, { mentor: w.mentorA.authStore.record.id });

  // A platform administrator corrects the start date, so there are past days to log.
  await w.admin.collection('internships').update(internship.id, { starts_on: isoDay(-4) });

  // Five days of 12 hours; the host approves them in one batch.
  const entries = [];
  for (let d = -4; d <= 0; d++) {
    entries.push(await w.s1.collection('logbook_entries').create({
      placement: placement.id, date: isoDay(d), hours: 12, activity: `Day ${d + 5}: built and tested an ingestion job.`, learning: 'Idempotent loads.',
    }));
  }
  const batch = w.supX.createBatch();
  for (const e of entries) batch.collection('logbook_entries').update(e.id, { status: 'approved' });
  const results = await batch.send();
  assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 200]);
  assert.equal((await w.s1.collection('placements').getOne(placement.id)).approved_hours, 60);

  // Project work: the final report, reviewed by the mentor.
  const sub = await w.s1.collection('submissions').create({ task: report.id, placement: placement.id, files: [new File([tinyPDF()], 'report.pdf', { type: 'application/pdf' })], note: 'Attached.' });
  assert.equal(sub.attempt, 1);
  await w.mentorA.collection('submissions').update(sub.id, { status: 'approved', score: 18, feedback: 'Clear.' });

  // Both evaluations, submitted.
  await w.supX.collection('evaluations').create({ placement: placement.id, kind: 'supervisor', submitted: true,
    scores: { attendance: 8, skills: 7, initiative: 9, communication: 8, conduct: 10 }, remarks: 'Reliable.' });
  await w.mentorA.collection('evaluations').create({ placement: placement.id, kind: 'mentor', submitted: true,
    scores: { logbook: 9, report: 17, viva: 16 } });

  // The mentor completes: 84% → 42 of 50 marks, A+, 2 credits.
  const done = await w.mentorA.collection('placements').update(placement.id, { status: 'completed' });
  assert.equal(done.status, 'completed');
  assert.equal(done.percent, 84);
  assert.equal(done.marks, 42);
  assert.equal(done.grade, 'A+');
  assert.equal(done.grade_point, 9);
  assert.equal(done.credits_earned, 2);

  // The certificate: the student downloads it; anyone verifies it.
  const [cert] = await w.s1.collection('certificates').getFullList();
  assert.match(cert.number, /^IB-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/);
  assert.equal(cert.status, 'valid');
  assert.equal(cert.hours, 60);
  assert.equal(cert.credits, 2);
  const token = await w.s1.files.getToken();
  const pdf = await fetch(w.s1.files.getURL(cert, cert.pdf, { token }));
  assert.equal(pdf.status, 200);
  const bytes = new Uint8Array(await pdf.arrayBuffer());
  assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-');
  const digest = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
  assert.equal(digest, cert.sha256);

  const verify = await w.s3.send(`/api/ib/verify/${cert.number}`, {});
  assert.equal(verify.status, 'valid');
  assert.equal(verify.credits, 2);
  assert.ok(!verify.student_name_masked.includes(w.s1.authStore.record.name));
  const page = await fetch(`${srv.url}/verify/${cert.number}`);
  assert.match(await page.text(), />VALID</);

  // Other tenants see none of it.
  assert.equal((await w.s3.collection('certificates').getList(1, 10)).totalItems, 0);
  assert.equal((await w.supY.collection('placements').getList(1, 10)).totalItems, 0);
  assert.equal((await w.coordB.collection('logbook_entries').getList(1, 10)).totalItems, 0);
});
