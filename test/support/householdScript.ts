import type { Actor } from '../../domain/actors.js';
import type { HouseholdCommand } from '../../domain/household/decider.js';
import type { Commands } from '../../infra/ledger.js';
import type { RebuildSource } from '../../projections/runner.js';

/**
 * Events `writeHousehold` stores per household: registered, income, and for each of three
 * creditors the counsellor's claim-statement request (issue 11), its claim and a payment.
 */
export const EVENTS_PER_HOUSEHOLD = 11;

/** A small, realistic history for one household, written through the real command path. */
export async function writeHousehold(commands: Commands, householdId: string, seed: number): Promise<void> {
  const counsellor: Actor = { org: 'GEM-TEST', role: 'COUNSELLOR', sub: 'c' };
  const creditors: Actor[] = ['CJIB', 'CAK', 'DUO'].map((org) => ({ org, role: 'CREDITOR', sub: `x@${org}` }));
  const recordedAt = '2025-03-20T10:00:00.000+01:00';
  const meta = (actor: Actor, commandId: string) => ({ actor, commandId: `${householdId}-${commandId}`, correlationId: 'test', recordedAt });
  const run = (command: HouseholdCommand) => commands.handle(householdId, command);
  await run({
    type: 'RegisterHousehold',
    meta: meta(counsellor, 'reg'),
    data: {
      householdId,
      composition: 'SINGLE',
      municipality: 'Utrecht',
      members: [{ bsn: '111222333', name: `Person ${seed}`, birthDate: '1985-06-01' }],
      effectiveOn: '2025-01-01',
    },
  });
  await run({
    type: 'DeclareIncome',
    meta: meta(counsellor, 'inc'),
    data: { memberBsn: '111222333', kind: 'WAGES', payer: 'ACME', netMonthly: 150_000 + seed * 100, effectiveOn: '2025-01-01' },
  });
  for (const [i, creditor] of creditors.entries()) {
    const claimId = `${householdId}.claim-${i}`;
    // Creditors come in by invitation (issue 11): the counsellor asks each for its claims first.
    await run({
      type: 'RequestClaimStatement',
      meta: meta(counsellor, `statement-${i}`),
      data: { requestId: `${householdId}.claimStatement-${i}`, creditorOrg: creditor.org, dueOn: '2025-04-17' },
    });
    await run({
      type: 'RegisterClaim',
      meta: meta(creditor, `claim-${i}`),
      data: { claimId, reference: `R${i}`, description: 'test', principal: 50_000 * (i + 1), preferential: i === 0, consumer: true, incurredOn: '2025-01-05' },
    });
    await run({
      type: 'RecordPayment',
      meta: meta(creditor, `pay-${i}`),
      data: { claimId, amount: 1_000 * (seed % 7 + 1), paidOn: '2025-03-01' },
    });
  }
}

/**
 * A rebuild source that, once the rebuild has read its first page of streams, has the ledger take
 * commands past the rebuild's upper bound: a new household (`h-late`, written by writeHousehold)
 * and a late income for `h-3` (folded already to the end it had). The rebuild must take both in
 * from the log; `h-3` ends at revision EVENTS_PER_HOUSEHOLD + 1.
 */
export function growingWhileRead(source: Required<RebuildSource>, commands: Commands): RebuildSource {
  let reads = 0;
  return {
    readAll: (options) => source.readAll(options),
    readStream: (streamId) => source.readStream(streamId),
    lastPosition: () => source.lastPosition(),
    readStreamsInOrder: async (after, upTo, limit) => {
      const page = await source.readStreamsInOrder(after, upTo, limit);
      reads += 1;
      if (reads === 1) {
        await writeHousehold(commands, 'h-late', 99);
        await commands.handle('h-3', {
          type: 'DeclareIncome',
          meta: { actor: { org: 'GEM-TEST', role: 'COUNSELLOR', sub: 'c' }, commandId: 'h-3-late', correlationId: 'test', recordedAt: '2025-03-21T10:00:00.000+01:00' },
          data: { memberBsn: '111222333', kind: 'BENEFIT_OTHER', payer: 'UWV', netMonthly: 20_000, effectiveOn: '2025-03-01' },
        });
      }
      return page;
    },
  };
}
