import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import { defaultParameters } from '../../domain/parameters.js';
import { openEmbeddedLedger } from '../../infra/ledger.js';

const counsellor: Actor = { org: 'GEM-UTRECHT', role: 'COUNSELLOR', sub: 'c@gem' };

describe('projection rebuild', () => {
  it('drops the overview and folds it again from the event log to the same result', async () => {
    const ledger = openEmbeddedLedger(':memory:', defaultParameters);
    for (let h = 0; h < 5; h++) {
      const id = `h-${h}`;
      const meta = (actor: Actor, commandId: string) => ({ actor, commandId, correlationId: 'c', recordedAt: '2025-03-20T10:00:00.000+01:00' });
      await ledger.commands.handle(id, {
        type: 'RegisterHousehold',
        meta: meta(counsellor, `reg-${h}`),
        data: {
          householdId: id,
          composition: 'COUPLE',
          municipality: 'Utrecht',
          members: [
            { bsn: '111222333', name: 'Jan', birthDate: '1960-01-01' },
            { bsn: '999993653', name: 'Piet', birthDate: '1962-05-05' },
          ],
          effectiveOn: '2025-01-01',
        },
      });
      await ledger.commands.handle(id, {
        type: 'DeclareIncome',
        meta: meta(counsellor, `inc-${h}`),
        data: { memberBsn: '111222333', kind: 'WAGES', payer: 'ACME', netMonthly: 150_000 + h, effectiveOn: '2025-01-01' },
      });
      const creditor: Actor = { org: `CRED-${h}`, role: 'CREDITOR', sub: 'x' };
      // Creditors come in by invitation (issue 11): the counsellor asks for the claim statement first.
      await ledger.commands.handle(id, {
        type: 'RequestClaimStatement',
        meta: meta(counsellor, `statement-${h}`),
        data: { requestId: `${id}.claimStatement-1`, creditorOrg: creditor.org, dueOn: '2025-04-17' },
      });
      await ledger.commands.handle(id, {
        type: 'RegisterClaim',
        meta: meta(creditor, `claim-${h}`),
        data: { claimId: `${id}.claim-1`, reference: 'R', description: 'd', principal: 100_000, preferential: h % 2 === 0, consumer: true, incurredOn: '2025-01-01' },
      });
      await ledger.commands.handle(id, {
        type: 'RecordPayment',
        meta: meta(creditor, `pay-${h}`),
        data: { claimId: `${id}.claim-1`, amount: 2_500 * (h + 1), paidOn: '2025-03-01' },
      });
    }
    const inline = ledger.overviews.dump();
    const checkpoint = ledger.overviews.position();
    expect(inline).toHaveLength(5);
    const result = await ledger.overviews.rebuild();
    expect(result).toEqual({ events: 25, households: 5 });
    expect(ledger.overviews.dump()).toEqual(inline);
    expect(ledger.overviews.position()).toBe(checkpoint);
    await ledger.close();
  });
});
