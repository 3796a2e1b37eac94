// Revocation as standard verifiers see it (W3C Bitstring Status List
// v1.0): every college has its own status lists, issued by the college (the
// list's issuer is its credentials' issuer.id); certificates revoked and
// superseded through the real API have their bits set in their college's
// /api/ib/status/{list}, checked by an independent implementation
// (@digitalbazaar/vc-bitstring-status-list: its decoder, and its
// checkStatus with the issuer match on), and valid ones do not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { BitstringStatusList, checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { start } from '../lib/server.mjs';
import { makeWorld, isoDay, openInternship, certify, signIn, PASSWORD } from '../lib/world.mjs';

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

/** A certificate's Open Badges credential, its VC-JWT verified. */
async function credentialOf(cert) {
  const { credential } = await (await fetch(`${srv.url}/api/ib/credentials/${cert.number}`)).json();
  return verifyJWT(credential);
}

/** The BitstringStatusListEntry of a certificate's Open Badges credential. */
async function entryOf(cert) {
  const status = (await credentialOf(cert)).credentialStatus;
  assert.equal(status.type, 'BitstringStatusListEntry');
  assert.equal(status.statusPurpose, 'revocation');
  assert.match(status.statusListIndex, /^\d+$/);
  assert.equal(status.id, `${status.statusListCredential}#${status.statusListIndex}`);
  return status;
}

/** Fetches a status list credential and verifies its VC-JWT; returns the credential (the claims). */
async function fetchListCredential(url) {
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
  assert.equal(vc.iss, vc.issuer, 'iss is the issuer');
  return vc;
}

/** Fetches and verifies a status list credential; returns it decoded by the independent implementation. */
async function fetchList(url) {
  const vc = await fetchListCredential(url);
  const list = await BitstringStatusList.decode({ encodedList: vc.credentialSubject.encodedList });
  assert.ok(list.length >= 131072, `at least 131,072 entries: ${list.length}`);
  return list;
}

/**
 * The independent implementation's own status check of a certificate's
 * credential: it loads the list through our documentLoader (which verifies
 * the list's VC-JWT against the JWKS) and, with verifyMatchingIssuers, fails
 * unless the list's issuer is the credential's issuer.id.
 */
async function statusOf(cert) {
  const credential = await credentialOf(cert);
  const documentLoader = async (url) => ({ documentUrl: url, document: await fetchListCredential(url) });
  const result = await checkStatus({ credential, documentLoader, verifyBitstringStatusListCredential: false, verifyMatchingIssuers: true });
  assert.equal(result.error, undefined, `checkStatus of ${cert.number}: ${result.error?.message}`);
  assert.equal(result.verified, true);
  return result.results[0].status;
}

test('revoked and superseded certificates have their bit set in their college\'s status list, valid ones do not', async () => {
  const internship = await openInternship(w, { seats: 3, hours: 60 });
  await w.supX.collection('tasks').create({ internship: internship.id, title: 'Final report', kind: 'final_report',
    required: true, max_score: 20, due_on: isoDay(40) });
  const mentorB = { email: `mentor.b.${process.pid}.${Date.now()}@e2e.test`, password: PASSWORD, passwordConfirm: PASSWORD, name: 'mentor b', role: 'mentor' };
  await w.coordB.collection('users').create(mentorB);
  const c1 = await certify(w, { student: w.s1, internship });
  const c2 = await certify(w, { student: w.s2, internship });
  const cB = await certify(w, { student: w.s3, internship, coord: w.coordB, mentor: await signIn(w.url, mentorB.email) });

  // One list per college, issued by the college: the list credential's
  // issuer is exactly the issuer.id of the credentials that point to it.
  const e1 = await entryOf(c1), e2 = await entryOf(c2), eB = await entryOf(cB);
  assert.equal(e1.statusListCredential, e2.statusListCredential);
  assert.notEqual(e1.statusListCredential, eB.statusListCredential, 'the colleges share a list');
  assert.notEqual(e1.statusListIndex, e2.statusListIndex);
  for (const [cert, entry] of [[c1, e1], [cB, eB]]) {
    const cred = await credentialOf(cert);
    const list = await fetchListCredential(entry.statusListCredential);
    assert.equal(list.issuer, cred.issuer.id, `${cert.number}: the list's issuer is the credential's issuer.id`);
    assert.equal(list.iss, cred.iss);
  }
  assert.equal(await statusOf(c1), false);
  assert.equal(await statusOf(cB), false);
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
  assert.equal(e3.statusListCredential, e1.statusListCredential);

  list = await fetchList(e1.statusListCredential);
  assert.equal(list.getStatus(Number(e1.statusListIndex)), true, 'the revoked certificate');
  assert.equal(list.getStatus(Number(e2.statusListIndex)), true, 'the superseded certificate');
  assert.equal(list.getStatus(Number(e3.statusListIndex)), false, 'the reissued, valid certificate');
  assert.equal(await statusOf(c1), true, 'checkStatus of the revoked certificate');
  assert.equal(await statusOf(fresh), false, 'checkStatus of the reissued certificate');

  // College B's list has none of A's revocations: no bit set at all.
  assert.equal(await statusOf(cB), false, 'checkStatus of B\'s certificate');
  const listB = await fetchList(eB.statusListCredential);
  for (let i = 0; i < listB.length; i++) assert.equal(listB.getStatus(i), false, `bit ${i} of B's list`);

  // Every valid certificate of the platform has its bit clear, every other its bit set.
  for (const c of await w.admin.collection('certificates').getFullList()) {
    const e = await entryOf(c);
    if (e.statusListCredential !== e1.statusListCredential) continue;
    assert.equal(list.getStatus(Number(e.statusListIndex)), c.status !== 'valid', `${c.number} (${c.status})`);
  }

  // An unknown list, and a malformed name, are 404.
  const nameA = e1.statusListCredential.slice(e1.statusListCredential.lastIndexOf('/') + 1);
  for (const name of [nameA.replace(/-\d+$/, '-999'), '1', '999', nameA.replace(/-\d+$/, ''), `${w.instA.id}-01`, 'nosuchcollege-1']) {
    assert.equal((await fetch(`${srv.url}/api/ib/status/${name}`)).status, 404, name);
  }
});
