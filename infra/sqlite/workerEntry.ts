import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openSqlite } from './database.js';
import { SqliteHouseholdOverviews } from './householdOverviews.js';
import { GroupCommitter } from './sqliteEventStore.js';
import type { Statement } from 'better-sqlite3';
import { toWire, type Reply, type Request, type Row, type WireOutcome, type WorkerData } from './workerCommitter.js';

/**
 * The commit worker (./workerCommitter.ts): owns the embedded store's write connection and
 * runs the groups the main thread sends through the same GroupCommitter the in-thread store
 * uses, one transaction at a time; it answers after COMMIT returned (synchronous=FULL).
 */
const data = workerData as WorkerData;
const port = parentPort!;
const db = openSqlite(data.file);
const overviews = new SqliteHouseholdOverviews(db, { cache: data.overviewCache });
const committer = new GroupCommitter(db, [overviews]);

/** Appends per transaction, as on the main thread (sqliteEventStore.ts MAX_BATCH). */
const MAX_APPENDS = 512;

port.on('message', (first: Request) => {
  // What the main thread sent while the last group was being committed is committed as one
  // group now: one transaction, one fsync, however many messages it came in.
  const requests: Request[] = [first];
  let appends = 'appends' in first ? first.appends.length : 0;
  while (appends < MAX_APPENDS && !('close' in requests[requests.length - 1]!)) {
    const next = receiveMessageOnPort(port);
    if (!next) break;
    const request = next.message as Request;
    requests.push(request);
    if ('appends' in request) appends += request.appends.length;
  }
  const groups = requests.filter((r): r is Extract<Request, { appends: unknown }> => 'appends' in r);
  if (groups.length > 0) commitGroups(groups);
  const writes = requests.filter((r): r is Extract<Request, { write: unknown }> => 'write' in r);
  if (writes.length > 0) commitWrites(writes);
  const close = requests.find((r) => 'close' in r);
  if (close) {
    db.close();
    port.postMessage({ ids: [close.id], closed: true } satisfies Reply);
    port.close();
  }
});

const statements = new Map<string, Statement>();
/** The writes that queued, in one transaction (one fsync), each in a savepoint of its own: one that fails, fails alone. */
const writeAll = db.transaction((writes: ReadonlyArray<Extract<Request, { write: unknown }>>, answers: Array<number | Error>) => {
  for (const { write } of writes) {
    try {
      answers.push(writeOne(write.sql, write.rows));
    } catch (error) {
      answers.push(error as Error);
    }
  }
}).immediate;
const writeOne = db.transaction((sql: string, rows: readonly Row[]): number => {
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  let changes = 0;
  for (const row of rows) changes += (Array.isArray(row) ? statement.run(...(row as unknown[])) : statement.run(row)).changes;
  return changes;
});

function commitWrites(writes: ReadonlyArray<Extract<Request, { write: unknown }>>): void {
  const answers: Array<number | Error> = [];
  try {
    writeAll(writes, answers);
  } catch (error) {
    port.postMessage({ ids: writes.map((w) => w.id), failed: toWire(error) } satisfies Reply);
    return;
  }
  // A write that failed in its savepoint is answered alone; the rest committed.
  const failed = writes.filter((_, i) => answers[i] instanceof Error);
  for (const w of failed) port.postMessage({ ids: [w.id], failed: toWire(answers[writes.indexOf(w)]) } satisfies Reply);
  const done = writes.filter((_, i) => !(answers[i] instanceof Error));
  if (done.length > 0) port.postMessage({ ids: done.map((w) => w.id), changes: answers.filter((a): a is number => !(a instanceof Error)) } satisfies Reply);
}

function commitGroups(groups: ReadonlyArray<Extract<Request, { appends: unknown }>>): void {
  const ids = groups.map((g) => g.id);
  let reply: Reply;
  try {
    const committed = committer.commit(groups.length === 1 ? groups[0]!.appends : groups.flatMap((g) => g.appends));
    const outcomes = committed.outcomes.map((o): WireOutcome => {
      if (!o.ok) return { ok: false, error: toWire(o.error) };
      if (!o.fresh) return { ok: true, retried: o.result };
      return { ok: true, revision: o.result.revision, positions: o.result.events.map((e) => e.globalPosition) };
    });
    reply = { ids, outcomes, sequence: committed.sequence };
  } catch (error) {
    reply = { ids, failed: toWire(error) };
  }
  port.postMessage(reply);
}
