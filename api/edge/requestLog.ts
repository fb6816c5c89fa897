import { getOperationAST, GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { RequestStates } from './requestState.js';

/**
 * One structured line per GraphQL request: correlation id, organisation, role, operation,
 * HTTP status, duration and the error codes answered. By construction it holds nothing a client
 * sent as data — no variables, no query text, no headers, no token, no token subject — so no
 * BSN, name or secret can reach the log through it.
 */

/**
 * An operation name is logged only when it is a plain GraphQL name of at most 64 characters:
 * a client chooses it, and anything else (a BSN in a string, control characters, a forged log
 * line) stays out of the log.
 */
const LOGGABLE_OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

function loggable(name: string | undefined | null): string | null {
  return typeof name === 'string' && LOGGABLE_OPERATION_NAME.test(name) ? name : null;
}

function codesOf(errors: ReadonlyArray<unknown> | undefined): string[] {
  return (errors ?? []).map((error) => {
    const extensions = error instanceof GraphQLError ? error.extensions : (error as { extensions?: Record<string, unknown> } | null)?.extensions;
    const code = extensions?.['code'];
    return typeof code === 'string' ? code : 'UNCODED';
  });
}

function hasErrors(result: unknown): result is { errors?: ReadonlyArray<unknown> } {
  return typeof result === 'object' && result !== null && 'errors' in result;
}

export function requestLogPlugin(logger: Logger, states: RequestStates, graphqlEndpoint: string, clock: () => number): Plugin {
  return {
    onRequest({ request, url }) {
      if (url.pathname === graphqlEndpoint) states.of(request);
    },
    onParams({ params, request }) {
      const state = states.peek(request);
      if (state && typeof params.operationName === 'string') {
        state.requestedOperation = params.operationName;
        state.operationName = loggable(params.operationName);
      }
    },
    onParse({ context }) {
      return ({ result }) => {
        const request = (context as { request?: Request }).request;
        const state = request ? states.peek(request) : undefined;
        if (!state || result instanceof Error || result === null) return;
        const operation = getOperationAST(result as DocumentNode, state.requestedOperation ?? undefined);
        if (!operation) return;
        state.operationType = operation.operation;
        state.operationName ??= loggable(operation.name?.value);
      };
    },
    onResultProcess({ request, result }) {
      const state = states.peek(request);
      if (!state) return;
      for (const single of Array.isArray(result) ? result : [result]) {
        if (hasErrors(single)) state.errorCodes.push(...codesOf(single.errors));
      }
    },
    async onResponse({ request, response }) {
      const state = states.peek(request);
      if (!state) return;
      response.headers.set('x-correlation-id', state.correlationId);
      // Who sent it, also when it was refused before the context was built (verified once
      // per request; a token that does not verify was answered UNAUTHENTICATED: no org).
      const actor = await state.actor().then(
        (verified) => verified,
        () => null,
      );
      const failed = response.status >= 500 || state.errorCodes.includes('INTERNAL_SERVER_ERROR');
      logger[failed ? 'error' : 'info'](
        {
          correlationId: state.correlationId,
          method: request.method,
          status: response.status,
          org: actor?.org ?? null,
          role: actor?.role ?? null,
          operation: state.operationName,
          operationType: state.operationType,
          durationMs: Math.round((clock() - state.startedAt) * 10) / 10,
          errorCodes: state.errorCodes,
        },
        'graphql request',
      );
    },
  };
}

/**
 * An internal error (a bug) for the engineer: its type, message and stack only. Its other fields
 * are left out — a driver's error may carry the stored values it choked on (PostgreSQL's
 * `detail`, a zod issue's `input`).
 */
export function internalErrorLogger(logger: Logger): (error: unknown) => void {
  return (error) =>
    logger.error(
      error instanceof Error ? { error: { type: error.name, message: error.message, stack: error.stack } } : { error: { type: typeof error } },
      'internal error',
    );
}

type YogaLogger = Record<'debug' | 'info' | 'warn' | 'error', (...args: unknown[]) => void>;

/**
 * yoga's own log lines into pino. yoga logs the original of every error it masks; those reach
 * us already (internal errors through `logError`, rule rejections as codes in the request
 * line), and their messages may quote input, so only their kind and code are kept.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const summary = (args: unknown[]): string =>
    args
      .map((arg) => {
        if (arg instanceof GraphQLError) return `${arg.name}${typeof arg.extensions['code'] === 'string' ? ` ${arg.extensions['code']}` : ''}`;
        if (arg instanceof Error) return arg.name;
        return typeof arg === 'string' ? arg : typeof arg;
      })
      .join(' ');
  return {
    debug: (...args) => logger.debug({ component: 'yoga' }, summary(args)),
    info: (...args) => logger.debug({ component: 'yoga' }, summary(args)),
    warn: (...args) => logger.warn({ component: 'yoga' }, summary(args)),
    error: (...args) => logger.warn({ component: 'yoga' }, summary(args)),
  };
}
