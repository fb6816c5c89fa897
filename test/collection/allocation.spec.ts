import { describe, expect, it } from 'vitest';
import { allocate, type MeasureFacts } from '../../domain/allocation.js';
import { capacityOn, changeDates, type CollectionFacts } from '../../domain/capacity.js';
import { addDays, type BusinessDate } from '../../domain/dates.js';
import {
  balances,
  collectionFacts,
  incomeFact,
  measure,
  moratoriumFact,
  officialFact,
  parameters,
  seeded,
  type Random,
} from './support.js';

/**
 * Coordinated collection, policy §4: how the attachable room on a date is divided over the
 * measures, by the pure `allocate` and `capacityOn`.
 */

const monthly = (result: { allocations: Array<{ measureId: string; monthly: number }> }) =>
  Object.fromEntries(result.allocations.map((a) => [a.measureId, a.monthly]));

const coordinators = (result: { allocations: Array<{ measureId: string; coordinator: boolean }> }) =>
  result.allocations.filter((a) => a.coordinator).map((a) => a.measureId);

/** Income €2,500 a month with an official protected income of €1,500: €1,000 attachable from 2025-01-01. */
function roomOf100000(measures: MeasureFacts[], extra: Partial<CollectionFacts> = {}): CollectionFacts {
  return collectionFacts({
    incomes: [incomeFact(250_000, '2025-01-01', 1)],
    protectedIncomes: [officialFact(150_000, '2025-01-01', 2)],
    measures,
    ...extra,
  });
}

describe('allocate: the order in which measures take the room', () => {
  it('set-offs first, then payment plans, then garnishments, whatever the registration order', () => {
    const plan = measure({ measureId: 'plan', kind: 'PAYMENT_PLAN', monthlyAmount: 20_000 });
    const garnishment = measure({ measureId: 'garn', kind: 'GARNISHMENT' });
    const setOff = measure({ measureId: 'setoff', kind: 'SET_OFF', monthlyAmount: 40_000 });
    const result = allocate(70_000, [garnishment, plan, setOff], balances({ garn: 1_000_000 }), false);
    expect(result.allocations.map((a) => [a.measureId, a.kind, a.monthly])).toEqual([
      ['setoff', 'SET_OFF', 40_000],
      ['plan', 'PAYMENT_PLAN', 20_000],
      ['garn', 'GARNISHMENT', 10_000],
    ]);
    expect(result.committed).toBe(70_000);
    expect(result.overcommitted).toEqual([]);
  });

  it('a plan registered before a set-off still comes after it: with too little room the plan is the one short', () => {
    const plan = measure({ measureId: 'plan', kind: 'PAYMENT_PLAN', monthlyAmount: 20_000 });
    const setOff = measure({ measureId: 'setoff', kind: 'SET_OFF', monthlyAmount: 40_000 });
    const garnishment = measure({ measureId: 'garn', kind: 'GARNISHMENT' });
    const result = allocate(50_000, [plan, setOff, garnishment], balances({ garn: 1_000_000 }), false);
    expect(monthly(result)).toEqual({ setoff: 40_000, plan: 10_000, garn: 0 });
    expect(result.overcommitted).toEqual(['plan']);
    expect(result.committed).toBe(50_000);
  });

  it('set-offs among themselves go in registration order', () => {
    const first = measure({ measureId: 's1', kind: 'SET_OFF', monthlyAmount: 30_000 });
    const second = measure({ measureId: 's2', kind: 'SET_OFF', monthlyAmount: 30_000 });
    const result = allocate(50_000, [second, first], balances({}), false);
    expect(monthly(result)).toEqual({ s1: 30_000, s2: 20_000 });
    expect(result.overcommitted).toEqual(['s2']);
  });

  it('preferential garnishments go first, oldest start first, each up to the outstanding balance of its claims', () => {
    const younger = measure({ measureId: 'prefA', kind: 'GARNISHMENT', preferential: true, startsOn: '2025-05-01' });
    const older = measure({ measureId: 'prefB', kind: 'GARNISHMENT', preferential: true, startsOn: '2025-04-01' });
    const concurrent = measure({ measureId: 'conc', kind: 'GARNISHMENT', startsOn: '2025-03-01' });
    const result = allocate(30_000, [younger, older, concurrent], balances({ prefA: 50_000, prefB: 20_000, conc: 100_000 }), false);
    expect(monthly(result)).toEqual({ prefB: 20_000, prefA: 10_000, conc: 0 });
    // The oldest garnishment coordinates, whatever its rank.
    expect(coordinators(result)).toEqual(['conc']);
    expect(result.committed).toBe(30_000);
  });

  it('preferential garnishments that start on the same day go in registration order', () => {
    const first = measure({ measureId: 'p1', kind: 'GARNISHMENT', preferential: true, startsOn: '2025-04-01' });
    const second = measure({ measureId: 'p2', kind: 'GARNISHMENT', preferential: true, startsOn: '2025-04-01' });
    const result = allocate(30_000, [second, first], balances({ p1: 50_000, p2: 50_000 }), false);
    expect(monthly(result)).toEqual({ p1: 30_000, p2: 0 });
    expect(coordinators(result)).toEqual(['p1']);
  });

  it('a preferential garnishment that reaches its balance leaves the rest to the next and then to the concurrent ones', () => {
    const a = measure({ measureId: 'a', kind: 'GARNISHMENT', preferential: true });
    const b = measure({ measureId: 'b', kind: 'GARNISHMENT', preferential: true });
    const c = measure({ measureId: 'c', kind: 'GARNISHMENT' });
    const result = allocate(100_000, [a, b, c], balances({ a: 20_000, b: 30_000, c: 100_000 }), false);
    expect(monthly(result)).toEqual({ a: 20_000, b: 30_000, c: 50_000 });
    expect(result.committed).toBe(100_000);
  });

  it('a preferential garnishment covering several claims is capped at their summed balance', () => {
    const g = measure({ measureId: 'g', kind: 'GARNISHMENT', preferential: true, claimIds: ['tax-2023', 'tax-2024'] });
    const result = allocate(100_000, [g], balances({ 'tax-2023': 12_345, 'tax-2024': 20_000 }), false);
    expect(monthly(result)).toEqual({ g: 32_345 });
  });
});

describe('allocate: concurrent garnishments share pro rata by outstanding balance (largest remainder)', () => {
  it('€100 over balances €1,000 / €500 / €250 gives 5714 + 2857 + 1429 = 10000 cents', () => {
    const g1 = measure({ measureId: 'g1', kind: 'GARNISHMENT' });
    const g2 = measure({ measureId: 'g2', kind: 'GARNISHMENT' });
    const g3 = measure({ measureId: 'g3', kind: 'GARNISHMENT' });
    const result = allocate(10_000, [g1, g2, g3], balances({ g1: 100_000, g2: 50_000, g3: 25_000 }), false);
    // Exact shares 5714.29, 2857.14, 1428.57: the largest remainder (.57) gets the last cent.
    expect(monthly(result)).toEqual({ g1: 5_714, g2: 2_857, g3: 1_429 });
    expect(result.committed).toBe(10_000);
  });

  it('the same split after the fixed measures have taken their part', () => {
    const s = measure({ measureId: 's', kind: 'SET_OFF', monthlyAmount: 90_000 });
    const g1 = measure({ measureId: 'g1', kind: 'GARNISHMENT' });
    const g2 = measure({ measureId: 'g2', kind: 'GARNISHMENT' });
    const g3 = measure({ measureId: 'g3', kind: 'GARNISHMENT' });
    const result = allocate(100_000, [s, g1, g2, g3], balances({ g1: 100_000, g2: 50_000, g3: 25_000 }), false);
    expect(monthly(result)).toEqual({ s: 90_000, g1: 5_714, g2: 2_857, g3: 1_429 });
  });

  it('a tie on the remainder goes to the earliest registered garnishment', () => {
    const late = measure({ measureId: 'g-a', kind: 'GARNISHMENT', order: 5 });
    const early = measure({ measureId: 'g-b', kind: 'GARNISHMENT', order: 3 });
    const middle = measure({ measureId: 'g-c', kind: 'GARNISHMENT', order: 4 });
    const result = allocate(100, [late, early, middle], balances({ 'g-a': 30_000, 'g-b': 30_000, 'g-c': 30_000 }), false);
    expect(monthly(result)).toEqual({ 'g-a': 33, 'g-b': 34, 'g-c': 33 });
  });

  it('two cents over three equal balances go to the two earliest registered', () => {
    const a = measure({ measureId: 'x', kind: 'GARNISHMENT', order: 2 });
    const b = measure({ measureId: 'y', kind: 'GARNISHMENT', order: 0 });
    const c = measure({ measureId: 'z', kind: 'GARNISHMENT', order: 1 });
    const result = allocate(2, [a, b, c], balances({ x: 500, y: 500, z: 500 }), false);
    expect(monthly(result)).toEqual({ x: 0, y: 1, z: 1 });
  });

  it('with the same registration order, the smallest id wins the tie', () => {
    const b = measure({ measureId: 'g-b', kind: 'GARNISHMENT', order: 7 });
    const a = measure({ measureId: 'g-a', kind: 'GARNISHMENT', order: 7 });
    const c = measure({ measureId: 'g-c', kind: 'GARNISHMENT', order: 7 });
    const result = allocate(100, [b, c, a], balances({ 'g-a': 30_000, 'g-b': 30_000, 'g-c': 30_000 }), false);
    expect(monthly(result)).toEqual({ 'g-a': 34, 'g-b': 33, 'g-c': 33 });
  });

  it('when the pool covers every balance, each garnishment gets its balance and the rest stays unallocated', () => {
    const g1 = measure({ measureId: 'g1', kind: 'GARNISHMENT' });
    const g2 = measure({ measureId: 'g2', kind: 'GARNISHMENT' });
    const result = allocate(100_000, [g1, g2], balances({ g1: 20_000, g2: 30_000 }), false);
    expect(monthly(result)).toEqual({ g1: 20_000, g2: 30_000 });
    expect(result.committed).toBe(50_000);
  });

  it('a pool exactly the size of the balances pays each in full', () => {
    const g1 = measure({ measureId: 'g1', kind: 'GARNISHMENT' });
    const g2 = measure({ measureId: 'g2', kind: 'GARNISHMENT' });
    const result = allocate(50_000, [g1, g2], balances({ g1: 20_000, g2: 30_000 }), false);
    expect(monthly(result)).toEqual({ g1: 20_000, g2: 30_000 });
  });

  it('one cent short of the balances: pro rata, never above a balance', () => {
    const g1 = measure({ measureId: 'g1', kind: 'GARNISHMENT' });
    const g2 = measure({ measureId: 'g2', kind: 'GARNISHMENT' });
    const result = allocate(49_999, [g1, g2], balances({ g1: 20_000, g2: 30_000 }), false);
    // Exact 19999.6 and 29999.4: the larger remainder (.6) gets the last cent.
    expect(monthly(result)).toEqual({ g1: 20_000, g2: 29_999 });
  });

  it('a garnishment on a paid-off claim gets nothing', () => {
    const g1 = measure({ measureId: 'g1', kind: 'GARNISHMENT' });
    const g2 = measure({ measureId: 'g2', kind: 'GARNISHMENT' });
    const result = allocate(10_000, [g1, g2], balances({ g1: 0, g2: 30_000 }), false);
    expect(monthly(result)).toEqual({ g1: 0, g2: 10_000 });
  });
});

describe('allocate: the coordinator', () => {
  it('is the oldest active garnishment (by start, then registration) and only that one', () => {
    const setOff = measure({ measureId: 's', kind: 'SET_OFF', monthlyAmount: 1_000, startsOn: '2024-06-01' });
    const g1 = measure({ measureId: 'g1', kind: 'GARNISHMENT', startsOn: '2025-03-01' });
    const g2 = measure({ measureId: 'g2', kind: 'GARNISHMENT', startsOn: '2025-02-01' });
    const g3 = measure({ measureId: 'g3', kind: 'GARNISHMENT', startsOn: '2025-02-01', preferential: true });
    const result = allocate(50_000, [setOff, g1, g2, g3], balances({ g1: 10_000, g2: 10_000, g3: 10_000 }), false);
    expect(coordinators(result)).toEqual(['g2']);
    expect(result.allocations.find((a) => a.measureId === 'g2')!.creditorId).toBe('CRED-g2');
  });

  it('without garnishments nobody coordinates', () => {
    const setOff = measure({ measureId: 's', kind: 'SET_OFF', monthlyAmount: 1_000 });
    const plan = measure({ measureId: 'p', kind: 'PAYMENT_PLAN', monthlyAmount: 1_000 });
    expect(coordinators(allocate(50_000, [setOff, plan], balances({}), false))).toEqual([]);
  });

  it('passes to the next oldest garnishment once the oldest has ended (capacityOn)', () => {
    const oldest = measure({ measureId: 'old', kind: 'GARNISHMENT', startsOn: '2025-02-01', endsOn: '2025-04-30' });
    const next = measure({ measureId: 'next', kind: 'GARNISHMENT', startsOn: '2025-03-01' });
    const facts = roomOf100000([oldest, next]);
    const outstanding = balances({ old: 500_000, next: 500_000 });
    expect(coordinators(capacityOn(facts, outstanding, parameters, '2025-04-30'))).toEqual(['old']);
    expect(coordinators(capacityOn(facts, outstanding, parameters, '2025-05-01'))).toEqual(['next']);
  });
});

describe('withholding at source lies outside the room (capacityOn)', () => {
  it('is recorded as withheldAtSource and takes nothing from the room', () => {
    const withholding = measure({ measureId: 'cak', kind: 'WITHHOLDING_AT_SOURCE', monthlyAmount: 20_000 });
    const garnishment = measure({ measureId: 'g', kind: 'GARNISHMENT' });
    const check = capacityOn(roomOf100000([withholding, garnishment]), balances({ g: 500_000 }), parameters, '2025-03-01');
    expect(check.attachable).toBe(100_000);
    expect(check.withheldAtSource).toBe(20_000);
    expect(monthly(check)).toEqual({ g: 100_000, cak: 20_000 });
    expect(check.committed).toBe(100_000);
    expect(check.remaining).toBe(0);
    // €2,500 − €200 withheld − €1,000 committed = €1,300 < €1,500 protected.
    expect(check.flags).toEqual(['PROTECTED_INCOME_UNDERCUT']);
  });

  it('PROTECTED_INCOME_UNDERCUT only when income − withholding − committed falls below the protected income', () => {
    const withholding = measure({ measureId: 'cak', kind: 'WITHHOLDING_AT_SOURCE', monthlyAmount: 20_000 });
    const fits = measure({ measureId: 's', kind: 'SET_OFF', monthlyAmount: 80_000 });
    // 250000 − 20000 − 80000 = 150000: exactly the protected income, not below it.
    const atTheLine = capacityOn(roomOf100000([withholding, fits]), balances({}), parameters, '2025-03-01');
    expect(atTheLine.committed).toBe(80_000);
    expect(atTheLine.flags).toEqual([]);

    const oneMore = measure({ measureId: 's', kind: 'SET_OFF', monthlyAmount: 80_001 });
    const below = capacityOn(roomOf100000([withholding, oneMore]), balances({}), parameters, '2025-03-01');
    expect(below.flags).toEqual(['PROTECTED_INCOME_UNDERCUT']);
  });

  it('without any withholding the flag never shows, even with the room fully committed', () => {
    const setOff = measure({ measureId: 's', kind: 'SET_OFF', monthlyAmount: 100_000 });
    const check = capacityOn(roomOf100000([setOff]), balances({}), parameters, '2025-03-01');
    expect(check.committed).toBe(100_000);
    expect(check.flags).toEqual([]);
  });
});

describe('a later fact that shrinks the room (policy §4 invariant)', () => {
  const setOff = measure({ measureId: 'setoff', kind: 'SET_OFF', monthlyAmount: 20_000 });
  const plan = measure({ measureId: 'plan', kind: 'PAYMENT_PLAN', monthlyAmount: 30_000 });
  const garnishment = measure({ measureId: 'garn', kind: 'GARNISHMENT' });
  const outstanding = balances({ garn: 500_000 });

  it('lower income: garnishments drop to 0 first and OVERCOMMITTED names the plan that no longer fits', () => {
    const facts = collectionFacts({
      incomes: [incomeFact(250_000, '2025-01-01', 1), incomeFact(180_000, '2025-06-01', 3)],
      protectedIncomes: [officialFact(150_000, '2025-01-01', 2)],
      measures: [setOff, plan, garnishment],
    });
    const before = capacityOn(facts, outstanding, parameters, '2025-05-31');
    expect(before.attachable).toBe(100_000);
    expect(monthly(before)).toEqual({ setoff: 20_000, plan: 30_000, garn: 50_000 });
    expect(before.flags).toEqual([]);
    expect(before.overcommitted).toEqual([]);

    const after = capacityOn(facts, outstanding, parameters, '2025-06-01');
    // €1,800 income, the official €1,500 (stale but inside [floor, cap]) leaves €300.
    expect(after.protectedIncome).toBe(150_000);
    expect(after.attachable).toBe(30_000);
    expect(monthly(after)).toEqual({ setoff: 20_000, plan: 10_000, garn: 0 });
    expect(after.committed).toBe(30_000);
    expect(after.remaining).toBe(0);
    expect(after.overcommitted).toEqual(['plan']);
    expect(after.flags).toEqual(['PROTECTED_INCOME_STALE', 'OVERCOMMITTED']);
  });

  it('a higher official protected income: the same, and a set-off that alone exceeds the room is named too', () => {
    const bigSetOff = measure({ measureId: 'big', kind: 'SET_OFF', monthlyAmount: 40_000 });
    const facts = collectionFacts({
      incomes: [incomeFact(250_000, '2025-01-01', 1)],
      protectedIncomes: [officialFact(150_000, '2025-01-01', 2), officialFact(220_000, '2025-06-01', 3)],
      measures: [bigSetOff, plan, garnishment],
    });
    const after = capacityOn(facts, outstanding, parameters, '2025-06-01');
    expect(after.attachable).toBe(30_000);
    expect(monthly(after)).toEqual({ big: 30_000, plan: 0, garn: 0 });
    expect(after.committed).toBe(30_000);
    expect(after.overcommitted).toEqual(['big', 'plan']);
    expect(after.flags).toEqual(['OVERCOMMITTED']);
  });

  it('income gone: no room, every set-off and plan named, nothing committed', () => {
    const facts = collectionFacts({
      incomes: [incomeFact(250_000, '2025-01-01', 1), incomeFact(0, '2025-06-01', 3)],
      protectedIncomes: [officialFact(150_000, '2025-01-01', 2)],
      measures: [setOff, plan, garnishment],
    });
    const after = capacityOn(facts, outstanding, parameters, '2025-06-01');
    expect(after.attachable).toBe(0);
    expect(after.committed).toBe(0);
    expect(after.overcommitted).toEqual(['setoff', 'plan']);
  });
});

describe('moratorium', () => {
  const setOff = measure({ measureId: 'setoff', kind: 'SET_OFF', monthlyAmount: 20_000 });
  const plan = measure({ measureId: 'plan', kind: 'PAYMENT_PLAN', monthlyAmount: 30_000 });
  const garnishment = measure({ measureId: 'garn', kind: 'GARNISHMENT', preferential: true });
  const concurrent = measure({ measureId: 'conc', kind: 'GARNISHMENT' });
  const withholding = measure({ measureId: 'cak', kind: 'WITHHOLDING_AT_SOURCE', monthlyAmount: 15_000 });
  const outstanding = balances({ garn: 10_000, conc: 500_000 });

  it('allocate: every allocation 0 (withholding at source still withheld)', () => {
    const result = allocate(100_000, [setOff, plan, garnishment, concurrent, withholding], outstanding, true);
    expect(monthly(result)).toEqual({ setoff: 0, plan: 0, garn: 0, conc: 0, cak: 15_000 });
    expect(result.committed).toBe(0);
    expect(result.withheldAtSource).toBe(15_000);
    expect(result.overcommitted).toEqual([]);
  });

  it('capacityOn: inside the moratorium (its last day included) 0 and MORATORIUM_ACTIVE, the day after back to normal', () => {
    const facts = roomOf100000([setOff, plan, garnishment, concurrent, withholding], {
      moratoria: [moratoriumFact('2025-04-01', '2025-05-15')],
    });
    for (const on of ['2025-04-01', '2025-05-15']) {
      const inside = capacityOn(facts, outstanding, parameters, on);
      expect(monthly(inside)).toEqual({ setoff: 0, plan: 0, garn: 0, conc: 0, cak: 15_000 });
      expect(inside.committed).toBe(0);
      expect(inside.remaining).toBe(100_000);
      expect(inside.flags).toEqual(['MORATORIUM_ACTIVE']);
    }
    const after = capacityOn(facts, outstanding, parameters, '2025-05-16');
    expect(monthly(after)).toEqual({ setoff: 20_000, plan: 30_000, garn: 10_000, conc: 40_000, cak: 15_000 });
    expect(after.committed).toBe(100_000);
    expect(after.flags).toEqual(['PROTECTED_INCOME_UNDERCUT']);
    const dayBefore = capacityOn(facts, outstanding, parameters, '2025-03-31');
    expect(dayBefore.committed).toBe(100_000);
  });
});

describe('measures count only inside their start/end window', () => {
  const setOff = measure({ measureId: 's', kind: 'SET_OFF', monthlyAmount: 30_000, startsOn: '2025-04-01', endsOn: '2025-06-30' });
  const garnishment = measure({ measureId: 'g', kind: 'GARNISHMENT', startsOn: '2025-05-01' });
  const facts = roomOf100000([setOff, garnishment]);
  const outstanding = balances({ g: 1_000_000 });

  it.each([
    ['2025-03-31', {}, 0],
    ['2025-04-01', { s: 30_000 }, 30_000],
    ['2025-04-30', { s: 30_000 }, 30_000],
    ['2025-05-01', { s: 30_000, g: 70_000 }, 100_000],
    ['2025-06-30', { s: 30_000, g: 70_000 }, 100_000],
    ['2025-07-01', { g: 100_000 }, 100_000],
  ] as const)('on %s', (on, expected, committed) => {
    const check = capacityOn(facts, outstanding, parameters, on);
    expect(monthly(check)).toEqual(expected);
    expect(check.committed).toBe(committed);
    expect(check.remaining).toBe(100_000 - committed);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: committed ≤ attachable, for random households on every date the room can change.

const kinds = ['SET_OFF', 'PAYMENT_PLAN', 'GARNISHMENT', 'WITHHOLDING_AT_SOURCE'] as const;

function randomDate(random: Random): BusinessDate {
  return addDays('2025-01-01', random.int(0, 540));
}

function randomScenario(random: Random): { facts: CollectionFacts; outstanding: (ids: readonly string[]) => number } {
  let seq = 0;
  const incomes = Array.from({ length: random.int(1, 4) }, (_, i) =>
    incomeFact(random.bool(0.1) ? 0 : random.int(50_000, 400_000), i === 0 ? '2025-01-01' : randomDate(random), ++seq),
  );
  const protectedIncomes = Array.from({ length: random.int(0, 2) }, () => officialFact(random.int(100_000, 300_000), randomDate(random), ++seq));
  const claimBalances: Record<string, number> = {};
  const measures: MeasureFacts[] = Array.from({ length: random.int(0, 10) }, (_, order) => {
    const kind = random.pick(kinds);
    const startsOn = randomDate(random);
    const claimIds = Array.from({ length: random.int(1, 3) }, (_, k) => `c${order}-${k}`);
    for (const id of claimIds) claimBalances[id] = random.bool(0.1) ? 0 : random.int(1, 800_000);
    return {
      measureId: `m${order}`,
      creditorId: `CRED-${random.int(0, 4)}`,
      kind,
      claimIds,
      monthlyAmount: kind === 'GARNISHMENT' ? 0 : random.int(1, 80_000),
      preferential: random.bool(0.3),
      startsOn,
      endsOn: random.bool(0.3) ? addDays(startsOn, random.int(0, 200)) : null,
      order,
    };
  });
  const moratoria = random.bool(0.3) ? [moratoriumFact(randomDate(random), randomDate(random))].filter((m) => m.startsOn <= m.endsOn) : [];
  return {
    facts: collectionFacts({ incomes, protectedIncomes, measures, moratoria }),
    outstanding: balances(claimBalances),
  };
}

describe('invariant: set-offs + plans + garnishment allocations ≤ attachable room (seeded random households)', () => {
  it('holds for 300 random households on every date where the room can change', () => {
    const random = seeded(20250320);
    let datesChecked = 0;
    let overcommittedSeen = 0;
    let moratoriumSeen = 0;
    for (let scenario = 0; scenario < 300; scenario++) {
      const { facts, outstanding } = randomScenario(random);
      const dates = changeDates(facts, parameters, '2025-01-01', '2026-12-31');
      for (const on of dates) {
        const check = capacityOn(facts, outstanding, parameters, on);
        datesChecked += 1;
        const context = `scenario ${scenario} on ${on}`;
        expect(check.committed, context).toBeLessThanOrEqual(check.attachable);
        expect(check.remaining, context).toBe(check.attachable - check.committed);
        const active = facts.measures.filter((m) => m.startsOn <= on && (m.endsOn === null || on <= m.endsOn));
        expect(check.allocations.map((a) => a.measureId).sort(), context).toEqual(active.map((m) => m.measureId).sort());
        const byId = new Map(active.map((m) => [m.measureId, m]));
        for (const a of check.allocations) {
          const m = byId.get(a.measureId)!;
          expect(a.monthly, context).toBeGreaterThanOrEqual(0);
          if (m.kind === 'SET_OFF' || m.kind === 'PAYMENT_PLAN') expect(a.monthly, context).toBeLessThanOrEqual(m.monthlyAmount);
          if (m.kind === 'GARNISHMENT') expect(a.monthly, context).toBeLessThanOrEqual(outstanding(m.claimIds));
          if (m.kind === 'WITHHOLDING_AT_SOURCE') expect(a.monthly, context).toBe(m.monthlyAmount);
        }
        const garnishments = check.allocations.filter((a) => a.kind === 'GARNISHMENT');
        const fixed = check.allocations.filter((a) => a.kind === 'SET_OFF' || a.kind === 'PAYMENT_PLAN');
        const inMoratorium = check.flags.includes('MORATORIUM_ACTIVE');
        if (inMoratorium) {
          moratoriumSeen += 1;
          expect(check.committed, context).toBe(0);
        } else if (check.overcommitted.length > 0) {
          overcommittedSeen += 1;
          expect(check.flags, context).toContain('OVERCOMMITTED');
          expect(garnishments.every((g) => g.monthly === 0), context).toBe(true);
          // Every named measure is short; every other fixed measure got its amount.
          for (const f of fixed) {
            const short = f.monthly < byId.get(f.measureId)!.monthlyAmount;
            expect(check.overcommitted.includes(f.measureId), context).toBe(short);
          }
        } else {
          expect(check.flags, context).not.toContain('OVERCOMMITTED');
          for (const f of fixed) expect(f.monthly, context).toBe(byId.get(f.measureId)!.monthlyAmount);
          // The garnishments take what is left, up to what their claims still owe.
          const pool = check.attachable - fixed.reduce((s, f) => s + f.monthly, 0);
          const owed = active.filter((m) => m.kind === 'GARNISHMENT').reduce((s, m) => s + outstanding(m.claimIds), 0);
          expect(garnishments.reduce((s, g) => s + g.monthly, 0), context).toBe(Math.min(pool, owed));
        }
        const coordinating = check.allocations.filter((a) => a.coordinator);
        expect(coordinating.length, context).toBe(garnishments.length > 0 ? 1 : 0);
        if (coordinating.length === 1) expect(coordinating[0]!.kind, context).toBe('GARNISHMENT');
      }
    }
    // The generator reaches the interesting cases.
    expect(datesChecked).toBeGreaterThan(2_000);
    expect(overcommittedSeen).toBeGreaterThan(20);
    expect(moratoriumSeen).toBeGreaterThan(20);
  });

  it('allocate never commits more than the room it is given (500 random measure sets)', () => {
    const random = seeded(4242);
    for (let scenario = 0; scenario < 500; scenario++) {
      const room = random.bool(0.1) ? 0 : random.int(1, 300_000);
      const claimBalances: Record<string, number> = {};
      const measures: MeasureFacts[] = Array.from({ length: random.int(1, 12) }, (_, order) => {
        const kind = random.pick(kinds);
        claimBalances[`m${order}:claim`] = random.int(0, 500_000);
        return measure({
          measureId: `m${order}`,
          kind,
          monthlyAmount: kind === 'GARNISHMENT' ? 0 : random.int(1, 60_000),
          preferential: random.bool(0.3),
          startsOn: randomDate(random),
          order,
        });
      });
      const moratorium = random.bool(0.1);
      const result = allocate(room, measures, balances(claimBalances), moratorium);
      expect(result.committed, `scenario ${scenario}`).toBeLessThanOrEqual(room);
      expect(result.committed).toBe(result.allocations.filter((a) => a.kind !== 'WITHHOLDING_AT_SOURCE').reduce((s, a) => s + a.monthly, 0));
      if (moratorium) expect(result.committed).toBe(0);
    }
  });
});
