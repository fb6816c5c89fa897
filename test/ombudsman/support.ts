import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { expectNoErrors, type GqlResult, type TestApi } from '../support/api.js';

/** Helpers for the ombudsman and early-signal specifications (issue 5). */

export const REGISTER_MEASURE = `mutation ($input: RegisterMeasureInput!) { registerMeasure(input: $input) { measureId kind creditorId monthly coordinator } }`;
export const START_MORATORIUM = `mutation ($input: StartMoratoriumInput!) { startMoratorium(input: $input) { householdId revision recordedAt } }`;

export const PARTNER_SIGNAL_FIELDS = 'id householdId partnerType amount arrearsSince receivedOn feedback';
export const SIGNAL_FIELDS =
  'id householdId partnerOrg partnerType amount arrearsSince threatening receivedOn deadline overdue outcome closedOn contactAttempts { on method reached }';

export const SEND_SIGNAL = `mutation ($input: SendSignalInput!) { sendSignal(input: $input) { ${PARTNER_SIGNAL_FIELDS} } }`;
export const RECORD_CONTACT_ATTEMPT = `mutation ($input: RecordContactAttemptInput!) { recordContactAttempt(input: $input) { ${SIGNAL_FIELDS} } }`;
export const CLOSE_SIGNAL = `mutation ($input: CloseSignalInput!) { closeSignal(input: $input) { ${SIGNAL_FIELDS} } }`;

export const COMPLAINT_FIELDS = `id householdId againstOrg subject text lodgedOn lodgedByOrg lodgedByRole
  notes { kind text on by } conclusion closingText closedOn
  events { revision type organisation role creditorId }`;
export const LODGE_COMPLAINT = `mutation ($input: LodgeComplaintInput!) { lodgeComplaint(input: $input) { ${COMPLAINT_FIELDS} } }`;
export const RECORD_COMPLAINT_NOTE = `mutation ($input: RecordComplaintNoteInput!) { recordComplaintNote(input: $input) { ${COMPLAINT_FIELDS} } }`;
export const CLOSE_COMPLAINT = `mutation ($input: CloseComplaintInput!) { closeComplaint(input: $input) { ${COMPLAINT_FIELDS} } }`;

/** An instant at 10:00 in Amsterdam (winter time) or 11:00 (summer time) on a date: 09:00 UTC. */
export function morningOf(date: string): string {
  return `${date}T09:00:00Z`;
}

export function measureInput(householdId: string, overrides: Record<string, unknown>): Record<string, unknown> {
  return { commandId: `measure-${randomUUID()}`, householdId, startsOn: '2025-02-01', ...overrides };
}

export async function registerMeasure(api: TestApi, token: string, householdId: string, overrides: Record<string, unknown>) {
  const result = await api.gql(token, REGISTER_MEASURE, { input: measureInput(householdId, overrides) });
  expectNoErrors(result);
  return result.data.registerMeasure as { measureId: string; kind: string; creditorId: string | null; monthly: number; coordinator: boolean };
}

export async function startMoratorium(api: TestApi, token: string, householdId: string, overrides: Record<string, unknown> = {}) {
  const result = await api.gql(token, START_MORATORIUM, {
    input: { commandId: `mor-${randomUUID()}`, householdId, startsOn: '2025-03-01', endsOn: '2025-08-31', reason: 'Adempauze', ...overrides },
  });
  expectNoErrors(result);
  return result.data.startMoratorium as { householdId: string; revision: number; recordedAt: string };
}

export function signalInput(householdId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    commandId: `signal-${randomUUID()}`,
    householdId,
    partnerType: 'ENERGY',
    amount: 45_000,
    arrearsSince: '2025-01-01',
    threatening: false,
    ...overrides,
  };
}

export interface PartnerSignalResult {
  id: string;
  householdId: string;
  partnerType: string;
  amount: number;
  arrearsSince: string;
  receivedOn: string;
  feedback: string;
}

export interface SignalResult {
  id: string;
  householdId: string;
  partnerOrg: string;
  partnerType: string;
  amount: number;
  arrearsSince: string;
  threatening: boolean;
  receivedOn: string;
  deadline: string;
  overdue: boolean;
  outcome: string | null;
  closedOn: string | null;
  contactAttempts: Array<{ on: string; method: string; reached: boolean }>;
}

export async function sendSignal(api: TestApi, token: string, householdId: string, overrides: Record<string, unknown> = {}): Promise<PartnerSignalResult> {
  const result = await api.gql(token, SEND_SIGNAL, { input: signalInput(householdId, overrides) });
  expectNoErrors(result);
  return result.data.sendSignal as PartnerSignalResult;
}

export async function lodgeComplaint(api: TestApi, token: string | null, householdId: string, overrides: Record<string, unknown> = {}): Promise<GqlResult> {
  return api.gql(token, LODGE_COMPLAINT, {
    input: {
      commandId: `complaint-${randomUUID()}`,
      householdId,
      againstOrg: 'CJIB',
      subject: 'Verrekening te hoog',
      text: 'CJIB verrekent meer dan ik kan missen.',
      ...overrides,
    },
  });
}

// ------------------------------------------------------------------------------------ SSE

export interface SseEvent {
  event: string;
  data: any;
}

export interface Subscription {
  response: Response;
  /** The next `next` or `complete` event; rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** Whatever events arrive within `ms` (for "nothing was delivered"). */
  drain(ms: number): Promise<SseEvent[]>;
  close(): void;
}

/**
 * Opens a GraphQL subscription over SSE through the in-process yoga (distinct connections mode:
 * `event: next` / `event: complete` with JSON `data:` lines), and waits until the server side
 * listens: yoga's first keep-alive comment, then a moment for the resolver to subscribe.
 */
export async function subscribe(api: TestApi, token: string | null, query: string, variables?: Record<string, unknown>): Promise<Subscription> {
  const abort = new AbortController();
  const response = await api.yoga.fetch('http://test/graphql', {
    method: 'POST',
    signal: abort.signal,
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const queue: SseEvent[] = [];
  let buffer = '';
  let done = false;
  let pending: Promise<void> | null = null;
  let comments = 0;

  const pump = (): Promise<void> => {
    pending ??= reader.read().then(
      (chunk) => {
        pending = null;
        if (chunk.done) {
          done = true;
          return;
        }
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments += 1;
            else if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (event === 'message' && data.length === 0) continue;
          const text = data.join('\n');
          queue.push({ event, data: text === '' ? null : JSON.parse(text) });
        }
      },
      () => {
        pending = null;
        done = true;
      },
    );
    return pending;
  };

  const waitFor = async (ready: () => boolean, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (!ready() && !done) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([pump(), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    return ready();
  };

  // The stream is open once yoga sent its first comment (or an event, for a refusal).
  await waitFor(() => comments > 0 || queue.length > 0, 2_000);
  if (queue.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));

  return {
    response,
    async next(timeoutMs = 2_000) {
      if (!(await waitFor(() => queue.length > 0, timeoutMs))) throw new Error(`no SSE event within ${timeoutMs} ms`);
      return queue.shift()!;
    },
    async drain(ms) {
      await waitFor(() => false, ms);
      return queue.splice(0);
    },
    close() {
      abort.abort();
      void reader.cancel().catch(() => undefined);
    },
  };
}
