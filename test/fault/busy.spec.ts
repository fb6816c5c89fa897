import { afterAll, describe, expect, it } from 'vitest';
import { addDays, businessDateAt } from '../../domain/dates.js';
import { syntheticBsn } from '../support/api.js';
import { defaultParameters } from '../../domain/parameters.js';
import { databaseFile, openEmbeddedLedger } from '../../infra/ledger.js';
import {
  BSNS,
  cleanEnv,
  commandKey,
  freshDir,
  gql,
  KEY_SECRET,
  Q,
  readStore,
  removeDirs,
  startScript,
  startServer,
  token,
} from '../load/support.js';

/**
 * The peer fails under concurrent writers with SQLITE_BUSY. Ours must not: many writers in
 * one process share group commits, and writers in other processes on the same file wait for
 * the write lock (busy_timeout) instead of failing.
 */
afterAll(() => removeDirs());

describe('many concurrent writers', () => {
  it('in one process: 200 writers over 50 households, every command acknowledged, none SQLITE_BUSY', async () => {
    const dir = freshDir('tb-busy-');
    const ledger = openEmbeddedLedger(databaseFile(dir), defaultParameters, { keySecret: KEY_SECRET });
    const at = () => new Date().toISOString();
    const ids = Array.from({ length: 50 }, (_, i) => `busy-${i}`);
    await Promise.all(
      ids.map((id) =>
        ledger.commands.handle(id, {
          type: 'RegisterHousehold',
          meta: { actor: { org: 'GEM', role: 'COUNSELLOR', sub: 's' }, commandId: `reg-${id}`, correlationId: 'c', recordedAt: at() },
          data: { householdId: id, composition: 'SINGLE', municipality: 'Utrecht', members: [{ bsn: BSNS[0], name: 'Jan', birthDate: '1980-01-01' }], effectiveOn: '2025-01-01' },
        }),
      ),
    );
    // Creditors come in by invitation (issue 11): the counsellor asks the nine creditors for their
    // claims on every household first (9 × 50 events).
    await Promise.all(
      ids.map(async (id) => {
        for (let c = 0; c < 9; c++) {
          await ledger.commands.handle(id, {
            type: 'RequestClaimStatement',
            meta: { actor: { org: 'GEM', role: 'COUNSELLOR', sub: 's' }, commandId: `statement-${id}-${c}`, correlationId: 'c', recordedAt: at() },
            data: { requestId: `${id}.claimStatement-${c}`, creditorOrg: `CRED-${c}`, dueOn: addDays(businessDateAt(at()), 28) },
          });
        }
      }),
    );
    const errors: string[] = [];
    let done = 0;
    await Promise.all(
      Array.from({ length: 200 }, async (_, w) => {
        for (let k = 0; k < 15; k++) {
          const id = ids[(w * 7 + k) % ids.length]!;
          try {
            await ledger.commands.handle(id, {
              type: 'RegisterClaim',
              meta: { actor: { org: `CRED-${w % 9}`, role: 'CREDITOR', sub: 's' }, commandId: `w${w}-${k}`, correlationId: 'c', recordedAt: at() },
              data: { claimId: `${id}.claim-w${w}-${k}`, reference: 'R', description: 'd', principal: 1_000, preferential: false, consumer: true, incurredOn: '2025-02-01' },
            });
            done += 1;
          } catch (error) {
            errors.push(String(error));
          }
        }
      }),
    );
    await ledger.close();
    expect(errors).toEqual([]);
    expect(done).toBe(3_000);
    expect(readStore(dir).events).toBe(3_500);
  }, 120_000);

  it('in two processes on one file: a server under 50 HTTP writers and the demo loader writing beside it, none SQLITE_BUSY', async () => {
    const dataDir = freshDir('tb-busy-processes-');
    const server = await startServer(dataDir, { TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0' });
    try {
      const counsellor = await token('COUNSELLOR', 'GEM-BUSY');
      const households: string[] = [];
      for (let h = 0; h < 10; h++) {
        const answer = await gql(server.url, counsellor, Q.registerHousehold, {
          input: { commandId: `busy-household-${h}`, composition: 'SINGLE', municipality: 'Utrecht', members: [{ bsn: syntheticBsn(h), name: 'Jan', birthDate: '1980-01-01' }], effectiveOn: '2025-01-01' },
        });
        const householdId = answer.body.data.registerHousehold.householdId as string;
        households.push(householdId);
        // Creditors come in by invitation (issue 11): the counsellor asks CJIB for its claims.
        const requested = await gql(server.url, counsellor, Q.requestClaimStatement, {
          input: { commandId: `busy-statement-${h}`, householdId, creditorOrg: 'CJIB', dueOn: addDays(businessDateAt(new Date().toISOString()), 28) },
        });
        expect(requested.body.errors).toBeUndefined();
      }
      // Another process writing to the same file the whole time.
      const demo = startScript('infra/cli/demo.ts', ['--households', '60', '--seed', '5'], cleanEnv({ TOTAALBEELD_DATA_DIR: dataDir }), { timeoutMs: 120_000 });
      const creditor = await token('CREDITOR', 'CJIB');
      const acks: string[] = [];
      const problems: string[] = [];
      let demoDone = false;
      void demo.done.then(() => (demoDone = true));
      let sequence = 0;
      await Promise.all(
        Array.from({ length: 50 }, async (_, c) => {
          // While the demo loads, and at least 2 s.
          const started = Date.now();
          while (!demoDone || Date.now() - started < 2_000) {
            const commandId = `busy-${c}-${(sequence += 1)}`;
            // Every fifth a new household: its key is made in keys.sqlite, which the demo writes as well.
            const registering = sequence % 5 === 0;
            const answer = registering
              ? await gql(server.url, counsellor, Q.registerHousehold, {
                  input: { commandId, composition: 'SINGLE', municipality: 'Utrecht', members: [{ bsn: syntheticBsn(1_000 + sequence), name: 'Piet', birthDate: '1975-01-01' }], effectiveOn: '2025-01-01' },
                })
              : await gql(server.url, creditor, Q.registerClaim, {
                  input: { commandId, householdId: households[c % households.length], reference: commandId, description: 'd', principal: 2_000, preferential: false, consumer: true, incurredOn: '2025-02-01' },
                });
            if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
            for (const e of answer.body.errors ?? []) problems.push(`${e.extensions?.code}: ${e.message}`);
            if (!answer.body.errors) acks.push(commandKey(registering ? 'GEM-BUSY' : 'CJIB', commandId));
          }
        }),
      );
      const loaded = await demo.done;
      expect(loaded.code, loaded.stderr).toBe(0);
      expect(loaded.stdout).toContain('Loaded 60 demo households');
      // Every command was acknowledged: not even a documented rejection (CONFLICT) got through to a client.
      expect(problems).toEqual([]);
      expect(server.output()).not.toContain('SQLITE_BUSY');
      await server.stop();
      const facts = readStore(dataDir);
      for (const key of acks) expect(facts.perCommand.get(key), key).toBe(1);
      expect(facts.brokenStreams).toEqual([]);
      expect(acks.length).toBeGreaterThan(100);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
