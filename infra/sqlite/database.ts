import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

/**
 * Versioned, idempotent schema migrations for the embedded store (events and read models live
 * in one file). `PRAGMA user_version` records how far the file has been migrated.
 */
const migrations: readonly string[] = [
  `CREATE TABLE events (
     global_position INTEGER PRIMARY KEY AUTOINCREMENT,
     stream_id TEXT NOT NULL,
     revision INTEGER NOT NULL,
     type TEXT NOT NULL,
     v INTEGER NOT NULL,
     data TEXT NOT NULL,
     meta TEXT NOT NULL,
     command_id TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     recorded_ms INTEGER NOT NULL,
     UNIQUE (stream_id, revision)
   );
   CREATE TABLE streams (
     stream_id TEXT PRIMARY KEY,
     revision INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE projection_checkpoints (
     name TEXT PRIMARY KEY,
     position INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE household_overview (
     household_id TEXT PRIMARY KEY,
     revision INTEGER NOT NULL,
     doc TEXT NOT NULL
   ) WITHOUT ROWID;`,
  `CREATE TABLE read_audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     household_id TEXT NOT NULL,
     org TEXT NOT NULL,
     role TEXT NOT NULL,
     sub TEXT NOT NULL,
     field TEXT NOT NULL,
     purpose TEXT,
     correlation_id TEXT NOT NULL
   );
   CREATE INDEX read_audit_household ON read_audit (household_id, id);
   CREATE INDEX read_audit_org ON read_audit (org, id);`,
  `CREATE TABLE household_registrations (
     org TEXT NOT NULL,
     command_id TEXT NOT NULL,
     household_id TEXT NOT NULL,
     PRIMARY KEY (org, command_id)
   ) WITHOUT ROWID;`,
  // The version of the projection that built each read model (projections/projection.ts
  // checkVersion); null for models built before it was recorded, which version 1 built.
  `ALTER TABLE projection_checkpoints ADD COLUMN version INTEGER;`,
  // The household overview item by item (infra/sqlite/overviewLayout.ts, issue 15 item 6): the
  // growing lists move out of each document into a row per item, the head keeps `[]` in their
  // place. A change of storage, not of the fold: the projection's version stays, and a store
  // moves over here, in one transaction, without a rebuild. The lists as of this migration.
  `CREATE TABLE household_overview_items (
     household_id TEXT NOT NULL,
     list TEXT NOT NULL,
     position INTEGER NOT NULL,
     item TEXT NOT NULL,
     PRIMARY KEY (household_id, list, position)
   ) WITHOUT ROWID;
   INSERT INTO household_overview_items (household_id, list, position, item)
     SELECT o.household_id, l.name, j.key, j.value
     FROM household_overview o,
          (SELECT 'claims' AS name UNION ALL SELECT 'measures' UNION ALL SELECT 'moratoria' UNION ALL SELECT 'arrangements'
           UNION ALL SELECT 'signals' UNION ALL SELECT 'complaints' UNION ALL SELECT 'claimStatementRequests'
           UNION ALL SELECT 'incomes' UNION ALL SELECT 'protectedIncomes') l,
          json_each(o.doc, '$.' || l.name) j;
   UPDATE household_overview SET doc = json_replace(doc,
     '$.claims', json('[]'), '$.measures', json('[]'), '$.moratoria', json('[]'), '$.arrangements', json('[]'),
     '$.signals', json('[]'), '$.complaints', json('[]'), '$.claimStatementRequests', json('[]'),
     '$.incomes', json('[]'), '$.protectedIncomes', json('[]'));`,
  // A number every transaction of the event store moves by one (sqliteEventStore.ts GroupCommitter),
  // and a rebuild's switch-over too: a cache of the read models (householdOverviews.ts) that
  // finds it where it was told it is knows that nobody else changed them, whatever other tables
  // (the read audit, the directory) were written; a number it was not told of drops it whole.
  `CREATE TABLE IF NOT EXISTS commit_sequence (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     seq INTEGER NOT NULL
   );
   INSERT OR IGNORE INTO commit_sequence (id, seq) VALUES (1, 0);`,
];

export function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`The database schema is version ${current}, newer than this program knows (${migrations.length})`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

/** Bytes the WAL file is cut back to when a checkpoint has emptied it (it is ~4 MB between checkpoints). */
export const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Opens (creating if needed) the embedded database. An acknowledged command is durable:
 * WAL with synchronous=FULL; speed comes from group commit, never from weaker durability.
 */
export function openSqlite(file: string): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // A rebuild's reading snapshot keeps the WAL from being checkpointed while it runs, so the
    // WAL grows by the size of the new read model (1 GB for 100,000 households); SQLite reuses a
    // WAL file from its start but never shrinks it, so that gigabyte stayed on disk for as long as
    // the server ran. With a limit, the WAL is cut back to it when it is next reset.
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    migrate(db);
    if (file !== ':memory:') probeWritable(db);
    return db;
  } catch (error) {
    db?.close();
    throw new Error(`cannot open ${file} for writing: ${describeOpenError(error)}`, { cause: error });
  }
}

/**
 * SQLite opens a write-protected file read-only without a word, and a file already migrated and
 * in WAL mode needs no write to open: without this, the server would start and refuse every
 * command later. Rewriting the schema version is a real (tiny) commit.
 */
export function probeWritable(db: SqliteDatabase): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.pragma(`user_version = ${version}`);
}

export function describeOpenError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_READONLY' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'it is read-only (check the permissions of the data directory, TOTAALBEELD_DATA_DIR)';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'the disk is full';
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) return 'disk I/O error (is the disk full or failing?)';
  if (code === 'SQLITE_CANTOPEN') return 'the file cannot be opened (does the data directory exist and may this user write it?)';
  return error instanceof Error ? error.message : String(error);
}
