import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, expectError, expectNoErrors, type TestApi } from '../support/api.js';
import { RECORD_CONTACT_ATTEMPT, CLOSE_SIGNAL, lodgeComplaint, morningOf, registerMeasure, sendSignal } from './support.js';

/**
 * The household timeline (issue 5 §1): every event with the acting organisation and role and both
 * time axes (recordedAt, effectiveOn), relay-paginated, filterable by creditor and kind; a
 * creditor sees only its own and related events; `asOf` shows what the ledger knew then.
 */

interface Entry {
  revision: number;
  type: string;
  organisation: string;
  role: string;
  recordedAt: string;
  effectiveOn: string;
  creditorId: string | null;
}

interface Page {
  edges: Array<{ cursor: string; node: Entry }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const TIMELINE = `query ($id: ID!, $asOf: DateTime, $first: Int, $after: String, $last: Int, $before: String, $creditorId: ID, $kinds: [String!]) {
  household(id: $id, asOf: $asOf) {
    revision
    timeline(first: $first, after: $after, last: $last, before: $before, creditorId: $creditorId, kinds: $kinds) {
      edges { cursor node { revision type organisation role recordedAt effectiveOn creditorId } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;

const T1 = '2025-02-03T10:00:00.000+01:00';
const T2 = '2025-03-05T10:00:00.000+01:00';
const T3 = '2025-03-20T10:00:00.000+01:00';

describe('the household timeline', () => {
  let api: TestApi;
  let householdId: string;
  let ombudsman: string;
  let counsellor: string;
  let cjib: string;
  let eneco: string;
  let expected: Entry[];

  /**
   * A history of 33 events, recorded on three days, by a counsellor, three creditors, a partner
   * and the household. Revisions 3 to 5 are the counsellor's requests for the three creditors'
   * claim statements (issue 11: creditors come in by invitation).
   */
  beforeAll(async () => {
    api = createTestApi();
    counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    cjib = await api.tokenFor('CREDITOR', 'CJIB');
    eneco = await api.tokenFor('CREDITOR', 'ENECO');
    const duo = await api.tokenFor('CREDITOR', 'DUO');
    const vitens = await api.tokenFor('CREDITOR', 'VITENS');
    ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');

    api.setNow(morningOf('2025-02-03'));
    ({ householdId } = await api.registerHousehold(counsellor, { commandId: 'hh-timeline' }));
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000, effectiveOn: '2025-01-01' });
    for (const org of ['CJIB', 'ENECO', 'DUO']) await api.inviteCreditor(counsellor, householdId, org);
    const cjibClaim = await api.registerClaim(cjib, householdId, { principal: 300_000, incurredOn: '2025-01-15' });
    const enecoClaim = await api.registerClaim(eneco, householdId, { principal: 80_000, incurredOn: '2025-01-10' });
    const duoClaim = await api.registerClaim(duo, householdId, { principal: 150_000, incurredOn: '2025-01-05' });
    expectNoErrors(
      await api.gql(counsellor, `mutation ($i: RecordProtectedIncomeInput!) { recordProtectedIncome(input: $i) { revision } }`, {
        i: { commandId: 'bvv-1', householdId, amount: 150_000, source: 'INLICHTINGENBUREAU', reference: 'IB-1', validFrom: '2025-02-01' },
      }),
    );
    await registerMeasure(api, cjib, householdId, { kind: 'SET_OFF', claimIds: [cjibClaim.id], monthlyAmount: 20_000, startsOn: '2025-02-01' });
    await registerMeasure(api, duo, householdId, { kind: 'GARNISHMENT', claimIds: [duoClaim.id], startsOn: '2025-02-01' });
    await api.recordPayment(eneco, enecoClaim.id, { amount: 5_000, paidOn: '2025-02-02' });
    await api.recordPayment(cjib, cjibClaim.id, { amount: 10_000, paidOn: '2025-02-03' });

    api.setNow(morningOf('2025-03-05'));
    await api.declareIncome(counsellor, householdId, { netMonthly: 190_000, effectiveOn: '2025-03-01' });
    await api.chargeCosts(eneco, enecoClaim.id, { amount: 4_000, reminderSentOn: '2025-02-01', chargedOn: '2025-03-01' });
    await api.recordPayment(duo, duoClaim.id, { amount: 2_000, paidOn: '2025-03-04' });
    const plan = await registerMeasure(api, eneco, householdId, { kind: 'PAYMENT_PLAN', claimIds: [enecoClaim.id], monthlyAmount: 5_000, startsOn: '2025-03-01' });
    const signal = await sendSignal(api, vitens, householdId, { partnerType: 'WATER', amount: 9_000 });
    expectNoErrors(await api.gql(counsellor, RECORD_CONTACT_ATTEMPT, { input: { commandId: 'ca-1', signalId: signal.id, method: 'PHONE', reached: true, attemptedOn: '2025-03-05' } }));
    expectNoErrors(await api.gql(counsellor, CLOSE_SIGNAL, { input: { commandId: 'cs-1', signalId: signal.id, outcome: 'RESOLVED_WITHIN_30_DAYS', closedOn: '2025-03-05' } }));
    await api.recordPayment(cjib, cjibClaim.id, { amount: 10_000, paidOn: '2025-03-05' });
    await api.recordPayment(eneco, enecoClaim.id, { amount: 5_000, paidOn: '2025-03-05' });
    await api.recordPayment(duo, duoClaim.id, { amount: 2_000, paidOn: '2025-03-05' });

    api.resetClock(); // 2025-03-20
    expectNoErrors(
      await api.gql(eneco, `mutation ($i: EndMeasureInput!) { endMeasure(input: $i) { revision } }`, {
        i: { commandId: 'end-plan', measureId: plan.measureId, endsOn: '2025-03-31', reason: 'Regeling afgelost' },
      }),
    );
    expectNoErrors(await lodgeComplaint(api, await api.tokenFor('HOUSEHOLD', householdId), householdId, { againstOrg: 'CJIB' }));
    const rounds: Array<[string, string]> = [
      [cjib, cjibClaim.id],
      [duo, duoClaim.id],
      [eneco, enecoClaim.id],
    ];
    for (let i = 0; i < 8; i++) {
      const [token, claimId] = rounds[i % 3]!;
      await api.recordPayment(token, claimId, { amount: 1_000, paidOn: `2025-03-${String(10 + i).padStart(2, '0')}` });
    }

    const row = (revision: number, type: string, organisation: string, role: string, recordedAt: string, effectiveOn: string, creditorId: string | null): Entry => ({
      revision,
      type,
      organisation,
      role,
      recordedAt,
      effectiveOn,
      creditorId,
    });
    const G = 'GEM-UTRECHT';
    expected = [
      row(1, 'HouseholdRegistered', G, 'COUNSELLOR', T1, '2025-01-01', null),
      row(2, 'IncomeDeclared', G, 'COUNSELLOR', T1, '2025-01-01', null),
      row(3, 'ClaimStatementRequested', G, 'COUNSELLOR', T1, '2025-02-03', null),
      row(4, 'ClaimStatementRequested', G, 'COUNSELLOR', T1, '2025-02-03', null),
      row(5, 'ClaimStatementRequested', G, 'COUNSELLOR', T1, '2025-02-03', null),
      row(6, 'ClaimRegistered', 'CJIB', 'CREDITOR', T1, '2025-01-15', 'CJIB'),
      row(7, 'ClaimRegistered', 'ENECO', 'CREDITOR', T1, '2025-01-10', 'ENECO'),
      row(8, 'ClaimRegistered', 'DUO', 'CREDITOR', T1, '2025-01-05', 'DUO'),
      row(9, 'ProtectedIncomeRecorded', G, 'COUNSELLOR', T1, '2025-02-01', null),
      row(10, 'MeasureRegistered', 'CJIB', 'CREDITOR', T1, '2025-02-01', 'CJIB'),
      row(11, 'MeasureRegistered', 'DUO', 'CREDITOR', T1, '2025-02-01', 'DUO'),
      row(12, 'PaymentRecorded', 'ENECO', 'CREDITOR', T1, '2025-02-02', 'ENECO'),
      row(13, 'PaymentRecorded', 'CJIB', 'CREDITOR', T1, '2025-02-03', 'CJIB'),
      row(14, 'IncomeDeclared', G, 'COUNSELLOR', T2, '2025-03-01', null),
      row(15, 'CollectionCostsCharged', 'ENECO', 'CREDITOR', T2, '2025-03-01', 'ENECO'),
      row(16, 'PaymentRecorded', 'DUO', 'CREDITOR', T2, '2025-03-04', 'DUO'),
      row(17, 'MeasureRegistered', 'ENECO', 'CREDITOR', T2, '2025-03-01', 'ENECO'),
      row(18, 'SignalReceived', 'VITENS', 'CREDITOR', T2, '2025-03-05', 'VITENS'),
      row(19, 'ContactAttemptRecorded', G, 'COUNSELLOR', T2, '2025-03-05', null),
      row(20, 'SignalClosed', G, 'COUNSELLOR', T2, '2025-03-05', null),
      row(21, 'PaymentRecorded', 'CJIB', 'CREDITOR', T2, '2025-03-05', 'CJIB'),
      row(22, 'PaymentRecorded', 'ENECO', 'CREDITOR', T2, '2025-03-05', 'ENECO'),
      row(23, 'PaymentRecorded', 'DUO', 'CREDITOR', T2, '2025-03-05', 'DUO'),
      row(24, 'MeasureEnded', 'ENECO', 'CREDITOR', T3, '2025-03-31', 'ENECO'),
      row(25, 'ComplaintLodged', householdId, 'HOUSEHOLD', T3, '2025-03-20', 'CJIB'),
      row(26, 'PaymentRecorded', 'CJIB', 'CREDITOR', T3, '2025-03-10', 'CJIB'),
      row(27, 'PaymentRecorded', 'DUO', 'CREDITOR', T3, '2025-03-11', 'DUO'),
      row(28, 'PaymentRecorded', 'ENECO', 'CREDITOR', T3, '2025-03-12', 'ENECO'),
      row(29, 'PaymentRecorded', 'CJIB', 'CREDITOR', T3, '2025-03-13', 'CJIB'),
      row(30, 'PaymentRecorded', 'DUO', 'CREDITOR', T3, '2025-03-14', 'DUO'),
      row(31, 'PaymentRecorded', 'ENECO', 'CREDITOR', T3, '2025-03-15', 'ENECO'),
      row(32, 'PaymentRecorded', 'CJIB', 'CREDITOR', T3, '2025-03-16', 'CJIB'),
      row(33, 'PaymentRecorded', 'DUO', 'CREDITOR', T3, '2025-03-17', 'DUO'),
    ];
  });
  afterAll(async () => {
    await api.close();
  });

  async function timeline(token: string, variables: Record<string, unknown> = {}): Promise<{ revision: number; timeline: Page }> {
    const result = await api.gql(token, TIMELINE, { id: householdId, ...variables });
    expectNoErrors(result);
    return result.data.household as { revision: number; timeline: Page };
  }

  const revisions = (page: Page) => page.edges.map((e) => e.node.revision);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('lists every event, oldest first, with organisation, role, recordedAt and effectiveOn', async () => {
    const { revision, timeline: page } = await timeline(ombudsman, { first: 50 });
    expect(revision).toBe(33);
    expect(page.edges.map((e) => e.node)).toEqual(expected);
    expect(page.pageInfo.hasNextPage).toBe(false);
    // The counsellor with the mandate and the household itself see the same.
    expect((await timeline(counsellor, { first: 50 })).timeline.edges.map((e) => e.node)).toEqual(expected);
    expect((await timeline(await api.tokenFor('HOUSEHOLD', householdId), { first: 50 })).timeline.edges.map((e) => e.node)).toEqual(expected);
  });

  it('pages forward with relay cursors (first/after, hasNextPage, endCursor)', async () => {
    const one = (await timeline(ombudsman, { first: 10 })).timeline;
    expect(revisions(one)).toEqual(range(1, 10));
    expect(one.pageInfo.hasNextPage).toBe(true);
    expect(one.pageInfo.hasPreviousPage).toBe(false);
    expect(one.pageInfo.startCursor).toBe(one.edges[0]!.cursor);
    expect(one.pageInfo.endCursor).toBe(one.edges[9]!.cursor);

    const two = (await timeline(ombudsman, { first: 10, after: one.pageInfo.endCursor })).timeline;
    expect(revisions(two)).toEqual(range(11, 20));
    expect(two.pageInfo.hasNextPage).toBe(true);

    const three = (await timeline(ombudsman, { first: 10, after: two.pageInfo.endCursor })).timeline;
    expect(revisions(three)).toEqual(range(21, 30));
    expect(three.pageInfo.hasNextPage).toBe(true);
    const four = (await timeline(ombudsman, { first: 10, after: three.pageInfo.endCursor })).timeline;
    expect(revisions(four)).toEqual(range(31, 33));
    expect(four.pageInfo.hasNextPage).toBe(false);

    const uneven = (await timeline(ombudsman, { first: 7, after: two.pageInfo.endCursor })).timeline;
    expect(revisions(uneven)).toEqual(range(21, 27));
    expect(uneven.pageInfo.hasNextPage).toBe(true);
    const rest = (await timeline(ombudsman, { first: 7, after: uneven.pageInfo.endCursor })).timeline;
    expect(revisions(rest)).toEqual(range(28, 33));
    expect(rest.pageInfo.hasNextPage).toBe(false);

    // Every cursor is distinct.
    expect(new Set([...one.edges, ...two.edges, ...three.edges, ...four.edges].map((e) => e.cursor)).size).toBe(33);
  });

  it('pages backward too (last/before)', async () => {
    const tail = (await timeline(ombudsman, { last: 5 })).timeline;
    expect(revisions(tail)).toEqual(range(29, 33));
    expect(tail.pageInfo.hasPreviousPage).toBe(true);
    const before = (await timeline(ombudsman, { last: 5, before: tail.pageInfo.startCursor })).timeline;
    expect(revisions(before)).toEqual(range(24, 28));
  });

  it('filters by creditor: its own actions and the events that concern it', async () => {
    const cjibEvents = (await timeline(ombudsman, { first: 50, creditorId: 'CJIB' })).timeline;
    expect(revisions(cjibEvents)).toEqual([6, 10, 13, 21, 25, 26, 29, 32]);
    expect(cjibEvents.edges.map((e) => e.node)).toEqual(expected.filter((e) => [6, 10, 13, 21, 25, 26, 29, 32].includes(e.revision)));
    // The organisation filter also finds a counsellor's or partner's own events.
    expect(revisions((await timeline(ombudsman, { first: 50, creditorId: 'GEM-UTRECHT' })).timeline)).toEqual([1, 2, 3, 4, 5, 9, 14, 19, 20]);
    expect(revisions((await timeline(ombudsman, { first: 50, creditorId: 'VITENS' })).timeline)).toEqual([18]);
    expect(revisions((await timeline(ombudsman, { first: 50, creditorId: 'NOBODY' })).timeline)).toEqual([]);
  });

  it('filters by kind, and by kind and creditor together; pagination applies after filtering', async () => {
    expect(revisions((await timeline(ombudsman, { first: 50, kinds: ['IncomeDeclared'] })).timeline)).toEqual([2, 14]);
    expect(revisions((await timeline(ombudsman, { first: 50, kinds: ['MeasureRegistered', 'MeasureEnded'] })).timeline)).toEqual([10, 11, 17, 24]);
    expect(revisions((await timeline(ombudsman, { first: 50, kinds: ['PaymentRecorded'], creditorId: 'ENECO' })).timeline)).toEqual([12, 22, 28, 31]);
    expect(revisions((await timeline(ombudsman, { first: 50, kinds: ['NoSuchEvent'] })).timeline)).toEqual([]);

    const payments = (await timeline(ombudsman, { first: 4, kinds: ['PaymentRecorded'] })).timeline;
    expect(revisions(payments)).toEqual([12, 13, 16, 21]);
    expect(payments.pageInfo.hasNextPage).toBe(true);
    const more = (await timeline(ombudsman, { first: 100, after: payments.pageInfo.endCursor, kinds: ['PaymentRecorded'] })).timeline;
    expect(revisions(more)).toEqual([22, 23, 26, 27, 28, 29, 30, 31, 32, 33]);
    expect(more.pageInfo.hasNextPage).toBe(false);
  });

  it('a creditor sees only its own events and those that concern it', async () => {
    const mine = (await timeline(cjib, { first: 50 })).timeline;
    // Revision 25, a complaint against CJIB, is the household's and the ombudsman's file: not shown to CJIB.
    expect(revisions(mine)).toEqual([6, 10, 13, 21, 26, 29, 32]);
    for (const { node } of mine.edges) expect(node.organisation === 'CJIB' || node.creditorId === 'CJIB', JSON.stringify(node)).toBe(true);
    const enecoView = (await timeline(eneco, { first: 50 })).timeline;
    expect(revisions(enecoView)).toEqual([7, 12, 15, 17, 22, 24, 28, 31]);
    // Asking for another creditor's events gives nothing; its pages are its own.
    expect(revisions((await timeline(cjib, { first: 50, creditorId: 'ENECO' })).timeline)).toEqual([]);
    expect(revisions((await timeline(cjib, { first: 50, kinds: ['IncomeDeclared'] })).timeline)).toEqual([]);
    const firstTwo = (await timeline(cjib, { first: 2 })).timeline;
    expect(revisions(firstTwo)).toEqual([6, 10]);
    expect(revisions((await timeline(cjib, { first: 3, after: firstTwo.pageInfo.endCursor })).timeline)).toEqual([13, 21, 26]);
  });

  it('a partner without claims, or a counsellor without the mandate, does not see the timeline', async () => {
    // They do not see the household: null, as for an unknown id (issue 11).
    expect(await api.gql(await api.tokenFor('CREDITOR', 'VITENS'), TIMELINE, { id: householdId, first: 5 })).toEqual({ data: { household: null } });
    expect(await api.gql(await api.tokenFor('COUNSELLOR', 'GEM-AMSTERDAM'), TIMELINE, { id: householdId, first: 5 })).toEqual({ data: { household: null } });
    expectError(await api.gql(null, TIMELINE, { id: householdId, first: 5 }), 'UNAUTHENTICATED');
  });

  it('asOf shows the timeline as the ledger knew it then (recordedAt ≤ asOf)', async () => {
    const afterDayOne = await timeline(ombudsman, { first: 50, asOf: '2025-02-03T12:00:00+01:00' });
    expect(afterDayOne.revision).toBe(13);
    expect(afterDayOne.timeline.edges.map((e) => e.node)).toEqual(expected.slice(0, 13));

    // The instant of the second day's commands is included, a millisecond earlier is not.
    expect(revisions((await timeline(ombudsman, { first: 50, asOf: '2025-03-05T09:00:00Z' })).timeline)).toEqual(range(1, 23));
    expect(revisions((await timeline(ombudsman, { first: 50, asOf: '2025-03-05T09:59:59.999+01:00' })).timeline)).toEqual(range(1, 13));

    // Filters and a creditor's view apply to the past as well.
    expect(revisions((await timeline(ombudsman, { first: 50, asOf: '2025-03-06T00:00:00+01:00', creditorId: 'CJIB' })).timeline)).toEqual([6, 10, 13, 21]);
    expect(revisions((await timeline(cjib, { first: 50, asOf: '2025-02-04T00:00:00+01:00' })).timeline)).toEqual([6, 10, 13]);

    // Before the household was registered, the ledger knew nothing of it.
    const before = await api.gql(ombudsman, TIMELINE, { id: householdId, first: 5, asOf: '2025-02-01T00:00:00Z' });
    expectNoErrors(before);
    expect(before.data.household).toBeNull();
  });
});
