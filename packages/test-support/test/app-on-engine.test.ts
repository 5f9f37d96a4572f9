import { expect } from 'chai';
import { appOnEngine, type EngineName } from '../src/app-on-engine.js';

/** What appOnEngine did for one suite, in order. */
function recorded(engine: EngineName) {
  const steps: string[] = [];
  const createPostgres = async () => {
    steps.push('create database');
    return { url: 'postgres://scratch/db', drop: async () => void steps.push('drop database') };
  };
  const start = async (databaseUrl: string | undefined) => {
    steps.push(`start on ${databaseUrl ?? 'its SQLite file'}`);
    return { databaseUrl, close: async () => void steps.push('close app') };
  };
  return { steps, app: appOnEngine(engine, createPostgres, start) };
}

describe('appOnEngine', () => {
  describe('on SQLite', () => {
    const { steps, app } = recorded('SQLite');
    after(() => expect(steps.slice(-1), 'closed after the suite').to.deep.equal(['close app']));

    it('starts the app without a database URL and makes no database', () => {
      expect(app.databaseUrl).to.equal(undefined);
      expect(steps).to.deep.equal(['start on its SQLite file']);
    });
  });

  describe('on PostgreSQL', () => {
    const { steps, app } = recorded('PostgreSQL');
    after(() => expect(steps.slice(-2), 'closed, then the database dropped').to.deep.equal(['close app', 'drop database']));

    it('starts the app on a new scratch database', () => {
      expect(app.databaseUrl).to.equal('postgres://scratch/db');
      expect(steps).to.deep.equal(['create database', 'start on postgres://scratch/db']);
    });
  });
});
