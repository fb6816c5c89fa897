import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/actors.js';
import type { TokenVerifier } from '../auth.js';

/**
 * What the edge learns about one HTTP request as it passes the plugins, kept beside the
 * request (not in it): the correlation id, who sent it (verified once, shared by the rate
 * limiter, the context and the log), and what the request log reports.
 */
export interface RequestState {
  startedAt: number;
  correlationId: string;
  /** The verified actor; rejects with UNAUTHENTICATED for a bad token. Verified on first use. */
  actor(): Promise<Actor | null>;
  /** The operation name as logged: null unless a plain name (requestLog.ts). */
  operationName: string | null;
  /** The operation name the request asked for, to pick its operation: never logged. */
  requestedOperation: string | null;
  operationType: string | null;
  /** `extensions.code` of every error answered, in order (`UNCODED` for one without). */
  errorCodes: string[];
}

const MAX_CORRELATION_ID = 100;
/** A caller's correlation id is echoed in logs: only a plain identifier, never free text. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]+$/;

function correlationIdOf(request: Request): string {
  const supplied = request.headers.get('x-correlation-id');
  return supplied && supplied.length <= MAX_CORRELATION_ID && CORRELATION_ID.test(supplied) ? supplied : randomUUID();
}

export interface RequestStates {
  /** The request's state, made on first use; it goes with the request. */
  of(request: Request): RequestState;
  /** The state if the edge has seen this request (not for `/health`, GraphiQL's page). */
  peek(request: Request): RequestState | undefined;
}

export function requestStates(verify: TokenVerifier, clock: () => number): RequestStates {
  const states = new WeakMap<Request, RequestState>();
  const of = (request: Request): RequestState => {
    let state = states.get(request);
    if (state) return state;
    let verified: Promise<Actor | null> | undefined;
    const created: RequestState = {
      startedAt: clock(),
      correlationId: correlationIdOf(request),
      actor: () => {
        verified ??= verify(request.headers.get('authorization'));
        return verified;
      },
      operationName: null,
      requestedOperation: null,
      operationType: null,
      errorCodes: [],
    };
    states.set(request, created);
    state = created;
    return state;
  };
  return { of, peek: (request) => states.get(request) };
}
