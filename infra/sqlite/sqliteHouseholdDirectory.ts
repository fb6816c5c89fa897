import type { HouseholdOverview } from '../../projections/householdOverview.js';
import type { BsnHeld, HouseholdDirectory } from '../households.js';
import type { SqliteDatabase } from './database.js';
import { LIVE_TABLES, OverviewLayout } from './overviewLayout.js';

/** Rolls an index transaction back when a BSN is another household's. */
class BsnTaken extends Error {
  constructor(readonly held: BsnHeld) {
    super('BSN held by another household');
  }
}

const BSN_INDEX_TABLE = `CREATE TABLE IF NOT EXISTS bsn_index (
  bsn_hash TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  indexed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bsn_index_household ON bsn_index (household_id);`;

/**
 * Lookups over the overviews in the event store's file; the BSN index in `indexDb`, the file
 * that holds the households' keys (secure_delete on, outside the event store's backups), so a
 * deleted entry is overwritten there and never sits in the log's file or its backups.
 */
export class SqliteHouseholdDirectory implements HouseholdDirectory {
  private readonly statements;
  private readonly index;
  private readonly overviews: OverviewLayout;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly indexDb: SqliteDatabase,
  ) {
    const existed = indexDb.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bsn_index'").get() !== undefined;
    indexDb.exec(BSN_INDEX_TABLE);
    this.overviews = new OverviewLayout(db, LIVE_TABLES);
    this.statements = {
      page: db.prepare<[string, number], { household_id: string }>(
        'SELECT household_id FROM household_overview WHERE household_id > ? ORDER BY household_id LIMIT ?',
      ),
      // Mandates are in the documents' heads, signals and requests items (overviewLayout.ts);
      // what is answered is each whole document.
      withCounsellor: db
        .prepare<[string], string>(
          `SELECT household_id FROM household_overview
           WHERE EXISTS (SELECT 1 FROM json_each(doc, '$.mandates') WHERE json_extract(value, '$.counsellorOrg') = ?) ORDER BY household_id`,
        )
        .pluck(),
      withSignalsFrom: db
        .prepare<[string], string>(
          `SELECT DISTINCT household_id FROM household_overview_items
           WHERE list = 'signals' AND json_extract(item, '$.partnerOrg') = ? ORDER BY household_id`,
        )
        .pluck(),
      withClaimStatementRequestsFor: db
        .prepare<[string], string>(
          `SELECT DISTINCT household_id FROM household_overview_items
           WHERE list = 'claimStatementRequests' AND json_extract(item, '$.creditorOrg') = ? ORDER BY household_id`,
        )
        .pluck(),
    };
    this.index = {
      insert: indexDb.prepare('INSERT OR IGNORE INTO bsn_index (bsn_hash, household_id, indexed_at) VALUES (?, ?, ?)'),
      holder: indexDb.prepare<[string], { household_id: string; indexed_at: string }>('SELECT household_id, indexed_at FROM bsn_index WHERE bsn_hash = ?'),
      byHash: indexDb.prepare<[string], { household_id: string }>('SELECT household_id FROM bsn_index WHERE bsn_hash = ?'),
      deleteHousehold: indexDb.prepare('DELETE FROM bsn_index WHERE household_id = ?'),
      deleteOne: indexDb.prepare('DELETE FROM bsn_index WHERE household_id = ? AND bsn_hash = ?'),
    };
    if (!existed) this.indexOldHouseholds(db);
  }

  /**
   * Households registered before the index existed carry their BSN hashes in the overview (the
   * log of that time kept them): they go into the index once, except those already erased.
   */
  private indexOldHouseholds(db: SqliteDatabase): void {
    const rows = db
      .prepare<[], { household_id: string; hash: string }>(
        `SELECT household_id, json_extract(m.value, '$.bsnHash') AS hash FROM household_overview, json_each(doc, '$.members') AS m
         WHERE json_extract(m.value, '$.bsnHash') IS NOT NULL ORDER BY household_id`,
      )
      .all();
    if (rows.length === 0) return;
    const keysTable = this.indexDb.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'household_keys'").get() !== undefined;
    const erased = keysTable
      ? new Set(this.indexDb.prepare<[], { household_id: string }>('SELECT household_id FROM household_keys WHERE wrapped IS NULL').all().map((r) => r.household_id))
      : new Set<string>();
    const at = new Date().toISOString();
    this.indexDb.transaction(() => {
      for (const r of rows) if (!erased.has(r.household_id)) this.index.insert.run(r.hash, r.household_id, at);
    })();
  }

  async page(after: string | null, limit: number): Promise<string[]> {
    return this.statements.page.all(after ?? '', limit).map((r) => r.household_id);
  }

  async withCounsellor(org: string): Promise<HouseholdOverview[]> {
    return this.documents(this.statements.withCounsellor, org);
  }

  async withSignalsFrom(org: string): Promise<HouseholdOverview[]> {
    return this.documents(this.statements.withSignalsFrom, org);
  }

  async withClaimStatementRequestsFor(org: string): Promise<HouseholdOverview[]> {
    return this.documents(this.statements.withClaimStatementRequestsFor, org);
  }

  /** The documents of the households `query` finds, assembled from their heads and items in one read transaction. */
  private documents(query: { all(org: string): string[] }, org: string): HouseholdOverview[] {
    return this.db.transaction(() => query.all(org).map((id) => this.overviews.read(id)!.stored.doc)).deferred();
  }

  async indexBsns(householdId: string, hashes: readonly string[], at: string): Promise<{ added: string[] } | BsnHeld> {
    try {
      // IMMEDIATE: the write lock up front, so two registrations (even in two processes) take turns.
      return this.indexDb
        .transaction(() => {
          const added: string[] = [];
          for (const hash of hashes) {
            if (this.index.insert.run(hash, householdId, at).changes === 1) {
              added.push(hash);
              continue;
            }
            const holder = this.index.holder.get(hash)!;
            if (holder.household_id !== householdId) throw new BsnTaken({ heldBy: holder.household_id, since: holder.indexed_at });
          }
          return { added };
        })
        .immediate();
    } catch (error) {
      if (error instanceof BsnTaken) return error.held;
      throw error;
    }
  }

  async unindexBsns(householdId: string, hashes?: readonly string[]): Promise<void> {
    this.indexDb.transaction(() => {
      if (hashes === undefined) this.index.deleteHousehold.run(householdId);
      else for (const hash of hashes) this.index.deleteOne.run(householdId, hash);
    })();
    // The deleted rows were overwritten in the file (secure_delete); the WAL still holds the old pages until this.
    this.indexDb.pragma('wal_checkpoint(TRUNCATE)');
  }

  async householdsWithBsn(hash: string): Promise<string[]> {
    return this.index.byHash.all(hash).map((r) => r.household_id);
  }
}
