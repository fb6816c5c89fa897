import { join } from 'node:path';
import { createHouseholdDecider, type HouseholdCommand } from '../domain/household/decider.js';
import type { ParameterTable } from '../domain/parameters.js';
import { CommandHandler, type HandledCommand } from './commandHandler.js';
import type { Config } from './config.js';
import type { EventStore } from './eventStore.js';
import { openPostgres } from './postgres/database.js';
import { PgEventStore } from './postgres/pgEventStore.js';
import { PgHouseholdOverviews } from './postgres/pgHouseholdOverviews.js';
import type { HouseholdDirectory } from './households.js';
import { PgHouseholdDirectory } from './postgres/pgHouseholdDirectory.js';
import type { OverviewReader } from './readModels.js';
import { SqliteHouseholdDirectory } from './sqlite/sqliteHouseholdDirectory.js';
import { openSqlite, type SqliteDatabase } from './sqlite/database.js';
import { SqliteHouseholdOverviews } from './sqlite/householdOverviews.js';
import { SqliteEventStore } from './sqlite/sqliteEventStore.js';

/** What runs commands: the command handler, or a wrapper around it (e.g. one that publishes). */
export interface Commands {
  handle(householdId: string, command: HouseholdCommand): Promise<HandledCommand>;
}

/** Everything behind the API: the store, the command handler and the read models. */
export interface Ledger {
  store: EventStore;
  commands: Commands;
  overviews: OverviewReader;
  households: HouseholdDirectory;
  parameters: ParameterTable;
  close(): Promise<void>;
}

export interface EmbeddedLedger extends Ledger {
  overviews: SqliteHouseholdOverviews;
}

export const DATABASE_FILE = 'totaalbeeld.sqlite';

export function databaseFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** The embedded ledger: events and read models in one SQLite file (`:memory:` for tests). */
export function openEmbeddedLedger(file: string, parameters: ParameterTable): EmbeddedLedger {
  const db: SqliteDatabase = openSqlite(file);
  const overviews = new SqliteHouseholdOverviews(db);
  const store = new SqliteEventStore(db, [overviews]);
  const commands = new CommandHandler(store, createHouseholdDecider(parameters));
  return { store, commands, overviews, households: new SqliteHouseholdDirectory(db), parameters, close: () => store.close() };
}

/** One server with PostgreSQL: events and read models in one database, written in one transaction. */
export async function openPostgresLedger(connectionString: string, parameters: ParameterTable, schema?: string): Promise<Ledger & { overviews: PgHouseholdOverviews }> {
  const pool = await openPostgres({ connectionString, ...(schema ? { schema } : {}) });
  const overviews = new PgHouseholdOverviews(pool);
  const store = new PgEventStore(pool, [overviews]);
  const commands = new CommandHandler(store, createHouseholdDecider(parameters));
  return { store, commands, overviews, households: new PgHouseholdDirectory(pool), parameters, close: () => store.close() };
}

export async function openLedger(config: Config, parameters: ParameterTable): Promise<Ledger> {
  switch (config.store) {
    case 'sqlite':
      return openEmbeddedLedger(databaseFile(config.dataDir), parameters);
    case 'postgres':
      return openPostgresLedger(config.databaseUrl!, parameters);
    case 'eventstoredb': {
      const { openEventStoreDbLedger } = await import('./eventstoredb/ledger.js');
      return openEventStoreDbLedger(config.eventStoreUrl!, config.databaseUrl!, parameters);
    }
  }
}
