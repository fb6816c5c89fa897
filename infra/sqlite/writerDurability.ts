import { closeSync, fdatasync, openSync } from 'node:fs';
import type { SqliteDatabase } from './database.js';

/** The WAL file's descriptor; null when there is none (it exists once the file was written in WAL mode). */
function openWal(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Makes the event store's commits durable off the event-loop thread.
 *
 * With `synchronous=FULL` SQLite calls fsync on the WAL inside COMMIT, and better-sqlite3 runs
 * COMMIT on the JavaScript thread: for the fsync's duration (0.15 ms on a quiet disk, several
 * ms on a busy one) nothing else runs, so deciding the next group of commands waits for the
 * disk. Instead, the event store commits its group with `synchronous=NORMAL` (the WAL frames
 * are written, not synced; SQLite still syncs the WAL before every checkpoint and the database
 * file after it, so nothing acknowledged can be lost by a checkpoint), then calls `durable()`:
 * an `fdatasync` of the WAL file on libuv's thread pool. The appends are acknowledged only when
 * it returns, so acknowledged = on disk, as with FULL; meanwhile the event loop decides and
 * commits the next group, which the next fdatasync covers. Concurrent callers share one
 * fdatasync: a caller waits for the first one that starts after its commit.
 *
 * One difference from FULL remains, and it is only about power loss (a crashed process loses
 * nothing: the frames are in the OS page cache): between the commit and the fdatasync, a read
 * on this connection can see a group that is not yet on disk. A power cut in that window loses
 * the group, which no writer was told had been stored.
 *
 * A failed fdatasync leaves the file's state unknown (the kernel may have dropped the dirty
 * pages): every append waiting on it is refused, and so is every later one, until the process
 * restarts and SQLite recovers from what is on disk.
 */
export class WalDurability {
  private readonly fd: number | null;
  private inFlight = false;
  /** Callers whose commit is done, waiting for an fdatasync that starts after it. */
  private waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private failure: Error | null = null;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(private readonly db: SqliteDatabase) {
    const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
    // In memory (tests) or not in WAL mode: COMMIT stays as the connection is configured.
    this.fd = !db.memory && mode === 'wal' ? openWal(`${db.name}-wal`) : null;
  }

  /** True when commits are synced here, after COMMIT; false when COMMIT itself syncs. */
  get deferred(): boolean {
    return this.fd !== null;
  }

  /** Runs `commit` (a synchronous transaction) without syncing inside COMMIT when syncing is deferred here. */
  commitUnsynced<T>(commit: () => T): T {
    if (this.failure) throw this.failure;
    if (this.fd === null) return commit();
    this.db.pragma('synchronous = NORMAL');
    try {
      return commit();
    } finally {
      // Everything else on this connection (read audit, registrations) commits with FULL, as configured.
      this.db.pragma('synchronous = FULL');
    }
  }

  /** Resolves once everything committed before the call is on disk. */
  durable(): Promise<void> {
    if (this.fd === null) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.start();
    });
  }

  private start(): void {
    if (this.inFlight || this.waiting.length === 0 || this.fd === null) return;
    const batch = this.waiting;
    this.waiting = [];
    this.inFlight = true;
    fdatasync(this.fd, (error) => {
      this.inFlight = false;
      if (error) {
        this.failure ??= new Error(`the disk did not confirm a write of the event log (fdatasync: ${error.message}); restart the server`, { cause: error });
      }
      for (const w of batch) {
        if (this.failure) w.reject(this.failure);
        else w.resolve();
      }
      if (this.failure) for (const w of this.waiting.splice(0)) w.reject(this.failure);
      this.start();
      if (!this.inFlight) for (const done of this.idle.splice(0)) done();
    });
  }

  /** Waits for the fdatasync under way, then closes the WAL file's descriptor (before the database closes). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight) await new Promise<void>((resolve) => this.idle.push(resolve));
    if (this.fd !== null) closeSync(this.fd);
  }
}
