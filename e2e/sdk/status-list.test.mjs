// Revocation as standard verifiers see it (W3C Bitstring Status List
// v1.0): certificates revoked and superseded through the real API have
// their bits set in /api/ib/status/{list}, decoded by an independent
// implementation (@digitalbazaar/vc-bitstring-status-list), and valid ones
// do not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import { start } from '../lib/server.mjs';
import { makeWorld, isoDay, openInternship, tinyPDF } from '../lib/world.mjs';

let srv, w;
before(async () => { srv = await start(); w = await makeWorld(srv.url); });
after(async () => { await srv?.stop(); });

const b64url = (s) => Buffer.from(s, 'base64url');

/** Verifies a compact JWS (EdDSA) with the key the JWKS publishes for its kid; returns the claims. */
async function verifyJWT(jws) {
  const [h, p, s] = jws.split('.');
  const header = JSON.parse(b64url(h));
  assert.equal(header.alg, 'EdDSA');
  const kid = header.kid.slice(header.kid.lastIndexOf('#') + 1);
  const { keys } = await (await fetch(`${srv.url}/.well-known/jwks.json`)).json();
  const jwk = keys.find((k) => k.kid === kid);
  assert.ok(jwk, `kid ${kid} is in the JWKS`);
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  assert.ok(verify(null, Buffer.from(`${h}.${p}`), key, b64url(s)), 'the signature verifies');
  return JSON.parse(b64url(p));
}

/** Runs a student's placement of internship to completion; returns the student's certificate. */
async function certify(student, internship) {
  const app = await student.collection('applications').create({ internship: internship.id, statement: 'Keen.',
    resume: new File([tinyPDF()], 'cv.pdf', { type: 'application/pdf' }) });
  await w.coordA.collection('applications').update(app.id, { status: 'endorsed' });
  await w.supX.collection('applications').update(app.id, { status: 'shortlisted' });
  await w.supX.collection('applications').update(app.id, { status: 'offered' });
  await student.collection('applications').update(app.id, { status: 'accepted' });
  const placement = await student.collection('placements').getFirstListItem(`application = "${app.id}"`);
  await w.coordA.collection('placements').update(placement.id, { mentor: w.mentorA.authStore.record.id });
  const batch = w.supX.createBatch();
  for (let d = -4; d <= 0; d++) {
    const e = await student.collection('logbook_entries').create({ placement: placement.id, date: isoDay(d), hours: 12,
      activity: `Day ${d + 5}: wrote and tested an endpoint.`, learning: 'Transactions.' });
    batch.collection('logbook_entries').update(e.id, { status: 'approved' });
  }
  await batch.send();
  const [task] = await student.collection('tasks').getFullList({ filter: `internship = "${internship.id}"` });
  const sub = await student.collection('submissions').create({ task: task.id, placement: placement.id,
    files: [new File([tinyPDF()], 'report.pdf', { type: 'application/pdf' })] });
  await w.mentorA.collection('submissions').update(sub.id, { status: 'approved', score: 18 });
  await w.supX.collection('evaluations').create({ placement: placement.id, kind: 'supervisor', submitted: true,
    scores: { attendance: 8, skills: 7, initiative: 9, communication: 8, conduct: 10 } });
  await w.mentorA.collection('evaluations').create({ placement: placement.id, kind: 'mentor', submitted: true,
    scores: { logbook: 9, report: 17, viva: 16 } });
  await w.mentorA.collection('placements').update(placement.id, { status: 'completed' });
  return student.collection('certificates').getFirstListItem(`placement = "${placement.id}"`);
}

/** The BitstringStatusListEntry of a certificate's Open Badges credential. */
async function entryOf(cert) {
  const { credential } = await (await fetch(`${srv.url}/api/ib/credentials/${cert.number}`)).json();
  const status = (await verifyJWT(credential)).credentialStatus;
  assert.equal(status.type, 'BitstringStatusListEntry');
  assert.equal(status.statusPurpose, 'revocation');
  assert.match(status.statusListIndex, /^\d+$/);
  assert.equal(status.id, `${status.statusListCredential}#${status.statusListIndex}`);
  return status;
}

/** Fetches and verifies a status list credential; returns it decoded by the independent implementation. */
async function fetchList(url) {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/vc\+jwt/);
  const age = Number(/^public, max-age=(\d+)$/.exec(res.headers.get('cache-control'))?.[1]);
  assert.ok(age > 0 && age <= 300, `cacheable for at most five minutes: ${res.headers.get('cache-control')}`);
  const vc = await verifyJWT(await res.text());
  assert.deepEqual(vc.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
  assert.equal(vc.id, url);
  assert.equal(vc.credentialSubject.type, 'BitstringStatusList');
  assert.equal(vc.credentialSubject.statusPurpose, 'revocation');
  const list = await BitstringStatusList.decode({ encodedList: vc.credentialSubject.encodedList });
  assert.ok(list.length >= 131072, `at least 131,072 entries: ${list.length}`);
  return list;
}

test('revoked and superseded certificates have their bit set in the status list, valid ones do not', async () => {
  const internship = await openInternship(w, { seats: 2, hours: 60 });
  await w.supX.collection('tasks').create({ internship: internship.id, title: 'Final report', kind: 'final_report',
    required: true, max_score: 20, due_on: isoDay(40) });
  await w.admin.collection('internships').update(internship.id, { starts_on: isoDay(-4) });
  const c1 = await certify(w.s1, internship);
  const c2 = await certify(w.s2, internship);

  const e1 = await entryOf(c1), e2 = await entryOf(c2);
  assert.equal(e1.statusListCredential, e2.statusListCredential);
  assert.notEqual(e1.statusListIndex, e2.statusListIndex);
  let list = await fetchList(e1.statusListCredential);
  assert.equal(list.getStatus(Number(e1.statusListIndex)), false);
  assert.equal(list.getStatus(Number(e2.statusListIndex)), false);

  // The coordinator revokes c1 and reissues c2; the list shows both at once.
  const revoked = await w.coordA.collection('certificates').update(c1.id, { status: 'revoked', revoke_reason: 'Issued to the wrong student.' });
  assert.equal(revoked.status, 'revoked');
  const fresh = await w.coordA.send(`/api/ib/certificates/${c2.id}/reissue`, { method: 'POST' });
  assert.equal(fresh.replaces, c2.id);
  assert.equal((await w.s2.collection('certificates').getOne(c2.id)).status, 'superseded');
  const e3 = await entryOf(fresh);

  list = await fetchList(e1.statusListCredential);
  assert.equal(list.getStatus(Number(e1.statusListIndex)), true, 'the revoked certificate');
  assert.equal(list.getStatus(Number(e2.statusListIndex)), true, 'the superseded certificate');
  assert.equal(list.getStatus(Number(e3.statusListIndex)), false, 'the reissued, valid certificate');

  // Every valid certificate of the platform has its bit clear, every other its bit set.
  for (const c of await w.admin.collection('certificates').getFullList()) {
    const e = await entryOf(c);
    if (e.statusListCredential !== e1.statusListCredential) continue;
    assert.equal(list.getStatus(Number(e.statusListIndex)), c.status !== 'valid', `${c.number} (${c.status})`);
  }

  // An unknown list is 404.
  assert.equal((await fetch(`${srv.url}/api/ib/status/999`)).status, 404);
});
