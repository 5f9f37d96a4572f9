// IdP Store contract, concurrent units of work: bodies that await real I/O (an event-loop turn, a
// file read, an HTTP round trip), writes made outside meanwhile, rollbacks. Each unit commits or
// rolls back exactly as asked and never takes a write made outside it along.

import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SamlbridgeError } from '@samlbridge/errors';
import { expect } from 'chai';
import type { Group } from '../../src/domain.js';
import type { Store } from '../../src/store/types.js';
import { rejection, T0 } from './fixtures.js';

const group = (name: string): Group => ({ id: name, name, description: '', createdAt: T0 });

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function transactionsContract(store: Store) {
  let server: Server;
  let url: string;
  before(async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  /** One piece of real I/O, of three kinds in turn: an event-loop turn, a file read, an HTTP round trip. */
  async function io(i: number): Promise<void> {
    if (i % 3 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    else if (i % 3 === 1) await readFile(fileURLToPath(import.meta.url));
    else await (await fetch(url, { headers: { connection: 'close' } })).text();
  }

  const names = async () => (await store.groups.list({ limit: 1000, offset: 0 })).items.map((g) => g.name).sort();

  describe('concurrent units of work', () => {
    it('commits or rolls back each of 20 concurrent units that await real I/O, and keeps every write made outside them', async () => {
      const rollsBack = (i: number) => i % 4 === 3;
      const outside: Promise<void>[] = [];
      const units = Array.from({ length: 20 }, (_, i) => {
        outside.push(store.groups.insert(group(`before-${i}`)));
        return store.transaction(async (tx) => {
          await tx.groups.insert(group(`unit-${i}-a`));
          await io(i);
          // Not awaited here: issued while this unit is open, it must neither join it nor be lost.
          outside.push(store.groups.insert(group(`during-${i}`)));
          await tx.transaction(async (inner) => inner.groups.insert(group(`unit-${i}-b`)));
          await io(i + 1);
          if (rollsBack(i)) throw new SamlbridgeError('asked_to_roll_back', `unit ${i} rolls back`);
          return i;
        });
      });
      const settled = await Promise.allSettled(units);
      await Promise.all(outside);

      const outcomes = settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message));
      expect(outcomes).to.deep.equal(Array.from({ length: 20 }, (_, i) => (rollsBack(i) ? `unit ${i} rolls back` : i)));
      const expected = Array.from({ length: 20 }, (_, i) => [
        `before-${i}`,
        `during-${i}`,
        ...(rollsBack(i) ? [] : [`unit-${i}-a`, `unit-${i}-b`]),
      ]).flat();
      expect(await names()).to.deep.equal(expected.sort());
    });

    it('keeps a write made outside while a unit of work that then rolls back is open', async () => {
      let outside: Promise<void> | undefined;
      const failure = await rejection(
        store.transaction(async (tx) => {
          await tx.groups.insert(group('inside'));
          outside = store.groups.insert(group('outside'));
          await io(2);
          throw new SamlbridgeError('asked_to_roll_back', 'roll back');
        }),
      );
      await outside;
      expect(failure.code).to.equal('asked_to_roll_back');
      expect(await names()).to.deep.equal(['outside']);
    });
  });
}
