/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AnswerArrangementInput = {
  answer: CreditorAnswer;
  arrangementId: string | number;
  commandId: string | number;
};

export type ArrangementStatus =
  | 'ACTIVE'
  | 'COMPLETED'
  | 'FAILED'
  | 'PROPOSED'
  | 'REJECTED';

export type ClaimStatus =
  | 'DISPUTED'
  | 'IN_ARRANGEMENT'
  | 'OPEN'
  | 'SETTLED'
  | 'WRITTEN_OFF';

export type CloseComplaintInput = {
  commandId: string | number;
  complaintId: string | number;
  conclusion: ComplaintConclusion;
  text: string;
};

export type CloseSignalInput = {
  closedOn: string;
  commandId: string | number;
  outcome: SignalOutcome;
  signalId: string | number;
};

export type ComplaintConclusion =
  | 'FOUNDED'
  | 'PARTLY_FOUNDED'
  | 'SETTLED_BY_MEDIATION'
  | 'UNFOUNDED'
  | 'WITHDRAWN';

export type ComplaintNoteKind =
  | 'FINDING'
  | 'RECOMMENDATION';

export type Composition =
  | 'COUPLE'
  | 'COUPLE_WITH_CHILDREN'
  | 'SINGLE'
  | 'SINGLE_PARENT';

export type ContactMethod =
  | 'ADMINISTRATIVE'
  | 'CARD'
  | 'HOME_VISIT'
  | 'LETTER'
  | 'MAIL'
  | 'OTHER'
  | 'PHONE'
  | 'SMS_OR_APP';

export type CreditorAnswer =
  | 'ACCEPT'
  | 'REJECT';

export type DeclareIncomeInput = {
  commandId: string | number;
  effectiveOn: string;
  householdId: string | number;
  kind: IncomeKind;
  /** Which member (by BSN) earns it. */
  memberBsn: string;
  netMonthly: number;
  payer: string;
};

export type DisputeProtectedIncomeInput = {
  commandId: string | number;
  /** Why the record is wrong (e.g. the composition it was based on). */
  reason: string;
  /** The id of a ProtectedIncomeRecord. */
  recordId: string | number;
};

export type DistributionKey =
  | 'DOUBLE_FOR_PREFERENTIAL'
  | 'PRO_RATA';

export type EndMeasureInput = {
  commandId: string | number;
  /** Last day the measure applies. */
  endsOn: string;
  measureId: string | number;
  reason: string;
};

export type EndMoratoriumInput = {
  commandId: string | number;
  /** The new last day. */
  endsOn: string;
  moratoriumId: string | number;
  reason: string;
};

export type GrantMandateInput = {
  commandId: string | number;
  /** The counsellor organisation that receives the mandate. */
  counsellorOrg: string | number;
  /** Last day; open-ended when absent. */
  endsOn?: string | null | undefined;
  householdId: string | number;
  startsOn: string;
};

export type IncomeKind =
  | 'ALIMONY'
  | 'BENEFIT_OTHER'
  | 'BENEFIT_PARTICIPATIEWET'
  | 'OTHER'
  | 'PENSION'
  | 'WAGES';

export type LodgeComplaintInput = {
  /** The organisation complained about. */
  againstOrg: string | number;
  commandId: string | number;
  householdId: string | number;
  /** Revisions of the household stream the complaint is about. */
  relatedRevisions?: Array<number> | null | undefined;
  subject: string;
  text: string;
};

export type MeasureKind =
  | 'GARNISHMENT'
  | 'PAYMENT_PLAN'
  | 'SET_OFF'
  | 'WITHHOLDING_AT_SOURCE';

export type MemberInput = {
  birthDate: string;
  bsn: string;
  name: string;
  /** Without it: the first member is the DEBTOR, the second of a couple the PARTNER, others CHILD. Only debtor and partner income counts. */
  role?: MemberRole | null | undefined;
};

export type MemberRole =
  | 'CHILD'
  | 'DEBTOR'
  | 'OTHER'
  | 'PARTNER';

export type PartnerType =
  | 'BELASTINGDIENST'
  | 'CAK'
  | 'DUO'
  | 'ENERGY'
  | 'HEALTH_INSURER'
  | 'HOUSING'
  | 'MORTGAGE'
  | 'OTHER_PUBLIC'
  | 'TOESLAGEN'
  | 'WATER';

export type ProposeArrangementInput = {
  commandId: string | number;
  householdId: string | number;
  key?: DistributionKey | null | undefined;
  monthlyCapacity: number;
  startsOn: string;
  termMonths?: number | null | undefined;
  /** Required for a term other than 18 months. */
  termReason?: string | null | undefined;
};

export type ProtectedIncomeBasis =
  | 'ESTIMATE'
  | 'OFFICIAL';

export type ProtectedIncomeSource =
  | 'BAILIFF'
  | 'COURT'
  | 'INLICHTINGENBUREAU'
  | 'OTHER_OFFICIAL';

export type RecordComplaintNoteInput = {
  commandId: string | number;
  complaintId: string | number;
  kind: ComplaintNoteKind;
  relatedRevisions?: Array<number> | null | undefined;
  text: string;
};

export type RecordContactAttemptInput = {
  attemptedOn: string;
  commandId: string | number;
  method: ContactMethod;
  reached: boolean;
  signalId: string | number;
};

export type RecordProtectedIncomeInput = {
  amount: number;
  commandId: string | number;
  householdId: string | number;
  reference: string;
  source: ProtectedIncomeSource;
  validFrom: string;
};

export type RegisterClaimInput = {
  commandId: string | number;
  /** False for a claim on a business; WIK limits apply to consumers. */
  consumer: boolean;
  description: string;
  householdId: string | number;
  incurredOn: string;
  /** Start of default (verzuim), not before incurredOn: statutory interest (art. 6:119 BW) runs from this day. Without it, no interest. */
  interestFrom?: string | null | undefined;
  preferential: boolean;
  principal: number;
  /** The creditor's own reference for the claim. */
  reference: string;
};

export type RegisterHouseholdInput = {
  commandId: string | number;
  composition: Composition;
  effectiveOn: string;
  members: Array<MemberInput>;
  municipality: string;
};

export type RegisterMeasureInput = {
  /** Claims of the acting creditor that this measure collects. */
  claimIds: Array<string | number>;
  commandId: string | number;
  /** Last day, when known at registration. */
  endsOn?: string | null | undefined;
  householdId: string | number;
  kind: MeasureKind;
  /** Fixed monthly amount; ignored for GARNISHMENT (allocated by the ledger). */
  monthlyAmount?: number | null | undefined;
  startsOn: string;
};

export type RequestClaimStatementInput = {
  commandId: string | number;
  /** The creditor organisation asked for its claims. */
  creditorOrg: string;
  /** The date the statement is asked by. */
  dueOn: string;
  householdId: string | number;
};

export type ResolveProtectedIncomeDisputeInput = {
  commandId: string | number;
  recordId: string | number;
  /** How the dispute ended. */
  resolution: string;
};

export type RevokeMandateInput = {
  commandId: string | number;
  counsellorOrg: string | number;
  householdId: string | number;
};

export type SignalOutcome =
  | 'ALREADY_KNOWN_TO_DEBT_HELP'
  | 'ALREADY_PAID_OR_PLAN_AGREED'
  | 'DECEASED'
  | 'HELP_DECLINED'
  | 'IN_OTHER_SUPPORT_TRAJECTORY'
  | 'NOT_AN_INHABITANT'
  | 'NOT_PICKED_UP_OTHER_REASON'
  | 'NO_CONTACT'
  | 'NO_REACTION_AFTER_CONTACT'
  | 'REFERRED_TO_FOLLOW_UP_HELP'
  | 'REFERRED_WITHOUT_CONTACT'
  | 'REPEAT_SIGNAL'
  | 'RESOLVED_WITHIN_30_DAYS'
  | 'UNJUSTIFIED_SIGNAL';

export type StartMoratoriumInput = {
  commandId: string | number;
  endsOn: string;
  householdId: string | number;
  reason: string;
  startsOn: string;
};

export type ViolationRule =
  | 'COLLECTION_ABOVE_ATTACHABLE_ROOM'
  | 'COLLECTION_COSTS_ABOVE_WIK_MAXIMUM'
  | 'COLLECTION_COSTS_BEFORE_REMINDER_PERIOD'
  | 'MEASURE_DURING_MORATORIUM'
  | 'NO_COORDINATOR'
  | 'PROTECTED_INCOME_WITHOUT_OFFICIAL_RECORD'
  | 'WITHHOLDING_UNDERCUTS_PROTECTED_INCOME';

export type MyHouseholdsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyHouseholdsQuery = { myHouseholds: Array<{ id: string, composition: Composition, municipality: string, registeredOn: string, members: Array<{ name: string, bsn: string }>, totals: { outstanding: number, claimCount: number, creditorCount: number } }> };

export type FindHouseholdsQueryVariables = Exact<{
  bsn: string;
}>;


export type FindHouseholdsQuery = { findHouseholds: Array<string> };

export type SignalWorklistQueryVariables = Exact<{ [key: string]: never; }>;


export type SignalWorklistQuery = { signalWorklist: Array<{ id: string, householdId: string, partnerOrg: string, partnerType: PartnerType, amount: number, arrearsSince: string, threatening: boolean, receivedOn: string, deadline: string, overdue: boolean }> };

export type RegisterHouseholdMutationVariables = Exact<{
  input: RegisterHouseholdInput;
}>;


export type RegisterHouseholdMutation = { registerHousehold: { householdId: string, revision: number, recordedAt: string } };

export type DeclareIncomeMutationVariables = Exact<{
  input: DeclareIncomeInput;
}>;


export type DeclareIncomeMutation = { declareIncome: { householdId: string, revision: number } };

export type RecordProtectedIncomeMutationVariables = Exact<{
  input: RecordProtectedIncomeInput;
}>;


export type RecordProtectedIncomeMutation = { recordProtectedIncome: { householdId: string, revision: number } };

export type CounsellorHouseholdQueryVariables = Exact<{
  id: string | number;
  on?: string | null | undefined;
}>;


export type CounsellorHouseholdQuery = { household: { id: string, composition: Composition, municipality: string, registeredOn: string, revision: number, personalDataErased: boolean, members: Array<{ name: string, bsn: string, birthDate: string }>, totals: { outstanding: number, claimCount: number, creditorCount: number }, claims: Array<{ id: string, creditorId: string, reference: string, description: string, principal: number, costs: number, interest: number, paid: number, writtenOff: number, outstanding: number, preferential: boolean, status: ClaimStatus, incurredOn: string }>, capacity: { on: string, netIncome: number, protectedIncome: number, protectedIncomeBasis: ProtectedIncomeBasis, attachable: number, committed: number, remaining: number, withheldAtSource: number, flags: Array<string>, overcommittedMeasureIds: Array<string>, legalFloor: number, legalCap: number, allocations: Array<{ measureId: string, kind: MeasureKind, creditorId: string | null, monthly: number, coordinator: boolean }> }, measures: Array<{ id: string, kind: MeasureKind, creditorId: string | null, monthlyAmount: number, preferential: boolean, startsOn: string, endsOn: string | null }>, moratoria: Array<{ id: string, startsOn: string, endsOn: string, reason: string | null }>, arrangements: Array<{ id: string, status: ArrangementStatus, total: number, monthlyCapacity: number, termMonths: number, key: DistributionKey, startsOn: string, offers: Array<{ claimId: string, creditorId: string, outstanding: number, percentage: number, amount: number, answer: CreditorAnswer | null }> }>, signals: Array<{ id: string, partnerOrg: string, partnerType: PartnerType, amount: number, arrearsSince: string, threatening: boolean, receivedOn: string, deadline: string, overdue: boolean, outcome: SignalOutcome | null, contactAttempts: Array<{ on: string, method: ContactMethod, reached: boolean }> }>, mandates: Array<{ counsellorOrg: string, startsOn: string | null, endsOn: string | null, revoked: boolean, grantedBy: string }>, claimStatementRequests: Array<{ id: string, creditorOrg: string, counsellorOrg: string, requestedOn: string, dueOn: string, answered: boolean, answeredOn: string | null }>, protectedIncomeRecords: Array<{ id: string, amount: number, source: ProtectedIncomeSource, reference: string | null, validFrom: string, recordedBy: string | null, recordedByRole: string | null, disputed: boolean, dispute: { reason: string | null, disputedBy: string, disputedOn: string, resolution: string | null, resolvedOn: string | null } | null }> } | null };

export type RequestClaimStatementMutationVariables = Exact<{
  input: RequestClaimStatementInput;
}>;


export type RequestClaimStatementMutation = { requestClaimStatement: { householdId: string, revision: number } };

export type OpenClaimStatementRequestsQueryVariables = Exact<{ [key: string]: never; }>;


export type OpenClaimStatementRequestsQuery = { claimStatementRequests: { edges: Array<{ node: { id: string, householdId: string, counsellorOrg: string, requestedOn: string, dueOn: string } }> } };

export type DisputeProtectedIncomeMutationVariables = Exact<{
  input: DisputeProtectedIncomeInput;
}>;


export type DisputeProtectedIncomeMutation = { disputeProtectedIncome: { householdId: string, revision: number } };

export type ResolveProtectedIncomeDisputeMutationVariables = Exact<{
  input: ResolveProtectedIncomeDisputeInput;
}>;


export type ResolveProtectedIncomeDisputeMutation = { resolveProtectedIncomeDispute: { householdId: string, revision: number } };

export type StartMoratoriumMutationVariables = Exact<{
  input: StartMoratoriumInput;
}>;


export type StartMoratoriumMutation = { startMoratorium: { householdId: string, revision: number } };

export type ProposeArrangementMutationVariables = Exact<{
  input: ProposeArrangementInput;
}>;


export type ProposeArrangementMutation = { proposeArrangement: { id: string, status: ArrangementStatus, total: number } };

export type HouseholdSelfQueryVariables = Exact<{
  id: string | number;
}>;


export type HouseholdSelfQuery = { household: { id: string, revision: number, totals: { outstanding: number, claimCount: number, creditorCount: number }, claims: Array<{ id: string, creditorId: string, description: string, outstanding: number, status: ClaimStatus }>, capacity: { on: string, netIncome: number, protectedIncome: number, protectedIncomeBasis: ProtectedIncomeBasis, attachable: number, committed: number, remaining: number, withheldAtSource: number, flags: Array<string>, allocations: Array<{ measureId: string, kind: MeasureKind, creditorId: string | null, monthly: number, coordinator: boolean }> }, mandates: Array<{ counsellorOrg: string, startsOn: string | null, endsOn: string | null, revoked: boolean, grantedBy: string }>, readLog: { edges: Array<{ node: { at: string, organisation: string, role: string, subject: string, field: string, purpose: string | null } }> }, complaints: Array<{ id: string, againstOrg: string, subject: string, lodgedOn: string, conclusion: ComplaintConclusion | null, closedOn: string | null }> } | null };

export type GrantMandateMutationVariables = Exact<{
  input: GrantMandateInput;
}>;


export type GrantMandateMutation = { grantMandate: { revision: number } };

export type RevokeMandateMutationVariables = Exact<{
  input: RevokeMandateInput;
}>;


export type RevokeMandateMutation = { revokeMandate: { revision: number } };

export type LodgeComplaintMutationVariables = Exact<{
  input: LodgeComplaintInput;
}>;


export type LodgeComplaintMutation = { lodgeComplaint: { id: string } };

export type HouseholdAtQueryVariables = Exact<{
  id: string | number;
  asOf?: string | null | undefined;
}>;


export type HouseholdAtQuery = { household: { id: string, revision: number, totals: { outstanding: number, claimCount: number, creditorCount: number }, claims: Array<{ id: string, creditorId: string, reference: string, outstanding: number, status: ClaimStatus }>, capacity: { netIncome: number, protectedIncome: number, protectedIncomeBasis: ProtectedIncomeBasis, attachable: number, committed: number, remaining: number, flags: Array<string> }, measures: Array<{ id: string, kind: MeasureKind, creditorId: string | null, monthlyAmount: number, startsOn: string, endsOn: string | null }>, moratoria: Array<{ id: string, startsOn: string, endsOn: string }> } | null };

export type TimelineQueryVariables = Exact<{
  id: string | number;
  kinds?: Array<string> | string | null | undefined;
  creditorId?: string | number | null | undefined;
  after?: string | null | undefined;
}>;


export type TimelineQuery = { household: { id: string, timeline: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { revision: number, type: string, organisation: string, role: string, recordedAt: string, effectiveOn: string, creditorId: string | null, summary: string } }> } } | null };

export type OmbudsmanCasesQueryVariables = Exact<{
  id: string | number;
}>;


export type OmbudsmanCasesQuery = { household: { id: string, violations: Array<{ rule: ViolationRule, on: string, description: string, organisations: Array<string>, events: Array<{ revision: number, type: string, organisation: string, summary: string }> }>, complaints: Array<{ id: string, againstOrg: string, subject: string, text: string, lodgedOn: string, lodgedByOrg: string, conclusion: ComplaintConclusion | null, closingText: string | null, closedOn: string | null, notes: Array<{ kind: ComplaintNoteKind, text: string, on: string, by: string }> }> } | null };

export type AllViolationsQueryVariables = Exact<{ [key: string]: never; }>;


export type AllViolationsQuery = { violations: { edges: Array<{ node: { householdId: string, violations: Array<{ rule: ViolationRule, on: string, description: string, organisations: Array<string> }> } }> } };

export type RecordComplaintNoteMutationVariables = Exact<{
  input: RecordComplaintNoteInput;
}>;


export type RecordComplaintNoteMutation = { recordComplaintNote: { id: string } };

export type CloseComplaintMutationVariables = Exact<{
  input: CloseComplaintInput;
}>;


export type CloseComplaintMutation = { closeComplaint: { id: string } };

export type CreditorHouseholdQueryVariables = Exact<{
  id: string | number;
  on?: string | null | undefined;
}>;


export type CreditorHouseholdQuery = { household: { id: string, revision: number, totals: { outstanding: number, claimCount: number, creditorCount: number }, claims: Array<{ id: string, creditorId: string, reference: string, description: string, principal: number, costs: number, interest: number, paid: number, outstanding: number, preferential: boolean, status: ClaimStatus }>, capacity: { on: string, netIncome: number, protectedIncome: number, protectedIncomeBasis: ProtectedIncomeBasis, attachable: number, committed: number, remaining: number, withheldAtSource: number, flags: Array<string>, allocations: Array<{ measureId: string, kind: MeasureKind, creditorId: string | null, monthly: number, coordinator: boolean }> }, measures: Array<{ id: string, kind: MeasureKind, creditorId: string | null, claimIds: Array<string>, monthlyAmount: number, startsOn: string, endsOn: string | null }>, arrangements: Array<{ id: string, status: ArrangementStatus, total: number, monthlyCapacity: number, termMonths: number, startsOn: string, offers: Array<{ claimId: string, creditorId: string, outstanding: number, percentage: number, amount: number, paid: number, answer: CreditorAnswer | null }> }> } | null };

export type EndMeasureMutationVariables = Exact<{
  input: EndMeasureInput;
}>;


export type EndMeasureMutation = { endMeasure: { householdId: string, revision: number } };

export type AnswerArrangementMutationVariables = Exact<{
  input: AnswerArrangementInput;
}>;


export type AnswerArrangementMutation = { answerArrangement: { id: string, status: ArrangementStatus, offers: Array<{ claimId: string, answer: CreditorAnswer | null }> } };

export type RegisterClaimMutationVariables = Exact<{
  input: RegisterClaimInput;
}>;


export type RegisterClaimMutation = { registerClaim: { id: string, outstanding: number, status: ClaimStatus } };

export type RegisterMeasureMutationVariables = Exact<{
  input: RegisterMeasureInput;
}>;


export type RegisterMeasureMutation = { registerMeasure: { measureId: string, kind: MeasureKind, monthly: number, coordinator: boolean } };

export type CapacityChangedSubscriptionVariables = Exact<{
  householdId: string | number;
}>;


export type CapacityChangedSubscription = { capacityChanged: { on: string, attachable: number, committed: number, remaining: number, flags: Array<string> } };

export type RecordContactAttemptMutationVariables = Exact<{
  input: RecordContactAttemptInput;
}>;


export type RecordContactAttemptMutation = { recordContactAttempt: { id: string } };

export type CloseSignalMutationVariables = Exact<{
  input: CloseSignalInput;
}>;


export type CloseSignalMutation = { closeSignal: { id: string, outcome: SignalOutcome | null } };

export type EndMoratoriumMutationVariables = Exact<{
  input: EndMoratoriumInput;
}>;


export type EndMoratoriumMutation = { endMoratorium: { householdId: string, revision: number } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const MyHouseholdsDocument = new TypedDocumentString(`
    query MyHouseholds {
  myHouseholds(purpose: PLAN_VAN_AANPAK) {
    id
    composition
    municipality
    registeredOn
    members {
      name
      bsn
    }
    totals {
      outstanding
      claimCount
      creditorCount
    }
  }
}
    `) as unknown as TypedDocumentString<MyHouseholdsQuery, MyHouseholdsQueryVariables>;
export const FindHouseholdsDocument = new TypedDocumentString(`
    query FindHouseholds($bsn: String!) {
  findHouseholds(bsn: $bsn)
}
    `) as unknown as TypedDocumentString<FindHouseholdsQuery, FindHouseholdsQueryVariables>;
export const SignalWorklistDocument = new TypedDocumentString(`
    query SignalWorklist {
  signalWorklist {
    id
    householdId
    partnerOrg
    partnerType
    amount
    arrearsSince
    threatening
    receivedOn
    deadline
    overdue
  }
}
    `) as unknown as TypedDocumentString<SignalWorklistQuery, SignalWorklistQueryVariables>;
export const RegisterHouseholdDocument = new TypedDocumentString(`
    mutation RegisterHousehold($input: RegisterHouseholdInput!) {
  registerHousehold(input: $input) {
    householdId
    revision
    recordedAt
  }
}
    `) as unknown as TypedDocumentString<RegisterHouseholdMutation, RegisterHouseholdMutationVariables>;
export const DeclareIncomeDocument = new TypedDocumentString(`
    mutation DeclareIncome($input: DeclareIncomeInput!) {
  declareIncome(input: $input) {
    householdId
    revision
  }
}
    `) as unknown as TypedDocumentString<DeclareIncomeMutation, DeclareIncomeMutationVariables>;
export const RecordProtectedIncomeDocument = new TypedDocumentString(`
    mutation RecordProtectedIncome($input: RecordProtectedIncomeInput!) {
  recordProtectedIncome(input: $input) {
    householdId
    revision
  }
}
    `) as unknown as TypedDocumentString<RecordProtectedIncomeMutation, RecordProtectedIncomeMutationVariables>;
export const CounsellorHouseholdDocument = new TypedDocumentString(`
    query CounsellorHousehold($id: ID!, $on: Date) {
  household(id: $id, purpose: PLAN_VAN_AANPAK) {
    id
    composition
    municipality
    registeredOn
    revision
    personalDataErased
    members {
      name
      bsn
      birthDate
    }
    totals {
      outstanding
      claimCount
      creditorCount
    }
    claims {
      id
      creditorId
      reference
      description
      principal
      costs
      interest
      paid
      writtenOff
      outstanding
      preferential
      status
      incurredOn
    }
    capacity(on: $on) {
      on
      netIncome
      protectedIncome
      protectedIncomeBasis
      attachable
      committed
      remaining
      withheldAtSource
      flags
      overcommittedMeasureIds
      legalFloor
      legalCap
      allocations {
        measureId
        kind
        creditorId
        monthly
        coordinator
      }
    }
    measures {
      id
      kind
      creditorId
      monthlyAmount
      preferential
      startsOn
      endsOn
    }
    moratoria {
      id
      startsOn
      endsOn
      reason
    }
    arrangements {
      id
      status
      total
      monthlyCapacity
      termMonths
      key
      startsOn
      offers {
        claimId
        creditorId
        outstanding
        percentage
        amount
        answer
      }
    }
    signals {
      id
      partnerOrg
      partnerType
      amount
      arrearsSince
      threatening
      receivedOn
      deadline
      overdue
      outcome
      contactAttempts {
        on
        method
        reached
      }
    }
    mandates {
      counsellorOrg
      startsOn
      endsOn
      revoked
      grantedBy
    }
    claimStatementRequests {
      id
      creditorOrg
      counsellorOrg
      requestedOn
      dueOn
      answered
      answeredOn
    }
    protectedIncomeRecords {
      id
      amount
      source
      reference
      validFrom
      recordedBy
      recordedByRole
      disputed
      dispute {
        reason
        disputedBy
        disputedOn
        resolution
        resolvedOn
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CounsellorHouseholdQuery, CounsellorHouseholdQueryVariables>;
export const RequestClaimStatementDocument = new TypedDocumentString(`
    mutation RequestClaimStatement($input: RequestClaimStatementInput!) {
  requestClaimStatement(input: $input) {
    householdId
    revision
  }
}
    `) as unknown as TypedDocumentString<RequestClaimStatementMutation, RequestClaimStatementMutationVariables>;
export const OpenClaimStatementRequestsDocument = new TypedDocumentString(`
    query OpenClaimStatementRequests {
  claimStatementRequests(first: 100) {
    edges {
      node {
        id
        householdId
        counsellorOrg
        requestedOn
        dueOn
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OpenClaimStatementRequestsQuery, OpenClaimStatementRequestsQueryVariables>;
export const DisputeProtectedIncomeDocument = new TypedDocumentString(`
    mutation DisputeProtectedIncome($input: DisputeProtectedIncomeInput!) {
  disputeProtectedIncome(input: $input) {
    householdId
    revision
  }
}
    `) as unknown as TypedDocumentString<DisputeProtectedIncomeMutation, DisputeProtectedIncomeMutationVariables>;
export const ResolveProtectedIncomeDisputeDocument = new TypedDocumentString(`
    mutation ResolveProtectedIncomeDispute($input: ResolveProtectedIncomeDisputeInput!) {
  resolveProtectedIncomeDispute(input: $input) {
    householdId
    revision
  }
}
    `) as unknown as TypedDocumentString<ResolveProtectedIncomeDisputeMutation, ResolveProtectedIncomeDisputeMutationVariables>;
export const StartMoratoriumDocument = new TypedDocumentString(`
    mutation StartMoratorium($input: StartMoratoriumInput!) {
  startMoratorium(input: $input) {
    householdId
    revision
  }
}
    `) as unknown as TypedDocumentString<StartMoratoriumMutation, StartMoratoriumMutationVariables>;
export const ProposeArrangementDocument = new TypedDocumentString(`
    mutation ProposeArrangement($input: ProposeArrangementInput!) {
  proposeArrangement(input: $input) {
    id
    status
    total
  }
}
    `) as unknown as TypedDocumentString<ProposeArrangementMutation, ProposeArrangementMutationVariables>;
export const HouseholdSelfDocument = new TypedDocumentString(`
    query HouseholdSelf($id: ID!) {
  household(id: $id) {
    id
    revision
    totals {
      outstanding
      claimCount
      creditorCount
    }
    claims {
      id
      creditorId
      description
      outstanding
      status
    }
    capacity {
      on
      netIncome
      protectedIncome
      protectedIncomeBasis
      attachable
      committed
      remaining
      withheldAtSource
      flags
      allocations {
        measureId
        kind
        creditorId
        monthly
        coordinator
      }
    }
    mandates {
      counsellorOrg
      startsOn
      endsOn
      revoked
      grantedBy
    }
    readLog(first: 100) {
      edges {
        node {
          at
          organisation
          role
          subject
          field
          purpose
        }
      }
    }
    complaints {
      id
      againstOrg
      subject
      lodgedOn
      conclusion
      closedOn
    }
  }
}
    `) as unknown as TypedDocumentString<HouseholdSelfQuery, HouseholdSelfQueryVariables>;
export const GrantMandateDocument = new TypedDocumentString(`
    mutation GrantMandate($input: GrantMandateInput!) {
  grantMandate(input: $input) {
    revision
  }
}
    `) as unknown as TypedDocumentString<GrantMandateMutation, GrantMandateMutationVariables>;
export const RevokeMandateDocument = new TypedDocumentString(`
    mutation RevokeMandate($input: RevokeMandateInput!) {
  revokeMandate(input: $input) {
    revision
  }
}
    `) as unknown as TypedDocumentString<RevokeMandateMutation, RevokeMandateMutationVariables>;
export const LodgeComplaintDocument = new TypedDocumentString(`
    mutation LodgeComplaint($input: LodgeComplaintInput!) {
  lodgeComplaint(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<LodgeComplaintMutation, LodgeComplaintMutationVariables>;
export const HouseholdAtDocument = new TypedDocumentString(`
    query HouseholdAt($id: ID!, $asOf: DateTime) {
  household(id: $id, asOf: $asOf, purpose: OVERSIGHT) {
    id
    revision
    totals {
      outstanding
      claimCount
      creditorCount
    }
    claims {
      id
      creditorId
      reference
      outstanding
      status
    }
    capacity {
      netIncome
      protectedIncome
      protectedIncomeBasis
      attachable
      committed
      remaining
      flags
    }
    measures {
      id
      kind
      creditorId
      monthlyAmount
      startsOn
      endsOn
    }
    moratoria {
      id
      startsOn
      endsOn
    }
  }
}
    `) as unknown as TypedDocumentString<HouseholdAtQuery, HouseholdAtQueryVariables>;
export const TimelineDocument = new TypedDocumentString(`
    query Timeline($id: ID!, $kinds: [String!], $creditorId: ID, $after: String) {
  household(id: $id, purpose: OVERSIGHT) {
    id
    timeline(kinds: $kinds, creditorId: $creditorId, first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          revision
          type
          organisation
          role
          recordedAt
          effectiveOn
          creditorId
          summary
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TimelineQuery, TimelineQueryVariables>;
export const OmbudsmanCasesDocument = new TypedDocumentString(`
    query OmbudsmanCases($id: ID!) {
  household(id: $id, purpose: COMPLAINT) {
    id
    violations {
      rule
      on
      description
      organisations
      events {
        revision
        type
        organisation
        summary
      }
    }
    complaints {
      id
      againstOrg
      subject
      text
      lodgedOn
      lodgedByOrg
      conclusion
      closingText
      closedOn
      notes {
        kind
        text
        on
        by
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OmbudsmanCasesQuery, OmbudsmanCasesQueryVariables>;
export const AllViolationsDocument = new TypedDocumentString(`
    query AllViolations {
  violations(first: 50) {
    edges {
      node {
        householdId
        violations {
          rule
          on
          description
          organisations
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AllViolationsQuery, AllViolationsQueryVariables>;
export const RecordComplaintNoteDocument = new TypedDocumentString(`
    mutation RecordComplaintNote($input: RecordComplaintNoteInput!) {
  recordComplaintNote(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<RecordComplaintNoteMutation, RecordComplaintNoteMutationVariables>;
export const CloseComplaintDocument = new TypedDocumentString(`
    mutation CloseComplaint($input: CloseComplaintInput!) {
  closeComplaint(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CloseComplaintMutation, CloseComplaintMutationVariables>;
export const CreditorHouseholdDocument = new TypedDocumentString(`
    query CreditorHousehold($id: ID!, $on: Date) {
  household(id: $id, purpose: COLLECTION) {
    id
    revision
    totals {
      outstanding
      claimCount
      creditorCount
    }
    claims {
      id
      creditorId
      reference
      description
      principal
      costs
      interest
      paid
      outstanding
      preferential
      status
    }
    capacity(on: $on) {
      on
      netIncome
      protectedIncome
      protectedIncomeBasis
      attachable
      committed
      remaining
      withheldAtSource
      flags
      allocations {
        measureId
        kind
        creditorId
        monthly
        coordinator
      }
    }
    measures {
      id
      kind
      creditorId
      claimIds
      monthlyAmount
      startsOn
      endsOn
    }
    arrangements {
      id
      status
      total
      monthlyCapacity
      termMonths
      startsOn
      offers {
        claimId
        creditorId
        outstanding
        percentage
        amount
        paid
        answer
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreditorHouseholdQuery, CreditorHouseholdQueryVariables>;
export const EndMeasureDocument = new TypedDocumentString(`
    mutation EndMeasure($input: EndMeasureInput!) {
  endMeasure(input: $input) {
    householdId
    revision
  }
}
    `) as unknown as TypedDocumentString<EndMeasureMutation, EndMeasureMutationVariables>;
export const AnswerArrangementDocument = new TypedDocumentString(`
    mutation AnswerArrangement($input: AnswerArrangementInput!) {
  answerArrangement(input: $input) {
    id
    status
    offers {
      claimId
      answer
    }
  }
}
    `) as unknown as TypedDocumentString<AnswerArrangementMutation, AnswerArrangementMutationVariables>;
export const RegisterClaimDocument = new TypedDocumentString(`
    mutation RegisterClaim($input: RegisterClaimInput!) {
  registerClaim(input: $input) {
    id
    outstanding
    status
  }
}
    `) as unknown as TypedDocumentString<RegisterClaimMutation, RegisterClaimMutationVariables>;
export const RegisterMeasureDocument = new TypedDocumentString(`
    mutation RegisterMeasure($input: RegisterMeasureInput!) {
  registerMeasure(input: $input) {
    measureId
    kind
    monthly
    coordinator
  }
}
    `) as unknown as TypedDocumentString<RegisterMeasureMutation, RegisterMeasureMutationVariables>;
export const CapacityChangedDocument = new TypedDocumentString(`
    subscription CapacityChanged($householdId: ID!) {
  capacityChanged(householdId: $householdId) {
    on
    attachable
    committed
    remaining
    flags
  }
}
    `) as unknown as TypedDocumentString<CapacityChangedSubscription, CapacityChangedSubscriptionVariables>;
export const RecordContactAttemptDocument = new TypedDocumentString(`
    mutation RecordContactAttempt($input: RecordContactAttemptInput!) {
  recordContactAttempt(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<RecordContactAttemptMutation, RecordContactAttemptMutationVariables>;
export const CloseSignalDocument = new TypedDocumentString(`
    mutation CloseSignal($input: CloseSignalInput!) {
  closeSignal(input: $input) {
    id
    outcome
  }
}
    `) as unknown as TypedDocumentString<CloseSignalMutation, CloseSignalMutationVariables>;
export const EndMoratoriumDocument = new TypedDocumentString(`
    mutation EndMoratorium($input: EndMoratoriumInput!) {
  endMoratorium(input: $input) {
    householdId
    revision
  }
}
    `) as unknown as TypedDocumentString<EndMoratoriumMutation, EndMoratoriumMutationVariables>;