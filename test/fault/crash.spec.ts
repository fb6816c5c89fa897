import { afterAll, describe, expect, it } from 'vitest';
import { addDays, businessDateAt } from '../../domain/dates.js';
import { syntheticBsn } from '../support/api.js';
import { Random } from '../../infra/cli/demoData.js';
import {
  BSNS,
  commandKey,
  DOCUMENTED_CODES,
  freshDir,
  gql,
  LONG,
  Q,
  readModelAndRebuild,
  readStore,
  removeDirs,
  startServer,
  token,
} from '../load/support.js';

/**
 * SIGKILL the server process while clients are writing, restart it on the same data
 * directory: every command it acknowledged is still there, exactly once; no stream is partial
 * (revisions 1..n, the stream row agrees, the file passes integrity_check); the read model
 * equals a rebuild from the events and its checkpoint is the last event. One crash in CI,
 * three with TOTAALBEELD_LONG_TESTS=1.
 */
const CRASHES = LONG ? 3 : 1;
const CLIENTS = 50;
const CREDITORS = ['CJIB', 'ENECO', 'CZ', 'KPN', 'YMERE'];

afterAll(() => removeDirs());

describe('SIGKILL during load', () => {
  it(`loses no acknowledged command and leaves no partial event (${CRASHES} crash(es))`, async () => {
    const dataDir = freshDir('tb-crash-');
    let server = await startServer(dataDir, { TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0' });
    const counsellor = await token('COUNSELLOR', 'GEM-CRASH');
    const households: string[] = [];
    for (let h = 0; h < 10; h++) {
      const answer = await gql(server.url, counsellor, Q.registerHousehold, {
        input: {
          commandId: `crash-household-${h}`,
          composition: 'SINGLE',
          municipality: 'Utrecht',
          members: [{ bsn: syntheticBsn(h), name: 'Jan', birthDate: '1980-01-01' }],
          effectiveOn: '2025-01-01',
        },
      });
      expect(answer.body.errors).toBeUndefined();
      const householdId = answer.body.data.registerHousehold.householdId as string;
      households.push(householdId);
      // Creditors come in by invitation (issue 11): the counsellor asks each creditor for its claims.
      for (const org of CREDITORS) {
        const requested = await gql(server.url, counsellor, Q.requestClaimStatement, {
          input: { commandId: `crash-statement-${h}-${org}`, householdId, creditorOrg: org, dueOn: addDays(businessDateAt(new Date().toISOString()), 28) },
        });
        expect(requested.body.errors).toBeUndefined();
      }
    }
    const acks: Array<{ org: string; commandId: string }> = [];
    const problems: string[] = [];
    let sequence = 0;

    for (let crash = 0; crash < CRASHES; crash++) {
      const tokens = new Map(await Promise.all(CREDITORS.map(async (org) => [org, await token('CREDITOR', org)] as const)));
      let killed = false;
      let refused = 0;
      const url = server.url;
      const clients = Array.from({ length: CLIENTS }, async (_, client) => {
        const random = new Random(crash * 1_000 + client);
        const org = CREDITORS[client % CREDITORS.length]!;
        while (!killed) {
          const commandId = `crash-${crash}-${client}-${(sequence += 1)}`;
          const variables = {
            input: { commandId, householdId: random.pick(households), reference: commandId, description: 'Achterstand', principal: random.int(1_000, 90_000), preferential: false, consumer: true, incurredOn: '2025-02-01' },
          };
          try {
            const answer = await gql(url, tokens.get(org)!, Q.registerClaim, variables);
            if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
            for (const e of answer.body.errors ?? []) if (!DOCUMENTED_CODES.has(e.extensions?.code ?? '')) problems.push(`undocumented ${e.extensions?.code}: ${e.message}`);
            if (!answer.body.errors) acks.push({ org, commandId });
          } catch {
            // The connection died with the server: not acknowledged, so it may or may not be stored.
            refused += 1;
            if (killed) return;
          }
        }
      });
      // Let the load build up, then kill the server in the middle of it.
      await new Promise((r) => setTimeout(r, 1_500 + crash * 500));
      await server.kill();
      killed = true;
      await Promise.all(clients);
      expect(acks.length, 'the load acknowledged commands before the kill').toBeGreaterThan(50);
      // Some requests were in flight when it died (else the kill proved little).
      expect(refused).toBeGreaterThan(0);

      const killedPid = server.child.pid;
      server = await startServer(dataDir, { TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0' });
      // The new process, not the killed one, is what answers from here on.
      const health = (await (await fetch(`${server.url}/health`)).json()) as { pid: number };
      expect(health.pid).toBe(server.child.pid);
      expect(health.pid).not.toBe(killedPid);
      // It serves again: reads and a new command.
      const ombudsman = await token('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
      const read = await gql(server.url, ombudsman, Q.capacity, { id: households[0], on: '2025-03-01' });
      expect(read.body.errors).toBeUndefined();
      const after = await gql(server.url, tokens.get('CJIB')!, Q.registerClaim, {
        input: { commandId: `crash-after-${crash}`, householdId: households[0], reference: 'after', description: 'Na herstart', principal: 5_000, preferential: false, consumer: true, incurredOn: '2025-02-01' },
      });
      expect(after.body.errors).toBeUndefined();
      acks.push({ org: 'CJIB', commandId: `crash-after-${crash}` });
    }
    await server.stop();

    expect(problems).toEqual([]);
    const facts = readStore(dataDir);
    const wrong = acks.filter((a) => facts.perCommand.get(commandKey(a.org, a.commandId)) !== 1);
    expect(wrong.map((a) => `${a.commandId}: ${facts.perCommand.get(commandKey(a.org, a.commandId)) ?? 0}`)).toEqual([]);
    // Nothing half-written: each command is one event, each stream whole, the file sound.
    for (const [key, n] of facts.perCommand) expect(n, key).toBe(1);
    expect(facts.brokenStreams).toEqual([]);
    expect(facts.integrity).toBe('ok');
    expect(facts.checkpoint).toBe(facts.lastPosition);
    const { stored, rebuilt, events } = await readModelAndRebuild(dataDir);
    expect(events).toBe(facts.events);
    expect(rebuilt).toEqual(stored);
  }, 180_000);
});
