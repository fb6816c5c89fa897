import type { HouseholdOverview } from '../../projections/householdOverview.js';
import type { HouseholdDirectory } from '../households.js';
import type { SqliteDatabase } from './database.js';

export class SqliteHouseholdDirectory implements HouseholdDirectory {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      page: db.prepare<[string, number], { household_id: string }>(
        'SELECT household_id FROM household_overview WHERE household_id > ? ORDER BY household_id LIMIT ?',
      ),
      withCounsellor: db.prepare<[string], { doc: string }>(
        `SELECT doc FROM household_overview
         WHERE EXISTS (SELECT 1 FROM json_each(doc, '$.mandates') WHERE json_extract(value, '$.counsellorOrg') = ?) ORDER BY household_id`,
      ),
      withSignalsFrom: db.prepare<[string], { doc: string }>(
        `SELECT doc FROM household_overview
         WHERE EXISTS (SELECT 1 FROM json_each(doc, '$.signals') WHERE json_extract(value, '$.partnerOrg') = ?) ORDER BY household_id`,
      ),
      withClaimStatementRequestsFor: db.prepare<[string], { doc: string }>(
        `SELECT doc FROM household_overview
         WHERE EXISTS (SELECT 1 FROM json_each(doc, '$.claimStatementRequests') WHERE json_extract(value, '$.creditorOrg') = ?) ORDER BY household_id`,
      ),
      withBsnHash: db.prepare<[string], { doc: string }>(
        `SELECT doc FROM household_overview
         WHERE EXISTS (SELECT 1 FROM json_each(doc, '$.members') WHERE json_extract(value, '$.bsnHash') = ?) ORDER BY household_id`,
      ),
    };
  }

  async page(after: string | null, limit: number): Promise<string[]> {
    return this.statements.page.all(after ?? '', limit).map((r) => r.household_id);
  }

  async withCounsellor(org: string): Promise<HouseholdOverview[]> {
    return this.statements.withCounsellor.all(org).map((r) => JSON.parse(r.doc) as HouseholdOverview);
  }

  async withSignalsFrom(org: string): Promise<HouseholdOverview[]> {
    return this.statements.withSignalsFrom.all(org).map((r) => JSON.parse(r.doc) as HouseholdOverview);
  }

  async withClaimStatementRequestsFor(org: string): Promise<HouseholdOverview[]> {
    return this.statements.withClaimStatementRequestsFor.all(org).map((r) => JSON.parse(r.doc) as HouseholdOverview);
  }

  async withBsnHash(hash: string): Promise<HouseholdOverview[]> {
    return this.statements.withBsnHash.all(hash).map((r) => JSON.parse(r.doc) as HouseholdOverview);
  }
}
