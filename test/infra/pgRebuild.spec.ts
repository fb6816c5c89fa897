import { afterAll, describe, expect, it } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import type { SealingEventStore } from '../../infra/crypto/sealingEventStore.js';
import { openPostgresLedger } from '../../infra/ledger.js';
import { PgHouseholdOverviews } from '../../infra/postgres/pgHouseholdOverviews.js';
import { writeHousehold } from '../support/householdScript.js';
import { databaseUrl, dropTestSchemas, freshPostgres, freshSchema, postgresUnavailable } from '../support/postgres.js';

afterAll(dropTestSchemas);

describe.skipIf(postgresUnavailable !== null)('PostgreSQL read-model rebuild', () => {
  it('builds beside the live model and switches without downtime, while commands keep landing', async () => {
    const ledger = await openPostgresLedger(databaseUrl!, defaultParameters, { schema: freshSchema() });
    for (let h = 0; h < 30; h++) await writeHousehold(ledger.commands, `h-${h}`, h);
    const sealed = (ledger.store as SealingEventStore).sealed;

    let reading = true;
    let missing = 0;
    const readers = (async () => {
      while (reading) {
        if ((await ledger.overviews.read('h-7')) === null) missing += 1;
      }
    })();
    const writers = (async () => {
      for (let h = 30; h < 40; h++) await writeHousehold(ledger.commands, `h-${h}`, h);
    })();
    const first = await ledger.overviews.rebuild(sealed);
    await writers;
    const second = await ledger.overviews.rebuild(sealed);
    reading = false;
    await readers;

    expect(missing).toBe(0);
    expect(first.households).toBeGreaterThanOrEqual(30);
    // 40 households of 11 events (writeHousehold, with its claim-statement requests).
    expect(second).toEqual({ events: 440, households: 40 });
    expect(await ledger.overviews.checkpoint()).toBe((await sealed.readAll({ after: 0, limit: 1000 })).at(-1)!.globalPosition);
    // The switched model equals a rebuild from scratch elsewhere.
    const other = await freshPostgres();
    const fresh = new PgHouseholdOverviews(other);
    await fresh.rebuild(sealed);
    expect(await ledger.overviews.dump()).toEqual(await fresh.dump());
    await other.end();
    await ledger.close();
  }, 60_000);
});
