import { parseArgs } from 'node:util';
import { defaultParameters } from '../domain/parameters.js';
import { openPostgres } from '../infra/postgres/database.js';
import { PgEventStore } from '../infra/postgres/pgEventStore.js';
import { PgHouseholdOverviews } from '../infra/postgres/pgHouseholdOverviews.js';
import { SqliteHouseholdOverviews } from '../infra/sqlite/householdOverviews.js';
import { databaseFile } from '../infra/ledger.js';
import { openSqlite } from '../infra/sqlite/database.js';
import { fixture } from './fixtures.js';
import {
  benchSchema,
  DATABASE_URL,
  demoTemplates,
  dropSchema,
  fillStore,
  machine,
  numberFlag,
  postgresReachable,
  removeTempDirs,
  report,
  round,
  tempDir,
} from './support.js';

/**
 * Projection rebuild: the household overview folded again from the whole event log, in one
 * transaction (`npm run rebuild-projections`).
 *
 * SQLite: on a copy of the interleaved store of `--households` households (bench/fixtures.ts:
 * ~22 events each, a household's events spread over the log as commands arrive over time, so
 * reading stream by stream jumps about the file). PostgreSQL: `--postgres-events` events of
 * realistic demo households (stamped out of `--templates` distinct ones), written household by
 * household. Personal data sealed as the ledger stores it in both.
 */
const { values } = parseArgs({
  options: {
    households: { type: 'string' },
    'postgres-events': { type: 'string' },
    templates: { type: 'string' },
    'skip-postgres': { type: 'boolean' },
  },
});
const HOUSEHOLDS = numberFlag(values, 'households', 100_000);
const POSTGRES_EVENTS = numberFlag(values, 'postgres-events', 200_000);
const TEMPLATES = numberFlag(values, 'templates', 500);

async function main(): Promise<void> {
  report('machine', machine());

  // ---------------------------------------------------------------- SQLite
  const dir = tempDir('tb-bench-rebuild-');
  const f = await fixture(HOUSEHOLDS, dir);
  const db = openSqlite(databaseFile(dir));
  // The file was just copied: its pages are in the OS cache, as a server's working file would be.
  let t0 = performance.now();
  const result = await new SqliteHouseholdOverviews(db).rebuild();
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  const perSecond = Math.round(result.events / seconds);
  report('projection_rebuild_sqlite', {
    ...result,
    log: `interleaved (${f.households} households, ~${Math.round(f.meanEvents)} events each, ${f.databaseMb} MB file)`,
    seconds: round(seconds),
    secondsPerMillionEvents: round((seconds * 1_000_000) / result.events),
    perSecond,
    target: '>= 50000 events/s; 1,000,000 events in < 20 s',
    met: perSecond >= 50_000,
  });
  removeTempDirs();
  const templates = await demoTemplates(TEMPLATES, 7, defaultParameters);
  const perHousehold = templates.reduce((s, t) => s + t.events, 0) / templates.length;

  // ---------------------------------------------------------------- PostgreSQL
  const down = values['skip-postgres'] ? 'skipped (--skip-postgres)' : await postgresReachable();
  if (down !== null) {
    report('projection_rebuild_postgres', { skipped: down });
    return;
  }
  const schema = benchSchema('rebuild');
  const pool = await openPostgres({ connectionString: DATABASE_URL, schema, max: 20 });
  try {
    const { SealingEventStore } = await import('../infra/crypto/sealingEventStore.js');
    const { PgKeyStore } = await import('../infra/crypto/keyStore.js');
    const { deriveMasterKeys } = await import('../infra/crypto/sealing.js');
    const { BENCH_KEY_SECRET } = await import('./support.js');
    const master = deriveMasterKeys(BENCH_KEY_SECRET);
    const log = new PgEventStore(pool, [], false);
    const sealing = new SealingEventStore(log, new PgKeyStore(pool, master));
    t0 = performance.now();
    const pgFilled = await fillStore(sealing, { households: Math.ceil(POSTGRES_EVENTS / perHousehold), templates, parallel: 16 });
    report('rebuild_postgres_fill', { ...pgFilled, seconds: round((performance.now() - t0) / 1000) });
    t0 = performance.now();
    const pgResult = await new PgHouseholdOverviews(pool).rebuild(log);
    const pgSeconds = (performance.now() - t0) / 1000;
    const pgPerSecond = Math.round(pgResult.events / pgSeconds);
    report('projection_rebuild_postgres', { ...pgResult, seconds: round(pgSeconds), perSecond: pgPerSecond, target: '>= 30000 events/s', met: pgPerSecond >= 30_000 });
  } finally {
    await pool.end();
    await dropSchema(schema);
  }
}

await main();
