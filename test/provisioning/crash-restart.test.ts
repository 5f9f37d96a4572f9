// Kill the IdP (a child process, SIGKILL) in the middle of a push, restart it on the same data:
// every change arrives, exactly once.

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdp, type Idp } from '@samlbridge/idp';
import { createSp, type Sp } from '@samlbridge/sp-talentlms';
import { eventually, freePort, seedTestSigningKey } from '@samlbridge/test-support';
import { listen, type RunningServer } from '@samlbridge/web';
import { expect } from 'chai';
import { wireDemo } from '../../scripts/wire-demo.js';
import { bundledEntry } from '../support/bundled-entry.js';
import { provisioningSpOptions, SCIM_TOKEN } from './support.js';

const USERS = 300;

describe('provisioning survives an IdP crash mid-push', function () {
  this.timeout(90000);
  let dir: string;
  let sp: Sp;
  let spServer: RunningServer;
  let idp: Idp | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-crash-'));
    const spPort = await freePort();
    sp = await createSp(provisioningSpOptions(spPort, dir));
    spServer = await listen(sp.app, spPort);
  });
  after(async () => {
    await idp?.close();
    await spServer.close();
    await sp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** GET against the SP, retrying transient socket errors (a reused keep-alive socket reset under load). */
  async function spGet<T>(path: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(`${sp.config.baseUrl}/api/scim2${path}`, { headers: { authorization: `Bearer ${SCIM_TOKEN}` } });
        if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      } catch (err) {
        const transient = err instanceof TypeError; // fetch failed: ECONNRESET, socket closed, …
        if (!transient || attempt >= 5) throw err;
        await new Promise((r) => setImmediate(r)); // the next fetch opens a fresh connection
      }
    }
  }
  const total = async () => (await spGet<{ totalResults: number }>('/Users?count=1')).totalResults;

  interface RemoteUser {
    userName: string;
    active: boolean;
    name: { givenName: string; familyName: string; formatted: string };
    displayName: string;
    emails: Array<{ value: string }>;
  }
  async function allRemoteUsers(): Promise<RemoteUser[]> {
    const all: RemoteUser[] = [];
    for (let start = 1; ; start += 100) {
      const page = await spGet<{ totalResults: number; Resources: RemoteUser[] }>(`/Users?startIndex=${start}&count=100`);
      all.push(...page.Resources);
      if (page.Resources.length === 0 || all.length >= page.totalResults) return all;
    }
  }

  /** What the directory holds after the queued updates: every third user renamed, every third re-mailed. */
  const expected = (i: number) => ({
    userName: i % 3 === 0 ? `crash${i}.renamed` : `crash${i}`,
    email: i % 3 === 1 ? `c${i}@new.example.com` : `crash${i}@example.com`,
    firstName: i % 3 === 1 ? `Cee${i}` : 'C',
    lastName: `${i}`,
  });

  it('delivers every queued create and update once after a SIGKILL and a restart', async () => {
    const idpDir = seedTestSigningKey(join(dir, 'idp'));
    const quiet = { dataDir: idpDir, logLevel: 'silent', provisioningWorker: false, provisioningLeaseSeconds: 2 };
    // 1. queue the changes (worker off): activation, USERS new members of the bound group, then
    //    updates of two thirds of them (renames; email and first-name changes)
    const first = await createIdp({ env: {}, config: quiet });
    const { app } = await wireDemo(first, sp);
    await first.provisioning.idm.activate(app.id, { baseUrl: `${sp.config.baseUrl}/api/scim2`, token: SCIM_TOKEN }, 'test');
    const ids: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const u = await first.services.directory.createUser({
        username: `crash${i}`,
        email: `crash${i}@example.com`,
        firstName: 'C',
        lastName: `${i}`,
      });
      await first.services.directory.addMember(app.seeded.groupId, u.id);
      ids.push(u.id);
    }
    for (let i = 0; i < USERS; i++) {
      const e = expected(i);
      if (i % 3 === 0) await first.services.directory.updateUser(ids[i]!, { username: e.userName });
      if (i % 3 === 1) await first.services.directory.updateUser(ids[i]!, { email: e.email, firstName: e.firstName });
    }
    expect((await first.provisioning.idm.get(app.id)).outbox.pending).to.be.greaterThan(USERS + Math.floor((2 * USERS) / 3));
    await first.close();

    // 2. a child IdP pushes, and is killed mid-way
    // The child script bundled (test/support/bundled-entry.ts): plain node starts it without loading tsx.
    const child = fork(await bundledEntry('test/provisioning/idp-worker-child.ts'), [idpDir], { execArgv: [], stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    await eventually(async () => (await total()) >= USERS / 4, { timeoutMs: 30000 });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const atKill = await total();
    expect(atKill).to.be.lessThan(USERS + 1);

    // 3. restart: the rest arrives, nothing twice
    idp = await createIdp({ env: {}, config: { ...quiet, provisioningWorker: true, provisioningPollMs: 50 } });
    await eventually(async () => (await total()) === USERS + 1, { timeoutMs: 60000, maxIntervalMs: 100 });
    await eventually(async () => (await idp!.provisioning.idm.get(app.id)).outbox.pending === 0, { timeoutMs: 30000 });
    expect((await idp.provisioning.idm.get(app.id)).outbox.failed).to.equal(0);

    // every user exactly once at the SP, with every final attribute value
    const remote = await allRemoteUsers();
    expect(remote).to.have.length(USERS + 1);
    const byName = new Map(remote.map((r) => [r.userName, r]));
    for (let i = 0; i < USERS; i++) {
      const e = expected(i);
      const r = byName.get(e.userName);
      expect(r, e.userName).to.not.equal(undefined);
      expect(r!.active, e.userName).to.equal(true);
      expect(r!.emails[0]!.value, e.userName).to.equal(e.email);
      expect(r!.name, e.userName).to.include({ givenName: e.firstName, familyName: e.lastName, formatted: `${e.firstName} ${e.lastName}` });
      expect(r!.displayName, e.userName).to.equal(`${e.firstName} ${e.lastName}`);
    }

    // exactly one user_create_provision success per user; a user whose POST landed just before the
    // kill (no event yet) is found by the retry's lookup and linked, never created twice
    const creates = await eventsOf(idp, 'user_create_provision');
    const lookups = await eventsOf(idp, 'user_lookup_provision');
    let linkedAfterCrash = 0;
    for (const id of ids) {
      const created = creates.filter((e) => e.userId === id).length;
      expect(created, `create events of ${id}`).to.be.at.most(1);
      if (created === 0) {
        expect(
          lookups.some((e) => e.userId === id && e.detail.found === true),
          `lookup found ${id}`,
        ).to.equal(true);
        linkedAfterCrash++;
      }
    }
    expect(linkedAfterCrash).to.be.at.most(4); // at most the worker's concurrency was in flight at the kill
    console.log(`      (killed with ${atKill} of ${USERS + 1} users at the SP; ${linkedAfterCrash} linked by lookup after the crash)`);
  });
});

/** Every successful event of a type (paged). */
async function eventsOf(idp: Idp, type: string): Promise<Array<{ userId: string | null; detail: Record<string, unknown> }>> {
  const all: Array<{ userId: string | null; detail: Record<string, unknown> }> = [];
  for (let offset = 0; ; offset += 500) {
    const page = await idp.services.events.list({ type, success: true, limit: 500, offset });
    all.push(...page.items.map((e) => ({ userId: e.userId, detail: (e.detail ?? {}) as Record<string, unknown> })));
    if (page.items.length < 500) return all;
  }
}
