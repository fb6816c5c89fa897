import { businessDateAt } from '../../domain/dates.js';
import { LedgerError } from '../../domain/errors.js';
import type { HouseholdState } from '../../domain/household/decider.js';
import { closeSignalInputSchema, recordContactAttemptInputSchema, sendSignalInputSchema } from '../../domain/household/inputs.js';
import {
  contactMethods,
  partnerFeedback,
  partnerFeedbackCodes,
  partnerTypes,
  signalOutcomes,
  worklistOrder,
  type SignalFacts,
} from '../../domain/signals.js';
import { holdsMandateOn } from '../../domain/mandates.js';
import { childIdFor } from '../../infra/ids.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { commandMutation } from './commands.js';
import { auditHouseholdRead, auditRead } from './audit.js';
import { seesAll } from '../access.js';
import { Household, seenBy } from './household.js';
import { householdOf } from './measures.js';

const PartnerTypeEnum = builder.enumType('PartnerType', { values: partnerTypes });
const SignalOutcomeEnum = builder.enumType('SignalOutcome', { values: signalOutcomes });
const ContactMethodEnum = builder.enumType('ContactMethod', { values: contactMethods });
const PartnerFeedbackEnum = builder.enumType('PartnerFeedback', { values: partnerFeedbackCodes });

interface SignalView extends SignalFacts {
  householdId: string;
  today: string;
}

const ContactAttempt = builder.objectRef<SignalFacts['contactAttempts'][number]>('ContactAttempt').implement({
  fields: (t) => ({
    on: t.expose('on', { type: 'Date' }),
    method: t.expose('method', { type: ContactMethodEnum }),
    reached: t.exposeBoolean('reached'),
  }),
});

const Signal = builder.objectRef<SignalView>('Signal').implement({
  description: 'An early signal of payment arrears (vroegsignalering), as the municipality handles it.',
  fields: (t) => ({
    id: t.exposeID('signalId'),
    householdId: t.exposeID('householdId'),
    partnerOrg: t.exposeString('partnerOrg'),
    partnerType: t.expose('partnerType', { type: PartnerTypeEnum }),
    amount: t.expose('amount', { type: 'Cents' }),
    arrearsSince: t.expose('arrearsSince', { type: 'Date' }),
    threatening: t.exposeBoolean('threatening', { description: 'Eviction, disconnection or health-insurance cancellation.' }),
    receivedOn: t.expose('receivedOn', { type: 'Date' }),
    deadline: t.expose('deadline', { type: 'Date', description: 'Outreach deadline: 3 working days when threatening, else 4 weeks.' }),
    overdue: t.boolean({ resolve: (s) => s.outcome === null && s.deadline < s.today }),
    outcome: t.expose('outcome', { type: SignalOutcomeEnum, nullable: true }),
    closedOn: t.expose('closedOn', { type: 'Date', nullable: true }),
    contactAttempts: t.expose('contactAttempts', { type: [ContactAttempt] }),
  }),
});

/** What the partner that sent a signal may see of it: no outcome beyond its feedback code. */
const PartnerSignal = builder.objectRef<SignalView>('PartnerSignal').implement({
  fields: (t) => ({
    id: t.exposeID('signalId'),
    householdId: t.exposeID('householdId'),
    partnerType: t.expose('partnerType', { type: PartnerTypeEnum }),
    amount: t.expose('amount', { type: 'Cents' }),
    arrearsSince: t.expose('arrearsSince', { type: 'Date' }),
    receivedOn: t.expose('receivedOn', { type: 'Date' }),
    feedback: t.field({ type: PartnerFeedbackEnum, resolve: (s) => partnerFeedback(s.outcome) }),
  }),
});

function view(signal: SignalFacts, householdId: string, today: string): SignalView {
  return { ...signal, householdId, today };
}

function signalAfter(state: HouseholdState, householdId: string, signalId: string, today: string): SignalView {
  const signal = state.signals.get(signalId);
  if (!signal) throw new LedgerError('NOT_FOUND', 'No such signal');
  return view(signal, householdId, today);
}

builder.objectField(Household, 'signals', (t) =>
  t.field({
    type: [Signal],
    description: 'Early signals about this household (the household, its counsellors and the ombudsman).',
    resolve: async (v, _args, ctx) => {
      if (!seesAll(seenBy(v), 'signals')) return [];
      const signals = (v.overview.signals ?? []).map((s) => view(s, v.overview.householdId, businessDateAt(v.asOf ?? ctx.requestedAt)));
      if (signals.length > 0) await auditRead(v, ctx, 'signals');
      return signals;
    },
  }),
);

builder.queryFields((t) => ({
  signalWorklist: t.field({
    type: [Signal],
    description: "A counsellor's open signals, overdue first, then by deadline.",
    authScopes: { role: 'COUNSELLOR' },
    resolve: async (_root, _args, ctx) => {
      const today = businessDateAt(ctx.requestedAt);
      const org = actorOf(ctx).org;
      const households = (await ctx.ledger.households.withCounsellor(org)).filter((h) => holdsMandateOn(h.mandates, org, today));
      const open = households.flatMap((h) => (h.signals ?? []).filter((s) => s.outcome === null).map((s) => view(s, h.householdId, today)));
      // Each household whose signals the worklist shows is a read of that household's signals.
      for (const householdId of new Set(open.map((s) => s.householdId))) await auditHouseholdRead(ctx, householdId, 'signals');
      return open.sort(worklistOrder);
    },
  }),
  signalFeedback: t.field({
    type: [PartnerSignal],
    description: 'For a partner: the signals it sent and the feedback it may see.',
    authScopes: { role: 'CREDITOR' },
    resolve: async (_root, _args, ctx) => {
      const org = actorOf(ctx).org;
      const today = businessDateAt(ctx.requestedAt);
      const households = await ctx.ledger.households.withSignalsFrom(org);
      return households.flatMap((h) => (h.signals ?? []).filter((s) => s.partnerOrg === org).map((s) => view(s, h.householdId, today)));
    },
  }),
}));

const SendSignalInput = builder
  .inputType('SendSignalInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      partnerType: t.field({ type: PartnerTypeEnum }),
      amount: t.field({ type: 'Cents', description: 'Amount in arrears.' }),
      arrearsSince: t.field({ type: 'Date' }),
      threatening: t.boolean({ description: 'Eviction, disconnection or health-insurance cancellation is near.' }),
    }),
  })
  .validate(sendSignalInputSchema);

const RecordContactAttemptInput = builder
  .inputType('RecordContactAttemptInput', {
    fields: (t) => ({
      commandId: t.id(),
      signalId: t.id(),
      method: t.field({ type: ContactMethodEnum }),
      reached: t.boolean(),
      attemptedOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(recordContactAttemptInputSchema);

const CloseSignalInput = builder
  .inputType('CloseSignalInput', {
    fields: (t) => ({
      commandId: t.id(),
      signalId: t.id(),
      outcome: t.field({ type: SignalOutcomeEnum }),
      closedOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(closeSignalInputSchema);

builder.mutationFields((t) => ({
  sendSignal: commandMutation(t, {
    type: PartnerSignal,
    description: 'A fixed-cost partner or public creditor signals arrears; a repeat that has not grown closes at once.',
    role: 'CREDITOR',
    input: SendSignalInput,
    household: (input) => input.householdId,
    command: ({ commandId, householdId, ...data }, ctx) => ({
      type: 'SendSignal',
      data: { ...data, signalId: childIdFor('signal', householdId, actorOf(ctx).org, commandId) },
    }),
    answer: ({ householdId, command, receipt, state }, ctx) =>
      signalAfter(state, householdId, receipt.signalId ?? command.data.signalId, businessDateAt(ctx.requestedAt)),
  }),
  recordContactAttempt: commandMutation(t, {
    type: Signal,
    role: 'COUNSELLOR',
    input: RecordContactAttemptInput,
    household: (input) => householdOf('signal', input.signalId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'RecordContactAttempt', data }),
    answer: async ({ householdId, input, state }, ctx) => {
      // The answer is the household's signal handling, as Household.signals shows it: recorded as read.
      await auditHouseholdRead(ctx, householdId, 'signals');
      return signalAfter(state, householdId, input.signalId, businessDateAt(ctx.requestedAt));
    },
  }),
  closeSignal: commandMutation(t, {
    type: Signal,
    role: 'COUNSELLOR',
    input: CloseSignalInput,
    household: (input) => householdOf('signal', input.signalId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'CloseSignal', data }),
    answer: async ({ householdId, input, state }, ctx) => {
      await auditHouseholdRead(ctx, householdId, 'signals');
      return signalAfter(state, householdId, input.signalId, businessDateAt(ctx.requestedAt));
    },
  }),
}));
