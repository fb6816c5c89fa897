import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { LedgerError, type ErrorCode } from '../../domain/errors.js';
import type { AppendResult, RecordedEvent } from '../eventStore.js';
import type { CacheBound } from '../config.js';
import type { AppendRequest, GroupCommitted, RemoteCommitter } from './sqliteEventStore.js';

/**
 * The commit worker, the main thread's side: the embedded store's write connection lives on a
 * worker thread (./workerEntry.ts), which runs the group commit (GroupCommitter: the append
 * with its revision check, the inline overview fold, the checkpoint, COMMIT with
 * synchronous=FULL) while this thread decides the next commands. What crosses is small: the
 * appends' events go there (structured clone); back come each append's revision and positions
 * (the events themselves are this thread's already), errors as plain values, and the commit
 * sequence before and after the group.
 */

export interface WorkerData {
  file: string;
  /** The worker's own cache of parsed overview documents, which its folds start from. */
  overviewCache: CacheBound;
}

/**
 * `appends`: a group for the event store. `write`: a statement of another writer of the file
 * (the read audit, the registrations), run for each of `rows` in one transaction: on the
 * worker, so that it neither waits on this thread for the worker's write lock nor syncs here.
 */
export type Request =
  | { id: number; appends: readonly AppendRequest[] }
  | { id: number; write: { sql: string; rows: readonly Row[] } }
  | { id: number; close: true };

/** A statement's parameters: named (an object) or positional (an array). */
export type Row = Record<string, unknown> | readonly unknown[];

export type WireError = {
  name: string;
  message: string;
  code?: unknown;
  details?: unknown;
  issues?: unknown;
  stack?: string | undefined;
};

export type WireOutcome =
  | { ok: true; revision: number; positions: number[] }
  /** A retry answered from the log: its events as stored. */
  | { ok: true; retried: AppendResult }
  | { ok: false; error: WireError };

/** The answer to one or more requests the worker committed together (outcomes in the requests' order). */
export type Reply =
  | { ids: number[]; outcomes: WireOutcome[]; sequence: { before: number; after: number } }
  | { ids: number[]; changes: number[] }
  | { ids: number[]; failed: WireError }
  | { ids: number[]; closed: true };

export function toWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const e = error as Error & { code?: unknown; details?: unknown; issues?: unknown };
  return {
    name: e.name,
    message: e.message,
    stack: e.stack,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.details !== undefined ? { details: e.details } : {}),
    ...(e instanceof z.ZodError ? { issues: e.issues } : {}),
  };
}

/** The error as the worker threw it, of the same class where callers tell them apart. */
function fromWire(wire: WireError): Error {
  let error: Error;
  if (wire.name === 'LedgerError') error = new LedgerError(wire.code as ErrorCode, wire.message, (wire.details ?? {}) as Record<string, unknown>);
  else if (wire.name === 'SqliteError') error = new Database.SqliteError(wire.message, String(wire.code));
  else if (wire.name === 'ZodError' && Array.isArray(wire.issues)) error = new z.ZodError(wire.issues as z.core.$ZodIssue[]);
  else if (wire.name === 'RangeError') error = new RangeError(wire.message);
  else if (wire.name === 'TypeError') error = new TypeError(wire.message);
  else {
    error = new Error(wire.message);
    error.name = wire.name;
    if (wire.code !== undefined) (error as Error & { code?: unknown }).code = wire.code;
  }
  // Where it was thrown (on the worker) is what tells a reader what failed.
  if (wire.stack) error.stack = wire.stack;
  return error;
}

/**
 * The worker: the compiled entry in dist/; from the .ts sources (tsx, vitest) a two-line start
 * that registers tsx in the worker first. tsx's `--import` loader, which a worker inherits with
 * the parent's execArgv, registers itself only on the main thread on Node 20 (tsx 4.23
 * esm/index.mjs checks `isMainThread` below Node 22.22), and vitest transforms in-process.
 */
function startWorker(data: WorkerData): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./workerEntry.js', here), { workerData: data });
  // tsx's ESM API (its CommonJS build resolves its hooks beside itself, where they are not).
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(new URL('./workerEntry.ts', here).href)}); });`;
  return new Worker(code, { eval: true, workerData: data });
}

export class WorkerCommitter implements RemoteCommitter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { batch: readonly AppendRequest[]; resolve: (c: GroupCommitted) => void; reject: (e: unknown) => void }>();
  private readonly writing = new Map<number, { resolve: (changes: number) => void; reject: (e: unknown) => void }>();
  private closing: Promise<void> | null = null;
  /** The worker stopped (an error on start, or it exited): every commit from now on fails with this. */
  private dead: Error | null = null;

  constructor(data: WorkerData) {
    this.worker = startWorker(data);
    // Idle, the worker does not keep the process alive (a CLI that never closes the ledger ends);
    // with a group in flight it does.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.answer(reply));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`the SQLite commit worker exited (code ${code})`)));
  }

  commit(batch: readonly AppendRequest[]): Promise<GroupCommitted> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closing) return Promise.reject(new Error('the event store is closed'));
    const id = this.nextId++;
    return new Promise<GroupCommitted>((resolve, reject) => {
      this.busy();
      this.waiting.set(id, { batch, resolve, reject });
      this.worker.postMessage({ id, appends: batch } satisfies Request);
    });
  }

  /**
   * Runs `sql` once for each of `rows` in one transaction on the worker's connection (durable
   * when it resolves); answers the rows it changed in all.
   */
  write(sql: string, rows: readonly Row[]): Promise<number> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closing) return Promise.reject(new Error('the event store is closed'));
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.busy();
      this.writing.set(id, { resolve, reject });
      this.worker.postMessage({ id, write: { sql, rows } } satisfies Request);
    });
  }

  private busy(): void {
    if (this.waiting.size === 0 && this.writing.size === 0) this.worker.ref();
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.dead) return resolve();
      this.worker.once('exit', () => resolve());
      this.worker.ref();
      this.worker.postMessage({ id: 0, close: true } satisfies Request);
    });
    return this.closing;
  }

  private answer(reply: Reply): void {
    if ('closed' in reply) return;
    if ('changes' in reply || ('failed' in reply && this.writing.has(reply.ids[0]!))) {
      reply.ids.forEach((id, i) => {
        const writing = this.writing.get(id)!;
        this.writing.delete(id);
        if ('failed' in reply) writing.reject(fromWire(reply.failed));
        else writing.resolve(reply.changes[i]!);
      });
      this.idle();
      return;
    }
    let offset = 0;
    for (const id of reply.ids) {
      const waiting = this.waiting.get(id);
      if (!waiting) continue;
      this.waiting.delete(id);
      if ('failed' in reply) waiting.reject(fromWire(reply.failed));
      else waiting.resolve({ outcomes: this.outcomes(waiting.batch, reply.outcomes.slice(offset, offset + waiting.batch.length)), sequence: reply.sequence });
      offset += waiting.batch.length;
    }
    this.idle();
  }

  private idle(): void {
    if (this.waiting.size === 0 && this.writing.size === 0 && !this.closing) this.worker.unref();
  }

  private outcomes(batch: readonly AppendRequest[], wire: readonly WireOutcome[]): GroupCommitted['outcomes'] {
    return wire.map((o, i) => {
      if (!o.ok) return { ok: false as const, error: fromWire(o.error) };
      if ('retried' in o) return { ok: true as const, result: o.retried, fresh: false };
      const item = batch[i]!;
      const first = o.revision - item.events.length + 1;
      // The events as recorded: this thread's own objects, with the places the worker gave them.
      const events: RecordedEvent[] = item.events.map((event, j) => ({
        streamId: item.streamId,
        revision: first + j,
        globalPosition: o.positions[j]!,
        type: event.type,
        v: event.v,
        data: event.data,
        meta: event.meta,
        recordedAt: event.meta.recordedAt,
      }));
      return { ok: true as const, result: { revision: o.revision, globalPosition: o.positions[o.positions.length - 1]!, events }, fresh: true };
    });
  }

  private stop(error: Error): void {
    this.dead ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    for (const { reject } of this.writing.values()) reject(error);
    this.waiting.clear();
    this.writing.clear();
  }
}
