import type { ParameterTable } from '../../domain/parameters.js';
import { PgKeyStore } from '../crypto/keyStore.js';
import { defaultCacheBounds } from '../config.js';
import { assembleLedger, keyCacheOptions, masterKeys, type Ledger, type LedgerOptions } from '../ledger.js';
import { openPostgres } from '../postgres/database.js';
import { PgHouseholdDirectory } from '../postgres/pgHouseholdDirectory.js';
import { PgHouseholdOverviews } from '../postgres/pgHouseholdOverviews.js';
import { PgReadAuditLog } from '../readAudit.js';
import { EsdbEventStore } from './esdbEventStore.js';
import { PgRegistrations } from '../postgres/pgRegistrations.js';
import { householdStream } from '../streams.js';

/**
 * At scale: events in EventStoreDB, read models in PostgreSQL, kept up to date by the
 * projection runner (one active per read model across all API instances).
 */
export async function openEventStoreDbLedger(
  eventStoreUrl: string,
  databaseUrl: string,
  parameters: ParameterTable,
  options: LedgerOptions = {},
): Promise<Ledger> {
  const pool = await openPostgres({ connectionString: databaseUrl });
  const overviews = new PgHouseholdOverviews(pool, { cache: (options.caches ?? defaultCacheBounds).overviews });
  try {
    await overviews.checkVersion();
  } catch (error) {
    await pool.end();
    throw error;
  }
  const log = EsdbEventStore.connect(eventStoreUrl);
  const master = masterKeys(options);
  // The runner folds the log as stored: read models hold personal data sealed.
  const runner = overviews.runner.background(log, overviews, {
    onError: (error: unknown) => console.error('projection runner:', error instanceof Error ? error.message : error),
  });
  runner.start();
  return assembleLedger({
    log,
    keys: new PgKeyStore(pool, master, keyCacheOptions(options.caches ?? defaultCacheBounds)),
    master,
    overviews,
    households: new PgHouseholdDirectory(pool),
    registrations: new PgRegistrations(pool, async (id) => (await log.readStream(householdStream(id))).length > 0),
    audit: new PgReadAuditLog(pool),
    parameters,
    caches: options.caches,
    close: async () => {
      await runner.stop();
      await log.close();
      await pool.end();
    },
  });
}
