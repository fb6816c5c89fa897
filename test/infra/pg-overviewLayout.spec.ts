import { describe, expect, it } from 'vitest';
import { createHouseholdDecider, type HouseholdCommand } from '../../domain/household/decider.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import { openPostgres, type PgPool } from '../../infra/postgres/database.js';
import { PgEventStore } from '../../infra/postgres/pgEventStore.js';
import { PgHouseholdDirectory } from '../../infra/postgres/pgHouseholdDirectory.js';
import { PgHouseholdOverviews } from '../../infra/postgres/pgHouseholdOverviews.js';
import type { HouseholdOverview } from '../../projections/householdOverview.js';
import { databaseUrl, freshSchema, pgPoolsPerTest, postgresUnavailable } from '../support/postgres.js';
import { HOUSEHOLD_ID, declareIncome, recordPayment, registerClaim, registerHousehold, requestClaimStatement } from '../support/householdFixtures.js';

/**
 * Issue 15 item 6 on PostgreSQL: the overview is stored item by item (infra/overviewParts.ts), so
 * an append writes the head and the items its events changed, not the household's whole
 * document; what is read back is the document the fold gives, whatever the layout, the cache or
 * the number of instances writing. (Documents are compared by value: jsonb keeps an object's keys
 * in an order of its own.)
 */
function ledger(pool: PgPool, options: ConstructorParameters<typeof PgHouseholdOverviews>[1] = {}) {
  const overviews = new PgHouseholdOverviews(pool, options);
  const store = new PgEventStore(pool, [overviews], false);
  const commands = new CommandHandler(store, createHouseholdDecider(defaultParameters));
  return { overviews, store, handle: (command: HouseholdCommand) => commands.handle(HOUSEHOLD_ID, command) };
}

/** A household with an income, a request for CJIB's statement and three claims. */
async function fill(handle: (command: HouseholdCommand) => Promise<unknown>): Promise<void> {
  await handle(registerHousehold());
  await handle(declareIncome());
  await handle(requestClaimStatement());
  for (let i = 1; i <= 3; i++) await handle(registerClaim({ claimId: `h-1.claim-${i}`, reference: `CJIB-${i}` }, { commandId: `cmd-claim-${i}` }));
}

/** Each item row of the household as `list position` with the transaction that last wrote it. */
async function itemVersions(pool: PgPool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ at: string; xmin: string }>(
    `SELECT list || ' ' || position AS at, xmin::text AS xmin FROM household_overview_items WHERE household_id = $1 ORDER BY list, position`,
    [HOUSEHOLD_ID],
  );
  return new Map(rows.map((r) => [r.at, r.xmin]));
}

/** The rows an append wrote: those new or written by another transaction than before. */
async function writtenSince(pool: PgPool, before: Map<string, string>): Promise<string[]> {
  const after = await itemVersions(pool);
  return [...after].filter(([at, xmin]) => before.get(at) !== xmin).map(([at]) => at);
}

const frozen = (value: unknown): boolean => value === null || typeof value !== 'object' || (Object.isFrozen(value) && Object.values(value).every(frozen));

describe.skipIf(postgresUnavailable !== null)('the PostgreSQL household overview, item by item', () => {
  const pool = pgPoolsPerTest();

  for (const [how, options] of [
    ['with the document cache', {}],
    ['without it (every append reads the stored document)', { cacheSize: 0 }],
  ] as const) {
    it(`an append writes only the items its events changed (${how})`, async () => {
      const db = await pool();
      const { overviews, handle } = ledger(db, options);
      await fill(handle);

      let before = await itemVersions(db);
      await handle(recordPayment({ claimId: 'h-1.claim-2' }, { commandId: 'cmd-pay-2' }));
      expect(await writtenSince(db, before)).toEqual(['claims 1']);
      before = await itemVersions(db);
      await handle(registerClaim({ claimId: 'h-1.claim-4', reference: 'CJIB-4' }, { commandId: 'cmd-claim-4' }));
      expect(await writtenSince(db, before)).toEqual(['claims 3']);
      before = await itemVersions(db);
      await handle(declareIncome({ payer: 'UWV', kind: 'BENEFIT_OTHER' }, { commandId: 'cmd-income-2' }));
      expect(await writtenSince(db, before)).toEqual(['incomes 1']);

      const read = (await overviews.read(HOUSEHOLD_ID))!;
      expect(frozen(read)).toBe(true);
      const fresh = (await new PgHouseholdOverviews(db, { cacheSize: 0 }).read(HOUSEHOLD_ID))!;
      expect(fresh).toEqual(read);
      expect(read.claims.map((c) => [c.claimId, c.paid])).toEqual([
        ['h-1.claim-1', 0],
        ['h-1.claim-2', 10_000],
        ['h-1.claim-3', 0],
        ['h-1.claim-4', 0],
      ]);
      const inline = await overviews.dump();
      await overviews.rebuild(new PgEventStore(db, [], false));
      expect(await overviews.dump()).toEqual(inline);
      expect(await new PgHouseholdOverviews(db, { cacheSize: 0 }).read(HOUSEHOLD_ID)).toEqual(read);
    });
  }

  it('two instances writing one household: a stale cached document is folded again from what is stored, and a query never answers it', async () => {
    const db = await pool();
    const a = ledger(db);
    await fill(a.handle);
    const b = ledger(db);
    // B caches the document at this revision.
    const seen = (await b.overviews.read(HOUSEHOLD_ID))!;
    // A appends twice; B's cached document is now two revisions behind.
    await a.handle(recordPayment({ claimId: 'h-1.claim-1' }, { commandId: 'cmd-a-1' }));
    await a.handle(registerClaim({ claimId: 'h-1.claim-a', reference: 'CJIB-a' }, { commandId: 'cmd-a-2' }));
    const current = (await b.overviews.read(HOUSEHOLD_ID))!;
    expect(current.revision).toBe(seen.revision + 2);
    expect(current.claims.map((c) => c.claimId)).toContain('h-1.claim-a');

    // B's command folds from its cache first, is refused as stale, and lands on what is stored.
    await b.overviews.read(HOUSEHOLD_ID);
    const refused: string[][] = [];
    const stale = b.overviews.stale.bind(b.overviews);
    b.overviews.stale = (ids) => {
      refused.push([...ids]);
      stale(ids);
    };
    await a.handle(recordPayment({ claimId: 'h-1.claim-2' }, { commandId: 'cmd-a-3' }));
    await b.handle(recordPayment({ claimId: 'h-1.claim-3' }, { commandId: 'cmd-b-1' }));
    expect(refused).toEqual([[HOUSEHOLD_ID]]);
    const fromB = (await b.overviews.read(HOUSEHOLD_ID))!;
    const fromA = (await a.overviews.read(HOUSEHOLD_ID))!;
    const cold = (await new PgHouseholdOverviews(db, { cacheSize: 0 }).read(HOUSEHOLD_ID))!;
    expect(fromB).toEqual(cold);
    expect(fromA).toEqual(cold);
    expect(cold.claims.map((c) => [c.claimId, c.paid])).toEqual([
      ['h-1.claim-1', 10_000],
      ['h-1.claim-2', 10_000],
      ['h-1.claim-3', 10_000],
      ['h-1.claim-a', 0],
    ]);
    // And a rebuild from the log gives the very same.
    const inline = await a.overviews.dump();
    await a.overviews.rebuild(new PgEventStore(db, [], false));
    expect(await a.overviews.dump()).toEqual(inline);
  });

  it('the background runner writes items too, and finds households by their items (signals, requests) and heads (mandates)', async () => {
    const db = await pool();
    const { handle } = ledger(db);
    await fill(handle);
    await handle(recordPayment({ claimId: 'h-1.claim-1' }, { commandId: 'cmd-pay-1' }));
    const model = await pool();
    const background = new PgHouseholdOverviews(model);
    const source = new PgEventStore(db, [], false);
    await background.runner.background(source, background, { batchSize: 2 }).catchUp();
    const inline = (await new PgHouseholdOverviews(db, { cacheSize: 0 }).read(HOUSEHOLD_ID))!;
    expect(await background.read(HOUSEHOLD_ID)).toEqual(inline);
    const { rows } = await model.query<{ n: number }>(`SELECT count(*)::int AS n FROM household_overview_items WHERE household_id = $1 AND list = 'claims'`, [HOUSEHOLD_ID]);
    expect(rows[0]!.n).toBe(3);

    const directory = new PgHouseholdDirectory(db);
    const requests = await directory.withClaimStatementRequestsFor(inline.claimStatementRequests![0]!.creditorOrg);
    expect(requests.map((d) => d.householdId)).toEqual([HOUSEHOLD_ID]);
    expect(requests[0]).toEqual(inline);
    expect(await directory.withClaimStatementRequestsFor('NOBODY')).toEqual([]);
    expect(inline.mandates.map((m) => m.counsellorOrg)).toEqual(['GEM-UTRECHT']);
    expect((await directory.withCounsellor('GEM-UTRECHT')).map((d) => d.householdId)).toEqual([HOUSEHOLD_ID]);
    expect(await directory.withCounsellor('NOBODY')).toEqual([]);
    expect(await directory.withSignalsFrom('NOBODY')).toEqual([]);
  });

  it('a store whose documents were stored whole moves to items when it is migrated, reading the same', async () => {
    const schema = freshSchema();
    let db = await openPostgres({ connectionString: databaseUrl!, schema, max: 3 });
    const { overviews, handle } = ledger(db);
    await fill(handle);
    await handle(recordPayment({ claimId: 'h-1.claim-3' }, { commandId: 'cmd-pay-3' }));
    const current = JSON.parse(JSON.stringify(await overviews.read(HOUSEHOLD_ID))) as HouseholdOverview;
    // As the version before the item layout left it: the whole document in one row, no item
    // table; a second household's document from before 4 December 2026 has no claimStatementRequests.
    const { claimStatementRequests: _r, ...older } = { ...current, householdId: 'h-old' };
    await db.query('DROP TABLE household_overview_items');
    await db.query('UPDATE household_overview SET doc = $1 WHERE household_id = $2', [JSON.stringify(current), HOUSEHOLD_ID]);
    await db.query('INSERT INTO household_overview (household_id, revision, doc) VALUES ($1, $2, $3)', ['h-old', current.revision, JSON.stringify(older)]);
    await db.query('DELETE FROM schema_migrations WHERE version > 8');
    await db.end();

    db = await openPostgres({ connectionString: databaseUrl!, schema, max: 3 });
    try {
      const { rows } = await db.query<{ list: string; n: number }>(
        `SELECT list, count(*)::int AS n FROM household_overview_items WHERE household_id = $1 GROUP BY list ORDER BY list`,
        [HOUSEHOLD_ID],
      );
      expect(rows).toEqual([
        { list: 'claimStatementRequests', n: 1 },
        { list: 'claims', n: 3 },
        { list: 'incomes', n: 1 },
      ]);
      const { rows: heads } = await db.query<{ claims: unknown }>(`SELECT doc->'claims' AS claims FROM household_overview WHERE household_id = $1`, [HOUSEHOLD_ID]);
      expect(heads[0]!.claims).toEqual([]);
      const moved = new PgHouseholdOverviews(db, { cacheSize: 0 });
      expect(await moved.read(HOUSEHOLD_ID)).toEqual(current);
      const movedOlder = (await moved.read('h-old'))!;
      expect(movedOlder).toEqual(older);
      expect('claimStatementRequests' in movedOlder).toBe(false);
      // And it takes appends as any other.
      const after = ledger(db);
      await after.handle(recordPayment({ claimId: 'h-1.claim-1' }, { commandId: 'cmd-pay-1' }));
      expect((await after.overviews.read(HOUSEHOLD_ID))!.claims.map((c) => c.paid)).toEqual([10_000, 0, 10_000]);
    } finally {
      await db.end();
    }
  });
});
