import type { GraphQLObjectType } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../api/schema/index.js';
import { readPolicy, type ReadAspect, type Seen } from '../../api/access.js';
import type { Role } from '../../domain/actors.js';
import { codes, DECLARE_INCOME, incomeInput, protectedIncomeInput, RECORD_PROTECTED_INCOME, type GqlResult } from '../support/api.js';
import { OPERATIONS, type Operation } from './operations.js';
import { buildFixture, CALLERS, complaintInput, M, measureInput, newId, ok, openSse, ORG, tokenOf, type Caller, type Fixture } from './support.js';

/**
 * The authorisation matrix (issue 4 item 1): every root field of the served schema × every role
 * (and no token) × own/other organisation, against the running API (in-process yoga.fetch),
 * each on a fresh fixture.
 *
 * Who may call what: the expectations are this file's own, written from ledger-policy.md §8 and
 * issue 4 — not read from the code. A root field without a row here fails the build. What a
 * viewer then sees of a household is read from the policy table (api/access.ts), below.
 */

// ------------------------------------------------------------------------- the expectations

/**
 * any: every organisation of the role may use it (it needs no relationship with the household).
 * own: only with a relationship with the household: a creditor with a claim there, the
 *      counsellor holding a current mandate, the household itself; the same role without it (an
 *      unrelated organisation, a revoked or expired mandate, another household) is FORBIDDEN.
 * own-item: a creditor acting on what is its own: its claim, its measure, the offer made to it.
 *      A creditor with other claims in the household, acting on another creditor's, is FORBIDDEN.
 * own-sees: every organisation of the role may call it, but the household shows in the answer
 *      only for the one it concerns (a filtered list, not a refusal).
 * own-or-hidden: as own, but without the relationship the answer is null, exactly as for a
 *      household id that does not exist (issue 11: the answer does not tell which ids exist).
 * hidden: the role may ask, and always gets null as for an unknown id.
 * A role not named is FORBIDDEN; no token is UNAUTHENTICATED.
 */
type Need = 'any' | 'own' | 'own-item' | 'own-sees' | 'own-or-hidden' | 'hidden';
type Rule = Partial<Record<Role, Need>>;

/** Reading a household, and following it live: who may see it at all (§8 "may see"). */
const SEES_HOUSEHOLD: Rule = { CREDITOR: 'own', COUNSELLOR: 'own', HOUSEHOLD: 'own', OMBUDSMAN: 'any' };

const EXPECTED: Record<string, Rule> = {
  // Queries. ADMIN sees "operational state, not personal data": no household, no audit of reads.
  // A household the caller may not see is null, as an unknown id is (issue 11), not FORBIDDEN.
  'Query.household': { CREDITOR: 'own-or-hidden', COUNSELLOR: 'own-or-hidden', HOUSEHOLD: 'own-or-hidden', OMBUDSMAN: 'any', ADMIN: 'hidden' },
  'Query.readAudit': { OMBUDSMAN: 'any' }, // "every read of personal data by anyone"
  'Query.violations': { OMBUDSMAN: 'any' }, // across all households: oversight only
  'Query.signalWorklist': { COUNSELLOR: 'own-sees' }, // "handle signals" of households it holds a mandate for
  'Query.signalFeedback': { CREDITOR: 'own-sees' }, // a partner sees feedback on the signals it sent
  'Query.myHouseholds': { COUNSELLOR: 'own-sees' }, // the web app's list: households it holds a mandate for today
  'Query.findHouseholds': { COUNSELLOR: 'own-sees', OMBUDSMAN: 'any' }, // personal data (BSN): never creditors
  'Query.claimStatementRequests': { CREDITOR: 'own-sees' }, // a creditor's own open requests (issue 11)

  // CREDITOR: "register claims, costs, payments, collection measures for its own organisation;
  // record an official protected income it obtained; answer arrangement offers; send signals".
  // Creditors come in by invitation (issue 11): a creditor with a claim here, or one whose claim
  // statement the counsellor requested; another creditor is FORBIDDEN.
  'Mutation.registerClaim': { CREDITOR: 'own' },
  'Mutation.chargeCollectionCosts': { CREDITOR: 'own-item' }, // only on its own claim
  'Mutation.recordPayment': { CREDITOR: 'own-item' }, // only on its own claim
  'Mutation.registerMeasure': { CREDITOR: 'own-item' }, // only for its own claims
  'Mutation.endMeasure': { CREDITOR: 'own-item' }, // only its own measure
  'Mutation.answerArrangement': { CREDITOR: 'own-item' }, // only an offer made to it
  'Mutation.sendSignal': { CREDITOR: 'any' }, // a fixed-cost partner need not have a claim here

  // COUNSELLOR: "register households, income and composition; record an official protected
  // income; start moratoria; propose arrangements; handle signals" — for households it holds a
  // mandate for.
  'Mutation.registerHousehold': { COUNSELLOR: 'any' },
  'Mutation.declareIncome': { COUNSELLOR: 'own' },
  'Mutation.changeComposition': { COUNSELLOR: 'own' },
  'Mutation.recordProtectedIncome': { COUNSELLOR: 'own', CREDITOR: 'own' }, // creditor: one with a claim there
  'Mutation.startMoratorium': { COUNSELLOR: 'own' },
  'Mutation.endMoratorium': { COUNSELLOR: 'own' },
  'Mutation.proposeArrangement': { COUNSELLOR: 'own' },
  'Mutation.recordArrangementPayment': { COUNSELLOR: 'own' }, // administering the arrangement it proposed
  'Mutation.completeArrangement': { COUNSELLOR: 'own' },
  'Mutation.failArrangement': { COUNSELLOR: 'own' },
  'Mutation.recordContactAttempt': { COUNSELLOR: 'own' },
  'Mutation.closeSignal': { COUNSELLOR: 'own' },
  // Issue 11: the counsellor asks creditors for their claims, and disputes an official protected income.
  'Mutation.requestClaimStatement': { COUNSELLOR: 'own' },
  'Mutation.disputeProtectedIncome': { COUNSELLOR: 'own' },
  'Mutation.resolveProtectedIncomeDispute': { COUNSELLOR: 'own' },

  // Complaints: lodged by the household (§8), its counsellor (issue 5 §2) or the ombudsman (§8);
  // findings, recommendations and closure by the ombudsman only ("read-only except complaints").
  'Mutation.lodgeComplaint': { HOUSEHOLD: 'own', COUNSELLOR: 'own', OMBUDSMAN: 'any' },
  'Mutation.recordComplaintNote': { OMBUDSMAN: 'any' },
  'Mutation.closeComplaint': { OMBUDSMAN: 'any' },

  // Mandates (issue 4 item 2): by the household, or by the counsellor that holds one.
  'Mutation.grantMandate': { HOUSEHOLD: 'own', COUNSELLOR: 'own' },
  'Mutation.revokeMandate': { HOUSEHOLD: 'own', COUNSELLOR: 'own' },

  // ADMIN: "erase personal data on a lawful request".
  'Mutation.eraseHousehold': { ADMIN: 'any' },

  // Live updates are authorised like the household query (issue 5 §5).
  'Subscription.householdChanged': SEES_HOUSEHOLD,
  'Subscription.capacityChanged': SEES_HOUSEHOLD,
  'Subscription.measureRegistered': SEES_HOUSEHOLD,
  'Subscription.moratoriumStarted': SEES_HOUSEHOLD,
};

type Outcome =
  | 'allowed'
  | 'allowed, sees the household'
  | 'allowed, does not see the household'
  | 'null, as for an unknown household'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED';

function expectedOutcome(rule: Rule, caller: Caller, filtered: boolean): Outcome {
  if (caller.role === null) return 'UNAUTHENTICATED';
  const need = rule[caller.role];
  if (need === undefined) return 'FORBIDDEN';
  if (need === 'hidden') return 'null, as for an unknown household';
  // The ombudsman and the administrator are national: they have no "other organisation".
  const national = caller.relation === 'national';
  const related = national || caller.relation === 'own' || caller.relation === 'related';
  const owner = national || caller.relation === 'own';
  if (need === 'own' && !related) return 'FORBIDDEN';
  if (need === 'own-or-hidden' && !related) return 'null, as for an unknown household';
  if (need === 'own-item' && !owner) return 'FORBIDDEN';
  if (!filtered) return 'allowed';
  return need === 'own-sees' && !owner ? 'allowed, does not see the household' : 'allowed, sees the household';
}

// ------------------------------------------------------------------------- the served schema

interface RootField {
  key: string;
  kind: 'Query' | 'Mutation' | 'Subscription';
  name: string;
  authScopes: unknown;
}

function fieldsOf(type: GraphQLObjectType | null | undefined, kind: RootField['kind']): RootField[] {
  if (!type) return [];
  return Object.values(type.getFields()).map((field) => {
    const options = (field.extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions;
    return { key: `${kind}.${field.name}`, kind, name: field.name, authScopes: options?.authScopes };
  });
}

const ROOT_FIELDS: RootField[] = [
  ...fieldsOf(schema.getQueryType(), 'Query'),
  ...fieldsOf(schema.getMutationType(), 'Mutation'),
  ...fieldsOf(schema.getSubscriptionType(), 'Subscription'),
];

describe('every root field has a rule', () => {
  it('the schema serves root fields of all three kinds', () => {
    expect(new Set(ROOT_FIELDS.map((f) => f.kind))).toEqual(new Set(['Query', 'Mutation', 'Subscription']));
  });

  it('every root field declares authScopes (Pothos scope-auth)', () => {
    const missing = ROOT_FIELDS.filter((f) => f.authScopes === undefined || f.authScopes === null).map((f) => f.key);
    expect(missing, `root fields without authScopes: ${missing.join(', ')}`).toEqual([]);
  });

  it('every root field has a row in the expectation table (a new field without a rule fails here)', () => {
    const missing = ROOT_FIELDS.filter((f) => !(f.key in EXPECTED)).map((f) => f.key);
    expect(missing, `root fields missing from the authorisation matrix: ${missing.join(', ')}`).toEqual([]);
  });

  it('every root field has a driver that calls it with a valid input', () => {
    const missing = ROOT_FIELDS.filter((f) => !(f.key in OPERATIONS)).map((f) => f.key);
    expect(missing, `root fields without a driver in test/auth/operations.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('every row names a field the schema serves (no stale rules)', () => {
    const served = new Set(ROOT_FIELDS.map((f) => f.key));
    const stale = [...Object.keys(EXPECTED), ...Object.keys(OPERATIONS)].filter((k) => !served.has(k));
    expect(stale, `rules for fields the schema does not serve: ${stale.join(', ')}`).toEqual([]);
  });

  it('filtered answers have a probe, and only they', () => {
    const inconsistent = Object.entries(EXPECTED)
      .filter(([key, rule]) => Object.values(rule).includes('own-sees') !== (OPERATIONS[key]?.reveals !== undefined))
      .map(([key]) => key);
    expect(inconsistent).toEqual([]);
  });
});

// ------------------------------------------------------------------------- the matrix

function describeResult(result: GqlResult): string {
  return JSON.stringify(result.errors ?? result.data);
}

async function runRequest(fx: Fixture, field: RootField, op: Operation, token: string | null, outcome: Outcome): Promise<void> {
  const before = await fx.api.eventCount();
  const result = await fx.api.gql(token, op.document, op.variables(fx));
  const after = await fx.api.eventCount();

  if (outcome === 'FORBIDDEN' || outcome === 'UNAUTHENTICATED') {
    expect(codes(result), describeResult(result)).toEqual([outcome]);
    expect(result.errors![0]!.path?.[0], describeResult(result)).toBe(field.name);
    expect(result.data?.[field.name] ?? null).toBeNull();
    expect(after, 'a refused operation stores nothing').toBe(before);
    return;
  }

  if (outcome === 'null, as for an unknown household') {
    expect(result, describeResult(result)).toEqual({ data: { [field.name]: null } });
    expect(after, 'a read stores no events').toBe(before);
    return;
  }

  expect(result.errors, describeResult(result)).toBeUndefined();
  const data = result.data[field.name];
  expect(data).not.toBeNull();
  expect(data).not.toBeUndefined();
  if (field.kind === 'Mutation') expect(after, 'an allowed command stores its events').toBeGreaterThan(before);
  else expect(after, 'a read stores no events').toBe(before);
  if (op.reveals) expect(op.reveals(data, fx), describeResult(result)).toBe(outcome === 'allowed, sees the household');
}

/** Subscriptions: authorised at subscribe time; an allowed one delivers the next change. */
async function runSubscription(fx: Fixture, field: RootField, op: Operation, token: string | null, outcome: Outcome): Promise<void> {
  const stream = await openSse(fx.api, token, op.document, op.variables(fx));
  try {
    if (outcome === 'FORBIDDEN' || outcome === 'UNAUTHENTICATED') {
      const first = await stream.next(3_000);
      expect(first, 'the refusal arrives as the first event').not.toBeNull();
      expect(first!.event).toBe('next');
      expect(codes(first!.data as GqlResult), JSON.stringify(first!.data)).toEqual([outcome]);
      expect((first!.data as GqlResult).data?.[field.name] ?? null).toBeNull();
      return;
    }
    // The server subscribes asynchronously: trigger until the first change comes through.
    let first = await stream.next(20);
    for (let attempt = 0; first === null && attempt < 10; attempt += 1) {
      await op.trigger!(fx, attempt);
      first = await stream.next(250);
    }
    expect(first, 'an allowed subscription delivers the next change').not.toBeNull();
    expect(first!.event, JSON.stringify(first)).toBe('next');
    expect((first!.data as GqlResult).errors, JSON.stringify(first!.data)).toBeUndefined();
    expect((first!.data as GqlResult).data?.[field.name]).toBeTruthy();
  } finally {
    stream.close();
  }
}

let current: Fixture | null = null;
afterEach(async () => {
  const fx = current;
  current = null;
  // Also asserts that nothing became an INTERNAL_SERVER_ERROR.
  if (fx) await fx.api.close();
});

let combinations = 0;

describe.each(ROOT_FIELDS.map((f) => [f.key, f] as const))('%s', (key, field) => {
  const rule = EXPECTED[key];
  const op = OPERATIONS[key];
  if (rule === undefined || op === undefined) {
    it('has a rule and a driver', () => {
      expect.fail(`${key} is missing from the ${rule === undefined ? 'expectation table in matrix.spec.ts' : 'drivers in operations.ts'}`);
    });
    return;
  }
  const cases = CALLERS.map((caller) => ({ caller, outcome: expectedOutcome(rule, caller, op.reveals !== undefined) }));
  combinations += cases.length;
  it.each(cases.map((c) => [`${c.caller.label} → ${c.outcome}`, c] as const))('%s', async (_name, { caller, outcome }) => {
    const fx = await buildFixture(op.needs ?? {});
    current = fx;
    const token = await tokenOf(fx, caller);
    if (field.kind === 'Subscription') await runSubscription(fx, field, op, token, outcome);
    else await runRequest(fx, field, op, token, outcome);
  });
});

describe('the matrix covers', () => {
  it('every root field × every caller', () => {
    expect(combinations).toBe(ROOT_FIELDS.length * CALLERS.length);
  });
});

// ------------------------------------------------------------------------- field-level visibility

/**
 * What each viewer with access sees of the household: the expectations are the policy table
 * itself (api/access.ts readPolicy, role × aspect), so the table and this test cannot drift;
 * what is checked is that every resolver shows what the table says (a resolver that stops
 * consulting the table fails here). all: everything in the fixture; own: only what is the
 * viewer's own (others' items absent, or present without their creditor's identity); none:
 * nothing. The fixed points of policy §8 that the table itself must keep are checked below.
 */
type Viewer = 'CREDITOR' | 'COUNSELLOR' | 'HOUSEHOLD' | 'OMBUDSMAN';
const VIEWERS: Viewer[] = ['CREDITOR', 'COUNSELLOR', 'HOUSEHOLD', 'OMBUDSMAN'];

const VISIBILITY_QUERY = `query ($id: ID!) { household(id: $id) {
  members { name bsn }
  claims { id creditorId }
  complaints { id }
  signals { id }
  mandates { counsellorOrg }
  readLog(first: 100) { edges { node { organisation field } } }
  claimStatementRequests { id }
  capacity(on: "2025-03-10") { allocations { measureId creditorId } }
  measures { id creditorId claimIds }
  arrangements { termReason offers { claimId creditorId } }
  moratoria { reason }
  protectedIncomeRecords { recordedBy reference dispute { reason resolution } }
  timeline(first: 100) { edges { node { type organisation creditorId } } }
  violations { organisations }
} }`;

/** A list seen in full, or not at all. */
function allOrNone(list: unknown[]): Seen | string {
  return list.length > 0 ? 'all' : 'none';
}

/** Items that name their creditor: both creditors named (all), only CJIB named (own), or nothing. */
function byCreditor(creditorIds: Array<string | null>): Seen | string {
  if (creditorIds.length === 0) return 'none';
  const named = new Set(creditorIds.filter((c) => c !== null));
  if (named.has(ORG.creditor) && named.has(ORG.secondCreditor)) return 'all';
  if (named.has(ORG.creditor) && named.size === 1) return 'own';
  return `unexpected creditors ${JSON.stringify(creditorIds)}`;
}

/** A text on items the fixture fills in everywhere: on all of them, on none, or on CJIB's only (own). */
function shownOn(items: Array<{ owner: string | null; shown: boolean }>): Seen | string {
  if (items.length === 0) return 'no items in the fixture';
  if (items.every((i) => i.shown)) return 'all';
  if (items.every((i) => !i.shown)) return 'none';
  if (items.every((i) => i.shown === (i.owner === ORG.creditor))) return 'own';
  return `unexpected ${JSON.stringify(items)}`;
}

/** How to read each aspect of the policy table off VISIBILITY_QUERY's answer. */
const CLASSIFY: Record<ReadAspect, (household: any) => Seen | string> = {
  members: (h) => allOrNone(h.members),
  claims: (h) => byCreditor(h.claims.map((c: { creditorId: string }) => c.creditorId)),
  complaints: (h) => allOrNone(h.complaints),
  signals: (h) => allOrNone(h.signals),
  mandates: (h) => allOrNone(h.mandates),
  readLog: (h) => allOrNone(h.readLog.edges),
  claimStatementRequests: (h) => allOrNone(h.claimStatementRequests),
  'capacity.allocations.creditorId': (h) => byCreditor(h.capacity.allocations.map((a: { creditorId: string | null }) => a.creditorId)),
  'measures.creditorId': (h) => byCreditor(h.measures.map((m: { creditorId: string | null }) => m.creditorId)),
  'arrangements.offers': (h) => byCreditor(h.arrangements.flatMap((a: { offers: Array<{ creditorId: string }> }) => a.offers.map((o) => o.creditorId))),
  'arrangements.termReason': (h) => shownOn(h.arrangements.map((a: { termReason: string | null }) => ({ owner: null, shown: a.termReason !== null }))),
  'moratoria.reason': (h) => shownOn(h.moratoria.map((m: { reason: string | null }) => ({ owner: null, shown: m.reason !== null }))),
  'protectedIncomeRecords.reference': (h) =>
    shownOn(h.protectedIncomeRecords.map((r: { recordedBy: string | null; reference: string | null }) => ({ owner: r.recordedBy, shown: r.reference !== null }))),
  'protectedIncomeRecords.dispute': (h) =>
    shownOn(
      h.protectedIncomeRecords
        .filter((r: { dispute: unknown }) => r.dispute !== null)
        .map((r: { dispute: { reason: string | null; resolution: string | null } }) => ({ owner: null, shown: r.dispute.reason !== null })),
    ),
  timeline: (h) => {
    const events = (h.timeline.edges as Array<{ node: { type: string; organisation: string; creditorId: string | null } }>).map((e) => e.node);
    if (events.length === 0) return 'none';
    const others = events.filter((e) => e.organisation === ORG.secondCreditor || e.creditorId === ORG.secondCreditor || e.type.startsWith('Complaint'));
    return others.length > 0 ? 'all' : 'own';
  },
  violations: (h) => {
    const named = (h.violations as Array<{ organisations: string[] }>).map((v) => v.organisations);
    // A breach the viewer may not see is left out, not shown without the organisations it names.
    if (named.some((organisations) => organisations.length === 0)) return `a breach without its organisations: ${JSON.stringify(named)}`;
    return byCreditor(named.flat());
  },
};

describe('the policy table keeps the fixed points of policy §8', () => {
  // The household's personal data and circumstances: the household, its counsellors and the ombudsman only.
  const personal: ReadAspect[] = ['members', 'complaints', 'signals', 'mandates', 'readLog', 'arrangements.termReason', 'moratoria.reason', 'protectedIncomeRecords.dispute'];
  it.each(personal)('%s: never for a creditor or an administrator', (aspect) => {
    expect([readPolicy[aspect].CREDITOR, readPolicy[aspect].ADMIN]).toEqual(['none', 'none']);
  });

  it('a creditor sees at most its own of everything, an administrator nothing', () => {
    for (const aspect of Object.keys(readPolicy) as ReadAspect[]) {
      expect(['own', 'none'], aspect).toContain(readPolicy[aspect].CREDITOR);
      expect(readPolicy[aspect].ADMIN, aspect).toBe('none');
    }
  });

  it('the household and the ombudsman see all of it', () => {
    for (const aspect of Object.keys(readPolicy) as ReadAspect[]) {
      expect([readPolicy[aspect].HOUSEHOLD, readPolicy[aspect].OMBUDSMAN], aspect).toEqual(['all', 'all']);
    }
  });

  it('every aspect of the table is probed by the field-level matrix below', () => {
    expect(Object.keys(CLASSIFY).sort()).toEqual(Object.keys(readPolicy).sort());
  });
});

describe('field-level visibility of Household, as the policy table says', () => {
  const seen = new Map<Viewer, any>();
  let fx: Fixture;

  beforeAll(async () => {
    // Two creditors with a claim and a garnishment each, an arrangement with offers to both (on
    // a longer term, with its reason), a signal, a complaint, a second mandate, a moratorium, a
    // disputed protected income; and a read of personal data for the read log.
    fx = await buildFixture({
      secondCreditor: true,
      measure: true,
      signal: true,
      complaint: true,
      grantee: true,
      arrangement: 'PROPOSED',
      longTerm: true,
      moratorium: true,
      dispute: true,
      claimStatementRequest: true,
    });
    // A protected income recorded by CJIB, beside the counsellor's: each sees its own reference.
    ok(
      await fx.api.gql(fx.tokens.creditor, RECORD_PROTECTED_INCOME, {
        input: protectedIncomeInput(fx.householdId, { amount: 150_000, validFrom: '2025-03-01', reference: 'CJIB-BVV-1' }),
      }),
      'recordProtectedIncome',
    );
    // A set-off of each creditor, then less income: neither fits the room any more, a breach of each.
    for (const [token, claimId] of [
      [fx.tokens.creditor, fx.claimId],
      [fx.tokens.secondCreditor, fx.secondClaimId],
    ] as const) {
      ok(await fx.api.gql(token, M.registerMeasure, { input: measureInput(fx.householdId, claimId, { kind: 'SET_OFF', monthlyAmount: 20_000, startsOn: '2025-03-01' }) }), 'registerMeasure');
    }
    ok(
      await fx.api.gql(fx.tokens.counsellor, DECLARE_INCOME, { input: incomeInput(fx.householdId, { netMonthly: 160_000, effectiveOn: '2025-03-15' }) }),
      'declareIncome',
    );
    const read = await fx.api.gql(fx.tokens.counsellor, `query ($id: ID!) { household(id: $id) { members { name } } }`, { id: fx.householdId });
    expect(read.errors).toBeUndefined();
    const tokens: Record<Viewer, string> = {
      CREDITOR: fx.tokens.creditor,
      COUNSELLOR: fx.tokens.counsellor,
      HOUSEHOLD: fx.tokens.household,
      OMBUDSMAN: fx.tokens.ombudsman,
    };
    for (const [viewer, token] of Object.entries(tokens) as Array<[Viewer, string]>) {
      const result = await fx.api.gql(token, VISIBILITY_QUERY, { id: fx.householdId });
      expect(result.errors, describeResult(result)).toBeUndefined();
      seen.set(viewer, result.data.household);
    }
  });
  afterAll(async () => {
    await fx.api.close();
  });

  const cases = (Object.keys(readPolicy) as ReadAspect[]).flatMap((aspect) => VIEWERS.map((viewer) => ({ aspect, viewer, expected: readPolicy[aspect][viewer] })));
  it.each(cases.map((c) => [`${c.aspect} as ${c.viewer}: ${c.expected}`, c] as const))('%s', (_name, { aspect, viewer, expected }) => {
    expect(CLASSIFY[aspect](seen.get(viewer)), JSON.stringify(seen.get(viewer))).toBe(expected);
  });

  it('a creditor sees the totals over all claims though only its own claims', () => {
    const asCreditor = seen.get('CREDITOR');
    const asOmbudsman = seen.get('OMBUDSMAN');
    expect(asCreditor.claims.length).toBeLessThan(asOmbudsman.claims.length);
    expect(asCreditor.capacity.allocations.length).toBe(asOmbudsman.capacity.allocations.length);
    expect(asCreditor.measures.length).toBe(asOmbudsman.measures.length);
  });
});

// ------------------------------------------------------------------------- rules the matrix's cells do not reach

describe('mandates: a counsellor grants only for another counsellor organisation (issue 4 item 2)', () => {
  it('a counsellor whose mandate ends this month cannot extend its own access by granting itself an open-ended one', async () => {
    const fx = await buildFixture();
    current = fx;
    const temporary = await fx.api.tokenFor('COUNSELLOR', 'BEWIND-KORT');
    const granted = await fx.api.gql(fx.tokens.household, M.grantMandate, {
      input: { commandId: newId('grant'), householdId: fx.householdId, counsellorOrg: 'BEWIND-KORT', startsOn: '2025-03-01', endsOn: '2025-03-31' },
    });
    expect(granted.errors, describeResult(granted)).toBeUndefined();

    const before = await fx.api.eventCount();
    const selfGrant = await fx.api.gql(temporary, M.grantMandate, {
      input: { commandId: newId('grant'), householdId: fx.householdId, counsellorOrg: 'BEWIND-KORT', startsOn: '2025-03-20' },
    });
    expect(codes(selfGrant), describeResult(selfGrant)).toEqual(['FORBIDDEN']);
    expect(await fx.api.eventCount()).toBe(before);
  });
});

const HOUSEHOLD_CHANGED = `subscription ($id: ID!) { householdChanged(householdId: $id) { householdId revision command } }`;

/**
 * What a creditor may not see of the household (its complaints, signals and mandates: brief
 * item 3, and the timeline's own rule) it may not learn from the live feed either.
 */
const HIDDEN_FROM_CREDITORS: Array<[string, (fx: Fixture) => Promise<GqlResult>]> = [
  ['a complaint lodged by the household', (fx) => fx.api.gql(fx.tokens.household, M.lodgeComplaint, { input: complaintInput(fx.householdId) })],
  [
    'a mandate granted by the household',
    (fx) =>
      fx.api.gql(fx.tokens.household, M.grantMandate, {
        input: { commandId: newId('grant'), householdId: fx.householdId, counsellorOrg: ORG.grantee, startsOn: '2025-03-20' },
      }),
  ],
  [
    "the counsellor's handling of a signal",
    (fx) =>
      fx.api.gql(fx.tokens.counsellor, `mutation ($input: RecordContactAttemptInput!) { recordContactAttempt(input: $input) { id } }`, {
        input: { commandId: newId('contact'), signalId: fx.signalId, method: 'PHONE', reached: false, attemptedOn: '2025-03-20' },
      }),
  ],
];

describe('live updates show a creditor only what it may see', () => {
  it.each(HIDDEN_FROM_CREDITORS)('householdChanged does not tell a creditor about %s', async (_what, hiddenChange) => {
    const fx = await buildFixture({ signal: true });
    current = fx;
    const visibleChange = () => fx.api.registerClaim(fx.tokens.creditor, fx.householdId, { principal: 1_000, reference: newId('CJIB') });
    const stream = await openSse(fx.api, fx.tokens.creditor, HOUSEHOLD_CHANGED, { id: fx.householdId });
    try {
      // Live once a change of its own comes through.
      let live = await stream.next(20);
      for (let attempt = 0; live === null && attempt < 10; attempt += 1) {
        await visibleChange();
        live = await stream.next(250);
      }
      expect(live?.data?.data?.householdChanged?.command, JSON.stringify(live)).toBe('RegisterClaim');

      const hidden = await hiddenChange(fx);
      expect(hidden.errors, describeResult(hidden)).toBeUndefined();
      await visibleChange();
      const next = await stream.next(2_000);
      expect(next?.data?.data?.householdChanged?.command, JSON.stringify(next)).toBe('RegisterClaim');
    } finally {
      stream.close();
    }
  });
});
