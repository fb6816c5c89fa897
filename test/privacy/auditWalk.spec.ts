import { getNamedType, isObjectType, type GraphQLNamedType } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { schema } from '../../api/schema/index.js';
import type { GqlResult } from '../support/api.js';
import { buildFixture, newId, ORG, type Fixture } from '../auth/support.js';
import { subscribe } from '../ombudsman/support.js';

/**
 * Issue 11 item 7: every way personal data leaves the API is recorded in the read audit. The
 * schema is walked for every field of Query, Mutation, Subscription and Household through which
 * a type with personal values is reached; each must be in the table below, and calling it must
 * leave a read-audit record for the household, by the caller, naming what was read.
 */

/** Types whose fields hold personal values (sealed in the store). */
const PERSONAL_TYPES = new Set(['Member', 'Claim', 'Moratorium', 'Arrangement', 'Complaint', 'ComplaintNote', 'TimelineEvent']);

function reachesPersonalData(type: GraphQLNamedType, seen = new Set<string>()): boolean {
  if (PERSONAL_TYPES.has(type.name)) return true;
  // A household is not itself personal: its fields are, each on its own (walked below).
  if (!isObjectType(type) || type.name === 'Household' || seen.has(type.name)) return false;
  seen.add(type.name);
  return Object.values(type.getFields()).some((f) => reachesPersonalData(getNamedType(f.type), seen));
}

function entryPoints(): string[] {
  const found: string[] = [];
  for (const root of ['Query', 'Mutation', 'Subscription', 'Household']) {
    const type = schema.getType(root);
    if (!type || !isObjectType(type)) continue;
    for (const [name, field] of Object.entries(type.getFields())) if (reachesPersonalData(getNamedType(field.type))) found.push(`${root}.${name}`);
  }
  return found.sort();
}

interface World {
  fx: Fixture;
  /** A household with a rule breach (a garnishment on an estimated income, no official record). */
  breachId: string;
  arrangementId: string;
  /** The creditors with an offer in it, as the counsellor's proposal showed them. */
  offeredTo: string[];
}

interface Read {
  /** Who reads: a token of the fixture. */
  as: keyof Fixture['tokens'];
  household: (w: World) => string;
  field: string;
  run(w: World, token: string): Promise<GqlResult>;
  /** Whether the answer held personal data at all (else no record is needed); default: it did. */
  delivered?(result: GqlResult): boolean;
}

const ARRANGEMENT = 'id termReason offers { creditorId }';
const withTermReason = (field: string) => (r: GqlResult) => r.data?.[field]?.termReason != null;
const householdQuery = (selection: string) => async (w: World, token: string) =>
  w.fx.api.gql(token, `query ($id: ID!) { household(id: $id) { ${selection} } }`, { id: w.fx.householdId });

const READS: Record<string, Read> = {
  'Household.members': { as: 'ombudsman', household: (w) => w.fx.householdId, field: 'members', run: householdQuery('members { name bsn birthDate }') },
  'Household.claims': { as: 'creditor', household: (w) => w.fx.householdId, field: 'claims', run: householdQuery('claims { reference description }') },
  'Household.moratoria': { as: 'counsellor', household: (w) => w.fx.householdId, field: 'moratoria', run: householdQuery('moratoria { reason }') },
  'Household.timeline': { as: 'counsellor', household: (w) => w.fx.householdId, field: 'timeline', run: householdQuery('timeline(first: 100) { edges { node { summary } } }') },
  'Household.complaints': { as: 'ombudsman', household: (w) => w.fx.householdId, field: 'complaints', run: householdQuery('complaints { subject text }') },
  'Household.violations': {
    as: 'ombudsman',
    household: (w) => w.breachId,
    field: 'violations',
    run: (w, token) => w.fx.api.gql(token, `query ($id: ID!) { household(id: $id) { violations { events { summary } } } }`, { id: w.breachId }),
  },
  'Query.violations': {
    as: 'ombudsman',
    household: (w) => w.breachId,
    field: 'violations',
    run: (w, token) => w.fx.api.gql(token, `query { violations(first: 100) { edges { node { householdId violations { events { summary } } } } } }`),
  },
  'Mutation.registerClaim': {
    as: 'creditor',
    household: (w) => w.fx.householdId,
    field: 'claims',
    run: (w, token) =>
      w.fx.api.gql(token, `mutation ($i: RegisterClaimInput!) { registerClaim(input: $i) { reference description } }`, {
        i: { commandId: newId('claim'), householdId: w.fx.householdId, reference: 'CJIB-2', description: 'Tweede boete', principal: 5_000, preferential: false, consumer: true, incurredOn: '2025-02-01' },
      }),
  },
  'Mutation.proposeArrangement': {
    as: 'counsellor',
    household: (w) => w.fx.householdId,
    field: 'arrangements',
    run: async (w, token) => {
      const result = await w.fx.api.gql(token, `mutation ($i: ProposeArrangementInput!) { proposeArrangement(input: $i) { ${ARRANGEMENT} } }`, {
        i: { commandId: newId('arrangement'), householdId: w.fx.householdId, monthlyCapacity: 10_000, termMonths: 36, termReason: 'Langdurige ziekte', startsOn: '2025-04-01' },
      });
      w.arrangementId = result.data?.proposeArrangement?.id ?? '';
      w.offeredTo = [...new Set<string>((result.data?.proposeArrangement?.offers ?? []).map((o: { creditorId: string }) => o.creditorId))];
      return result;
    },
    delivered: withTermReason('proposeArrangement'),
  },
  // After the proposal: an arrangement with a term's reason to read.
  'Household.arrangements': {
    as: 'counsellor',
    household: (w) => w.fx.householdId,
    field: 'arrangements',
    run: householdQuery('arrangements { termReason }'),
    delivered: (r) => (r.data?.household?.arrangements ?? []).some((a: { termReason: string | null }) => a.termReason !== null),
  },
  'Mutation.answerArrangement': {
    as: 'creditor',
    household: (w) => w.fx.householdId,
    field: 'arrangements',
    run: async (w, token) => {
      const answer = (t: string) =>
        w.fx.api.gql(t, `mutation ($i: AnswerArrangementInput!) { answerArrangement(input: $i) { ${ARRANGEMENT} } }`, {
          i: { commandId: newId('answer'), arrangementId: w.arrangementId, answer: 'ACCEPT' },
        });
      const result = await answer(token);
      // Every other creditor with an offer accepts too, so the arrangement becomes active.
      for (const org of w.offeredTo) {
        if (org !== ORG.creditor) await answer(await w.fx.api.tokenFor('CREDITOR', org));
      }
      return result;
    },
    delivered: withTermReason('answerArrangement'),
  },
  'Mutation.recordArrangementPayment': {
    as: 'counsellor',
    household: (w) => w.fx.householdId,
    field: 'arrangements',
    run: (w, token) =>
      w.fx.api.gql(token, `mutation ($i: RecordArrangementPaymentInput!) { recordArrangementPayment(input: $i) { ${ARRANGEMENT} } }`, {
        i: { commandId: newId('arr-pay'), arrangementId: w.arrangementId, claimId: w.fx.claimId, amount: 1_000, paidOn: '2025-03-20' },
      }),
    delivered: withTermReason('recordArrangementPayment'),
  },
  'Mutation.failArrangement': {
    as: 'counsellor',
    household: (w) => w.fx.householdId,
    field: 'arrangements',
    run: (w, token) =>
      w.fx.api.gql(token, `mutation ($i: FailArrangementInput!) { failArrangement(input: $i) { ${ARRANGEMENT} } }`, {
        i: { commandId: newId('fail'), arrangementId: w.arrangementId, reason: 'Inkomen weggevallen', failedOn: '2025-03-20' },
      }),
    delivered: withTermReason('failArrangement'),
  },
  'Mutation.completeArrangement': {
    as: 'counsellor',
    household: (w) => w.fx.householdId,
    field: 'arrangements',
    // A failed arrangement cannot complete: the refusal answers no personal data, so no record is due.
    run: (w, token) =>
      w.fx.api.gql(token, `mutation ($i: CompleteArrangementInput!) { completeArrangement(input: $i) { ${ARRANGEMENT} } }`, {
        i: { commandId: newId('complete'), arrangementId: w.arrangementId, completedOn: '2025-03-20' },
      }),
    delivered: withTermReason('completeArrangement'),
  },
  'Mutation.lodgeComplaint': {
    as: 'household',
    household: (w) => w.fx.householdId,
    field: 'complaints',
    run: (w, token) =>
      w.fx.api.gql(token, `mutation ($i: LodgeComplaintInput!) { lodgeComplaint(input: $i) { id subject text } }`, {
        i: { commandId: newId('complaint'), householdId: w.fx.householdId, againstOrg: 'CJIB', subject: 'Beslag te hoog', text: 'Er blijft te weinig over voor de huur.', relatedRevisions: [] },
      }),
  },
  'Mutation.recordComplaintNote': {
    as: 'ombudsman',
    household: (w) => w.fx.householdId,
    field: 'complaints',
    run: async (w, token) =>
      w.fx.api.gql(token, `mutation ($i: RecordComplaintNoteInput!) { recordComplaintNote(input: $i) { id text notes { text } } }`, {
        i: { commandId: newId('note'), complaintId: w.fx.complaintId, kind: 'FINDING', text: 'Beslagvrije voet niet toegepast.' },
      }),
  },
  'Mutation.closeComplaint': {
    as: 'ombudsman',
    household: (w) => w.fx.householdId,
    field: 'complaints',
    run: (w, token) =>
      w.fx.api.gql(token, `mutation ($i: CloseComplaintInput!) { closeComplaint(input: $i) { id text closingText } }`, {
        i: { commandId: newId('close'), complaintId: w.fx.complaintId, conclusion: 'FOUNDED', text: 'Gegrond.' },
      }),
  },
  'Subscription.moratoriumStarted': {
    as: 'counsellor',
    household: (w) => w.fx.householdId,
    field: 'moratoriumStarted',
    run: async (w, token) => {
      const sub = await subscribe(w.fx.api, token, `subscription ($id: ID!) { moratoriumStarted(householdId: $id) { reason } }`, { id: w.fx.householdId });
      try {
        await w.fx.api.gql(token, `mutation ($i: StartMoratoriumInput!) { startMoratorium(input: $i) { revision } }`, {
          i: { commandId: newId('moratorium'), householdId: w.fx.householdId, startsOn: '2026-01-01', endsOn: '2026-01-31', reason: 'Opname ziekenhuis' },
        });
        const event = await sub.next();
        return event.data as GqlResult;
      } finally {
        await sub.close();
      }
    },
  },
};

describe('the read audit', () => {
  let world: World | undefined;
  afterAll(async () => {
    await world?.fx.api.close();
  });

  it('has a read in this table for every field through which personal data leaves the API', () => {
    expect(entryPoints()).toEqual(Object.keys(READS).sort());
  });

  it('records each of those reads for the household, by the caller, naming what was read', async () => {
    const fx = await buildFixture({ moratorium: true, complaint: true });
    const { api } = fx;
    const counsellor = fx.tokens.counsellor;
    const cjib = fx.tokens.creditor;
    // A breach: CJIB garnishes on an estimated income, without an official record.
    const { householdId: breachId } = await api.registerHousehold(counsellor, { commandId: newId('breach') });
    await api.declareIncome(counsellor, breachId, { netMonthly: 200_000 });
    const claim = await api.registerClaim(cjib, breachId, { principal: 300_000 });
    const measure = await api.gql(cjib, `mutation ($i: RegisterMeasureInput!) { registerMeasure(input: $i) { measureId } }`, {
      i: { commandId: newId('measure'), householdId: breachId, kind: 'GARNISHMENT', claimIds: [claim.id], startsOn: '2025-02-01' },
    });
    expect(measure.errors).toBeUndefined();
    world = { fx, breachId, arrangementId: '', offeredTo: [] };

    const orgOf = { counsellor: ORG.counsellor, creditor: ORG.creditor, secondCreditor: ORG.secondCreditor, ombudsman: ORG.ombudsman, household: fx.householdId };
    const missing: string[] = [];
    const notDelivered: string[] = [];
    for (const [entry, read] of Object.entries(READS)) {
      const householdId = read.household(world);
      const before = (await api.ledger.audit.list({ householdId, limit: 100_000 })).length;
      const result = await read.run(world, fx.tokens[read.as]);
      if (!read.delivered) expect(result.errors, `${entry}: ${JSON.stringify(result.errors)}`).toBeUndefined();
      if (read.delivered && !read.delivered(result)) {
        notDelivered.push(entry);
        continue;
      }
      const added = (await api.ledger.audit.list({ householdId, limit: 100_000 })).slice(before);
      if (!added.some((e) => e.field === read.field && e.org === orgOf[read.as])) missing.push(`${entry} (${read.field}): ${JSON.stringify(added)}`);
    }
    // Only these may answer without personal data (a refusal; a creditor not shown the reason).
    expect(['Mutation.completeArrangement', 'Mutation.answerArrangement']).toEqual(expect.arrayContaining(notDelivered));
    expect(missing).toEqual([]);
  });
});
