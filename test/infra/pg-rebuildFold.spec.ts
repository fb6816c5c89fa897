import { afterAll, describe, expect, it } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import type { SealingEventStore } from '../../infra/crypto/sealingEventStore.js';
import type { EventStore, ReadAllOptions } from '../../infra/eventStore.js';
import { openPostgresLedger } from '../../infra/ledger.js';
import type { PgEventStore } from '../../infra/postgres/pgEventStore.js';
import { PgHouseholdOverviews } from '../../infra/postgres/pgHouseholdOverviews.js';
import { growingWhileRead, writeHousehold } from '../support/householdScript.js';
import { databaseUrl, dropTestSchemas, freshPostgres, freshSchema, postgresUnavailable } from '../support/postgres.js';

afterAll(dropTestSchemas);

/** The same log seen through the port only (as EventStoreDB is): no stream revisions to go by. */
function portOnly(store: EventStore, beforeRead?: (options: ReadAllOptions) => Promise<void>): EventStore {
  return {
    kind: 'eventstoredb',
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: async (options) => {
      await beforeRead?.(options);
      return store.readAll(options);
    },
    close: async () => undefined,
  };
}

describe.skipIf(postgresUnavailable !== null)('PostgreSQL rebuild: stream by stream, then what arrived meanwhile', () => {
  it('gives the inline model, whether the store reads stream by stream or only through the port', async () => {
    const ledger = await openPostgresLedger(databaseUrl!, defaultParameters, { schema: freshSchema() });
    for (let h = 0; h < 25; h++) await writeHousehold(ledger.commands, `h-${h}`, h);
    const sealed = (ledger.store as SealingEventStore).sealed;
    const inline = await ledger.overviews.dump();
    expect(inline).toHaveLength(25);

    // 25 households of 11 events (writeHousehold, with its claim-statement requests).
    expect(await ledger.overviews.rebuild(sealed)).toEqual({ events: 275, households: 25 });
    expect(await ledger.overviews.dump()).toEqual(inline);
    expect(await ledger.overviews.rebuild(portOnly(sealed))).toEqual({ events: 275, households: 25 });
    expect(await ledger.overviews.dump()).toEqual(inline);
    await ledger.close();
  });

  it('takes in events that arrive while it reads the streams: for a household already folded, and for a new one', async () => {
    const ledger = await openPostgresLedger(databaseUrl!, defaultParameters, { schema: freshSchema() });
    for (let h = 0; h < 10; h++) await writeHousehold(ledger.commands, `h-${h}`, h);
    const sealed = (ledger.store as SealingEventStore).sealed as PgEventStore;
    // Once the first page of streams has been read (h-3 folded to the end it had), h-3 and a new
    // household get events: past the rebuild's upper bound, so the streams leave them out and
    // the rebuild must take them in from the log.
    const growing = growingWhileRead(sealed, ledger.commands);
    const result = await ledger.overviews.rebuild(growing);
    // 11 households of 11 events (writeHousehold, with its claim-statement requests), and h-3's late income.
    expect(result).toEqual({ events: 122, households: 11 });
    const rebuilt = await ledger.overviews.dump();
    expect(rebuilt.find((d) => d.householdId === 'h-3')?.doc.revision).toBe(12);

    // Equal to the inline model, and to a rebuild from scratch elsewhere.
    const other = await freshPostgres();
    const fresh = new PgHouseholdOverviews(other);
    await fresh.rebuild(sealed);
    expect(rebuilt).toEqual(await fresh.dump());
    expect(await ledger.overviews.checkpoint()).toBe((await sealed.readAll({ after: 0, limit: 1_000 })).at(-1)!.globalPosition);
    await other.end();
    await ledger.close();
  });
});
