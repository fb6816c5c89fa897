/** Claims, collection costs (WIK) and payments. */
import { outstanding } from '../../claims.js';
import { LedgerError, validationFailed } from '../../errors.js';
import { outstandingBefore } from '../../interest.js';
import { formatEuros, type Cents } from '../../money.js';
import type { ParameterTable } from '../../parameters.js';
import { firstDayCostsMayBeCharged, presumedReceipt, sharedWikMaximum } from '../../wik.js';
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
  const interestFrom = data.interestFrom ?? null;
  notInFuture(command, { incurredOn: data.incurredOn });
  if (interestFrom !== null && interestFrom < data.incurredOn) throw validationFailed([{ path: 'input.interestFrom', reason: 'must not be before incurredOn' }]);
  return [
    {
      type: 'ClaimRegistered',
      v: 2,
      data: {
        claimId: data.claimId,
        creditorId: actor.org,
        reference: data.reference,
        description: data.description,
        principal: data.principal,
        preferential: data.preferential,
        consumer: data.consumer,
        interestFrom,
      },
      meta: metaFor(command, data.incurredOn),
    },
  ];
}

export function chargeCollectionCosts(command: Extract<HouseholdCommand, { type: 'ChargeCollectionCosts' }>, state: HouseholdState): HouseholdEvent[] {
  const claim = ownClaim(state, command.meta.actor, command.data.claimId);
  notInArrangement(claim);
  const { amount, vatApplies, reminderSentOn, chargedOn } = command.data;
  const reminderReceivedOn = command.data.reminderReceivedOn ?? null;
  const reminderReference = command.data.reminderReference ?? null;
  notInFuture(command, { reminderSentOn, chargedOn, ...(reminderReceivedOn !== null ? { reminderReceivedOn } : {}) });
  if (reminderSentOn < claim.incurredOn) {
    throw validationFailed([{ path: 'input.reminderSentOn', reason: `is before the claim was incurred (${claim.incurredOn})` }]);
  }
  // VAT status is a fact of the claim's collection, not of one charge.
  if (claim.vatApplies !== null && claim.vatApplies !== vatApplies) {
    throw validationFailed([{ path: 'input.vatApplies', reason: `is fixed for this claim by its first charge (${claim.vatApplies})` }]);
  }
  if (claim.reminderReference !== null && reminderReference !== null && claim.reminderReference !== reminderReference) {
    throw validationFailed([{ path: 'input.reminderReference', reason: `this claim's costs cite reminder ${claim.reminderReference}` }]);
  }
  if (claim.consumer) {
    const receivedOn = reminderReceivedOn ?? presumedReceipt(reminderSentOn);
    const firstDay = firstDayCostsMayBeCharged(receivedOn);
    if (chargedOn < firstDay) {
      throw new LedgerError(
        'REMINDER_PERIOD_NOT_ELAPSED',
        `Collection costs may be charged from ${firstDay}: 14 days after the reminder was received on ${receivedOn}`,
        { firstAllowedOn: firstDay },
      );
    }
    const reference = reminderReference ?? claim.reminderReference;
    const reminded = [...state.claims.values()].filter(
      (c) => c.claimId === claim.claimId || (reference !== null && c.consumer && c.creditorId === claim.creditorId && c.reminderReference === reference),
    );
    const maximum: Cents = sharedWikMaximum(claim.claimId, reminded, vatApplies);
    // The claims citing one reminder together never exceed the scale on the sum of their principals,
    // also when one of them was charged in full before another cited the reminder.
    const others = reminded.filter((c) => c.claimId !== claim.claimId);
    const reminderMaximum = others.length === 0 ? maximum : reminded.reduce((sum, c) => sum + sharedWikMaximum(c.claimId, reminded, c.claimId === claim.claimId ? vatApplies : (c.vatApplies ?? false)), 0);
    const reminderCharged = reminded.reduce((sum, c) => sum + c.costs, 0);
    const available = Math.max(0, Math.min(maximum - claim.costs, reminderMaximum - reminderCharged));
    if (amount > available) {
      throw new LedgerError(
        'COLLECTION_COSTS_ABOVE_LEGAL_MAXIMUM',
        `Collection costs on this claim may total at most ${formatEuros(maximum)}; ${formatEuros(claim.costs)} already charged` +
          (others.length > 0 ? ` (reminder ${reference}: at most ${formatEuros(reminderMaximum)} over ${reminded.length} claims, ${formatEuros(reminderCharged)} charged)` : ''),
        { maximum, alreadyCharged: claim.costs, available, ...(others.length > 0 ? { reminderMaximum } : {}) },
      );
    }
  }
  return [
    {
      type: 'CollectionCostsCharged',
      v: 2,
      data: { claimId: claim.claimId, amount, vatApplies, reminderSentOn, reminderReceivedOn, reminderReference },
      meta: metaFor(command, chargedOn),
    },
  ];
}

export function recordPayment(command: Extract<HouseholdCommand, { type: 'RecordPayment' }>, state: HouseholdState, parameters: ParameterTable): HouseholdEvent[] {
  const claim = ownClaim(state, command.meta.actor, command.data.claimId);
  notInArrangement(claim);
  const { amount, paidOn } = command.data;
  notInFuture(command, { paidOn });
  const balance = outstanding(outstandingBefore(claim, parameters, paidOn));
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

