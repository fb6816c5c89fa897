import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import { openEmbeddedLedger } from '../../infra/ledger.js';
import { MAX_AUDIT_BATCH, PgReadAuditLog, SqliteReadAuditLog, type ReadAuditEntry } from '../../infra/readAudit.js';
import { openSqlite, type SqliteDatabase } from '../../infra/sqlite/database.js';
import { createTestApi, expectNoErrors, type TestApi } from '../support/api.js';
import { pgPoolsPerTest, postgresUnavailable } from '../support/postgres.js';

/**
 * The read audit's group commit: reads recorded at the same time share one transaction (one
 * fsync), each caller is answered only after that commit, and when it fails every caller of
 * the batch is refused, so no read of personal data is answered unrecorded.
 */

type NewEntry = Omit<ReadAuditEntry, 'id'>;

function entry(i: number, overrides: Partial<NewEntry> = {}): NewEntry {
  return {
    at: '2025-03-20T10:00:00.000+01:00',
    householdId: `h-${i % 7}`,
    org: `ORG-${i % 3}`,
    role: 'COUNSELLOR',
    sub: `user-${i}`,
    field: 'claims',
    purpose: i % 2 === 0 ? 'TOEGANG' : null,
    correlationId: `corr-${i}`,
    ...overrides,
  };
}

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-audit-'));
  dirs.push(dir);
  return join(dir, 'totaalbeeld.sqlite');
}
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Makes every batch holding an entry with field 'boom' fail, as a full disk fails a commit. */
const FAIL_ON_BOOM = `CREATE TRIGGER audit_boom BEFORE INSERT ON read_audit WHEN NEW.field = 'boom'
  BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`;

describe('the read audit on SQLite', () => {
  const open: SqliteDatabase[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
  });
  function sqlite(file = ':memory:'): SqliteDatabase {
    const db = openSqlite(file);
    open.push(db);
    return db;
  }

  it('stores reads recorded at the same time in one transaction per batch, in the order they were recorded', async () => {
    const db = sqlite();
    const audit = new SqliteReadAuditLog(db);
    const transactions = vi.spyOn(db, 'transaction');
    const n = 2 * MAX_AUDIT_BATCH + 100;
    await Promise.all(Array.from({ length: n }, (_, i) => audit.record(entry(i))));

    expect(transactions).toHaveBeenCalledTimes(3);
    const stored = await audit.list({ limit: 10_000 });
    expect(stored.map((e) => e.correlationId)).toEqual(Array.from({ length: n }, (_, i) => `corr-${i}`));
    expect(stored[1]).toEqual({ id: stored[0]!.id + 1, ...entry(1) });
    const ids = stored.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('records one read alone in one transaction as before', async () => {
    const db = sqlite();
    const audit = new SqliteReadAuditLog(db);
    const transactions = vi.spyOn(db, 'transaction');
    await audit.record(entry(1));
    await audit.record(entry(2));
    expect(transactions).toHaveBeenCalledTimes(2);
    expect((await audit.list({ limit: 10 })).map((e) => e.sub)).toEqual(['user-1', 'user-2']);
  });

  it('answers a caller only once its record is committed', async () => {
    const file = tempFile();
    const db = sqlite(file);
    const audit = new SqliteReadAuditLog(db);
    const other = new Database(file, { readonly: true });
    const count = () => other.prepare<[], { n: number }>('SELECT count(*) AS n FROM read_audit').get()!.n;
    try {
      let answered = false;
      const recorded = audit.record(entry(1)).then(() => {
        answered = true;
        // Another connection sees it: it was committed before the caller heard back.
        expect(count()).toBe(1);
      });
      await Promise.resolve();
      expect(answered).toBe(false);
      expect(count()).toBe(0);
      await recorded;
      expect(answered).toBe(true);
    } finally {
      other.close();
    }
  });

  it('refuses every caller of a batch whose commit fails, stores none of it, and goes on with the next batch', async () => {
    const db = sqlite();
    const audit = new SqliteReadAuditLog(db);
    db.exec(FAIL_ON_BOOM);
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => audit.record(entry(i, i === 13 ? { field: 'boom' } : {}))));
    expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill('rejected'));
    for (const o of outcomes) expect((o as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringMatching(/simulated/) });
    expect(await audit.list({ limit: 100 })).toEqual([]);

    // Reads recorded after the failure are written again.
    await Promise.all([audit.record(entry(100)), audit.record(entry(101))]);
    expect((await audit.list({ limit: 100 })).map((e) => e.sub)).toEqual(['user-100', 'user-101']);
  });

  it('refuses a malformed entry alone, before it could fail the batch it would join', async () => {
    const db = sqlite();
    const audit = new SqliteReadAuditLog(db);
    const malformed = { ...entry(2), sub: undefined } as unknown as NewEntry;
    const outcomes = await Promise.allSettled([audit.record(entry(1)), audit.record(malformed), audit.record(entry(3))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await audit.list({ limit: 10 })).map((e) => e.sub)).toEqual(['user-1', 'user-3']);
  });
});

describe('a read of personal data whose audit record cannot be written', () => {
  let api: TestApi | undefined;
  afterEach(async () => {
    // Not api.close(): it fails on any internal error, and this test causes one on purpose.
    await api?.ledger.close();
    api = undefined;
  });

  it('is refused and answers no personal data; once the audit writes again, reads are answered and recorded', async () => {
    const file = tempFile();
    api = createTestApi(openEmbeddedLedger(file, defaultParameters));
    const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    const cjib = await api.tokenFor('CREDITOR', 'CJIB');
    const { householdId } = await api.registerHousehold(counsellor);
    await api.registerClaim(cjib, householdId, { description: 'Boete Jan de Vries' });
    const READ = `query ($id: ID!) { household(id: $id) { claims { description } } }`;

    const admin = new Database(file);
    try {
      admin.exec(FAIL_ON_BOOM.replace("WHEN NEW.field = 'boom'", ''));
      const refused = await api.gql(counsellor, READ, { id: householdId });
      // An internal error (the store failed), not a rule's code; the client learns no more than that.
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(refused)).not.toContain('Boete Jan de Vries');
      expect(refused.data?.['household'] ?? null).toBeNull();
      admin.exec('DROP TRIGGER audit_boom');
    } finally {
      admin.close();
    }
    const answered = await api.gql(counsellor, READ, { id: householdId });
    expectNoErrors(answered);
    expect(JSON.stringify(answered.data)).toContain('Boete Jan de Vries');
    // CJIB's registerClaim answer (its reference and description), then the counsellor's read; not the refused one.
    expect((await api.ledger.audit.list({ householdId, limit: 10 })).map((e) => `${e.org} ${e.field}`)).toEqual(['CJIB claims', 'GEM-UTRECHT claims']);
  });
});

describe.skipIf(postgresUnavailable !== null)('the read audit on PostgreSQL', () => {
  const pool = pgPoolsPerTest();
  const inserts = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.filter(([sql]) => String(sql).startsWith('INSERT INTO read_audit')).length;

  it('stores reads recorded at the same time with one multi-row INSERT per batch, in order', async () => {
    const p = await pool();
    const audit = new PgReadAuditLog(p);
    const query = vi.spyOn(p, 'query');
    const n = 2 * MAX_AUDIT_BATCH + 100;
    await Promise.all(Array.from({ length: n }, (_, i) => audit.record(entry(i))));

    // At most MAX_AUDIT_BATCH rows a statement; the next batch gathers while one is under way.
    expect(inserts(query)).toBe(3);
    const stored = await audit.list({ limit: 10_000 });
    expect(stored.map((e) => e.correlationId)).toEqual(Array.from({ length: n }, (_, i) => `corr-${i}`));
    expect(stored[0]).toEqual({ id: stored[0]!.id, ...entry(0) });
    expect(stored[1]!.purpose).toBeNull();
  });

  it('refuses every caller of a batch whose INSERT fails, stores none of it, and goes on with the next batch', async () => {
    const p = await pool();
    const audit = new PgReadAuditLog(p);
    await p.query(`CREATE FUNCTION audit_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.field = 'boom' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$`);
    await p.query('CREATE TRIGGER audit_boom BEFORE INSERT ON read_audit FOR EACH ROW EXECUTE FUNCTION audit_boom()');
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => audit.record(entry(i, i === 7 ? { field: 'boom' } : {}))));
    expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill('rejected'));
    expect(await audit.list({ limit: 100 })).toEqual([]);

    await Promise.all([audit.record(entry(100)), audit.record(entry(101))]);
    expect((await audit.list({ limit: 100 })).map((e) => e.sub)).toEqual(['user-100', 'user-101']);
  });
});
