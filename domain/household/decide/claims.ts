/** Claims, collection costs (WIK) and payments. */
import { outstanding } from '../../claims.js';
import { LedgerError, validationFailed } from '../../errors.js';
import type { Cents } from '../../money.js';
import { firstDayCostsMayBeCharged, wikMaximum } from '../../wik.js';
import type { HouseholdCommand } from '../commands.js';
import type { HouseholdEvent } from '../events.js';
import { metaFor, notInArrangement, notInFuture, ownClaim, requireHousehold } from '../guards.js';
import type { HouseholdState } from '../state.js';

export function registerClaim(command: Extract<HouseholdCommand, { type: 'RegisterClaim' }>, state: HouseholdState): HouseholdEvent[] {
  requireHousehold(state);
  const { actor } = command.meta;
  if (actor.role !== 'CREDITOR') throw new LedgerError('FORBIDDEN', 'Only a creditor registers its claims');
  const { data } = command;
  if (state.claims.has(data.claimId)) throw new LedgerError('ALREADY_EXISTS', 'This claim is already registered');
  notInFuture(command, { incurredOn: data.incurredOn });
  return [
    {
      type: 'ClaimRegistered',
      v: 1,
      data: {
        claimId: data.claimId,
        creditorId: actor.org,
        reference: data.reference,
        description: data.description,
        principal: data.principal,
        preferential: data.preferential,
        consumer: data.consumer,
      },
      meta: metaFor(command, data.incurredOn),
    },
  ];
}

export function chargeCollectionCosts(command: Extract<HouseholdCommand, { type: 'ChargeCollectionCosts' }>, state: HouseholdState): HouseholdEvent[] {
  const claim = ownClaim(state, command.meta.actor, command.data.claimId);
  notInArrangement(claim);
  const { amount, vatApplies, reminderSentOn, chargedOn } = command.data;
  notInFuture(command, { reminderSentOn, chargedOn });
  if (reminderSentOn < claim.incurredOn) {
    throw validationFailed([{ path: 'input.reminderSentOn', reason: `is before the claim was incurred (${claim.incurredOn})` }]);
  }
  if (claim.consumer) {
    const firstDay = firstDayCostsMayBeCharged(reminderSentOn);
    if (chargedOn < firstDay) {
      throw new LedgerError(
        'REMINDER_PERIOD_NOT_ELAPSED',
        `Collection costs may be charged from ${firstDay}: 14 full days after the reminder of ${reminderSentOn}`,
        { firstAllowedOn: firstDay },
      );
    }
    const maximum: Cents = wikMaximum(claim.principal, vatApplies);
    if (claim.costs + amount > maximum) {
      throw new LedgerError(
        'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM',
        `Collection costs on this claim may total at most ${maximum} cents; ${claim.costs} already charged`,
        { maximum, alreadyCharged: claim.costs, available: Math.max(0, maximum - claim.costs) },
      );
    }
  }
  return [
    {
      type: 'CollectionCostsCharged',
      v: 1,
      data: { claimId: claim.claimId, amount, vatApplies, reminderSentOn },
      meta: metaFor(command, chargedOn),
    },
  ];
}

export function recordPayment(command: Extract<HouseholdCommand, { type: 'RecordPayment' }>, state: HouseholdState): HouseholdEvent[] {
  const claim = ownClaim(state, command.meta.actor, command.data.claimId);
  notInArrangement(claim);
  const { amount, paidOn } = command.data;
  notInFuture(command, { paidOn });
  const balance = outstanding(claim);
  if (amount > balance) {
    throw new LedgerError('PAYMENT_EXCEEDS_OUTSTANDING', `Payment ${amount} exceeds the outstanding balance ${balance}`, {
      outstanding: balance,
    });
  }
  return [
    {
      type: 'PaymentRecorded',
      v: 1,
      data: { claimId: claim.claimId, amount },
      meta: metaFor(command, paidOn),
    },
  ];
}

