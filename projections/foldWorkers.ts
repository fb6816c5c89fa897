import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FoldReply, FoldRequest } from './foldWorker.js';
import { foldHousehold, type HouseholdEvents, type Projection, type StoredDocument } from './projection.js';

/** Folds whole household streams into their documents: on worker threads, or on this one. */
export interface HouseholdFolder<D> {
  fold(households: HouseholdEvents[]): Promise<Array<StoredDocument<D>>>;
  close(): Promise<void>;
}

/** At most this many batches wait at each worker: memory holds a few batches of the log, however long it is. */
const IN_FLIGHT_PER_WORKER = 2;

/** Folds on the calling thread (a small log, or a projection that cannot be loaded in a worker). */
export function foldHere<D>(projection: Projection<D>): HouseholdFolder<D> {
  return {
    fold: async (households) => households.map((h) => foldHousehold(projection, h)),
    close: async () => undefined,
  };
}

/** How many fold threads a rebuild starts: one per core but the calling thread's, which reads and writes meanwhile. */
export function defaultFoldWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * Folds on `count` worker threads, each batch on the worker with the fewest waiting; `fold`
 * answers once a slot is free and the batch is folded. The projection must say where it is
 * exported (Projection.module), for the worker to import it.
 */
export function foldOnWorkers<D>(projection: Projection<D>, count: number): HouseholdFolder<D> {
  const where = projection.module;
  if (!where) throw new Error(`${projection.name}: a projection folded on worker threads says where it is exported (module)`);
  const workers = Array.from({ length: count }, () => new FoldThread<D>(startWorker()));
  let nextId = 0;
  return {
    fold: (households) => {
      const worker = workers.reduce((a, b) => (b.waiting < a.waiting ? b : a));
      return worker.fold({ id: nextId++, module: where.url, exportName: where.exportName, households });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/** Batches a caller may hand over before it waits for one to be folded. */
export function inFlightBound(workers: number): number {
  return Math.max(1, workers) * IN_FLIGHT_PER_WORKER;
}

class FoldThread<D> {
  private readonly pending = new Map<number, { resolve: (docs: Array<StoredDocument<D>>) => void; reject: (error: Error) => void }>();
  private failed: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: FoldReply<D>) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if ('docs' in reply) waiter.resolve(reply.docs);
      else waiter.reject(Object.assign(new Error(reply.error.message), reply.error.stack === undefined ? {} : { stack: reply.error.stack }));
    });
    // A worker that dies (out of memory, a failed import) fails what it was folding, and the rebuild with it.
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`a fold worker stopped (exit code ${code})`)));
  }

  get waiting(): number {
    return this.pending.size;
  }

  fold(request: FoldRequest): Promise<Array<StoredDocument<D>>> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.failed ??= new Error('the fold workers were closed');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

const WORKER_MODULE = new URL(`./foldWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

function startWorker(): Worker {
  if (WORKER_MODULE.pathname.endsWith('.ts')) {
    // Run from source (tsx, vitest): Node 20 does not hand a worker its parent's module hooks,
    // so the worker loads its TypeScript through tsx's API (a development dependency).
    const href = JSON.stringify(WORKER_MODULE.href);
    return new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${href}, ${href}))`, { eval: true });
  }
  return new Worker(WORKER_MODULE);
}
