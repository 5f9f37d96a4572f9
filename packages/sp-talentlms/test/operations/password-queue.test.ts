// Load shedding of the SP's local sign-in: password checks run SP_PASSWORD_CONCURRENCY at a time with at most
// SP_PASSWORD_QUEUE_LIMIT waiting; past that a sign-in is answered at once with 503 + Retry-After ("busy, try
// again"), and the queued ones still sign in. Real HTTP, a gate on the real scrypt check.
import { CookieJar, eventually, passwordGate } from '@samlbridge/test-support';
import { verifyPassword } from '@samlbridge/web';
import { expect } from 'chai';
import { type Harness, startSp } from '../helpers/harness.js';
import { csrfFrom, postForm } from '../security/support.js';

describe('SP password-check queue', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close().catch(() => {});
  });

  it('answers a sign-in past the password-check queue at once with 503 and Retry-After, and the running one still succeeds', async () => {
    const gate = passwordGate(verifyPassword);
    h = await startSp({ config: { passwordConcurrency: 1, passwordQueueLimit: 0 }, verifyPassword: gate.verify });
    const forms = await Promise.all(
      [0, 1].map(async () => {
        const jar = new CookieJar();
        return { jar, token: csrfFrom(await (await h.get('/', jar)).text()) };
      }),
    );
    gate.hold();
    const post = (i: number) => {
      const form = forms[i] as (typeof forms)[number];
      return postForm(h, '/index/login', form.jar, { _csrf: form.token, login: 'admin', password: 'admin-demo-password' });
    };
    const first = post(0);
    // The one check allowed runs (held); no check may wait, so the next sign-in is refused without waiting.
    await eventually(() => gate.checks >= 1, { what: 'the first password check running' });
    const second = await post(1);
    expect(second.status).to.equal(503);
    expect(second.headers.get('retry-after')).to.equal('2');
    expect(await second.text()).to.match(/busy/i);
    expect(gate.checks).to.equal(1);
    gate.open();
    expect((await first).status).to.equal(303);
  });
});
