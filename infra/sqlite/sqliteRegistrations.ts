import type { RegistrationIndex } from '../registrations.js';
import type { SqliteDatabase } from './database.js';

const INSERT = 'INSERT INTO household_registrations (org, command_id, household_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING';
const RELEASE = `DELETE FROM household_registrations WHERE org = ? AND command_id = ? AND household_id = ?
         AND NOT EXISTS (SELECT 1 FROM streams WHERE stream_id = 'household-' || household_id AND revision > 0)`;

/** Runs `sql` for each row in one durable transaction on the commit worker (workerCommitter.ts). */
export type RemoteWrite = (sql: string, rows: ReadonlyArray<readonly unknown[]>) => Promise<unknown>;

export class SqliteRegistrations implements RegistrationIndex {
  private readonly statements;

  /** `remote`: the writes go to the commit worker, which holds the file's write lock (reads stay on `db`). */
  constructor(
    db: SqliteDatabase,
    private readonly remote?: RemoteWrite,
  ) {
    this.statements = {
      insert: db.prepare<[string, string, string]>(INSERT),
      find: db.prepare<[string, string], { household_id: string }>('SELECT household_id FROM household_registrations WHERE org = ? AND command_id = ?'),
      release: db.prepare<[string, string, string]>(RELEASE),
    };
  }

  async claim(org: string, commandId: string, candidate: string): Promise<string> {
    if (this.remote) await this.remote(INSERT, [[org, commandId, candidate]]);
    else this.statements.insert.run(org, commandId, candidate);
    const row = this.statements.find.get(org, commandId);
    if (!row) throw new Error('registration claim vanished');
    return row.household_id;
  }

  async release(org: string, commandId: string, householdId: string): Promise<void> {
    if (this.remote) await this.remote(RELEASE, [[org, commandId, householdId]]);
    else this.statements.release.run(org, commandId, householdId);
  }
}
