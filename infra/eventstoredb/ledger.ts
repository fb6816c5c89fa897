import { createHouseholdDecider } from '../../domain/household/decider.js';
import type { ParameterTable } from '../../domain/parameters.js';
import { CommandHandler } from '../commandHandler.js';
import { randomBytes } from 'node:crypto';
import { PgKeyStore } from '../crypto/keyStore.js';
import { deriveMasterKeys } from '../crypto/sealing.js';
import { SealingEventStore } from '../crypto/sealingEventStore.js';
import { PersonalDataVault } from '../crypto/vault.js';
import { PgReadAuditLog } from '../readAudit.js';
import type { Ledger, LedgerOptions } from '../ledger.js';
import { openPostgres } from '../postgres/database.js';
import { PgHouseholdDirectory } from '../postgres/pgHouseholdDirectory.js';
import { PgHouseholdOverviews } from '../postgres/pgHouseholdOverviews.js';
import { ProjectionRunner } from '../projectionRunner.js';
import { EsdbEventStore } from './esdbEventStore.js';

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
  const overviews = new PgHouseholdOverviews(pool);
  const log = EsdbEventStore.connect(eventStoreUrl);
  const master = deriveMasterKeys(options.keySecret ?? randomBytes(32).toString('base64url'));
  const keys = new PgKeyStore(pool, master);
  const store = new SealingEventStore(log, keys, master);
  // The runner folds the log as stored: read models hold personal data sealed.
  const runner = new ProjectionRunner(log, overviews, pool, {
    onError: (error) => console.error('projection runner:', error instanceof Error ? error.message : error),
  });
  runner.start();
  const commands = new CommandHandler(store, createHouseholdDecider(parameters));
  return {
    store,
    commands,
    overviews,
    households: new PgHouseholdDirectory(pool),
    vault: new PersonalDataVault(keys, master),
    audit: new PgReadAuditLog(pool),
    parameters,
    close: async () => {
      await runner.stop();
      await store.close();
      await pool.end();
    },
  };
}
