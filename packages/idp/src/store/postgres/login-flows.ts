import { type PgQueryable, pgJson } from '@samlbridge/web';
import type { LoginFlow } from '../../domain.js';
import type { LoginFlowRepository } from '../types.js';

interface Row {
  id: string;
  application_id: string;
  request: LoginFlow['request'];
  relay_state: string | null;
  created_at: Date;
  expires_at: Date;
}

export function postgresLoginFlows(db: PgQueryable): LoginFlowRepository {
  return {
    async insert(f) {
      await db.query(
        'INSERT INTO login_flows (id, application_id, request, relay_state, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [f.id, f.applicationId, f.request ? pgJson(f.request) : null, f.relayState ?? null, f.createdAt, f.expiresAt],
      );
    },
    async get(id) {
      const { rows } = await db.query<Row>('SELECT * FROM login_flows WHERE id = $1', [id]);
      const r = rows[0];
      if (!r) return undefined;
      return {
        id: r.id,
        applicationId: r.application_id,
        request: r.request ?? null,
        relayState: r.relay_state ?? undefined,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
      };
    },
    async delete(id) {
      // Consume-once across instances: only one DELETE of the row reports it.
      return ((await db.query('DELETE FROM login_flows WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async deleteExpired(now) {
      return (await db.query('DELETE FROM login_flows WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },
  };
}
