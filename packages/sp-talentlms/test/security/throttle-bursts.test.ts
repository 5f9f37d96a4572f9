// Local sign-in throttling under concurrency, over real HTTP on both engines: a burst of parallel wrong passwords
// gets exactly `max` password checks, a right password sent inside the burst does not sign in, and a success
// gives back only its own attempt. Password checks are counted (and held, to keep the burst in flight) through
// the SP's injected password verifier.
import { appOnEngine, burst, burstCounts, CookieJar, closing, ENGINES, passwordGate } from '@samlbridge/test-support';
import { hashPassword, verifyPassword } from '@samlbridge/web';
import { expect } from 'chai';
import { DEFAULT_TENANT } from '../../src/tenant.js';
import { type Harness, startSp } from '../helpers/harness.js';
import { migratedSpDatabase } from '../helpers/scratch-database.js';
import { passwordSignIn } from './support.js';

const RIGHT = 'right-password';

for (const engine of ENGINES) {
  describe(`SP local sign-in bursts (${engine})`, function () {
    this.timeout(90_000);
    const gate = passwordGate(verifyPassword);
    const start = (databaseUrl: string | undefined) =>
      startSp({
        // The burst holds every password check at once: the check pool must be larger than the burst.
        config: { loginMaxFailuresPerIp: 1000, passwordConcurrency: 64, ...(databaseUrl ? { databaseUrl } : {}) },
        verifyPassword: gate.verify,
      });
    const h = appOnEngine(engine, () => migratedSpDatabase('sp_bursts'), start);

    const newLearner = async (tag: string) => {
      const login = `burst.${tag}.${engine.toLowerCase()}`;
      await h.sp.store.users.create(
        {
          tenant: DEFAULT_TENANT,
          login,
          email: `${login}@example.com`,
          firstName: 'Burst',
          lastName: tag,
          role: 'learner',
          createdVia: 'local',
          passwordHash: await hashPassword(RIGHT),
        },
        h.clock.now(),
      );
      return login;
    };
    const signIn = (sp: Harness, login: string, password: string) => passwordSignIn(sp, new CookieJar(), login, password);

    it('local login: of 30 parallel wrong passwords and a right one sent in the burst, exactly 5 are checked, the right one gets 429 and the account stays locked', async () => {
      const login = await newLearner('local');
      const out = await burst(gate, (password) => signIn(h, login, password), RIGHT);
      expect(burstCounts(out)).to.deep.equal({ checks: 5, wrong: { 401: 5, 429: 25 }, right: 429 });
      expect(out.right.body).to.contain('Too many failed sign-ins for this account');
      expect((await signIn(h, login, RIGHT)).status, 'locked after the burst').to.equal(429);
    });

    it('local login: a success gives back only its own attempt, the 4 failures before it still count', async () => {
      const login = await newLearner('release');
      for (let i = 0; i < 4; i++) expect((await signIn(h, login, 'wrong')).status).to.equal(401);
      expect((await signIn(h, login, RIGHT)).status).to.equal(303);
      expect((await signIn(h, login, 'wrong')).status, 'the fifth counted attempt').to.equal(401);
      expect((await signIn(h, login, RIGHT)).status).to.equal(429);
    });

    if (engine === 'PostgreSQL') {
      it('local login on two instances sharing the database: 30 parallel wrong passwords spread over both get exactly 5 checks', async () => {
        await closing(await start(h.sp.config.databaseUrl), async (second) => {
          const login = await newLearner('instances');
          const out = await burst(gate, (password, i) => signIn(i % 2 ? second : h, login, password), RIGHT);
          expect(out.checks).to.equal(5);
          expect(out.wrong.filter((s) => s === 429).length).to.equal(25);
          expect(out.right.status).to.equal(429);
          expect((await signIn(second, login, RIGHT)).status, 'locked on both').to.equal(429);
          expect((await signIn(h, login, RIGHT)).status).to.equal(429);
        });
      });
    }
  });
}
