import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { signToken } from '../../api/auth.js';
import { createApi, type ApiOptions } from '../../api/yoga.js';
import type { Role } from '../../domain/actors.js';
import { defaultParameters } from '../../domain/parameters.js';
import { openEmbeddedLedger, type Ledger } from '../../infra/ledger.js';
import { PINNED_NOW, TEST_SECRET, type GqlResult } from '../support/api.js';

/**
 * An API for the edge's tests: the harness's in-memory ledger and pinned clock, with the edge
 * options each test sets, a count of every call a resolver makes into the ledger ("no resolver
 * ran" means it stayed 0), and the raw Response for status and headers.
 */

export interface EdgeApi {
  yoga: ReturnType<typeof createApi>;
  ledger: Ledger;
  /** Calls made into the ledger's parts (reads, commands, audit) since the last reset. */
  ledgerCalls(): number;
  resetLedgerCalls(): void;
  tokenFor(role: Role, org: string): Promise<string>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A JSON POST to /graphql: the answer's status, headers and body. */
  post(token: string | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: GqlResult;
}

/** Counts every method call on the ledger's parts; the parts still do their work. */
function countingLedger(ledger: Ledger, count: () => void): Ledger {
  const spy = <T extends object>(part: T): T =>
    new Proxy(part, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          count();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    ...ledger,
    store: spy(ledger.store),
    commands: spy(ledger.commands),
    queries: spy(ledger.queries),
    overviews: spy(ledger.overviews),
    households: spy(ledger.households),
    vault: spy(ledger.vault),
    audit: spy(ledger.audit),
    close: () => ledger.close(),
  };
}

export type EdgeOptions = Partial<Omit<ApiOptions, 'ledger' | 'now'>>;

export function createEdgeApi(options: EdgeOptions = {}): EdgeApi {
  const ledger = openEmbeddedLedger(':memory:', defaultParameters);
  let calls = 0;
  const internalErrors: unknown[] = [];
  const yoga = createApi({
    ledger: countingLedger(ledger, () => (calls += 1)),
    tokens: { secret: TEST_SECRET },
    production: false,
    now: () => new Date(PINNED_NOW),
    logError: (error) => internalErrors.push(error),
    ...options,
  });
  const fetchVia = async (path: string, init: RequestInit = {}): Promise<Response> => yoga.fetch(`http://test${path}`, init);
  return {
    yoga,
    ledger,
    ledgerCalls: () => calls,
    resetLedgerCalls: () => {
      calls = 0;
    },
    tokenFor: (role, org) => signToken({ role, org, sub: `${role.toLowerCase()}@${org}`, expiresIn: '1h' }, { secret: TEST_SECRET }),
    fetch: fetchVia,
    post: async (token, query, variables, headers = {}) => {
      const response = await fetchVia('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GqlResult };
    },
    close: async () => {
      await ledger.close();
      if (internalErrors.length > 0) throw new Error(`internal errors: ${internalErrors.map(String).join('; ')}`);
    },
  };
}

/** The error codes of an answer, in order. */
export function codesOf(result: GqlResult): Array<string | undefined> {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}

/** A pino logger writing into memory: `lines()` parses what it wrote. */
export function capturedLogger(level: pino.LevelWithSilent = 'info'): { logger: Logger; text(): string; lines(): Array<Record<string, unknown>> } {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const logger = pino({ level }, sink);
  return {
    logger,
    text: () => written,
    lines: () =>
      written
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** A household registered by a counsellor of `org`, with one member. */
export async function registerHousehold(api: EdgeApi, token: string, member = { bsn: '111222333', name: 'Jan Jansen', birthDate: '1985-06-15' }): Promise<string> {
  const answer = await api.post(token, `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }`, {
    input: { commandId: `hh-${randomUUID()}`, composition: 'SINGLE', municipality: 'Utrecht', members: [member], effectiveOn: '2025-01-01' },
  });
  if (answer.body.errors) throw new Error(JSON.stringify(answer.body.errors));
  return answer.body.data.registerHousehold.householdId as string;
}
