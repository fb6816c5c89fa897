import { ConfigError, loadConfig } from '../config.js';
import { databaseFile } from '../ledger.js';
import { openPostgres } from '../postgres/database.js';
import { PgEventStore } from '../postgres/pgEventStore.js';
import { PgHouseholdOverviews } from '../postgres/pgHouseholdOverviews.js';
import { openSqlite } from '../sqlite/database.js';
import { SqliteHouseholdOverviews } from '../sqlite/householdOverviews.js';

/**
 * `npm run rebuild-projections`: folds the read models again from the event log into tables
 * beside the live ones and switches to them (projections/runner.ts rebuild): readers keep the
 * old model until the switch. It records this program's projection version, so a store built
 * by another version (refused at start) is taken into use again.
 */
async function rebuild(): Promise<{ events: number; households: number }> {
  const config = loadConfig();
  switch (config.store) {
    case 'sqlite': {
      const db = openSqlite(databaseFile(config.dataDir));
      try {
        return await new SqliteHouseholdOverviews(db).rebuild();
      } finally {
        db.close();
      }
    }
    case 'postgres': {
      const pool = await openPostgres({ connectionString: config.databaseUrl! });
      try {
        return await new PgHouseholdOverviews(pool).rebuild(new PgEventStore(pool, [], false));
      } finally {
        await pool.end();
      }
    }
    case 'eventstoredb': {
      const { EsdbEventStore } = await import('../eventstoredb/esdbEventStore.js');
      const pool = await openPostgres({ connectionString: config.databaseUrl! });
      const store = EsdbEventStore.connect(config.eventStoreUrl!);
      try {
        return await new PgHouseholdOverviews(pool).rebuild(store);
      } finally {
        await store.close();
        await pool.end();
      }
    }
  }
}

try {
  const started = process.hrtime.bigint();
  const result = await rebuild();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`Rebuilt household_overview from ${result.events} events for ${result.households} households in ${seconds.toFixed(2)} s`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Rebuild failed: ${(error as Error).message}`);
  process.exit(1);
}
