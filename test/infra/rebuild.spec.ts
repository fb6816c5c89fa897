import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors.js';
import { defaultParameters } from '../../domain/parameters.js';
import { databaseFile, openEmbeddedLedger } from '../../infra/ledger.js';
import { openSqlite } from '../../infra/sqlite/database.js';
import { SqliteHouseholdOverviews } from '../../infra/sqlite/householdOverviews.js';
import { openRebuildSource } from '../../infra/sqlite/rebuildSource.js';
import { growingWhileRead, writeHousehold } from '../support/householdScript.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const KEY_SECRET = 'rebuild-test-secret-0123456789-abcdef';

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

  it('on a file, reads the streams in a snapshot and takes in what was appended meanwhile: for a household already folded, and for a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-rebuild-'));
    dirs.push(dir);
    const file = databaseFile(dir);
    const ledger = openEmbeddedLedger(file, defaultParameters, { keySecret: KEY_SECRET });
    for (let h = 0; h < 10; h++) await writeHousehold(ledger.commands, `h-${h}`, h);

    // What `npm run rebuild-projections` does, on its own connection, while the ledger takes commands.
    const cli = openSqlite(file);
    const own = openRebuildSource(cli);
    // Once the first page of streams has been read, h-3 and a new household get events: past the
    // rebuild's upper bound and after its snapshot, so it must take them in from the log.
    const growing = growingWhileRead(own, ledger.commands);
    const overviews = new SqliteHouseholdOverviews(cli);
    try {
      // 11 households of 11 events (writeHousehold), and h-3's late income.
      expect(await overviews.rebuild(growing)).toEqual({ events: 122, households: 11 });
    } finally {
      own.close();
    }
    const rebuilt = overviews.dump();
    expect(rebuilt.find((d) => d.householdId === 'h-3')?.doc.revision).toBe(12);
    expect(rebuilt).toEqual(ledger.overviews.dump());
    // And the same again from the start, with the source the rebuild opens itself.
    expect(await overviews.rebuild()).toEqual({ events: 122, households: 11 });
    expect(overviews.dump()).toEqual(rebuilt);
    cli.close();
    await ledger.close();
  });
});
