// Login throttling under concurrency, over real HTTP on both engines: a burst of parallel wrong passwords gets
// exactly `max` password checks, a right password sent inside the burst does not sign in, and a success gives
// back only its own attempt. Password checks are counted (and held, to keep the burst in flight) through the
// app's injected password verifier.
import { appOnEngine, burst, burstCounts, closing, ENGINES, passwordGate } from '@samlbridge/test-support';
import { verifyPassword } from '@samlbridge/web';
import { expect } from 'chai';
import type { Client } from '../../helpers/client.js';
import { signInThroughForm, startIdp } from '../../helpers/harness.js';
import { inputValue } from '../../helpers/html.js';
import { migratedIdpDatabase } from '../../helpers/scratch-database.js';

const RIGHT = 'right-password';
const LOCKED = 'Too many failed sign-ins for this account';

async function adminPost(client: Client, email: string, password: string): Promise<Response> {
  const page = await (await client.get('/admin/login')).text();
  return client.post('/admin/login', { _csrf: inputValue(page, '_csrf') ?? '', email, password });
}

for (const engine of ENGINES) {
  describe(`IdP sign-in bursts (${engine})`, function () {
    this.timeout(90_000);
    const gate = passwordGate(verifyPassword);
    // Instances sharing one database share the IDP_SECRET_KEY that seals the signing keys; the burst holds every
    // password check at once, so the check pool must be larger than the burst.
    const config = (databaseUrl: string | undefined) => ({
      loginMaxFailuresPerIp: 1000,
      secretKey: 'b'.repeat(64),
      passwordConcurrency: 64,
      ...(databaseUrl ? { databaseUrl } : {}),
    });
    const start = (databaseUrl: string | undefined) => startIdp(config(databaseUrl), { verifyPassword: gate.verify });
    const h = appOnEngine(engine, () => migratedIdpDatabase('idp_bursts'), start);

    const newUser = async (tag: string) => {
      const username = `burst.${tag}.${engine.toLowerCase()}`;
      await h.idp.services.directory.createUser({ username, email: `${username}@example.com`, password: RIGHT });
      return username;
    };
    const newAdmin = async (tag: string) => {
      const email = `burst-${tag}-${engine.toLowerCase()}@example.com`;
      await h.idp.services.admins.ensureAdmin(email, RIGHT);
      return email;
    };

    it('user login: of 30 parallel wrong passwords and a right one sent in the burst, exactly 5 are checked, the right one gets 429 and the account stays locked', async () => {
      const username = await newUser('user');
      const out = await burst(gate, (password) => signInThroughForm(h.client(), '/login', username, password), RIGHT);
      expect(burstCounts(out)).to.deep.equal({ checks: 5, wrong: { 401: 5, 429: 25 }, right: 429 });
      expect(out.right.body).to.contain(LOCKED);
      const after = await signInThroughForm(h.client(), '/login', username, RIGHT);
      expect(after.status, 'locked after the burst').to.equal(429);
    });

    it('admin login: of 30 parallel wrong passwords and a right one sent in the burst, exactly 5 are checked, the right one gets 429 and the account stays locked', async () => {
      const email = await newAdmin('admin');
      const out = await burst(gate, (password) => adminPost(h.client(), email, password), RIGHT);
      expect(burstCounts(out)).to.deep.equal({ checks: 5, wrong: { 303: 5, 429: 25 }, right: 429 });
      expect(out.right.body).to.contain(LOCKED);
      expect((await adminPost(h.client(), email, RIGHT)).status, 'locked after the burst').to.equal(429);
    });

    it('user login: a success gives back only its own attempt, the 4 failures before it still count', async () => {
      const username = await newUser('release');
      for (let i = 0; i < 4; i++) expect((await signInThroughForm(h.client(), '/login', username, 'wrong')).status).to.equal(401);
      expect((await signInThroughForm(h.client(), '/login', username, RIGHT)).status).to.equal(302);
      expect((await signInThroughForm(h.client(), '/login', username, 'wrong')).status, 'the fifth counted attempt').to.equal(401);
      expect((await signInThroughForm(h.client(), '/login', username, RIGHT)).status).to.equal(429);
    });

    it('admin login: a success gives back only its own attempt, the 4 failures before it still count', async () => {
      const email = await newAdmin('release');
      for (let i = 0; i < 4; i++) expect((await adminPost(h.client(), email, 'wrong')).status).to.equal(303);
      expect((await adminPost(h.client(), email, RIGHT)).headers.get('location')).to.equal('/admin/applications');
      expect((await adminPost(h.client(), email, 'wrong')).headers.get('location'), 'the fifth counted attempt').to.match(
        /^\/admin\/login/,
      );
      expect((await adminPost(h.client(), email, RIGHT)).status).to.equal(429);
    });

    if (engine === 'PostgreSQL') {
      it('user login on two instances sharing the database: 30 parallel wrong passwords spread over both get exactly 5 checks', async () => {
        await closing(await start(h.idp.config.databaseUrl), async (second) => {
          const username = await newUser('instances');
          const out = await burst(
            gate,
            (password, i) => signInThroughForm((i % 2 ? second : h).client(), '/login', username, password),
            RIGHT,
          );
          expect(out.checks).to.equal(5);
          expect(out.wrong.filter((s) => s === 429).length).to.equal(25);
          expect(out.right.status).to.equal(429);
          expect((await signInThroughForm(second.client(), '/login', username, RIGHT)).status, 'locked on both').to.equal(429);
          expect((await signInThroughForm(h.client(), '/login', username, RIGHT)).status).to.equal(429);
        });
      });
    }
  });
}
