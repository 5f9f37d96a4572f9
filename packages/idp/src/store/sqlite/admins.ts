import type { SqliteDatabase } from '@samlbridge/web';
import type { Admin } from '../../domain.js';
import type { AdminRepository, ApiKeyRepository } from '../types.js';
import { date, guarded, iso, key } from './util.js';

interface AdminRow {
  id: string;
  email: string;
  password_hash: string;
  created_at: string;
}

const toAdmin = (r: AdminRow): Admin => ({ id: r.id, email: r.email, passwordHash: r.password_hash, createdAt: date(r.created_at) });

export function sqliteAdmins(db: SqliteDatabase): AdminRepository {
  return {
    async insert(a) {
      guarded(() =>
        db
          .prepare('INSERT INTO admins (id, email, email_key, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(a.id, a.email, key(a.email), a.passwordHash, iso(a.createdAt)),
      );
    },
    async findByEmail(email) {
      const r = db.prepare<[string], AdminRow>('SELECT * FROM admins WHERE email_key = ?').get(key(email));
      return r && toAdmin(r);
    },
    async get(id) {
      const r = db.prepare<[string], AdminRow>('SELECT * FROM admins WHERE id = ?').get(id);
      return r && toAdmin(r);
    },
  };
}

export function sqliteApiKeys(db: SqliteDatabase): ApiKeyRepository {
  return {
    async insert(k) {
      guarded(() =>
        db
          .prepare('INSERT INTO api_keys (id, name, key_hash, created_at) VALUES (?, ?, ?, ?)')
          .run(k.id, k.name, k.keyHash, iso(k.createdAt)),
      );
    },
    async findByName(name) {
      const r = db
        .prepare<[string], { id: string; name: string; key_hash: string; created_at: string }>('SELECT * FROM api_keys WHERE name = ?')
        .get(name);
      return r && { id: r.id, name: r.name, keyHash: r.key_hash, createdAt: date(r.created_at) };
    },
    async updateHash(id, keyHash) {
      db.prepare('UPDATE api_keys SET key_hash = ? WHERE id = ?').run(keyHash, id);
    },
    async listHashes() {
      return db
        .prepare<[], { key_hash: string }>('SELECT key_hash FROM api_keys')
        .all()
        .map((r) => r.key_hash);
    },
  };
}
