import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './database.js';

/**
 * How often the checkpointer looks whether anything was committed since its last checkpoint: at
 * 2,500 commands a second (~10 WAL pages each) that is ~6,000 pages (25 MB) per checkpoint;
 * SQLite's own automatic checkpoint runs at 1,000. 100 ms measured no better (BENCHMARKS.md).
 */
export const CHECKPOINT_INTERVAL_MS = 250;

/**
 * The thread's code, plain CommonJS (run with `eval`, so it needs no loader for TypeScript): its
 * own connection to the file, and every interval, when another connection has committed since
 * (`data_version` moved), a PASSIVE checkpoint: it copies what is in the WAL into the file without
 * waiting for, or holding up, the writer and the readers. With synchronous=FULL SQLite syncs the WAL
 * before it copies and the file after, as the automatic checkpoint does: acknowledged commits stay
 * durable (they were synced in the WAL at their commit).
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
let seen = -1;
let timer = null;
const tick = () => {
  try {
    const version = db.pragma('data_version', { simple: true });
    if (version !== seen) {
      seen = version;
      // Busy (another connection checkpointing, a rebuild's) answers a row, not an error.
      db.pragma('wal_checkpoint(PASSIVE)');
      parentPort.postMessage({ checkpointed: true });
    }
  } catch (error) {
    // Reported; the next interval tries again.
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
tick();
`;

interface Report {
  checkpointed?: true;
  error?: string;
}

/**
 * Checkpoints the embedded store's WAL on a thread of its own. SQLite runs its automatic
 * checkpoint inside the commit that takes the WAL past 1,000 pages, on the committing connection,
 * which is the event loop's: it copied ~4 MB into the file and fsynced it while no command was
 * decided, a fifth of the rate with 50 writers (BENCHMARKS.md, 6 December). Here the main
 * connection's automatic checkpoint is off (`wal_autocheckpoint = 0`) and this thread does it.
 * If the thread fails to start or stops, the automatic checkpoint is turned on again.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private closing: Promise<void> | null = null;
  private exited = false;
  /** Checkpoints run, and the last error the thread reported (for tests and diagnostics). */
  checkpoints = 0;
  lastError: string | undefined;

  private constructor(
    private readonly db: SqliteDatabase,
    intervalMs: number,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(THREAD, {
      eval: true,
      workerData: { file: db.name, driver, intervalMs },
      // A small heap: the thread holds one connection and a timer.
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
    });
    // It must not keep the process alive, nor take it down.
    this.worker.unref();
    this.worker.on('message', (report: Report) => {
      if (report.checkpointed) this.checkpoints += 1;
      if (report.error !== undefined) this.lastError = report.error;
    });
    this.worker.on('error', (error) => {
      this.lastError = error.message;
      this.fallBack();
    });
    this.worker.on('exit', () => {
      this.exited = true;
      this.fallBack();
    });
    db.pragma('wal_autocheckpoint = 0');
  }

  /** Null for a database in memory (no WAL). */
  static start(db: SqliteDatabase, options: { intervalMs?: number } = {}): WalCheckpointer | null {
    if (db.memory) return null;
    return new WalCheckpointer(db, options.intervalMs ?? CHECKPOINT_INTERVAL_MS);
  }

  private fallBack(): void {
    if (this.closing || !this.db.open) return;
    this.db.pragma('wal_autocheckpoint = 1000');
  }

  /** Stops the thread and closes its connection (before the main connection closes, so that one is the last and cleans up the WAL). */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      // The thread ends when it has closed its connection and its port; until then it keeps the
      // process alive (else a process with nothing else to do would exit before this settles).
      this.worker.once('exit', () => resolve());
      this.worker.ref();
      this.worker.postMessage('close');
      // A thread that does not answer is ended.
      setTimeout(() => void this.worker.terminate(), 2_000).unref();
    });
    return this.closing;
  }
}
