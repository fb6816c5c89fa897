import type { Actor } from '../actors.js';
import { LedgerError } from '../errors.js';
import type { HouseholdCommand } from './commands.js';
import { hasClaims, holdsMandate, isTheHousehold } from './guards.js';
import type { HouseholdState } from './state.js';

/**
 * Who may give a command on this household, checked before anything else, also before a
 * repeated command is answered from its receipt (policy §10): a revoked counsellor or a creditor
 * without a claim learns nothing by replaying an old command id.
 *
 * A household that does not exist refuses exactly as one the actor has no relation to, so the
 * answer does not tell which household ids exist.
 */
export function authorize(command: HouseholdCommand, state: HouseholdState): void {
  const { actor, recordedAt } = command.meta;
  const mandate = () => holdsMandate(state, actor, recordedAt);
  switch (command.type) {
    case 'RegisterHousehold':
      if (actor.role !== 'COUNSELLOR') refuse('Only a counsellor registers a household');
      // Registered already (the command repeated): only while the registering counsellor still holds its mandate.
      if (state.householdId !== null && !mandate()) refuse(noMandate(actor));
      return;
    case 'DeclareIncome':
    case 'StartMoratorium':
    case 'EndMoratorium':
    case 'ProposeArrangement':
    case 'RecordArrangementPayment':
    case 'CompleteArrangement':
    case 'FailArrangement':
    case 'RecordContactAttempt':
    case 'CloseSignal':
    case 'RequestClaimStatement':
    case 'DisputeProtectedIncome':
    case 'ResolveProtectedIncomeDispute':
      if (!mandate()) refuse(noMandate(actor));
      return;
    case 'RecordProtectedIncome':
      if (!mandate() && !(actor.role === 'CREDITOR' && hasClaims(state, actor.org))) {
        refuse(`${actor.org} holds no mandate and has no claim on this household`);
      }
      return;
    case 'RegisterClaim':
      if (actor.role !== 'CREDITOR') refuse('Only a creditor registers its claims');
      if (!hasClaims(state, actor.org) && !hasOpenRequest(state, actor.org)) {
        refuse(`No claim statement was requested from ${actor.org} for this household: the household's counsellor requests one first`);
      }
      return;
    case 'ChargeCollectionCosts':
    case 'RecordPayment':
      requireOwnClaims(state, actor, [command.data.claimId]);
      return;
    case 'RegisterMeasure':
      requireOwnClaims(state, actor, command.data.claimIds);
      return;
    case 'EndMeasure': {
      const measure = state.measures.get(command.data.measureId);
      if (actor.role !== 'CREDITOR' || measure?.creditorId !== actor.org) refuse(`${actor.org} registered no measure with this id`);
      return;
    }
    case 'AnswerArrangement': {
      const arrangement = state.arrangements.get(command.data.arrangementId);
      const inIt = arrangement?.offers.some((o) => o.creditorId === actor.org) ?? false;
      if (actor.role !== 'CREDITOR' || !inIt) refuse('Only a creditor with a claim in the arrangement answers it');
      return;
    }
    case 'SendSignal':
      if (actor.role !== 'CREDITOR') refuse('Only a partner (creditor) sends an arrears signal');
      return;
    case 'LodgeComplaint':
      if (actor.role !== 'OMBUDSMAN' && !mandate() && !isTheHousehold(state, actor)) {
        refuse('A complaint is lodged by the household, its counsellor or the ombudsman');
      }
      return;
    case 'RecordComplaintNote':
    case 'CloseComplaint':
      if (actor.role !== 'OMBUDSMAN') refuse('Only the ombudsman records findings, recommendations and closure');
      return;
    case 'GrantMandate':
    case 'RevokeMandate':
      if (!isTheHousehold(state, actor) && !mandate()) {
        refuse('Mandates are granted and revoked by the household or by a counsellor that holds one');
      }
      return;
    case 'EraseHousehold':
      if (actor.role !== 'ADMIN') refuse('Only an administrator carries out an erasure request');
      return;
  }
}

function refuse(message: string): never {
  throw new LedgerError('FORBIDDEN', message);
}

function noMandate(actor: Actor): string {
  return `${actor.org} holds no mandate for this household`;
}

export function hasOpenRequest(state: HouseholdState, creditorOrg: string): boolean {
  for (const r of state.claimStatementRequests.values()) if (r.creditorOrg === creditorOrg && r.answeredOn === null) return true;
  return false;
}

/** A creditor acts only on its own claims; someone else's claim and no claim refuse alike. */
function requireOwnClaims(state: HouseholdState, actor: Actor, claimIds: readonly string[]): void {
  for (const id of claimIds) {
    const claim = state.claims.get(id);
    if (actor.role !== 'CREDITOR' || claim?.creditorId !== actor.org) refuse(`${actor.org} has no claim with id ${id}`);
  }
}
