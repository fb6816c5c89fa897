import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, expectError, expectNoErrors, expectValidationIssue, type GqlResult, type TestApi } from '../support/api.js';
import { CLOSE_COMPLAINT, COMPLAINT_FIELDS, RECORD_COMPLAINT_NOTE, lodgeComplaint, morningOf, registerMeasure } from './support.js';

/**
 * Complaints (issue 5 §2, ledger-policy.md §8): lodged by the household, its counsellor or the
 * ombudsman against an organisation; only the ombudsman records findings, recommendations and
 * closure; the file lists the events that matter.
 */

interface ComplaintResult {
  id: string;
  householdId: string;
  againstOrg: string;
  subject: string;
  text: string;
  lodgedOn: string;
  lodgedByOrg: string;
  lodgedByRole: string;
  notes: Array<{ kind: string; text: string; on: string; by: string }>;
  conclusion: string | null;
  closingText: string | null;
  closedOn: string | null;
  events: Array<{ revision: number; type: string; organisation: string; role: string; creditorId: string | null }>;
}

const COMPLAINTS = `query ($id: ID!, $asOf: DateTime) { household(id: $id, asOf: $asOf) { revision complaints { ${COMPLAINT_FIELDS} } } }`;

describe('complaints', () => {
  let api: TestApi;
  let counsellor: string;
  let cjib: string;
  let eneco: string;
  let ombudsman: string;
  let householdId: string;
  let householdToken: string;

  /**
   * rev 1 HouseholdRegistered (GEM-UTRECHT), rev 2 IncomeDeclared €2,000 (GEM-UTRECHT),
   * rev 3 ClaimStatementRequested from CJIB (GEM-UTRECHT), rev 4 ClaimRegistered (CJIB),
   * rev 5 ClaimStatementRequested from ENECO (GEM-UTRECHT), rev 6 ClaimRegistered (ENECO),
   * rev 7 MeasureRegistered: CJIB set-off €400 from 1 Feb, rev 8 IncomeDeclared €1,600 from
   * 1 March (GEM-UTRECHT), rev 9 PaymentRecorded (ENECO). (Creditors come in by invitation,
   * issue 11: registerClaim has the counsellor request each creditor's statement first.)
   */
  beforeEach(async () => {
    api = createTestApi();
    counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
    cjib = await api.tokenFor('CREDITOR', 'CJIB');
    eneco = await api.tokenFor('CREDITOR', 'ENECO');
    ombudsman = await api.tokenFor('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    api.setNow(morningOf('2025-02-03'));
    ({ householdId } = await api.registerHousehold(counsellor, { commandId: 'hh-complaints' }));
    householdToken = await api.tokenFor('HOUSEHOLD', householdId);
    await api.declareIncome(counsellor, householdId, { netMonthly: 200_000, effectiveOn: '2025-01-01' });
    const cjibClaim = await api.registerClaim(cjib, householdId, { principal: 300_000, reference: 'CJIB-1' });
    const enecoClaim = await api.registerClaim(eneco, householdId, { principal: 80_000, reference: 'ENECO-1' });
    await registerMeasure(api, cjib, householdId, { kind: 'SET_OFF', claimIds: [cjibClaim.id], monthlyAmount: 40_000, startsOn: '2025-02-01' });
    api.setNow(morningOf('2025-03-05'));
    await api.declareIncome(counsellor, householdId, { netMonthly: 160_000, effectiveOn: '2025-03-01' });
    await api.recordPayment(eneco, enecoClaim.id, { amount: 5_000, paidOn: '2025-03-04' });
    api.resetClock(); // 2025-03-20
  });
  afterEach(async () => {
    await api.close();
  });

  function complaintOf(result: GqlResult, field = 'lodgeComplaint'): ComplaintResult {
    expectNoErrors(result);
    return result.data[field] as ComplaintResult;
  }

  async function complaintsAs(token: string, asOf?: string): Promise<ComplaintResult[]> {
    const result = await api.gql(token, COMPLAINTS, { id: householdId, ...(asOf ? { asOf } : {}) });
    expectNoErrors(result);
    return result.data.household.complaints as ComplaintResult[];
  }

  const note = (token: string, complaintId: string, kind: string, text: string, relatedRevisions?: number[]) =>
    api.gql(token, RECORD_COMPLAINT_NOTE, { input: { commandId: `note-${randomUUID()}`, complaintId, kind, text, ...(relatedRevisions ? { relatedRevisions } : {}) } });

  describe('lodging', () => {
    it('the household itself (token org = household id) lodges a complaint; the file lists the related revisions and every event of the organisation', async () => {
      const input = {
        commandId: 'klacht-1',
        againstOrg: 'CJIB',
        subject: 'Verrekening te hoog',
        text: 'CJIB houdt te veel in sinds mijn inkomen daalde.',
        relatedRevisions: [8, 8],
      };
      const complaint = complaintOf(await lodgeComplaint(api, householdToken, householdId, input));
      expect(complaint).toEqual({
        id: complaint.id,
        householdId,
        againstOrg: 'CJIB',
        subject: 'Verrekening te hoog',
        text: 'CJIB houdt te veel in sinds mijn inkomen daalde.',
        lodgedOn: '2025-03-20',
        lodgedByOrg: householdId,
        lodgedByRole: 'HOUSEHOLD',
        notes: [],
        conclusion: null,
        closingText: null,
        closedOn: null,
        events: [
          { revision: 4, type: 'ClaimRegistered', organisation: 'CJIB', role: 'CREDITOR', creditorId: 'CJIB' },
          { revision: 7, type: 'MeasureRegistered', organisation: 'CJIB', role: 'CREDITOR', creditorId: 'CJIB' },
          { revision: 8, type: 'IncomeDeclared', organisation: 'GEM-UTRECHT', role: 'COUNSELLOR', creditorId: null },
        ],
      });
      expect(complaint.id.startsWith(`${householdId}.complaint-`)).toBe(true);

      // Repeating the command stores nothing and answers the same complaint. (The same input: a
      // command id with other input is COMMAND_ID_REUSED since issue 11.)
      const before = await api.eventCount();
      const again = complaintOf(await lodgeComplaint(api, householdToken, householdId, input));
      expect(again.id).toBe(complaint.id);
      expect(await api.eventCount()).toBe(before);
    });

    it('the counsellor holding the mandate lodges one', async () => {
      const complaint = complaintOf(await lodgeComplaint(api, counsellor, householdId, { againstOrg: 'ENECO', subject: 'Aanmaningen', text: 'ENECO stuurt aanmaningen ondanks betaling.' }));
      expect(complaint).toMatchObject({ againstOrg: 'ENECO', lodgedByOrg: 'GEM-UTRECHT', lodgedByRole: 'COUNSELLOR', lodgedOn: '2025-03-20' });
      expect(complaint.events.map((e) => [e.revision, e.type])).toEqual([
        [6, 'ClaimRegistered'],
        [9, 'PaymentRecorded'],
      ]);
    });

    it('the ombudsman lodges one on the household’s behalf, even against the counsellor', async () => {
      const complaint = complaintOf(await lodgeComplaint(api, ombudsman, householdId, { againstOrg: 'GEM-UTRECHT', subject: 'Geen reactie', text: 'De gemeente reageert niet.' }));
      expect(complaint).toMatchObject({ lodgedByOrg: 'NATIONALE-OMBUDSMAN', lodgedByRole: 'OMBUDSMAN' });
      expect(complaint.events.map((e) => [e.revision, e.type, e.organisation])).toEqual([
        [1, 'HouseholdRegistered', 'GEM-UTRECHT'],
        [2, 'IncomeDeclared', 'GEM-UTRECHT'],
        // The counsellor's requests for the creditors' claim statements are its events too.
        [3, 'ClaimStatementRequested', 'GEM-UTRECHT'],
        [5, 'ClaimStatementRequested', 'GEM-UTRECHT'],
        [8, 'IncomeDeclared', 'GEM-UTRECHT'],
      ]);
    });

    it('a creditor, another household, a counsellor without the mandate or an admin may not lodge one (FORBIDDEN), and nothing is stored', async () => {
      const other = await api.registerHousehold(counsellor, { commandId: 'hh-other' });
      const before = await api.eventCount();
      expectError(await lodgeComplaint(api, cjib, householdId), 'FORBIDDEN');
      expectError(await lodgeComplaint(api, await api.tokenFor('HOUSEHOLD', other.householdId), householdId), 'FORBIDDEN');
      expectError(await lodgeComplaint(api, await api.tokenFor('COUNSELLOR', 'GEM-AMSTERDAM'), householdId), 'FORBIDDEN');
      expectError(await lodgeComplaint(api, await api.tokenFor('ADMIN', 'OPS'), householdId), 'FORBIDDEN');
      expectError(await lodgeComplaint(api, null, householdId), 'UNAUTHENTICATED');
      expect(await api.eventCount()).toBe(before);
    });

    it('related revisions beyond the stream are VALIDATION_FAILED with nothing stored; the last revision is fine', async () => {
      const before = await api.eventCount();
      const beyond = expectValidationIssue(await lodgeComplaint(api, householdToken, householdId, { relatedRevisions: [3, 10] }), 'input.relatedRevisions');
      expect(beyond.extensions?.issues?.[0]?.reason).toContain('revision 10 does not exist (the household is at 9)');
      expectValidationIssue(await lodgeComplaint(api, householdToken, householdId, { relatedRevisions: [0] }), 'input.relatedRevisions.0');
      expect(await api.eventCount()).toBe(before);
      expect((await complaintsAs(ombudsman)).length).toBe(0);
      complaintOf(await lodgeComplaint(api, householdToken, householdId, { relatedRevisions: [9] }));
      expect(await api.eventCount()).toBe(before + 1);
    });

    it('a complaint about a household that does not exist is NOT_FOUND', async () => {
      expectError(await lodgeComplaint(api, ombudsman, 'no-such-household'), 'NOT_FOUND');
    });
  });

  describe('the ombudsman’s file', () => {
    it('only the ombudsman records findings, recommendations and the closure; after closing nothing more', async () => {
      const lodged = complaintOf(await lodgeComplaint(api, householdToken, householdId, { relatedRevisions: [8] }));
      const beforeNotes = await api.eventCount();
      for (const token of [householdToken, counsellor, cjib]) {
        expectError(await note(token, lodged.id, 'FINDING', 'Mag niet'), 'FORBIDDEN');
        expectError(await api.gql(token, CLOSE_COMPLAINT, { input: { commandId: 'close-x', complaintId: lodged.id, conclusion: 'FOUNDED', text: 'Mag niet' } }), 'FORBIDDEN');
      }
      expect(await api.eventCount()).toBe(beforeNotes);

      api.setNow(morningOf('2025-03-24'));
      const finding = complaintOf(
        await note(ombudsman, lodged.id, 'FINDING', 'De verrekening paste na 1 maart niet meer in de beslagruimte.', [2, 8]),
        'recordComplaintNote',
      );
      expect(finding.notes).toEqual([{ kind: 'FINDING', text: 'De verrekening paste na 1 maart niet meer in de beslagruimte.', on: '2025-03-24', by: 'NATIONALE-OMBUDSMAN' }]);
      // The note's revisions join the file.
      expect(finding.events.map((e) => e.revision)).toEqual([2, 4, 7, 8]);
      expectValidationIssue(await note(ombudsman, lodged.id, 'FINDING', 'Te ver', [42]), 'input.relatedRevisions');

      api.setNow(morningOf('2025-03-25'));
      const recommendation = complaintOf(await note(ombudsman, lodged.id, 'RECOMMENDATION', 'Verlaag de verrekening tot de beslagruimte.'), 'recordComplaintNote');
      expect(recommendation.notes.map((n) => [n.kind, n.on])).toEqual([
        ['FINDING', '2025-03-24'],
        ['RECOMMENDATION', '2025-03-25'],
      ]);
      const beforeClose = '2025-03-25T12:00:00+01:00';

      api.setNow(morningOf('2025-03-28'));
      const closed = complaintOf(
        await api.gql(ombudsman, CLOSE_COMPLAINT, { input: { commandId: 'close-1', complaintId: lodged.id, conclusion: 'FOUNDED', text: 'Gegrond: CJIB verrekende boven de beslagruimte.' } }),
        'closeComplaint',
      );
      expect(closed).toMatchObject({ conclusion: 'FOUNDED', closingText: 'Gegrond: CJIB verrekende boven de beslagruimte.', closedOn: '2025-03-28' });

      const afterClose = await api.eventCount();
      expectValidationIssue(await note(ombudsman, lodged.id, 'FINDING', 'Nog iets na sluiting'), 'input.complaintId');
      expectValidationIssue(
        await api.gql(ombudsman, CLOSE_COMPLAINT, { input: { commandId: 'close-2', complaintId: lodged.id, conclusion: 'UNFOUNDED', text: 'Toch niet' } }),
        'input.complaintId',
      );
      expect(await api.eventCount()).toBe(afterClose);

      // The file as the ledger knew it before the closure.
      const then = await complaintsAs(ombudsman, beforeClose);
      expect(then).toHaveLength(1);
      expect(then[0]).toMatchObject({ conclusion: null, closedOn: null });
      expect(then[0]!.notes.map((n) => n.kind)).toEqual(['FINDING', 'RECOMMENDATION']);
      expect((await complaintsAs(ombudsman))[0]).toMatchObject({ conclusion: 'FOUNDED', closedOn: '2025-03-28' });
    });

    it('an unknown complaint is NOT_FOUND', async () => {
      expectError(await note(ombudsman, `${householdId}.complaint-0000000000000000`, 'FINDING', 'Geen dossier'), 'NOT_FOUND');
      expectError(await note(ombudsman, 'no-complaint-here', 'FINDING', 'Geen dossier'), 'NOT_FOUND');
    });
  });

  describe('household.complaints', () => {
    it('is shown to full viewers (household, its counsellor, the ombudsman) and empty for a creditor', async () => {
      const first = complaintOf(await lodgeComplaint(api, householdToken, householdId, { commandId: 'k-1', againstOrg: 'CJIB' }));
      const second = complaintOf(await lodgeComplaint(api, counsellor, householdId, { commandId: 'k-2', againstOrg: 'ENECO', subject: 'Aanmaningen' }));
      for (const token of [householdToken, counsellor, ombudsman]) {
        const complaints = await complaintsAs(token);
        expect(complaints.map((c) => [c.id, c.againstOrg, c.lodgedByRole])).toEqual([
          [first.id, 'CJIB', 'HOUSEHOLD'],
          [second.id, 'ENECO', 'COUNSELLOR'],
        ]);
        expect(complaints[0]!.events.map((e) => e.revision)).toEqual([4, 7]);
      }
      // Even the creditor complained about does not see the file through the household.
      expect(await complaintsAs(cjib)).toEqual([]);
      expect(await complaintsAs(eneco)).toEqual([]);
      // A counsellor without the mandate does not see the household at all: null, as for an unknown id (issue 11).
      expect(await api.gql(await api.tokenFor('COUNSELLOR', 'GEM-AMSTERDAM'), COMPLAINTS, { id: householdId })).toEqual({ data: { household: null } });
    });
  });
});
