import type { Actor } from '../actors.js';
import type { AnswerArrangementInput, ChangeCompositionInput, ChargeCollectionCostsInput, CloseComplaintInput, CloseSignalInput, CompleteArrangementInput, DeclareIncomeInput, EndMeasureInput, EndMoratoriumInput, EraseHouseholdInput, FailArrangementInput, GrantMandateInput, LodgeComplaintInput, ProposeArrangementInput, RecordArrangementPaymentInput, RecordComplaintNoteInput, RecordContactAttemptInput, RecordPaymentInput, RecordProtectedIncomeInput, RegisterClaimInput, RequestClaimStatementInput, DisputeProtectedIncomeInput, ResolveProtectedIncomeDisputeInput, RegisterHouseholdInput, RegisterMeasureInput, RevokeMandateInput, SendSignalInput, StartMoratoriumInput } from './inputs.js';

/**
 * The household decider (Emmett's shape): `decide(command, state) → events`,
 * `evolve(state, event) → state`, `initialState()`. Pure: the clock, ids and actor come in
 * with the command.
 */

export interface CommandMeta {
  actor: Actor;
  commandId: string;
  correlationId: string;
  /** The instant the ledger stores the resulting events. */
  recordedAt: string;
}

type Without<T, K extends keyof T> = Omit<T, K>;

export type HouseholdCommand =
  | { type: 'RegisterHousehold'; meta: CommandMeta; data: Without<RegisterHouseholdInput, 'commandId'> & { householdId: string } }
  | { type: 'ChangeComposition'; meta: CommandMeta; data: Without<ChangeCompositionInput, 'commandId' | 'householdId'> }
  | { type: 'DeclareIncome'; meta: CommandMeta; data: Without<DeclareIncomeInput, 'commandId' | 'householdId'> }
  | { type: 'RecordProtectedIncome'; meta: CommandMeta; data: Without<RecordProtectedIncomeInput, 'commandId' | 'householdId'> }
  | {
      type: 'RegisterClaim';
      meta: CommandMeta;
      /** `interestFrom` is optional (issue 12 item 9); absent means no statutory interest. */
      data: Without<RegisterClaimInput, 'commandId' | 'householdId' | 'interestFrom'> & Partial<Pick<RegisterClaimInput, 'interestFrom'>> & { claimId: string };
    }
  | {
      type: 'ChargeCollectionCosts';
      meta: CommandMeta;
      /** The reminder's receipt date and reference are optional (issue 12); absent means null. */
      data: Without<ChargeCollectionCostsInput, 'commandId' | 'reminderReceivedOn' | 'reminderReference'> &
        Partial<Pick<ChargeCollectionCostsInput, 'reminderReceivedOn' | 'reminderReference'>>;
    }
  | { type: 'RecordPayment'; meta: CommandMeta; data: Without<RecordPaymentInput, 'commandId'> }
  | { type: 'RegisterMeasure'; meta: CommandMeta; data: Without<RegisterMeasureInput, 'commandId' | 'householdId'> & { measureId: string } }
  | { type: 'EndMeasure'; meta: CommandMeta; data: Without<EndMeasureInput, 'commandId'> }
  | { type: 'StartMoratorium'; meta: CommandMeta; data: Without<StartMoratoriumInput, 'commandId' | 'householdId'> & { moratoriumId: string } }
  | { type: 'EndMoratorium'; meta: CommandMeta; data: Without<EndMoratoriumInput, 'commandId'> }
  | { type: 'ProposeArrangement'; meta: CommandMeta; data: Without<ProposeArrangementInput, 'commandId' | 'householdId'> & { arrangementId: string } }
  | { type: 'AnswerArrangement'; meta: CommandMeta; data: Without<AnswerArrangementInput, 'commandId'> }
  | { type: 'RecordArrangementPayment'; meta: CommandMeta; data: Without<RecordArrangementPaymentInput, 'commandId'> }
  | { type: 'CompleteArrangement'; meta: CommandMeta; data: Without<CompleteArrangementInput, 'commandId'> }
  | { type: 'FailArrangement'; meta: CommandMeta; data: Without<FailArrangementInput, 'commandId'> }
  | { type: 'SendSignal'; meta: CommandMeta; data: Without<SendSignalInput, 'commandId' | 'householdId'> & { signalId: string } }
  | { type: 'RecordContactAttempt'; meta: CommandMeta; data: Without<RecordContactAttemptInput, 'commandId'> }
  | { type: 'CloseSignal'; meta: CommandMeta; data: Without<CloseSignalInput, 'commandId'> }
  | { type: 'LodgeComplaint'; meta: CommandMeta; data: Without<LodgeComplaintInput, 'commandId' | 'householdId'> & { complaintId: string } }
  | { type: 'RecordComplaintNote'; meta: CommandMeta; data: Without<RecordComplaintNoteInput, 'commandId'> }
  | { type: 'CloseComplaint'; meta: CommandMeta; data: Without<CloseComplaintInput, 'commandId'> }
  | { type: 'GrantMandate'; meta: CommandMeta; data: Without<GrantMandateInput, 'commandId' | 'householdId'> }
  | { type: 'RevokeMandate'; meta: CommandMeta; data: Without<RevokeMandateInput, 'commandId' | 'householdId'> }
  | { type: 'EraseHousehold'; meta: CommandMeta; data: Without<EraseHouseholdInput, 'commandId' | 'householdId'> }
  | { type: 'RequestClaimStatement'; meta: CommandMeta; data: Without<RequestClaimStatementInput, 'commandId' | 'householdId'> & { requestId: string } }
  | { type: 'DisputeProtectedIncome'; meta: CommandMeta; data: Without<DisputeProtectedIncomeInput, 'commandId' | 'recordId'> & { recordSeq: number } }
  | { type: 'ResolveProtectedIncomeDispute'; meta: CommandMeta; data: Without<ResolveProtectedIncomeDisputeInput, 'commandId' | 'recordId'> & { recordSeq: number } };

