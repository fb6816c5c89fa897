import { createHouseholdDecider } from '../../domain/household/decider.js';
import type { ParameterTable } from '../../domain/parameters.js';
import { CommandHandler } from '../commandHandler.js';
import type { Ledger } from '../ledger.js';
import { openPostgres } from '../postgres/database.js';
import { PgHouseholdDirectory } from '../postgres/pgHouseholdDirectory.js';
import { PgHouseholdOverviews } from '../postgres/pgHouseholdOverviews.js';
import { ProjectionRunner } from '../projectionRunner.js';
import { EsdbEventStore } from './esdbEventStore.js';

/**
 * At scale: events in EventStoreDB, read models in PostgreSQL, kept up to date by the
 * projection runner (one active per read model across all API instances).
 */
export async function openEventStoreDbLedger(eventStoreUrl: string, databaseUrl: string, parameters: ParameterTable): Promise<Ledger> {
  const pool = await openPostgres({ connectionString: databaseUrl });
  const overviews = new PgHouseholdOverviews(pool);
  const store = EsdbEventStore.connect(eventStoreUrl);
  const runner = new ProjectionRunner(store, overviews, pool, {
    onError: (error) => console.error('projection runner:', error instanceof Error ? error.message : error),
  });
  runner.start();
  const commands = new CommandHandler(store, createHouseholdDecider(parameters));
  return {
    store,
    commands,
    overviews,
    households: new PgHouseholdDirectory(pool),
    parameters,
    close: async () => {
      await runner.stop();
      await store.close();
      await pool.end();
    },
  };
}
