import { LedgerError } from '../errors.js';
import type { ParameterTable } from '../parameters.js';
import type { HouseholdCommand } from './commands.js';
import { answerArrangement, completeArrangement, failArrangement, proposeArrangement, recordArrangementPayment } from './decide/arrangements.js';
import { chargeCollectionCosts, recordPayment, registerClaim } from './decide/claims.js';
import { endMeasure, endMoratorium, registerMeasure, startMoratorium } from './decide/collection.js';
import { closeComplaint, lodgeComplaint, recordComplaintNote } from './decide/complaints.js';
import { changeComposition, declareIncome, eraseHousehold, grantMandate, recordProtectedIncome, registerHousehold, revokeMandate } from './decide/registration.js';
import { closeSignal, recordContactAttempt, sendSignal } from './decide/signals.js';
import type { HouseholdEvent } from './events.js';
import { evolve, initialState, receiptKey, type HouseholdState } from './state.js';

/**
 * The household decider (Emmett's shape): `decide(command, state) → events`,
 * `evolve(state, event) → state`, `initialState()`. Pure: the clock, ids and actor come in
 * with the command. The rules live per subject in ./decide/; the state and its fold in ./state.ts.
 */
export type { CommandMeta, HouseholdCommand } from './commands.js';
export * from './state.js';

export function createHouseholdDecider(parameters: ParameterTable) {
  function decide(command: HouseholdCommand, state: HouseholdState): HouseholdEvent[] {
    if (state.receipts.has(receiptKey(command.meta.actor, command.meta.commandId))) return [];
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
    }
  }

  return { decide, evolve, initialState };
}

export type HouseholdDecider = ReturnType<typeof createHouseholdDecider>;
