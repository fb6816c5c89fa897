import { describe, expect, it } from 'vitest';
import { createTestApi } from '../support/api.js';

/**
 * No shared mutable state across requests (issue 13 §3): what a command answers — and what a
 * subscriber or a slow SSE client holds — does not change when later commands run.
 */
describe('states handed out by the command handler', () => {
  it('a held result is unchanged by the next command on the same household', async () => {
    const api = createTestApi();
    try {
      const counsellor = await api.tokenFor('COUNSELLOR', 'GEM-UTRECHT');
      const { householdId } = await api.registerHousehold(counsellor);
      await api.declareIncome(counsellor, householdId, { netMonthly: 150_000 });
      const actor = { org: 'GEM-UTRECHT', role: 'COUNSELLOR' as const, sub: 'c@gem' };
      const meta = (commandId: string) => ({ actor, commandId, correlationId: commandId, recordedAt: '2025-03-20T10:00:00.000+01:00' });
      const held = await api.ledger.commands.handle(householdId, {
        type: 'RequestClaimStatement',
        meta: meta('req-1'),
        data: { requestId: `${householdId}.claimStatement-1`, creditorOrg: 'CJIB', dueOn: '2025-04-17' },
      });
      const before = structuredClone(held.state);
      await api.ledger.commands.handle(householdId, {
        type: 'DeclareIncome',
        meta: meta('inc-2'),
        data: { memberBsn: '111222333', kind: 'BENEFIT_OTHER', payer: 'UWV', netMonthly: 20_000, effectiveOn: '2025-02-01' },
      });
      await api.ledger.commands.handle(householdId, {
        type: 'RequestClaimStatement',
        meta: meta('req-2'),
        data: { requestId: `${householdId}.claimStatement-2`, creditorOrg: 'ENECO', dueOn: '2025-04-17' },
      });
      expect(held.state).toEqual(before);
      expect(held.state.revision).toBe(3);
      expect(held.state.incomes).toHaveLength(1);
      expect([...held.state.claimStatementRequests.values()].map((r) => r.creditorOrg)).toEqual(['CJIB']);
    } finally {
      await api.close();
    }
  });
});
