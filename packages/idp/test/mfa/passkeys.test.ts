// The passkey ceremonies on the server (mfa/passkeys.ts), with a software authenticator: the RP ID and origin of
// IDP_BASE_URL, user verification required, each challenge taken once, the signature counter and events stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createPasskeyService, type PasskeyService } from '../../src/mfa/passkeys.js';
import { createEventService } from '../../src/services/events.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';

const BASE_URL = 'https://idp.example.test:8443';
const ORIGIN = 'https://idp.example.test:8443';

describe('Passkey ceremonies (server side)', () => {
  let dir: string;
  let store: Store;
  let passkeys: PasskeyService;
  let n = 0;
  const clock = { now: () => new Date() };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'idp-passkeys-'));
    store = await createStore({ kind: 'sqlite', file: join(dir, `idp-${++n}.db`) });
    passkeys = createPasskeyService({
      store,
      clock,
      events: createEventService(store, clock),
      baseUrl: BASE_URL,
      rpName: 'samlbridge',
      who: async (owner) => ({ name: owner === 'user:u1' ? 'ada' : 'someone', userId: owner.slice(5) }),
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function registered(auth = new SoftAuthenticator(ORIGIN)) {
    const options = await passkeys.registrationOptions('user:u1', 'ada', 'Ada Lovelace');
    const result = await passkeys.register('user:u1', auth.create(options), 'Laptop', '127.0.0.1');
    expect(result.ok, JSON.stringify(result)).to.equal(true);
    return auth;
  }

  const events = async (type: string) => (await store.events.list({ type: type as never, limit: 50, offset: 0 })).items;

  it('asks for a discoverable credential with user verification, for the RP ID of IDP_BASE_URL', async () => {
    const options = await passkeys.registrationOptions('user:u1', 'ada', 'Ada Lovelace');
    expect(options.rp.id).to.equal('idp.example.test');
    expect(options.authenticatorSelection).to.include({ residentKey: 'required', userVerification: 'required' });
    expect(Buffer.from(options.user.id, 'base64url').toString()).to.equal('user:u1');
  });

  it('registers a passkey: a named webauthn factor with public data only, and an mfa_enrol event', async () => {
    const auth = await registered();
    const [factor] = await store.mfa.listFactors('user:u1');
    expect(factor).to.include({ kind: 'webauthn', name: 'Laptop', secretSealed: null });
    expect(factor?.data).to.include({ credentialId: auth.credentialId.toString('base64url'), counter: 0 });
    const [enrol] = await events('mfa_enrol');
    expect(enrol).to.include({ success: true, resource: 'user:u1' });
    expect(enrol?.detail).to.include({ factor: 'webauthn', name: 'Laptop' });
  });

  it('registers several passkeys per person: each excluded from the next registration, all allowed at sign-in', async () => {
    const first = await registered();
    const options = await passkeys.registrationOptions('user:u1', 'ada', 'Ada');
    expect(options.excludeCredentials?.map((c) => c.id)).to.deep.equal([first.credentialId.toString('base64url')]);
    const second = new SoftAuthenticator(ORIGIN);
    expect((await passkeys.register('user:u1', second.create(options), 'Phone', 'ip')).ok).to.equal(true);
    const factors = await store.mfa.listFactors('user:u1');
    expect(factors.map((f) => f.name).sort()).to.deep.equal(['Laptop', 'Phone']);
    const login = await passkeys.authenticationOptions('user:u1');
    expect(login.allowCredentials).to.have.length(2);
    expect((await passkeys.authenticate('user:u1', second.get(login), 'ip')).ok).to.equal(true);
  });

  it('says what is wrong when the browser sent no passkey (no JavaScript)', async () => {
    expect(await passkeys.authenticate('user:u1', '', 'ip')).to.deep.include({ ok: false, reason: 'passkey_invalid' });
    const result = await passkeys.register('user:u1', '', 'X', 'ip');
    expect(result.ok === false && result.message).to.match(/JavaScript/);
  });

  it('refuses a registration answering a challenge already used (replay)', async () => {
    const auth = new SoftAuthenticator(ORIGIN);
    const options = await passkeys.registrationOptions('user:u1', 'ada', 'Ada');
    const response = auth.create(options);
    expect((await passkeys.register('user:u1', response, 'One', 'ip')).ok).to.equal(true);
    const replay = await passkeys.register('user:u1', response, 'Two', 'ip');
    expect(replay).to.include({ ok: false, reason: 'passkey_invalid' });
    expect(await store.mfa.listFactors('user:u1')).to.have.length(1);
  });

  it('refuses a registration from another origin', async () => {
    const options = await passkeys.registrationOptions('user:u1', 'ada', 'Ada');
    const result = await passkeys.register('user:u1', new SoftAuthenticator(ORIGIN).create(options, 'https://evil.example'), 'X', 'ip');
    expect(result).to.include({ ok: false, reason: 'passkey_invalid' });
    expect(await store.mfa.listFactors('user:u1')).to.have.length(0);
    const [failure] = await events('mfa_enrol');
    expect(failure).to.include({ success: false, reason: 'passkey_invalid' });
  });

  it('refuses a registration without user verification', async () => {
    const options = await passkeys.registrationOptions('user:u1', 'ada', 'Ada');
    const auth = new SoftAuthenticator(ORIGIN, { up: true, uv: false });
    expect(await passkeys.register('user:u1', auth.create(options), 'X', 'ip')).to.include({ ok: false });
  });

  it('refuses a challenge issued to another person', async () => {
    const options = await passkeys.registrationOptions('user:u2', 'bob', 'Bob');
    expect(await passkeys.register('user:u1', new SoftAuthenticator(ORIGIN).create(options), 'X', 'ip')).to.include({ ok: false });
  });

  it('verifies an assertion as a second factor, stores the new counter and the last use, and records mfa_verify', async () => {
    const auth = await registered();
    const options = await passkeys.authenticationOptions('user:u1');
    expect(options.userVerification).to.equal('required');
    expect(options.allowCredentials?.map((c) => c.id)).to.deep.equal([auth.credentialId.toString('base64url')]);
    const result = await passkeys.authenticate('user:u1', auth.get(options), 'ip');
    expect(result.ok).to.equal(true);
    const [factor] = await store.mfa.listFactors('user:u1');
    expect(factor?.data).to.include({ counter: 1 });
    expect(factor?.lastUsedAt).to.be.instanceOf(Date);
    const [verify] = await events('mfa_verify');
    expect(verify).to.include({ success: true });
    expect(verify?.detail).to.include({ factor: 'webauthn' });
  });

  it('refuses a replayed assertion (its challenge was taken), recording a failed mfa_verify', async () => {
    const auth = await registered();
    const response = auth.get(await passkeys.authenticationOptions('user:u1'));
    expect((await passkeys.authenticate('user:u1', response, 'ip')).ok).to.equal(true);
    expect(await passkeys.authenticate('user:u1', response, 'ip')).to.include({ ok: false, reason: 'passkey_invalid' });
    const failed = (await events('mfa_verify')).filter((e) => !e.success);
    expect(failed).to.have.length(1);
  });

  it('refuses an assertion made for another origin', async () => {
    const auth = await registered();
    const options = await passkeys.authenticationOptions('user:u1');
    const result = await passkeys.authenticate('user:u1', auth.get(options, 'https://idp.example.test.evil.example'), 'ip');
    expect(result).to.include({ ok: false, reason: 'passkey_invalid' });
  });

  it('refuses an assertion whose signature counter went backwards (a cloned authenticator)', async () => {
    const auth = await registered();
    expect((await passkeys.authenticate('user:u1', auth.get(await passkeys.authenticationOptions('user:u1')), 'ip')).ok).to.equal(true);
    auth.counter = 0;
    const result = await passkeys.authenticate('user:u1', auth.get(await passkeys.authenticationOptions('user:u1')), 'ip');
    expect(result).to.include({ ok: false });
  });

  it('usernameless: the user handle names the person; a removed passkey is refused', async () => {
    const auth = await registered();
    const options = await passkeys.authenticationOptions(null);
    expect(options.allowCredentials ?? []).to.have.length(0);
    const result = await passkeys.authenticate(null, auth.get(options), 'ip');
    expect(result).to.include({ ok: true, owner: 'user:u1' });
    const [factor] = await store.mfa.listFactors('user:u1');
    await store.mfa.deleteFactor('user:u1', factor?.id ?? '');
    const again = await passkeys.authenticate(null, auth.get(await passkeys.authenticationOptions(null)), 'ip');
    expect(again).to.include({ ok: false, reason: 'passkey_unknown' });
  });

  it('refuses a second-factor challenge answered as a usernameless one', async () => {
    const auth = await registered();
    const options = await passkeys.authenticationOptions('user:u1');
    expect(await passkeys.authenticate(null, auth.get(options), 'ip')).to.include({ ok: false });
  });
});
