import { join } from 'node:path';
import { createHouseholdDecider } from '../domain/household/decider.js';
import type { ParameterTable } from '../domain/parameters.js';
import { CommandHandler } from './commandHandler.js';
import type { EventStore } from './eventStore.js';
import { openSqlite, type SqliteDatabase } from './sqlite/database.js';
import { SqliteHouseholdOverviews } from './sqlite/householdOverviews.js';
import { SqliteEventStore } from './sqlite/sqliteEventStore.js';

/** Everything behind the API: the store, the command handler and the read models. */
export interface Ledger {
  store: EventStore;
  commands: CommandHandler;
  overviews: SqliteHouseholdOverviews;
  parameters: ParameterTable;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'totaalbeeld.sqlite';

export function databaseFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** The embedded ledger: events and read models in one SQLite file (`:memory:` for tests). */
export function openEmbeddedLedger(file: string, parameters: ParameterTable): Ledger {
  const db: SqliteDatabase = openSqlite(file);
  const overviews = new SqliteHouseholdOverviews(db);
  const store = new SqliteEventStore(db, [overviews]);
  const commands = new CommandHandler(store, createHouseholdDecider(parameters));
  return { store, commands, overviews, parameters, close: () => store.close() };
}
