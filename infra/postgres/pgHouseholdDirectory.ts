import type { HouseholdOverview } from '../../projections/householdOverview.js';
import type { HouseholdDirectory } from '../households.js';
import type { PgPool } from './database.js';

export class PgHouseholdDirectory implements HouseholdDirectory {
  constructor(private readonly pool: PgPool) {}

  async page(after: string | null, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ household_id: string }>(
      'SELECT household_id FROM household_overview WHERE household_id > $1 ORDER BY household_id LIMIT $2',
      [after ?? '', limit],
    );
    return rows.map((r) => r.household_id);
  }

  async withCounsellor(org: string): Promise<HouseholdOverview[]> {
    const { rows } = await this.pool.query<{ doc: HouseholdOverview }>(
      `SELECT doc FROM household_overview WHERE doc->'mandates' @> $1::jsonb ORDER BY household_id`,
      [JSON.stringify([{ counsellorOrg: org }])],
    );
    return rows.map((r) => r.doc);
  }

  async withClaimStatementRequestsFor(org: string): Promise<HouseholdOverview[]> {
    const { rows } = await this.pool.query<{ doc: HouseholdOverview }>(
      `SELECT doc FROM household_overview WHERE doc->'claimStatementRequests' @> $1::jsonb ORDER BY household_id`,
      [JSON.stringify([{ creditorOrg: org }])],
    );
    return rows.map((r) => r.doc);
  }

  async withSignalsFrom(org: string): Promise<HouseholdOverview[]> {
    const { rows } = await this.pool.query<{ doc: HouseholdOverview }>(
      `SELECT doc FROM household_overview WHERE doc->'signals' @> $1::jsonb ORDER BY household_id`,
      [JSON.stringify([{ partnerOrg: org }])],
    );
    return rows.map((r) => r.doc);
  }

  async withBsnHash(hash: string): Promise<HouseholdOverview[]> {
    const { rows } = await this.pool.query<{ doc: HouseholdOverview }>(
      `SELECT doc FROM household_overview WHERE doc->'members' @> $1::jsonb ORDER BY household_id`,
      [JSON.stringify([{ bsnHash: hash }])],
    );
    return rows.map((r) => r.doc);
  }
}
