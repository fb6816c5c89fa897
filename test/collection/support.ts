import { expect } from 'vitest';
import { signToken } from '../../api/auth.js';
import { createApi } from '../../api/yoga.js';
import type { Actor, Role } from '../../domain/actors.js';
import type { MeasureFacts, MeasureKind } from '../../domain/allocation.js';
import type { CollectionFacts, MoratoriumFacts } from '../../domain/capacity.js';
import type { BusinessDate } from '../../domain/dates.js';
import { LedgerError, type ErrorCode } from '../../domain/errors.js';
import {
  createHouseholdDecider,
  evolve,
  initialState,
  type HouseholdCommand,
  type HouseholdState,
} from '../../domain/household/decider.js';
import { parseHouseholdEvent, type DatedEventMeta, type HouseholdEvent } from '../../domain/household/events.js';
import type { Cents } from '../../domain/money.js';
import { defaultParameters } from '../../domain/parameters.js';
import type { IncomeDeclaration, ProtectedIncomeRecord } from '../../domain/protectedIncome.js';
import type { Ledger } from '../../infra/ledger.js';
import { withoutCommandFingerprint } from '../support/deciderSpecification.js';

/**
 * Helpers for the coordinated-collection suite (policy §4 and §6): a seeded random generator,
 * fact builders for the pure functions, a given/when/then harness for the household decider and
 * an in-process API harness over `yoga.fetch`.
 */

// ---------------------------------------------------------------------------------------------
// Seeded pseudo-random numbers (mulberry32): reproducible property tests, no Math.random.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  bool(probability?: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function seeded(seed: number): Random {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    bool: (probability = 0.5) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

// ---------------------------------------------------------------------------------------------
// Facts for the pure functions (allocate, capacityOn).

let measureOrder = 0;

/** A measure; claimIds default to one claim named after the measure (`<id>:claim`). */
export function measure(fields: Partial<MeasureFacts> & Pick<MeasureFacts, 'measureId' | 'kind'>): MeasureFacts {
  return {
    creditorId: `CRED-${fields.measureId}`,
    claimIds: [`${fields.measureId}:claim`],
    monthlyAmount: 0,
    preferential: false,
    startsOn: '2025-01-01',
    endsOn: null,
    order: measureOrder++,
    ...fields,
  };
}

/** Outstanding balances per measure id (its default claim), or per claim id. */
export function balances(byId: Record<string, Cents>): (claimIds: readonly string[]) => Cents {
  return (claimIds) =>
    claimIds.reduce((sum, id) => sum + (byId[id] ?? byId[id.replace(/:claim$/, '')] ?? 0), 0);
}

export function incomeFact(netMonthly: Cents, effectiveOn: BusinessDate, seq = 1): IncomeDeclaration {
  return { memberId: 'm1', kind: 'WAGES', payer: 'ACME BV', netMonthly, effectiveOn, seq };
}

export function officialFact(amount: Cents, validFrom: BusinessDate, seq = 2): ProtectedIncomeRecord {
  return { amount, source: 'INLICHTINGENBUREAU', reference: `IB-${validFrom}`, validFrom, seq };
}

export function moratoriumFact(startsOn: BusinessDate, endsOn: BusinessDate, moratoriumId = `mor-${startsOn}`): MoratoriumFacts {
  return { moratoriumId, startsOn, endsOn, reason: 'breathing space' };
}

/** A single adult (born 1985) with these incomes, official records, measures and moratoria. */
export function collectionFacts(parts: Partial<Omit<CollectionFacts, 'composition' | 'members'>>): CollectionFacts {
  return {
    composition: 'SINGLE',
    members: [{ memberId: 'm1', birthDate: '1985-06-15', role: 'DEBTOR' }],
    incomes: [],
    protectedIncomes: [],
    measures: [],
    moratoria: [],
    ...parts,
  };
}

// ---------------------------------------------------------------------------------------------
// The household decider: given(events).when(command).then(events) / .thenThrows(code).

export const parameters = defaultParameters;
export const decider = createHouseholdDecider(parameters);

/** The pinned request instant of the API tests, as the ledger writes it. */
export const RECORDED_AT = '2025-03-20T10:00:00.000+01:00';
export const TODAY = '2025-03-20';
export const HOUSEHOLD = 'h-1';

export const counsellor: Actor = { org: 'GEM-UTRECHT', role: 'COUNSELLOR', sub: 'schuldhulp@utrecht' };
export const otherCounsellor: Actor = { org: 'GEM-AMERSFOORT', role: 'COUNSELLOR', sub: 'schuldhulp@amersfoort' };
export const ombudsman: Actor = { org: 'NATIONALE-OMBUDSMAN', role: 'OMBUDSMAN', sub: 'o@no' };

export function creditor(org: string): Actor {
  return { org, role: 'CREDITOR', sub: `medewerker@${org.toLowerCase()}` };
}

let commandSeq = 0;

type CommandOf<T extends HouseholdCommand['type']> = Extract<HouseholdCommand, { type: T }>;

export interface CommandOptions {
  commandId?: string;
  recordedAt?: string;
}

export function command<T extends HouseholdCommand['type']>(
  type: T,
  actor: Actor,
  data: CommandOf<T>['data'],
  options: CommandOptions = {},
): CommandOf<T> {
  const commandId = options.commandId ?? `cmd-${++commandSeq}`;
  return {
    type,
    meta: { actor, commandId, correlationId: `corr-${commandId}`, recordedAt: options.recordedAt ?? RECORDED_AT },
    data,
  } as CommandOf<T>;
}

/** The meta the decider stamps on the events of a command. */
export function metaOf(cmd: HouseholdCommand, effectiveOn: BusinessDate): DatedEventMeta {
  const { actor, commandId, correlationId, recordedAt } = cmd.meta;
  return { org: actor.org, role: actor.role, sub: actor.sub, commandId, correlationId, recordedAt, effectiveOn };
}

export function stateOf(events: readonly HouseholdEvent[]): HouseholdState {
  let state = initialState();
  for (const event of structuredClone(events)) state = evolve(state, event);
  return state;
}

/** The history after these commands: each is decided on the state before it and must be accepted. */
export function play(history: readonly HouseholdEvent[], ...commands: HouseholdCommand[]): HouseholdEvent[] {
  const events = [...history];
  let state = stateOf(events);
  for (const cmd of commands) {
    const produced = decider.decide(cmd, state);
    for (const e of produced) state = evolve(state, structuredClone(e));
    events.push(...produced);
  }
  return events;
}

export interface Then {
  /** The decider produces exactly these events. */
  then(expected: readonly HouseholdEvent[]): HouseholdEvent[];
  /** The events the decider produces (each valid against the stored-event schema). */
  events(): HouseholdEvent[];
  /** The decider rejects with this code and produces nothing; returns the error. */
  thenThrows(code: ErrorCode, details?: Record<string, unknown>): LedgerError;
  /** A repeated command: no events. */
  thenNothing(): void;
}

export function given(history: readonly HouseholdEvent[]): { when(cmd: HouseholdCommand): Then } {
  return {
    when(cmd) {
      const run = (): HouseholdEvent[] => {
        const produced = decider.decide(cmd, stateOf(history));
        for (const e of produced) parseHouseholdEvent(structuredClone(e));
        return produced;
      };
      return {
        then(expected) {
          const produced = run();
          // meta.commandType and meta.payloadHash bind an event to its command (issue 11); they
          // are tested on their own, so expected events need not carry them.
          expect(produced.map(withoutCommandFingerprint)).toEqual(expected.map(withoutCommandFingerprint));
          return produced;
        },
        events: run,
        thenThrows(code, details) {
          let produced: HouseholdEvent[] | undefined;
          let caught: unknown;
          try {
            produced = run();
          } catch (error) {
            caught = error;
          }
          expect(produced, `expected ${code}, got events`).toBeUndefined();
          expect(caught).toBeInstanceOf(LedgerError);
          const error = caught as LedgerError;
          expect(error.code, error.message).toBe(code);
          if (details) expect(error.details).toMatchObject(details);
          return error;
        },
        thenNothing() {
          expect(run()).toEqual([]);
        },
      };
    },
  };
}

/** Event builders for histories. Each stands for a command that the ledger accepted earlier. */
let eventSeq = 0;

function pastMeta(actor: Actor, effectiveOn: BusinessDate): DatedEventMeta {
  const commandId = `past-${++eventSeq}`;
  return {
    org: actor.org,
    role: actor.role,
    sub: actor.sub,
    commandId,
    correlationId: `corr-${commandId}`,
    recordedAt: '2025-03-01T09:00:00.000+01:00',
    effectiveOn,
  };
}

export const history = {
  householdRegistered(effectiveOn: BusinessDate = '2025-01-01', by: Actor = counsellor): HouseholdEvent {
    return {
      type: 'HouseholdRegistered',
      v: 2,
      data: {
        householdId: HOUSEHOLD,
        composition: 'SINGLE',
        municipality: 'Utrecht',
        members: [{ memberId: 'm1', bsn: '111222333', name: 'Jan Jansen', birthDate: '1985-06-15', role: 'DEBTOR' }],
      },
      meta: pastMeta(by, effectiveOn),
    };
  },
  incomeDeclared(netMonthly: Cents, effectiveOn: BusinessDate): HouseholdEvent {
    return {
      type: 'IncomeDeclared',
      v: 1,
      data: { memberId: 'm1', kind: 'WAGES', payer: 'ACME BV', netMonthly },
      meta: pastMeta(counsellor, effectiveOn),
    };
  },
  protectedIncomeRecorded(amount: Cents, validFrom: BusinessDate): HouseholdEvent {
    return {
      type: 'ProtectedIncomeRecorded',
      v: 1,
      data: { amount, source: 'INLICHTINGENBUREAU', reference: `IB-${validFrom}` },
      meta: pastMeta(counsellor, validFrom),
    };
  },
  claimRegistered(claimId: string, creditorId: string, principal: Cents, preferential = false, incurredOn: BusinessDate = '2025-01-15'): HouseholdEvent {
    return {
      type: 'ClaimRegistered',
      v: 2,
      data: { claimId, creditorId, reference: `REF-${claimId}`, description: 'unpaid bill', principal, preferential, consumer: true, interestFrom: null },
      meta: pastMeta(creditor(creditorId), incurredOn),
    };
  },
  paymentRecorded(claimId: string, creditorId: string, amount: Cents, paidOn: BusinessDate): HouseholdEvent {
    return { type: 'PaymentRecorded', v: 1, data: { claimId, amount }, meta: pastMeta(creditor(creditorId), paidOn) };
  },
  measureRegistered(fields: {
    measureId: string;
    creditorId: string;
    kind: MeasureKind;
    claimIds: string[];
    monthlyAmount?: Cents;
    preferential?: boolean;
    startsOn: BusinessDate;
    endsOn?: BusinessDate | null;
  }): HouseholdEvent {
    return {
      type: 'MeasureRegistered',
      v: 1,
      data: {
        measureId: fields.measureId,
        creditorId: fields.creditorId,
        kind: fields.kind,
        claimIds: fields.claimIds,
        monthlyAmount: fields.monthlyAmount ?? 0,
        preferential: fields.preferential ?? false,
        endsOn: fields.endsOn ?? null,
      },
      meta: pastMeta(creditor(fields.creditorId), fields.startsOn),
    };
  },
  /** The counsellor asked this creditor for its claims (issue 11): it may register them from then on. */
  claimStatementRequested(creditorId: string, requestedOn: BusinessDate = '2025-01-15'): HouseholdEvent {
    return {
      type: 'ClaimStatementRequested',
      v: 1,
      data: { requestId: `${HOUSEHOLD}.claimStatement-${creditorId}`, creditorOrg: creditorId, dueOn: '2025-04-17' },
      meta: pastMeta(counsellor, requestedOn),
    };
  },
  moratoriumStarted(moratoriumId: string, startsOn: BusinessDate, endsOn: BusinessDate): HouseholdEvent {
    return { type: 'MoratoriumStarted', v: 1, data: { moratoriumId, endsOn, reason: 'breathing space' }, meta: pastMeta(counsellor, startsOn) };
  },
};

// ---------------------------------------------------------------------------------------------
// The API in-process: yoga.fetch with a pinned clock and HS256 tokens.

export const SECRET = 'collection-suite-secret-0123456789abcdef';
export const PINNED_NOW = '2025-03-20T09:00:00Z';

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResult {
  // The shape of `data` is the query's; tests read it field by field.
  data?: any;
  errors?: GqlError[];
}

export type Yoga = ReturnType<typeof createApi>;

export function apiFor(ledger: Ledger): { yoga: Yoga; internalErrors: unknown[] } {
  const internalErrors: unknown[] = [];
  const yoga = createApi({
    ledger,
    tokens: { secret: SECRET },
    production: false,
    now: () => new Date(PINNED_NOW),
    logError: (error) => internalErrors.push(error),
  });
  return { yoga, internalErrors };
}

export function tokenFor(role: Role, org: string): Promise<string> {
  return signToken({ role, org, sub: `${role.toLowerCase()}@${org.toLowerCase()}`, expiresIn: '1h' }, { secret: SECRET });
}

export async function gql(yoga: Yoga, token: string, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> {
  const response = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GqlResult;
}

let inviteSeq = 0;

/**
 * The counsellor asks a creditor organisation for its claims (issue 11): a creditor registers
 * claims on a household only when asked, or once it has a claim there.
 */
export async function inviteCreditor(yoga: Yoga, counsellorToken: string, householdId: string, creditorOrg: string): Promise<void> {
  ok(
    await gql(yoga, counsellorToken, M.requestClaimStatement, {
      input: { commandId: `csr-${creditorOrg}-${++inviteSeq}`, householdId, creditorOrg, dueOn: '2025-04-17' },
    }),
  );
}

/** The data of a result that must have no errors. */
export function ok(result: GqlResult): any {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data;
}

/** The one error of a result, with this code. */
export function rejected(result: GqlResult, code: string): GqlError {
  expect((result.errors ?? []).map((e) => e.extensions?.code), JSON.stringify(result.errors)).toEqual([code]);
  return result.errors![0]!;
}

export const RECEIPT = 'householdId revision recordedAt';
export const ALLOCATION = 'measureId kind creditorId monthly coordinator';
export const ARRANGEMENT = 'id householdId status total monthlyCapacity termMonths termReason key startsOn offers { claimId creditorId outstanding percentage amount paid answer }';

export const M = {
  registerHousehold: `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { ${RECEIPT} } }`,
  declareIncome: `mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { ${RECEIPT} } }`,
  recordProtectedIncome: `mutation ($input: RecordProtectedIncomeInput!) { recordProtectedIncome(input: $input) { ${RECEIPT} } }`,
  registerClaim: `mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { id creditorId outstanding status } }`,
  requestClaimStatement: `mutation ($input: RequestClaimStatementInput!) { requestClaimStatement(input: $input) { ${RECEIPT} } }`,
  registerMeasure: `mutation ($input: RegisterMeasureInput!) { registerMeasure(input: $input) { ${ALLOCATION} } }`,
  endMeasure: `mutation ($input: EndMeasureInput!) { endMeasure(input: $input) { ${RECEIPT} } }`,
  startMoratorium: `mutation ($input: StartMoratoriumInput!) { startMoratorium(input: $input) { ${RECEIPT} } }`,
  endMoratorium: `mutation ($input: EndMoratoriumInput!) { endMoratorium(input: $input) { ${RECEIPT} } }`,
  proposeArrangement: `mutation ($input: ProposeArrangementInput!) { proposeArrangement(input: $input) { ${ARRANGEMENT} } }`,
  answerArrangement: `mutation ($input: AnswerArrangementInput!) { answerArrangement(input: $input) { ${ARRANGEMENT} } }`,
  recordArrangementPayment: `mutation ($input: RecordArrangementPaymentInput!) { recordArrangementPayment(input: $input) { ${ARRANGEMENT} } }`,
  completeArrangement: `mutation ($input: CompleteArrangementInput!) { completeArrangement(input: $input) { ${ARRANGEMENT} } }`,
  failArrangement: `mutation ($input: FailArrangementInput!) { failArrangement(input: $input) { ${ARRANGEMENT} } }`,
};

export const Q = {
  capacity: `query ($id: ID!, $on: Date) {
    household(id: $id) {
      revision
      capacity(on: $on) {
        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource
        allocations { ${ALLOCATION} }
        flags overcommittedMeasureIds
      }
    }
  }`,
  household: `query ($id: ID!) {
    household(id: $id) {
      revision
      claims { id creditorId principal paid writtenOff outstanding preferential status }
      measures { id kind creditorId claimIds monthlyAmount startsOn endsOn }
      moratoria { id startsOn endsOn reason }
      arrangements { ${ARRANGEMENT} }
    }
  }`,
  revision: `query ($id: ID!) { household(id: $id) { revision } }`,
};
