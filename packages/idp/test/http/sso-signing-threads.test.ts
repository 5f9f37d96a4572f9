// SSO Responses are signed on the IdP's own signing thread (IDP_SIGNING_THREADS), not on libuv's threadpool: while
// a burst of password sign-ins holds every pool thread (as scrypt checks do), signed-in users still get their
// signed Responses, and with signing on the main thread (0) the Responses are the same documents.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@samlbridge/test-support';
import { verifyPassword } from '@samlbridge/web';
import { expect } from 'chai';
import type { Client } from '../helpers/client.js';
import { type Harness, SP_ENTITY_ID, signInThroughForm, startIdp } from '../helpers/harness.js';
import { inputValue } from '../helpers/html.js';
import { LIBUV_POOL_SIZE, libuvPoolHold, type PoolHold } from '../helpers/libuv-pool-hold.js';
import { authnRequest, decodeSamlResponse, redirectQuery, verifySignatures } from '../helpers/saml.js';

describe('SSO Responses on the signing thread while password checks hold libuv’s pool', function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  let pool: PoolHold;
  let holding = false;
  let user: Client;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-sso-signing-'));
    pool = libuvPoolHold(dir);
    // Each password check, while `holding`, first takes a pool thread until released (a slow scrypt, in effect).
    const check = async (password: string, stored: string) => {
      if (holding) await pool.take();
      return verifyPassword(password, stored);
    };
    h = await startIdp({ signingThreads: 1, passwordConcurrency: LIBUV_POOL_SIZE }, { verifyPassword: check });
    user = h.client();
    expect((await signInThroughForm(user, '/login?next=/userconsole/')).status).to.equal(302);
  });
  after(async () => {
    holding = false;
    await pool?.release();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sso = async (c: Client) => {
    const request = authnRequest({ destination: `${h.url}/saml2/talentlms`, issuer: SP_ENTITY_ID }).xml;
    const res = await c.get(`/saml2/talentlms?${redirectQuery(request)}`);
    const body = await res.text();
    expect(res.status, body.slice(0, 300)).to.equal(200);
    return decodeSamlResponse(inputValue(body, 'SAMLResponse') ?? '');
  };

  it('answers SSO requests with signed Responses while every pool thread is held by a sign-in burst', async () => {
    holding = true;
    const signIns = Array.from({ length: LIBUV_POOL_SIZE }, () => signInThroughForm(h.client(), '/login'));
    await eventually(() => pool.taken >= LIBUV_POOL_SIZE, { what: 'the burst holds the pool', timeoutMs: 20_000 });
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await sso(user));
    for (const xml of responses) expect(verifySignatures(xml, h.idp.signing.certificatePem)).to.have.members(['Response', 'Assertion']);
    holding = false;
    await pool.release();
    expect((await Promise.all(signIns)).map((r) => r.status)).to.deep.equal(Array(LIBUV_POOL_SIZE).fill(302));
  });
});
