import type { HouseholdOverview } from '../../projections/householdOverview.js';
import type { BsnHeld, HouseholdDirectory } from '../households.js';
import { inTransaction, type PgPool } from './database.js';
import { readDocuments } from './pgHouseholdOverviews.js';

/** Rolls an index transaction back when a BSN is another household's. */
class BsnTaken extends Error {
  constructor(readonly held: BsnHeld) {
    super('BSN held by another household');
  }
}

export class PgHouseholdDirectory implements HouseholdDirectory {
  constructor(private readonly pool: PgPool) {}

  async page(after: string | null, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ household_id: string }>(
      'SELECT household_id FROM household_overview WHERE household_id > $1 ORDER BY household_id LIMIT $2',
      [after ?? '', limit],
    );
    return rows.map((r) => r.household_id);
  }

  // Mandates are in the documents' heads, signals and requests items (infra/overviewParts.ts).
  async withCounsellor(org: string): Promise<HouseholdOverview[]> {
    return this.documents(`SELECT household_id FROM household_overview WHERE doc->'mandates' @> $1::jsonb`, [{ counsellorOrg: org }]);
  }

  async withClaimStatementRequestsFor(org: string): Promise<HouseholdOverview[]> {
    return this.documents(`SELECT DISTINCT household_id FROM household_overview_items WHERE list = 'claimStatementRequests' AND item @> $1::jsonb`, {
      creditorOrg: org,
    });
  }

  async withSignalsFrom(org: string): Promise<HouseholdOverview[]> {
    return this.documents(`SELECT DISTINCT household_id FROM household_overview_items WHERE list = 'signals' AND item @> $1::jsonb`, { partnerOrg: org });
  }

  /** The documents of the households `select` finds (by `match`), in the order of their ids. */
  private async documents(select: string, match: unknown): Promise<HouseholdOverview[]> {
    const { rows } = await this.pool.query<{ household_id: string }>(`${select} ORDER BY household_id`, [JSON.stringify(match)]);
    const ids = rows.map((r) => r.household_id);
    const docs = await readDocuments(this.pool, ids);
    return ids.flatMap((id) => {
      const read = docs.get(id);
      return read ? [read.stored.doc] : [];
    });
  }

  async indexBsns(householdId: string, hashes: readonly string[], at: string): Promise<{ added: string[] } | BsnHeld> {
    try {
      return await inTransaction(this.pool, async (client) => {
        const added: string[] = [];
        // In hash order: two registrations sharing two BSNs wait for each other instead of deadlocking.
        for (const hash of [...hashes].sort()) {
          const inserted = await client.query(
            'INSERT INTO bsn_index (bsn_hash, household_id, indexed_at) VALUES ($1, $2, $3) ON CONFLICT (bsn_hash) DO NOTHING',
            [hash, householdId, at],
          );
          if (inserted.rowCount === 1) {
            added.push(hash);
            continue;
          }
          const { rows } = await client.query<{ household_id: string; indexed_at: Date }>('SELECT household_id, indexed_at FROM bsn_index WHERE bsn_hash = $1', [hash]);
          const holder = rows[0];
          // Deleted by an erasure meanwhile: taken as held (the caller answers ALREADY_EXISTS; a retry succeeds).
          if (!holder) throw new BsnTaken({ heldBy: '', since: new Date().toISOString() });
          if (holder.household_id !== householdId) throw new BsnTaken({ heldBy: holder.household_id, since: holder.indexed_at.toISOString() });
        }
        return { added };
      });
    } catch (error) {
      if (error instanceof BsnTaken) return error.held;
      throw error;
    }
  }

  async unindexBsns(householdId: string, hashes?: readonly string[]): Promise<void> {
    if (hashes === undefined) await this.pool.query('DELETE FROM bsn_index WHERE household_id = $1', [householdId]);
    else await this.pool.query('DELETE FROM bsn_index WHERE household_id = $1 AND bsn_hash = ANY ($2::text[])', [householdId, [...hashes]]);
  }

  async householdsWithBsn(hash: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ household_id: string }>('SELECT household_id FROM bsn_index WHERE bsn_hash = $1', [hash]);
    return rows.map((r) => r.household_id);
  }
}
