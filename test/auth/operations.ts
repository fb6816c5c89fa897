import { randomUUID } from 'node:crypto';
import { BSN, DECLARE_INCOME, incomeInput, claimInput, claimStatementInput, costsInput, householdInput, paymentInput, protectedIncomeInput } from '../support/api.js';
import {
  complaintInput,
  M,
  measureInput,
  moratoriumInput,
  need,
  newId,
  ok,
  ORG,
  signalInput,
  type Fixture,
  type Needs,
} from './support.js';

/**
 * How to call each root field of the schema with a minimal valid input against a fresh fixture.
 * Deliberately no expectations here: those are the matrix's own table.
 */
export interface Operation {
  needs?: Needs;
  document: string;
  variables(fx: Fixture): Record<string, unknown>;
  /**
   * For a query every organisation of a role may call but whose answer is filtered: whether the
   * fixture's household (or its data) shows in the answer.
   */
  reveals?(data: any, fx: Fixture): boolean;
  /** For a subscription: a command by someone entitled to it that makes the subscription emit (attempt = 0, 1, …). */
  trigger?(fx: Fixture, attempt: number): Promise<void>;
}

const mutation = (field: string, inputType: string, selection: string) =>
  `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${selection} } }`;
const RECEIPT = 'householdId revision';
const ARRANGEMENT = 'id status';
const COMPLAINT = 'id householdId';
const SIGNAL = 'id householdId';

async function declareMoreIncome(fx: Fixture, attempt: number): Promise<void> {
  ok(
    await fx.api.gql(fx.tokens.counsellor, DECLARE_INCOME, {
      input: incomeInput(fx.householdId, { netMonthly: 250_000 + 1_000 * (attempt + 1), effectiveOn: '2025-03-01' }),
    }),
    'declareIncome',
  );
}

export const OPERATIONS: Record<string, Operation> = {
  // ------------------------------------------------------------------------------ queries
  'Query.household': {
    document: `query ($id: ID!) { household(id: $id) { id totals { outstanding } } }`,
    variables: (fx) => ({ id: fx.householdId }),
  },
  'Query.readAudit': {
    document: `query ($id: ID) { readAudit(householdId: $id, first: 5) { edges { node { field organisation } } } }`,
    variables: (fx) => ({ id: fx.householdId }),
  },
  'Query.violations': {
    document: `query { violations(first: 5) { edges { node { householdId } } } }`,
    variables: () => ({}),
  },
  'Query.signalWorklist': {
    needs: { signal: true },
    document: `query { signalWorklist { id householdId } }`,
    variables: () => ({}),
    reveals: (data: Array<{ householdId: string }>, fx) => data.some((s) => s.householdId === fx.householdId),
  },
  'Query.signalFeedback': {
    needs: { signal: true },
    document: `query { signalFeedback { id householdId feedback } }`,
    variables: () => ({}),
    reveals: (data: Array<{ householdId: string }>, fx) => data.some((s) => s.householdId === fx.householdId),
  },
  'Query.claimStatementRequests': {
    needs: { claimStatementRequest: true },
    document: `query { claimStatementRequests(first: 50) { edges { node { householdId creditorOrg dueOn } } } }`,
    variables: () => ({}),
    reveals: (data: { edges: Array<{ node: { householdId: string } }> }, fx) => data.edges.some((e) => e.node.householdId === fx.householdId),
  },
  'Query.myHouseholds': {
    document: `query { myHouseholds { id } }`,
    variables: () => ({}),
    reveals: (data: Array<{ id: string }>, fx) => data.some((h) => h.id === fx.householdId),
  },
  'Query.findHouseholds': {
    document: `query ($bsn: String!) { findHouseholds(bsn: $bsn) }`,
    variables: () => ({ bsn: BSN.jan }),
    reveals: (data: string[], fx) => data.includes(fx.householdId),
  },

  // ---------------------------------------------------------------------------- mutations
  'Mutation.registerHousehold': {
    document: mutation('registerHousehold', 'RegisterHouseholdInput', RECEIPT),
    variables: () => ({ input: householdInput({ members: [{ bsn: BSN.anna, name: 'Anna de Vries', birthDate: '1979-11-02' }] }) }),
  },
  'Mutation.declareIncome': {
    document: mutation('declareIncome', 'DeclareIncomeInput', RECEIPT),
    variables: (fx) => ({ input: incomeInput(fx.householdId, { netMonthly: 260_000, effectiveOn: '2025-03-01' }) }),
  },
  'Mutation.changeComposition': {
    document: mutation('changeComposition', 'ChangeCompositionInput', RECEIPT),
    variables: (fx) => ({
      input: {
        commandId: `cc-${randomUUID()}`,
        householdId: fx.householdId,
        composition: 'SINGLE',
        members: [{ bsn: BSN.jan, name: 'Jan Jansen', birthDate: '1985-06-15' }],
        effectiveOn: '2025-03-01',
      },
    }),
  },
  'Mutation.recordProtectedIncome': {
    document: mutation('recordProtectedIncome', 'RecordProtectedIncomeInput', RECEIPT),
    variables: (fx) => ({ input: protectedIncomeInput(fx.householdId, { amount: 160_000, validFrom: '2025-03-01', reference: 'IB-2025-0002' }) }),
  },
  'Mutation.registerClaim': {
    document: mutation('registerClaim', 'RegisterClaimInput', 'id creditorId'),
    variables: (fx) => ({ input: claimInput(fx.householdId, { principal: 50_000, reference: 'NEW-1' }) }),
  },
  'Mutation.chargeCollectionCosts': {
    document: mutation('chargeCollectionCosts', 'ChargeCollectionCostsInput', RECEIPT),
    variables: (fx) => ({ input: costsInput(fx.claimId) }),
  },
  'Mutation.recordPayment': {
    document: mutation('recordPayment', 'RecordPaymentInput', RECEIPT),
    variables: (fx) => ({ input: paymentInput(fx.claimId) }),
  },
  'Mutation.registerMeasure': {
    document: mutation('registerMeasure', 'RegisterMeasureInput', 'measureId creditorId monthly'),
    variables: (fx) => ({ input: measureInput(fx.householdId, fx.claimId, { startsOn: '2025-03-01' }) }),
  },
  'Mutation.endMeasure': {
    needs: { measure: true },
    document: mutation('endMeasure', 'EndMeasureInput', RECEIPT),
    variables: (fx) => ({ input: { commandId: newId('end-measure'), measureId: need(fx.measureId, 'measure'), endsOn: '2025-03-31', reason: 'Vordering getroffen' } }),
  },
  'Mutation.startMoratorium': {
    document: mutation('startMoratorium', 'StartMoratoriumInput', RECEIPT),
    variables: (fx) => ({ input: moratoriumInput(fx.householdId) }),
  },
  'Mutation.endMoratorium': {
    needs: { moratorium: true },
    document: mutation('endMoratorium', 'EndMoratoriumInput', RECEIPT),
    variables: (fx) => ({
      input: { commandId: newId('end-moratorium'), moratoriumId: need(fx.moratoriumId, 'moratorium'), endsOn: '2025-07-31', reason: 'Regeling gevonden' },
    }),
  },
  'Mutation.proposeArrangement': {
    document: mutation('proposeArrangement', 'ProposeArrangementInput', ARRANGEMENT),
    variables: (fx) => ({ input: { commandId: newId('arrangement'), householdId: fx.householdId, monthlyCapacity: 10_000, startsOn: '2025-04-01' } }),
  },
  'Mutation.answerArrangement': {
    needs: { arrangement: 'PROPOSED' },
    document: mutation('answerArrangement', 'AnswerArrangementInput', ARRANGEMENT),
    variables: (fx) => ({ input: { commandId: newId('answer'), arrangementId: need(fx.arrangementId, 'arrangement'), answer: 'ACCEPT' } }),
  },
  'Mutation.recordArrangementPayment': {
    needs: { arrangement: 'ACTIVE' },
    document: mutation('recordArrangementPayment', 'RecordArrangementPaymentInput', ARRANGEMENT),
    variables: (fx) => ({
      input: { commandId: newId('arr-pay'), arrangementId: need(fx.arrangementId, 'arrangement'), claimId: fx.claimId, amount: 10_000, paidOn: '2025-03-20' },
    }),
  },
  'Mutation.completeArrangement': {
    needs: { arrangement: 'PAID' },
    document: mutation('completeArrangement', 'CompleteArrangementInput', ARRANGEMENT),
    variables: (fx) => ({ input: { commandId: newId('complete'), arrangementId: need(fx.arrangementId, 'arrangement'), completedOn: '2025-03-20' } }),
  },
  'Mutation.failArrangement': {
    needs: { arrangement: 'PROPOSED' },
    document: mutation('failArrangement', 'FailArrangementInput', ARRANGEMENT),
    variables: (fx) => ({
      input: { commandId: newId('fail'), arrangementId: need(fx.arrangementId, 'arrangement'), reason: 'Inkomen weggevallen', failedOn: '2025-03-20' },
    }),
  },
  'Mutation.sendSignal': {
    document: mutation('sendSignal', 'SendSignalInput', 'id householdId feedback'),
    variables: (fx) => ({ input: signalInput(fx.householdId, { partnerType: 'ENERGY' }) }),
  },
  'Mutation.requestClaimStatement': {
    document: mutation('requestClaimStatement', 'RequestClaimStatementInput', RECEIPT),
    variables: (fx) => ({ input: claimStatementInput(fx.householdId, 'WATERSCHAP-NOORD') }),
  },
  'Mutation.disputeProtectedIncome': {
    document: mutation('disputeProtectedIncome', 'DisputeProtectedIncomeInput', RECEIPT),
    variables: (fx) => ({
      input: { commandId: newId('dispute'), recordId: fx.protectedIncomeRecordId, reason: 'Berekend op een verkeerde samenstelling van het huishouden.' },
    }),
  },
  'Mutation.resolveProtectedIncomeDispute': {
    needs: { dispute: true },
    document: mutation('resolveProtectedIncomeDispute', 'ResolveProtectedIncomeDisputeInput', RECEIPT),
    variables: (fx) => ({ input: { commandId: newId('resolve'), recordId: fx.protectedIncomeRecordId, resolution: 'Het Inlichtingenbureau heeft de voet herzien.' } }),
  },
  'Mutation.recordContactAttempt': {
    needs: { signal: true },
    document: mutation('recordContactAttempt', 'RecordContactAttemptInput', SIGNAL),
    variables: (fx) => ({
      input: { commandId: newId('contact'), signalId: need(fx.signalId, 'signal'), method: 'PHONE', reached: true, attemptedOn: '2025-03-20' },
    }),
  },
  'Mutation.closeSignal': {
    needs: { signal: true },
    document: mutation('closeSignal', 'CloseSignalInput', SIGNAL),
    variables: (fx) => ({
      input: { commandId: newId('close-signal'), signalId: need(fx.signalId, 'signal'), outcome: 'REFERRED_TO_FOLLOW_UP_HELP', closedOn: '2025-03-20' },
    }),
  },
  'Mutation.lodgeComplaint': {
    document: mutation('lodgeComplaint', 'LodgeComplaintInput', COMPLAINT),
    variables: (fx) => ({ input: complaintInput(fx.householdId) }),
  },
  'Mutation.recordComplaintNote': {
    needs: { complaint: true },
    document: mutation('recordComplaintNote', 'RecordComplaintNoteInput', COMPLAINT),
    variables: (fx) => ({
      input: { commandId: newId('note'), complaintId: need(fx.complaintId, 'complaint'), kind: 'FINDING', text: 'Het beslag liet te weinig over.' },
    }),
  },
  'Mutation.closeComplaint': {
    needs: { complaint: true },
    document: mutation('closeComplaint', 'CloseComplaintInput', COMPLAINT),
    variables: (fx) => ({
      input: { commandId: newId('close-complaint'), complaintId: need(fx.complaintId, 'complaint'), conclusion: 'FOUNDED', text: 'Gegrond.' },
    }),
  },
  'Mutation.grantMandate': {
    document: mutation('grantMandate', 'GrantMandateInput', RECEIPT),
    variables: (fx) => ({ input: { commandId: newId('grant'), householdId: fx.householdId, counsellorOrg: ORG.grantee, startsOn: '2025-03-20' } }),
  },
  'Mutation.revokeMandate': {
    needs: { grantee: true },
    document: mutation('revokeMandate', 'RevokeMandateInput', RECEIPT),
    variables: (fx) => ({ input: { commandId: newId('revoke'), householdId: fx.householdId, counsellorOrg: ORG.grantee } }),
  },
  'Mutation.eraseHousehold': {
    document: mutation('eraseHousehold', 'EraseHouseholdInput', RECEIPT),
    variables: (fx) => ({
      input: { commandId: newId('erase'), householdId: fx.householdId, decision: 'ERASE', legalGround: 'AVG art. 17(1)(a)', reference: 'VERZOEK-2025-1' },
    }),
  },

  // ------------------------------------------------------------------------ subscriptions
  'Subscription.householdChanged': {
    document: `subscription ($id: ID!) { householdChanged(householdId: $id) { householdId revision command } }`,
    variables: (fx) => ({ id: fx.householdId }),
    trigger: declareMoreIncome,
  },
  'Subscription.capacityChanged': {
    document: `subscription ($id: ID!) { capacityChanged(householdId: $id) { netIncome attachable allocations { creditorId monthly } } }`,
    variables: (fx) => ({ id: fx.householdId }),
    trigger: declareMoreIncome,
  },
  'Subscription.measureRegistered': {
    document: `subscription ($id: ID!) { measureRegistered(householdId: $id) { id kind creditorId } }`,
    variables: (fx) => ({ id: fx.householdId }),
    trigger: async (fx) => {
      ok(await fx.api.gql(fx.tokens.creditor, M.registerMeasure, { input: measureInput(fx.householdId, fx.claimId, { startsOn: '2025-03-01' }) }), 'registerMeasure');
    },
  },
  'Subscription.moratoriumStarted': {
    document: `subscription ($id: ID!) { moratoriumStarted(householdId: $id) { id startsOn endsOn } }`,
    variables: (fx) => ({ id: fx.householdId }),
    trigger: async (fx, attempt) => {
      // A month each attempt, years apart: moratoria may not overlap.
      const year = 2026 + attempt;
      ok(
        await fx.api.gql(fx.tokens.counsellor, M.startMoratorium, { input: moratoriumInput(fx.householdId, { startsOn: `${year}-01-01`, endsOn: `${year}-01-31` }) }),
        'startMoratorium',
      );
    },
  },
};
