// The SP attack-resistance suite: every generated variant is POSTed to the real ACS over HTTP.
// Attacks → the refusal status + reason code + no usable session; legitimate variants → the genuine user.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createResponseSigner } from '@samlbridge/protocol';
import { CookieJar } from '@samlbridge/test-support';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { expectRejected } from '../helpers/expect-rejected.js';
import { baseInput, type Harness, sessionOf, startSp } from '../helpers/harness.js';
import { idpKeys, otherKeys } from '../helpers/keys.js';
import { cloneCertificate } from './clone-certificate.js';
import { type AttackCase, attackCases, type Genuine } from './generator/index.js';

const cases = attackCases();

/** One SP per distinct settings object. */
function settingsKey(c: AttackCase): string {
  return JSON.stringify(c.settings ?? {});
}

function resolveSettings(settings: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(settings ?? {}) };
  if (out.certificatePem === '$IDP_PEM') out.certificatePem = idpKeys().certificatePem;
  return out;
}

describe('ACS attack-resistance suite (generated from genuine IdP Responses)', function () {
  this.timeout(20_000);
  let canary: Server;
  let canaryHits = 0;
  let canaryUrl = '';
  const harnesses = new Map<string, Harness>();
  const clone = cloneCertificate(idpKeys(), otherKeys());

  before(async () => {
    canary = createServer((_req, res) => {
      canaryHits++;
      res.end('<!ENTITY x "pwned">');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    for (const key of new Set(cases.map(settingsKey))) {
      harnesses.set(key, await startSp({ settings: resolveSettings(JSON.parse(key)) }));
    }
  });

  after(async () => {
    for (const h of harnesses.values()) await h.close();
    await new Promise<void>((resolve) => canary.close(() => resolve()));
  });

  function genuineFor(h: Harness): Genuine {
    const signers = new Map<string, ReturnType<typeof createResponseSigner>>();
    const signer = (keys: { privateKeyPem: string; certificatePem: string }) => {
      let s = signers.get(keys.certificatePem);
      if (!s) {
        s = createResponseSigner(keys);
        signers.set(keys.certificatePem, s);
      }
      return s;
    };
    return {
      issue: (o = {}) => signer(idpKeys()).issue(baseInput(h.clock.now(), o)),
      issueWith: (keys, o = {}) => signer(keys).issue(baseInput(h.clock.now(), o)),
      idp: idpKeys(),
      attacker: otherKeys(),
      clone,
      canaryUrl,
      now: h.clock.now(),
    };
  }

  it('covers every family the issue lists', () => {
    const ids = new Set(cases.map((c) => c.id));
    for (const id of ['xsw1', 'xsw2', 'xsw3', 'xsw4', 'xsw5', 'xsw6', 'xsw7', 'xsw8', 'hide-advice', 'hide-status-detail']) {
      expect(ids, id).to.include(id);
    }
    expect(cases.filter((c) => 'reject' in c.expect).length).to.be.greaterThan(50);
    expect(cases.filter((c) => 'accept' in c.expect).length).to.be.greaterThan(10);
    expect(new Set(cases.map((c) => c.id)).size, 'unique ids').to.equal(cases.length);
  });

  for (const c of cases) {
    const verdict =
      'reject' in c.expect
        ? `refuses (${c.expect.reject})`
        : 'accept' in c.expect
          ? `accepts as ${c.expect.accept}`
          : 'accepts the full signed string or refuses';
    it(`${verdict}: ${c.id} — ${c.title}`, async () => {
      const h = harnesses.get(settingsKey(c)) as Harness;
      const g = genuineFor(h);
      let message: string;
      if (c.prime) {
        const { first, replay } = c.prime(g);
        const primed = await h.postAcs(first);
        expect(primed.res.status, primed.body.slice(0, 300)).to.equal(303);
        message = replay(first);
      } else {
        message = (c.build as (g: Genuine) => string)(g);
      }
      const r = await h.postAcs(message, { jar: new CookieJar() });
      if ('reject' in c.expect) {
        await expectRejected(h, r, c.expect.reject, c.expect.status ?? 403);
      } else if ('accept' in c.expect) {
        expect(r.res.status, /data-reason="([^"]+)"/.exec(r.body)?.[1] ?? r.body.slice(0, 200)).to.equal(303);
        expect((await sessionOf(h, r.jar))?.login).to.equal(c.expect.accept);
      } else {
        const { login, reasons } = c.expect.acceptOrReject;
        if (r.res.status === 303) expect((await sessionOf(h, r.jar))?.login).to.equal(login);
        else {
          const reason = /data-reason="([^"]+)"/.exec(r.body)?.[1] ?? '';
          expect(reasons).to.include(reason);
          expect(await sessionOf(h, r.jar)).to.equal(undefined);
        }
      }
    });
  }

  it('never fetched anything from the canary server (XXE, external DTD, XInclude, XSLT)', () => {
    expect(canaryUrl).to.match(/^http:/);
    expect(canaryHits).to.equal(0);
  });
});
