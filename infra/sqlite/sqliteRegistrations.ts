import type { RegistrationIndex } from '../registrations.js';
import type { SqliteDatabase } from './database.js';

export class SqliteRegistrations implements RegistrationIndex {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare<[string, string, string]>('INSERT INTO household_registrations (org, command_id, household_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      find: db.prepare<[string, string], { household_id: string }>('SELECT household_id FROM household_registrations WHERE org = ? AND command_id = ?'),
      release: db.prepare<[string, string, string]>(
        `DELETE FROM household_registrations WHERE org = ? AND command_id = ? AND household_id = ?
         AND NOT EXISTS (SELECT 1 FROM streams WHERE stream_id = 'household-' || household_id AND revision > 0)`,
      ),
    };
  }

  async claim(org: string, commandId: string, candidate: string): Promise<string> {
    this.statements.insert.run(org, commandId, candidate);
    const row = this.statements.find.get(org, commandId);
    if (!row) throw new Error('registration claim vanished');
    return row.household_id;
  }

  async release(org: string, commandId: string, householdId: string): Promise<void> {
    this.statements.release.run(org, commandId, householdId);
  }
}
