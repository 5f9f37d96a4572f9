// IdP Store contract, per-login SAML traces: written whole, continued by their parked login flow, pruned by age.
import { pruneOlderThan } from '@samlbridge/web';
import { expect } from 'chai';
import { SSO_TRACES_TABLE, type SsoTrace } from '../../src/store/sso-traces.js';
import type { Store } from '../../src/store/types.js';
import { at } from './fixtures.js';

function trace(id: string, seconds: number, extra: Partial<SsoTrace> = {}): SsoTrace {
  return {
    id,
    at: at(seconds),
    application: 'talentlms',
    initiatedBy: 'sp',
    user: null,
    loginFlowId: null,
    outcome: 'pending',
    reason: null,
    request: { xml: '<samlp:AuthnRequest ID="r1"/>', id: 'r1', binding: 'redirect', signature: 'unsigned (signing not required)' },
    steps: [{ step: 'findApplication', outcome: 'passed' }],
    response: null,
    ...extra,
  };
}

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function ssoTracesContract(store: Store) {
  describe('SSO traces', () => {
    it('reads a trace back as written, XML, steps and times included', async () => {
      const t = trace('t1', 10, { user: 'demo.user', loginFlowId: 'flow-1' });
      await store.ssoTraces.insert(t);
      expect(await store.ssoTraces.get('t1')).to.deep.equal(t);
      expect(await store.ssoTraces.get('t2')).to.equal(undefined);
    });

    it('finds a parked trace by its login flow and saves its continuation', async () => {
      await store.ssoTraces.insert(trace('t1', 10, { loginFlowId: 'flow-1' }));
      const parked = await store.ssoTraces.findByLoginFlow('flow-1');
      expect(parked?.id).to.equal('t1');
      const done: SsoTrace = {
        ...(parked as SsoTrace),
        loginFlowId: null,
        outcome: 'success',
        user: 'demo.user',
        steps: [...(parked as SsoTrace).steps, { step: 'issueResponse', outcome: 'ended', note: 'sent the Response' }],
        response: {
          xml: '<samlp:Response ID="x"/>',
          acsUrl: 'https://sp.test/acs',
          binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
        },
      };
      await store.ssoTraces.update(done);
      expect(await store.ssoTraces.get('t1')).to.deep.equal(done);
      expect(await store.ssoTraces.findByLoginFlow('flow-1')).to.equal(undefined);
    });

    it('prunes the traces older than the cutoff, and only them', async () => {
      await store.ssoTraces.insert(trace('old', 10));
      await store.ssoTraces.insert(trace('new', 100));
      expect(await pruneOlderThan(store.maintenance, SSO_TRACES_TABLE, at(50))).to.equal(1);
      expect(await store.ssoTraces.get('old')).to.equal(undefined);
      expect(await store.ssoTraces.get('new')).to.not.equal(undefined);
    });
  });
}
