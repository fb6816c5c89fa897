import type { MeasureFacts } from '../../domain/allocation.js';
import { capacityOn, type MoratoriumFacts } from '../../domain/capacity.js';
import { LedgerError } from '../../domain/errors.js';
import { collectionFacts, outstandingOfClaims } from '../../domain/household/decider.js';
import {
  endMeasureInputSchema,
  endMoratoriumInputSchema,
  registerMeasureInputSchema,
  startMoratoriumInputSchema,
} from '../../domain/household/inputs.js';
import { childIdFor, householdIdOfChild, type ChildKind } from '../../infra/ids.js';
import { seesAll, seesItem, type Viewer } from '../access.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { Allocation, allocationView } from './capacity.js';
import { commandMutation } from './commands.js';
import { MeasureKindEnum } from './enums.js';

interface MeasureView extends Omit<MeasureFacts, 'creditorId'> {
  creditorId: string | null;
}

/** A creditor sees its own measures in full and others' only as amounts (policy §8). */
export function measureView(measure: MeasureFacts, viewer: Viewer): MeasureView {
  if (seesItem(viewer, 'measures.creditorId', measure.creditorId)) return measure;
  return { ...measure, creditorId: null, claimIds: [] };
}

export const Measure = builder.objectRef<MeasureView>('Measure').implement({
  description: 'A collection measure: set-off, payment plan, garnishment or withholding at source.',
  fields: (t) => ({
    id: t.exposeID('measureId'),
    kind: t.expose('kind', { type: MeasureKindEnum }),
    creditorId: t.exposeID('creditorId', { nullable: true, description: 'Null where the viewer may not see which creditor it is.' }),
    claimIds: t.exposeIDList('claimIds', { description: 'Empty where the viewer may not see the claims.' }),
    monthlyAmount: t.expose('monthlyAmount', { type: 'Cents', description: 'Fixed monthly amount; 0 for a garnishment (allocated by the ledger).' }),
    preferential: t.exposeBoolean('preferential'),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', nullable: true }),
  }),
});

export interface MoratoriumView {
  moratoriumId: string;
  startsOn: string;
  endsOn: string;
  reason: string | null;
}

/** The reason of a moratorium tells of health and life events: not for creditors (policy §10). */
export function moratoriumView(moratorium: MoratoriumFacts, viewer: Viewer): MoratoriumView {
  const { moratoriumId, startsOn, endsOn, reason } = moratorium;
  return { moratoriumId, startsOn, endsOn, reason: seesAll(viewer, 'moratoria.reason') ? reason : null };
}

export const Moratorium = builder.objectRef<MoratoriumView>('Moratorium').implement({
  description: 'Breathing space: no new measure may start, existing ones allocate nothing (at most 6 months).',
  fields: (t) => ({
    id: t.exposeID('moratoriumId'),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', description: 'Last day of the moratorium.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Null for creditors: it tells of the household’s circumstances.' }),
  }),
});

/** The household an id names; an id that names none is simply not found. */
export function householdOf(kind: ChildKind, id: string): string {
  const householdId = householdIdOfChild(kind, id);
  if (householdId === null) throw new LedgerError('NOT_FOUND', `No such ${kind}`);
  return householdId;
}

const RegisterMeasureInput = builder
  .inputType('RegisterMeasureInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      kind: t.field({ type: MeasureKindEnum }),
      claimIds: t.idList({ description: 'Claims of the acting creditor that this measure collects.' }),
      monthlyAmount: t.field({ type: 'Cents', required: false, description: 'Fixed monthly amount; ignored for GARNISHMENT (allocated by the ledger).' }),
      startsOn: t.field({ type: 'Date' }),
      endsOn: t.field({ type: 'Date', required: false, description: 'Last day, when known at registration.' }),
    }),
  })
  .validate(registerMeasureInputSchema);

const EndMeasureInput = builder
  .inputType('EndMeasureInput', {
    fields: (t) => ({
      commandId: t.id(),
      measureId: t.id(),
      endsOn: t.field({ type: 'Date', description: 'Last day the measure applies.' }),
      reason: t.string(),
    }),
  })
  .validate(endMeasureInputSchema);

const StartMoratoriumInput = builder
  .inputType('StartMoratoriumInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      startsOn: t.field({ type: 'Date' }),
      endsOn: t.field({ type: 'Date' }),
      reason: t.string(),
    }),
  })
  .validate(startMoratoriumInputSchema);

const EndMoratoriumInput = builder
  .inputType('EndMoratoriumInput', {
    fields: (t) => ({
      commandId: t.id(),
      moratoriumId: t.id(),
      endsOn: t.field({ type: 'Date', description: 'The new last day.' }),
      reason: t.string(),
    }),
  })
  .validate(endMoratoriumInputSchema);

builder.mutationFields((t) => ({
  registerMeasure: commandMutation(t, {
    type: Allocation,
    description: "Registers a collection measure and answers with its allocation on its first day.",
    role: 'CREDITOR',
    input: RegisterMeasureInput,
    household: (input) => input.householdId,
    command: ({ commandId, householdId, ...data }, ctx) => ({
      type: 'RegisterMeasure',
      data: { ...data, measureId: childIdFor('measure', householdId, actorOf(ctx).org, commandId) },
    }),
    answer: ({ command, receipt, state }, ctx) => {
      const measure = state.measures.get(receipt.measureId ?? command.data.measureId);
      if (!measure) throw new LedgerError('NOT_FOUND', 'No such measure');
      const check = capacityOn(collectionFacts(state), outstandingOfClaims(state), ctx.ledger.parameters, measure.startsOn);
      const allocation = check.allocations.find((a) => a.measureId === measure.measureId);
      if (!allocation) throw new Error('a registered measure has no allocation on its first day');
      return allocationView(actorOf(ctx), allocation);
    },
  }),
  endMeasure: commandMutation(t, {
    description: 'Lifts or ends a measure: it applies up to and including endsOn.',
    role: 'CREDITOR',
    input: EndMeasureInput,
    household: (input) => householdOf('measure', input.measureId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'EndMeasure', data }),
  }),
  startMoratorium: commandMutation(t, {
    role: 'COUNSELLOR',
    input: StartMoratoriumInput,
    household: (input) => input.householdId,
    command: ({ commandId, householdId, ...data }, ctx) => ({
      type: 'StartMoratorium',
      data: { ...data, moratoriumId: childIdFor('moratorium', householdId, actorOf(ctx).org, commandId) },
    }),
  }),
  endMoratorium: commandMutation(t, {
    description: 'Ends a moratorium early: endsOn becomes its last day.',
    role: 'COUNSELLOR',
    input: EndMoratoriumInput,
    household: (input) => householdOf('moratorium', input.moratoriumId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'EndMoratorium', data }),
  }),
}));
