import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHouseholdDecider, type HouseholdCommand } from '../../domain/household/decider.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import { openSqlite, type SqliteDatabase } from '../../infra/sqlite/database.js';
import { SqliteHouseholdOverviews, type SqliteOverviewOptions } from '../../infra/sqlite/householdOverviews.js';
import { SqliteEventStore } from '../../infra/sqlite/sqliteEventStore.js';
import type { HouseholdOverview } from '../../projections/householdOverview.js';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { HOUSEHOLD_ID, declareIncome, recordPayment, registerClaim, registerHousehold, requestClaimStatement } from '../support/householdFixtures.js';

afterAll(removeFreshDirs);

/**
 * Issue 15 item 6: the SQLite overview is stored item by item (infra/sqlite/overviewLayout.ts),
 * so an append writes the head and the items its events changed, not the household's whole
 * document; what is read back is the document the fold gives, whatever the layout.
 */
function ledger(db: SqliteDatabase, options: SqliteOverviewOptions = {}) {
  const overviews = new SqliteHouseholdOverviews(db, options);
  const store = new SqliteEventStore(db, [overviews]);
  const commands = new CommandHandler(store, createHouseholdDecider(defaultParameters));
  return { overviews, store, handle: (command: HouseholdCommand) => commands.handle(HOUSEHOLD_ID, command) };
}

/** Records every item row the next statements insert or update, as `list position`. */
function watchItemWrites(db: SqliteDatabase): () => string[] {
  db.exec(`CREATE TEMP TABLE item_writes (what TEXT NOT NULL);
           CREATE TEMP TRIGGER item_inserted AFTER INSERT ON main.household_overview_items
             BEGIN INSERT INTO item_writes VALUES (NEW.list || ' ' || NEW.position); END;
           CREATE TEMP TRIGGER item_updated AFTER UPDATE ON main.household_overview_items
             BEGIN INSERT INTO item_writes VALUES (NEW.list || ' ' || NEW.position); END;`);
  return () => {
    const writes = db.prepare<[], string>('SELECT what FROM item_writes').pluck().all();
    db.exec('DELETE FROM item_writes');
    return writes;
  };
}

/** A household with an income, a request for CJIB's statement and three claims. */
async function fill(handle: (command: HouseholdCommand) => Promise<unknown>): Promise<void> {
  await handle(registerHousehold());
  await handle(declareIncome());
  await handle(requestClaimStatement());
  for (let i = 1; i <= 3; i++) await handle(registerClaim({ claimId: `h-1.claim-${i}`, reference: `CJIB-${i}` }, { commandId: `cmd-claim-${i}` }));
}

describe('the SQLite household overview, item by item', () => {
  for (const [how, options] of [
    ['with the document cache', {}],
    ['without it (every append reads the stored document)', { cacheSize: 0 }],
  ] as const) {
    it(`an append writes only the items its events changed (${how})`, async () => {
      const db = openSqlite(':memory:');
      const { overviews, store, handle } = ledger(db, options);
      await fill(handle);
      const writes = watchItemWrites(db);

      await handle(recordPayment({ claimId: 'h-1.claim-2' }, { commandId: 'cmd-pay-2' }));
      expect(writes()).toEqual(['claims 1']);
      await handle(registerClaim({ claimId: 'h-1.claim-4', reference: 'CJIB-4' }, { commandId: 'cmd-claim-4' }));
      expect(writes()).toEqual(['claims 3']);
      await handle(declareIncome({ payer: 'UWV', kind: 'BENEFIT_OTHER' }, { commandId: 'cmd-income-2' }));
      expect(writes()).toEqual(['incomes 1']);

      // Read back (cached or assembled from the rows), it is the document a fold from scratch gives.
      const read = overviews.get(HOUSEHOLD_ID)!;
      const fresh = new SqliteHouseholdOverviews(db, { cacheSize: 0 }).get(HOUSEHOLD_ID)!;
      expect(fresh).toEqual(read);
      expect(read.claims.map((c) => [c.claimId, c.paid])).toEqual([
        ['h-1.claim-1', 0],
        ['h-1.claim-2', 10_000],
        ['h-1.claim-3', 0],
        ['h-1.claim-4', 0],
      ]);
      const inline = overviews.dump();
      await overviews.rebuild();
      expect(overviews.dump()).toEqual(inline);
      expect(new SqliteHouseholdOverviews(db, { cacheSize: 0 }).get(HOUSEHOLD_ID)).toEqual(read);
      await store.close();
    });
  }

  it('a long household after many appends (several at once among them) reads back as a cold fold gives, every object of its cached document frozen', async () => {
    const db = openSqlite(':memory:');
    const { overviews, store, handle } = ledger(db);
    await fill(handle);
    const writes = watchItemWrites(db);
    let claims = 3;
    for (let i = 0; i < 120; i++) {
      if (i % 3 === 0) {
        claims += 1;
        // Equal amounts and dates: only their order tells the claims apart.
        await handle(registerClaim({ claimId: `h-1.claim-${claims}`, reference: `CJIB-${claims}` }, { commandId: `cmd-claim-${claims}` }));
        expect(writes()).toEqual([`claims ${claims - 1}`]);
      } else {
        const claim = 1 + ((i * 7) % claims);
        await handle(recordPayment({ claimId: `h-1.claim-${claim}`, amount: 100 }, { commandId: `cmd-pay-${i}` }));
        expect(writes()).toEqual([`claims ${claim - 1}`]);
      }
    }
    // Commands decided together, committed in one group: one fold of several events per household.
    await Promise.all([
      handle(recordPayment({ claimId: 'h-1.claim-2', amount: 100 }, { commandId: 'cmd-group-1' })),
      handle(recordPayment({ claimId: 'h-1.claim-40', amount: 100 }, { commandId: 'cmd-group-2' })),
      handle(registerClaim({ claimId: 'h-1.claim-new', reference: 'CJIB-new' }, { commandId: 'cmd-group-3' })),
    ]);
    const cached = overviews.get(HOUSEHOLD_ID)!;
    expect(cached.claims).toHaveLength(claims + 1);
    const frozen = (value: unknown): boolean =>
      value === null || typeof value !== 'object' || (Object.isFrozen(value) && Object.values(value).every(frozen));
    expect(frozen(cached)).toBe(true);
    const fresh = new SqliteHouseholdOverviews(db, { cacheSize: 0 }).get(HOUSEHOLD_ID)!;
    expect(JSON.stringify(fresh)).toBe(JSON.stringify(cached));
    const inline = overviews.dump();
    await overviews.rebuild();
    expect(JSON.stringify(overviews.dump())).toBe(JSON.stringify(inline));
    await store.close();
  });

  it('a store whose documents were stored whole moves to items when it is opened, reading the same', async () => {
    const file = join(freshDir('tb-overview-layout-'), 'ledger.sqlite');
    const db = openSqlite(file);
    const { overviews, store, handle } = ledger(db);
    await fill(handle);
    await handle(recordPayment({ claimId: 'h-1.claim-3' }, { commandId: 'cmd-pay-3' }));
    const current = structuredClone(overviews.get(HOUSEHOLD_ID)!) as HouseholdOverview;
    await store.close();

    // As the version before the item layout left it: the whole document in one row, no item table;
    // a second household's document from before 4 December 2026 has no claimStatementRequests.
    const { claimStatementRequests: _r, ...older } = { ...current, householdId: 'h-old' };
    const old = new Database(file);
    old.exec('DROP TABLE household_overview_items');
    old.prepare('UPDATE household_overview SET doc = ? WHERE household_id = ?').run(JSON.stringify(current), HOUSEHOLD_ID);
    old.prepare('INSERT INTO household_overview (household_id, revision, doc) VALUES (?, ?, ?)').run('h-old', current.revision, JSON.stringify(older));
    old.pragma('user_version = 4');
    old.close();

    const reopened = openSqlite(file);
    try {
      const rows = reopened.prepare<[], { list: string; n: number }>("SELECT list, count(*) AS n FROM household_overview_items WHERE household_id = 'h-1' GROUP BY list ORDER BY list").all();
      expect(rows).toEqual([
        { list: 'claimStatementRequests', n: 1 },
        { list: 'claims', n: 3 },
        { list: 'incomes', n: 1 },
      ]);
      const moved = new SqliteHouseholdOverviews(reopened, { cacheSize: 0 });
      expect(moved.get(HOUSEHOLD_ID)).toEqual(current);
      const movedOlder = moved.get('h-old')!;
      expect(movedOlder).toEqual(older);
      expect('claimStatementRequests' in movedOlder).toBe(false);
      // And it takes appends as any other.
      const after = ledger(reopened);
      await after.handle(recordPayment({ claimId: 'h-1.claim-1' }, { commandId: 'cmd-pay-1' }));
      expect(after.overviews.get(HOUSEHOLD_ID)!.claims.map((c) => c.paid)).toEqual([10_000, 0, 10_000]);
    } finally {
      reopened.close();
    }
  });
});
