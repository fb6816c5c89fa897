import { parentPort } from 'node:worker_threads';
import { foldHousehold, type HouseholdEvents, type Projection } from './projection.js';

/**
 * A rebuild's fold thread (./foldWorkers.ts): it imports the projection from where the
 * projection says it lives, folds each household's whole stream handed to it, and answers
 * with the documents (or the first error's message and stack).
 */
export interface FoldRequest {
  id: number;
  /** Where the projection is exported (Projection.module). */
  module: string;
  exportName: string;
  households: HouseholdEvents[];
}

export type FoldReply<D> = { id: number; docs: Array<{ householdId: string; revision: number; doc: D }> } | { id: number; error: { message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error('foldWorker.ts runs as a worker thread');
const projections = new Map<string, Promise<Projection<unknown>>>();

function projectionAt(module: string, exportName: string): Promise<Projection<unknown>> {
  const key = `${module}#${exportName}`;
  let found = projections.get(key);
  if (!found) {
    found = import(module).then((m: Record<string, unknown>) => {
      const projection = m[exportName] as Projection<unknown> | undefined;
      if (!projection?.name) throw new Error(`${module} exports no projection ${exportName}`);
      return projection;
    });
    projections.set(key, found);
  }
  return found;
}

port.on('message', (request: FoldRequest) => {
  projectionAt(request.module, request.exportName)
    .then((projection) => {
      const reply: FoldReply<unknown> = { id: request.id, docs: request.households.map((h) => foldHousehold(projection, h)) };
      port.postMessage(reply);
    })
    .catch((error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      const reply: FoldReply<unknown> = { id: request.id, error: { message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) } };
      port.postMessage(reply);
    });
});
