import { graphql } from './gql';

/**
 * Every operation the web app sends, typed by GraphQL Code Generator from the served schema
 * (`npm run codegen` after a change here).
 */

export const MyHouseholds = graphql(`
  query MyHouseholds {
    myHouseholds(purpose: PLAN_VAN_AANPAK) {
      id
      composition
      municipality
      registeredOn
      members { name bsn }
      totals { outstanding claimCount creditorCount }
    }
  }
`);

export const FindHouseholds = graphql(`
  query FindHouseholds($bsn: String!) {
    findHouseholds(bsn: $bsn)
  }
`);

export const SignalWorklist = graphql(`
  query SignalWorklist {
    signalWorklist { id householdId partnerOrg partnerType amount arrearsSince threatening receivedOn deadline overdue }
  }
`);

export const RegisterHousehold = graphql(`
  mutation RegisterHousehold($input: RegisterHouseholdInput!) {
    registerHousehold(input: $input) { householdId revision recordedAt }
  }
`);

export const DeclareIncome = graphql(`
  mutation DeclareIncome($input: DeclareIncomeInput!) {
    declareIncome(input: $input) { householdId revision }
  }
`);

export const RecordProtectedIncome = graphql(`
  mutation RecordProtectedIncome($input: RecordProtectedIncomeInput!) {
    recordProtectedIncome(input: $input) { householdId revision }
  }
`);

export const CounsellorHousehold = graphql(`
  query CounsellorHousehold($id: ID!, $on: Date) {
    household(id: $id, purpose: PLAN_VAN_AANPAK) {
      id composition municipality registeredOn revision personalDataErased
      members { name bsn birthDate }
      totals { outstanding claimCount creditorCount }
      claims { id creditorId reference description principal costs interest paid writtenOff outstanding preferential status incurredOn }
      capacity(on: $on) {
        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags
        overcommittedMeasureIds legalFloor legalCap
        allocations { measureId kind creditorId monthly coordinator }
      }
      measures { id kind creditorId monthlyAmount preferential startsOn endsOn }
      moratoria { id startsOn endsOn reason }
      arrangements { id status total monthlyCapacity termMonths key startsOn offers { claimId creditorId outstanding percentage amount answer } }
      signals { id partnerOrg partnerType amount arrearsSince threatening receivedOn deadline overdue outcome contactAttempts { on method reached } }
      mandates { counsellorOrg startsOn endsOn revoked grantedBy }
      claimStatementRequests { id creditorOrg counsellorOrg requestedOn dueOn answered answeredOn }
      protectedIncomeRecords {
        id amount source reference validFrom recordedBy recordedByRole disputed
        dispute { reason disputedBy disputedOn resolution resolvedOn }
      }
    }
  }
`);

export const RequestClaimStatement = graphql(`
  mutation RequestClaimStatement($input: RequestClaimStatementInput!) {
    requestClaimStatement(input: $input) { householdId revision }
  }
`);

export const OpenClaimStatementRequests = graphql(`
  query OpenClaimStatementRequests {
    claimStatementRequests(first: 100) { edges { node { id householdId counsellorOrg requestedOn dueOn } } }
  }
`);

export const DisputeProtectedIncome = graphql(`
  mutation DisputeProtectedIncome($input: DisputeProtectedIncomeInput!) {
    disputeProtectedIncome(input: $input) { householdId revision }
  }
`);

export const ResolveProtectedIncomeDispute = graphql(`
  mutation ResolveProtectedIncomeDispute($input: ResolveProtectedIncomeDisputeInput!) {
    resolveProtectedIncomeDispute(input: $input) { householdId revision }
  }
`);

export const StartMoratorium = graphql(`
  mutation StartMoratorium($input: StartMoratoriumInput!) {
    startMoratorium(input: $input) { householdId revision }
  }
`);

export const ProposeArrangement = graphql(`
  mutation ProposeArrangement($input: ProposeArrangementInput!) {
    proposeArrangement(input: $input) { id status total }
  }
`);

export const HouseholdSelf = graphql(`
  query HouseholdSelf($id: ID!) {
    household(id: $id) {
      id revision
      totals { outstanding claimCount creditorCount }
      claims { id creditorId description outstanding status }
      capacity {
        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags
        allocations { measureId kind creditorId monthly coordinator }
      }
      mandates { counsellorOrg startsOn endsOn revoked grantedBy }
      readLog(first: 100) { edges { node { at organisation role subject field purpose } } }
      complaints { id againstOrg subject lodgedOn conclusion closedOn }
    }
  }
`);

export const GrantMandate = graphql(`
  mutation GrantMandate($input: GrantMandateInput!) {
    grantMandate(input: $input) { revision }
  }
`);

export const RevokeMandate = graphql(`
  mutation RevokeMandate($input: RevokeMandateInput!) {
    revokeMandate(input: $input) { revision }
  }
`);

export const LodgeComplaint = graphql(`
  mutation LodgeComplaint($input: LodgeComplaintInput!) {
    lodgeComplaint(input: $input) { id }
  }
`);

export const HouseholdAt = graphql(`
  query HouseholdAt($id: ID!, $asOf: DateTime) {
    household(id: $id, asOf: $asOf, purpose: OVERSIGHT) {
      id revision
      totals { outstanding claimCount creditorCount }
      claims { id creditorId reference outstanding status }
      capacity { netIncome protectedIncome protectedIncomeBasis attachable committed remaining flags }
      measures { id kind creditorId monthlyAmount startsOn endsOn }
      moratoria { id startsOn endsOn }
    }
  }
`);

export const Timeline = graphql(`
  query Timeline($id: ID!, $kinds: [String!], $creditorId: ID, $after: String) {
    household(id: $id, purpose: OVERSIGHT) {
      id
      timeline(kinds: $kinds, creditorId: $creditorId, first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { revision type organisation role recordedAt effectiveOn creditorId summary } }
      }
    }
  }
`);

export const OmbudsmanCases = graphql(`
  query OmbudsmanCases($id: ID!) {
    household(id: $id, purpose: COMPLAINT) {
      id
      violations { rule on description organisations events { revision type organisation summary } }
      complaints {
        id againstOrg subject text lodgedOn lodgedByOrg conclusion closingText closedOn
        notes { kind text on by }
      }
    }
  }
`);

export const AllViolations = graphql(`
  query AllViolations {
    violations(first: 50) { edges { node { householdId violations { rule on description organisations } } } }
  }
`);

export const RecordComplaintNote = graphql(`
  mutation RecordComplaintNote($input: RecordComplaintNoteInput!) {
    recordComplaintNote(input: $input) { id }
  }
`);

export const CloseComplaint = graphql(`
  mutation CloseComplaint($input: CloseComplaintInput!) {
    closeComplaint(input: $input) { id }
  }
`);

export const CreditorHousehold = graphql(`
  query CreditorHousehold($id: ID!, $on: Date) {
    household(id: $id, purpose: COLLECTION) {
      id revision
      totals { outstanding claimCount creditorCount }
      claims { id creditorId reference description principal costs interest paid outstanding preferential status }
      capacity(on: $on) {
        on netIncome protectedIncome protectedIncomeBasis attachable committed remaining withheldAtSource flags
        allocations { measureId kind creditorId monthly coordinator }
      }
      measures { id kind creditorId claimIds monthlyAmount startsOn endsOn }
      arrangements {
        id status total monthlyCapacity termMonths startsOn
        offers { claimId creditorId outstanding percentage amount paid answer }
      }
    }
  }
`);

export const EndMeasure = graphql(`
  mutation EndMeasure($input: EndMeasureInput!) {
    endMeasure(input: $input) { householdId revision }
  }
`);

export const AnswerArrangement = graphql(`
  mutation AnswerArrangement($input: AnswerArrangementInput!) {
    answerArrangement(input: $input) { id status offers { claimId answer } }
  }
`);

export const RegisterClaim = graphql(`
  mutation RegisterClaim($input: RegisterClaimInput!) {
    registerClaim(input: $input) { id outstanding status }
  }
`);

export const RegisterMeasure = graphql(`
  mutation RegisterMeasure($input: RegisterMeasureInput!) {
    registerMeasure(input: $input) { measureId kind monthly coordinator }
  }
`);

export const CapacityChanged = graphql(`
  subscription CapacityChanged($householdId: ID!) {
    capacityChanged(householdId: $householdId) { on attachable committed remaining flags }
  }
`);

export const RecordContactAttempt = graphql(`
  mutation RecordContactAttempt($input: RecordContactAttemptInput!) {
    recordContactAttempt(input: $input) { id }
  }
`);

export const CloseSignal = graphql(`
  mutation CloseSignal($input: CloseSignalInput!) {
    closeSignal(input: $input) { id outcome }
  }
`);

export const EndMoratorium = graphql(`
  mutation EndMoratorium($input: EndMoratoriumInput!) {
    endMoratorium(input: $input) { householdId revision }
  }
`);
