import { randomUUID } from 'node:crypto';
import type { Role } from '../../domain/actors.js';
import {
  BSN,
  claimStatementInput,
  createTestApi,
  DECLARE_INCOME,
  incomeInput,
  protectedIncomeInput,
  RECORD_PROTECTED_INCOME,
  REQUEST_CLAIM_STATEMENT,
  type GqlResult,
  type TestApi,
} from '../support/api.js';

/**
 * Fixtures, actors and an SSE client for the authorisation matrix (issue 4 item 1). Everything
 * here is about *how* to call the API; what each caller may do lives in matrix.spec.ts.
 */

export const ORG = {
  /** Registers the household, so it holds the mandate. */
  counsellor: 'GEM-UTRECHT',
  /** A counsellor organisation with a household of its own elsewhere, none here. */
  otherCounsellor: 'SCHULDHULP-NOORD',
  /** Has a claim (and, where needed, a measure, a signal, an arrangement offer) here. */
  creditor: 'CJIB',
  /** A creditor with a claim elsewhere, none here. */
  otherCreditor: 'DUO',
  /** A second creditor here, for what one creditor may see of another. */
  secondCreditor: 'ENECO',
  ombudsman: 'NATIONALE-OMBUDSMAN',
  admin: 'BEHEER',
  /** The counsellor organisation that receives (or already holds) an extra mandate. */
  grantee: 'BEWIND-TIJDELIJK',
  /** Held a mandate here that the household revoked. */
  revokedCounsellor: 'BEWIND-OUD',
  /** Held a mandate here whose last day has passed. */
  expiredCounsellor: 'SCHULDHULP-TIJDELIJK',
} as const;

/** Who calls: a role, and whether its organisation has a relationship with the fixture's household. */
export interface Caller {
  label: string;
  role: Role | null;
  /**
   * own: the relationship the policy asks for (the creditor whose claim, measure, offer or signal
   * it is; the counsellor holding the mandate; the household itself); related: a creditor with a
   * claim of its own here, acting on CJIB's; other: same role, no relationship (an unrelated
   * organisation, or a mandate revoked or expired); national: the ombudsman and the
   * administrator, who are not tied to households.
   */
  relation: 'own' | 'related' | 'other' | 'national' | 'none';
  org?: string;
}

export const CALLERS: readonly Caller[] = [
  { label: 'no token', role: null, relation: 'none' },
  { label: `CREDITOR whose claim it is (${ORG.creditor})`, role: 'CREDITOR', relation: 'own', org: ORG.creditor },
  { label: `CREDITOR with another claim here (${ORG.secondCreditor})`, role: 'CREDITOR', relation: 'related', org: ORG.secondCreditor },
  { label: `CREDITOR without a claim here (${ORG.otherCreditor})`, role: 'CREDITOR', relation: 'other', org: ORG.otherCreditor },
  { label: `COUNSELLOR holding the mandate (${ORG.counsellor})`, role: 'COUNSELLOR', relation: 'own', org: ORG.counsellor },
  { label: `COUNSELLOR without a mandate here (${ORG.otherCounsellor})`, role: 'COUNSELLOR', relation: 'other', org: ORG.otherCounsellor },
  { label: `COUNSELLOR whose mandate was revoked (${ORG.revokedCounsellor})`, role: 'COUNSELLOR', relation: 'other', org: ORG.revokedCounsellor },
  { label: `COUNSELLOR whose mandate expired (${ORG.expiredCounsellor})`, role: 'COUNSELLOR', relation: 'other', org: ORG.expiredCounsellor },
  { label: 'HOUSEHOLD itself', role: 'HOUSEHOLD', relation: 'own' },
  { label: 'HOUSEHOLD of another household', role: 'HOUSEHOLD', relation: 'other' },
  { label: 'OMBUDSMAN', role: 'OMBUDSMAN', relation: 'national', org: ORG.ombudsman },
  { label: 'ADMIN', role: 'ADMIN', relation: 'national', org: ORG.admin },
];

/** What an operation needs in the household beyond the base (registered, income, BVV, a CJIB claim). */
export interface Needs {
  measure?: boolean;
  moratorium?: boolean;
  signal?: boolean;
  complaint?: boolean;
  /** A debt arrangement, proposed; ACTIVE: accepted by every creditor; PAID: and its offer paid in full. */
  arrangement?: 'PROPOSED' | 'ACTIVE' | 'PAID';
  /** The arrangement runs 24 months instead of 18, with the reason why (personal: not for creditors). */
  longTerm?: boolean;
  /** The household granted a second counsellor organisation (ORG.grantee) a mandate. */
  grantee?: boolean;
  /**
   * The second creditor (ENECO) registers its claim early, with a garnishment, so it also has an
   * offer in the arrangement. Without this, ENECO's claim comes last: no measure, no offer.
   */
  secondCreditor?: boolean;
  /** After the claims: the counsellor asks CJIB (which has a claim) for a new statement, open. */
  claimStatementRequest?: boolean;
  /** The counsellor disputes the official protected income record. */
  dispute?: boolean;
}

export interface Fixture {
  api: TestApi;
  householdId: string;
  /** A household of the other counsellor, with a claim of the other creditor. */
  otherHouseholdId: string;
  tokens: { counsellor: string; creditor: string; secondCreditor: string; ombudsman: string; household: string };
  claimId: string;
  secondClaimId: string;
  /** The official protected income recorded by the counsellor. */
  protectedIncomeRecordId: string;
  measureId: string | null;
  moratoriumId: string | null;
  signalId: string | null;
  complaintId: string | null;
  arrangementId: string | null;
}

/** Monthly capacity × 18 months: the whole offer goes to CJIB's claim (or is shared with ENECO's). */
export const ARRANGEMENT_CAPACITY = 10_000;
export const MORATORIUM = { startsOn: '2025-06-01', endsOn: '2025-08-31' } as const;

export const newId = (prefix: string): string => `${prefix}-${randomUUID()}`;

export function ok(result: GqlResult, field: string): any {
  if (result.errors !== undefined) throw new Error(`fixture step ${field} failed: ${JSON.stringify(result.errors)}`);
  return result.data[field];
}

export const M = {
  registerMeasure: `mutation ($input: RegisterMeasureInput!) { registerMeasure(input: $input) { measureId kind creditorId monthly coordinator } }`,
  startMoratorium: `mutation ($input: StartMoratoriumInput!) { startMoratorium(input: $input) { householdId revision } }`,
  sendSignal: `mutation ($input: SendSignalInput!) { sendSignal(input: $input) { id householdId feedback } }`,
  lodgeComplaint: `mutation ($input: LodgeComplaintInput!) { lodgeComplaint(input: $input) { id householdId againstOrg } }`,
  proposeArrangement: `mutation ($input: ProposeArrangementInput!) { proposeArrangement(input: $input) { id status offers { claimId creditorId amount } } }`,
  answerArrangement: `mutation ($input: AnswerArrangementInput!) { answerArrangement(input: $input) { id status } }`,
  recordArrangementPayment: `mutation ($input: RecordArrangementPaymentInput!) { recordArrangementPayment(input: $input) { id status } }`,
  grantMandate: `mutation ($input: GrantMandateInput!) { grantMandate(input: $input) { householdId revision } }`,
  revokeMandate: `mutation ($input: RevokeMandateInput!) { revokeMandate(input: $input) { householdId revision } }`,
  disputeProtectedIncome: `mutation ($input: DisputeProtectedIncomeInput!) { disputeProtectedIncome(input: $input) { householdId revision } }`,
} as const;

export function measureInput(householdId: string, claimId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { commandId: newId('measure'), householdId, kind: 'GARNISHMENT', claimIds: [claimId], startsOn: '2025-02-01', ...overrides };
}

export function moratoriumInput(householdId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { commandId: newId('moratorium'), householdId, ...MORATORIUM, reason: 'Adempauze tijdens schuldhulp', ...overrides };
}

export function signalInput(householdId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { commandId: newId('signal'), householdId, partnerType: 'OTHER_PUBLIC', amount: 45_000, arrearsSince: '2025-01-01', threatening: false, ...overrides };
}

export function complaintInput(householdId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    commandId: newId('complaint'),
    householdId,
    againstOrg: ORG.creditor,
    subject: 'Beslag te hoog',
    text: 'Het CJIB houdt meer in dan ik kan missen.',
    ...overrides,
  };
}

/**
 * A fresh in-memory API with one household as the policy's actors meet it: registered by a
 * counsellor (who so holds the mandate), with income, an official protected income and a claim
 * of CJIB; plus whatever `needs` asks. Beside it, a household of another counsellor with a claim
 * of another creditor, so "other" organisations are real participants elsewhere.
 */
export async function buildFixture(needs: Needs = {}): Promise<Fixture> {
  // Every counsellor organisation and the ombudsman have a legal basis to use the BSN here: the
  // matrix is about who sees which household; TOTAALBEELD_BSN_ORGS itself is tested in test/privacy.
  const bsnOrgs = [ORG.counsellor, ORG.otherCounsellor, ORG.grantee, ORG.revokedCounsellor, ORG.expiredCounsellor, ORG.ombudsman];
  const api = createTestApi(undefined, { bsnOrgs });
  const [counsellor, otherCounsellor, creditor, otherCreditor, secondCreditor, ombudsman] = await Promise.all([
    api.tokenFor('COUNSELLOR', ORG.counsellor),
    api.tokenFor('COUNSELLOR', ORG.otherCounsellor),
    api.tokenFor('CREDITOR', ORG.creditor),
    api.tokenFor('CREDITOR', ORG.otherCreditor),
    api.tokenFor('CREDITOR', ORG.secondCreditor),
    api.tokenFor('OMBUDSMAN', ORG.ombudsman),
  ]);
  const { householdId } = await api.registerHousehold(counsellor);
  // €2,500 net, official protected income €1,500: €1,000 a month attachable.
  ok(await api.gql(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { netMonthly: 250_000, effectiveOn: '2025-01-01' }) }), 'declareIncome');
  ok(
    await api.gql(counsellor, RECORD_PROTECTED_INCOME, { input: protectedIncomeInput(householdId, { amount: 150_000, validFrom: '2025-01-01' }) }),
    'recordProtectedIncome',
  );
  const records = ok(
    await api.gql(ombudsman, `query ($id: ID!) { household(id: $id) { protectedIncomeRecords { id } } }`, { id: householdId }),
    'household',
  );
  const protectedIncomeRecordId = (records.protectedIncomeRecords as Array<{ id: string }>)[0]!.id;
  // Creditors come in by invitation (issue 11): registerClaim has the counsellor request CJIB's
  // claim statement first.
  const claimId = (await api.registerClaim(creditor, householdId, { principal: 600_000, reference: 'CJIB-1' })).id;

  const { householdId: otherHouseholdId } = await api.registerHousehold(otherCounsellor, {
    members: [{ bsn: BSN.piet, name: 'Piet Pietersen', birthDate: '1990-04-01' }],
  });
  await api.registerClaim(otherCreditor, otherHouseholdId, { principal: 200_000, reference: 'DUO-1' });

  const household = await api.tokenFor('HOUSEHOLD', householdId);
  // Two counsellor organisations that held a mandate here: one revoked, one expired yesterday.
  for (const [org, endsOn] of [
    [ORG.revokedCounsellor, null],
    [ORG.expiredCounsellor, '2025-03-19'],
  ] as const) {
    ok(await api.gql(household, M.grantMandate, { input: { commandId: newId('grant'), householdId, counsellorOrg: org, startsOn: '2025-02-01', endsOn } }), 'grantMandate');
  }
  ok(await api.gql(household, M.revokeMandate, { input: { commandId: newId('revoke'), householdId, counsellorOrg: ORG.revokedCounsellor } }), 'revokeMandate');

  const fx: Fixture = {
    api,
    householdId,
    otherHouseholdId,
    tokens: { counsellor, creditor, secondCreditor, ombudsman, household },
    claimId,
    secondClaimId: '',
    protectedIncomeRecordId,
    measureId: null,
    moratoriumId: null,
    signalId: null,
    complaintId: null,
    arrangementId: null,
  };

  if (needs.secondCreditor) {
    fx.secondClaimId = (await api.registerClaim(secondCreditor, householdId, { principal: 300_000, reference: 'ENECO-1' })).id;
    ok(await api.gql(secondCreditor, M.registerMeasure, { input: measureInput(householdId, fx.secondClaimId, { startsOn: '2025-02-15' }) }), 'registerMeasure');
  }
  if (needs.measure) {
    fx.measureId = ok(await api.gql(creditor, M.registerMeasure, { input: measureInput(householdId, claimId) }), 'registerMeasure').measureId;
  }
  if (needs.moratorium) {
    ok(await api.gql(counsellor, M.startMoratorium, { input: moratoriumInput(householdId) }), 'startMoratorium');
    const seen = ok(await api.gql(ombudsman, `query ($id: ID!) { household(id: $id) { moratoria { id startsOn } } }`, { id: householdId }), 'household');
    fx.moratoriumId = (seen.moratoria as Array<{ id: string; startsOn: string }>).find((m) => m.startsOn === MORATORIUM.startsOn)!.id;
  }
  if (needs.signal) {
    fx.signalId = ok(await api.gql(creditor, M.sendSignal, { input: signalInput(householdId) }), 'sendSignal').id;
  }
  if (needs.complaint) {
    fx.complaintId = ok(await api.gql(household, M.lodgeComplaint, { input: complaintInput(householdId) }), 'lodgeComplaint').id;
  }
  if (needs.grantee) {
    ok(
      await api.gql(household, M.grantMandate, { input: { commandId: newId('grant'), householdId, counsellorOrg: ORG.grantee, startsOn: '2025-03-01' } }),
      'grantMandate',
    );
  }
  if (needs.arrangement) {
    const proposed = ok(
      await api.gql(counsellor, M.proposeArrangement, {
        input: {
          commandId: newId('arrangement'),
          householdId,
          monthlyCapacity: ARRANGEMENT_CAPACITY,
          startsOn: '2025-03-01',
          ...(needs.longTerm ? { termMonths: 24, termReason: 'Langere looptijd wegens ziekte van de aanvrager' } : {}),
        },
      }),
      'proposeArrangement',
    );
    fx.arrangementId = proposed.id as string;
    if (needs.arrangement !== 'PROPOSED') {
      for (const token of needs.secondCreditor ? [creditor, secondCreditor] : [creditor]) {
        ok(await api.gql(token, M.answerArrangement, { input: { commandId: newId('answer'), arrangementId: fx.arrangementId, answer: 'ACCEPT' } }), 'answerArrangement');
      }
    }
    if (needs.arrangement === 'PAID') {
      for (const offer of proposed.offers as Array<{ claimId: string; amount: number }>) {
        ok(
          await api.gql(counsellor, M.recordArrangementPayment, {
            input: { commandId: newId('arr-pay'), arrangementId: fx.arrangementId, claimId: offer.claimId, amount: offer.amount, paidOn: '2025-03-20' },
          }),
          'recordArrangementPayment',
        );
      }
    }
  }
  if (!needs.secondCreditor) {
    fx.secondClaimId = (await api.registerClaim(secondCreditor, householdId, { principal: 300_000, reference: 'ENECO-1' })).id;
  }
  if (needs.claimStatementRequest) {
    ok(await api.gql(counsellor, REQUEST_CLAIM_STATEMENT, { input: claimStatementInput(householdId, ORG.creditor) }), 'requestClaimStatement');
  }
  if (needs.dispute) {
    ok(
      await api.gql(counsellor, M.disputeProtectedIncome, {
        input: { commandId: newId('dispute'), recordId: protectedIncomeRecordId, reason: 'Berekend op een verkeerde samenstelling.' },
      }),
      'disputeProtectedIncome',
    );
  }
  return fx;
}

/** The caller's token in this fixture (null: no token). */
export async function tokenOf(fx: Fixture, caller: Caller): Promise<string | null> {
  if (caller.role === null) return null;
  if (caller.role === 'HOUSEHOLD') return fx.api.tokenFor('HOUSEHOLD', caller.relation === 'own' ? fx.householdId : fx.otherHouseholdId);
  return fx.api.tokenFor(caller.role, caller.org!);
}

/** A fixture value the operation declared it needs. */
export function need<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`the operation uses the fixture's ${what} but does not declare it in its needs`);
  return value;
}

// ------------------------------------------------------------------------------------ SSE

export interface SseEvent {
  event: string;
  data: any;
}

export interface SseStream {
  /** The next `next`/`complete` event, or null when none arrives within `timeoutMs`. */
  next(timeoutMs: number): Promise<SseEvent | null>;
  close(): void;
}

/** Opens a subscription over SSE (POST, accept: text/event-stream) through the in-process yoga. */
export async function openSse(api: TestApi, token: string | null, query: string, variables: Record<string, unknown>): Promise<SseStream> {
  const abort = new AbortController();
  const response = await api.yoga.fetch('http://test/graphql', {
    method: 'POST',
    signal: abort.signal,
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  if (!response.headers.get('content-type')?.includes('text/event-stream')) {
    throw new Error(`not an event stream: ${response.status} ${await response.text()}`);
  }
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const queue: SseEvent[] = [];
  let buffer = '';
  let ended = false;
  let reading: Promise<void> | null = null;

  const pump = (): Promise<void> =>
    (reading ??= reader.read().then(
      (chunk) => {
        reading = null;
        if (chunk.done) {
          ended = true;
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
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (event === 'message' && data.length === 0) continue; // a keep-alive comment
          const text = data.join('\n');
          queue.push({ event, data: text === '' ? null : JSON.parse(text) });
        }
      },
      () => {
        reading = null;
        ended = true;
      },
    ));

  return {
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0 && !ended) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([pump(), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
        clearTimeout(timer);
      }
      return queue.shift() ?? null;
    },
    close() {
      abort.abort();
      void reader.cancel().catch(() => undefined);
    },
  };
}
