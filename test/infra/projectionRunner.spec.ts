import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createHouseholdDecider } from '../../domain/household/decider.js';
import { defaultParameters } from '../../domain/parameters.js';
import { CommandHandler } from '../../infra/commandHandler.js';
import type { PgPool } from '../../infra/postgres/database.js';
import { PgEventStore } from '../../infra/postgres/pgEventStore.js';
import { PgHouseholdOverviews } from '../../infra/postgres/pgHouseholdOverviews.js';
import { databaseUrl, dropTestSchemas, freshPostgres, postgresUnavailable } from '../support/postgres.js';
import { EVENTS_PER_HOUSEHOLD, writeHousehold } from '../support/householdScript.js';

afterAll(dropTestSchemas);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** An event log in PostgreSQL with no inline read model, as the runner sees EventStoreDB. */
async function logWithHouseholds(households: number): Promise<{ pool: PgPool; store: PgEventStore; events: number }> {
  const pool = await freshPostgres();
  const store = new PgEventStore(pool, [], false);
  const commands = new CommandHandler(store, createHouseholdDecider(defaultParameters));
  for (let h = 0; h < households; h++) await writeHousehold(commands, `h-${h}`, h);
  return { pool, store, events: households * EVENTS_PER_HOUSEHOLD };
}

/** What a full rebuild gives, in a schema of its own. */
async function rebuilt(store: PgEventStore) {
  const other = await freshPostgres();
  const overviews = new PgHouseholdOverviews(other);
  await overviews.rebuild(store);
  const dump = await overviews.dump();
  await other.end();
  return dump;
}

describe.skipIf(postgresUnavailable !== null)('projection runner (PostgreSQL read models)', () => {
  it('catches up from its checkpoint and equals a full rebuild', async () => {
    const { pool, store, events } = await logWithHouseholds(6);
    const overviews = new PgHouseholdOverviews(pool);
    const runner = overviews.runner.background(store, overviews, { batchSize: 5, idleMs: 10 });
    expect(await runner.catchUp()).toBe(events);
    expect(await overviews.dump()).toEqual(await rebuilt(store));
    // Nothing new: a second catch-up changes nothing.
    expect(await runner.catchUp()).toBe(events);
    await pool.end();
  });

  it('applies a batch at most once: a stale checkpoint is fenced', async () => {
    const { pool, store } = await logWithHouseholds(1);
    const overviews = new PgHouseholdOverviews(pool);
    const batch = await store.readAll({ after: 0, limit: 100 });
    expect(await overviews.applyBatch(batch, 0)).toBe(batch[batch.length - 1]!.globalPosition);
    await expect(overviews.applyBatch(batch, 0)).rejects.toThrow(/no longer 0/);
    const [doc] = await overviews.dump();
    expect(doc!.doc.revision).toBe(EVENTS_PER_HOUSEHOLD);
    await pool.end();
  });

  it('goes on from the rebuilt model when a rebuild switches tables under it (the checkpoint fence)', async () => {
    const { pool, store } = await logWithHouseholds(8);
    const overviews = new PgHouseholdOverviews(pool);
    const runner = overviews.runner.background(store, overviews, { batchSize: 3, idleMs: 10, standbyRetryMs: 50 });
    runner.start();
    await until('the runner to lead', async () => runner.isActive);
    const commands = new CommandHandler(store, createHouseholdDecider(defaultParameters));
    // Households keep landing while the rebuild folds and switches.
    const writers = (async () => {
      for (let h = 8; h < 14; h++) await writeHousehold(commands, `h-${h}`, h);
    })();
    await overviews.rebuild(store);
    await writers;
    const end = (await store.readAll({ after: 0, limit: 10_000 })).at(-1)!.globalPosition;
    await until('the runner to take in the log to its end', async () => (await overviews.checkpoint()) === end);
    await runner.stop();
    expect(await overviews.dump()).toEqual(await rebuilt(store));
    await pool.end();
  });

  it('keeps exactly one active runner per read model, and a standby takes over when it stops', async () => {
    const { pool, store } = await logWithHouseholds(2);
    const overviews = new PgHouseholdOverviews(pool);
    const a = overviews.runner.background(store, overviews, { idleMs: 10, standbyRetryMs: 100 });
    const b = overviews.runner.background(store, overviews, { idleMs: 10, standbyRetryMs: 100 });
    a.start();
    await until('runner a to lead', async () => a.isActive);
    b.start();
    await sleep(300);
    expect(b.isActive).toBe(false);
    await a.stop();
    // Within 3 s of the leader stopping (its retry is every 100 ms).
    await until('runner b to take over', async () => b.isActive, 3_000);
    const commands = new CommandHandler(store, createHouseholdDecider(defaultParameters));
    await writeHousehold(commands, 'h-late', 9);
    await until('the late household to be projected', async () => (await overviews.read('h-late'))?.revision === EVENTS_PER_HOUSEHOLD);
    await b.stop();
    await pool.end();
  });

  it('takes every event exactly once after its process is killed mid-batch (SIGKILL) and restarted', async () => {
    const { pool, store } = await logWithHouseholds(40);
    const schema = (await pool.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    const fixture = fileURLToPath(new URL('./fixtures/projection-runner.ts', import.meta.url));
    const start = () => spawn(process.execPath, ['--import', 'tsx', fixture, databaseUrl!, schema], { stdio: 'ignore' });
    const overviews = new PgHouseholdOverviews(pool);
    const first = start();
    await until('the runner to have applied some batches', async () => (await overviews.checkpoint()) > 20);
    // A standby in another process waits for the lock while the first one works.
    const standby = overviews.runner.background(store, overviews, { batchSize: 7, idleMs: 20, standbyRetryMs: 100 });
    standby.start();
    await sleep(300);
    expect(standby.isActive).toBe(false);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    // 40 households of EVENTS_PER_HOUSEHOLD (11) events: 440.
    expect(await overviews.checkpoint()).toBeLessThan(440);
    // Within 5 s of the kill: the dead session's lock is released with its connection.
    await until('the standby to take over', async () => standby.isActive, 5_000);
    await until('the log to be projected to its end', async () => (await overviews.checkpoint()) === 440, 30_000);
    await standby.stop();
    // And a restarted process finds nothing left to do.
    const again = start();
    await sleep(500);
    again.kill('SIGKILL');
    await new Promise((r) => again.once('exit', r));
    expect(await overviews.checkpoint()).toBe(440);
    expect(await overviews.dump()).toEqual(await rebuilt(store));
    await pool.end();
  }, 60_000);
});
