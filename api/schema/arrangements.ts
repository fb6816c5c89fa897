import { LedgerError } from '../../domain/errors.js';
import type { ArrangementState, HouseholdState } from '../../domain/household/decider.js';
import {
  answerArrangementInputSchema,
  completeArrangementInputSchema,
  failArrangementInputSchema,
  proposeArrangementInputSchema,
  recordArrangementPaymentInputSchema,
} from '../../domain/household/inputs.js';
import { childIdFor } from '../../infra/ids.js';
import { seesAll, visibleItems, type Viewer } from '../access.js';
import { builder } from '../builder.js';
import { actorOf, type Context } from '../context.js';
import { auditHouseholdRead } from './audit.js';
import { commandMutation } from './commands.js';
import { ArrangementStatusEnum, CreditorAnswerEnum, DistributionKeyEnum } from './enums.js';
import { householdOf } from './measures.js';

interface OfferView {
  claimId: string;
  creditorId: string;
  outstanding: number;
  percentage: number;
  amount: number;
  paid: number;
  answer: 'ACCEPT' | 'REJECT' | null;
}

interface ArrangementView extends Omit<ArrangementState, 'offers' | 'answers' | 'paid' | 'order'> {
  householdId: string;
  offers: OfferView[];
}

/** A creditor sees its own offers only: other creditors' identities stay hidden (policy §8). */
export function arrangementView(householdId: string, arrangement: ArrangementState, viewer: Viewer): ArrangementView {
  const { offers, answers, paid, order: _order, ...rest } = arrangement;
  return {
    ...rest,
    termReason: seesAll(viewer, 'arrangements.termReason') ? rest.termReason : null,
    householdId,
    offers: visibleItems(viewer, 'arrangements.offers', offers, (o) => o.creditorId).map((o) => ({
      ...o,
      paid: paid[o.claimId] ?? 0,
      answer: answers[o.creditorId] ?? null,
    })),
  };
}

const Offer = builder.objectRef<OfferView>('Offer').implement({
  fields: (t) => ({
    claimId: t.exposeID('claimId'),
    creditorId: t.exposeID('creditorId'),
    outstanding: t.expose('outstanding', { type: 'Cents' }),
    percentage: t.exposeFloat('percentage', { description: 'Percent of the outstanding balance, e.g. 22.5.' }),
    amount: t.expose('amount', { type: 'Cents' }),
    paid: t.expose('paid', { type: 'Cents', description: 'Paid under the arrangement so far.' }),
    answer: t.expose('answer', { type: CreditorAnswerEnum, nullable: true }),
  }),
});

export const Arrangement = builder.objectRef<ArrangementView>('Arrangement').implement({
  fields: (t) => ({
    id: t.exposeID('arrangementId'),
    householdId: t.exposeID('householdId'),
    status: t.expose('status', { type: ArrangementStatusEnum }),
    total: t.expose('total', { type: 'Cents' }),
    monthlyCapacity: t.expose('monthlyCapacity', { type: 'Cents' }),
    termMonths: t.exposeInt('termMonths'),
    termReason: t.exposeString('termReason', { nullable: true }),
    key: t.expose('key', { type: DistributionKeyEnum }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    offers: t.expose('offers', { type: [Offer] }),
  }),
});

/** The arrangement as the command left it, as its actor may see it. */
async function answerWith(ctx: Context, householdId: string, state: HouseholdState, arrangementId: string): Promise<ArrangementView> {
  const arrangement = state.arrangements.get(arrangementId);
  if (!arrangement) throw new LedgerError('NOT_FOUND', 'No such arrangement');
  const view = arrangementView(householdId, arrangement, actorOf(ctx));
  // The answer holds the term's reason (personal): recorded as read.
  if (view.termReason !== null) await auditHouseholdRead(ctx, householdId, 'arrangements');
  return view;
}

const ProposeArrangementInput = builder
  .inputType('ProposeArrangementInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      monthlyCapacity: t.field({ type: 'Cents' }),
      termMonths: t.int({ required: false }),
      termReason: t.string({ required: false, description: 'Required for a term other than 18 months.' }),
      key: t.field({ type: DistributionKeyEnum, required: false }),
      startsOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(proposeArrangementInputSchema);

const AnswerArrangementInput = builder
  .inputType('AnswerArrangementInput', {
    fields: (t) => ({
      commandId: t.id(),
      arrangementId: t.id(),
      answer: t.field({ type: CreditorAnswerEnum }),
    }),
  })
  .validate(answerArrangementInputSchema);

const RecordArrangementPaymentInput = builder
  .inputType('RecordArrangementPaymentInput', {
    fields: (t) => ({
      commandId: t.id(),
      arrangementId: t.id(),
      claimId: t.id(),
      amount: t.field({ type: 'Cents' }),
      paidOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(recordArrangementPaymentInputSchema);

const CompleteArrangementInput = builder
  .inputType('CompleteArrangementInput', {
    fields: (t) => ({
      commandId: t.id(),
      arrangementId: t.id(),
      completedOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(completeArrangementInputSchema);

const FailArrangementInput = builder
  .inputType('FailArrangementInput', {
    fields: (t) => ({
      commandId: t.id(),
      arrangementId: t.id(),
      reason: t.string(),
      failedOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(failArrangementInputSchema);

builder.mutationFields((t) => ({
  proposeArrangement: commandMutation(t, {
    type: Arrangement,
    role: 'COUNSELLOR',
    input: ProposeArrangementInput,
    household: (input) => input.householdId,
    command: ({ commandId, householdId, ...data }, ctx) => ({
      type: 'ProposeArrangement',
      data: { ...data, arrangementId: childIdFor('arrangement', householdId, actorOf(ctx).org, commandId) },
    }),
    answer: ({ householdId, command, receipt, state }, ctx) => answerWith(ctx, householdId, state, receipt.arrangementId ?? command.data.arrangementId),
  }),
  answerArrangement: commandMutation(t, {
    type: Arrangement,
    role: 'CREDITOR',
    input: AnswerArrangementInput,
    household: (input) => householdOf('arrangement', input.arrangementId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'AnswerArrangement', data }),
    answer: ({ householdId, input, state }, ctx) => answerWith(ctx, householdId, state, input.arrangementId),
  }),
  recordArrangementPayment: commandMutation(t, {
    type: Arrangement,
    description: 'Records a payment to a creditor under an active arrangement.',
    role: 'COUNSELLOR',
    input: RecordArrangementPaymentInput,
    household: (input) => householdOf('arrangement', input.arrangementId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'RecordArrangementPayment', data }),
    answer: ({ householdId, input, state }, ctx) => answerWith(ctx, householdId, state, input.arrangementId),
  }),
  completeArrangement: commandMutation(t, {
    type: Arrangement,
    description: 'Completes a fully paid arrangement: the remaining balances are written off (finale kwijting).',
    role: 'COUNSELLOR',
    input: CompleteArrangementInput,
    household: (input) => householdOf('arrangement', input.arrangementId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'CompleteArrangement', data }),
    answer: ({ householdId, input, state }, ctx) => answerWith(ctx, householdId, state, input.arrangementId),
  }),
  failArrangement: commandMutation(t, {
    type: Arrangement,
    description: 'Records that a proposed or active arrangement failed; its claims are open again.',
    role: 'COUNSELLOR',
    input: FailArrangementInput,
    household: (input) => householdOf('arrangement', input.arrangementId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'FailArrangement', data }),
    answer: ({ householdId, input, state }, ctx) => answerWith(ctx, householdId, state, input.arrangementId),
  }),
}));
