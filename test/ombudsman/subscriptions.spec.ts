import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, DECLARE_INCOME, incomeInput, type TestApi } from '../support/api.js';
import { morningOf, registerMeasure, startMoratorium, subscribe, type SseEvent, type Subscription } from './support.js';

/**
 * Live updates (issue 5 §5): GraphQL subscriptions over SSE (graphql-yoga, distinct connections
 * mode), authorised like queries: a creditor only for households where it has claims. Each test
 * aborts its streams so nothing hangs.
 */

const CAPACITY_FIELDS = `on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource
  allocations { measureId kind creditorId monthly coordinator } flags`;
const CAPACITY_CHANGED = `subscription ($id: ID!, $on: Date) { capacityChanged(householdId: $id, on: $on) { ${CAPACITY_FIELDS} } }`;
const MEASURE_REGISTERED = `subscription ($id: ID!) { measureRegistered(householdId: $id) { id kind creditorId claimIds monthlyAmount preferential startsOn endsOn } }`;
const MORATORIUM_STARTED = `subscription ($id: ID!) { moratoriumStarted(householdId: $id) { id startsOn endsOn reason } }`;
const HOUSEHOLD_CHANGED = `subscription ($id: ID!) { householdChanged(householdId: $id) { householdId revision recordedAt command } }`;

function dataOf(event: SseEvent, field: string): any {
  expect(event.event, JSON.stringify(event)).toBe('next');
  expect(event.data.errors, JSON.stringify(event.data)).toBeUndefined();
  return event.data.data[field];
}

async function expectRefused(stream: Subscription, code: string): Promise<void> {
  const first = await stream.next();
  expect(first.event).toBe('next');
  expect(first.data.data ?? null).toBeNull();
  expect((first.data.errors as Array<{ extensions: { code: string } }>).map((e) => e.extensions.code)).toEqual([code]);
  expect((await stream.next()).event).toBe('complete');
}

describe('subscriptions over SSE', () => {
  let api: TestApi;
  let counsellor: string;
  let cjib: string;
  let eneco: string;
  let householdId: string;
  let cjibClaimId: string;
  const streams: Subscription[] = [];

  async function open(token: string | null, query: string, variables: Record<string, unknown> = { id: householdId }) {
    const stream = await subscribe(api, token, query, variables);
    streams.push(stream);
    return stream;
  }

  beforeEach(async () => {
    api = createTestApi();
    counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    cjib = await api.tokenFor('CREDITOR', 'CJIB');
    eneco = await api.tokenFor('CREDITOR', 'ENECO');
    ({ householdId } = await api.registerHousehold(counsellor, { commandId: 'hh-live' }));
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000, effectiveOn: '2025-01-01' });
    cjibClaimId = (await api.registerClaim(cjib, householdId, { principal: 300_000 })).id;
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await api.close();
  });

  it('a counsellor receives the new capacity check after declareIncome and after registerMeasure, and nothing for other commands', async () => {
    const stream = await open(counsellor, CAPACITY_CHANGED);

    // A claim does not move the room: nothing is delivered.
    await api.registerClaim(eneco, householdId, { principal: 80_000 });
    expect(await stream.drain(150)).toEqual([]);

    await api.declareIncome(counsellor, householdId, { netMonthly: 160_000, effectiveOn: '2025-03-01' });
    // €1,600 income, estimate min(95% × €1,345.45, 95% × €1,600) = €1,278.18: €321.82 of room.
    expect(dataOf(await stream.next(), 'capacityChanged')).toEqual({
      on: '2025-03-20',
      netIncome: 160_000,
      protectedIncome: 127_818,
      protectedIncomeBasis: 'ESTIMATE',
      attachable: 32_182,
      committed: 0,
      remaining: 32_182,
      withheldAtSource: 0,
      allocations: [],
      flags: ['PROTECTED_INCOME_ESTIMATED'],
    });

    const setOff = await registerMeasure(api, cjib, householdId, { kind: 'SET_OFF', claimIds: [cjibClaimId], monthlyAmount: 20_000, startsOn: '2025-03-01' });
    expect(dataOf(await stream.next(), 'capacityChanged')).toEqual({
      on: '2025-03-20',
      netIncome: 160_000,
      protectedIncome: 127_818,
      protectedIncomeBasis: 'ESTIMATE',
      attachable: 32_182,
      committed: 20_000,
      remaining: 12_182,
      withheldAtSource: 0,
      allocations: [{ measureId: setOff.measureId, kind: 'SET_OFF', creditorId: 'CJIB', monthly: 20_000, coordinator: false }],
      flags: ['PROTECTED_INCOME_ESTIMATED'],
    });
    expect(await stream.drain(100)).toEqual([]);
  });

  it('capacityChanged on a given date; a creditor sees another creditor’s allocation without its identity', async () => {
    const enecoClaim = (await api.registerClaim(eneco, householdId, { principal: 100_000 })).id;
    const asCjib = await open(cjib, CAPACITY_CHANGED, { id: householdId, on: '2025-02-15' });
    const garnishment = await registerMeasure(api, eneco, householdId, { kind: 'GARNISHMENT', claimIds: [enecoClaim], startsOn: '2025-02-01' });
    // €2,000 income, estimate €1,278.18: €721.82 of room, all to the only garnishment.
    expect(dataOf(await asCjib.next(), 'capacityChanged')).toEqual({
      on: '2025-02-15',
      netIncome: 200_000,
      protectedIncome: 127_818,
      protectedIncomeBasis: 'ESTIMATE',
      attachable: 72_182,
      committed: 72_182,
      remaining: 0,
      withheldAtSource: 0,
      allocations: [{ measureId: garnishment.measureId, kind: 'GARNISHMENT', creditorId: null, monthly: 72_182, coordinator: true }],
      flags: ['PROTECTED_INCOME_ESTIMATED'],
    });
  });

  it('measureRegistered reaches a creditor with claims there, with another creditor’s creditorId null', async () => {
    const enecoClaim = (await api.registerClaim(eneco, householdId, { principal: 100_000 })).id;
    const asCjib = await open(cjib, MEASURE_REGISTERED);
    const asCounsellor = await open(counsellor, MEASURE_REGISTERED);

    const garnishment = await registerMeasure(api, eneco, householdId, { kind: 'GARNISHMENT', claimIds: [enecoClaim], startsOn: '2025-02-01' });
    expect(dataOf(await asCjib.next(), 'measureRegistered')).toEqual({
      id: garnishment.measureId,
      kind: 'GARNISHMENT',
      creditorId: null,
      claimIds: [],
      monthlyAmount: 0,
      preferential: false,
      startsOn: '2025-02-01',
      endsOn: null,
    });
    expect(dataOf(await asCounsellor.next(), 'measureRegistered')).toEqual({
      id: garnishment.measureId,
      kind: 'GARNISHMENT',
      creditorId: 'ENECO',
      claimIds: [enecoClaim],
      monthlyAmount: 0,
      preferential: false,
      startsOn: '2025-02-01',
      endsOn: null,
    });

    // Its own measure in full.
    const plan = await registerMeasure(api, cjib, householdId, { kind: 'PAYMENT_PLAN', claimIds: [cjibClaimId], monthlyAmount: 5_000, startsOn: '2025-03-01', endsOn: '2025-12-31' });
    expect(dataOf(await asCjib.next(), 'measureRegistered')).toEqual({
      id: plan.measureId,
      kind: 'PAYMENT_PLAN',
      creditorId: 'CJIB',
      claimIds: [cjibClaimId],
      monthlyAmount: 5_000,
      preferential: false,
      startsOn: '2025-03-01',
      endsOn: '2025-12-31',
    });

    // Other commands deliver nothing here.
    await api.declareIncome(counsellor, householdId, { netMonthly: 210_000, effectiveOn: '2025-03-01' });
    expect(await asCjib.drain(150)).toEqual([]);
  });

  it('moratoriumStarted reaches the counsellor and the household', async () => {
    const asCounsellor = await open(counsellor, MORATORIUM_STARTED);
    const asHousehold = await open(await api.tokenFor('HOUSEHOLD', householdId), MORATORIUM_STARTED);
    const asCjib = await open(cjib, MORATORIUM_STARTED);
    await startMoratorium(api, counsellor, householdId, { startsOn: '2025-04-01', endsOn: '2025-09-30', reason: 'Adempauze schuldhulp' });
    for (const [stream, reason] of [
      [asCounsellor, 'Adempauze schuldhulp'],
      [asHousehold, 'Adempauze schuldhulp'],
      // The reason tells of the household's circumstances: null for a creditor (issue 11).
      [asCjib, null],
    ] as const) {
      const moratorium = dataOf(await stream.next(), 'moratoriumStarted');
      expect(moratorium).toEqual({ id: moratorium.id, startsOn: '2025-04-01', endsOn: '2025-09-30', reason });
      expect(moratorium.id.startsWith(`${householdId}.moratorium-`)).toBe(true);
    }
  });

  it('householdChanged reports each stored command once: a repeated or refused command publishes nothing', async () => {
    const stream = await open(counsellor, HOUSEHOLD_CHANGED);
    api.setNow(morningOf('2025-03-21'));
    const input = incomeInput(householdId, { commandId: 'income-live', netMonthly: 190_000, effectiveOn: '2025-03-01' });
    expect((await api.gql(counsellor, DECLARE_INCOME, { input })).errors).toBeUndefined();
    expect(dataOf(await stream.next(), 'householdChanged')).toEqual({
      householdId,
      // After registered, income, CJIB's claim statement requested (issue 11) and its claim.
      revision: 5,
      recordedAt: '2025-03-21T10:00:00.000+01:00',
      command: 'DeclareIncome',
    });
    // The same command again, and one the rules refuse.
    await api.gql(counsellor, DECLARE_INCOME, { input });
    await api.gql(counsellor, DECLARE_INCOME, { input: incomeInput(householdId, { memberBsn: '123456782' }) });
    expect(await stream.drain(150)).toEqual([]);
  });

  describe('authorised like queries', () => {
    it('a creditor without claims on the household is FORBIDDEN', async () => {
      await expectRefused(await open(await api.tokenFor('CREDITOR', 'DUO'), CAPACITY_CHANGED), 'FORBIDDEN');
      await expectRefused(await open(await api.tokenFor('CREDITOR', 'DUO'), MEASURE_REGISTERED), 'FORBIDDEN');
    });

    it('a counsellor without the mandate, another household, or an admin is FORBIDDEN', async () => {
      await expectRefused(await open(await api.tokenFor('COUNSELLOR', 'GEM-AMSTERDAM'), MORATORIUM_STARTED), 'FORBIDDEN');
      await expectRefused(await open(await api.tokenFor('HOUSEHOLD', 'another-household'), CAPACITY_CHANGED), 'FORBIDDEN');
      await expectRefused(await open(await api.tokenFor('ADMIN', 'OPS'), MEASURE_REGISTERED), 'FORBIDDEN');
    });

    it('no token, or a bad one, is UNAUTHENTICATED', async () => {
      await expectRefused(await open(null, CAPACITY_CHANGED), 'UNAUTHENTICATED');
      await expectRefused(await open('not-a-token', MEASURE_REGISTERED), 'UNAUTHENTICATED');
    });

    it('an unknown household is NOT_FOUND', async () => {
      await expectRefused(await open(counsellor, CAPACITY_CHANGED, { id: 'no-such-household' }), 'NOT_FOUND');
    });
  });

  /**
   * "The capacity check on a date (default: today)": for a subscription that stays open, today
   * is the day of the change, not the day the subscription was opened.
   */
  it('capacityChanged without a date gives the capacity on the day of the change', async () => {
    const stream = await open(counsellor, CAPACITY_CHANGED);
    api.setNow(morningOf('2025-04-02'));
    await api.declareIncome(counsellor, householdId, { netMonthly: 150_000, effectiveOn: '2025-04-01' });
    const check = dataOf(await stream.next(), 'capacityChanged');
    expect(check).toMatchObject({ on: '2025-04-02', netIncome: 150_000, protectedIncome: 127_818, attachable: 22_182 });
  });
});
