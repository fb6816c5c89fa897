import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openSqlite } from './database.js';
import { SqliteHouseholdOverviews } from './householdOverviews.js';
import { GroupCommitter } from './sqliteEventStore.js';
import { toWire, type Reply, type Request, type WireOutcome, type WorkerData } from './workerCommitter.js';

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
  const close = requests.find((r) => 'close' in r);
  if (close) {
    db.close();
    port.postMessage({ ids: [close.id], closed: true } satisfies Reply);
    port.close();
  }
});

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
