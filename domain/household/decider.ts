import { LedgerError } from '../errors.js';
import type { ParameterTable } from '../parameters.js';
import type { HouseholdCommand } from './commands.js';
import { answerArrangement, completeArrangement, failArrangement, proposeArrangement, recordArrangementPayment } from './decide/arrangements.js';
import { chargeCollectionCosts, recordPayment, registerClaim } from './decide/claims.js';
import { endMeasure, endMoratorium, registerMeasure, startMoratorium } from './decide/collection.js';
import { closeComplaint, lodgeComplaint, recordComplaintNote } from './decide/complaints.js';
import { changeComposition, declareIncome, eraseHousehold, grantMandate, recordProtectedIncome, registerHousehold, revokeMandate } from './decide/registration.js';
import { closeSignal, recordContactAttempt, sendSignal } from './decide/signals.js';
import { authorize } from './authorize.js';
import { commandFingerprint } from './commandFingerprint.js';
import type { HouseholdEvent } from './events.js';
import { requestClaimStatement } from './decide/claimStatements.js';
import { disputeProtectedIncome, resolveProtectedIncomeDispute } from './decide/registration.js';
import { evolve, initialState, receiptKey, type HouseholdState, type Receipt } from './state.js';

/**
 * A command id is bound to its command (policy §10): the same id with the same type and payload
 * is answered from the receipt; with another type or payload it is refused. Receipts written
 * before 4 December 2026 carry no fingerprint and are answered as before.
 */
function requireSameCommand(receipt: Receipt, command: HouseholdCommand): void {
  if (receipt.commandType === undefined || receipt.payloadHash === undefined) return;
  const { commandType, payloadHash } = commandFingerprint(command);
  if (receipt.commandType !== commandType || receipt.payloadHash !== payloadHash) {
    throw new LedgerError(
      'COMMAND_ID_REUSED',
      `Command id ${command.meta.commandId} was used before by ${command.meta.actor.org} for ${receipt.commandType === commandType ? 'a command with other input' : `another command (${receipt.commandType})`}: use a new command id`,
      { commandId: command.meta.commandId },
    );
  }
}

/**
 * The household decider (Emmett's shape): `decide(command, state) → events`,
 * `evolve(state, event) → state`, `initialState()`. Pure: the clock, ids and actor come in
 * with the command. The rules live per subject in ./decide/; the state and its fold in ./state.ts.
 */
export type { CommandMeta, HouseholdCommand } from './commands.js';
export * from './state.js';

export function createHouseholdDecider(parameters: ParameterTable) {
  function decide(command: HouseholdCommand, state: HouseholdState): HouseholdEvent[] {
    authorize(command, state);
    const receipt = state.receipts.get(receiptKey(command.meta.actor, command.meta.commandId));
    if (receipt) {
      requireSameCommand(receipt, command);
      return [];
    }
    if (state.erased) throw new LedgerError('FORBIDDEN', 'The personal data of this household was erased: it takes no more commands');
    switch (command.type) {
      case 'RegisterHousehold':
        return registerHousehold(command, state);
      case 'ChangeComposition':
        return changeComposition(command, state);
      case 'DeclareIncome':
        return declareIncome(command, state);
      case 'RecordProtectedIncome':
        return recordProtectedIncome(command, state, parameters);
      case 'RegisterClaim':
        return registerClaim(command, state);
      case 'ChargeCollectionCosts':
        return chargeCollectionCosts(command, state);
      case 'RecordPayment':
        return recordPayment(command, state, parameters);
      case 'RegisterMeasure':
        return registerMeasure(command, state, parameters);
      case 'EndMeasure':
        return endMeasure(command, state);
      case 'StartMoratorium':
        return startMoratorium(command, state);
      case 'EndMoratorium':
        return endMoratorium(command, state);
      case 'ProposeArrangement':
        return proposeArrangement(command, state, parameters);
      case 'AnswerArrangement':
        return answerArrangement(command, state);
      case 'RecordArrangementPayment':
        return recordArrangementPayment(command, state, parameters);
      case 'CompleteArrangement':
        return completeArrangement(command, state, parameters);
      case 'FailArrangement':
        return failArrangement(command, state);
      case 'SendSignal':
        return sendSignal(command, state, parameters);
      case 'RecordContactAttempt':
        return recordContactAttempt(command, state);
      case 'CloseSignal':
        return closeSignal(command, state);
      case 'LodgeComplaint':
        return lodgeComplaint(command, state);
      case 'RecordComplaintNote':
        return recordComplaintNote(command, state);
      case 'CloseComplaint':
        return closeComplaint(command, state);
      case 'GrantMandate':
        return grantMandate(command, state);
      case 'RevokeMandate':
        return revokeMandate(command, state);
      case 'EraseHousehold':
        return eraseHousehold(command, state);
      case 'RequestClaimStatement':
        return requestClaimStatement(command, state);
      case 'DisputeProtectedIncome':
        return disputeProtectedIncome(command, state);
      case 'ResolveProtectedIncomeDispute':
        return resolveProtectedIncomeDispute(command, state);
    }
  }

  return { decide, evolve, initialState };
}

export type HouseholdDecider = ReturnType<typeof createHouseholdDecider>;
