// Adaptive concurrency over real HTTP: an SP that serves a limited number of creates at once and answers 429 past
// it, whose capacity drops from 8 to 2 and comes back. The IdP's window follows it: few refusals while the capacity
// is low (a fixed 16 in flight would be refused most of the time), more requests in flight again once it is back,
// and every user is created exactly once, without a failed event or a counted attempt.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, seedTestSigningKey } from '@samlbridge/test-support';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp, type Idp, seedDemo } from '../../src/index.js';
import { outboxAttempts } from './outbox-attempts.js';

/** How long the SP takes to serve one create. */
const SERVICE_MS = 15;
const TOKEN = 'capacity-token';

interface Phase {
  capacity: number;
  accepted: number;
  refused: number;
  maxInFlight: number;
}

/** A SCIM SP serving at most `capacity` creates at once (429 past it); the capacity follows `plan` (creates done → capacity). */
async function capacitySp(plan: Array<[number, number]>) {
  const users = new Map<string, string>();
  const phases: Phase[] = [];
  let inFlight = 0;
  const phase = () => {
    const capacity = [...plan].reverse().find(([from]) => users.size >= from)?.[1] ?? 1;
    let p = phases.at(-1);
    if (!p || p.capacity !== capacity) {
      p = { capacity, accepted: 0, refused: 0, maxInFlight: 0 };
      phases.push(p);
    }
    return p;
  };
  const read = async (req: IncomingMessage) => {
    let text = '';
    for await (const c of req) text += c;
    return text ? JSON.parse(text) : undefined;
  };
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/scim+json', ...headers });
      res.end(json === undefined ? '' : JSON.stringify(json));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { detail: 'bad token' });
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/Users') {
      const p = phase();
      if (inFlight >= p.capacity) {
        p.refused++;
        return send(429, { status: '429', detail: 'busy' }, { 'retry-after': '0' });
      }
      inFlight++;
      p.maxInFlight = Math.max(p.maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, SERVICE_MS)); // the SP's work
      inFlight--;
      if ([...users.values()].includes(body.userName)) return send(409, { status: '409', scimType: 'uniqueness', detail: 'taken' });
      const id = String(users.size + 1);
      users.set(id, body.userName);
      p.accepted++;
      return send(201, { ...body, id });
    }
    if (path === '/ServiceProviderConfig') return send(200, { patch: { supported: true } });
    if (req.method === 'GET') return send(200, { totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    if (req.method === 'POST') return send(201, { ...body, id: `g${Date.now()}` });
    return send(200, body ?? {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    users,
    phases,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('adaptive concurrency against an SP whose capacity changes (HTTP)', function () {
  this.timeout(60_000);
  let dir: string;
  let idp: Idp;
  let sp: Awaited<ReturnType<typeof capacitySp>>;
  afterEach(async () => {
    await idp?.close();
    await sp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends few requests past a capacity that dropped, and more again once it is back', async () => {
    const USERS = 120;
    sp = await capacitySp([
      [0, 8],
      [20, 2],
      [70, 8],
    ]);
    dir = seedTestSigningKey(mkdtempSync(join(tmpdir(), 'idp-aimd-')));
    idp = await createIdp({
      env: {},
      config: { dataDir: dir, logLevel: 'silent', provisioningConcurrency: 16, provisioningPollMs: 20, secretKey: 'c'.repeat(64) },
      logger: pino({ level: 'silent' }),
    });
    const app = await seedDemo(idp, { spBaseUrl: 'http://sp.test', spEntityId: 'sp.test', spAcsUrl: 'http://sp.test/acs' });
    const d = idp.services.directory;
    const group = await d.createGroup({ name: 'Capacity' });
    for (let i = 1; i < USERS; i++) {
      const u = await d.createUser({ username: `cap${i}`, email: `cap${i}@example.com` });
      await d.addMember(group.id, u.id);
    }
    await d.bindGroup(app.id, group.id);
    await idp.provisioning.idm.activate(app.id, { baseUrl: sp.url, token: TOKEN }, 'test');
    await eventually(() => sp.users.size === USERS, { timeoutMs: 50_000, what: 'every user created' });
    await idp.provisioning.worker.idle();

    expect(new Set(sp.users.values()).size).to.equal(USERS);
    const failed = (await idp.services.events.list({ success: false, limit: 100 })).items.filter((e) => e.type.endsWith('_provision'));
    expect(failed).to.deep.equal([]);
    expect(await outboxAttempts(idp)).to.include({ attempts: 0, failed: 0 });

    const [, low, back] = sp.phases;
    expect(sp.phases.map((p) => p.capacity)).to.deep.equal([8, 2, 8]);
    // Capacity 2: the window halves on the first refusals, then grows by about one per round trip until refused again.
    const refusedShare = low!.refused / (low!.accepted + low!.refused);
    expect(refusedShare, JSON.stringify(sp.phases)).to.be.below(0.5); // a fixed 16 in flight: about 0.85
    // Capacity back to 8: the window grows past what capacity 2 allowed.
    expect(back!.maxInFlight, JSON.stringify(sp.phases)).to.be.at.least(4);
  });
});
