import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../sqlite/database.js';
import type { PgPool } from '../postgres/database.js';
import { unwrapKey, wrapKey, type MasterKeys } from './sealing.js';
import type { LRUCache } from 'lru-cache';
import { boundedCache, stringBytes } from '../boundedCache.js';
import { defaultCacheBounds } from '../config.js';

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

/** How many unwrapped keys a key store keeps in memory at most. */
export const DEFAULT_KEY_CACHE_SIZE = 10_000;

/**
 * How long an unwrapped key may be used without asking PostgreSQL again. This is the bound on
 * erasure across API instances: the instance that erases drops its copy at once, every other
 * instance stops using its copy at most this long after the erasure committed.
 */
export const DEFAULT_SHARED_KEY_TTL_MS = defaultCacheBounds.keys.ttlMs;

/**
 * What one cached key holds in memory: the 32-byte key in a buffer of its own (~100 bytes with
 * the Buffer object), the household id (UTF-16) and the cache's entry (~200 bytes).
 */
function keyEntryBytes(householdId: string): number {
  return 32 + 100 + 200 + stringBytes(householdId);
}

export interface KeyCacheOptions {
  /** Keys kept at most (least recently used go first); 0 turns the cache off. */
  size?: number;
  /** The keys' memory in bytes (see keyEntryBytes); 0 turns the cache off. */
  maxBytes?: number;
  /** How long a cached key is used before it is read again (see DEFAULT_SHARED_KEY_TTL_MS). */
  ttlMs?: number;
  /** The clock for the TTL, in ms (tests). */
  now?: () => number;
}

export type SharedKeyCacheOptions = KeyCacheOptions;

/**
 * Unwrapped household keys, so an append or a read does not read and unwrap (AES-GCM) the key
 * each time. Bounded in bytes and count: the least recently used key goes first. A cached key is
 * never zeroed on eviction or erasure: a caller may still be sealing with it, and must not seal
 * with zeros.
 */
class KeyCache {
  private readonly entries: LRUCache<string, Buffer> | null;

  constructor(options: KeyCacheOptions, defaultTtlMs: number | undefined) {
    const size = options.size ?? DEFAULT_KEY_CACHE_SIZE;
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`key cache size must be a whole number >= 0, not ${size}`);
    const ttlMs = options.ttlMs ?? defaultTtlMs;
    if (ttlMs !== undefined && !(ttlMs > 0)) throw new RangeError(`key cache TTL must be > 0 ms, not ${ttlMs}`);
    this.entries = boundedCache<Buffer>(
      { maxBytes: options.maxBytes ?? defaultCacheBounds.keys.maxBytes, ttlMs, maxEntries: size },
      { bytesOf: (_key, householdId) => keyEntryBytes(householdId), clock: options.now },
    );
  }

  get(householdId: string): Buffer | undefined {
    return this.entries?.get(householdId);
  }

  set(householdId: string, key: Buffer): void {
    if (!this.entries) return;
    // A buffer of its own: a small Buffer.from() slice would keep its whole 8 KB pool alive.
    const own = Buffer.allocUnsafeSlow(key.length);
    key.copy(own);
    this.entries.set(householdId, own);
  }

  delete(householdId: string): void {
    this.entries?.delete(householdId);
  }

  clear(): void {
    this.entries?.clear();
  }
}

interface KeyRow {
  wrapped: string | null;
}

/**
 * Keys in a SQLite file of their own (not the event store's file). Unwrapped keys are cached;
 * erasing drops the household's at once, and when another connection has committed to the file
 * (`PRAGMA data_version` moved: another process, which may have erased) the whole cache goes.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly statements;
  private readonly cache: KeyCache;
  private dataVersion: number;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly master: MasterKeys,
    options: KeyCacheOptions = {},
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
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    // No expiry needed for erasure (whatever another connection commits to the file shows in
    // data_version); a TTL, when configured, only frees the memory of idle households.
    this.cache = new KeyCache(options, undefined);
    this.dataVersion = this.statements.dataVersion.get()!;
  }

  /** Cached keys are only good while no other connection has written the file. */
  private cached(householdId: string): Buffer | undefined {
    const version = this.statements.dataVersion.get()!;
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.cache.clear();
      return undefined;
    }
    return this.cache.get(householdId);
  }

  /** Every statement here is synchronous: no erasure can interleave between the read and the caching. */
  async keyFor(householdId: string): Promise<Buffer | null> {
    const cached = this.cached(householdId);
    if (cached) return cached;
    const row = this.statements.get.get(householdId);
    if (!row?.wrapped) return null;
    const key = unwrapKey(row.wrapped, householdId, this.master);
    this.cache.set(householdId, key);
    return key;
  }

  async ensureKey(householdId: string): Promise<Buffer> {
    const cached = this.cached(householdId);
    if (cached) return cached;
    const row = this.statements.get.get(householdId);
    if (row && row.wrapped === null) throw new HouseholdErasedError(`household ${householdId} was erased`);
    if (!row) {
      const key = randomBytes(32);
      // Ignored when another process made the household's key first: then that one is read below.
      if (this.statements.insert.run(householdId, wrapKey(key, householdId, this.master)).changes === 1) {
        this.cache.set(householdId, key);
        return key;
      }
    }
    const key = await this.keyFor(householdId);
    if (!key) throw new HouseholdErasedError(`household ${householdId} was erased`);
    return key;
  }

  async erase(householdId: string): Promise<void> {
    this.cache.delete(householdId);
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

/**
 * Keys in PostgreSQL, shared by every API instance (exclude the table from event backups).
 *
 * Unwrapped keys are cached for a short while (`ttlMs`, default DEFAULT_SHARED_KEY_TTL_MS = 5 s):
 * an erasure here drops this instance's copy at once; another instance may go on opening and
 * sealing with its copy for at most that long after the erasure committed (what it seals then is
 * unreadable once the copy expires, as the key is gone). Set `ttlMs` lower, or `size: 0`, where
 * that window is too long.
 */
export class PgKeyStore implements KeyStore {
  private readonly cache: KeyCache;
  /** Counts this instance's erasures: a read that overlapped one does not cache what it read. */
  private erasures = 0;

  constructor(
    private readonly pool: PgPool,
    private readonly master: MasterKeys,
    options: SharedKeyCacheOptions = {},
  ) {
    this.cache = new KeyCache(options, DEFAULT_SHARED_KEY_TTL_MS);
  }

  /** The household's row: its key (unwrapped and cached), null when erased, undefined when it has none. */
  private async read(householdId: string): Promise<Buffer | null | undefined> {
    const erasures = this.erasures;
    const { rows } = await this.pool.query<KeyRow>('SELECT wrapped FROM household_keys WHERE household_id = $1', [householdId]);
    if (rows.length === 0) return undefined;
    const wrapped = rows[0]!.wrapped;
    if (!wrapped) return null;
    const key = unwrapKey(wrapped, householdId, this.master);
    // An erasure that began while this read was under way may have committed after it.
    if (erasures === this.erasures) this.cache.set(householdId, key);
    return key;
  }

  async keyFor(householdId: string): Promise<Buffer | null> {
    return this.cache.get(householdId) ?? (await this.read(householdId)) ?? null;
  }

  async ensureKey(householdId: string): Promise<Buffer> {
    const known = this.cache.get(householdId) ?? (await this.read(householdId));
    if (known) return known;
    if (known === null) throw new HouseholdErasedError(`household ${householdId} was erased`);
    const made = randomBytes(32);
    const erasures = this.erasures;
    const inserted = await this.pool.query(
      'INSERT INTO household_keys (household_id, wrapped) VALUES ($1, $2) ON CONFLICT (household_id) DO NOTHING RETURNING household_id',
      [householdId, wrapKey(made, householdId, this.master)],
    );
    if (inserted.rowCount === 1) {
      if (erasures === this.erasures) this.cache.set(householdId, made);
      return made;
    }
    // Another instance made (or erased) it first: read theirs.
    const key = await this.read(householdId);
    if (!key) throw new HouseholdErasedError(`household ${householdId} was erased`);
    return key;
  }

  async erase(householdId: string): Promise<void> {
    this.erasures += 1;
    this.cache.delete(householdId);
    try {
      await this.pool.query(
        `INSERT INTO household_keys (household_id, wrapped, erased_at) VALUES ($1, NULL, now())
         ON CONFLICT (household_id) DO UPDATE SET wrapped = NULL, erased_at = coalesce(household_keys.erased_at, now())`,
        [householdId],
      );
    } finally {
      // Again after the commit: a read that began before it may have cached the key meanwhile.
      this.erasures += 1;
      this.cache.delete(householdId);
    }
  }

  async isErased(householdId: string): Promise<boolean> {
    const { rows } = await this.pool.query<KeyRow>('SELECT wrapped FROM household_keys WHERE household_id = $1', [householdId]);
    return rows.length > 0 && rows[0]!.wrapped === null;
  }

  async close(): Promise<void> {
    // The pool belongs to the ledger.
  }
}
