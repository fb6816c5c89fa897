import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import type { MeasureKind } from '../../domain/allocation.js';
import { capacityOn } from '../../domain/capacity.js';
import { balanceStatus, outstanding } from '../../domain/claims.js';
import type { BusinessDate } from '../../domain/dates.js';
import { outstandingOfClaims, collectionFacts as factsOf, type HouseholdCommand } from '../../domain/household/decider.js';
import type { HouseholdEvent } from '../../domain/household/events.js';
import type { DistributionKey } from '../../domain/arrangement.js';
import {
  command,
  counsellor,
  creditor,
  given,
  history,
  metaOf,
  ombudsman,
  otherCounsellor,
  parameters,
  play,
  stateOf,
  TODAY,
} from './support.js';

/**
 * The household decider on coordinated collection (policy §4) and debt arrangements (§6):
 * given(events).when(command).then(events) / .thenThrows(code).
 */

const CJIB = creditor('CJIB');
const ENECO = creditor('ENECO');
const BD = creditor('BELASTINGDIENST');
const DUO = creditor('DUO');

/**
 * A single person with €2,500 net a month and an official protected income of €1,500, so €1,000
 * attachable from 2025-01-01; the claims of the policy's arrangement example.
 */
const base: HouseholdEvent[] = [
  history.householdRegistered('2025-01-01'),
  history.incomeDeclared(250_000, '2025-01-01'),
  history.protectedIncomeRecorded(150_000, '2025-01-01'),
  history.claimRegistered('c-cjib', 'CJIB', 600_000),
  history.claimRegistered('c-eneco', 'ENECO', 300_000),
  history.claimRegistered('c-bd', 'BELASTINGDIENST', 150_000, true),
];

interface MeasureFields {
  measureId?: string;
  kind: MeasureKind;
  claimIds: string[];
  monthlyAmount?: number | null;
  startsOn?: BusinessDate;
  endsOn?: BusinessDate | null;
}

let measureSeq = 0;

function registerMeasure(actor: Actor, fields: MeasureFields, commandId?: string) {
  return command(
    'RegisterMeasure',
    actor,
    {
      measureId: fields.measureId ?? `m-${++measureSeq}`,
      kind: fields.kind,
      claimIds: fields.claimIds,
      monthlyAmount: fields.monthlyAmount ?? null,
      startsOn: fields.startsOn ?? '2025-04-01',
      endsOn: fields.endsOn ?? null,
    },
    commandId === undefined ? {} : { commandId },
  );
}

function measureRegistered(cmd: Extract<HouseholdCommand, { type: 'RegisterMeasure' }>, creditorId: string, monthlyAmount: number, preferential = false): HouseholdEvent {
  const { measureId, kind, claimIds, endsOn, startsOn } = cmd.data;
  return {
    type: 'MeasureRegistered',
    v: 1,
    data: { measureId, creditorId, kind, claimIds, monthlyAmount, preferential, endsOn },
    meta: metaOf(cmd, startsOn),
  };
}

const setOff = (measureId: string, creditorId: string, claimId: string, monthlyAmount: number, startsOn: BusinessDate, endsOn: BusinessDate | null = null) =>
  history.measureRegistered({ measureId, creditorId, kind: 'SET_OFF', claimIds: [claimId], monthlyAmount, startsOn, endsOn });

describe('RegisterMeasure', () => {
  it('accepts a set-off that fits the room, as MeasureRegistered on its start date', () => {
    const cmd = registerMeasure(CJIB, { measureId: 'm-s', kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 50_000 });
    given(base).when(cmd).then([measureRegistered(cmd, 'CJIB', 50_000)]);
  });

  it('records a garnishment with monthly amount 0 (the ledger allocates it) and the rank of its claims', () => {
    const cmd = registerMeasure(BD, { measureId: 'm-g', kind: 'GARNISHMENT', claimIds: ['c-bd'], monthlyAmount: 99_999 });
    given(base).when(cmd).then([measureRegistered(cmd, 'BELASTINGDIENST', 0, true)]);
  });

  describe('who may register it', () => {
    it.each([
      ['a counsellor', counsellor],
      ['the ombudsman', ombudsman],
    ] as const)('not %s: FORBIDDEN', (_who, actor) => {
      given(base).when(registerMeasure(actor, { kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 1_000 })).thenThrows('FORBIDDEN');
    });

    it("a creditor only on its own claims: another creditor's claim is FORBIDDEN", () => {
      given(base).when(registerMeasure(ENECO, { kind: 'GARNISHMENT', claimIds: ['c-cjib'] })).thenThrows('FORBIDDEN');
      given(base).when(registerMeasure(ENECO, { kind: 'GARNISHMENT', claimIds: ['c-eneco', 'c-cjib'] })).thenThrows('FORBIDDEN');
    });

    // Unknown ids refuse as another creditor's do (issue 11): the answer does not tell which exist.
    it('an unknown claim is FORBIDDEN, as another creditor\'s claim is', () => {
      const error = given(base).when(registerMeasure(CJIB, { kind: 'SET_OFF', claimIds: ['c-nope'], monthlyAmount: 1_000 })).thenThrows('FORBIDDEN');
      expect(error.message).toBe('CJIB has no claim with id c-nope');
    });

    it('an unknown household is FORBIDDEN, as one where the creditor has no claim', () => {
      const error = given([]).when(registerMeasure(CJIB, { kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 1_000 })).thenThrows('FORBIDDEN');
      expect(error.message).toBe('CJIB has no claim with id c-cjib');
    });

    it('preferential and concurrent claims in one measure: VALIDATION_FAILED on input.claimIds', () => {
      const withConcurrentTaxClaim = [...base, history.claimRegistered('c-bd-2', 'BELASTINGDIENST', 20_000, false)];
      const error = given(withConcurrentTaxClaim)
        .when(registerMeasure(BD, { kind: 'GARNISHMENT', claimIds: ['c-bd', 'c-bd-2'] }))
        .thenThrows('VALIDATION_FAILED');
      expect(error.details['issues']).toEqual([{ path: 'input.claimIds', reason: expect.any(String) }]);
    });
  });

  describe('the capacity check for set-offs and payment plans', () => {
    const committed = [
      ...base,
      setOff('m-old-s', 'CJIB', 'c-cjib', 50_000, '2025-02-01'),
      history.measureRegistered({ measureId: 'm-old-p', creditorId: 'ENECO', kind: 'PAYMENT_PLAN', claimIds: ['c-eneco'], monthlyAmount: 20_000, startsOn: '2025-03-01' }),
      // Garnishments never stand in the way of a set-off or plan.
      history.measureRegistered({ measureId: 'm-old-g', creditorId: 'BELASTINGDIENST', kind: 'GARNISHMENT', claimIds: ['c-bd'], preferential: true, startsOn: '2025-02-01' }),
    ];

    it.each(['SET_OFF', 'PAYMENT_PLAN'] as const)('%s that does not fit: CAPACITY_EXCEEDED with the room available and its date', (kind) => {
      given(committed)
        .when(registerMeasure(CJIB, { kind, claimIds: ['c-cjib'], monthlyAmount: 30_001 }))
        .thenThrows('CAPACITY_EXCEEDED', { available: 30_000, on: '2025-04-01', attachable: 100_000 });
    });

    it.each(['SET_OFF', 'PAYMENT_PLAN'] as const)('%s that exactly fills the room is accepted', (kind) => {
      const cmd = registerMeasure(CJIB, { kind, claimIds: ['c-cjib'], monthlyAmount: 30_000 });
      given(committed).when(cmd).then([measureRegistered(cmd, 'CJIB', 30_000)]);
    });

    it('a FUTURE-dated lower income makes it not fit on a later date: CAPACITY_EXCEEDED names that date', () => {
      // €1,800 from June: the official €1,500 still applies (inside the new bounds), €300 attachable.
      const lowerFromJune = [...base, history.incomeDeclared(180_000, '2025-06-01')];
      given(lowerFromJune)
        .when(registerMeasure(CJIB, { kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 40_000 }))
        .thenThrows('CAPACITY_EXCEEDED', { available: 30_000, on: '2025-06-01', attachable: 30_000 });
      given(lowerFromJune)
        .when(registerMeasure(ENECO, { kind: 'PAYMENT_PLAN', claimIds: ['c-eneco'], monthlyAmount: 30_001, startsOn: '2025-05-01' }))
        .thenThrows('CAPACITY_EXCEEDED', { available: 30_000, on: '2025-06-01' });
    });

    it('... but fits when it ends before that date, or asks no more than the later room', () => {
      const lowerFromJune = [...base, history.incomeDeclared(180_000, '2025-06-01')];
      const ending = registerMeasure(CJIB, { kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 40_000, endsOn: '2025-05-31' });
      given(lowerFromJune).when(ending).then([measureRegistered(ending, 'CJIB', 40_000)]);
      const small = registerMeasure(CJIB, { kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 30_000 });
      given(lowerFromJune).when(small).then([measureRegistered(small, 'CJIB', 30_000)]);
    });

    it('a future higher official protected income counts the same way', () => {
      const higherFromJuly = [...base, history.protectedIncomeRecorded(220_000, '2025-07-01')];
      given(higherFromJuly)
        .when(registerMeasure(CJIB, { kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 40_000 }))
        .thenThrows('CAPACITY_EXCEEDED', { available: 30_000, on: '2025-07-01' });
    });

    it('a set-off that has ended no longer takes room: measures count only inside their window', () => {
      const endingInApril = [...base, setOff('m-old', 'CJIB', 'c-cjib', 80_000, '2025-02-01', '2025-04-30')];
      given(endingInApril)
        .when(registerMeasure(ENECO, { kind: 'SET_OFF', claimIds: ['c-eneco'], monthlyAmount: 50_000, startsOn: '2025-04-01' }))
        .thenThrows('CAPACITY_EXCEEDED', { available: 20_000, on: '2025-04-01' });
      const fromMay = registerMeasure(ENECO, { kind: 'SET_OFF', claimIds: ['c-eneco'], monthlyAmount: 50_000, startsOn: '2025-05-01' });
      given(endingInApril).when(fromMay).then([measureRegistered(fromMay, 'ENECO', 50_000)]);
      // A set-off that starts later takes room from its start on.
      const startingInMay = [...base, setOff('m-later', 'CJIB', 'c-cjib', 80_000, '2025-05-01')];
      given(startingInMay)
        .when(registerMeasure(ENECO, { kind: 'SET_OFF', claimIds: ['c-eneco'], monthlyAmount: 50_000, startsOn: '2025-04-01' }))
        .thenThrows('CAPACITY_EXCEEDED', { available: 20_000, on: '2025-05-01' });
    });

    it('a GARNISHMENT is never rejected for capacity: accepted with allocation 0 when the room is taken', () => {
      const full = [...base, setOff('m-full', 'CJIB', 'c-cjib', 100_000, '2025-02-01')];
      const cmd = registerMeasure(ENECO, { measureId: 'm-g', kind: 'GARNISHMENT', claimIds: ['c-eneco'] });
      const events = given(full).when(cmd).then([measureRegistered(cmd, 'ENECO', 0)]);
      const state = stateOf([...full, ...events]);
      const check = capacityOn(factsOf(state), outstandingOfClaims(state), parameters, '2025-04-01');
      expect(check.allocations.map((a) => [a.measureId, a.monthly, a.coordinator])).toEqual([
        ['m-full', 100_000, false],
        ['m-g', 0, true],
      ]);
    });

    it('withholding at source is recorded, never rejected for capacity', () => {
      const full = [...base, setOff('m-full', 'CJIB', 'c-cjib', 100_000, '2025-02-01')];
      const cmd = registerMeasure(ENECO, { kind: 'WITHHOLDING_AT_SOURCE', claimIds: ['c-eneco'], monthlyAmount: 25_000 });
      given(full).when(cmd).then([measureRegistered(cmd, 'ENECO', 25_000)]);
    });
  });

  describe('inside a moratorium', () => {
    const withMoratorium = [...base, history.moratoriumStarted('mor-1', '2025-04-01', '2025-06-30')];

    it.each([
      ['SET_OFF', '2025-04-01'],
      ['PAYMENT_PLAN', '2025-05-15'],
      ['GARNISHMENT', '2025-06-30'],
    ] as const)('a %s starting on %s: MORATORIUM_ACTIVE', (kind, startsOn) => {
      given(withMoratorium)
        .when(registerMeasure(CJIB, { kind, claimIds: ['c-cjib'], monthlyAmount: kind === 'GARNISHMENT' ? null : 1_000, startsOn }))
        .thenThrows('MORATORIUM_ACTIVE', { moratoriumId: 'mor-1', endsOn: '2025-06-30' });
    });

    it('withholding at source starting inside it is accepted', () => {
      const cmd = registerMeasure(CJIB, { kind: 'WITHHOLDING_AT_SOURCE', claimIds: ['c-cjib'], monthlyAmount: 5_000, startsOn: '2025-05-15' });
      given(withMoratorium).when(cmd).then([measureRegistered(cmd, 'CJIB', 5_000)]);
    });

    it('a measure starting the day after it ends is accepted; one starting before it may run through it', () => {
      const after = registerMeasure(CJIB, { kind: 'GARNISHMENT', claimIds: ['c-cjib'], startsOn: '2025-07-01' });
      given(withMoratorium).when(after).then([measureRegistered(after, 'CJIB', 0)]);
      const before = registerMeasure(CJIB, { kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 100_000, startsOn: '2025-03-31' });
      given(withMoratorium).when(before).then([measureRegistered(before, 'CJIB', 100_000)]);
    });
  });
});

describe('EndMeasure', () => {
  const withSetOff = [...base, setOff('m-s', 'CJIB', 'c-cjib', 50_000, '2025-04-01', '2025-12-31')];
  const end = (actor: Actor, endsOn: BusinessDate, measureId = 'm-s') => command('EndMeasure', actor, { measureId, endsOn, reason: 'paid in full' });

  it('the creditor that registered it shortens it: MeasureEnded on its new last day', () => {
    const cmd = end(CJIB, '2025-09-30');
    given(withSetOff).when(cmd).then([{ type: 'MeasureEnded', v: 1, data: { measureId: 'm-s', reason: 'paid in full' }, meta: metaOf(cmd, '2025-09-30') }]);
  });

  it('the day before it starts is allowed (it never applied), earlier is not', () => {
    const cmd = end(CJIB, '2025-03-31');
    given(withSetOff).when(cmd).then([{ type: 'MeasureEnded', v: 1, data: { measureId: 'm-s', reason: 'paid in full' }, meta: metaOf(cmd, '2025-03-31') }]);
    given(withSetOff).when(end(CJIB, '2025-03-30')).thenThrows('VALIDATION_FAILED');
  });

  it.each([
    ['another creditor', ENECO],
    ['a counsellor', counsellor],
  ] as const)('not by %s: FORBIDDEN', (_who, actor) => {
    given(withSetOff).when(end(actor, '2025-09-30')).thenThrows('FORBIDDEN');
  });

  it('only shortening: its current last day or later is VALIDATION_FAILED', () => {
    given(withSetOff).when(end(CJIB, '2025-12-31')).thenThrows('VALIDATION_FAILED');
    given(withSetOff).when(end(CJIB, '2026-01-31')).thenThrows('VALIDATION_FAILED');
  });

  it('an open-ended measure can be ended on any day from the day before it starts', () => {
    const open = [...base, setOff('m-open', 'CJIB', 'c-cjib', 50_000, '2025-04-01')];
    const cmd = end(CJIB, '2030-01-01', 'm-open');
    given(open).when(cmd).then([{ type: 'MeasureEnded', v: 1, data: { measureId: 'm-open', reason: 'paid in full' }, meta: metaOf(cmd, '2030-01-01') }]);
  });

  // An unknown measure refuses as another creditor's does (issue 11).
  it('an unknown measure is FORBIDDEN, as another creditor\'s measure is', () => {
    given(withSetOff).when(end(CJIB, '2025-09-30', 'm-nope')).thenThrows('FORBIDDEN');
  });

  it('the room it frees is available to the next set-off from the day after', () => {
    const full = [...base, setOff('m-full', 'CJIB', 'c-cjib', 100_000, '2025-02-01')];
    const ended = play(full, end(CJIB, '2025-05-31', 'm-full'));
    given(ended)
      .when(registerMeasure(ENECO, { kind: 'SET_OFF', claimIds: ['c-eneco'], monthlyAmount: 60_000, startsOn: '2025-05-31' }))
      .thenThrows('CAPACITY_EXCEEDED', { available: 0, on: '2025-05-31' });
    const cmd = registerMeasure(ENECO, { kind: 'SET_OFF', claimIds: ['c-eneco'], monthlyAmount: 60_000, startsOn: '2025-06-01' });
    given(ended).when(cmd).then([measureRegistered(cmd, 'ENECO', 60_000)]);
  });
});

describe('StartMoratorium', () => {
  const start = (actor: Actor, startsOn: BusinessDate, endsOn: BusinessDate, moratoriumId = 'mor-new') =>
    command('StartMoratorium', actor, { moratoriumId, startsOn, endsOn, reason: 'threatened eviction' });

  it('a counsellor with a mandate starts it: MoratoriumStarted on its first day', () => {
    const cmd = start(counsellor, '2025-04-01', '2025-06-30');
    given(base)
      .when(cmd)
      .then([{ type: 'MoratoriumStarted', v: 1, data: { moratoriumId: 'mor-new', endsOn: '2025-06-30', reason: 'threatened eviction' }, meta: metaOf(cmd, '2025-04-01') }]);
  });

  it.each([
    ['a counsellor without a mandate', otherCounsellor],
    ['a creditor', CJIB],
  ] as const)('not %s: FORBIDDEN', (_who, actor) => {
    given(base).when(start(actor, '2025-04-01', '2025-06-30')).thenThrows('FORBIDDEN');
  });

  it('exactly 6 months (2025-04-01 up to and including 2025-09-30) is accepted', () => {
    const cmd = start(counsellor, '2025-04-01', '2025-09-30');
    expect(given(base).when(cmd).events().map((e) => e.type)).toEqual(['MoratoriumStarted']);
  });

  it('longer than 6 months: MORATORIUM_TOO_LONG', () => {
    given(base).when(start(counsellor, '2025-04-01', '2025-10-02')).thenThrows('MORATORIUM_TOO_LONG');
    given(base).when(start(counsellor, '2025-04-01', '2026-04-01')).thenThrows('MORATORIUM_TOO_LONG');
  });

  it('6 months and a day (2025-04-01 up to and including 2025-10-01): MORATORIUM_TOO_LONG, last allowed day 2025-09-30', () => {
    // endsOn is the moratorium's last day (inclusive), so 1 April to 1 October is 6 months + 1 day.
    given(base).when(start(counsellor, '2025-04-01', '2025-10-01')).thenThrows('MORATORIUM_TOO_LONG', { latestEnd: '2025-09-30' });
  });

  it('overlapping another moratorium: VALIDATION_FAILED; starting the day after it ends is fine', () => {
    const withOne = [...base, history.moratoriumStarted('mor-1', '2025-04-01', '2025-06-30')];
    given(withOne).when(start(counsellor, '2025-06-30', '2025-08-31')).thenThrows('VALIDATION_FAILED');
    given(withOne).when(start(counsellor, '2025-03-01', '2025-04-01')).thenThrows('VALIDATION_FAILED');
    given(withOne).when(start(counsellor, '2025-05-01', '2025-05-31')).thenThrows('VALIDATION_FAILED');
    expect(given(withOne).when(start(counsellor, '2025-07-01', '2025-08-31')).events().map((e) => e.type)).toEqual(['MoratoriumStarted']);
  });
});

describe('EndMoratorium', () => {
  const withOne = [...base, history.moratoriumStarted('mor-1', '2025-04-01', '2025-09-30')];
  const end = (actor: Actor, endsOn: BusinessDate, moratoriumId = 'mor-1') =>
    command('EndMoratorium', actor, { moratoriumId, endsOn, reason: 'arrangement reached' });

  it('ends it early: MoratoriumEnded on its new last day', () => {
    const cmd = end(counsellor, '2025-05-31');
    given(withOne)
      .when(cmd)
      .then([{ type: 'MoratoriumEnded', v: 1, data: { moratoriumId: 'mor-1', reason: 'arrangement reached' }, meta: metaOf(cmd, '2025-05-31') }]);
  });

  it('not on or after its current end, not before the day before it starts', () => {
    given(withOne).when(end(counsellor, '2025-09-30')).thenThrows('VALIDATION_FAILED');
    given(withOne).when(end(counsellor, '2025-10-31')).thenThrows('VALIDATION_FAILED');
    given(withOne).when(end(counsellor, '2025-03-30')).thenThrows('VALIDATION_FAILED');
    expect(given(withOne).when(end(counsellor, '2025-03-31')).events().map((e) => e.type)).toEqual(['MoratoriumEnded']);
  });

  it.each([
    ['a counsellor without a mandate', otherCounsellor],
    ['a creditor', CJIB],
  ] as const)('not %s: FORBIDDEN', (_who, actor) => {
    given(withOne).when(end(actor, '2025-05-31')).thenThrows('FORBIDDEN');
  });

  it('an unknown moratorium is NOT_FOUND', () => {
    given(withOne).when(end(counsellor, '2025-05-31', 'mor-nope')).thenThrows('NOT_FOUND');
  });

  it('after it ends, a measure may start again', () => {
    given(withOne)
      .when(registerMeasure(CJIB, { kind: 'GARNISHMENT', claimIds: ['c-cjib'], startsOn: '2025-06-01' }))
      .thenThrows('MORATORIUM_ACTIVE');
    const ended = play(withOne, end(counsellor, '2025-05-31'));
    const cmd = registerMeasure(CJIB, { kind: 'GARNISHMENT', claimIds: ['c-cjib'], startsOn: '2025-06-01' });
    given(ended).when(cmd).then([measureRegistered(cmd, 'CJIB', 0)]);
  });
});

// ---------------------------------------------------------------------------------------------
// Debt arrangements (policy §6)

interface ProposeFields {
  monthlyCapacity?: number;
  termMonths?: number | null;
  termReason?: string | null;
  key?: DistributionKey | null;
  startsOn?: BusinessDate;
  arrangementId?: string;
}

function propose(fields: ProposeFields = {}, actor: Actor = counsellor, commandId?: string) {
  return command(
    'ProposeArrangement',
    actor,
    {
      arrangementId: fields.arrangementId ?? 'arr-1',
      monthlyCapacity: fields.monthlyCapacity ?? 15_000,
      termMonths: fields.termMonths ?? null,
      termReason: fields.termReason ?? null,
      key: fields.key ?? null,
      startsOn: fields.startsOn ?? '2025-04-01',
    },
    commandId === undefined ? {} : { commandId },
  );
}

const answer = (actor: Actor, reply: 'ACCEPT' | 'REJECT', arrangementId = 'arr-1', commandId?: string) =>
  command('AnswerArrangement', actor, { arrangementId, answer: reply }, commandId === undefined ? {} : { commandId });

/** Payments are recorded after the 18 months: the clock of these commands is 2026-10-01. */
const LATER = '2026-10-01T10:00:00.000+02:00';
const pay = (claimId: string, amount: number, paidOn: BusinessDate = '2026-09-30', actor: Actor = counsellor) =>
  command('RecordArrangementPayment', actor, { arrangementId: 'arr-1', claimId, amount, paidOn }, { recordedAt: LATER });
const complete = (completedOn: BusinessDate = '2026-09-30') =>
  command('CompleteArrangement', counsellor, { arrangementId: 'arr-1', completedOn }, { recordedAt: LATER });
const fail = (actor: Actor = counsellor, failedOn: BusinessDate = TODAY) =>
  command('FailArrangement', actor, { arrangementId: 'arr-1', reason: 'income lost', failedOn });

const exampleOffers = [
  { claimId: 'c-cjib', creditorId: 'CJIB', outstanding: 600_000, percentage: 22.5, amount: 135_000 },
  { claimId: 'c-eneco', creditorId: 'ENECO', outstanding: 300_000, percentage: 22.5, amount: 67_500 },
  { claimId: 'c-bd', creditorId: 'BELASTINGDIENST', outstanding: 150_000, percentage: 45, amount: 67_500 },
];

describe('ProposeArrangement', () => {
  it('the policy example: €150 × 18 = €2,700 → €1,350, €675 and €675 (22.5% / 22.5% / 45%)', () => {
    const cmd = propose();
    given(base)
      .when(cmd)
      .then([
        {
          type: 'ArrangementProposed',
          v: 1,
          data: {
            arrangementId: 'arr-1',
            monthlyCapacity: 15_000,
            termMonths: 18,
            termReason: null,
            key: 'DOUBLE_FOR_PREFERENTIAL',
            total: 270_000,
            offers: exampleOffers,
          },
          meta: metaOf(cmd, '2025-04-01'),
        },
      ]);
  });

  it('another term without a stated reason: VALIDATION_FAILED on input.termReason', () => {
    const error = given(base).when(propose({ termMonths: 24 })).thenThrows('VALIDATION_FAILED');
    expect(error.details['issues']).toEqual([{ path: 'input.termReason', reason: expect.any(String) }]);
  });

  it('another term with a reason: total = capacity × that term', () => {
    const [event] = given(base).when(propose({ termMonths: 24, termReason: 'court-ordered WSNP term' })).events();
    expect(event).toMatchObject({ type: 'ArrangementProposed', data: { termMonths: 24, termReason: 'court-ordered WSNP term', total: 360_000 } });
  });

  it('18 months stated explicitly needs no reason', () => {
    const [event] = given(base).when(propose({ termMonths: 18 })).events();
    expect(event).toMatchObject({ data: { termMonths: 18, termReason: null, total: 270_000 } });
  });

  it('PRO_RATA: one percentage for all claims', () => {
    const [event] = given(base).when(propose({ key: 'PRO_RATA' })).events();
    expect(event).toMatchObject({
      data: {
        key: 'PRO_RATA',
        offers: [
          { claimId: 'c-cjib', percentage: 25.714286, amount: 154_286 },
          { claimId: 'c-eneco', percentage: 25.714286, amount: 77_143 },
          { claimId: 'c-bd', percentage: 25.714286, amount: 38_571 },
        ],
      },
    });
  });

  it('only claims with an outstanding balance are in it', () => {
    const enecoPaid = [...base, history.paymentRecorded('c-eneco', 'ENECO', 300_000, '2025-03-01')];
    const [event] = given(enecoPaid).when(propose()).events();
    expect(event).toMatchObject({ data: { offers: [{ claimId: 'c-cjib' }, { claimId: 'c-bd' }] } });
  });

  it('a household without outstanding claims: VALIDATION_FAILED', () => {
    given(base.slice(0, 3)).when(propose()).thenThrows('VALIDATION_FAILED');
  });

  it.each([
    ['a creditor', CJIB],
    ['a counsellor without a mandate', otherCounsellor],
  ] as const)('not by %s: FORBIDDEN', (_who, actor) => {
    given(base).when(propose({}, actor)).thenThrows('FORBIDDEN');
  });

  it('one open arrangement at a time: ALREADY_EXISTS while one is proposed or active', () => {
    const proposed = play(base, propose());
    given(proposed).when(propose({ arrangementId: 'arr-2' })).thenThrows('ALREADY_EXISTS');
    const active = play(proposed, answer(CJIB, 'ACCEPT'), answer(ENECO, 'ACCEPT'), answer(BD, 'ACCEPT'));
    given(active).when(propose({ arrangementId: 'arr-2' })).thenThrows('ALREADY_EXISTS');
  });

  it('after a rejected or failed one a new one may be proposed', () => {
    const rejected = play(base, propose(), answer(ENECO, 'REJECT'));
    expect(given(rejected).when(propose({ arrangementId: 'arr-2' })).events().map((e) => e.type)).toEqual(['ArrangementProposed']);
    const failed = play(base, propose(), fail());
    expect(given(failed).when(propose({ arrangementId: 'arr-2' })).events().map((e) => e.type)).toEqual(['ArrangementProposed']);
  });
});

describe('AnswerArrangement', () => {
  /**
   * Before the proposal: collection by the three creditors in the arrangement, one ended
   * set-off, a withholding at source, and DUO, whose only claim is paid and so is not in it.
   */
  const collecting = [
    ...base,
    history.claimRegistered('c-duo', 'DUO', 40_000),
    setOff('m-cjib-s', 'CJIB', 'c-cjib', 20_000, '2025-02-01'),
    history.measureRegistered({ measureId: 'm-bd-g', creditorId: 'BELASTINGDIENST', kind: 'GARNISHMENT', claimIds: ['c-bd'], preferential: true, startsOn: '2025-02-01' }),
    history.measureRegistered({ measureId: 'm-bd-w', creditorId: 'BELASTINGDIENST', kind: 'WITHHOLDING_AT_SOURCE', claimIds: ['c-bd'], monthlyAmount: 5_000, startsOn: '2025-02-01' }),
    setOff('m-eneco-old', 'ENECO', 'c-eneco', 10_000, '2025-02-01', '2025-03-10'),
    history.measureRegistered({ measureId: 'm-eneco-p', creditorId: 'ENECO', kind: 'PAYMENT_PLAN', claimIds: ['c-eneco'], monthlyAmount: 10_000, startsOn: '2025-05-01' }),
    history.measureRegistered({ measureId: 'm-duo-g', creditorId: 'DUO', kind: 'GARNISHMENT', claimIds: ['c-duo'], startsOn: '2025-02-01' }),
    history.paymentRecorded('c-duo', 'DUO', 40_000, '2025-03-01'),
  ];
  const proposed = play(collecting, propose());

  it('ACCEPT by one of several creditors: ArrangementAnswered only', () => {
    const cmd = answer(CJIB, 'ACCEPT');
    given(proposed)
      .when(cmd)
      .then([{ type: 'ArrangementAnswered', v: 1, data: { arrangementId: 'arr-1', creditorId: 'CJIB', answer: 'ACCEPT' }, meta: metaOf(cmd, TODAY) }]);
  });

  it('REJECT: ArrangementAnswered and ArrangementRejected', () => {
    const cmd = answer(ENECO, 'REJECT');
    given(play(proposed, answer(CJIB, 'ACCEPT')))
      .when(cmd)
      .then([
        { type: 'ArrangementAnswered', v: 1, data: { arrangementId: 'arr-1', creditorId: 'ENECO', answer: 'REJECT' }, meta: metaOf(cmd, TODAY) },
        { type: 'ArrangementRejected', v: 1, data: { arrangementId: 'arr-1', rejectedBy: 'ENECO' }, meta: metaOf(cmd, TODAY) },
      ]);
  });

  it("the last ACCEPT activates it and ends those creditors' garnishments, set-offs and plans", () => {
    const twoAccepted = play(proposed, answer(CJIB, 'ACCEPT'), answer(ENECO, 'ACCEPT'));
    const cmd = answer(BD, 'ACCEPT');
    const reason = 'debt arrangement arr-1 activated';
    const events = given(twoAccepted)
      .when(cmd)
      .then([
        { type: 'ArrangementAnswered', v: 1, data: { arrangementId: 'arr-1', creditorId: 'BELASTINGDIENST', answer: 'ACCEPT' }, meta: metaOf(cmd, TODAY) },
        { type: 'ArrangementActivated', v: 1, data: { arrangementId: 'arr-1' }, meta: metaOf(cmd, '2025-04-01') },
        // Running measures end the day before the arrangement starts ...
        { type: 'MeasureEnded', v: 1, data: { measureId: 'm-cjib-s', reason }, meta: metaOf(cmd, '2025-03-31') },
        { type: 'MeasureEnded', v: 1, data: { measureId: 'm-bd-g', reason }, meta: metaOf(cmd, '2025-03-31') },
        // ... one that had not started yet ends before it starts. Withholding at source, a
        // measure already ended and DUO's garnishment (not in the arrangement) stay as they are.
        { type: 'MeasureEnded', v: 1, data: { measureId: 'm-eneco-p', reason }, meta: metaOf(cmd, '2025-04-30') },
      ]);
    const state = stateOf([...twoAccepted, ...events]);
    expect(state.arrangements.get('arr-1')!.status).toBe('ACTIVE');
    for (const id of ['c-cjib', 'c-eneco', 'c-bd']) expect(balanceStatus(state.claims.get(id)!)).toBe('IN_ARRANGEMENT');
    const check = capacityOn(factsOf(state), outstandingOfClaims(state), parameters, '2025-04-01');
    expect(check.allocations.map((a) => [a.measureId, a.monthly])).toEqual([
      ['m-duo-g', 0],
      ['m-bd-w', 5_000],
    ]);
  });

  it('a measure on a claim in an active arrangement is refused (VALIDATION_FAILED)', () => {
    const active = play(proposed, answer(CJIB, 'ACCEPT'), answer(ENECO, 'ACCEPT'), answer(BD, 'ACCEPT'));
    given(active).when(registerMeasure(CJIB, { kind: 'GARNISHMENT', claimIds: ['c-cjib'], startsOn: '2025-05-01' })).thenThrows('VALIDATION_FAILED');
  });

  it.each([
    ['a creditor without a claim in it', DUO],
    ['a counsellor', counsellor],
  ] as const)('not by %s: FORBIDDEN', (_who, actor) => {
    given(proposed).when(answer(actor, 'ACCEPT')).thenThrows('FORBIDDEN');
  });

  it('a second answer by the same creditor: VALIDATION_FAILED', () => {
    const answered = play(proposed, answer(CJIB, 'ACCEPT'));
    given(answered).when(answer(CJIB, 'REJECT')).thenThrows('VALIDATION_FAILED');
    given(answered).when(answer(CJIB, 'ACCEPT')).thenThrows('VALIDATION_FAILED');
  });

  it('an answer to a rejected arrangement: VALIDATION_FAILED', () => {
    const rejectedOne = play(proposed, answer(ENECO, 'REJECT'));
    given(rejectedOne).when(answer(CJIB, 'ACCEPT')).thenThrows('VALIDATION_FAILED');
  });

  // For a creditor an unknown arrangement refuses as one without an offer to it does (issue 11).
  it('an unknown arrangement is FORBIDDEN, as one without an offer to the creditor', () => {
    given(proposed).when(answer(CJIB, 'ACCEPT', 'arr-nope')).thenThrows('FORBIDDEN');
  });
});

describe('RecordArrangementPayment, CompleteArrangement, FailArrangement', () => {
  const active = play(base, propose(), answer(CJIB, 'ACCEPT'), answer(ENECO, 'ACCEPT'), answer(BD, 'ACCEPT'));
  const fullyPaid = play(active, pay('c-cjib', 100_000, '2026-06-30'), pay('c-cjib', 35_000), pay('c-eneco', 67_500), pay('c-bd', 67_500));

  it('a payment under the offer: ArrangementPaymentRecorded on its date', () => {
    const cmd = pay('c-eneco', 60_000);
    given(active)
      .when(cmd)
      .then([{ type: 'ArrangementPaymentRecorded', v: 1, data: { arrangementId: 'arr-1', claimId: 'c-eneco', amount: 60_000 }, meta: metaOf(cmd, '2026-09-30') }]);
  });

  it('more than the offer still pays on that claim: VALIDATION_FAILED', () => {
    given(active).when(pay('c-eneco', 67_501)).thenThrows('VALIDATION_FAILED');
    const part = play(active, pay('c-eneco', 60_000));
    given(part).when(pay('c-eneco', 7_501)).thenThrows('VALIDATION_FAILED');
    expect(given(part).when(pay('c-eneco', 7_500)).events()).toHaveLength(1);
  });

  it('a payment dated in the future, on a claim outside it, or by a creditor is refused', () => {
    given(active).when(pay('c-eneco', 1_000, '2026-10-02')).thenThrows('VALIDATION_FAILED');
    given(active).when(pay('c-nope', 1_000)).thenThrows('VALIDATION_FAILED');
    given(active).when(pay('c-eneco', 1_000, '2026-09-30', ENECO)).thenThrows('FORBIDDEN');
  });

  it('no payments while it is only proposed', () => {
    given(play(base, propose())).when(pay('c-eneco', 1_000)).thenThrows('VALIDATION_FAILED');
  });

  it('completion is refused while the offer is not fully paid', () => {
    given(active).when(complete()).thenThrows('VALIDATION_FAILED');
    const almost = play(active, pay('c-cjib', 135_000), pay('c-eneco', 67_500), pay('c-bd', 67_499));
    given(almost).when(complete()).thenThrows('VALIDATION_FAILED');
  });

  it('completion writes off what remains of every claim (finale kwijting)', () => {
    const cmd = complete();
    const events = given(fullyPaid)
      .when(cmd)
      .then([
        {
          type: 'ArrangementCompleted',
          v: 1,
          data: {
            arrangementId: 'arr-1',
            writeOffs: [
              { claimId: 'c-cjib', amount: 465_000 },
              { claimId: 'c-eneco', amount: 232_500 },
              { claimId: 'c-bd', amount: 82_500 },
            ],
          },
          meta: metaOf(cmd, '2026-09-30'),
        },
      ]);
    const state = stateOf([...fullyPaid, ...events]);
    expect(state.arrangements.get('arr-1')!.status).toBe('COMPLETED');
    for (const id of ['c-cjib', 'c-eneco', 'c-bd']) {
      const claim = state.claims.get(id)!;
      expect(outstanding(claim)).toBe(0);
      expect(claim.arrangementId).toBeNull();
      expect(balanceStatus(claim)).toBe('WRITTEN_OFF');
    }
  });

  it('a claim paid in full under the offer is settled, not written off', () => {
    // €350 × 18 = €6,300: the preferential claim reaches 100%.
    const generous = play(base, propose({ monthlyCapacity: 35_000 }), answer(CJIB, 'ACCEPT'), answer(ENECO, 'ACCEPT'), answer(BD, 'ACCEPT'));
    const paid = play(generous, pay('c-cjib', 320_000), pay('c-eneco', 160_000), pay('c-bd', 150_000));
    const [event] = given(paid).when(complete()).events();
    expect(event).toMatchObject({
      type: 'ArrangementCompleted',
      data: { writeOffs: [{ claimId: 'c-cjib', amount: 280_000 }, { claimId: 'c-eneco', amount: 140_000 }] },
    });
    const state = stateOf([...paid, event!]);
    expect(balanceStatus(state.claims.get('c-bd')!)).toBe('SETTLED');
    expect(balanceStatus(state.claims.get('c-cjib')!)).toBe('WRITTEN_OFF');
  });

  it('failing an active arrangement puts its claims back to OPEN', () => {
    const cmd = fail();
    const events = given(active)
      .when(cmd)
      .then([{ type: 'ArrangementFailed', v: 1, data: { arrangementId: 'arr-1', reason: 'income lost' }, meta: metaOf(cmd, TODAY) }]);
    const state = stateOf([...active, ...events]);
    expect(state.arrangements.get('arr-1')!.status).toBe('FAILED');
    for (const id of ['c-cjib', 'c-eneco', 'c-bd']) expect(balanceStatus(state.claims.get(id)!)).toBe('OPEN');
  });

  it('a proposed arrangement can fail; a rejected or completed one cannot; a creditor cannot fail it', () => {
    expect(given(play(base, propose())).when(fail()).events().map((e) => e.type)).toEqual(['ArrangementFailed']);
    given(play(base, propose(), answer(CJIB, 'REJECT'))).when(fail()).thenThrows('VALIDATION_FAILED');
    given(play(fullyPaid, complete())).when(fail()).thenThrows('VALIDATION_FAILED');
    given(active).when(fail(CJIB)).thenThrows('FORBIDDEN');
  });
});

describe('idempotency: the same organisation and commandId again stores nothing', () => {
  it('RegisterMeasure, even when the repeat would now be refused', () => {
    const first = registerMeasure(CJIB, { kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 100_000 }, 'k-1');
    const after = play(base, first);
    given(after).when(first).thenNothing();
    // The same command sent again: same payload, so also the same measure id (the API derives it
    // from the command id); a repeat with another payload is COMMAND_ID_REUSED (issue 11).
    given(after)
      .when(registerMeasure(CJIB, { measureId: first.data.measureId, kind: 'SET_OFF', claimIds: ['c-cjib'], monthlyAmount: 100_000 }, 'k-1'))
      .thenNothing();
    // Another organisation's command with the same id is its own command.
    given(after)
      .when(registerMeasure(ENECO, { kind: 'SET_OFF', claimIds: ['c-eneco'], monthlyAmount: 1 }, 'k-1'))
      .thenThrows('CAPACITY_EXCEEDED', { available: 0 });
  });

  it('StartMoratorium, ProposeArrangement and AnswerArrangement', () => {
    const moratorium = command('StartMoratorium', counsellor, { moratoriumId: 'mor-1', startsOn: '2025-04-01', endsOn: '2025-06-30', reason: 'r' }, { commandId: 'k-m' });
    given(play(base, moratorium)).when(moratorium).thenNothing();
    const proposal = propose({}, counsellor, 'k-p');
    const proposed = play(base, proposal);
    given(proposed).when(proposal).thenNothing();
    const accept = answer(CJIB, 'ACCEPT', 'arr-1', 'k-a');
    given(play(proposed, accept)).when(accept).thenNothing();
  });

  it('the last ACCEPT, with its activation and ended measures, is not repeated', () => {
    const collecting = [...base, setOff('m-s', 'CJIB', 'c-cjib', 20_000, '2025-02-01')];
    const last = answer(BD, 'ACCEPT', 'arr-1', 'k-last');
    const active = play(collecting, propose(), answer(CJIB, 'ACCEPT'), answer(ENECO, 'ACCEPT'), last);
    expect(active.slice(-3).map((e) => e.type)).toEqual(['ArrangementAnswered', 'ArrangementActivated', 'MeasureEnded']);
    given(active).when(last).thenNothing();
  });
});
