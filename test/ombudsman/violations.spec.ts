import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import type { EventOfType, HouseholdEvent } from '../../domain/household/events.js';
import { defaultParameters } from '../../domain/parameters.js';
import { violationsOfStream, type NumberedEvent, type Violation } from '../../domain/violations.js';
import { createTestApi, expectError, expectNoErrors, expectValidationIssue, type TestApi } from '../support/api.js';
import {
  cjib,
  claimRegistered,
  collectionCostsCharged,
  counsellor,
  eventMeta,
  householdRegistered,
  incomeDeclared,
  protectedIncomeRecorded,
} from '../support/householdFixtures.js';
import { morningOf, registerMeasure, startMoratorium } from './support.js';

/**
 * The violations report (issue 5 §3, dutch-debt-rules.md §9 "Rules a ledger can enforce"): each
 * rule breach with the events that prove it. Some breaches cannot be recorded through today's
 * commands (the decider refuses them); those are built here as imported history and fed to the
 * pure `violationsOfStream`.
 */

const TODAY = '2025-03-20';
const duo: Actor = { org: 'DUO', role: 'CREDITOR', sub: 'incasso@duo.nl' };
const cak: Actor = { org: 'CAK', role: 'CREDITOR', sub: 'incasso@cak.nl' };

function numbered(events: HouseholdEvent[]): NumberedEvent[] {
  return events.map((event, i) => ({ revision: i + 1, event }));
}

function violations(events: HouseholdEvent[], today = TODAY): Violation[] {
  return violationsOfStream(numbered(events), defaultParameters, today);
}

function claim(actor: Actor, claimId: string, principal = 100_000, extra: Partial<EventOfType<'ClaimRegistered'>['data']> = {}) {
  return claimRegistered({ claimId, creditorId: actor.org, principal, ...extra }, { actor, commandId: `claim-${claimId}` });
}

function measure(
  actor: Actor,
  measureId: string,
  kind: EventOfType<'MeasureRegistered'>['data']['kind'],
  claimId: string,
  startsOn: string,
  monthlyAmount = 0,
): EventOfType<'MeasureRegistered'> {
  return {
    type: 'MeasureRegistered',
    v: 1,
    data: { measureId, creditorId: actor.org, kind, claimIds: [claimId], monthlyAmount, preferential: false, endsOn: null },
    meta: eventMeta(actor, `measure-${measureId}`, startsOn),
  };
}

function moratorium(moratoriumId: string, startsOn: string, endsOn: string, recordedAt: string): EventOfType<'MoratoriumStarted'> {
  return {
    type: 'MoratoriumStarted',
    v: 1,
    data: { moratoriumId, endsOn, reason: 'Adempauze' },
    meta: eventMeta(counsellor, `moratorium-${moratoriumId}`, startsOn, recordedAt),
  };
}

const income = (netMonthly: number, effectiveOn = '2025-01-01') => incomeDeclared({ netMonthly }, { effectiveOn, commandId: `income-${effectiveOn}-${netMonthly}` });
const official = (amount: number, validFrom: string) => protectedIncomeRecorded({ amount }, { effectiveOn: validFrom, commandId: `bvv-${validFrom}` });

// ------------------------------------------------------------------------------ domain

describe('violationsOfStream (pure, over hand-built histories)', () => {
  it('COLLECTION_ABOVE_ATTACHABLE_ROOM: a set-off that no longer fits after income drops, with the measure and the income facts', () => {
    const found = violations([
      householdRegistered(),
      income(200_000),
      claim(cjib, 'c1', 300_000),
      official(150_000, '2025-02-01'),
      measure(cjib, 'setoff-1', 'SET_OFF', 'c1', '2025-02-01', 40_000),
      income(160_000, '2025-03-01'),
    ]);
    // On 1 March: €1,600 income, the official €1,500 (stale, within [€1,278.18, €1,520]) leaves €100.
    expect(found).toEqual([
      {
        rule: 'COLLECTION_ABOVE_ATTACHABLE_ROOM',
        on: '2025-03-01',
        description: 'SET_OFF of CJIB (€ 400,00 a month) no longer fits the attachable room of € 100,00 on 2025-03-01',
        revisions: [2, 4, 5, 6],
        organisations: ['CJIB'],
      },
    ]);
  });

  it('no breach while the set-off fits, and none before the income drop is in force', () => {
    const history = [
      householdRegistered(),
      income(200_000),
      claim(cjib, 'c1', 300_000),
      official(150_000, '2025-02-01'),
      measure(cjib, 'setoff-1', 'SET_OFF', 'c1', '2025-02-01', 40_000),
      income(160_000, '2025-04-01'),
    ];
    expect(violations(history)).toEqual([]);
    expect(violations(history, '2025-04-01').map((v) => [v.rule, v.on])).toEqual([['COLLECTION_ABOVE_ATTACHABLE_ROOM', '2025-04-01']]);
  });

  it('WITHHOLDING_UNDERCUTS_PROTECTED_INCOME: withholding at source that leaves less than the protected income', () => {
    // €1,400 income, estimated protected income min(95% × €1,345.45, 95% × €1,400) = €1,278.18.
    const found = violations([householdRegistered(), income(140_000), claim(cak, 'cak-1', 50_000), measure(cak, 'wh-1', 'WITHHOLDING_AT_SOURCE', 'cak-1', '2025-02-01', 12_183)]);
    expect(found).toEqual([
      {
        rule: 'WITHHOLDING_UNDERCUTS_PROTECTED_INCOME',
        on: '2025-02-01',
        description: 'Withholding of € 121,83 leaves the household below its protected income of € 1.278,18 on 2025-02-01',
        revisions: [2, 4],
        organisations: ['CAK'],
      },
    ]);
    // One cent less leaves exactly the protected income: no breach.
    expect(violations([householdRegistered(), income(140_000), claim(cak, 'cak-1', 50_000), measure(cak, 'wh-1', 'WITHHOLDING_AT_SOURCE', 'cak-1', '2025-02-01', 12_182)])).toEqual([]);
  });

  it('COLLECTION_COSTS_ABOVE_WIK_MAXIMUM: imported costs above the scale, cumulative per claim', () => {
    // WIK on €1,000: 15% = €150.
    const found = violations([
      householdRegistered(),
      claim(cjib, 'c1', 100_000),
      collectionCostsCharged({ claimId: 'c1', amount: 10_000, reminderSentOn: '2025-02-01' }, { effectiveOn: '2025-02-20', commandId: 'costs-1' }),
      collectionCostsCharged({ claimId: 'c1', amount: 6_000, reminderSentOn: '2025-02-01' }, { effectiveOn: '2025-03-01', commandId: 'costs-2' }),
    ]);
    expect(found).toEqual([
      {
        rule: 'COLLECTION_COSTS_ABOVE_WIK_MAXIMUM',
        on: '2025-03-01',
        description: 'Collection costs of € 160,00 on a principal of € 1.000,00 exceed the WIK maximum of € 150,00',
        revisions: [2, 4],
        organisations: ['CJIB'],
      },
    ]);
  });

  it('the WIK maximum includes VAT when it applies, and only consumer claims are bound by it', () => {
    const withVat = violations([
      householdRegistered(),
      claim(cjib, 'c1', 100_000),
      collectionCostsCharged({ claimId: 'c1', amount: 18_150, vatApplies: true, reminderSentOn: '2025-02-01' }, { effectiveOn: '2025-03-01' }),
    ]);
    expect(withVat).toEqual([]);
    const aboveVat = violations([
      householdRegistered(),
      claim(cjib, 'c1', 100_000),
      collectionCostsCharged({ claimId: 'c1', amount: 18_151, vatApplies: true, reminderSentOn: '2025-02-01' }, { effectiveOn: '2025-03-01' }),
    ]);
    expect(aboveVat.map((v) => [v.rule, v.description])).toEqual([
      ['COLLECTION_COSTS_ABOVE_WIK_MAXIMUM', 'Collection costs of € 181,51 on a principal of € 1.000,00 exceed the WIK maximum of € 181,50'],
    ]);
    const business = violations([
      householdRegistered(),
      claim(cjib, 'c1', 100_000, { consumer: false }),
      collectionCostsCharged({ claimId: 'c1', amount: 50_000, reminderSentOn: '2025-03-01' }, { effectiveOn: '2025-03-02' }),
    ]);
    expect(business).toEqual([]);
  });

  it('COLLECTION_COSTS_BEFORE_REMINDER_PERIOD: costs charged before 14 full days after the reminder', () => {
    const charged = (on: string) =>
      violations([
        householdRegistered(),
        claim(cjib, 'c1', 100_000),
        collectionCostsCharged({ claimId: 'c1', amount: 4_000, reminderSentOn: '2025-03-01' }, { effectiveOn: on }),
      ]);
    // Reminder sent 1 March, presumed received 3 March (issue 12): day 1 is 4 March, day 14 is
    // 17 March; costs may come from 18 March.
    expect(charged('2025-03-17')).toEqual([
      {
        rule: 'COLLECTION_COSTS_BEFORE_REMINDER_PERIOD',
        on: '2025-03-17',
        description: 'Collection costs charged on 2025-03-17, before 2025-03-18 (14 days after the reminder of 2025-03-01 was received on 2025-03-03)',
        revisions: [2, 3],
        organisations: ['CJIB'],
      },
    ]);
    expect(charged('2025-03-18')).toEqual([]);
  });

  it('one charge can break both cost rules; the report is ordered by date, then rule', () => {
    const found = violations([
      householdRegistered(),
      claim(cjib, 'c1', 100_000),
      collectionCostsCharged({ claimId: 'c1', amount: 20_000, reminderSentOn: '2025-03-01' }, { effectiveOn: '2025-03-10' }),
      collectionCostsCharged({ claimId: 'c1', amount: 1_000, reminderSentOn: '2025-01-01' }, { effectiveOn: '2025-03-05', commandId: 'costs-early' }),
    ]);
    expect(found.map((v) => [v.on, v.rule, v.revisions])).toEqual([
      ['2025-03-05', 'COLLECTION_COSTS_ABOVE_WIK_MAXIMUM', [2, 4]],
      ['2025-03-10', 'COLLECTION_COSTS_ABOVE_WIK_MAXIMUM', [2, 3]],
      ['2025-03-10', 'COLLECTION_COSTS_BEFORE_REMINDER_PERIOD', [2, 3]],
    ]);
  });

  it('MEASURE_DURING_MORATORIUM: a measure recorded after the moratorium that covers its start (imported history)', () => {
    const found = violations([
      householdRegistered(),
      income(200_000),
      official(150_000, '2025-01-01'),
      claim(cjib, 'c1', 300_000),
      moratorium('mor-1', '2025-03-01', '2025-08-31', '2025-03-05T10:00:00+01:00'),
      measure(cjib, 'garn-1', 'GARNISHMENT', 'c1', '2025-03-10'),
    ]);
    expect(found).toEqual([
      {
        rule: 'MEASURE_DURING_MORATORIUM',
        on: '2025-03-10',
        description: 'GARNISHMENT of CJIB starts on 2025-03-10, inside the moratorium of 2025-03-01 to 2025-08-31',
        revisions: [5, 6],
        organisations: ['CJIB'],
      },
    ]);
  });

  it('a moratorium recorded after the measure, with an earlier start, blames nobody (issue 12 item 7)', () => {
    const found = violations([
      householdRegistered(),
      income(200_000),
      official(150_000, '2025-01-01'),
      claim(cjib, 'c1', 300_000),
      measure(cjib, 'garn-1', 'GARNISHMENT', 'c1', '2025-03-10'),
      moratorium('mor-1', '2025-03-01', '2025-08-31', '2025-03-20T10:00:00+01:00'),
    ]);
    expect(found).toEqual([]);
  });

  it('a measure that started before the moratorium, or a withholding at source inside it, breaks nothing', () => {
    const found = violations([
      householdRegistered(),
      income(200_000),
      official(150_000, '2025-01-01'),
      claim(cjib, 'c1', 300_000),
      claim(cak, 'cak-1', 50_000),
      measure(cjib, 'garn-1', 'GARNISHMENT', 'c1', '2025-02-28'),
      measure(cak, 'wh-1', 'WITHHOLDING_AT_SOURCE', 'cak-1', '2025-03-05', 5_000),
      moratorium('mor-1', '2025-03-01', '2025-08-31', '2025-03-20T10:00:00+01:00'),
    ]);
    expect(found).toEqual([]);
  });

  it('PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD: a garnishment or set-off collecting on an estimate', () => {
    const found = violations([
      householdRegistered(),
      income(200_000),
      claim(cjib, 'c1', 300_000),
      claim(duo, 'd1', 100_000),
      measure(cjib, 'garn-1', 'GARNISHMENT', 'c1', '2025-02-01'),
      measure(duo, 'setoff-1', 'SET_OFF', 'd1', '2025-02-10', 10_000),
      // The official record arrives later: the breach before it stays in the history.
      official(150_000, '2025-03-01'),
    ]);
    expect(found).toEqual([
      {
        rule: 'PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD',
        on: '2025-02-01',
        description: 'GARNISHMENT of CJIB collects on 2025-02-01 while the ledger holds no official protected income, only an estimate',
        revisions: [5],
        organisations: ['CJIB'],
      },
      {
        rule: 'PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD',
        on: '2025-02-10',
        description: 'SET_OFF of DUO collects on 2025-02-10 while the ledger holds no official protected income, only an estimate',
        revisions: [6],
        organisations: ['DUO'],
      },
    ]);
  });

  it('a payment plan on an estimate, a garnishment on an official record, or one that has not started yet, breaks nothing', () => {
    expect(violations([householdRegistered(), income(200_000), claim(cjib, 'c1'), measure(cjib, 'plan-1', 'PAYMENT_PLAN', 'c1', '2025-02-01', 10_000)])).toEqual([]);
    expect(violations([householdRegistered(), income(200_000), official(150_000, '2025-02-01'), claim(cjib, 'c1'), measure(cjib, 'garn-1', 'GARNISHMENT', 'c1', '2025-02-01')])).toEqual([]);
    const future = [householdRegistered(), income(200_000), claim(cjib, 'c1'), measure(cjib, 'garn-1', 'GARNISHMENT', 'c1', '2025-04-01')];
    expect(violations(future)).toEqual([]);
    expect(violations(future, '2025-04-01').map((v) => [v.rule, v.on])).toEqual([['PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD', '2025-04-01']]);
  });

  describe('NO_COORDINATOR', () => {
    const base = [householdRegistered(), income(250_000), official(150_000, '2025-01-01'), claim(cjib, 'c1', 300_000), claim(duo, 'd1', 200_000), claim(cak, 'k1', 50_000)];

    it('three organisations collect at once by set-offs and withholding, with no garnishment to coordinate', () => {
      const found = violations([
        ...base,
        measure(cjib, 'setoff-cjib', 'SET_OFF', 'c1', '2025-02-01', 20_000),
        measure(duo, 'setoff-duo', 'SET_OFF', 'd1', '2025-02-15', 15_000),
        measure(cak, 'wh-cak', 'WITHHOLDING_AT_SOURCE', 'k1', '2025-03-01', 10_000),
      ]);
      expect(found).toEqual([
        {
          rule: 'NO_COORDINATOR',
          on: '2025-03-01',
          description: '3 organisations collect at once on 2025-03-01 without a coordinating garnishment',
          revisions: [7, 8, 9],
          organisations: ['CAK', 'CJIB', 'DUO'],
        },
      ]);
    });

    it('two organisations, a payment plan as the third, or a garnishment among them: no breach', () => {
      expect(
        violations([...base, measure(cjib, 's1', 'SET_OFF', 'c1', '2025-02-01', 20_000), measure(cjib, 's2', 'SET_OFF', 'c1', '2025-02-01', 5_000), measure(cak, 'w', 'WITHHOLDING_AT_SOURCE', 'k1', '2025-03-01', 10_000)]),
      ).toEqual([]);
      expect(
        violations([...base, measure(cjib, 's1', 'SET_OFF', 'c1', '2025-02-01', 20_000), measure(duo, 'p1', 'PAYMENT_PLAN', 'd1', '2025-02-15', 15_000), measure(cak, 'w', 'WITHHOLDING_AT_SOURCE', 'k1', '2025-03-01', 10_000)]),
      ).toEqual([]);
      // With a garnishment there is a coordinator. (It takes the rest of the room, so the CAK
      // withholding now leaves less than the protected income: €2,500 − €100 − €1,000 < €1,500.)
      const withGarnishment = violations([
        ...base,
        measure(cjib, 's1', 'SET_OFF', 'c1', '2025-02-01', 20_000),
        measure(duo, 'g1', 'GARNISHMENT', 'd1', '2025-02-15'),
        measure(cak, 'w', 'WITHHOLDING_AT_SOURCE', 'k1', '2025-03-01', 10_000),
      ]);
      expect(withGarnishment.map((v) => [v.rule, v.on, v.organisations])).toEqual([['WITHHOLDING_UNDERCUTS_PROTECTED_INCOME', '2025-03-01', ['CAK']]]);
    });
  });
});

// --------------------------------------------------------------------------------- API

interface ViolationResult {
  rule: string;
  on: string;
  householdId: string;
  description: string;
  organisations: string[];
  events: Array<{ revision: number; type: string; organisation: string; creditorId: string | null }>;
}

const VIOLATION_FIELDS = 'rule on householdId description organisations events { revision type organisation creditorId }';
const HOUSEHOLD_VIOLATIONS = `query ($id: ID!, $asOf: DateTime) { household(id: $id, asOf: $asOf) { violations { ${VIOLATION_FIELDS} } } }`;
const ALL_VIOLATIONS = `query ($first: Int, $after: String, $last: Int, $rule: ViolationRule) {
  violations(first: $first, after: $after, last: $last, rule: $rule) {
    edges { cursor node { householdId violations { ${VIOLATION_FIELDS} } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('violations through the API', () => {
  let api: TestApi;
  let counsellor: string;
  let ombudsman: string;
  let cjibToken: string;
  let duoToken: string;
  let cakToken: string;
  let enecoToken: string;

  beforeEach(async () => {
    api = createTestApi();
    counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    cjibToken = await api.tokenFor('CREDITOR', 'CJIB');
    duoToken = await api.tokenFor('CREDITOR', 'DUO');
    cakToken = await api.tokenFor('CREDITOR', 'CAK');
    enecoToken = await api.tokenFor('CREDITOR', 'ENECO');
  });
  afterEach(async () => {
    await api.close();
  });

  async function householdViolations(token: string, householdId: string, asOf?: string): Promise<ViolationResult[]> {
    const result = await api.gql(token, HOUSEHOLD_VIOLATIONS, { id: householdId, ...(asOf ? { asOf } : {}) });
    expectNoErrors(result);
    return result.data.household.violations as ViolationResult[];
  }

  async function recordOfficial(householdId: string, amount: number, validFrom: string) {
    expectNoErrors(
      await api.gql(counsellor, `mutation ($i: RecordProtectedIncomeInput!) { recordProtectedIncome(input: $i) { revision } }`, {
        i: { commandId: `bvv-${validFrom}-${amount}`, householdId, amount, source: 'INLICHTINGENBUREAU', reference: 'IB-1', validFrom },
      }),
    );
  }

  /**
   * rev 1 registered, 2 income €2,000, 3-4 CJIB claim statement requested and its claim, 5-6 the
   * same for ENECO, 7 CJIB garnishment from 1 Feb on an estimate. (Creditors come in by invitation,
   * issue 11: registerClaim has the counsellor request each creditor's statement first.)
   */
  async function garnishmentOnEstimate(commandId = 'hh-estimate') {
    const { householdId } = await api.registerHousehold(counsellor, { commandId });
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000 });
    const c = await api.registerClaim(cjibToken, householdId, { principal: 300_000 });
    await api.registerClaim(enecoToken, householdId, { principal: 50_000 });
    await registerMeasure(api, cjibToken, householdId, { kind: 'GARNISHMENT', claimIds: [c.id], startsOn: '2025-02-01' });
    return householdId;
  }

  /**
   * rev 1 registered, 2 income €2,500, 3 official €1,500, 4-9 claim statement requests and claims
   * of CJIB, DUO, CAK, 10-12 set-offs and withholding.
   */
  async function threeCollectors(commandId = 'hh-three') {
    const { householdId } = await api.registerHousehold(counsellor, { commandId });
    await api.declareIncome(counsellor, householdId, { netMonthly: 250_000 });
    await recordOfficial(householdId, 150_000, '2025-01-01');
    const c = await api.registerClaim(cjibToken, householdId, { principal: 300_000 });
    const d = await api.registerClaim(duoToken, householdId, { principal: 200_000 });
    const k = await api.registerClaim(cakToken, householdId, { principal: 50_000 });
    await registerMeasure(api, cjibToken, householdId, { kind: 'SET_OFF', claimIds: [c.id], monthlyAmount: 20_000, startsOn: '2025-02-01' });
    await registerMeasure(api, duoToken, householdId, { kind: 'SET_OFF', claimIds: [d.id], monthlyAmount: 15_000, startsOn: '2025-02-15' });
    await registerMeasure(api, cakToken, householdId, { kind: 'WITHHOLDING_AT_SOURCE', claimIds: [k.id], monthlyAmount: 10_000, startsOn: '2025-03-01' });
    return householdId;
  }

  /** rev 1 registered, 2 income €1,400, 3 CAK claim statement requested, 4 CAK claim, 5 CAK withholding €150 from 1 Feb. */
  async function withholdingUndercut(commandId = 'hh-undercut') {
    const { householdId } = await api.registerHousehold(counsellor, { commandId });
    await api.declareIncome(counsellor, householdId, { netMonthly: 140_000 });
    const k = await api.registerClaim(cakToken, householdId, { principal: 50_000 });
    await registerMeasure(api, cakToken, householdId, { kind: 'WITHHOLDING_AT_SOURCE', claimIds: [k.id], monthlyAmount: 15_000, startsOn: '2025-02-01' });
    return householdId;
  }

  /** No breach: an official record and claims, no measures. */
  async function clean(commandId = 'hh-clean') {
    const { householdId } = await api.registerHousehold(counsellor, { commandId });
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000 });
    await recordOfficial(householdId, 150_000, '2025-01-01');
    await api.registerClaim(cjibToken, householdId);
    return householdId;
  }

  describe('household.violations', () => {
    it('PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD for a garnishment on an estimate, with the event that proves it', async () => {
      const householdId = await garnishmentOnEstimate();
      expect(await householdViolations(counsellor, householdId)).toEqual([
        {
          rule: 'PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD',
          on: '2025-02-01',
          householdId,
          description: 'GARNISHMENT of CJIB collects on 2025-02-01 while the ledger holds no official protected income, only an estimate',
          organisations: ['CJIB'],
          events: [{ revision: 7, type: 'MeasureRegistered', organisation: 'CJIB', creditorId: 'CJIB' }],
        },
      ]);
      // The creditor it concerns sees it; a creditor it does not concern sees none.
      expect((await householdViolations(cjibToken, householdId)).map((v) => v.rule)).toEqual(['PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD']);
      expect(await householdViolations(enecoToken, householdId)).toEqual([]);
    });

    it('NO_COORDINATOR for three organisations with set-offs and withholding and no garnishment', async () => {
      const householdId = await threeCollectors();
      expect(await householdViolations(ombudsman, householdId)).toEqual([
        {
          rule: 'NO_COORDINATOR',
          on: '2025-03-01',
          householdId,
          description: '3 organisations collect at once on 2025-03-01 without a coordinating garnishment',
          organisations: ['CAK', 'CJIB', 'DUO'],
          events: [
            { revision: 10, type: 'MeasureRegistered', organisation: 'CJIB', creditorId: 'CJIB' },
            { revision: 11, type: 'MeasureRegistered', organisation: 'DUO', creditorId: 'DUO' },
            { revision: 12, type: 'MeasureRegistered', organisation: 'CAK', creditorId: 'CAK' },
          ],
        },
      ]);
    });

    it('WITHHOLDING_UNDERCUTS_PROTECTED_INCOME: withholding is never refused, but the breach is reported', async () => {
      const householdId = await withholdingUndercut();
      expect(await householdViolations(counsellor, householdId)).toEqual([
        {
          rule: 'WITHHOLDING_UNDERCUTS_PROTECTED_INCOME',
          on: '2025-02-01',
          householdId,
          description: 'Withholding of € 150,00 leaves the household below its protected income of € 1.278,18 on 2025-02-01',
          organisations: ['CAK'],
          events: [
            { revision: 2, type: 'IncomeDeclared', organisation: 'GEM-UTRECHT', creditorId: null },
            { revision: 5, type: 'MeasureRegistered', organisation: 'CAK', creditorId: 'CAK' },
          ],
        },
      ]);
    });

    it('no MEASURE_DURING_MORATORIUM for a moratorium recorded later, starting before a garnishment began (issue 12 item 7)', async () => {
      api.setNow(morningOf('2025-03-05'));
      const { householdId } = await api.registerHousehold(counsellor);
      await api.declareIncome(counsellor, householdId, { netMonthly: 200_000 });
      await recordOfficial(householdId, 150_000, '2025-01-01');
      const c = await api.registerClaim(cjibToken, householdId, { principal: 300_000 });
      api.setNow(morningOf('2025-03-10'));
      await registerMeasure(api, cjibToken, householdId, { kind: 'GARNISHMENT', claimIds: [c.id], startsOn: '2025-03-10' });
      const beforeMoratorium = '2025-03-15T12:00:00+01:00';
      api.resetClock();
      await startMoratorium(api, counsellor, householdId, { startsOn: '2025-03-01', endsOn: '2025-08-31' });

      // The garnishment is suspended (test/rules/violations.spec.ts), the creditor not blamed.
      expect(await householdViolations(ombudsman, householdId)).toEqual([]);
      // Nor before the moratorium was recorded.
      expect(await householdViolations(ombudsman, householdId, beforeMoratorium)).toEqual([]);
    });

    it('COLLECTION_ABOVE_ATTACHABLE_ROOM after a later income drop; asOf before the drop shows none', async () => {
      api.setNow(morningOf('2025-02-03'));
      const { householdId } = await api.registerHousehold(counsellor);
      await api.declareIncome(counsellor, householdId, { netMonthly: 200_000 });
      await recordOfficial(householdId, 150_000, '2025-02-01');
      const c = await api.registerClaim(cjibToken, householdId, { principal: 300_000 });
      await registerMeasure(api, cjibToken, householdId, { kind: 'SET_OFF', claimIds: [c.id], monthlyAmount: 40_000, startsOn: '2025-02-01' });
      api.setNow(morningOf('2025-03-05'));
      await api.declareIncome(counsellor, householdId, { netMonthly: 160_000, effectiveOn: '2025-03-01' });
      api.resetClock();

      const found = await householdViolations(ombudsman, householdId);
      expect(found.map((v) => [v.rule, v.on, v.organisations, v.events.map((e) => [e.revision, e.type])])).toEqual([
        [
          'COLLECTION_ABOVE_ATTACHABLE_ROOM',
          '2025-03-01',
          ['CJIB'],
          [
            [2, 'IncomeDeclared'],
            [3, 'ProtectedIncomeRecorded'],
            // 4 is CJIB's claim-statement request, 5 its claim (issue 11).
            [6, 'MeasureRegistered'],
            [7, 'IncomeDeclared'],
          ],
        ],
      ]);
      expect(found[0]!.description).toBe('SET_OFF of CJIB (€ 400,00 a month) no longer fits the attachable room of € 100,00 on 2025-03-01');
      expect(await householdViolations(ombudsman, householdId, '2025-02-03T12:00:00+01:00')).toEqual([]);
    });

    it('a clean history has no violations', async () => {
      expect(await householdViolations(ombudsman, await clean())).toEqual([]);
    });

    /**
     * Policy §8: a creditor sees others' measures "only as amounts without creditor identity".
     * A violation that concerns several organisations must not name the other creditors to a
     * creditor, nor hand it events its own timeline hides (another creditor's measure, the
     * household's income declarations).
     */
    it('a creditor sees the breaches that concern it without the identity of other creditors or events its timeline hides', async () => {
      const householdId = await threeCollectors();
      const seen = await householdViolations(cjibToken, householdId);
      expect(seen.map((v) => v.rule)).toEqual(['NO_COORDINATOR']);
      const timeline = await api.gql(cjibToken, `query ($id: ID!) { household(id: $id) { timeline(first: 100) { edges { node { revision } } } } }`, { id: householdId });
      expectNoErrors(timeline);
      const visibleRevisions = new Set(timeline.data.household.timeline.edges.map((e: { node: { revision: number } }) => e.node.revision));
      for (const v of seen) {
        expect(v.organisations).toEqual(['CJIB']);
        for (const e of v.events) expect(visibleRevisions.has(e.revision), `event ${e.revision} (${e.type} by ${e.organisation})`).toBe(true);
        expect(JSON.stringify(v)).not.toMatch(/DUO|CAK/);
      }
    });
  });

  describe('the ombudsman’s violations across households', () => {
    async function page(token: string | null, variables: Record<string, unknown>) {
      return api.gql(token, ALL_VIOLATIONS, variables);
    }

    it('lists every household with breaches in household-id order, paginated with first/after, filtered by rule', async () => {
      const ids = {
        estimate: await garnishmentOnEstimate(),
        three: await threeCollectors(),
        undercut: await withholdingUndercut(),
        clean: await clean(),
        estimate2: await garnishmentOnEstimate('hh-estimate-2'),
      };
      const withBreaches = [ids.estimate, ids.three, ids.undercut, ids.estimate2].sort();

      // One per page, until hasNextPage is false.
      const seen: Array<{ householdId: string; rules: string[] }> = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const result = await page(ombudsman, { first: 1, after });
        expectNoErrors(result);
        const connection = result.data.violations as {
          edges: Array<{ node: { householdId: string; violations: ViolationResult[] } }>;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
        expect(connection.edges.length).toBeLessThanOrEqual(1);
        if (pages === 0) expect(connection.pageInfo.hasNextPage).toBe(true);
        for (const { node } of connection.edges) {
          for (const v of node.violations) expect(v.householdId).toBe(node.householdId);
          seen.push({ householdId: node.householdId, rules: node.violations.map((v) => v.rule) });
        }
        pages += 1;
        expect(pages).toBeLessThan(10);
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen.map((s) => s.householdId)).toEqual(withBreaches);
      const rulesOf = (id: string) => seen.find((s) => s.householdId === id)!.rules;
      expect(rulesOf(ids.estimate)).toEqual(['PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD']);
      expect(rulesOf(ids.three)).toEqual(['NO_COORDINATOR']);
      expect(rulesOf(ids.undercut)).toEqual(['WITHHOLDING_UNDERCUTS_PROTECTED_INCOME']);

      // Two at a time.
      const firstTwo = await page(ombudsman, { first: 2 });
      expectNoErrors(firstTwo);
      expect(firstTwo.data.violations.edges.map((e: { node: { householdId: string } }) => e.node.householdId)).toEqual(withBreaches.slice(0, 2));
      expect(firstTwo.data.violations.pageInfo.hasNextPage).toBe(true);
      const nextTwo = await page(ombudsman, { first: 2, after: firstTwo.data.violations.pageInfo.endCursor });
      expectNoErrors(nextTwo);
      expect(nextTwo.data.violations.edges.map((e: { node: { householdId: string } }) => e.node.householdId)).toEqual(withBreaches.slice(2, 4));

      // Filtered by rule: only the households and the violations of that rule.
      const coordinator = await page(ombudsman, { first: 20, rule: 'NO_COORDINATOR' });
      expectNoErrors(coordinator);
      expect(coordinator.data.violations.edges.map((e: { node: { householdId: string; violations: ViolationResult[] } }) => [e.node.householdId, e.node.violations.map((v) => v.rule)])).toEqual([
        [ids.three, ['NO_COORDINATOR']],
      ]);
      expect(coordinator.data.violations.pageInfo.hasNextPage).toBe(false);
      const estimates = await page(ombudsman, { first: 20, rule: 'PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD' });
      expectNoErrors(estimates);
      expect(estimates.data.violations.edges.map((e: { node: { householdId: string } }) => e.node.householdId)).toEqual([ids.estimate, ids.estimate2].sort());
      const none = await page(ombudsman, { first: 20, rule: 'COLLECTION_COSTS_ABOVE_WIK_MAXIMUM' });
      expectNoErrors(none);
      expect(none.data.violations.edges).toEqual([]);
      expect(none.data.violations.pageInfo.hasNextPage).toBe(false);
    });

    it('is for the ombudsman only', async () => {
      await garnishmentOnEstimate();
      for (const token of [counsellor, cjibToken, await api.tokenFor('HOUSEHOLD', 'h'), await api.tokenFor('ADMIN', 'OPS')]) {
        expectError(await page(token, { first: 5 }), 'FORBIDDEN');
      }
      expectError(await page(null, { first: 5 }), 'UNAUTHENTICATED');
    });

    it('pages forward only, at most 100 at a time', async () => {
      expectError(await page(ombudsman, { last: 5 }), 'VALIDATION_FAILED');
      expectValidationIssue(await page(ombudsman, { first: 101 }), 'first');
      expectValidationIssue(await page(ombudsman, { first: 0 }), 'first');
      expectError(await page(ombudsman, { first: 5, rule: 'NOT_A_RULE' }), 'VALIDATION_FAILED');
    });
  });
});
