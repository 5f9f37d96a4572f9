// The password set when a directory user is created reaches the application in the SCIM create (RFC 7643 §4.1
// `password`), held until then only as SecretBox ciphertext, and recorded as pushed without ever being recorded.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@samlbridge/test-support';
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import type { Idp } from '../../src/index.js';
import { HELD_PASSWORD_TTL_MS } from '../../src/provisioning/planner.js';
import type { FakeScim } from './fake-scim.js';
import { type ScimIdp, startScimIdp } from './scim-idp.js';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const PASSWORD = 'initial-password-for-create';

describe('provisioning the password set at user creation', function () {
  this.timeout(15000);
  const clock = fixedClock(T0);
  let setup: ScimIdp;
  let idp: Idp;
  let scim: FakeScim;
  let appId: string;
  let groupId: string;

  beforeEach(async () => {
    clock.set(T0);
    setup = await startScimIdp({ provisioningRetryBaseMs: 40, provisioningRetryMaxMs: 200, provisioningPollMs: 50 }, { clock });
    ({ idp, scim, appId, groupId } = setup);
    await idp.provisioning.idm.activate(appId, { baseUrl: scim.url, token: scim.token }, 'test');
    await eventually(() => scim.users.size === 1); // the demo user
    await idp.provisioning.worker.idle();
  });
  afterEach(() => setup.close());

  const d = () => idp.services.directory;
  const createdBody = (userName: string) =>
    scim.requests.find((r) => r.method === 'POST' && r.path === '/Users' && r.body.userName === userName)?.body;
  const createEvent = async (userId: string) => (await idp.services.events.list({ type: 'user_create_provision', user: userId })).items[0];

  it('sends it in the SCIM create of a user bound after creation, and records passwordPushed without the password', async () => {
    const user = await d().createUser({ username: 'new.hire', email: 'new.hire@example.com', password: PASSWORD });
    await d().addMember(groupId, user.id);
    const body = await eventually(() => createdBody('new.hire'));
    expect(body).to.include({ userName: 'new.hire', password: PASSWORD });
    const held = await idp.store.pendingPasswords.get(user.id, T0);
    expect(held, 'held sealed (SecretBox v1), never in clear').to.match(/^v1\./);
    expect(held).to.not.include(PASSWORD);
    const event = await eventually(() => createEvent(user.id));
    expect(event).to.include({ success: true });
    expect(event?.detail).to.include({ passwordPushed: true });
    const everything = JSON.stringify(await idp.services.events.list({ limit: 500 }));
    expect(everything).to.not.include(PASSWORD);
    const dir = idp.config.dataDir;
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file)).includes(PASSWORD), `${file} (database, WAL, keys) holds no clear password`).to.equal(false);
    }
  });

  it('sends no password for a user created without one, and says nothing about one', async () => {
    const user = await d().createUser({ username: 'no.password', email: 'no.password@example.com' });
    await d().addMember(groupId, user.id);
    const body = await eventually(() => createdBody('no.password'));
    expect(body).to.not.have.property('password');
    expect((await eventually(() => createEvent(user.id)))?.detail).to.not.have.property('passwordPushed');
  });

  it('holds it for a bounded time: a user bound after it expired is created without a password', async () => {
    const user = await d().createUser({ username: 'late.binding', email: 'late.binding@example.com', password: PASSWORD });
    clock.set(new Date(T0.getTime() + HELD_PASSWORD_TTL_MS));
    expect(await idp.store.pendingPasswords.get(user.id, clock.now())).to.equal(undefined);
    expect((await idp.sweepExpired()).heldPasswords, "this user's and the demo user's").to.equal(2);
    await d().addMember(groupId, user.id);
    expect(await eventually(() => createdBody('late.binding'))).to.not.have.property('password');
  });

  it('a password changed before the first binding is the one sent', async () => {
    const user = await d().createUser({ username: 'changed.first', email: 'changed.first@example.com', password: PASSWORD });
    await d().setPassword(user.id, { password: 'changed-before-binding' });
    await d().addMember(groupId, user.id);
    expect(await eventually(() => createdBody('changed.first'))).to.include({ password: 'changed-before-binding' });
  });
});
