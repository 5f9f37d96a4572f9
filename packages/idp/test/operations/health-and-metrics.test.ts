// /healthz, /readyz and /metrics over real HTTP, and load shedding of the password-check queue.
import { eventually, passwordGate } from '@samlbridge/test-support';
import { verifyPassword } from '@samlbridge/web';
import { expect } from 'chai';
import { type Harness, startIdp } from '../helpers/harness.js';
import { inputValue } from '../helpers/html.js';

describe('IdP health, readiness and metrics', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('answers /healthz and /readyz with every readiness check passing', async () => {
    h = await startIdp();
    const alive = await fetch(`${h.url}/healthz`);
    expect(alive.status).to.equal(200);
    expect(await alive.json()).to.deep.equal({ status: 'alive' });
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({
      status: 'ready',
      checks: { database_writable: 'ok', migrations_applied: 'ok', signing_key_loaded: 'ok' },
    });
  });

  it('labels request durations with the route template, never the raw path, and serves the Prometheus text format', async () => {
    h = await startIdp();
    await fetch(`${h.url}/saml2/talentlms/metadata`);
    await fetch(`${h.url}/saml2/some-secret-looking-name/metadata`);
    await h.client().get('/saml2/talentlms');
    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).to.match(
      /samlbridge_http_request_duration_seconds_count\{app="idp",method="GET",route="\/saml2\/:app\/metadata",status="200"\} 1/,
    );
    expect(text).to.match(/route="\/saml2\/:app\/metadata",status="404"/);
    expect(text).not.to.contain('some-secret-looking-name');
    expect(text).to.match(/samlbridge_certificate_expiry_days\{certificate="signing",app="idp"\} \d+/);
    expect(text).to.match(/samlbridge_outbox_pending\{app="idp"\} 0/);
    expect(text).to.contain('process_cpu_seconds_total');
    expect(text).to.contain('nodejs_eventloop_lag_seconds');
  });

  it('reports days to expiry of the active signing key and of the standby key through a rotation', async () => {
    h = await startIdp();
    const days = async () => {
      const text = await (await fetch(`${h.url}/metrics`)).text();
      const found: Record<string, number> = {};
      for (const m of text.matchAll(/^samlbridge_certificate_expiry_days\{certificate="(\w+)",app="idp"\} (-?\d+)$/gm))
        found[String(m[1])] = Number(m[2]);
      return found;
    };
    const expected = (notAfter: Date) => Math.floor((notAfter.getTime() - Date.now()) / 86_400_000);
    const first = h.idp.keys.active();
    expect(await days()).to.deep.equal({ signing: expected(first.notAfter) });

    const next = await h.idp.keys.generateNext('admin@example.com');
    expect(await days()).to.deep.equal({ signing: expected(first.notAfter), signing_standby: expected(next.notAfter) });

    await h.idp.keys.activate(next.id, 'admin@example.com');
    expect(await days()).to.deep.equal({ signing: expected(next.notAfter), signing_standby: expected(first.notAfter) });
  });

  it('counts SAML sign-ins by application and reason', async () => {
    h = await startIdp();
    await h.client().get('/saml2/no-such-app');
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).to.match(
      /samlbridge_saml_signins_total\{application="no-such-app",result="failure",reason="unknown_application",app="idp"\} 1/,
    );
  });

  it('asks for the bearer token when IDP_METRICS_TOKEN is set', async () => {
    h = await startIdp({ metricsToken: 'scrape-token-123' });
    const refused = await fetch(`${h.url}/metrics`);
    expect(refused.status).to.equal(401);
    expect(refused.headers.get('www-authenticate')).to.equal('Bearer realm="metrics"');
    expect((await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).to.equal(401);
    const ok = await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-123' } });
    expect(ok.status).to.equal(200);
  });

  it('answers a sign-in past the password-check queue at once with 503 and Retry-After, and the queued ones still succeed', async () => {
    const gate = passwordGate(verifyPassword);
    h = await startIdp({ passwordConcurrency: 1, passwordQueueLimit: 1 }, { verifyPassword: gate.verify });
    const forms = await Promise.all(
      [0, 1, 2].map(async () => {
        const client = h.client();
        const token = inputValue(await (await client.get('/login')).text(), '_csrf') ?? '';
        return { client, token };
      }),
    );
    gate.hold();
    const post = (i: number) =>
      forms[i]?.client.post('/login?next=/userconsole/', {
        _csrf: forms[i]?.token ?? '',
        username: 'demo.user',
        password: 'demo-password',
      });
    const first = post(0);
    const second = post(1);
    // One check runs, one waits: the third is refused without waiting.
    await eventually(() => gate.checks >= 1, { what: 'the first password check running' });
    const third = await post(2);
    expect(third?.status).to.equal(503);
    expect(third?.headers.get('retry-after')).to.equal('2');
    expect(await third?.text()).to.contain('The service is busy right now');
    gate.open();
    expect((await first)?.status).to.equal(302);
    expect((await second)?.status).to.equal(302);
  });
});
