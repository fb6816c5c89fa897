import { ConfigError, loadConfig } from '../config.js';
import { databaseFile } from '../ledger.js';
import { openSqlite } from '../sqlite/database.js';
import { SqliteHouseholdOverviews } from '../sqlite/householdOverviews.js';

/** `npm run rebuild-projections`: drops the read models and folds them again from the event log. */
try {
  const config = loadConfig();
  const db = openSqlite(databaseFile(config.dataDir));
  const started = process.hrtime.bigint();
  const result = new SqliteHouseholdOverviews(db).rebuild();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  console.log(
    `Rebuilt household_overview from ${result.events} events for ${result.households} households in ${seconds.toFixed(2)} s`,
  );
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Rebuild failed: ${(error as Error).message}`);
  process.exit(1);
}
