import { afterAll, describe, expect, it } from 'vitest';
import { loadDemoHousehold } from '../../infra/cli/demoData.js';
import { createHouseholdDecider } from '../../domain/household/decider.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import type { PgPool } from '../../infra/postgres/database.js';
import { PgEventStore } from '../../infra/postgres/pgEventStore.js';
import { PgHouseholdOverviews } from '../../infra/postgres/pgHouseholdOverviews.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteHouseholdOverviews } from '../../infra/sqlite/householdOverviews.js';
import { SqliteEventStore } from '../../infra/sqlite/sqliteEventStore.js';
import type { RecordedEvent } from '../../infra/eventStore.js';
import { writeHousehold } from '../support/householdScript.js';
import { dropTestSchemas, freshPostgres, postgresUnavailable } from '../support/postgres.js';

afterAll(dropTestSchemas);

/**
 * JSON with every object's keys in code-point order: PostgreSQL's jsonb keeps keys in an order
 * of its own (shorter first), so documents are compared in this one form, byte for byte.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function bytesOf(dump: ReadonlyArray<{ householdId: string; doc: unknown }>): Buffer {
  return Buffer.from(dump.map((d) => `${d.householdId}\t${canonical(d.doc)}`).join('\n'));
}

/** PostgreSQL stores each document as a head and its items too (infra/overviewParts.ts). */
async function rawPgDocs(pool: PgPool): Promise<string[]> {
  const { rows } = await pool.query<{ doc: string }>('SELECT doc::text AS doc FROM household_overview ORDER BY household_id');
  const items = await pool.query<{ item: string }>(
    "SELECT household_id || ' ' || list || ' ' || position || ' ' || item::text AS item FROM household_overview_items ORDER BY household_id, list, position",
  );
  return [...rows.map((r) => r.doc), ...items.rows.map((r) => r.item)];
}

const RECORDED_AT = '2025-06-30T09:00:00.000+02:00';

describe.skipIf(postgresUnavailable !== null)('one projection, every way of running it', () => {
  it('gives byte-identical documents inline on SQLite, inline on PostgreSQL, in the background and rebuilt', async () => {
    // The log: demo households (claims, measures, moratoria, arrangements, signals, complaints)
    // written at once, so group commits fold several households per batch.
    const db = openSqlite(':memory:');
    const sqliteOverviews = new SqliteHouseholdOverviews(db);
    const sqliteLog = new SqliteEventStore(db, [sqliteOverviews]);
    const commands = new CommandHandler(sqliteLog, createHouseholdDecider(defaultParameters));
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) =>
        loadDemoHousehold(i, (id, command) => commands.handle(id, command), { seed: 11, parameters: defaultParameters, recordedAt: () => RECORDED_AT }),
      ),
      ...Array.from({ length: 4 }, (_, i) => writeHousehold(commands, `script-${i}`, i)),
    ]);
    const log = await sqliteLog.readAll({ after: 0, limit: 100_000 });
    const households = new Set(log.map((e) => e.streamId)).size;
    expect(households).toBe(16);
    expect(new Set(log.map((e) => e.type)).size).toBeGreaterThan(12);

    // The same log appended to PostgreSQL with its inline model, each stream in order, streams at once.
    const inlinePool = await freshPostgres();
    const pgOverviews = new PgHouseholdOverviews(inlinePool);
    const pgLog = new PgEventStore(inlinePool, [pgOverviews], false);
    const byStream = new Map<string, RecordedEvent[]>();
    for (const e of log) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
    await Promise.all(
      [...byStream].map(async ([streamId, events]) => {
        for (const e of events) {
          await pgLog.append(streamId, [{ type: e.type, v: e.v, data: e.data, meta: e.meta as { commandId: string; recordedAt: string } }], e.revision - 1);
        }
      }),
    );

    // A background runner following that log into a read model of its own, in small batches.
    const backgroundPool = await freshPostgres();
    const background = new PgHouseholdOverviews(backgroundPool);
    const source = new PgEventStore(inlinePool, [], false);
    expect(await background.runner.background(source, background, { batchSize: 7 }).catchUp()).toBe(log.length);

    const sqliteInline = sqliteOverviews.dump();
    // SQLite stores each document as a head and its items (infra/sqlite/overviewLayout.ts).
    const sqliteText = () => [
      ...db.prepare<[], string>('SELECT doc FROM household_overview ORDER BY household_id').pluck().all(),
      ...db.prepare<[], string>("SELECT household_id || ' ' || list || ' ' || position || ' ' || item FROM household_overview_items ORDER BY household_id, list, position").pluck().all(),
    ];
    const sqliteInlineText = sqliteText();
    const pgInline = await pgOverviews.dump();
    const pgInlineText = await rawPgDocs(inlinePool);
    const backgroundDocs = await background.dump();
    expect(sqliteInline).toHaveLength(households);

    expect(await sqliteOverviews.rebuild()).toEqual({ events: log.length, households });
    expect(await pgOverviews.rebuild(source)).toEqual({ events: log.length, households });
    expect(await background.rebuild(source)).toEqual({ events: log.length, households });

    const expected = bytesOf(sqliteInline);
    for (const [how, dump] of [
      ['PostgreSQL inline', pgInline],
      ['background runner', backgroundDocs],
      ['SQLite rebuild', sqliteOverviews.dump()],
      ['PostgreSQL rebuild', await pgOverviews.dump()],
      ['background model rebuilt', await background.dump()],
    ] as const) {
      expect(bytesOf(dump).equals(expected), how).toBe(true);
    }
    // Within one store the stored text itself is the same, byte for byte.
    expect(sqliteText()).toEqual(sqliteInlineText);
    expect(await rawPgDocs(inlinePool)).toEqual(pgInlineText);
    expect(await rawPgDocs(backgroundPool)).toEqual(pgInlineText);

    await sqliteLog.close();
    await inlinePool.end();
    await backgroundPool.end();
  }, 60_000);
});
