import type { Actor } from '../../domain/actors.js';
import type { EventOfType } from '../../domain/household/events.js';
import { cjib, counsellor, type CommandOf, type EventOptions, type MetaOptions, commandMeta, eventMeta, AT } from './householdFixtures.js';

/**
 * Commands and events of coordinated collection (measures, moratoria, debt arrangements) for
 * household decider specifications (policy §4, §6).
 */

export const belastingdienst: Actor = { org: 'BELASTINGDIENST', role: 'CREDITOR', sub: 'invordering@belastingdienst.nl' };
export const cak: Actor = { org: 'CAK', role: 'CREDITOR', sub: 'bronheffing@hetcak.nl' };

function metaOf(options: MetaOptions, actor: Actor, commandId: string) {
  return commandMeta(options.actor ?? actor, options.commandId ?? commandId, options.recordedAt ?? AT);
}

function eventMetaOf(options: EventOptions, actor: Actor, commandId: string, effectiveOn: string) {
  return eventMeta(options.actor ?? actor, options.commandId ?? commandId, options.effectiveOn ?? effectiveOn, options.recordedAt ?? AT);
}

// ---------------------------------------------------------------- commands

export function registerMeasure(data: Partial<CommandOf<'RegisterMeasure'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'RegisterMeasure'> {
  return {
    type: 'RegisterMeasure',
    meta: metaOf(meta, cjib, 'cmd-measure'),
    data: { measureId: 'h-1.measure-1', kind: 'PAYMENT_PLAN', claimIds: ['h-1.claim-1'], monthlyAmount: 20_000, startsOn: '2025-04-01', endsOn: null, ...data },
  };
}

export function endMeasure(data: Partial<CommandOf<'EndMeasure'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'EndMeasure'> {
  return {
    type: 'EndMeasure',
    meta: metaOf(meta, cjib, 'cmd-end-measure'),
    data: { measureId: 'h-1.measure-1', endsOn: '2025-06-30', reason: 'Betaald', ...data },
  };
}

export function startMoratorium(data: Partial<CommandOf<'StartMoratorium'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'StartMoratorium'> {
  return {
    type: 'StartMoratorium',
    meta: metaOf(meta, counsellor, 'cmd-moratorium'),
    data: { moratoriumId: 'h-1.moratorium-1', startsOn: '2025-04-01', endsOn: '2025-09-30', reason: 'Breed moratorium, art. 5 Wgs', ...data },
  };
}

export function endMoratorium(data: Partial<CommandOf<'EndMoratorium'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'EndMoratorium'> {
  return {
    type: 'EndMoratorium',
    meta: metaOf(meta, counsellor, 'cmd-end-moratorium'),
    data: { moratoriumId: 'h-1.moratorium-1', endsOn: '2025-06-30', reason: 'Schuldregeling getroffen', ...data },
  };
}

export function proposeArrangement(
  data: Partial<CommandOf<'ProposeArrangement'>['data']> = {},
  meta: MetaOptions = {},
): CommandOf<'ProposeArrangement'> {
  return {
    type: 'ProposeArrangement',
    meta: metaOf(meta, counsellor, 'cmd-propose'),
    data: { arrangementId: 'h-1.arrangement-1', monthlyCapacity: 15_000, termMonths: null, termReason: null, key: null, startsOn: '2025-03-01', ...data },
  };
}

export function answerArrangement(data: Partial<CommandOf<'AnswerArrangement'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'AnswerArrangement'> {
  return {
    type: 'AnswerArrangement',
    meta: metaOf(meta, cjib, 'cmd-answer'),
    data: { arrangementId: 'h-1.arrangement-1', answer: 'ACCEPT', ...data },
  };
}

export function recordArrangementPayment(
  data: Partial<CommandOf<'RecordArrangementPayment'>['data']> = {},
  meta: MetaOptions = {},
): CommandOf<'RecordArrangementPayment'> {
  return {
    type: 'RecordArrangementPayment',
    meta: metaOf(meta, counsellor, 'cmd-arrangement-payment'),
    data: { arrangementId: 'h-1.arrangement-1', claimId: 'h-1.claim-1', amount: 7_500, paidOn: '2025-03-20', ...data },
  };
}

export function completeArrangement(
  data: Partial<CommandOf<'CompleteArrangement'>['data']> = {},
  meta: MetaOptions = {},
): CommandOf<'CompleteArrangement'> {
  return {
    type: 'CompleteArrangement',
    meta: metaOf(meta, counsellor, 'cmd-complete'),
    data: { arrangementId: 'h-1.arrangement-1', completedOn: '2025-03-20', ...data },
  };
}

export function failArrangement(data: Partial<CommandOf<'FailArrangement'>['data']> = {}, meta: MetaOptions = {}): CommandOf<'FailArrangement'> {
  return {
    type: 'FailArrangement',
    meta: metaOf(meta, counsellor, 'cmd-fail'),
    data: { arrangementId: 'h-1.arrangement-1', reason: 'Schuldeiser weigert', failedOn: '2025-03-20', ...data },
  };
}

// ---------------------------------------------------------------- events

export function measureRegistered(data: Partial<EventOfType<'MeasureRegistered'>['data']> = {}, meta: EventOptions = {}): EventOfType<'MeasureRegistered'> {
  const actor = meta.actor ?? cjib;
  return {
    type: 'MeasureRegistered',
    v: 1,
    data: {
      measureId: 'h-1.measure-1',
      creditorId: actor.org,
      kind: 'PAYMENT_PLAN',
      claimIds: ['h-1.claim-1'],
      monthlyAmount: 20_000,
      preferential: false,
      endsOn: null,
      ...data,
    },
    meta: eventMetaOf(meta, cjib, 'cmd-measure', '2025-04-01'),
  };
}

export function measureEnded(data: Partial<EventOfType<'MeasureEnded'>['data']> = {}, meta: EventOptions = {}): EventOfType<'MeasureEnded'> {
  return {
    type: 'MeasureEnded',
    v: 1,
    data: { measureId: 'h-1.measure-1', reason: 'Betaald', ...data },
    meta: eventMetaOf(meta, cjib, 'cmd-end-measure', '2025-06-30'),
  };
}

export function moratoriumStarted(data: Partial<EventOfType<'MoratoriumStarted'>['data']> = {}, meta: EventOptions = {}): EventOfType<'MoratoriumStarted'> {
  return {
    type: 'MoratoriumStarted',
    v: 1,
    data: { moratoriumId: 'h-1.moratorium-1', endsOn: '2025-09-30', reason: 'Breed moratorium, art. 5 Wgs', ...data },
    meta: eventMetaOf(meta, counsellor, 'cmd-moratorium', '2025-04-01'),
  };
}

export function moratoriumEnded(data: Partial<EventOfType<'MoratoriumEnded'>['data']> = {}, meta: EventOptions = {}): EventOfType<'MoratoriumEnded'> {
  return {
    type: 'MoratoriumEnded',
    v: 1,
    data: { moratoriumId: 'h-1.moratorium-1', reason: 'Schuldregeling getroffen', ...data },
    meta: eventMetaOf(meta, counsellor, 'cmd-end-moratorium', '2025-06-30'),
  };
}

export function arrangementProposed(
  data: Partial<EventOfType<'ArrangementProposed'>['data']> & Pick<EventOfType<'ArrangementProposed'>['data'], 'offers'>,
  meta: EventOptions = {},
): EventOfType<'ArrangementProposed'> {
  return {
    type: 'ArrangementProposed',
    v: 1,
    data: {
      arrangementId: 'h-1.arrangement-1',
      monthlyCapacity: 15_000,
      termMonths: 18,
      termReason: null,
      key: 'DOUBLE_FOR_PREFERENTIAL',
      total: 270_000,
      ...data,
    },
    meta: eventMetaOf(meta, counsellor, 'cmd-propose', '2025-03-01'),
  };
}

export function arrangementAnswered(
  creditor: Actor,
  answer: 'ACCEPT' | 'REJECT' = 'ACCEPT',
  meta: EventOptions = {},
): EventOfType<'ArrangementAnswered'> {
  return {
    type: 'ArrangementAnswered',
    v: 1,
    data: { arrangementId: 'h-1.arrangement-1', creditorId: creditor.org, answer },
    meta: eventMetaOf({ commandId: `cmd-answer-${creditor.org}`, ...meta }, creditor, 'cmd-answer', '2025-03-20'),
  };
}

export function arrangementActivated(meta: EventOptions = {}): EventOfType<'ArrangementActivated'> {
  return {
    type: 'ArrangementActivated',
    v: 1,
    data: { arrangementId: 'h-1.arrangement-1' },
    meta: eventMetaOf(meta, cjib, 'cmd-answer-CJIB', '2025-03-01'),
  };
}

export function arrangementPaymentRecorded(
  data: Partial<EventOfType<'ArrangementPaymentRecorded'>['data']> = {},
  meta: EventOptions = {},
): EventOfType<'ArrangementPaymentRecorded'> {
  return {
    type: 'ArrangementPaymentRecorded',
    v: 1,
    data: { arrangementId: 'h-1.arrangement-1', claimId: 'h-1.claim-1', amount: 7_500, ...data },
    meta: eventMetaOf(meta, counsellor, 'cmd-arrangement-payment', '2025-03-20'),
  };
}
