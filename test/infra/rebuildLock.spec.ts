import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHouseholdDecider } from '../../domain/household/decider.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import { PgEventStore } from '../../infra/postgres/pgEventStore.js';
import { PgHouseholdOverviews } from '../../infra/postgres/pgHouseholdOverviews.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteHouseholdOverviews } from '../../infra/sqlite/householdOverviews.js';
import { SqliteEventStore } from '../../infra/sqlite/sqliteEventStore.js';
import { RebuildRunningError } from '../../projections/runner.js';
import { freshDir, removeFreshDirs } from '../support/host.js';
import { writeHousehold } from '../support/householdScript.js';
import { pgPoolsPerTest, postgresUnavailable } from '../support/postgres.js';

afterAll(removeFreshDirs);

/**
 * A rebuild drops and refills the build tables beside the live model, then switches them live.
 * Two at once (the CLI while another runs, two instances, two calls in one process) would drop
 * each other's build and could switch a half-built model live: the second is refused, with who
 * holds the rebuild, and the first finishes with the model a fold from scratch gives.
 */
describe('one rebuild at a time', () => {
  it('SQLite: a second rebuild of the same file, from this process or through another connection, is refused while one runs; a lock left by a dead process is taken over', async () => {
    const file = join(freshDir('tb-rebuild-lock-'), 'ledger.sqlite');
    const db = openSqlite(file);
    const overviews = new SqliteHouseholdOverviews(db);
    const store = new SqliteEventStore(db, [overviews]);
    const commands = new CommandHandler(store, createHouseholdDecider(defaultParameters));
    await Promise.all([0, 1, 2].map((i) => writeHousehold(commands, `lock-${i}`, i)));
    const before = overviews.dump();

    const other = openSqlite(file);
    try {
      const first = overviews.rebuild();
      await expect(overviews.rebuild()).rejects.toThrow(RebuildRunningError);
      await expect(new SqliteHouseholdOverviews(other).rebuild()).rejects.toThrow(new RegExp(`already running \\(process ${process.pid}, since `));
      expect(await first).toEqual({ events: expect.any(Number), households: 3 });
      expect(overviews.dump()).toEqual(before);

      // Released when it ends: the next one runs.
      await overviews.rebuild();
      // A row left by a process that was killed mid-rebuild (no process has this id) does not block.
      other.prepare("INSERT OR REPLACE INTO rebuild_locks (name, pid, started_at) VALUES ('household_overview', 2147483646, '2026-12-01T00:00:00Z')").run();
      expect(await new SqliteHouseholdOverviews(other).rebuild()).toEqual({ events: expect.any(Number), households: 3 });
      expect(other.prepare('SELECT count(*) AS n FROM rebuild_locks').get()).toEqual({ n: 0 });
      expect(overviews.dump()).toEqual(before);
    } finally {
      other.close();
      await store.close();
    }
  });
});

describe.skipIf(postgresUnavailable !== null)('one rebuild at a time, PostgreSQL', () => {
  const pool = pgPoolsPerTest();

  it('two instances rebuilding at once: one runs, the other is refused, and the model is the one a fold from scratch gives', async () => {
    const db = await pool();
    const overviews = new PgHouseholdOverviews(db);
    const commands = new CommandHandler(new PgEventStore(db, [overviews], false), createHouseholdDecider(defaultParameters));
    await Promise.all([0, 1, 2].map((i) => writeHousehold(commands, `lock-${i}`, i)));
    const before = await overviews.dump();
    const source = new PgEventStore(db, [], false);

    const outcomes = await Promise.allSettled([overviews.rebuild(source), new PgHouseholdOverviews(db).rebuild(source)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(RebuildRunningError);
    expect(await overviews.dump()).toEqual(before);
    // The lock went with the rebuild: the next one runs.
    expect(await new PgHouseholdOverviews(db).rebuild(source)).toEqual({ events: expect.any(Number), households: 3 });
    expect(await overviews.dump()).toEqual(before);
  });
});
