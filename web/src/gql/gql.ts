/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query MyHouseholds {\n    myHouseholds(purpose: PLAN_VAN_AANPAK) {\n      id\n      composition\n      municipality\n      registeredOn\n      members { name bsn }\n      totals { outstanding claimCount creditorCount }\n    }\n  }\n": typeof types.MyHouseholdsDocument,
    "\n  query FindHouseholds($bsn: String!) {\n    findHouseholds(bsn: $bsn)\n  }\n": typeof types.FindHouseholdsDocument,
    "\n  query SignalWorklist {\n    signalWorklist { id householdId partnerOrg partnerType amount arrearsSince threatening receivedOn deadline overdue }\n  }\n": typeof types.SignalWorklistDocument,
    "\n  mutation RegisterHousehold($input: RegisterHouseholdInput!) {\n    registerHousehold(input: $input) { householdId revision recordedAt }\n  }\n": typeof types.RegisterHouseholdDocument,
    "\n  mutation DeclareIncome($input: DeclareIncomeInput!) {\n    declareIncome(input: $input) { householdId revision }\n  }\n": typeof types.DeclareIncomeDocument,
    "\n  mutation RecordProtectedIncome($input: RecordProtectedIncomeInput!) {\n    recordProtectedIncome(input: $input) { householdId revision }\n  }\n": typeof types.RecordProtectedIncomeDocument,
    "\n  query CounsellorHousehold($id: ID!, $on: Date) {\n    household(id: $id, purpose: PLAN_VAN_AANPAK) {\n      id composition municipality registeredOn revision personalDataErased\n      members { name bsn birthDate }\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId reference description principal costs interest paid writtenOff outstanding preferential status incurredOn }\n      capacity(on: $on) {\n        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags\n        overcommittedMeasureIds legalFloor legalCap\n        allocations { measureId kind creditorId monthly coordinator }\n      }\n      measures { id kind creditorId monthlyAmount preferential startsOn endsOn }\n      moratoria { id startsOn endsOn reason }\n      arrangements { id status total monthlyCapacity termMonths key startsOn offers { claimId creditorId outstanding percentage amount answer } }\n      signals { id partnerOrg partnerType amount arrearsSince threatening receivedOn deadline overdue outcome contactAttempts { on method reached } }\n      mandates { counsellorOrg startsOn endsOn revoked grantedBy }\n      claimStatementRequests { id creditorOrg counsellorOrg requestedOn dueOn answered answeredOn }\n      protectedIncomeRecords {\n        id amount source reference validFrom recordedBy recordedByRole disputed\n        dispute { reason disputedBy disputedOn resolution resolvedOn }\n      }\n    }\n  }\n": typeof types.CounsellorHouseholdDocument,
    "\n  mutation RequestClaimStatement($input: RequestClaimStatementInput!) {\n    requestClaimStatement(input: $input) { householdId revision }\n  }\n": typeof types.RequestClaimStatementDocument,
    "\n  query OpenClaimStatementRequests {\n    claimStatementRequests(first: 100) { edges { node { id householdId counsellorOrg requestedOn dueOn } } }\n  }\n": typeof types.OpenClaimStatementRequestsDocument,
    "\n  mutation DisputeProtectedIncome($input: DisputeProtectedIncomeInput!) {\n    disputeProtectedIncome(input: $input) { householdId revision }\n  }\n": typeof types.DisputeProtectedIncomeDocument,
    "\n  mutation ResolveProtectedIncomeDispute($input: ResolveProtectedIncomeDisputeInput!) {\n    resolveProtectedIncomeDispute(input: $input) { householdId revision }\n  }\n": typeof types.ResolveProtectedIncomeDisputeDocument,
    "\n  mutation StartMoratorium($input: StartMoratoriumInput!) {\n    startMoratorium(input: $input) { householdId revision }\n  }\n": typeof types.StartMoratoriumDocument,
    "\n  mutation ProposeArrangement($input: ProposeArrangementInput!) {\n    proposeArrangement(input: $input) { id status total }\n  }\n": typeof types.ProposeArrangementDocument,
    "\n  query HouseholdSelf($id: ID!) {\n    household(id: $id) {\n      id revision\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId description outstanding status }\n      capacity {\n        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags\n        allocations { measureId kind creditorId monthly coordinator }\n      }\n      mandates { counsellorOrg startsOn endsOn revoked grantedBy }\n      readLog(first: 100) { edges { node { at organisation role subject field purpose } } }\n      complaints { id againstOrg subject lodgedOn conclusion closedOn }\n    }\n  }\n": typeof types.HouseholdSelfDocument,
    "\n  mutation GrantMandate($input: GrantMandateInput!) {\n    grantMandate(input: $input) { revision }\n  }\n": typeof types.GrantMandateDocument,
    "\n  mutation RevokeMandate($input: RevokeMandateInput!) {\n    revokeMandate(input: $input) { revision }\n  }\n": typeof types.RevokeMandateDocument,
    "\n  mutation LodgeComplaint($input: LodgeComplaintInput!) {\n    lodgeComplaint(input: $input) { id }\n  }\n": typeof types.LodgeComplaintDocument,
    "\n  query HouseholdAt($id: ID!, $asOf: DateTime) {\n    household(id: $id, asOf: $asOf, purpose: OVERSIGHT) {\n      id revision\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId reference outstanding status }\n      capacity { netIncome protectedIncome protectedIncomeBasis attachable committed remaining flags }\n      measures { id kind creditorId monthlyAmount startsOn endsOn }\n      moratoria { id startsOn endsOn }\n    }\n  }\n": typeof types.HouseholdAtDocument,
    "\n  query Timeline($id: ID!, $kinds: [String!], $creditorId: ID, $after: String) {\n    household(id: $id, purpose: OVERSIGHT) {\n      id\n      timeline(kinds: $kinds, creditorId: $creditorId, first: 100, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        edges { node { revision type organisation role recordedAt effectiveOn creditorId summary } }\n      }\n    }\n  }\n": typeof types.TimelineDocument,
    "\n  query OmbudsmanCases($id: ID!) {\n    household(id: $id, purpose: COMPLAINT) {\n      id\n      violations { rule on description organisations events { revision type organisation summary } }\n      complaints {\n        id againstOrg subject text lodgedOn lodgedByOrg conclusion closingText closedOn\n        notes { kind text on by }\n      }\n    }\n  }\n": typeof types.OmbudsmanCasesDocument,
    "\n  query AllViolations {\n    violations(first: 50) { edges { node { householdId violations { rule on description organisations } } } }\n  }\n": typeof types.AllViolationsDocument,
    "\n  mutation RecordComplaintNote($input: RecordComplaintNoteInput!) {\n    recordComplaintNote(input: $input) { id }\n  }\n": typeof types.RecordComplaintNoteDocument,
    "\n  mutation CloseComplaint($input: CloseComplaintInput!) {\n    closeComplaint(input: $input) { id }\n  }\n": typeof types.CloseComplaintDocument,
    "\n  query CreditorHousehold($id: ID!, $on: Date) {\n    household(id: $id, purpose: COLLECTION) {\n      id revision\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId reference description principal costs interest paid outstanding preferential status }\n      capacity(on: $on) {\n        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags\n        allocations { measureId kind creditorId monthly coordinator }\n      }\n      measures { id kind creditorId claimIds monthlyAmount startsOn endsOn }\n      arrangements {\n        id status total monthlyCapacity termMonths startsOn\n        offers { claimId creditorId outstanding percentage amount paid answer }\n      }\n    }\n  }\n": typeof types.CreditorHouseholdDocument,
    "\n  mutation EndMeasure($input: EndMeasureInput!) {\n    endMeasure(input: $input) { householdId revision }\n  }\n": typeof types.EndMeasureDocument,
    "\n  mutation AnswerArrangement($input: AnswerArrangementInput!) {\n    answerArrangement(input: $input) { id status offers { claimId answer } }\n  }\n": typeof types.AnswerArrangementDocument,
    "\n  mutation RegisterClaim($input: RegisterClaimInput!) {\n    registerClaim(input: $input) { id outstanding status }\n  }\n": typeof types.RegisterClaimDocument,
    "\n  mutation RegisterMeasure($input: RegisterMeasureInput!) {\n    registerMeasure(input: $input) { measureId kind monthly coordinator }\n  }\n": typeof types.RegisterMeasureDocument,
    "\n  subscription CapacityChanged($householdId: ID!) {\n    capacityChanged(householdId: $householdId) { on attachable committed remaining flags }\n  }\n": typeof types.CapacityChangedDocument,
    "\n  mutation RecordContactAttempt($input: RecordContactAttemptInput!) {\n    recordContactAttempt(input: $input) { id }\n  }\n": typeof types.RecordContactAttemptDocument,
    "\n  mutation CloseSignal($input: CloseSignalInput!) {\n    closeSignal(input: $input) { id outcome }\n  }\n": typeof types.CloseSignalDocument,
    "\n  mutation EndMoratorium($input: EndMoratoriumInput!) {\n    endMoratorium(input: $input) { householdId revision }\n  }\n": typeof types.EndMoratoriumDocument,
};
const documents: Documents = {
    "\n  query MyHouseholds {\n    myHouseholds(purpose: PLAN_VAN_AANPAK) {\n      id\n      composition\n      municipality\n      registeredOn\n      members { name bsn }\n      totals { outstanding claimCount creditorCount }\n    }\n  }\n": types.MyHouseholdsDocument,
    "\n  query FindHouseholds($bsn: String!) {\n    findHouseholds(bsn: $bsn)\n  }\n": types.FindHouseholdsDocument,
    "\n  query SignalWorklist {\n    signalWorklist { id householdId partnerOrg partnerType amount arrearsSince threatening receivedOn deadline overdue }\n  }\n": types.SignalWorklistDocument,
    "\n  mutation RegisterHousehold($input: RegisterHouseholdInput!) {\n    registerHousehold(input: $input) { householdId revision recordedAt }\n  }\n": types.RegisterHouseholdDocument,
    "\n  mutation DeclareIncome($input: DeclareIncomeInput!) {\n    declareIncome(input: $input) { householdId revision }\n  }\n": types.DeclareIncomeDocument,
    "\n  mutation RecordProtectedIncome($input: RecordProtectedIncomeInput!) {\n    recordProtectedIncome(input: $input) { householdId revision }\n  }\n": types.RecordProtectedIncomeDocument,
    "\n  query CounsellorHousehold($id: ID!, $on: Date) {\n    household(id: $id, purpose: PLAN_VAN_AANPAK) {\n      id composition municipality registeredOn revision personalDataErased\n      members { name bsn birthDate }\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId reference description principal costs interest paid writtenOff outstanding preferential status incurredOn }\n      capacity(on: $on) {\n        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags\n        overcommittedMeasureIds legalFloor legalCap\n        allocations { measureId kind creditorId monthly coordinator }\n      }\n      measures { id kind creditorId monthlyAmount preferential startsOn endsOn }\n      moratoria { id startsOn endsOn reason }\n      arrangements { id status total monthlyCapacity termMonths key startsOn offers { claimId creditorId outstanding percentage amount answer } }\n      signals { id partnerOrg partnerType amount arrearsSince threatening receivedOn deadline overdue outcome contactAttempts { on method reached } }\n      mandates { counsellorOrg startsOn endsOn revoked grantedBy }\n      claimStatementRequests { id creditorOrg counsellorOrg requestedOn dueOn answered answeredOn }\n      protectedIncomeRecords {\n        id amount source reference validFrom recordedBy recordedByRole disputed\n        dispute { reason disputedBy disputedOn resolution resolvedOn }\n      }\n    }\n  }\n": types.CounsellorHouseholdDocument,
    "\n  mutation RequestClaimStatement($input: RequestClaimStatementInput!) {\n    requestClaimStatement(input: $input) { householdId revision }\n  }\n": types.RequestClaimStatementDocument,
    "\n  query OpenClaimStatementRequests {\n    claimStatementRequests(first: 100) { edges { node { id householdId counsellorOrg requestedOn dueOn } } }\n  }\n": types.OpenClaimStatementRequestsDocument,
    "\n  mutation DisputeProtectedIncome($input: DisputeProtectedIncomeInput!) {\n    disputeProtectedIncome(input: $input) { householdId revision }\n  }\n": types.DisputeProtectedIncomeDocument,
    "\n  mutation ResolveProtectedIncomeDispute($input: ResolveProtectedIncomeDisputeInput!) {\n    resolveProtectedIncomeDispute(input: $input) { householdId revision }\n  }\n": types.ResolveProtectedIncomeDisputeDocument,
    "\n  mutation StartMoratorium($input: StartMoratoriumInput!) {\n    startMoratorium(input: $input) { householdId revision }\n  }\n": types.StartMoratoriumDocument,
    "\n  mutation ProposeArrangement($input: ProposeArrangementInput!) {\n    proposeArrangement(input: $input) { id status total }\n  }\n": types.ProposeArrangementDocument,
    "\n  query HouseholdSelf($id: ID!) {\n    household(id: $id) {\n      id revision\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId description outstanding status }\n      capacity {\n        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags\n        allocations { measureId kind creditorId monthly coordinator }\n      }\n      mandates { counsellorOrg startsOn endsOn revoked grantedBy }\n      readLog(first: 100) { edges { node { at organisation role subject field purpose } } }\n      complaints { id againstOrg subject lodgedOn conclusion closedOn }\n    }\n  }\n": types.HouseholdSelfDocument,
    "\n  mutation GrantMandate($input: GrantMandateInput!) {\n    grantMandate(input: $input) { revision }\n  }\n": types.GrantMandateDocument,
    "\n  mutation RevokeMandate($input: RevokeMandateInput!) {\n    revokeMandate(input: $input) { revision }\n  }\n": types.RevokeMandateDocument,
    "\n  mutation LodgeComplaint($input: LodgeComplaintInput!) {\n    lodgeComplaint(input: $input) { id }\n  }\n": types.LodgeComplaintDocument,
    "\n  query HouseholdAt($id: ID!, $asOf: DateTime) {\n    household(id: $id, asOf: $asOf, purpose: OVERSIGHT) {\n      id revision\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId reference outstanding status }\n      capacity { netIncome protectedIncome protectedIncomeBasis attachable committed remaining flags }\n      measures { id kind creditorId monthlyAmount startsOn endsOn }\n      moratoria { id startsOn endsOn }\n    }\n  }\n": types.HouseholdAtDocument,
    "\n  query Timeline($id: ID!, $kinds: [String!], $creditorId: ID, $after: String) {\n    household(id: $id, purpose: OVERSIGHT) {\n      id\n      timeline(kinds: $kinds, creditorId: $creditorId, first: 100, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        edges { node { revision type organisation role recordedAt effectiveOn creditorId summary } }\n      }\n    }\n  }\n": types.TimelineDocument,
    "\n  query OmbudsmanCases($id: ID!) {\n    household(id: $id, purpose: COMPLAINT) {\n      id\n      violations { rule on description organisations events { revision type organisation summary } }\n      complaints {\n        id againstOrg subject text lodgedOn lodgedByOrg conclusion closingText closedOn\n        notes { kind text on by }\n      }\n    }\n  }\n": types.OmbudsmanCasesDocument,
    "\n  query AllViolations {\n    violations(first: 50) { edges { node { householdId violations { rule on description organisations } } } }\n  }\n": types.AllViolationsDocument,
    "\n  mutation RecordComplaintNote($input: RecordComplaintNoteInput!) {\n    recordComplaintNote(input: $input) { id }\n  }\n": types.RecordComplaintNoteDocument,
    "\n  mutation CloseComplaint($input: CloseComplaintInput!) {\n    closeComplaint(input: $input) { id }\n  }\n": types.CloseComplaintDocument,
    "\n  query CreditorHousehold($id: ID!, $on: Date) {\n    household(id: $id, purpose: COLLECTION) {\n      id revision\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId reference description principal costs interest paid outstanding preferential status }\n      capacity(on: $on) {\n        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags\n        allocations { measureId kind creditorId monthly coordinator }\n      }\n      measures { id kind creditorId claimIds monthlyAmount startsOn endsOn }\n      arrangements {\n        id status total monthlyCapacity termMonths startsOn\n        offers { claimId creditorId outstanding percentage amount paid answer }\n      }\n    }\n  }\n": types.CreditorHouseholdDocument,
    "\n  mutation EndMeasure($input: EndMeasureInput!) {\n    endMeasure(input: $input) { householdId revision }\n  }\n": types.EndMeasureDocument,
    "\n  mutation AnswerArrangement($input: AnswerArrangementInput!) {\n    answerArrangement(input: $input) { id status offers { claimId answer } }\n  }\n": types.AnswerArrangementDocument,
    "\n  mutation RegisterClaim($input: RegisterClaimInput!) {\n    registerClaim(input: $input) { id outstanding status }\n  }\n": types.RegisterClaimDocument,
    "\n  mutation RegisterMeasure($input: RegisterMeasureInput!) {\n    registerMeasure(input: $input) { measureId kind monthly coordinator }\n  }\n": types.RegisterMeasureDocument,
    "\n  subscription CapacityChanged($householdId: ID!) {\n    capacityChanged(householdId: $householdId) { on attachable committed remaining flags }\n  }\n": types.CapacityChangedDocument,
    "\n  mutation RecordContactAttempt($input: RecordContactAttemptInput!) {\n    recordContactAttempt(input: $input) { id }\n  }\n": types.RecordContactAttemptDocument,
    "\n  mutation CloseSignal($input: CloseSignalInput!) {\n    closeSignal(input: $input) { id outcome }\n  }\n": types.CloseSignalDocument,
    "\n  mutation EndMoratorium($input: EndMoratoriumInput!) {\n    endMoratorium(input: $input) { householdId revision }\n  }\n": types.EndMoratoriumDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyHouseholds {\n    myHouseholds(purpose: PLAN_VAN_AANPAK) {\n      id\n      composition\n      municipality\n      registeredOn\n      members { name bsn }\n      totals { outstanding claimCount creditorCount }\n    }\n  }\n"): typeof import('./graphql').MyHouseholdsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindHouseholds($bsn: String!) {\n    findHouseholds(bsn: $bsn)\n  }\n"): typeof import('./graphql').FindHouseholdsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignalWorklist {\n    signalWorklist { id householdId partnerOrg partnerType amount arrearsSince threatening receivedOn deadline overdue }\n  }\n"): typeof import('./graphql').SignalWorklistDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterHousehold($input: RegisterHouseholdInput!) {\n    registerHousehold(input: $input) { householdId revision recordedAt }\n  }\n"): typeof import('./graphql').RegisterHouseholdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclareIncome($input: DeclareIncomeInput!) {\n    declareIncome(input: $input) { householdId revision }\n  }\n"): typeof import('./graphql').DeclareIncomeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordProtectedIncome($input: RecordProtectedIncomeInput!) {\n    recordProtectedIncome(input: $input) { householdId revision }\n  }\n"): typeof import('./graphql').RecordProtectedIncomeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CounsellorHousehold($id: ID!, $on: Date) {\n    household(id: $id, purpose: PLAN_VAN_AANPAK) {\n      id composition municipality registeredOn revision personalDataErased\n      members { name bsn birthDate }\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId reference description principal costs interest paid writtenOff outstanding preferential status incurredOn }\n      capacity(on: $on) {\n        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags\n        overcommittedMeasureIds legalFloor legalCap\n        allocations { measureId kind creditorId monthly coordinator }\n      }\n      measures { id kind creditorId monthlyAmount preferential startsOn endsOn }\n      moratoria { id startsOn endsOn reason }\n      arrangements { id status total monthlyCapacity termMonths key startsOn offers { claimId creditorId outstanding percentage amount answer } }\n      signals { id partnerOrg partnerType amount arrearsSince threatening receivedOn deadline overdue outcome contactAttempts { on method reached } }\n      mandates { counsellorOrg startsOn endsOn revoked grantedBy }\n      claimStatementRequests { id creditorOrg counsellorOrg requestedOn dueOn answered answeredOn }\n      protectedIncomeRecords {\n        id amount source reference validFrom recordedBy recordedByRole disputed\n        dispute { reason disputedBy disputedOn resolution resolvedOn }\n      }\n    }\n  }\n"): typeof import('./graphql').CounsellorHouseholdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestClaimStatement($input: RequestClaimStatementInput!) {\n    requestClaimStatement(input: $input) { householdId revision }\n  }\n"): typeof import('./graphql').RequestClaimStatementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenClaimStatementRequests {\n    claimStatementRequests(first: 100) { edges { node { id householdId counsellorOrg requestedOn dueOn } } }\n  }\n"): typeof import('./graphql').OpenClaimStatementRequestsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisputeProtectedIncome($input: DisputeProtectedIncomeInput!) {\n    disputeProtectedIncome(input: $input) { householdId revision }\n  }\n"): typeof import('./graphql').DisputeProtectedIncomeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveProtectedIncomeDispute($input: ResolveProtectedIncomeDisputeInput!) {\n    resolveProtectedIncomeDispute(input: $input) { householdId revision }\n  }\n"): typeof import('./graphql').ResolveProtectedIncomeDisputeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartMoratorium($input: StartMoratoriumInput!) {\n    startMoratorium(input: $input) { householdId revision }\n  }\n"): typeof import('./graphql').StartMoratoriumDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProposeArrangement($input: ProposeArrangementInput!) {\n    proposeArrangement(input: $input) { id status total }\n  }\n"): typeof import('./graphql').ProposeArrangementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HouseholdSelf($id: ID!) {\n    household(id: $id) {\n      id revision\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId description outstanding status }\n      capacity {\n        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags\n        allocations { measureId kind creditorId monthly coordinator }\n      }\n      mandates { counsellorOrg startsOn endsOn revoked grantedBy }\n      readLog(first: 100) { edges { node { at organisation role subject field purpose } } }\n      complaints { id againstOrg subject lodgedOn conclusion closedOn }\n    }\n  }\n"): typeof import('./graphql').HouseholdSelfDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GrantMandate($input: GrantMandateInput!) {\n    grantMandate(input: $input) { revision }\n  }\n"): typeof import('./graphql').GrantMandateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeMandate($input: RevokeMandateInput!) {\n    revokeMandate(input: $input) { revision }\n  }\n"): typeof import('./graphql').RevokeMandateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LodgeComplaint($input: LodgeComplaintInput!) {\n    lodgeComplaint(input: $input) { id }\n  }\n"): typeof import('./graphql').LodgeComplaintDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HouseholdAt($id: ID!, $asOf: DateTime) {\n    household(id: $id, asOf: $asOf, purpose: OVERSIGHT) {\n      id revision\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId reference outstanding status }\n      capacity { netIncome protectedIncome protectedIncomeBasis attachable committed remaining flags }\n      measures { id kind creditorId monthlyAmount startsOn endsOn }\n      moratoria { id startsOn endsOn }\n    }\n  }\n"): typeof import('./graphql').HouseholdAtDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Timeline($id: ID!, $kinds: [String!], $creditorId: ID, $after: String) {\n    household(id: $id, purpose: OVERSIGHT) {\n      id\n      timeline(kinds: $kinds, creditorId: $creditorId, first: 100, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        edges { node { revision type organisation role recordedAt effectiveOn creditorId summary } }\n      }\n    }\n  }\n"): typeof import('./graphql').TimelineDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OmbudsmanCases($id: ID!) {\n    household(id: $id, purpose: COMPLAINT) {\n      id\n      violations { rule on description organisations events { revision type organisation summary } }\n      complaints {\n        id againstOrg subject text lodgedOn lodgedByOrg conclusion closingText closedOn\n        notes { kind text on by }\n      }\n    }\n  }\n"): typeof import('./graphql').OmbudsmanCasesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AllViolations {\n    violations(first: 50) { edges { node { householdId violations { rule on description organisations } } } }\n  }\n"): typeof import('./graphql').AllViolationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordComplaintNote($input: RecordComplaintNoteInput!) {\n    recordComplaintNote(input: $input) { id }\n  }\n"): typeof import('./graphql').RecordComplaintNoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseComplaint($input: CloseComplaintInput!) {\n    closeComplaint(input: $input) { id }\n  }\n"): typeof import('./graphql').CloseComplaintDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CreditorHousehold($id: ID!, $on: Date) {\n    household(id: $id, purpose: COLLECTION) {\n      id revision\n      totals { outstanding claimCount creditorCount }\n      claims { id creditorId reference description principal costs interest paid outstanding preferential status }\n      capacity(on: $on) {\n        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags\n        allocations { measureId kind creditorId monthly coordinator }\n      }\n      measures { id kind creditorId claimIds monthlyAmount startsOn endsOn }\n      arrangements {\n        id status total monthlyCapacity termMonths startsOn\n        offers { claimId creditorId outstanding percentage amount paid answer }\n      }\n    }\n  }\n"): typeof import('./graphql').CreditorHouseholdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndMeasure($input: EndMeasureInput!) {\n    endMeasure(input: $input) { householdId revision }\n  }\n"): typeof import('./graphql').EndMeasureDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AnswerArrangement($input: AnswerArrangementInput!) {\n    answerArrangement(input: $input) { id status offers { claimId answer } }\n  }\n"): typeof import('./graphql').AnswerArrangementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterClaim($input: RegisterClaimInput!) {\n    registerClaim(input: $input) { id outstanding status }\n  }\n"): typeof import('./graphql').RegisterClaimDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterMeasure($input: RegisterMeasureInput!) {\n    registerMeasure(input: $input) { measureId kind monthly coordinator }\n  }\n"): typeof import('./graphql').RegisterMeasureDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CapacityChanged($householdId: ID!) {\n    capacityChanged(householdId: $householdId) { on attachable committed remaining flags }\n  }\n"): typeof import('./graphql').CapacityChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordContactAttempt($input: RecordContactAttemptInput!) {\n    recordContactAttempt(input: $input) { id }\n  }\n"): typeof import('./graphql').RecordContactAttemptDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseSignal($input: CloseSignalInput!) {\n    closeSignal(input: $input) { id outcome }\n  }\n"): typeof import('./graphql').CloseSignalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndMoratorium($input: EndMoratoriumInput!) {\n    endMoratorium(input: $input) { householdId revision }\n  }\n"): typeof import('./graphql').EndMoratoriumDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
