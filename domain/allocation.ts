import type { BusinessDate } from './dates.js';
import { distributeLargestRemainder, type Cents } from './money.js';

/**
 * Coordinated collection (samenloop), policy §4: how the attachable room on a date is divided
 * over the measures that take money each month. Pure; the invariant
 * set-offs + plans + garnishment allocations ≤ attachable room is asserted on every result.
 */
export const measureKinds = ['SET_OFF', 'PAYMENT_PLAN', 'GARNISHMENT', 'WITHHOLDING_AT_SOURCE'] as const;
export type MeasureKind = (typeof measureKinds)[number];

export interface MeasureFacts {
  measureId: string;
  creditorId: string;
  kind: MeasureKind;
  claimIds: string[];
  /** Fixed monthly amount; 0 for a garnishment (the ledger allocates it). */
  monthlyAmount: Cents;
  /** All claims it collects are preferential (a measure collects claims of one rank). */
  preferential: boolean;
  startsOn: BusinessDate;
  /** Last day it applies; null while open-ended. */
  endsOn: BusinessDate | null;
  /** Registration order in the household. */
  order: number;
}

export interface Allocation {
  measureId: string;
  kind: MeasureKind;
  creditorId: string;
  monthly: Cents;
  coordinator: boolean;
}

export interface AllocationResult {
  allocations: Allocation[];
  /** Set-offs + plans + garnishment allocations. */
  committed: Cents;
  withheldAtSource: Cents;
  /** Set-offs and plans whose fixed amounts no longer fit the room (after later facts). */
  overcommitted: string[];
}

export function isActiveOn(measure: Pick<MeasureFacts, 'startsOn' | 'endsOn'>, date: BusinessDate): boolean {
  return measure.startsOn <= date && (measure.endsOn === null || date <= measure.endsOn);
}

function byAge(a: MeasureFacts, b: MeasureFacts): number {
  if (a.startsOn !== b.startsOn) return a.startsOn < b.startsOn ? -1 : 1;
  return a.order - b.order;
}

/**
 * Divides the room: set-offs first, then payment plans (registration order), then
 * garnishments: preferential ones oldest first, each up to the outstanding balance of its
 * claims; the rest pro rata by outstanding balance, capped at it (largest remainder).
 * Withholding at source is outside the room. During a moratorium nothing is allocated.
 */
export function allocate(
  room: Cents,
  measures: readonly MeasureFacts[],
  outstandingOf: (claimIds: readonly string[]) => Cents,
  moratoriumActive: boolean,
): AllocationResult {
  const allocations = new Map<string, Cents>();
  const overcommitted: string[] = [];
  let left = room;

  const fixed = [...measures.filter((m) => m.kind === 'SET_OFF'), ...measures.filter((m) => m.kind === 'PAYMENT_PLAN')];
  fixed.sort((a, b) => (a.kind === b.kind ? a.order - b.order : a.kind === 'SET_OFF' ? -1 : 1));
  for (const m of fixed) {
    const wanted = moratoriumActive ? 0 : m.monthlyAmount;
    const granted = Math.min(wanted, left);
    if (granted < wanted) overcommitted.push(m.measureId);
    allocations.set(m.measureId, granted);
    left -= granted;
  }

  const garnishments = measures.filter((m) => m.kind === 'GARNISHMENT').sort(byAge);
  if (overcommitted.length > 0 || moratoriumActive) left = 0;
  for (const m of garnishments.filter((g) => g.preferential)) {
    const granted = Math.min(left, outstandingOf(m.claimIds));
    allocations.set(m.measureId, granted);
    left -= granted;
  }
  const concurrent = garnishments.filter((g) => !g.preferential);
  const balances = concurrent.map((m) => ({ id: m.measureId, weight: outstandingOf(m.claimIds), order: m.order }));
  const totalBalance = balances.reduce((sum, b) => sum + b.weight, 0);
  // Pro rata by balance never exceeds a balance unless the pool covers them all.
  const shares = left >= totalBalance ? new Map(balances.map((b) => [b.id, b.weight])) : distributeLargestRemainder(left, balances);
  for (const m of concurrent) allocations.set(m.measureId, shares.get(m.measureId) ?? 0);

  const coordinatorMeasure = garnishments[0]?.measureId;
  const withholding = measures.filter((m) => m.kind === 'WITHHOLDING_AT_SOURCE').sort((a, b) => a.order - b.order);
  const ordered = [...fixed, ...garnishments, ...withholding];
  const result: Allocation[] = ordered.map((m) => ({
    measureId: m.measureId,
    kind: m.kind,
    creditorId: m.creditorId,
    monthly: m.kind === 'WITHHOLDING_AT_SOURCE' ? m.monthlyAmount : allocations.get(m.measureId) ?? 0,
    coordinator: m.measureId === coordinatorMeasure,
  }));
  const committed = result.filter((a) => a.kind !== 'WITHHOLDING_AT_SOURCE').reduce((sum, a) => sum + a.monthly, 0);
  const withheldAtSource = withholding.reduce((sum, m) => sum + m.monthlyAmount, 0);
  // TIGER_STYLE: the ledger's promise, checked on every allocation it ever gives.
  if (committed > room || result.some((a) => a.monthly < 0)) {
    throw new Error(`allocation invariant broken: committed ${committed} > attachable room ${room}`);
  }
  return { allocations: result, committed, withheldAtSource, overcommitted };
}
