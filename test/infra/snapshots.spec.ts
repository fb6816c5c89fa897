import { describe, expect, it } from 'vitest';
import type { HouseholdState } from '../../domain/household/decider.js';
import { createTestApi } from '../support/api.js';

/**
 * What a state holds, with its maps as lists of entries: the handler's copies keep their maps in
 * layers (domain/layeredMap.ts), so the contents are compared, not the layers.
 */
function contents(state: HouseholdState): unknown {
  return structuredClone(Object.fromEntries(Object.entries(state).map(([key, value]) => [key, value instanceof Map || isMapLike(value) ? [...value] : value])));
}

function isMapLike(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { entries?: unknown }).entries === 'function' && !Array.isArray(value);
}

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
      const before = contents(held.state);
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
      await api.ledger.commands.handle(householdId, {
        type: 'ChangeComposition',
        meta: meta('comp-1'),
        data: { composition: 'SINGLE', members: [{ bsn: '111222333', name: 'Jan Jansen', birthDate: '1985-06-15' }], effectiveOn: '2025-03-01' },
      });
      for (let i = 0; i < 40; i++) {
        // Past the layered maps' own layer (domain/layeredMap.ts), so that later copies merge it.
        await api.ledger.commands.handle(householdId, {
          type: 'RequestClaimStatement',
          meta: meta(`req-more-${i}`),
          data: { requestId: `${householdId}.claimStatement-more-${i}`, creditorOrg: `CREDITOR-${i}`, dueOn: '2025-04-17' },
        });
      }
      expect(contents(held.state)).toEqual(before);
      expect(held.state.revision).toBe(3);
      expect(held.state.incomes).toHaveLength(1);
      expect(held.state.compositionPeriods).toHaveLength(1);
      expect(held.state.receipts.size).toBe(3);
      expect([...held.state.claimStatementRequests.values()].map((r) => r.creditorOrg)).toEqual(['CJIB']);
    } finally {
      await api.close();
    }
  });
});
