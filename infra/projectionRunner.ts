import { followStore, type EventStore } from './eventStore.js';
import type { PgPool } from './postgres/database.js';
import { CheckpointFenceError, type PgHouseholdOverviews } from './postgres/pgHouseholdOverviews.js';

export interface ProjectionRunnerOptions {
  /** Events per transaction: the bound that keeps a slow read model from being flooded. */
  batchSize?: number;
  /** How long to wait when caught up before looking again. */
  idleMs?: number;
  /** How often a standby instance tries to become the active runner. */
  standbyRetryMs?: number;
  onError?: (error: unknown) => void;
}

/** One advisory-lock key per read model: exactly one active runner per read model. */
function lockKey(name: string): number {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Keeps a PostgreSQL read model up to date from an event store that is not in the same
 * database (EventStoreDB): catch-up from the checkpoint, then live follow. Several API
 * instances may run one each; a session-level advisory lock makes one of them active, and when
 * it dies its lock goes with its connection and a standby takes over within `standbyRetryMs`.
 * Each batch moves the checkpoint in the same transaction as the documents, fenced on the
 * checkpoint it was read from, so an event takes effect exactly once even across a takeover.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly standbyRetryMs: number;
  private running = false;
  private loop: Promise<void> | null = null;
  private active = false;

  constructor(
    private readonly source: EventStore,
    private readonly target: PgHouseholdOverviews,
    private readonly pool: PgPool,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.idleMs = options.idleMs ?? 100;
    this.standbyRetryMs = options.standbyRetryMs ?? 1_000;
  }

  get isActive(): boolean {
    return this.active;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.lead();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (this.running) await sleep(this.standbyRetryMs);
    }
  }

  /** Holds the lock while it follows the log; returns when it lost or never got the lock. */
  private async lead(): Promise<void> {
    const lock = await this.pool.connect();
    let broken = false;
    lock.on('error', () => {
      broken = true;
    });
    try {
      const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [lockKey(this.target.name)]);
      if (!rows[0]?.ok) return;
      this.active = true;
      let checkpoint = await this.target.checkpoint();
      const stop = new AbortController();
      const watch = setInterval(() => {
        if (!this.running || broken) stop.abort();
      }, this.idleMs);
      try {
        await followStore(
          this.source,
          checkpoint,
          async (events) => {
            try {
              checkpoint = await this.target.applyBatch(events, checkpoint);
            } catch (error) {
              if (!(error instanceof CheckpointFenceError)) throw error;
              // Someone else moved the checkpoint: stop and start again from where it is now.
              stop.abort();
            }
          },
          { signal: stop.signal, batchSize: this.batchSize, idleMs: this.idleMs },
        );
      } finally {
        clearInterval(watch);
      }
    } finally {
      this.active = false;
      await lock.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      lock.release(broken);
    }
  }

  /** Applies everything up to the log's current end once (for tests and the rebuild CLI). */
  async catchUp(): Promise<number> {
    let checkpoint = await this.target.checkpoint();
    for (;;) {
      const events = await this.source.readAll({ after: checkpoint, limit: this.batchSize });
      if (events.length === 0) return checkpoint;
      checkpoint = await this.target.applyBatch(events, checkpoint);
    }
  }
}
