import { LedgerError } from '../../domain/errors.js';
import type { Allocation as AllocationFacts } from '../../domain/allocation.js';
import type { CapacityCheck as CapacityFacts } from '../../domain/capacity.js';
import type { BusinessDate } from '../../domain/dates.js';
import type { ParameterTable } from '../../domain/parameters.js';
import type { HouseholdOverview } from '../../projections/householdOverview.js';
import { seesItem, type Viewer } from '../access.js';
import { builder } from '../builder.js';
import { capacityFactsOn } from './dated.js';
import { MeasureKindEnum, ProtectedIncomeBasisEnum } from './enums.js';

/** An allocation as one viewer may see it: another creditor's identity is hidden from creditors. */
export interface AllocationView extends Omit<AllocationFacts, 'creditorId'> {
  creditorId: string | null;
}

export const Allocation = builder.objectRef<AllocationView>('Allocation').implement({
  fields: (t) => ({
    measureId: t.exposeID('measureId'),
    kind: t.expose('kind', { type: MeasureKindEnum }),
    creditorId: t.exposeID('creditorId', {
      nullable: true,
      description: 'Null where the viewer may not see which creditor it is.',
    }),
    monthly: t.expose('monthly', { type: 'Cents' }),
    coordinator: t.exposeBoolean('coordinator'),
  }),
});

export interface CapacityView extends Omit<CapacityFacts, 'allocations'> {
  allocations: AllocationView[];
}

export const CapacityCheck = builder.objectRef<CapacityView>('CapacityCheck').implement({
  fields: (t) => ({
    on: t.expose('on', { type: 'Date' }),
    netIncome: t.expose('netIncome', { type: 'Cents' }),
    protectedIncome: t.expose('protectedIncome', { type: 'Cents' }),
    protectedIncomeBasis: t.expose('basis', { type: ProtectedIncomeBasisEnum }),
    attachable: t.expose('attachable', { type: 'Cents' }),
    committed: t.expose('committed', { type: 'Cents', description: 'Set-offs + plans + garnishment allocations.' }),
    remaining: t.expose('remaining', { type: 'Cents' }),
    withheldAtSource: t.expose('withheldAtSource', { type: 'Cents' }),
    allocations: t.expose('allocations', { type: [Allocation] }),
    flags: t.exposeStringList('flags', {
      description: 'Policy flags, e.g. PROTECTED_INCOME_ESTIMATED, MORATORIUM_ACTIVE, OVERCOMMITTED.',
    }),
    overcommittedMeasureIds: t.exposeIDList('overcommitted', {
      description: 'The set-offs and payment plans that no longer fit the room (flag OVERCOMMITTED).',
    }),
    legalFloor: t.expose('floor', { type: 'Cents', description: 'min(95% of the social-assistance norm, 95% of net income).' }),
    legalCap: t.expose('cap', { type: 'Cents', description: '95% of net income.' }),
  }),
});

export function allocationView(viewer: Viewer, allocation: AllocationFacts): AllocationView {
  return { ...allocation, creditorId: seesItem(viewer, 'capacity.allocations.creditorId', allocation.creditorId) ? allocation.creditorId : null };
}

export function capacityView(
  household: HouseholdOverview,
  parameters: ParameterTable,
  on: BusinessDate,
  viewer: Viewer,
): CapacityView {
  // Before its registration the household has no composition, so no capacity (issue 12).
  if (on < household.registeredOn) {
    throw new LedgerError('NOT_FOUND', `The household was registered on ${household.registeredOn}: it has no capacity on ${on}`, { registeredOn: household.registeredOn });
  }
  const check = capacityFactsOn(household, parameters, on);
  return { ...check, allocations: check.allocations.map((a) => allocationView(viewer, a)) };
}
