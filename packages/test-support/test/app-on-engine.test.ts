import { expect } from 'chai';
import { appOnEngine } from '../src/app-on-engine.js';

describe('appOnEngine', () => {
  const steps: string[] = [];
  const createPostgres = async () => {
    steps.push('create database');
    return { url: 'postgres://scratch/db', drop: async () => void steps.push('drop database') };
  };
  const start = async (databaseUrl: string | undefined) => {
    steps.push(`start on ${databaseUrl ?? 'its SQLite file'}`);
    return { databaseUrl, close: async () => void steps.push('close app') };
  };

  after(() => {
    expect(steps).to.deep.equal([
      'start on its SQLite file',
      'close app',
      'create database',
      'start on postgres://scratch/db',
      'close app',
      'drop database',
    ]);
  });

  describe('on SQLite', () => {
    const app = appOnEngine('SQLite', createPostgres, start);
    it('starts the app without a database URL and makes no database', () => {
      expect(app.databaseUrl).to.equal(undefined);
    });
  });

  describe('on PostgreSQL', () => {
    const app = appOnEngine('PostgreSQL', createPostgres, start);
    it('starts the app on a new scratch database', () => {
      expect(app.databaseUrl).to.equal('postgres://scratch/db');
    });
  });
});
