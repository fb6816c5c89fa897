import type { Actor } from '../../domain/actors.js';
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
import type { HouseholdAccess } from '../access.js';
import { builder } from '../builder.js';
import { actorOf, type Context } from '../context.js';
import { auditHouseholdRead } from './audit.js';
import { commandMeta, runCommand } from './commands.js';
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
export function arrangementView(householdId: string, arrangement: ArrangementState, actor: Actor, access: HouseholdAccess): ArrangementView {
  const { offers, answers, paid, order: _order, ...rest } = arrangement;
  return {
    ...rest,
    // Why a term is longer tells of the household's circumstances: not for creditors (policy §10).
    termReason: access === 'FULL' ? rest.termReason : null,
    householdId,
    offers: offers
      .filter((o) => access === 'FULL' || o.creditorId === actor.org)
      .map((o) => ({ ...o, paid: paid[o.claimId] ?? 0, answer: answers[o.creditorId] ?? null })),
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

async function answerWith(ctx: Context, householdId: string, state: HouseholdState, arrangementId: string, access: HouseholdAccess): Promise<ArrangementView> {
  const arrangement = state.arrangements.get(arrangementId);
  if (!arrangement) throw new LedgerError('NOT_FOUND', 'No such arrangement');
  const view = arrangementView(householdId, arrangement, actorOf(ctx), access);
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
  proposeArrangement: t.field({
    type: Arrangement,
    authScopes: { role: 'COUNSELLOR' },
    args: { input: t.arg({ type: ProposeArrangementInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { commandId, householdId, ...data } = input;
      const arrangementId = childIdFor('arrangement', householdId, actorOf(ctx).org, commandId);
      const { receipt, state } = await runCommand(ctx, householdId, {
        type: 'ProposeArrangement',
        meta: commandMeta(ctx, commandId),
        data: { ...data, arrangementId },
      });
      return answerWith(ctx, householdId, state, receipt.arrangementId ?? arrangementId, 'FULL');
    },
  }),
  answerArrangement: t.field({
    type: Arrangement,
    authScopes: { role: 'CREDITOR' },
    args: { input: t.arg({ type: AnswerArrangementInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { commandId, ...data } = input;
      const householdId = householdOf('arrangement', data.arrangementId);
      const { state } = await runCommand(ctx, householdId, { type: 'AnswerArrangement', meta: commandMeta(ctx, commandId), data });
      return answerWith(ctx, householdId, state, data.arrangementId, 'CREDITOR');
    },
  }),
  recordArrangementPayment: t.field({
    type: Arrangement,
    description: 'Records a payment to a creditor under an active arrangement.',
    authScopes: { role: 'COUNSELLOR' },
    args: { input: t.arg({ type: RecordArrangementPaymentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { commandId, ...data } = input;
      const householdId = householdOf('arrangement', data.arrangementId);
      const { state } = await runCommand(ctx, householdId, { type: 'RecordArrangementPayment', meta: commandMeta(ctx, commandId), data });
      return answerWith(ctx, householdId, state, data.arrangementId, 'FULL');
    },
  }),
  completeArrangement: t.field({
    type: Arrangement,
    description: 'Completes a fully paid arrangement: the remaining balances are written off (finale kwijting).',
    authScopes: { role: 'COUNSELLOR' },
    args: { input: t.arg({ type: CompleteArrangementInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { commandId, ...data } = input;
      const householdId = householdOf('arrangement', data.arrangementId);
      const { state } = await runCommand(ctx, householdId, { type: 'CompleteArrangement', meta: commandMeta(ctx, commandId), data });
      return answerWith(ctx, householdId, state, data.arrangementId, 'FULL');
    },
  }),
  failArrangement: t.field({
    type: Arrangement,
    description: 'Records that a proposed or active arrangement failed; its claims are open again.',
    authScopes: { role: 'COUNSELLOR' },
    args: { input: t.arg({ type: FailArrangementInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { commandId, ...data } = input;
      const householdId = householdOf('arrangement', data.arrangementId);
      const { state } = await runCommand(ctx, householdId, { type: 'FailArrangement', meta: commandMeta(ctx, commandId), data });
      return answerWith(ctx, householdId, state, data.arrangementId, 'FULL');
    },
  }),
}));
