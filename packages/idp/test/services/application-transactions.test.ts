// Multi-step application writes are all or nothing (store.transaction): a failure midway changes nothing.
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import type { Group } from '../../src/domain.js';
import { createApplicationDirectory } from '../../src/services/directory-applications.js';
import { createStore } from '../../src/store/index.js';
import type { ApplicationRepository, Store } from '../../src/store/types.js';
import { T0 } from '../store/fixtures.js';

/** The store, with `applications[method]` throwing on its `nth` call (inside transactions too). */
function failingOn(store: Store, method: keyof ApplicationRepository, nth: number): Store {
  let calls = 0;
  const wrap = (repo: ApplicationRepository): ApplicationRepository => ({
    ...repo,
    [method]: async (...args: unknown[]) => {
      calls += 1;
      if (calls === nth) throw new Error(`injected failure of applications.${method}`);
      return (repo[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  });
  return {
    ...store,
    applications: wrap(store.applications),
    transaction: (fn) => store.transaction((tx) => fn({ ...tx, applications: wrap(tx.applications) })),
  };
}

describe('services: application writes are all or nothing', () => {
  let store: Store;
  let ids: string[];
  let groups: Group[];
  const directory = (s: Store) => createApplicationDirectory(s, fixedClock(T0), 'http://idp.test');

  beforeEach(async () => {
    store = await createStore({ kind: 'sqlite', file: ':memory:' });
    const dir = directory(store);
    ids = [];
    for (const name of ['one', 'two', 'three']) ids.push((await dir.createApplication({ displayLabel: name, name })).id);
    groups = [];
    for (const name of ['g1', 'g2', 'g3']) {
      const group = { id: `id-${name}`, name, description: '', createdAt: T0 };
      await store.groups.insert(group);
      groups.push(group);
    }
  });
  afterEach(() => store.close());

  it('deletes no application when the second delete fails', async () => {
    const dir = directory(failingOn(store, 'delete', 2));
    const err = await dir.deleteApplications({ ids, count: 3 }).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error);
    for (const id of ids) expect(await store.applications.get(id), id).to.not.equal(undefined);
  });

  it('deletes nothing when one ID is unknown (404)', async () => {
    const err = await directory(store)
      .deleteApplications({ ids: [ids[0], 'unknown-id'], count: 2 })
      .catch((e: { status: number }) => e);
    expect(err).to.include({ status: 404 });
    expect(await store.applications.get(ids[0] as string)).to.not.equal(undefined);
  });

  it('keeps the previous groups of an application when binding the new ones fails midway', async () => {
    const [g1, g2, g3] = groups.map((g) => g.id) as [string, string, string];
    const app = ids[0] as string;
    await store.applications.bindGroup(app, g1);
    const dir = directory(failingOn(store, 'bindGroup', 2));
    expect(await dir.setApplicationGroups(app, [g2, g3]).catch((e: Error) => e)).to.be.instanceOf(Error);
    expect(await store.applications.listBoundGroupIds(app)).to.deep.equal([g1]);
  });

  it('keeps the previous applications of a group when binding the new ones fails midway', async () => {
    const [a1, a2, a3] = ids as [string, string, string];
    const group = (groups[0] as Group).id;
    await store.applications.bindGroup(a1, group);
    const dir = directory(failingOn(store, 'bindGroup', 2));
    expect(await dir.setGroupApplications(group, [a2, a3]).catch((e: Error) => e)).to.be.instanceOf(Error);
    expect(await store.applications.listBoundApplicationIds(group)).to.deep.equal([a1]);
  });
});
