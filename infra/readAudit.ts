import type { PgPool } from './postgres/database.js';
import type { SqliteDatabase } from './sqlite/database.js';

/**
 * Every read of a household's personal data (policy §8): who, when, which household, which
 * fields, and the stated purpose. Append-only.
 */
export interface ReadAuditEntry {
  id: number;
  at: string;
  householdId: string;
  org: string;
  role: string;
  sub: string;
  field: string;
  purpose: string | null;
  correlationId: string;
}

export interface ReadAuditFilter {
  householdId?: string;
  org?: string;
  /** Entries with a larger id only (paging). */
  afterId?: number;
  limit: number;
}

export interface ReadAuditLog {
  /** Resolves once the entry is durably stored; a read must not be answered before, nor when it rejects. */
  record(entry: Omit<ReadAuditEntry, 'id'>): Promise<void>;
  list(filter: ReadAuditFilter): Promise<ReadAuditEntry[]>;
}

type NewEntry = Omit<ReadAuditEntry, 'id'>;

interface Row {
  id: number;
  at: string;
  household_id: string;
  org: string;
  role: string;
  sub: string;
  field: string;
  purpose: string | null;
  correlation_id: string;
}

function toEntry(r: Row): ReadAuditEntry {
  return { id: Number(r.id), at: r.at, householdId: r.household_id, org: r.org, role: r.role, sub: r.sub, field: r.field, purpose: r.purpose, correlationId: r.correlation_id };
}

/** Entries per transaction; more wait for the next one. PostgreSQL: 8 parameters a row, well under its 65,535. */
export const MAX_AUDIT_BATCH = 512;

const TEXT_FIELDS = ['at', 'householdId', 'org', 'role', 'sub', 'field', 'correlationId'] as const;

/** A malformed entry fails its own read at once, instead of failing the batch it would join. */
function assertEntry(entry: NewEntry): void {
  for (const name of TEXT_FIELDS) {
    if (typeof entry[name] !== 'string') throw new TypeError(`read audit entry without ${name}`);
  }
  if (entry.purpose !== null && typeof entry.purpose !== 'string') throw new TypeError('read audit entry with a purpose that is not text');
}

interface Waiting {
  entry: NewEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for audit records: the entries that arrive while a batch is being written (or
 * within one turn of the event loop) are written together, in the order they arrived, in one
 * transaction, so one fsync serves them all. Every caller's promise settles after that commit:
 * resolved when it committed, rejected (all of them) when it did not.
 */
class AuditBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private writing = false;

  constructor(private readonly write: (batch: readonly NewEntry[]) => void | Promise<void>) {}

  add(entry: NewEntry): Promise<void> {
    try {
      assertEntry(entry);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    // While a batch is being written, the next one gathers; it starts when that one settles.
    if (this.scheduled || this.writing || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.waiting.splice(0, MAX_AUDIT_BATCH);
    this.writing = true;
    try {
      await this.write(batch.map((w) => w.entry));
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    } finally {
      this.writing = false;
      this.schedule();
    }
    for (const w of batch) w.resolve();
  }
}

const SQLITE_INSERT = `INSERT INTO read_audit (at, household_id, org, role, sub, field, purpose, correlation_id)
       VALUES (@at, @householdId, @org, @role, @sub, @field, @purpose, @correlationId)`;

/**
 * Runs `sql` for each row in one durable transaction elsewhere: the embedded store's commit
 * worker (infra/sqlite/workerCommitter.ts), which owns the file's write lock.
 */
export type SqliteRemoteWrite = (sql: string, rows: ReadonlyArray<Record<string, unknown>>) => Promise<unknown>;

export class SqliteReadAuditLog implements ReadAuditLog {
  private readonly insert;
  private readonly select;
  private readonly batcher: AuditBatcher;

  /** `remote`: each batch is written by the commit worker (its fsync off the event loop); else on `db`. */
  constructor(
    private readonly db: SqliteDatabase,
    remote?: SqliteRemoteWrite,
  ) {
    this.insert = db.prepare(SQLITE_INSERT);
    this.select = db.prepare<[{ household: string | null; org: string | null; after: number; limit: number }], Row>(
      `SELECT * FROM read_audit WHERE (@household IS NULL OR household_id = @household) AND (@org IS NULL OR org = @org) AND id > @after
       ORDER BY id LIMIT @limit`,
    );
    // Durability as configured on the file (synchronous=FULL): one transaction, one fsync, per batch.
    // IMMEDIATE as the event store's group commit: the write lock up front, so no SQLITE_BUSY on upgrade.
    this.batcher = new AuditBatcher((batch) => {
      if (remote) return remote(SQLITE_INSERT, batch).then(() => undefined);
      this.db
        .transaction(() => {
          for (const entry of batch) this.insert.run(entry);
        })
        .immediate();
    });
  }

  record(entry: NewEntry): Promise<void> {
    return this.batcher.add(entry);
  }

  async list(filter: ReadAuditFilter): Promise<ReadAuditEntry[]> {
    return this.select
      .all({ household: filter.householdId ?? null, org: filter.org ?? null, after: filter.afterId ?? 0, limit: filter.limit })
      .map(toEntry);
  }
}

export class PgReadAuditLog implements ReadAuditLog {
  private readonly batcher: AuditBatcher;

  constructor(private readonly pool: PgPool) {
    // One multi-row INSERT per batch: one statement is one transaction, one WAL flush at commit.
    this.batcher = new AuditBatcher(async (batch) => {
      const values: unknown[] = [];
      const rows = batch.map((e, i) => {
        values.push(e.at, e.householdId, e.org, e.role, e.sub, e.field, e.purpose, e.correlationId);
        const p = i * 8;
        return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8})`;
      });
      // The ids (bigserial) follow the VALUES list, so the log keeps the order the reads were recorded in.
      await this.pool.query(`INSERT INTO read_audit (at, household_id, org, role, sub, field, purpose, correlation_id) VALUES ${rows.join(', ')}`, values);
    });
  }

  record(entry: NewEntry): Promise<void> {
    return this.batcher.add(entry);
  }

  async list(filter: ReadAuditFilter): Promise<ReadAuditEntry[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM read_audit WHERE ($1::text IS NULL OR household_id = $1) AND ($2::text IS NULL OR org = $2) AND id > $3
       ORDER BY id LIMIT $4`,
      [filter.householdId ?? null, filter.org ?? null, filter.afterId ?? 0, filter.limit],
    );
    return rows.map(toEntry);
  }
}
