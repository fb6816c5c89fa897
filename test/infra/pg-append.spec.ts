import { afterAll, describe, expect, it, vi } from 'vitest';
import { LedgerError } from '../../domain/errors.js';
import { createHouseholdDecider } from '../../domain/household/decider.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import type { EventToAppend, RecordedEvent } from '../../infra/eventStore.js';
import { openPostgres, type PgPool } from '../../infra/postgres/database.js';
import { PgEventStore } from '../../infra/postgres/pgEventStore.js';
import { PgHouseholdOverviews } from '../../infra/postgres/pgHouseholdOverviews.js';
import { householdStream } from '../../infra/streams.js';
import { writeHousehold } from '../support/householdScript.js';
import { databaseUrl, dropTestSchemas, freshPostgres, postgresUnavailable } from '../support/postgres.js';

afterAll(dropTestSchemas);

let n = 0;
function event(data: unknown = null): EventToAppend {
  n += 1;
  return { type: 'Happened', v: 1, data: data ?? { n }, meta: { commandId: `cmd-${n}`, recordedAt: '2025-03-20T10:00:00.000+01:00' } };
}

/** A second pool on the same schema: another process appending to the same store. */
async function samePlace(pool: PgPool): Promise<PgPool> {
  const { rows } = await pool.query<{ schema: string }>('SELECT current_schema() AS schema');
  return openPostgres({ connectionString: databaseUrl!, schema: rows[0]!.schema, max: 5 });
}

function appendStatements(spy: { mock: { calls: unknown[][] } }): number {
  return spy.mock.calls.filter(([config]) => typeof config === 'object' && config !== null && (config as { name?: string }).name === 'tb-append-events').length;
}

describe.skipIf(postgresUnavailable !== null)('PostgreSQL appends: one statement, group commit', () => {
  it('commits concurrent appends in groups, each with its own outcome, in global order', async () => {
    const pool = await freshPostgres();
    const store = new PgEventStore(pool, [], false);
    await store.append('taken', [event()], 0);
    const spy = vi.spyOn(pool, 'query');
    const attempts = await Promise.allSettled([
      ...Array.from({ length: 60 }, (_, i) => store.append(`s-${i}`, [event(), event()], 0)),
      // Stale: fails alone, inside a group of appends that succeed.
      store.append('taken', [event()], 0),
    ]);
    const statements = appendStatements(spy);
    spy.mockRestore();

    const results = attempts.slice(0, 60).map((a) => {
      if (a.status !== 'fulfilled') throw a.reason;
      return a.value;
    });
    const stale = attempts[60]!;
    expect(stale.status).toBe('rejected');
    expect(((stale as PromiseRejectedResult).reason as LedgerError).code).toBe('CONFLICT');
    // Far fewer statements (transactions, WAL flushes) than appends.
    expect(statements).toBeLessThan(20);
    const all = await store.readAll({ after: 0, limit: 1_000 });
    expect(all).toHaveLength(121);
    const positions = all.map((e) => e.globalPosition);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // What each append answered is what the log holds.
    const byPosition = new Map(all.map((e) => [e.globalPosition, e]));
    for (const [i, result] of results.entries()) {
      expect(result.revision).toBe(2);
      expect(result.events.map((e) => byPosition.get(e.globalPosition)?.streamId)).toEqual([`s-${i}`, `s-${i}`]);
      expect(result.events.map((e) => byPosition.get(e.globalPosition)?.revision)).toEqual([1, 2]);
    }
    await pool.end();
  });

  it('lets a faulty append fail alone when its group fails as a whole', async () => {
    const pool = await freshPostgres();
    const store = new PgEventStore(pool, [], false);
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        // PostgreSQL's jsonb refuses the NUL character: the whole group's statement fails.
        store.append(`s-${i}`, [event(i === 7 ? { text: 'a\u0000b' } : null)], 0),
      ),
    );
    expect(attempts.map((a) => a.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i === 7 ? 'rejected' : 'fulfilled')));
    expect(await store.readAll({ after: 0, limit: 100 })).toHaveLength(19);
    expect(await store.readStream('s-7')).toEqual([]);
    // The stream that failed is intact and takes its first event.
    expect((await store.append('s-7', [event()], 0)).revision).toBe(1);
    await pool.end();
  });

  it('answers a retry of the same command in the same group as the first append was answered', async () => {
    const pool = await freshPostgres();
    const store = new PgEventStore(pool, [], false);
    await store.append('s', [event()], 0);
    const command = [event(), event()];
    const [first, retry, other] = await Promise.allSettled([store.append('s', command, 1), store.append('s', command, 1), store.append('s', [event()], 1)]);
    expect(first.status).toBe('fulfilled');
    expect(retry.status).toBe('fulfilled');
    expect((retry as PromiseFulfilledResult<{ globalPosition: number }>).value.globalPosition).toBe(
      (first as PromiseFulfilledResult<{ globalPosition: number }>).value.globalPosition,
    );
    expect(other.status).toBe('rejected');
    expect(await store.readStream('s')).toHaveLength(3);
    await pool.end();
  });

  it('never lets a catch-up reader skip an event, with two processes appending in groups to the same streams', async () => {
    const pool = await freshPostgres();
    const otherPool = await samePlace(pool);
    const stores = [new PgEventStore(pool, [], false), new PgEventStore(otherPool, [], false)];
    const seen: RecordedEvent[] = [];
    let writing = true;
    const reader = (async () => {
      for (;;) {
        const done = !writing;
        const page = await stores[0]!.readAll({ after: seen.at(-1)?.globalPosition ?? 0, limit: 7 });
        seen.push(...page);
        if (done && page.length === 0) return;
      }
    })();
    // Both processes write to the same ten streams, in opposite orders, new and existing:
    // conflicts are answered as conflicts, never as deadlocks.
    const rounds = 15;
    const writers = stores.flatMap((store, s) =>
      Array.from({ length: 10 }, (_, w) =>
        (async () => {
          for (let r = 0; r < rounds; r++) await store.append(`shared-${s === 0 ? w : 9 - w}`, [event()], 'any');
        })(),
      ),
    );
    await Promise.all(writers);
    writing = false;
    await reader;
    const all = await stores[0]!.readAll({ after: 0, limit: 10_000 });
    expect(all).toHaveLength(2 * 10 * rounds);
    expect(seen.map((e) => e.globalPosition)).toEqual(all.map((e) => e.globalPosition));
    for (let w = 0; w < 10; w++) {
      expect((await stores[0]!.readStream(`shared-${w}`)).map((e) => e.revision)).toEqual(Array.from({ length: 2 * rounds }, (_, i) => i + 1));
    }
    await otherPool.end();
    await pool.end();
  }, 60_000);

  it("folds the inline document again when it changed after it was read ('any' appends to one household)", async () => {
    // Real household events, as stored: a registration and an income declaration.
    const source = await freshPostgres();
    const sourceStore = new PgEventStore(source, [], false);
    await writeHousehold(new CommandHandler(sourceStore, createHouseholdDecider(defaultParameters)), 'h-any', 1);
    const [registered, declared] = await sourceStore.readStream(householdStream('h-any'));
    await source.end();
    const asAppend = (e: RecordedEvent, commandId: string): EventToAppend => ({
      type: e.type,
      v: e.v,
      data: e.data,
      meta: { ...(e.meta as EventToAppend['meta']), commandId },
    });

    const pool = await freshPostgres();
    const overviews = new PgHouseholdOverviews(pool);
    const store = new PgEventStore(pool, [overviews], false);
    await store.append(householdStream('h-any'), [asAppend(registered!, 'reg')], 0);
    // Both read the document at revision 1; they land in one group or two, and the second finds it moved on.
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => store.append(householdStream('h-any'), [asAppend(declared!, `inc-${i}`)], 'any')));
    expect(results.map((r) => r.revision).sort()).toEqual([2, 3, 4, 5]);
    const doc = await overviews.read('h-any');
    expect(doc?.revision).toBe(5);
    expect(doc?.incomes).toHaveLength(4);
    expect(await overviews.checkpoint()).toBe(Math.max(...results.map((r) => r.globalPosition)));
    await pool.end();
  });
});
