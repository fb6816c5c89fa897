import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../sqlite/database.js';
import type { PgPool } from '../postgres/database.js';
import { unwrapKey, wrapKey, type MasterKeys } from './sealing.js';

/**
 * The households' keys, beside the event store and outside its backups. Erasing a household
 * deletes its key and leaves a tombstone, so no new key is ever made for it.
 */
export interface KeyStore {
  /** The household's key; null when it was erased (or never had personal data). */
  keyFor(householdId: string): Promise<Buffer | null>;
  /** The household's key, made on first use; fails for an erased household. */
  ensureKey(householdId: string): Promise<Buffer>;
  erase(householdId: string): Promise<void>;
  isErased(householdId: string): Promise<boolean>;
  close(): Promise<void>;
}

export class HouseholdErasedError extends Error {
  override readonly name = 'HouseholdErasedError';
}

interface KeyRow {
  wrapped: string | null;
}

/** Keys in a SQLite file of their own (not the event store's file). */
export class SqliteKeyStore implements KeyStore {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly master: MasterKeys,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS household_keys (
      household_id TEXT PRIMARY KEY,
      wrapped TEXT,
      erased_at TEXT
    ) WITHOUT ROWID`);
    this.statements = {
      get: db.prepare<[string], KeyRow>('SELECT wrapped FROM household_keys WHERE household_id = ?'),
      insert: db.prepare('INSERT OR IGNORE INTO household_keys (household_id, wrapped) VALUES (?, ?)'),
      erase: db.prepare(
        `INSERT INTO household_keys (household_id, wrapped, erased_at) VALUES (?, NULL, ?)
         ON CONFLICT (household_id) DO UPDATE SET wrapped = NULL, erased_at = coalesce(household_keys.erased_at, excluded.erased_at)`,
      ),
    };
  }

  async keyFor(householdId: string): Promise<Buffer | null> {
    const row = this.statements.get.get(householdId);
    return row?.wrapped ? unwrapKey(row.wrapped, householdId, this.master) : null;
  }

  async ensureKey(householdId: string): Promise<Buffer> {
    const row = this.statements.get.get(householdId);
    if (row && row.wrapped === null) throw new HouseholdErasedError(`household ${householdId} was erased`);
    if (!row) this.statements.insert.run(householdId, wrapKey(randomBytes(32), householdId, this.master));
    const key = await this.keyFor(householdId);
    if (!key) throw new HouseholdErasedError(`household ${householdId} was erased`);
    return key;
  }

  async erase(householdId: string): Promise<void> {
    this.statements.erase.run(householdId, new Date().toISOString());
    // Overwrite freed pages so the deleted key does not linger in the file.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async isErased(householdId: string): Promise<boolean> {
    const row = this.statements.get.get(householdId);
    return row !== undefined && row.wrapped === null;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Keys in PostgreSQL, shared by every API instance (exclude the table from event backups). */
export class PgKeyStore implements KeyStore {
  constructor(
    private readonly pool: PgPool,
    private readonly master: MasterKeys,
  ) {}

  async keyFor(householdId: string): Promise<Buffer | null> {
    const { rows } = await this.pool.query<KeyRow>('SELECT wrapped FROM household_keys WHERE household_id = $1', [householdId]);
    const wrapped = rows[0]?.wrapped;
    return wrapped ? unwrapKey(wrapped, householdId, this.master) : null;
  }

  async ensureKey(householdId: string): Promise<Buffer> {
    await this.pool.query('INSERT INTO household_keys (household_id, wrapped) VALUES ($1, $2) ON CONFLICT (household_id) DO NOTHING', [
      householdId,
      wrapKey(randomBytes(32), householdId, this.master),
    ]);
    const key = await this.keyFor(householdId);
    if (!key) throw new HouseholdErasedError(`household ${householdId} was erased`);
    return key;
  }

  async erase(householdId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO household_keys (household_id, wrapped, erased_at) VALUES ($1, NULL, now())
       ON CONFLICT (household_id) DO UPDATE SET wrapped = NULL, erased_at = coalesce(household_keys.erased_at, now())`,
      [householdId],
    );
  }

  async isErased(householdId: string): Promise<boolean> {
    const { rows } = await this.pool.query<KeyRow>('SELECT wrapped FROM household_keys WHERE household_id = $1', [householdId]);
    return rows.length > 0 && rows[0]!.wrapped === null;
  }

  async close(): Promise<void> {
    // The pool belongs to the ledger.
  }
}
