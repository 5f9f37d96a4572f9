import type { SqliteDatabase } from '@samlbridge/web';
import type { LoginFlow } from '../../domain.js';
import type { LoginFlowRepository } from '../types.js';
import { date, iso } from './util.js';

interface Row {
  id: string;
  application_id: string;
  request: string | null;
  relay_state: string | null;
  created_at: string;
  expires_at: string;
}

export function sqliteLoginFlows(db: SqliteDatabase): LoginFlowRepository {
  return {
    async insert(f) {
      db.prepare(
        'INSERT INTO login_flows (id, application_id, request, relay_state, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(f.id, f.applicationId, f.request ? JSON.stringify(f.request) : null, f.relayState ?? null, iso(f.createdAt), iso(f.expiresAt));
    },
    async get(id) {
      const r = db.prepare<[string], Row>('SELECT * FROM login_flows WHERE id = ?').get(id);
      if (!r) return undefined;
      return {
        id: r.id,
        applicationId: r.application_id,
        request: r.request ? (JSON.parse(r.request) as LoginFlow['request']) : null,
        relayState: r.relay_state ?? undefined,
        createdAt: date(r.created_at),
        expiresAt: date(r.expires_at),
      };
    },
    async delete(id) {
      return db.prepare('DELETE FROM login_flows WHERE id = ?').run(id).changes > 0;
    },
    async deleteExpired(now) {
      return db.prepare('DELETE FROM login_flows WHERE expires_at <= ?').run(iso(now)).changes;
    },
  };
}
