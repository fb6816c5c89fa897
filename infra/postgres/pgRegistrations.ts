import type { RegistrationIndex } from '../registrations.js';
import type { PgPool } from './database.js';

/** With EventStoreDB as the log, the claim lives in PostgreSQL beside the read models: `hasEvents` asks the log. */
export class PgRegistrations implements RegistrationIndex {
  constructor(
    private readonly pool: PgPool,
    private readonly hasEvents: (householdId: string) => Promise<boolean>,
  ) {}

  async claim(org: string, commandId: string, candidate: string): Promise<string> {
    const { rows } = await this.pool.query<{ household_id: string }>(
      `WITH inserted AS (
         INSERT INTO household_registrations (org, command_id, household_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING household_id)
       SELECT household_id FROM inserted
       UNION ALL SELECT household_id FROM household_registrations WHERE org = $1 AND command_id = $2
       LIMIT 1`,
      [org, commandId, candidate],
    );
    if (rows[0]) return rows[0].household_id;
    // A concurrent first attempt committed while this statement waited: its row is visible now.
    const again = await this.pool.query<{ household_id: string }>('SELECT household_id FROM household_registrations WHERE org = $1 AND command_id = $2', [org, commandId]);
    if (!again.rows[0]) throw new Error('registration claim vanished');
    return again.rows[0].household_id;
  }

  async release(org: string, commandId: string, householdId: string): Promise<void> {
    if (await this.hasEvents(householdId)) return;
    await this.pool.query('DELETE FROM household_registrations WHERE org = $1 AND command_id = $2 AND household_id = $3', [org, commandId, householdId]);
  }
}
