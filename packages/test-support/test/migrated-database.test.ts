import { expect } from 'chai';
import { migratedDatabaseFixture } from '../src/migrated-database.js';

describe('migratedDatabaseFixture', () => {
  const steps: string[] = [];
  const engine = {
    open: async () => {
      steps.push('open');
      return { target: 'db-1', drop: async () => void steps.push('drop') };
    },
  };
  const migrate = async (target: string) => {
    steps.push(`migrate ${target}`);
    return { close: async () => void steps.push('close store') };
  };
  const open = async (target: string) => {
    steps.push(`open ${target}`);
    return { target, close: async () => void steps.push('close opened') };
  };

  after(() => {
    expect(steps.slice(-2), 'closed, then dropped after the suite').to.deep.equal(['close opened', 'drop']);
  });

  describe('a suite with the fixture', () => {
    const database = migratedDatabaseFixture(engine, migrate, open);

    it('opens the database after the store has migrated it and been closed', () => {
      expect(database.target).to.equal('db-1');
      expect(steps).to.deep.equal(['open', 'migrate db-1', 'close store', 'open db-1']);
    });
  });
});
