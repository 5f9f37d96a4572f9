import type { PgQueryable } from '@samlbridge/web';
import type { Admin, ApiKey } from '../../domain.js';
import type { AdminRepository, ApiKeyRepository } from '../types.js';
import { guarded, key } from './util.js';

interface AdminRow {
  id: string;
  email: string;
  password_hash: string;
  created_at: Date;
}

const toAdmin = (r: AdminRow): Admin => ({ id: r.id, email: r.email, passwordHash: r.password_hash, createdAt: r.created_at });

export function postgresAdmins(db: PgQueryable): AdminRepository {
  return {
    async insert(a) {
      await guarded(() =>
        db.query('INSERT INTO admins (id, email, email_key, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
          a.id,
          a.email,
          key(a.email),
          a.passwordHash,
          a.createdAt,
        ]),
      );
    },
    async findByEmail(email) {
      const { rows } = await db.query<AdminRow>('SELECT * FROM admins WHERE email_key = $1', [key(email)]);
      return rows[0] && toAdmin(rows[0]);
    },
    async get(id) {
      const { rows } = await db.query<AdminRow>('SELECT * FROM admins WHERE id = $1', [id]);
      return rows[0] && toAdmin(rows[0]);
    },
  };
}

interface ApiKeyRow {
  id: string;
  name: string;
  key_hash: string;
  created_at: Date;
}

const toApiKey = (r: ApiKeyRow): ApiKey => ({ id: r.id, name: r.name, keyHash: r.key_hash, createdAt: r.created_at });

export function postgresApiKeys(db: PgQueryable): ApiKeyRepository {
  return {
    async insert(k) {
      await guarded(() =>
        db.query('INSERT INTO api_keys (id, name, key_hash, created_at) VALUES ($1, $2, $3, $4)', [k.id, k.name, k.keyHash, k.createdAt]),
      );
    },
    async findByName(name) {
      const { rows } = await db.query<ApiKeyRow>('SELECT * FROM api_keys WHERE name = $1', [name]);
      return rows[0] && toApiKey(rows[0]);
    },
    async updateHash(id, keyHash) {
      await db.query('UPDATE api_keys SET key_hash = $1 WHERE id = $2', [keyHash, id]);
    },
    async listHashes() {
      const { rows } = await db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys');
      return rows.map((r) => r.key_hash);
    },
  };
}
