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
  record(entry: Omit<ReadAuditEntry, 'id'>): Promise<void>;
  list(filter: ReadAuditFilter): Promise<ReadAuditEntry[]>;
}

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

export class SqliteReadAuditLog implements ReadAuditLog {
  private readonly insert;
  private readonly select;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO read_audit (at, household_id, org, role, sub, field, purpose, correlation_id)
       VALUES (@at, @householdId, @org, @role, @sub, @field, @purpose, @correlationId)`,
    );
    this.select = db.prepare<[{ household: string | null; org: string | null; after: number; limit: number }], Row>(
      `SELECT * FROM read_audit WHERE (@household IS NULL OR household_id = @household) AND (@org IS NULL OR org = @org) AND id > @after
       ORDER BY id LIMIT @limit`,
    );
  }

  async record(entry: Omit<ReadAuditEntry, 'id'>): Promise<void> {
    this.insert.run(entry);
  }

  async list(filter: ReadAuditFilter): Promise<ReadAuditEntry[]> {
    return this.select
      .all({ household: filter.householdId ?? null, org: filter.org ?? null, after: filter.afterId ?? 0, limit: filter.limit })
      .map(toEntry);
  }
}

export class PgReadAuditLog implements ReadAuditLog {
  constructor(private readonly pool: PgPool) {}

  async record(e: Omit<ReadAuditEntry, 'id'>): Promise<void> {
    await this.pool.query(
      'INSERT INTO read_audit (at, household_id, org, role, sub, field, purpose, correlation_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [e.at, e.householdId, e.org, e.role, e.sub, e.field, e.purpose, e.correlationId],
    );
  }

  async list(filter: ReadAuditFilter): Promise<ReadAuditEntry[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM read_audit WHERE ($1::text IS NULL OR household_id = $1) AND ($2::text IS NULL OR org = $2) AND id > $3
       ORDER BY id LIMIT $4`,
      [
      filter.householdId ?? null,
      filter.org ?? null,
      filter.afterId ?? 0,
        filter.limit,
      ],
    );
    return rows.map(toEntry);
  }
}
