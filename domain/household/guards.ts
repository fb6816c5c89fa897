import type { Actor } from '../actors.js';
import type { ClaimFacts } from '../claims.js';
import { type BusinessDate, businessDateAt } from '../dates.js';
import { LedgerError, validationFailed } from '../errors.js';
import { holdsMandateOn } from '../mandates.js';
import { commandFingerprint } from './commandFingerprint.js';
import type { HouseholdCommand } from './commands.js';
import type { DatedEventMeta } from './events.js';
import type { HouseholdState } from './state.js';

/** Checks every decision shares: who acts, on what, and when. */
export function metaFor(command: HouseholdCommand, effectiveOn: BusinessDate): DatedEventMeta {
  const { actor, commandId, correlationId, recordedAt } = command.meta;
  const { commandType, payloadHash } = commandFingerprint(command);
  return { org: actor.org, role: actor.role, sub: actor.sub, commandId, correlationId, recordedAt, effectiveOn, commandType, payloadHash };
}

export function notInFuture(command: HouseholdCommand, fields: Record<string, BusinessDate>): void {
  const today = businessDateAt(command.meta.recordedAt);
  const issues = Object.entries(fields)
    .filter(([, date]) => date > today)
    .map(([field, date]) => ({ path: `input.${field}`, reason: `${date} is in the future (today is ${today})` }));
  if (issues.length > 0) throw validationFailed(issues);
}

export function requireHousehold(state: HouseholdState): void {
  if (state.householdId === null) throw new LedgerError('NOT_FOUND', 'No such household');
}

/** Whether the actor is a counsellor holding a mandate on the day it acts. */
export function holdsMandate(state: HouseholdState, actor: Actor, recordedAt: string): boolean {
  return actor.role === 'COUNSELLOR' && holdsMandateOn(state.mandates, actor.org, businessDateAt(recordedAt));
}

export function requireMandate(state: HouseholdState, actor: Actor, recordedAt: string): void {
  if (!holdsMandate(state, actor, recordedAt)) {
    throw new LedgerError('FORBIDDEN', `${actor.org} holds no mandate for this household`);
  }
}

/** The household itself: a HOUSEHOLD token whose organisation is the household id. */
export function isTheHousehold(state: HouseholdState, actor: Actor): boolean {
  return actor.role === 'HOUSEHOLD' && actor.org === state.householdId;
}

export function hasClaims(state: HouseholdState, creditorId: string): boolean {
  for (const c of state.claims.values()) if (c.creditorId === creditorId) return true;
  return false;
}

/** While an arrangement is active, the claim is paid through it (and accrues no new costs). */
export function notInArrangement(claim: ClaimFacts): void {
  if (claim.arrangementId !== null) {
    throw validationFailed([{ path: 'input.claimId', reason: 'the claim is in an active debt arrangement: payments follow the offer' }]);
  }
}

/** A creditor acts only on its own claims (policy §8). */
export function ownClaim(state: HouseholdState, actor: Actor, claimId: string): ClaimFacts {
  requireHousehold(state);
  const claim = state.claims.get(claimId);
  if (!claim) throw new LedgerError('NOT_FOUND', 'No such claim');
  if (actor.role !== 'CREDITOR' || claim.creditorId !== actor.org) {
    throw new LedgerError('FORBIDDEN', `Claim belongs to another organisation than ${actor.org}`);
  }
  return claim;
}

