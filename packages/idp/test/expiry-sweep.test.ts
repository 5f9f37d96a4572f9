// Expired sessions, pending sign-ins and AuthnRequest IDs are deleted: once at start, on a timer, and by idp.sweepExpired().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp, type Idp } from '../src/index.js';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const HOUR = 3600 * 1000;

/** What sweepExpired() reports: `removed` rows of the named kinds, none of the others. */
const swept = (removed: Partial<Record<string, number>>) => ({
  sessions: 0,
  loginFlows: 0,
  authnRequestIds: 0,
  heldPasswords: 0,
  throttleRows: 0,
  events: 0,
  traces: 0,
  invitations: 0,
  singleLogout: 0,
  ...removed,
});

describe('createIdp: sweeping expired sessions, pending sign-ins and AuthnRequest IDs', () => {
  let dir: string;
  const clock = fixedClock(T0);
  const make = () => createIdp({ env: {}, config: { dataDir: dir }, clock, logger: pino({ level: 'silent' }) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-sweep-'));
    clock.set(T0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function addRows(idp: Idp, app: string, expiresAt: Date, id: string) {
    await idp.store.sessions.putSession({ idHash: `session-${id}`, data: {}, expiresAt });
    await idp.store.loginFlows.insert({
      id: `flow-${id}`,
      applicationId: app,
      request: null,
      relayState: undefined,
      createdAt: T0,
      expiresAt,
    });
    await idp.store.authnRequestIds.consume(app, `request-${id}`, expiresAt);
  }

  it('deletes the expired rows, and only them, when the sweep runs after the clock moved past them', async () => {
    const idp = await make();
    try {
      const app = (
        await idp.services.directory.createApplication({ displayLabel: 'Sweep', spEntityId: 's.test', acsUrls: ['https://s.test/acs'] })
      ).id;
      await addRows(idp, app, new Date(T0.getTime() + HOUR), 'soon');
      await addRows(idp, app, new Date(T0.getTime() + 10 * HOUR), 'later');
      expect(await idp.sweepExpired()).to.deep.equal(swept({}));
      clock.advance(2 * HOUR);
      expect(await idp.sweepExpired()).to.deep.equal(swept({ sessions: 1, loginFlows: 1, authnRequestIds: 1 }));
      expect(await idp.store.sessions.getSession('session-soon')).to.equal(undefined);
      expect(await idp.store.loginFlows.get('flow-soon')).to.equal(undefined);
      expect(await idp.store.sessions.getSession('session-later')).to.not.equal(undefined);
      expect(await idp.store.loginFlows.get('flow-later')).to.not.equal(undefined);
      // Swept IDs may be recorded again; live ones may not.
      expect(await idp.store.authnRequestIds.consume(app, 'request-soon', new Date(T0.getTime() + 10 * HOUR))).to.equal(true);
      expect(await idp.store.authnRequestIds.consume(app, 'request-later', new Date(T0.getTime() + 10 * HOUR))).to.equal(false);
    } finally {
      await idp.close();
    }
  });

  it('sweeps once at start: rows that expired while the IdP was down are gone after createIdp', async () => {
    const first = await make();
    const app = (
      await first.services.directory.createApplication({ displayLabel: 'Sweep', spEntityId: 's.test', acsUrls: ['https://s.test/acs'] })
    ).id;
    await addRows(first, app, new Date(T0.getTime() + HOUR), 'old');
    await first.close();
    clock.advance(2 * HOUR);
    const second = await make();
    try {
      expect(await second.store.sessions.getSession('session-old')).to.equal(undefined);
      expect(await second.store.loginFlows.get('flow-old')).to.equal(undefined);
      expect(await second.store.authnRequestIds.consume(app, 'request-old', new Date(T0.getTime() + 10 * HOUR))).to.equal(true);
    } finally {
      await second.close();
    }
  });
});
