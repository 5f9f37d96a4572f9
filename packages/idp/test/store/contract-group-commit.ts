// IdP Store contract, the sign-in's rows written in groups (store/group-commit.ts): the event, the SSO trace and the
// Single Logout participant of many sign-ins at once are all written, each write resolving once its row can be read;
// a row that cannot be written fails only its own write; the later of two participants for one session and
// application is the one kept.
import { expect } from 'chai';
import type { SessionParticipant } from '../../src/store/single-logout-types.js';
import type { SsoTrace } from '../../src/store/sso-traces.js';
import type { Store } from '../../src/store/types.js';
import { at, event } from './fixtures.js';

const SIGN_INS = 25;

function trace(id: string): SsoTrace {
  return {
    id,
    at: at(1),
    application: 'talentlms',
    initiatedBy: 'idp',
    user: 'ann',
    loginFlowId: null,
    outcome: 'success',
    reason: null,
    request: { xml: null, id: null, binding: null, signature: null },
    steps: [{ step: 'issueResponse', outcome: 'ended', note: 'sent the Response' }],
    response: { xml: '<samlp:Response/>', acsUrl: 'https://sp.test/acs', binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST' },
  };
}

function participant(sessionIndex: string, nameId: string, seconds = 1): SessionParticipant {
  return {
    sessionIndex,
    userId: 'u1',
    applicationId: 'a1',
    nameId: { value: nameId, format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
    createdAt: at(seconds),
    expiresAt: at(seconds + 3600),
  };
}

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function groupCommitContract(store: Store) {
  describe('sign-in rows written in groups', () => {
    it('writes the event, trace and participant of every sign-in started at once, each readable once its write resolves', async () => {
      const ids = Array.from({ length: SIGN_INS }, (_, i) => `s${i}`);
      await Promise.all(
        ids.map(async (id, i) => {
          await Promise.all([
            store.singleLogout.recordParticipant(participant(`_session-${id}`, `ann-${id}`)),
            store.events.insert(event(`e-${id}`, i, { detail: { traceId: `t-${id}` } })),
            store.ssoTraces.insert(trace(`t-${id}`)),
          ]);
          // Resolved: committed, so visible to any other reader.
          expect((await store.ssoTraces.get(`t-${id}`))?.id).to.equal(`t-${id}`);
          expect((await store.singleLogout.participantsOfSession(`_session-${id}`)).map((p) => p.nameId.value)).to.deep.equal([
            `ann-${id}`,
          ]);
        }),
      );
      const events = await store.events.list({ type: 'sso_auth', limit: 100, offset: 0 });
      expect(events.items.map((e) => e.id).sort()).to.deep.equal(ids.map((id) => `e-${id}`).sort());
      expect(events.items.find((e) => e.id === 'e-s3')?.detail).to.deep.equal({ traceId: 't-s3' });
    });

    it('fails only the write whose row cannot be written when rows are written together', async () => {
      await store.events.insert(event('taken', 0));
      const outcomes = await Promise.allSettled([
        store.events.insert(event('first', 1)),
        store.events.insert(event('taken', 2)), // the same ID again: refused
        store.events.insert(event('last', 3)),
      ]);
      expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
      const ids = (await store.events.list({ limit: 10, offset: 0 })).items.map((e) => e.id).sort();
      expect(ids).to.deep.equal(['first', 'last', 'taken']);
    });

    it('keeps the later of two participants for one session and application written together', async () => {
      await Promise.all([
        store.singleLogout.recordParticipant(participant('_s1', 'earlier', 1)),
        store.singleLogout.recordParticipant(participant('_s1', 'later', 2)),
      ]);
      const [kept] = await store.singleLogout.participantsOfSession('_s1');
      expect(kept?.nameId.value).to.equal('later');
      expect(kept?.createdAt.getTime()).to.equal(at(2).getTime());
    });

    it('replaces a participant already stored for the session and application with the one written now', async () => {
      await store.singleLogout.recordParticipant(participant('_s1', 'first', 1));
      await Promise.all([
        store.singleLogout.recordParticipant(participant('_s1', 'second', 2)),
        store.singleLogout.recordParticipant(participant('_s2', 'other', 2)),
      ]);
      expect((await store.singleLogout.participantsOfSession('_s1')).map((p) => p.nameId.value)).to.deep.equal(['second']);
      expect((await store.singleLogout.participantsOfSession('_s2')).map((p) => p.nameId.value)).to.deep.equal(['other']);
    });
  });
}
