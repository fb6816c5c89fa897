import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { PgKeyStore, SqliteKeyStore, type KeyCacheOptions, type KeyStore } from './crypto/keyStore.js';
import { developmentSecret } from './secret.js';
import { deriveMasterKeys, type MasterKeys } from './crypto/sealing.js';
import { SealingEventStore } from './crypto/sealingEventStore.js';
import { PersonalDataVault } from './crypto/vault.js';
import { createHouseholdDecider, type HouseholdCommand } from '../domain/household/decider.js';
import type { ParameterTable } from '../domain/parameters.js';
import { CommandHandler, type HandledCommand } from './commandHandler.js';
import { defaultCacheBounds, type CacheBounds, type Config } from './config.js';
import type { EventStore } from './eventStore.js';
import { openPostgres } from './postgres/database.js';
import { PgEventStore } from './postgres/pgEventStore.js';
import { PgHouseholdOverviews } from './postgres/pgHouseholdOverviews.js';
import type { HouseholdDirectory } from './households.js';
import { PgHouseholdDirectory } from './postgres/pgHouseholdDirectory.js';
import type { OverviewReader } from './readModels.js';
import { PgReadAuditLog, SqliteReadAuditLog, type ReadAuditLog } from './readAudit.js';
import { SqliteHouseholdDirectory } from './sqlite/sqliteHouseholdDirectory.js';
import { describeOpenError, openSqlite, probeWritable, type SqliteDatabase } from './sqlite/database.js';
import { SqliteHouseholdOverviews } from './sqlite/householdOverviews.js';
import { SqliteEventStore } from './sqlite/sqliteEventStore.js';
import { WalCheckpointer } from './sqlite/walCheckpointer.js';
import { WorkerCommitter } from './sqlite/workerCommitter.js';
import { SqliteRegistrations } from './sqlite/sqliteRegistrations.js';
import { PgRegistrations } from './postgres/pgRegistrations.js';
import type { RegistrationIndex } from './registrations.js';
import { HouseholdQueries } from '../queries/householdQueries.js';
import { householdStream } from './streams.js';

/** What runs commands: the command handler, or a wrapper around it (e.g. one that publishes). */
export interface Commands {
  handle(householdId: string, command: HouseholdCommand): Promise<HandledCommand>;
}

/**
 * Everything behind the API: the store (opening personal data with the households' keys), the
 * command handler, the read models (holding personal data sealed), the queries over them and
 * the vault of keys. The API reaches only commands, queries and the services beside them
 * (api/context.ts); `store` and `overviews` are for the CLIs and tests.
 */
export interface Ledger {
  store: EventStore;
  commands: Commands;
  queries: HouseholdQueries;
  overviews: OverviewReader;
  households: HouseholdDirectory;
  registrations: RegistrationIndex;
  vault: PersonalDataVault;
  audit: ReadAuditLog;
  parameters: ParameterTable;
  close(): Promise<void>;
}

export interface LedgerOptions {
  /** Master secret for the households' keys and BSN hashes (TOTAALBEELD_KEY_SECRET); random when absent (tests). */
  keySecret?: string;
  /** Bounds of the in-memory caches (TOTAALBEELD_CACHE_*); the defaults when absent. */
  caches?: CacheBounds;
  /**
   * The embedded store: where its group commit runs. 'worker': a worker thread owning the
   * write connection (infra/sqlite/workerCommitter.ts), so the append, the overview fold and
   * the fsync leave the event loop, and the read audit and the registrations write through it;
   * 'thread' (the default): on the event loop. A `:memory:` database is one connection, always
   * 'thread'. Not the default yet: on the shared 2-core machine (load 3-4.5) the worker halved
   * the event loop's CPU per command but did not pay reliably in throughput (BENCHMARKS.md,
   * 5 December, "Commit worker"); a quiet A/B decides (bench/commandPath.ts --commit-on).
   */
  commitOn?: 'worker' | 'thread';
}

export const KEYS_FILE = 'keys.sqlite';

export interface EmbeddedLedger extends Ledger {
  overviews: SqliteHouseholdOverviews;
}

export const DATABASE_FILE = 'totaalbeeld.sqlite';

export function databaseFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

export function masterKeys(options: LedgerOptions): MasterKeys {
  return deriveMasterKeys(options.keySecret ?? randomBytes(32).toString('base64url'));
}

interface LedgerParts<O extends OverviewReader> {
  /** The store as it holds events: personal data sealed. */
  log: EventStore;
  keys: KeyStore;
  master: MasterKeys;
  overviews: O;
  households: HouseholdDirectory;
  registrations: RegistrationIndex;
  audit: ReadAuditLog;
  parameters: ParameterTable;
  close: () => Promise<void>;
  caches?: CacheBounds | undefined;
}

/** A ledger from its parts: commands decide on the log through the sealing store. */
export function assembleLedger<O extends OverviewReader>(parts: LedgerParts<O>): Ledger & { overviews: O } {
  const store = new SealingEventStore(parts.log, parts.keys);
  const caches = parts.caches ?? defaultCacheBounds;
  return {
    store,
    commands: new CommandHandler(store, createHouseholdDecider(parts.parameters), { cache: caches.commandStates }),
    queries: new HouseholdQueries({ overviews: parts.overviews, events: store, parameters: parts.parameters }),
    overviews: parts.overviews,
    households: parts.households,
    registrations: parts.registrations,
    vault: new PersonalDataVault(parts.keys, parts.master, { openedCache: caches.opened }),
    audit: parts.audit,
    parameters: parts.parameters,
    close: parts.close,
  };
}

/**
 * The embedded ledger: events and read models in one SQLite file (`:memory:` for tests); the
 * households' keys in a file of their own beside it, outside the event store's backups.
 */
export function openEmbeddedLedger(file: string, parameters: ParameterTable, options: LedgerOptions = {}): EmbeddedLedger {
  const db: SqliteDatabase = openSqlite(file);
  let keysDb: Database.Database;
  let master: MasterKeys;
  try {
    master = masterKeys(options);
    keysDb = file === ':memory:' ? new Database(':memory:') : openKeysFile(join(dirname(file), KEYS_FILE));
  } catch (error) {
    db.close();
    throw error;
  }
  const caches = options.caches ?? defaultCacheBounds;
  const keys = new SqliteKeyStore(keysDb, master, keyCacheOptions(caches));
  const overviews = new SqliteHouseholdOverviews(db, { cache: caches.overviews });
  try {
    overviews.checkVersion();
  } catch (error) {
    db.close();
    keysDb.close();
    throw error;
  }
  // With the worker, the file's other writers (the read audit, the registrations) write through
  // it too: on this connection they would wait here, in SQLite's busy handler (sleeps of 1 to
  // 100 ms), for a write lock the worker takes again right after each commit. The household
  // directory writes the keys file, which only this thread opens.
  const worker = file !== ':memory:' && (options.commitOn ?? 'thread') === 'worker' ? new WorkerCommitter({ file, overviewCache: caches.overviews }) : null;
  const write = worker ? (sql: string, rows: ReadonlyArray<Record<string, unknown> | readonly unknown[]>) => worker.write(sql, rows) : undefined;
  const log = worker ? new SqliteEventStore(db, [], { remote: { committer: worker, observers: [overviews] } }) : new SqliteEventStore(db, [overviews]);
  // On the event loop's connection the WAL checkpoints move to a thread (the commit worker's
  // connection keeps SQLite's own: it is off the event loop already).
  const checkpointer = worker ? null : WalCheckpointer.start(db);
  return assembleLedger({
    log,
    keys,
    master,
    overviews,
    households: new SqliteHouseholdDirectory(db, keysDb),
    registrations: new SqliteRegistrations(db, write),
    audit: new SqliteReadAuditLog(db, write),
    parameters,
    caches,
    close: async () => {
      await checkpointer?.close();
      await log.close();
      await keys.close();
    },
  });
}

/** The key stores' cache: its bytes and TTL (on PostgreSQL the bound on erasure across instances). */
export function keyCacheOptions(caches: CacheBounds): KeyCacheOptions {
  return { maxBytes: caches.keys.maxBytes, ttlMs: caches.keys.ttlMs };
}

function openKeysFile(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Deleted keys are overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    probeWritable(db);
    return db;
  } catch (error) {
    db?.close();
    throw new Error(`cannot open ${path} for writing: ${describeOpenError(error)}`, { cause: error });
  }
}

/** One server with PostgreSQL: events and read models in one database, written in one transaction. */
export async function openPostgresLedger(
  connectionString: string,
  parameters: ParameterTable,
  options: LedgerOptions & { schema?: string } = {},
): Promise<Ledger & { overviews: PgHouseholdOverviews }> {
  const pool = await openPostgres({ connectionString, ...(options.schema ? { schema: options.schema } : {}) });
  const master = masterKeys(options);
  const overviews = new PgHouseholdOverviews(pool, { cache: (options.caches ?? defaultCacheBounds).overviews });
  try {
    await overviews.checkVersion();
  } catch (error) {
    await pool.end();
    throw error;
  }
  const log = new PgEventStore(pool, [overviews]);
  return assembleLedger({
    log,
    keys: new PgKeyStore(pool, master, keyCacheOptions(options.caches ?? defaultCacheBounds)),
    master,
    overviews,
    households: new PgHouseholdDirectory(pool),
    registrations: new PgRegistrations(pool, async (id) => (await log.readStream(householdStream(id))).length > 0),
    audit: new PgReadAuditLog(pool),
    parameters,
    caches: options.caches,
    close: () => log.close(),
  });
}

export async function openLedger(config: Config, parameters: ParameterTable): Promise<Ledger> {
  const keySecret = config.keySecret ?? developmentSecret(config.dataDir, 'key-secret');
  switch (config.store) {
    case 'sqlite':
      return openEmbeddedLedger(databaseFile(config.dataDir), parameters, { keySecret, caches: config.caches, commitOn: config.sqliteCommit });
    case 'postgres':
      return openPostgresLedger(config.databaseUrl!, parameters, { keySecret, caches: config.caches });
    case 'eventstoredb': {
      const { openEventStoreDbLedger } = await import('./eventstoredb/ledger.js');
      return openEventStoreDbLedger(config.eventStoreUrl!, config.databaseUrl!, parameters, { keySecret, caches: config.caches });
    }
  }
}
