import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { expect } from 'vitest';
import { signToken } from '../../api/auth.js';
import { createApi } from '../../api/yoga.js';
import type { Role } from '../../domain/actors.js';
import { addDays, businessDateAt } from '../../domain/dates.js';
import { hasOpenRequest } from '../../domain/household/authorize.js';
import { evolve, initialState, type HouseholdState } from '../../domain/household/decider.js';
import { parseHouseholdEvent } from '../../domain/household/events.js';
import { hasClaims } from '../../domain/household/guards.js';
import { holdsMandateOn } from '../../domain/mandates.js';
import { defaultParameters } from '../../domain/parameters.js';
import { openEmbeddedLedger, type Ledger } from '../../infra/ledger.js';
import { householdStream } from '../../infra/streams.js';

/**
 * In-process API harness: an in-memory ledger behind a yoga instance with a fixed secret and a
 * pinned clock (today is 2025-03-20 in Amsterdam). Requests go through `yoga.fetch`, so the
 * whole HTTP/GraphQL stack runs, only without a socket.
 */

export const TEST_SECRET = 'totaalbeeld-test-secret-0123456789-abcdef';
/** The pinned clock: 10:00 in Amsterdam on 2025-03-20. */
export const PINNED_NOW = '2025-03-20T09:00:00Z';
/** The pinned instant as the ledger writes it (Europe/Amsterdam offset). */
export const PINNED_RECORDED_AT = '2025-03-20T10:00:00.000+01:00';
export const TODAY = '2025-03-20';

/** Valid BSNs (elfproef). */
export const BSN = {
  jan: '111222333',
  piet: '999993653',
  anna: '123456782',
  kees: '123456794',
} as const;

export interface ValidationIssue {
  path: string;
  reason: string;
}

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; issues?: ValidationIssue[]; [key: string]: unknown };
}

export interface GqlResult {
  data?: any;
  errors?: GqlError[];
}

export interface Receipt {
  householdId: string;
  revision: number;
  recordedAt: string;
}

export interface ClaimResult {
  id: string;
  creditorId: string;
  reference: string;
  principal: number;
  costs: number;
  interest: number;
  paid: number;
  writtenOff: number;
  outstanding: number;
  preferential: boolean;
  status: string;
}

export const RECEIPT_FIELDS = 'householdId revision recordedAt';
export const CLAIM_FIELDS = 'id creditorId reference principal costs interest paid writtenOff outstanding preferential status';

export const REGISTER_HOUSEHOLD = `mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { ${RECEIPT_FIELDS} } }`;
export const DECLARE_INCOME = `mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { ${RECEIPT_FIELDS} } }`;
export const RECORD_PROTECTED_INCOME = `mutation ($input: RecordProtectedIncomeInput!) { recordProtectedIncome(input: $input) { ${RECEIPT_FIELDS} } }`;
export const REGISTER_CLAIM = `mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { ${CLAIM_FIELDS} } }`;
export const CHARGE_COSTS = `mutation ($input: ChargeCollectionCostsInput!) { chargeCollectionCosts(input: $input) { ${RECEIPT_FIELDS} } }`;
export const RECORD_PAYMENT = `mutation ($input: RecordPaymentInput!) { recordPayment(input: $input) { ${RECEIPT_FIELDS} } }`;
export const REQUEST_CLAIM_STATEMENT = `mutation ($input: RequestClaimStatementInput!) { requestClaimStatement(input: $input) { ${RECEIPT_FIELDS} } }`;

/** A household with everything in it that a full-access viewer may see. */
export const HOUSEHOLD_QUERY = `query ($id: ID!, $asOf: DateTime) {
  household(id: $id, asOf: $asOf) {
    id composition municipality revision
    members { name bsn birthDate }
    totals { outstanding claimCount creditorCount }
    claims { ${CLAIM_FIELDS} }
  }
}`;

export const CAPACITY_QUERY = `query ($id: ID!, $on: Date) {
  household(id: $id) {
    capacity(on: $on) {
      on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource
      allocations { measureId kind creditorId monthly coordinator }
      flags
    }
  }
}`;

export type HouseholdInput = {
  commandId: string;
  composition: string;
  municipality: string;
  members: Array<{ bsn: string; name: string; birthDate: string; role?: string }>;
  effectiveOn: string;
};

export function householdInput(overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    commandId: `hh-${randomUUID()}`,
    composition: 'SINGLE',
    municipality: 'Utrecht',
    members: [{ bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' }],
    effectiveOn: '2025-01-01',
    ...overrides,
  };
}

export function incomeInput(householdId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    commandId: `inc-${randomUUID()}`,
    householdId,
    memberBsn: BSN.jan,
    kind: 'WAGES',
    payer: 'ACME BV',
    netMonthly: 120_000,
    effectiveOn: '2025-01-01',
    ...overrides,
  };
}

export function claimInput(householdId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    commandId: `claim-${randomUUID()}`,
    householdId,
    reference: 'INV-2025-001',
    description: 'Unpaid energy bill',
    principal: 100_000,
    preferential: false,
    consumer: true,
    incurredOn: '2025-01-15',
    ...overrides,
  };
}

/** A counsellor's request to a creditor for its claims (due four weeks after the pinned today). */
export function claimStatementInput(householdId: string, creditorOrg: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { commandId: `csr-${randomUUID()}`, householdId, creditorOrg, dueOn: addDays(TODAY, 28), ...overrides };
}

export function costsInput(claimId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    commandId: `costs-${randomUUID()}`,
    claimId,
    amount: 4_000,
    vatApplies: false,
    reminderSentOn: '2025-02-01',
    chargedOn: '2025-03-01',
    ...overrides,
  };
}

export function paymentInput(claimId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    commandId: `pay-${randomUUID()}`,
    claimId,
    amount: 10_000,
    paidOn: '2025-03-10',
    ...overrides,
  };
}

export function protectedIncomeInput(householdId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    commandId: `bvv-${randomUUID()}`,
    householdId,
    amount: 114_000,
    source: 'INLICHTINGENBUREAU',
    reference: 'IB-2025-0001',
    validFrom: '2025-03-01',
    ...overrides,
  };
}

/** The error codes of a result, in order. */
export function codes(result: GqlResult): Array<string | undefined> {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}

/** Asserts exactly one error with this code and returns it. */
export function expectError(result: GqlResult, code: string): GqlError {
  expect(codes(result), JSON.stringify(result.errors)).toEqual([code]);
  return result.errors![0]!;
}

/** Asserts a VALIDATION_FAILED error that names this field path. */
export function expectValidationIssue(result: GqlResult, path: string): GqlError {
  const error = expectError(result, 'VALIDATION_FAILED');
  const paths = (error.extensions?.issues ?? []).map((i) => i.path);
  expect(paths, JSON.stringify(error)).toContain(path);
  for (const issue of error.extensions?.issues ?? []) {
    expect(typeof issue.reason).toBe('string');
    expect(issue.reason.length).toBeGreaterThan(0);
  }
  return error;
}

export function expectNoErrors(result: GqlResult): void {
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
}

export interface TestApi {
  ledger: Ledger;
  yoga: ReturnType<typeof createApi>;
  /** Moves the pinned clock (ISO instant); `resetClock()` goes back to PINNED_NOW. */
  setNow(instant: string): void;
  resetClock(): void;
  tokenFor(role: Role, org: string, sub?: string): Promise<string>;
  gql(token: string | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult>;
  /** Raw HTTP-level access for the odd test that needs the status or headers. */
  post(body: string, headers?: Record<string, string>): Promise<Response>;
  registerHousehold(token: string, overrides?: Partial<HouseholdInput>): Promise<Receipt>;
  declareIncome(token: string, householdId: string, overrides?: Record<string, unknown>): Promise<Receipt>;
  /**
   * A creditor registers a claim. Creditors come in by invitation (issue 11): when the creditor
   * has no claim and no open claim-statement request here yet, a counsellor holding a mandate
   * (the registering one, or else one granted since) requests its statement first, which adds a
   * ClaimStatementRequested event to the household's stream.
   */
  registerClaim(token: string, householdId: string, overrides?: Record<string, unknown>): Promise<ClaimResult>;
  /** A counsellor (holding a mandate) asks a creditor organisation for its claims on the household. */
  inviteCreditor(counsellorToken: string, householdId: string, creditorOrg: string, overrides?: Record<string, unknown>): Promise<Receipt>;
  /** Requests the creditor's claim statement unless it has a claim or an open request here (see registerClaim); true when it did. */
  ensureInvited(householdId: string, creditorOrg: string): Promise<boolean>;
  chargeCosts(token: string, claimId: string, overrides?: Record<string, unknown>): Promise<Receipt>;
  recordPayment(token: string, claimId: string, overrides?: Record<string, unknown>): Promise<Receipt>;
  /** The household as a full-access viewer (the ombudsman) sees it now. */
  household(id: string): Promise<GqlResult>;
  /** Every event in the store, over all households: "stored nothing" means this did not change. */
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The n-th of a series of valid BSNs (elfproef) no test names, for households whose members
 * do not matter: one BSN is in one household only (issue 11 item 5).
 */
export function syntheticBsn(n: number): string {
  const rest = String(n).padStart(7, '0');
  if (rest.length > 7) throw new RangeError(`no synthetic BSN number ${n}`);
  // The first digit weighs 9 (invertible mod 11): of 2..9 at most one leaves check digit 10.
  for (let first = 2; ; first++) {
    const body = `${first}${rest}`;
    let sum = 0;
    for (let d = 0; d < 8; d++) sum += (9 - d) * Number(body[d]);
    if (sum % 11 < 10) return `${body}${sum % 11}`;
  }
}

function unwrap<T>(result: GqlResult, field: string): T {
  if (result.errors !== undefined) throw new Error(`${field} failed: ${JSON.stringify(result.errors)}`);
  return result.data[field] as T;
}

/**
 * The counsellor asks a creditor organisation for its claim statement (issue 11: a creditor
 * registers claims on a household only when asked, or once it has a claim there).
 */
export function inviteCreditor(api: TestApi, counsellorToken: string, householdId: string, creditorOrg: string, overrides?: Record<string, unknown>): Promise<Receipt> {
  return api.inviteCreditor(counsellorToken, householdId, creditorOrg, overrides);
}

export interface TestApiOptions {
  /** Organisations that may look households up by BSN (TOTAALBEELD_BSN_ORGS); default none. */
  bsnOrgs?: readonly string[];
  /** The request log; default: none. */
  logger?: Logger;
}

/** An API over an in-memory embedded ledger, or over the ledger given (e.g. PostgreSQL). */
export function createTestApi(given?: Ledger, options: TestApiOptions = {}): TestApi {
  const ledger = given ?? openEmbeddedLedger(':memory:', defaultParameters);
  let now = new Date(PINNED_NOW);
  const internalErrors: unknown[] = [];
  const yoga = createApi({
    ledger,
    tokens: { secret: TEST_SECRET },
    production: false,
    now: () => now,
    logError: (error) => internalErrors.push(error),
    bsnOrgs: options.bsnOrgs,
    logger: options.logger,
  });

  const post = (body: string, headers: Record<string, string> = {}): Promise<Response> =>
    Promise.resolve(
      yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body,
      }),
    );

  const gql: TestApi['gql'] = async (token, query, variables, headers = {}) => {
    const response = await post(JSON.stringify({ query, ...(variables ? { variables } : {}) }), {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    });
    return (await response.json()) as GqlResult;
  };

  const tokenFor: TestApi['tokenFor'] = (role, org, sub) =>
    signToken({ role, org, sub: sub ?? `${role.toLowerCase()}@${org}`, expiresIn: '1h' }, { secret: TEST_SECRET });

  let ombudsman: Promise<string> | undefined;
  // registerHousehold without members: Jan Jansen the first time, then (per command id) another
  // person with the same name, as one BSN is in one household only; declareIncome defaults to
  // the household's first member.
  const defaultBsns = new Map<string, string>();
  const usedBsns = new Set<string>();
  const firstMember = new Map<string, string>();
  const registerDefault = async (token: string, overrides: Partial<HouseholdInput> = {}): Promise<Receipt> => {
    let input = householdInput(overrides);
    if (overrides.members === undefined) {
      let bsn = defaultBsns.get(input.commandId) ?? BSN.jan;
      for (let n = 1; !defaultBsns.has(input.commandId) && usedBsns.has(bsn); n++) bsn = syntheticBsn(n);
      defaultBsns.set(input.commandId, bsn);
      input = { ...input, members: [{ ...input.members[0]!, bsn }] };
    }
    for (const m of input.members) usedBsns.add(m.bsn);
    const receipt = unwrap<Receipt>(await gql(token, REGISTER_HOUSEHOLD, { input }), 'registerHousehold');
    firstMember.set(receipt.householdId, input.members[0]!.bsn);
    return receipt;
  };

  const inviteCreditor: TestApi['inviteCreditor'] = async (counsellorToken, householdId, creditorOrg, overrides = {}) =>
    unwrap<Receipt>(
      await gql(counsellorToken, REQUEST_CLAIM_STATEMENT, {
        input: claimStatementInput(householdId, creditorOrg, { dueOn: addDays(businessDateAt(now.toISOString()), 28), ...overrides }),
      }),
      'requestClaimStatement',
    );

  /** The household's state as the decider folds it (null: no such household, or not readable). */
  const stateOf = async (householdId: string): Promise<HouseholdState | null> => {
    try {
      const recorded = await ledger.store.readStream(householdStream(householdId));
      if (recorded.length === 0) return null;
      let state = initialState();
      for (const e of recorded) state = evolve(state, parseHouseholdEvent({ type: e.type, v: e.v, data: e.data, meta: e.meta }));
      return state;
    } catch {
      return null;
    }
  };

  const ensureInvited: TestApi['ensureInvited'] = async (householdId, creditorOrg) => {
    const state = await stateOf(householdId);
    if (state === null || state.erased || hasClaims(state, creditorOrg) || hasOpenRequest(state, creditorOrg)) return false;
    const today = businessDateAt(now.toISOString());
    const counsellorOrg = state.mandates.find((m) => holdsMandateOn(state.mandates, m.counsellorOrg, today))?.counsellorOrg;
    // No counsellor holds a mandate: the claim is refused as it would be in production.
    if (counsellorOrg === undefined || counsellorOrg === creditorOrg) return false;
    await inviteCreditor(await tokenFor('COUNSELLOR', counsellorOrg), householdId, creditorOrg);
    return true;
  };

  return {
    ledger,
    yoga,
    setNow: (instant) => {
      now = new Date(instant);
    },
    resetClock: () => {
      now = new Date(PINNED_NOW);
    },
    tokenFor,
    gql,
    post,
    registerHousehold: registerDefault,
    declareIncome: async (token, householdId, overrides) =>
      unwrap<Receipt>(
        await gql(token, DECLARE_INCOME, { input: incomeInput(householdId, { memberBsn: firstMember.get(householdId) ?? BSN.jan, ...overrides }) }),
        'declareIncome',
      ),
    registerClaim: async (token, householdId, overrides) => {
      let claimant: Record<string, unknown> = {};
      try {
        claimant = decodeJwt(token);
      } catch {
        // Not a token at all: the API refuses it, nobody to invite.
      }
      if (claimant['role'] === 'CREDITOR' && typeof claimant['org'] === 'string') await ensureInvited(householdId, claimant['org']);
      return unwrap<ClaimResult>(await gql(token, REGISTER_CLAIM, { input: claimInput(householdId, overrides) }), 'registerClaim');
    },
    inviteCreditor,
    ensureInvited,
    chargeCosts: async (token, claimId, overrides) =>
      unwrap<Receipt>(await gql(token, CHARGE_COSTS, { input: costsInput(claimId, overrides) }), 'chargeCollectionCosts'),
    recordPayment: async (token, claimId, overrides) =>
      unwrap<Receipt>(await gql(token, RECORD_PAYMENT, { input: paymentInput(claimId, overrides) }), 'recordPayment'),
    household: async (id) => {
      ombudsman ??= tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
      return gql(await ombudsman, HOUSEHOLD_QUERY, { id });
    },
    eventCount: async () => (await ledger.store.readAll({ after: 0, limit: 1_000_000 })).length,
    close: async () => {
      await ledger.close();
      // An internal error is a bug: the client got INTERNAL_SERVER_ERROR instead of a code.
      expect(internalErrors.map((e) => (e instanceof Error ? e.stack : String(e)))).toEqual([]);
    },
  };
}
