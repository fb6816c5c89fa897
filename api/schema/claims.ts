import { businessDateAt } from '../../domain/dates.js';
import { LedgerError } from '../../domain/errors.js';
import {
  chargeCollectionCostsInputSchema,
  recordPaymentInputSchema,
  registerClaimInputSchema,
} from '../../domain/household/inputs.js';
import { claimIdFor } from '../../infra/ids.js';
import { claimOn, type ClaimView } from '../../projections/householdOverview.js';
import { builder } from '../builder.js';
import { actorOf } from '../context.js';
import { auditHouseholdRead } from './audit.js';
import { commandMutation } from './commands.js';
import { householdOf } from './measures.js';
import { ClaimStatusEnum } from './enums.js';

export const ClaimRef = builder.objectRef<ClaimView>('Claim').implement({
  fields: (t) => ({
    id: t.exposeID('claimId'),
    creditorId: t.exposeID('creditorId'),
    reference: t.exposeString('reference'),
    description: t.exposeString('description'),
    principal: t.expose('principal', { type: 'Cents' }),
    costs: t.expose('costs', { type: 'Cents' }),
    interest: t.expose('interest', {
      type: 'Cents',
      description:
        'Statutory interest (art. 6:119 BW) from interestFrom up to and including the date asked (Household.claims(on:), default today): ' +
        'actual days / 365, half up to cents per period (a run of days with one rate and one principal), added to the principal at the end of ' +
        'each year from interestFrom; payments go to costs, then interest, then principal (art. 6:44 BW); none from the activation of an accepted debt arrangement.',
    }),
    interestFrom: t.expose('interestFrom', { type: 'Date', nullable: true, description: 'Start of default (verzuim); no statutory interest without it.' }),
    flags: t.stringList({
      description: 'INTEREST_RATE_UNCONFIRMED: the interest used a rate row not confirmed from the official publication; INTEREST_RATE_UNAVAILABLE: no rate row covered some days (no interest counted for them).',
      resolve: (c) => c.flags ?? [],
    }),
    paid: t.expose('paid', { type: 'Cents' }),
    writtenOff: t.expose('writtenOff', { type: 'Cents' }),
    outstanding: t.expose('outstanding', { type: 'Cents' }),
    preferential: t.exposeBoolean('preferential'),
    consumer: t.exposeBoolean('consumer'),
    incurredOn: t.expose('incurredOn', { type: 'Date' }),
    status: t.expose('status', { type: ClaimStatusEnum }),
  }),
});

const RegisterClaimInput = builder
  .inputType('RegisterClaimInput', {
    fields: (t) => ({
      commandId: t.id(),
      householdId: t.id(),
      reference: t.string({ description: "The creditor's own reference for the claim." }),
      description: t.string(),
      principal: t.field({ type: 'Cents' }),
      preferential: t.boolean(),
      consumer: t.boolean({ description: 'False for a claim on a business; WIK limits apply to consumers.' }),
      incurredOn: t.field({ type: 'Date' }),
      interestFrom: t.field({
        type: 'Date',
        required: false,
        description: 'Start of default (verzuim), not before incurredOn: statutory interest (art. 6:119 BW) runs from this day. Without it, no interest.',
      }),
    }),
  })
  .validate(registerClaimInputSchema);

const ChargeCollectionCostsInput = builder
  .inputType('ChargeCollectionCostsInput', {
    fields: (t) => ({
      commandId: t.id(),
      claimId: t.id(),
      amount: t.field({ type: 'Cents' }),
      vatApplies: t.boolean({ description: "Fixed per claim by its first charge; a later charge with another value is refused." }),
      reminderSentOn: t.field({ type: 'Date' }),
      reminderReceivedOn: t.field({
        type: 'Date',
        required: false,
        description: 'When the debtor received the reminder; without it, the second day after reminderSentOn. The 14 days run from the day after.',
      }),
      reminderReference: t.string({
        required: false,
        description: "The reminder's reference: claims of one creditor citing the same reminder share one WIK maximum on the sum of their principals.",
      }),
      chargedOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(chargeCollectionCostsInputSchema);

const RecordPaymentInput = builder
  .inputType('RecordPaymentInput', {
    fields: (t) => ({
      commandId: t.id(),
      claimId: t.id(),
      amount: t.field({ type: 'Cents' }),
      paidOn: t.field({ type: 'Date' }),
    }),
  })
  .validate(recordPaymentInputSchema);

builder.mutationFields((t) => ({
  registerClaim: commandMutation(t, {
    type: ClaimRef,
    role: 'CREDITOR',
    input: RegisterClaimInput,
    household: (input) => input.householdId,
    command: ({ commandId, householdId, ...data }, ctx) => ({
      type: 'RegisterClaim',
      data: { ...data, claimId: claimIdFor(householdId, actorOf(ctx).org, commandId) },
    }),
    answer: async ({ householdId, command, receipt, state }, ctx) => {
      const claim = state.claims.get(receipt.claimId ?? command.data.claimId);
      if (!claim) throw new LedgerError('NOT_FOUND', 'No such claim');
      // The answer holds the claim's reference and description: personal data, recorded as read.
      await auditHouseholdRead(ctx, householdId, 'claims');
      return claimOn(claim, ctx.ledger.parameters.statutoryInterestRates ?? [], businessDateAt(ctx.requestedAt));
    },
  }),
  chargeCollectionCosts: commandMutation(t, {
    role: 'CREDITOR',
    input: ChargeCollectionCostsInput,
    household: (input) => householdOf('claim', input.claimId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'ChargeCollectionCosts', data }),
  }),
  recordPayment: commandMutation(t, {
    role: 'CREDITOR',
    input: RecordPaymentInput,
    household: (input) => householdOf('claim', input.claimId),
    command: ({ commandId: _commandId, ...data }) => ({ type: 'RecordPayment', data }),
  }),
}));
