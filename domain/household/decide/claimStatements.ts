/** Claim-statement requests: how the counsellor gathers the debt overview, and how creditors come in. */
import { businessDateAt } from '../../dates.js';
import { LedgerError, validationFailed } from '../../errors.js';
import type { HouseholdCommand } from '../commands.js';
import type { HouseholdEvent } from '../events.js';
import { metaFor, requireHousehold } from '../guards.js';
import type { HouseholdState } from '../state.js';

export function requestClaimStatement(command: Extract<HouseholdCommand, { type: 'RequestClaimStatement' }>, state: HouseholdState): HouseholdEvent[] {
  requireHousehold(state);
  const { requestId, creditorOrg, dueOn } = command.data;
  const today = businessDateAt(command.meta.recordedAt);
  if (dueOn < today) throw validationFailed([{ path: 'input.dueOn', reason: `${dueOn} is in the past (today is ${today})` }]);
  if (creditorOrg === command.meta.actor.org) throw validationFailed([{ path: 'input.creditorOrg', reason: 'a counsellor requests a statement from a creditor, not from itself' }]);
  for (const r of state.claimStatementRequests.values()) {
    if (r.creditorOrg === creditorOrg && r.answeredOn === null) throw new LedgerError('ALREADY_EXISTS', `A claim statement from ${creditorOrg} is already requested (due ${r.dueOn})`);
  }
  return [{ type: 'ClaimStatementRequested', v: 1, data: { requestId, creditorOrg, dueOn }, meta: metaFor(command, today) }];
}
