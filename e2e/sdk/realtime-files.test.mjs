// Realtime follows the API rules; protected files need a file token of a
// user who may view the record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/server.mjs';
import { makeWorld, openInternship, tinyPDF, waitFor } from '../lib/world.mjs';

let srv, w;
before(async () => { srv = await start(); w = await makeWorld(srv.url); });
after(async () => {
  for (const pb of [w?.s1, w?.s2, w?.supX, w?.supY, w?.coordB]) pb?.realtime.unsubscribe().catch(() => {});
  await srv?.stop();
});

function recorder() {
  const events = [];
  return { events, push: (e) => events.push(`${e.action}:${e.record.id}:${e.record.status ?? e.record.kind ?? ''}`) };
}

test('students and hosts receive only what their rules let them see, live', async () => {
  const s1Apps = recorder(), s1Notes = recorder(), s2Apps = recorder(), s2Notes = recorder(), xApps = recorder(), yApps = recorder(), bApps = recorder();
  await w.s1.collection('applications').subscribe('*', s1Apps.push);
  await w.s1.collection('notifications').subscribe('*', s1Notes.push);
  await w.s2.collection('applications').subscribe('*', s2Apps.push);
  await w.s2.collection('notifications').subscribe('*', s2Notes.push);
  await w.supX.collection('applications').subscribe('*', xApps.push);
  await w.supY.collection('applications').subscribe('*', yApps.push);
  await w.coordB.collection('applications').subscribe('*', bApps.push);

  const internship = await openInternship(w);
  const form = new FormData();
  form.append('internship', internship.id);
  form.append('statement', 'I build things.');
  form.append('resume', tinyPDF(), 'cv.pdf');
  const app = await w.s1.collection('applications').create(form);
  await waitFor(() => s1Apps.events.length === 1, 5000, 'S1 create event');

  await w.coordA.collection('applications').update(app.id, { status: 'endorsed' });
  await w.supX.collection('applications').update(app.id, { status: 'shortlisted' });
  await w.supX.collection('applications').update(app.id, { status: 'offered' });
  await waitFor(() => s1Apps.events.length === 4 && xApps.events.length === 3, 5000, 'status events');
  await waitFor(() => s1Notes.events.length >= 3, 5000, 'S1 notifications');
  await new Promise((r) => setTimeout(r, 300)); // let strays arrive before checking absences

  assert.deepEqual(s1Apps.events, [`create:${app.id}:submitted`, `update:${app.id}:endorsed`, `update:${app.id}:shortlisted`, `update:${app.id}:offered`]);
  // The host sees the application only from its endorsement on.
  assert.deepEqual(xApps.events, [`update:${app.id}:endorsed`, `update:${app.id}:shortlisted`, `update:${app.id}:offered`]);
  assert.deepEqual(s2Apps.events, []);
  assert.deepEqual(yApps.events, []);
  assert.deepEqual(bApps.events, []);
  assert.deepEqual(s2Notes.events, []);
  const mine = await w.s1.collection('notifications').getFullList();
  assert.ok(mine.some((n) => n.kind === 'application.offered' && n.link === `/applications/${app.id}`));
  assert.ok(mine.every((n) => n.user === w.s1.authStore.record.id));
});

test('the résumé is protected: a file token of a user who may view it', async () => {
  const internship = await openInternship(w);
  const app = await w.s2.collection('applications').create({ internship: internship.id, resume: new File([tinyPDF()], 'resume.pdf', { type: 'application/pdf' }) });
  assert.match(app.resume, /^resume_\w+\.pdf$/);
  const url = (pb, token) => pb.files.getURL(app, app.resume, token ? { token } : {});

  assert.equal((await fetch(url(w.s2))).status, 404, 'no token');
  const own = await fetch(url(w.s2, await w.s2.files.getToken()));
  assert.equal(own.status, 200);
  assert.match(await own.text(), /^%PDF-/);
  // Coordinator of the institution: yes; host before endorsement: no; other tenants: no.
  assert.equal((await fetch(url(w.coordA, await w.coordA.files.getToken()))).status, 200);
  assert.equal((await fetch(url(w.supX, await w.supX.files.getToken()))).status, 404);
  assert.equal((await fetch(url(w.s3, await w.s3.files.getToken()))).status, 404);
  assert.equal((await fetch(url(w.coordB, await w.coordB.files.getToken()))).status, 404);
  await w.coordA.collection('applications').update(app.id, { status: 'endorsed' });
  assert.equal((await fetch(url(w.supX, await w.supX.files.getToken()))).status, 200, 'host after endorsement');
  assert.equal((await fetch(url(w.supY, await w.supY.files.getToken()))).status, 404);
});
