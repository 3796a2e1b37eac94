// Sign-up and sign-in for each role, and errors as ClientResponseError with
// the ib_ codes of DESIGN.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ClientResponseError } from 'pocketbase';
import { start } from '../lib/server.mjs';
import { makeWorld, client, signIn, PASSWORD, openInternship } from '../lib/world.mjs';

let srv, w;
before(async () => { srv = await start(); w = await makeWorld(srv.url); });
after(async () => { await srv?.stop(); });

test('every role signs in and sees its own role', async () => {
  for (const [key, role] of [['coordA', 'coordinator'], ['mentorA', 'mentor'], ['supX', 'supervisor'], ['s1', 'student']]) {
    const pb = await signIn(srv.url, w.accounts[key].email);
    assert.equal(pb.authStore.isValid, true);
    assert.equal(pb.authStore.record.role, role);
  }
});

test('a student signs up; other roles cannot', async () => {
  const guest = client(srv.url);
  const ok = await guest.collection('users').create({
    email: `new.${process.pid}@e2e.test`, password: PASSWORD, passwordConfirm: PASSWORD, name: 'New Student',
    role: 'student', institution: w.instA.id, register_no: `NEW-${process.pid}`, semester: 3,
  });
  assert.equal(ok.role, 'student');
  for (const role of ['coordinator', 'mentor', 'supervisor']) {
    await assert.rejects(
      guest.collection('users').create({ email: `${role}.${process.pid}@e2e.test`, password: PASSWORD, passwordConfirm: PASSWORD, name: 'X', role, institution: w.instA.id, organization: w.orgX.id }),
      (err) => err instanceof ClientResponseError && err.status === 400 && err.response.data.role?.code === 'ib_forbidden_field',
    );
  }
});

test('a student cannot promote themselves', async () => {
  await assert.rejects(
    w.s1.collection('users').update(w.s1.authStore.record.id, { role: 'coordinator' }),
    (err) => err instanceof ClientResponseError && err.status === 400 && err.response.data.role?.code === 'ib_forbidden_field',
  );
  const me = await w.s1.collection('users').getOne(w.s1.authStore.record.id);
  assert.equal(me.role, 'student');
});

test('workflow errors carry their ib_ codes', async () => {
  const internship = await openInternship(w, { seats: 1 });
  await w.s2.collection('applications').create({ internship: internship.id, statement: 'Me!' });
  await assert.rejects(w.s2.collection('applications').create({ internship: internship.id }),
    (err) => err instanceof ClientResponseError && err.status === 400 && err.response.data.internship?.code === 'ib_duplicate' && /already applied/.test(err.response.data.internship.message));

  const draft = await w.supX.collection('internships').create({ title: 'Paid', seats: 1, fee: 500, starts_on: internship.starts_on, ends_on: internship.ends_on, apply_by: internship.apply_by, hours: 10 });
  await assert.rejects(w.supX.collection('internships').update(draft.id, { status: 'open' }),
    (err) => err.status === 400 && err.response.data.fee?.code === 'ib_fee');
  await assert.rejects(w.s2.collection('applications').create({ internship: draft.id }),
    (err) => err.status === 400);

  const [app] = await w.s2.collection('applications').getFullList({ filter: `internship = "${internship.id}"` });
  await assert.rejects(w.coordA.collection('applications').update(app.id, { status: 'offered' }),
    (err) => err.status === 400 && err.response.data.status?.code === 'ib_invalid_transition');
  await assert.rejects(w.s2.collection('applications').update(app.id, { status: 'endorsed' }),
    (err) => err.status === 403);
  await assert.rejects(w.s2.collection('applications').update(app.id, { student: w.s1.authStore.record.id }),
    (err) => err.status === 400 && err.response.data.student?.code === 'ib_forbidden_field');
  // The host cannot see it before endorsement (404, not 403).
  await assert.rejects(w.supX.collection('applications').getOne(app.id), (err) => err.status === 404);
  // Nor ask about it through a back-relation filter (DESIGN §2, ib_filter),
  // whatever the operator; a filter on the posting's own fields still works.
  for (const f of [`applications_via_internship.student.name !~ "A%"`, `applications_via_internship.status ?= "submitted"`]) {
    await assert.rejects(w.supX.collection('internships').getList(1, 10, { filter: `id = "${internship.id}" && ${f}` }),
      (err) => err.status === 400 && err.response.data.filter?.code === 'ib_filter');
  }
  const own = await w.supX.collection('internships').getList(1, 10, { filter: w.supX.filter('id = {:id} && organization.name != ""', { id: internship.id }) });
  assert.equal(own.totalItems, 1);
});
