import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParameters } from '../../domain/parameters.js';
import { openEmbeddedLedger, type EmbeddedLedger } from '../../infra/ledger.js';
import { apiFor, gql, inviteCreditor, M, ok, Q, rejected, tokenFor, type GqlResult, type Yoga } from './support.js';

/**
 * Coordinated collection and debt arrangements through the API (yoga.fetch, clock pinned to
 * 2025-03-20 10:00 in Amsterdam): policy §4, §6 and who sees what (§8).
 */

let ledger: EmbeddedLedger;
let yoga: Yoga;
let internalErrors: unknown[];
let counsellor: string;
let ombudsman: string;
let cjib: string;
let eneco: string;
let bd: string;
let householdId: string;
/** Claim ids: CJIB €6,000, ENECO €3,000 (concurrent), BELASTINGDIENST €1,500 (preferential). */
let claims: { cjib: string; eneco: string; bd: string };
let seq = 0;

const RECORDED_AT = '2025-03-20T10:00:00.000+01:00';
const id = (prefix: string) => `${prefix}-${++seq}`;

beforeEach(async () => {
  ledger = openEmbeddedLedger(':memory:', defaultParameters);
  ({ yoga, internalErrors } = apiFor(ledger));
  [counsellor, ombudsman, cjib, eneco, bd] = await Promise.all([
    tokenFor('COUNSELLOR', 'GEM-UTRECHT'),
    tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN'),
    tokenFor('CREDITOR', 'CJIB'),
    tokenFor('CREDITOR', 'ENECO'),
    tokenFor('CREDITOR', 'BELASTINGDIENST'),
  ]);
  const registered = ok(
    await gql(yoga, counsellor, M.registerHousehold, {
      input: {
        commandId: id('hh'),
        composition: 'SINGLE',
        municipality: 'Utrecht',
        members: [{ bsn: '111222333', name: 'Jan Jansen', birthDate: '1985-06-15' }],
        effectiveOn: '2025-01-01',
      },
    }),
  );
  householdId = registered.registerHousehold.householdId;
  // €2,500 net with an official protected income of €1,500: €1,000 attachable.
  ok(
    await gql(yoga, counsellor, M.declareIncome, {
      input: { commandId: id('inc'), householdId, memberBsn: '111222333', kind: 'WAGES', payer: 'ACME BV', netMonthly: 250_000, effectiveOn: '2025-01-01' },
    }),
  );
  ok(
    await gql(yoga, counsellor, M.recordProtectedIncome, {
      input: { commandId: id('bvv'), householdId, amount: 150_000, source: 'INLICHTINGENBUREAU', reference: 'IB-2025-1', validFrom: '2025-01-01' },
    }),
  );
  // Creditors come in by invitation (issue 11): the counsellor asks each for its claims first.
  const claim = async (token: string, org: string, principal: number, preferential: boolean) => {
    await inviteCreditor(yoga, counsellor, householdId, org);
    return ok(
      await gql(yoga, token, M.registerClaim, {
        input: { commandId: id('claim'), householdId, reference: id('REF'), description: 'unpaid', principal, preferential, consumer: true, incurredOn: '2025-01-15' },
      }),
    ).registerClaim.id as string;
  };
  claims = {
    cjib: await claim(cjib, 'CJIB', 600_000, false),
    eneco: await claim(eneco, 'ENECO', 300_000, false),
    bd: await claim(bd, 'BELASTINGDIENST', 150_000, true),
  };
});

afterEach(async () => {
  await ledger.close();
  expect(internalErrors).toEqual([]);
});

function registerMeasure(token: string, kind: string, claimId: string, fields: { monthlyAmount?: number; startsOn?: string; endsOn?: string } = {}): Promise<GqlResult> {
  return gql(yoga, token, M.registerMeasure, {
    input: { commandId: id('measure'), householdId, kind, claimIds: [claimId], startsOn: '2025-04-01', ...fields },
  });
}

async function capacity(token: string, on?: string) {
  return ok(await gql(yoga, token, Q.capacity, { id: householdId, ...(on ? { on } : {}) })).household.capacity;
}

async function revision(): Promise<number> {
  return ok(await gql(yoga, ombudsman, Q.revision, { id: householdId })).household.revision as number;
}

async function household(token = ombudsman) {
  return ok(await gql(yoga, token, Q.household, { id: householdId })).household;
}

async function eventCount(): Promise<number> {
  return (await ledger.store.readAll({ after: 0, limit: 100_000 })).length;
}

/** CJIB sets off €400, the tax office and ENECO garnish: €1,000 fully committed from 2025-04-01. */
async function collecting() {
  const setOff = ok(await registerMeasure(cjib, 'SET_OFF', claims.cjib, { monthlyAmount: 40_000 })).registerMeasure;
  const taxGarnishment = ok(await registerMeasure(bd, 'GARNISHMENT', claims.bd)).registerMeasure;
  const energyGarnishment = ok(await registerMeasure(eneco, 'GARNISHMENT', claims.eneco)).registerMeasure;
  return { setOff, taxGarnishment, energyGarnishment };
}

describe('registerMeasure answers with the allocation on its first day', () => {
  it('set-off, preferential garnishment (coordinator), concurrent garnishment with nothing left', async () => {
    const { setOff, taxGarnishment, energyGarnishment } = await collecting();
    expect(setOff).toEqual({ measureId: expect.stringMatching(new RegExp(`^${householdId}\\.measure-`)), kind: 'SET_OFF', creditorId: 'CJIB', monthly: 40_000, coordinator: false });
    expect(taxGarnishment).toEqual({ measureId: expect.any(String), kind: 'GARNISHMENT', creditorId: 'BELASTINGDIENST', monthly: 60_000, coordinator: true });
    expect(energyGarnishment).toEqual({ measureId: expect.any(String), kind: 'GARNISHMENT', creditorId: 'ENECO', monthly: 0, coordinator: false });
  });

  it('a payment plan goes before the garnishments, which shrink accordingly', async () => {
    const { taxGarnishment } = await collecting();
    const plan = ok(await registerMeasure(eneco, 'PAYMENT_PLAN', claims.eneco, { monthlyAmount: 10_000 })).registerMeasure;
    expect(plan).toMatchObject({ kind: 'PAYMENT_PLAN', creditorId: 'ENECO', monthly: 10_000, coordinator: false });
    const check = await capacity(counsellor, '2025-04-01');
    expect(check.allocations.find((a: { measureId: string }) => a.measureId === taxGarnishment.measureId).monthly).toBe(50_000);
  });

  it('the same command again stores nothing and answers the same allocation', async () => {
    const input = { commandId: 'same-1', householdId, kind: 'SET_OFF', claimIds: [claims.cjib], monthlyAmount: 40_000, startsOn: '2025-04-01' };
    const first = ok(await gql(yoga, cjib, M.registerMeasure, { input })).registerMeasure;
    const before = await eventCount();
    const again = ok(await gql(yoga, cjib, M.registerMeasure, { input })).registerMeasure;
    expect(again).toEqual(first);
    expect(await eventCount()).toBe(before);
  });

  it('the same command again after the room has changed still answers as the first time did (policy §9)', async () => {
    // Fails: the resolver answers from the current state, not the state the command produced.
    const input = { commandId: 'same-2', householdId, kind: 'GARNISHMENT', claimIds: [claims.bd], startsOn: '2025-04-01' };
    const first = ok(await gql(yoga, bd, M.registerMeasure, { input })).registerMeasure;
    expect(first.monthly).toBe(100_000);
    // Another creditor's set-off now takes €400 of the room first.
    ok(await registerMeasure(cjib, 'SET_OFF', claims.cjib, { monthlyAmount: 40_000 }));
    const before = await eventCount();
    const again = ok(await gql(yoga, bd, M.registerMeasure, { input })).registerMeasure;
    expect(await eventCount()).toBe(before);
    expect(again).toEqual(first);
  });
});

describe('household.capacity(on)', () => {
  it('shows committed, remaining, allocations and flags on a date', async () => {
    const { setOff, taxGarnishment, energyGarnishment } = await collecting();
    expect(await capacity(counsellor, '2025-04-01')).toEqual({
      on: '2025-04-01',
      netIncome: 250_000,
      protectedIncome: 150_000,
      protectedIncomeBasis: 'OFFICIAL',
      attachable: 100_000,
      committed: 100_000,
      remaining: 0,
      withheldAtSource: 0,
      allocations: [
        { measureId: setOff.measureId, kind: 'SET_OFF', creditorId: 'CJIB', monthly: 40_000, coordinator: false },
        { measureId: taxGarnishment.measureId, kind: 'GARNISHMENT', creditorId: 'BELASTINGDIENST', monthly: 60_000, coordinator: true },
        { measureId: energyGarnishment.measureId, kind: 'GARNISHMENT', creditorId: 'ENECO', monthly: 0, coordinator: false },
      ],
      flags: [],
      overcommittedMeasureIds: [],
    });
  });

  it('defaults to today (2025-03-20), before any measure starts', async () => {
    await collecting();
    expect(await capacity(counsellor)).toMatchObject({ on: '2025-03-20', attachable: 100_000, committed: 0, remaining: 100_000, allocations: [] });
  });

  it('a withholding at source is outside the room and raises PROTECTED_INCOME_UNDERCUT', async () => {
    await collecting();
    const withholding = ok(await registerMeasure(bd, 'WITHHOLDING_AT_SOURCE', claims.bd, { monthlyAmount: 12_000 })).registerMeasure;
    expect(withholding).toMatchObject({ kind: 'WITHHOLDING_AT_SOURCE', monthly: 12_000 });
    expect(await capacity(counsellor, '2025-04-01')).toMatchObject({ committed: 100_000, withheldAtSource: 12_000, flags: ['PROTECTED_INCOME_UNDERCUT'] });
  });

  it('a later lower income: garnishments drop to 0 and OVERCOMMITTED names the set-off that no longer fits', async () => {
    const { setOff } = await collecting();
    ok(
      await gql(yoga, counsellor, M.declareIncome, {
        input: { commandId: id('inc'), householdId, memberBsn: '111222333', kind: 'WAGES', payer: 'ACME BV', netMonthly: 180_000, effectiveOn: '2025-06-01' },
      }),
    );
    const june = await capacity(counsellor, '2025-06-01');
    expect(june).toMatchObject({ attachable: 30_000, committed: 30_000, remaining: 0, flags: ['PROTECTED_INCOME_STALE', 'OVERCOMMITTED'], overcommittedMeasureIds: [setOff.measureId] });
    expect(june.allocations.map((a: { monthly: number }) => a.monthly)).toEqual([30_000, 0, 0]);
  });

  it("a creditor sees other creditors' allocations without their identity, its own with its id", async () => {
    const { setOff, taxGarnishment, energyGarnishment } = await collecting();
    expect((await capacity(eneco, '2025-04-01')).allocations).toEqual([
      { measureId: setOff.measureId, kind: 'SET_OFF', creditorId: null, monthly: 40_000, coordinator: false },
      { measureId: taxGarnishment.measureId, kind: 'GARNISHMENT', creditorId: null, monthly: 60_000, coordinator: true },
      { measureId: energyGarnishment.measureId, kind: 'GARNISHMENT', creditorId: 'ENECO', monthly: 0, coordinator: false },
    ]);
    expect((await capacity(cjib, '2025-04-01')).allocations.map((a: { creditorId: string | null }) => a.creditorId)).toEqual(['CJIB', null, null]);
  });

  it('the counsellor and the ombudsman see every creditor', async () => {
    await collecting();
    for (const token of [counsellor, ombudsman]) {
      const ids = (await capacity(token, '2025-04-01')).allocations.map((a: { creditorId: string }) => a.creditorId);
      expect(ids).toEqual(['CJIB', 'BELASTINGDIENST', 'ENECO']);
    }
  });
});

describe('endMeasure through the API', () => {
  it('the creditor ends its set-off: from the next day the garnishments share its room', async () => {
    const { setOff, taxGarnishment } = await collecting();
    const before = await revision();
    rejected(await gql(yoga, eneco, M.endMeasure, { input: { commandId: id('end'), measureId: setOff.measureId, endsOn: '2025-04-30', reason: 'not mine' } }), 'FORBIDDEN');
    expect(await revision()).toBe(before);
    const ended = ok(await gql(yoga, cjib, M.endMeasure, { input: { commandId: id('end'), measureId: setOff.measureId, endsOn: '2025-04-30', reason: 'claim paid' } })).endMeasure;
    expect(ended).toEqual({ householdId, revision: before + 1, recordedAt: RECORDED_AT });
    expect((await capacity(counsellor, '2025-04-30')).allocations.map((a: { monthly: number }) => a.monthly)).toEqual([40_000, 60_000, 0]);
    const may = await capacity(counsellor, '2025-05-01');
    // The tax office's preferential garnishment takes the freed room, up to its €1,500 balance.
    expect(may.allocations).toEqual([
      { measureId: taxGarnishment.measureId, kind: 'GARNISHMENT', creditorId: 'BELASTINGDIENST', monthly: 100_000, coordinator: true },
      { measureId: expect.any(String), kind: 'GARNISHMENT', creditorId: 'ENECO', monthly: 0, coordinator: false },
    ]);
  });

  it("a creditor sees others' measures only as amounts, without creditor or claims", async () => {
    await collecting();
    const measures = (await household(eneco)).measures;
    expect(
      measures.map((m: { kind: string; creditorId: string | null; claimIds: string[]; monthlyAmount: number }) => [m.kind, m.creditorId, m.claimIds, m.monthlyAmount]),
    ).toEqual([
      ['SET_OFF', null, [], 40_000],
      ['GARNISHMENT', null, [], 0],
      ['GARNISHMENT', 'ENECO', [claims.eneco], 0],
    ]);
  });
});

describe('moratorium through the API', () => {
  it('startMoratorium: every allocation 0 and MORATORIUM_ACTIVE inside it; endMoratorium ends it early', async () => {
    const { setOff, taxGarnishment, energyGarnishment } = await collecting();
    const before = await revision();
    const started = ok(
      await gql(yoga, counsellor, M.startMoratorium, {
        input: { commandId: id('mor'), householdId, startsOn: '2025-05-01', endsOn: '2025-07-31', reason: 'threatened eviction' },
      }),
    ).startMoratorium;
    expect(started).toEqual({ householdId, revision: before + 1, recordedAt: RECORDED_AT });

    const inside = await capacity(counsellor, '2025-06-15');
    expect(inside).toMatchObject({ attachable: 100_000, committed: 0, remaining: 100_000, flags: ['MORATORIUM_ACTIVE'] });
    expect(inside.allocations).toEqual([
      { measureId: setOff.measureId, kind: 'SET_OFF', creditorId: 'CJIB', monthly: 0, coordinator: false },
      { measureId: taxGarnishment.measureId, kind: 'GARNISHMENT', creditorId: 'BELASTINGDIENST', monthly: 0, coordinator: true },
      { measureId: energyGarnishment.measureId, kind: 'GARNISHMENT', creditorId: 'ENECO', monthly: 0, coordinator: false },
    ]);
    expect((await capacity(counsellor, '2025-04-30')).committed).toBe(100_000);

    const [moratorium] = (await household(counsellor)).moratoria;
    expect(moratorium).toEqual({ id: expect.any(String), startsOn: '2025-05-01', endsOn: '2025-07-31', reason: 'threatened eviction' });
    const ended = ok(
      await gql(yoga, counsellor, M.endMoratorium, { input: { commandId: id('end'), moratoriumId: moratorium.id, endsOn: '2025-05-31', reason: 'arrangement talks started' } }),
    ).endMoratorium;
    expect(ended).toEqual({ householdId, revision: before + 2, recordedAt: RECORDED_AT });
    expect(await capacity(counsellor, '2025-06-15')).toMatchObject({ committed: 100_000, flags: [] });
    expect((await capacity(counsellor, '2025-05-31')).flags).toEqual(['MORATORIUM_ACTIVE']);
  });
});

describe('debt arrangement through the API', () => {
  async function proposeArrangement(monthlyCapacity: number, startsOn: string, extra: Record<string, unknown> = {}) {
    return gql(yoga, counsellor, M.proposeArrangement, { input: { commandId: id('arr'), householdId, monthlyCapacity, startsOn, ...extra } });
  }
  const answer = (token: string, arrangementId: string, reply: 'ACCEPT' | 'REJECT') =>
    gql(yoga, token, M.answerArrangement, { input: { commandId: id('ans'), arrangementId, answer: reply } });

  it('proposes the policy example: €150 × 18 → €1,350 / €675 / €675 at 22.5% / 22.5% / 45%', async () => {
    const arrangement = ok(await proposeArrangement(15_000, '2025-04-01')).proposeArrangement;
    expect(arrangement).toEqual({
      id: expect.stringMatching(new RegExp(`^${householdId}\\.arrangement-`)),
      householdId,
      status: 'PROPOSED',
      total: 270_000,
      monthlyCapacity: 15_000,
      termMonths: 18,
      termReason: null,
      key: 'DOUBLE_FOR_PREFERENTIAL',
      startsOn: '2025-04-01',
      offers: [
        { claimId: claims.cjib, creditorId: 'CJIB', outstanding: 600_000, percentage: 22.5, amount: 135_000, paid: 0, answer: null },
        { claimId: claims.eneco, creditorId: 'ENECO', outstanding: 300_000, percentage: 22.5, amount: 67_500, paid: 0, answer: null },
        { claimId: claims.bd, creditorId: 'BELASTINGDIENST', outstanding: 150_000, percentage: 45, amount: 67_500, paid: 0, answer: null },
      ],
    });
  });

  it('every creditor accepts → ACTIVE, claims IN_ARRANGEMENT, their measures ended; paid and completed → WRITTEN_OFF / SETTLED', async () => {
    await collecting();
    // €350 × 18 = €6,300: the preferential claim reaches 100%, the concurrent ones 53.33%.
    const proposed = ok(await proposeArrangement(35_000, '2025-03-01')).proposeArrangement;
    expect(proposed.offers.map((o: { amount: number }) => o.amount)).toEqual([320_000, 160_000, 150_000]);
    const arrangementId = proposed.id as string;

    const first = ok(await answer(cjib, arrangementId, 'ACCEPT')).answerArrangement;
    expect(first.status).toBe('PROPOSED');
    // A creditor's answer shows its own offers only.
    expect(first.offers).toEqual([{ claimId: claims.cjib, creditorId: 'CJIB', outstanding: 600_000, percentage: 53.333333, amount: 320_000, paid: 0, answer: 'ACCEPT' }]);
    expect(ok(await answer(eneco, arrangementId, 'ACCEPT')).answerArrangement.status).toBe('PROPOSED');
    const last = ok(await answer(bd, arrangementId, 'ACCEPT')).answerArrangement;
    expect(last.status).toBe('ACTIVE');
    expect(last.offers.map((o: { creditorId: string }) => o.creditorId)).toEqual(['BELASTINGDIENST']);

    const active = await household(counsellor);
    expect(active.claims.map((c: { status: string }) => c.status)).toEqual(['IN_ARRANGEMENT', 'IN_ARRANGEMENT', 'IN_ARRANGEMENT']);
    // Measures that start on 2025-04-01 end the day before: they never take money.
    expect(active.measures.map((m: { endsOn: string }) => m.endsOn)).toEqual(['2025-03-31', '2025-03-31', '2025-03-31']);
    expect(await capacity(counsellor, '2025-04-01')).toMatchObject({ committed: 0, remaining: 100_000, allocations: [] });

    // household.arrangements: a creditor sees only its own offers, the counsellor all of them.
    const seenByEneco = (await household(eneco)).arrangements;
    expect(seenByEneco).toHaveLength(1);
    expect(seenByEneco[0].offers).toEqual([{ claimId: claims.eneco, creditorId: 'ENECO', outstanding: 300_000, percentage: 53.333333, amount: 160_000, paid: 0, answer: 'ACCEPT' }]);
    expect((await household(counsellor)).arrangements[0].offers).toHaveLength(3);

    for (const [claimId, amount] of [[claims.cjib, 320_000], [claims.eneco, 160_000], [claims.bd, 150_000]] as const) {
      ok(await gql(yoga, counsellor, M.recordArrangementPayment, { input: { commandId: id('pay'), arrangementId, claimId, amount, paidOn: '2025-03-20' } }));
    }
    const completed = ok(await gql(yoga, counsellor, M.completeArrangement, { input: { commandId: id('done'), arrangementId, completedOn: '2025-03-20' } })).completeArrangement;
    expect(completed.status).toBe('COMPLETED');
    expect(completed.offers.map((o: { paid: number }) => o.paid)).toEqual([320_000, 160_000, 150_000]);

    expect((await household(counsellor)).claims).toEqual([
      { id: claims.cjib, creditorId: 'CJIB', principal: 600_000, paid: 320_000, writtenOff: 280_000, outstanding: 0, preferential: false, status: 'WRITTEN_OFF' },
      { id: claims.eneco, creditorId: 'ENECO', principal: 300_000, paid: 160_000, writtenOff: 140_000, outstanding: 0, preferential: false, status: 'WRITTEN_OFF' },
      { id: claims.bd, creditorId: 'BELASTINGDIENST', principal: 150_000, paid: 150_000, writtenOff: 0, outstanding: 0, preferential: true, status: 'SETTLED' },
    ]);
  });

  it('completion before the offer is paid is refused and stores nothing', async () => {
    const arrangementId = ok(await proposeArrangement(15_000, '2025-03-01')).proposeArrangement.id;
    for (const token of [cjib, eneco, bd]) ok(await answer(token, arrangementId, 'ACCEPT'));
    const before = await revision();
    rejected(await gql(yoga, counsellor, M.completeArrangement, { input: { commandId: id('done'), arrangementId, completedOn: '2025-03-20' } }), 'VALIDATION_FAILED');
    expect(await revision()).toBe(before);
  });

  it('one REJECT: REJECTED, claims stay OPEN and collection goes on', async () => {
    await collecting();
    const arrangementId = ok(await proposeArrangement(15_000, '2025-04-01')).proposeArrangement.id;
    ok(await answer(cjib, arrangementId, 'ACCEPT'));
    expect(ok(await answer(eneco, arrangementId, 'REJECT')).answerArrangement.status).toBe('REJECTED');
    const after = await household(counsellor);
    expect(after.claims.map((c: { status: string }) => c.status)).toEqual(['OPEN', 'OPEN', 'OPEN']);
    expect(after.measures.map((m: { endsOn: string | null }) => m.endsOn)).toEqual([null, null, null]);
    expect((await capacity(counsellor, '2025-04-01')).committed).toBe(100_000);
  });

  it('failArrangement puts the claims back to OPEN', async () => {
    const arrangementId = ok(await proposeArrangement(15_000, '2025-03-01')).proposeArrangement.id;
    for (const token of [cjib, eneco, bd]) ok(await answer(token, arrangementId, 'ACCEPT'));
    const failed = ok(await gql(yoga, counsellor, M.failArrangement, { input: { commandId: id('fail'), arrangementId, reason: 'income lost', failedOn: '2025-03-20' } })).failArrangement;
    expect(failed.status).toBe('FAILED');
    expect((await household(counsellor)).claims.map((c: { status: string }) => c.status)).toEqual(['OPEN', 'OPEN', 'OPEN']);
  });

  it('a repeated answer stores nothing and answers as the first time did, also after the arrangement became ACTIVE (policy §9)', async () => {
    // Fails: the resolver answers from the current state, not the state the command produced.
    const arrangementId = ok(await proposeArrangement(15_000, '2025-04-01')).proposeArrangement.id;
    const input = { commandId: 'same-answer', arrangementId, answer: 'ACCEPT' };
    const first = ok(await gql(yoga, cjib, M.answerArrangement, { input })).answerArrangement;
    expect(first.status).toBe('PROPOSED');
    ok(await answer(eneco, arrangementId, 'ACCEPT'));
    ok(await answer(bd, arrangementId, 'ACCEPT'));
    const before = await eventCount();
    const again = ok(await gql(yoga, cjib, M.answerArrangement, { input })).answerArrangement;
    expect(await eventCount()).toBe(before);
    expect(again).toEqual(first);
  });

  it('a creditor outside the arrangement cannot answer it (FORBIDDEN), nor a counsellor propose twice (ALREADY_EXISTS)', async () => {
    const arrangementId = ok(await proposeArrangement(15_000, '2025-04-01')).proposeArrangement.id;
    const duo = await tokenFor('CREDITOR', 'DUO');
    const before = await revision();
    rejected(await answer(duo, arrangementId, 'ACCEPT'), 'FORBIDDEN');
    rejected(await proposeArrangement(15_000, '2025-04-01'), 'ALREADY_EXISTS');
    rejected(await proposeArrangement(15_000, '2025-04-01', { termMonths: 24 }), 'ALREADY_EXISTS');
    expect(await revision()).toBe(before);
  });
});

describe('rejections arrive as extensions.code and store nothing', () => {
  it('CAPACITY_EXCEEDED with extensions.available', async () => {
    await collecting();
    const before = await revision();
    const events = await eventCount();
    const error = rejected(await registerMeasure(eneco, 'SET_OFF', claims.eneco, { monthlyAmount: 60_001 }), 'CAPACITY_EXCEEDED');
    expect(error.extensions).toMatchObject({ code: 'CAPACITY_EXCEEDED', available: 60_000, on: '2025-04-01', attachable: 100_000 });
    expect(error.path).toEqual(['registerMeasure']);
    expect(await revision()).toBe(before);
    expect(await eventCount()).toBe(events);
    // What is available does fit.
    expect(ok(await registerMeasure(eneco, 'SET_OFF', claims.eneco, { monthlyAmount: 60_000 })).registerMeasure.monthly).toBe(60_000);
  });

  it('CAPACITY_EXCEEDED for a plan that only stops fitting after a future-dated income change', async () => {
    ok(
      await gql(yoga, counsellor, M.declareIncome, {
        input: { commandId: id('inc'), householdId, memberBsn: '111222333', kind: 'WAGES', payer: 'ACME BV', netMonthly: 180_000, effectiveOn: '2025-06-01' },
      }),
    );
    const before = await revision();
    const error = rejected(await registerMeasure(eneco, 'PAYMENT_PLAN', claims.eneco, { monthlyAmount: 40_000 }), 'CAPACITY_EXCEEDED');
    expect(error.extensions).toMatchObject({ available: 30_000, on: '2025-06-01' });
    expect(await revision()).toBe(before);
  });

  it('MORATORIUM_ACTIVE for a set-off or garnishment starting inside a moratorium', async () => {
    ok(await gql(yoga, counsellor, M.startMoratorium, { input: { commandId: id('mor'), householdId, startsOn: '2025-04-01', endsOn: '2025-06-30', reason: 'breathing space' } }));
    const before = await revision();
    const error = rejected(await registerMeasure(cjib, 'SET_OFF', claims.cjib, { monthlyAmount: 1_000, startsOn: '2025-05-01' }), 'MORATORIUM_ACTIVE');
    expect(error.extensions).toMatchObject({ endsOn: '2025-06-30', moratoriumId: expect.any(String) });
    rejected(await registerMeasure(bd, 'GARNISHMENT', claims.bd, { startsOn: '2025-06-30' }), 'MORATORIUM_ACTIVE');
    expect(await revision()).toBe(before);
    // Withholding at source is outside the moratorium's reach.
    expect(ok(await registerMeasure(bd, 'WITHHOLDING_AT_SOURCE', claims.bd, { monthlyAmount: 5_000, startsOn: '2025-05-01' })).registerMeasure.monthly).toBe(5_000);
  });

  it('MORATORIUM_TOO_LONG beyond six months', async () => {
    const before = await revision();
    const error = rejected(
      await gql(yoga, counsellor, M.startMoratorium, { input: { commandId: id('mor'), householdId, startsOn: '2025-04-01', endsOn: '2025-10-01', reason: 'too long' } }),
      'MORATORIUM_TOO_LONG',
    );
    expect(error.extensions).toMatchObject({ latestEnd: '2025-09-30' });
    expect(await revision()).toBe(before);
    ok(await gql(yoga, counsellor, M.startMoratorium, { input: { commandId: id('mor'), householdId, startsOn: '2025-04-01', endsOn: '2025-09-30', reason: 'six months' } }));
    expect(await revision()).toBe(before + 1);
  });

  it('a counsellor may not register a measure, nor a creditor start a moratorium (FORBIDDEN)', async () => {
    const before = await revision();
    rejected(await registerMeasure(counsellor, 'GARNISHMENT', claims.cjib), 'FORBIDDEN');
    rejected(await registerMeasure(eneco, 'GARNISHMENT', claims.cjib), 'FORBIDDEN');
    rejected(await gql(yoga, cjib, M.startMoratorium, { input: { commandId: id('mor'), householdId, startsOn: '2025-04-01', endsOn: '2025-06-30', reason: 'r' } }), 'FORBIDDEN');
    expect(await revision()).toBe(before);
  });
});
