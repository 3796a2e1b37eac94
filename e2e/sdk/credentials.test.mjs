// The certificate as an Open Badges 3.0 VC-JWT, checked by an independent
// JOSE implementation (the npm jose library), not by Internbase's Go code:
// a certificate is reached through the real workflow, both the EdDSA and the
// RS256 tokens verify with the key their kid dereferences to, and the
// issuer id and the credential id dereference as the standard says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { jwtVerify, importJWK, decodeProtectedHeader } from 'jose';
import { start } from '../lib/server.mjs';
import { makeWorld, certify } from '../lib/world.mjs';

let srv, w, cert;
before(async () => {
  srv = await start();
  w = await makeWorld(srv.url);
  cert = await certify(w, { title: 'Credential intern' });
});
after(async () => { await srv?.stop(); });

/** Dereferences a kid URI: fetches the key set it names and picks the key of its fragment. */
async function keyOf(kid, alg) {
  const url = new URL(kid);
  assert.equal(url.origin, srv.url, `kid ${kid} is not on the server`);
  assert.equal(url.pathname, '/.well-known/jwks.json');
  const set = await (await fetch(url)).json();
  const jwk = set.keys.find((k) => k.kid === decodeURIComponent(url.hash.slice(1)));
  assert.ok(jwk, `kid ${kid} is not in the key set`);
  assert.equal(jwk.alg, alg);
  assert.equal(jwk.use, 'sig');
  for (const part of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.ok(!(part in jwk), `the key set publishes ${part}`);
  return importJWK(jwk, alg);
}

async function credential(query = '', accept) {
  const res = await fetch(`${srv.url}/api/ib/credentials/${cert.number}${query}`, accept ? { headers: { Accept: accept } } : {});
  assert.equal(res.status, 200);
  return res;
}

for (const alg of ['EdDSA', 'RS256']) {
  test(`the ${alg} VC-JWT verifies with jose and the key its kid dereferences to`, async () => {
    const body = await (await credential(alg === 'RS256' ? '?alg=RS256' : '')).json();
    assert.equal(body.format, 'vc+jwt');
    const header = decodeProtectedHeader(body.credential);
    assert.equal(header.alg, alg);
    assert.equal(header.typ, 'JWT');
    if (alg === 'EdDSA') assert.equal(header.kid, `${srv.url}/.well-known/jwks.json#${cert.key_id}`);

    const { payload, protectedHeader } = await jwtVerify(body.credential, await keyOf(header.kid, alg), { algorithms: [alg], typ: 'JWT' });
    assert.equal(protectedHeader.alg, alg);
    assert.equal(payload.iss, payload.issuer.id);
    assert.equal(payload.jti, payload.id);
    assert.equal(payload.id, `${srv.url}/api/ib/credentials/${cert.number}`);
    assert.match(payload.credentialSubject.id, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.equal(payload.sub, payload.credentialSubject.id);
    const from = Date.parse(payload.validFrom) / 1000;
    assert.equal(payload.nbf, from);
    assert.equal(payload.iat, from);
    assert.ok(payload.type.includes('OpenBadgeCredential'));
    const [ident] = payload.credentialSubject.identifier;
    assert.equal(ident.identityType, 'emailAddress');
    assert.equal(ident.hashed, true);
    const email = w.s1.authStore.record.email;
    const hash = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email + ident.salt))).toString('hex');
    assert.equal(ident.identityHash, `sha256$${hash}`);
    assert.ok(!JSON.stringify(payload).includes(email), 'the credential shows the email');

    // A changed claim breaks the signature.
    const [h, , s] = body.credential.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, iss: 'https://evil.example' })).toString('base64url')}.${s}`;
    await assert.rejects(jwtVerify(forged, await keyOf(header.kid, alg), { algorithms: [alg] }));
  });
}

test('the credential id answers a JWT client with the bare compact JWS', async () => {
  for (const [accept, type, query] of [['application/vc+jwt', 'application/vc+jwt', ''], ['application/jwt', 'application/jwt', '?alg=RS256']]) {
    const res = await credential(query, accept);
    assert.equal(res.headers.get('content-type'), type);
    const token = await res.text();
    const { alg, kid } = decodeProtectedHeader(token);
    const { payload } = await jwtVerify(token, await keyOf(kid, alg), { algorithms: [alg] });
    assert.equal(payload.jti, `${srv.url}/api/ib/credentials/${cert.number}`);
  }
  const json = await credential('', 'application/json');
  assert.match(json.headers.get('content-type'), /^application\/json/);
  assert.equal((await json.json()).format, 'vc+jwt');
});

test('issuer.id dereferences to the institution\'s issuer Profile', async () => {
  const { credential: token } = await (await credential()).json();
  const { iss } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url'));
  const res = await fetch(iss);
  assert.equal(res.status, 200);
  const profile = await res.json();
  assert.equal(profile.id, iss);
  assert.deepEqual(profile.type, ['Profile']);
  assert.equal(profile.name, cert.institution_name);
  assert.ok(profile['@context'].includes('https://www.w3.org/ns/credentials/v2'));
  assert.equal((await fetch(`${srv.url}/api/ib/issuers/nosuchinstitut`)).status, 404);
});
