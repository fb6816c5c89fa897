import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import { databaseFile, openEmbeddedLedger, openPostgresLedger } from '../../infra/ledger.js';
import { openPostgres } from '../../infra/postgres/database.js';
import { PgEventStore } from '../../infra/postgres/pgEventStore.js';
import { PgHouseholdOverviews } from '../../infra/postgres/pgHouseholdOverviews.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteHouseholdOverviews } from '../../infra/sqlite/householdOverviews.js';
import { householdOverviewProjection } from '../../projections/householdOverview.js';
import { checkVersion, ProjectionVersionError } from '../../projections/projection.js';
import { writeHousehold } from '../support/householdScript.js';
import { databaseUrl, dropTestSchemas, freshSchema, postgresUnavailable } from '../support/postgres.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await dropTestSchemas();
});

const KEY_SECRET = 'projection-version-test-secret-0123456789';
const REFUSAL = /read model household_overview was built by version 7 of its projection; this program folds version 1\. .*npm run rebuild-projections/;

describe('the projection version', () => {
  it('is refused when it differs from the code, and a model from before versions counts as version 1', () => {
    const projection = { name: 'p', version: 2 };
    expect(() => checkVersion(projection, 2)).not.toThrow();
    expect(() => checkVersion(projection, 1)).toThrow(ProjectionVersionError);
    expect(() => checkVersion(projection, 3)).toThrow(/built by version 3 .* folds version 2/);
    expect(() => checkVersion(projection, null)).toThrow(/built by version 1 /);
    expect(() => checkVersion({ name: 'p', version: 1 }, null)).not.toThrow();
  });

  it('SQLite: a new store records it; another version refuses to open until the rebuild records this one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-version-'));
    dirs.push(dir);
    const file = databaseFile(dir);
    const ledger = openEmbeddedLedger(file, defaultParameters, { keySecret: KEY_SECRET });
    await writeHousehold(ledger.commands, 'h-1', 1);
    expect(ledger.overviews.version()).toBe(householdOverviewProjection.version);
    const before = ledger.overviews.dump();
    await ledger.close();

    const db = openSqlite(file);
    db.prepare("UPDATE projection_checkpoints SET version = 7 WHERE name = 'household_overview'").run();
    db.close();
    expect(() => openEmbeddedLedger(file, defaultParameters, { keySecret: KEY_SECRET })).toThrow(REFUSAL);

    // What `npm run rebuild-projections` does: fold again with this program, record its version.
    const cli = openSqlite(file);
    expect(await new SqliteHouseholdOverviews(cli).rebuild()).toEqual({ events: 11, households: 1 });
    cli.close();
    const reopened = openEmbeddedLedger(file, defaultParameters, { keySecret: KEY_SECRET });
    expect(reopened.overviews.version()).toBe(householdOverviewProjection.version);
    expect(reopened.overviews.dump()).toEqual(before);
    await reopened.close();

    // A model built before versions were recorded (null) was built by version 1.
    const old = openSqlite(file);
    old.prepare("UPDATE projection_checkpoints SET version = NULL WHERE name = 'household_overview'").run();
    old.close();
    const legacy = openEmbeddedLedger(file, defaultParameters, { keySecret: KEY_SECRET });
    expect(legacy.overviews.dump()).toEqual(before);
    await legacy.close();
  });

  it.skipIf(postgresUnavailable !== null)('PostgreSQL: the same, for the inline and the background model', async () => {
    const schema = freshSchema();
    const ledger = await openPostgresLedger(databaseUrl!, defaultParameters, { schema, keySecret: KEY_SECRET });
    await writeHousehold(ledger.commands, 'h-1', 1);
    const before = await ledger.overviews.dump();
    await ledger.close();

    const pool = await openPostgres({ connectionString: databaseUrl!, schema });
    await pool.query("UPDATE projection_checkpoints SET version = 7 WHERE name = 'household_overview'");
    await expect(openPostgresLedger(databaseUrl!, defaultParameters, { schema, keySecret: KEY_SECRET })).rejects.toThrow(REFUSAL);
    // The EventStoreDB ledger's model is checked the same way before its runner starts.
    await expect(new PgHouseholdOverviews(pool).checkVersion()).rejects.toThrow(REFUSAL);

    const overviews = new PgHouseholdOverviews(pool);
    expect(await overviews.rebuild(new PgEventStore(pool, [], false))).toEqual({ events: 11, households: 1 });
    expect(await overviews.version()).toBe(householdOverviewProjection.version);
    await pool.end();
    const reopened = await openPostgresLedger(databaseUrl!, defaultParameters, { schema, keySecret: KEY_SECRET });
    expect(await reopened.overviews.dump()).toEqual(before);
    await reopened.close();
  });
});
