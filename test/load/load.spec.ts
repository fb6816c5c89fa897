import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDateAt } from '../../domain/dates.js';
import { Random } from '../../infra/cli/demoData.js';
import { syntheticBsn } from '../support/api.js';
import {
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
  type Answer,
  type ServerProcess,
} from './support.js';

/**
 * Concurrent clients mixing commands and queries against a real server process over loopback:
 * no 5xx, every answer data or a documented code, every acknowledged command's event stored
 * exactly once, and the capacity invariant (committed ≤ attachable room) for every household
 * on every date. 100 clients for 10 s in CI; 30 s with TOTAALBEELD_LONG_TESTS=1.
 *
 * The per-organisation rate limit is off (TOTAALBEELD_RATE_LIMIT_PER_SECOND=0): this is about
 * the ledger under load, not about the limit one organisation is held to.
 */
const CLIENTS = 100;
const SECONDS = LONG ? 30 : 10;
const HOUSEHOLDS = 20;
const CREDITORS = ['CJIB', 'BELASTINGDIENST', 'ENECO', 'CZ', 'KPN', 'YMERE', 'DUO', 'UWV'];
const COUNSELLOR_ORG = 'GEM-LOAD';

interface Ack {
  org: string;
  commandId: string;
  query: string;
  variables: Record<string, unknown>;
  /** The first answer, for comparing a repeat with it. */
  data: unknown;
}

interface Tally {
  requests: number;
  byCode: Map<string, number>;
  problems: string[];
}

function check(answer: Answer, tally: Tally, what: string): boolean {
  tally.requests += 1;
  if (answer.status >= 500) tally.problems.push(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  const errors = answer.body.errors ?? [];
  for (const e of errors) {
    const code = e.extensions?.code ?? 'none';
    tally.byCode.set(code, (tally.byCode.get(code) ?? 0) + 1);
    if (!DOCUMENTED_CODES.has(code)) tally.problems.push(`${what}: undocumented code ${code}: ${e.message.slice(0, 200)}`);
  }
  return errors.length === 0;
}

const dates = Array.from({ length: 18 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);

describe(`load: ${CLIENTS} concurrent clients for ${SECONDS} s against a server process`, () => {
  let dataDir: string;
  let server: ServerProcess;
  const households: string[] = [];
  const acks: Ack[] = [];
  const tally: Tally = { requests: 0, byCode: new Map(), problems: [] };
  let ombudsman: string;

  beforeAll(async () => {
    dataDir = freshDir('tb-load-');
    server = await startServer(dataDir, { TOTAALBEELD_RATE_LIMIT_PER_SECOND: '0' });
    ombudsman = await token('OMBUDSMAN', 'NATIONALE-OMBUDSMAN');
    const counsellor = await token('COUNSELLOR', COUNSELLOR_ORG);
    for (let h = 0; h < HOUSEHOLDS; h++) {
      const registered = await gql(server.url, counsellor, Q.registerHousehold, {
        input: {
          commandId: `load-household-${h}`,
          composition: 'COUPLE',
          municipality: 'Utrecht',
          members: [
            // One person is in one household (issue 11): distinct people per household.
            { bsn: syntheticBsn(2 * h + 1), name: 'Jan de Vries', birthDate: '1980-01-01' },
            { bsn: syntheticBsn(2 * h + 2), name: 'Piet de Vries', birthDate: '1982-02-02' },
          ],
          effectiveOn: '2025-01-01',
        },
      });
      expect(registered.body.errors).toBeUndefined();
      const householdId = registered.body.data.registerHousehold.householdId as string;
      households.push(householdId);
      const income = await gql(server.url, counsellor, Q.declareIncome, {
        input: { commandId: `load-income-${h}`, householdId, memberBsn: syntheticBsn(2 * h + 1), kind: 'WAGES', payer: 'Werkgever BV', netMonthly: 300_000, effectiveOn: '2025-01-01' },
      });
      expect(income.body.errors).toBeUndefined();
      // Creditors come in by invitation (issue 11): the counsellor asks every creditor for its
      // claims, due four weeks from today on the server's (real) clock.
      for (const org of CREDITORS) {
        const requested = await gql(server.url, counsellor, Q.requestClaimStatement, {
          input: { commandId: `load-statement-${h}-${org}`, householdId, creditorOrg: org, dueOn: addDays(businessDateAt(new Date().toISOString()), 28) },
        });
        expect(requested.body.errors).toBeUndefined();
      }
    }
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    removeDirs();
  }, 60_000);

  it('answers every request without a 5xx and with documented codes only', async () => {
    const counsellor = await token('COUNSELLOR', COUNSELLOR_ORG);
    const creditorTokens = new Map(await Promise.all(CREDITORS.map(async (org) => [org, await token('CREDITOR', org)] as const)));
    const claimsOf = new Map<string, Array<{ claimId: string }>>(CREDITORS.map((org) => [org, []]));
    const end = Date.now() + SECONDS * 1000;
    let sequence = 0;

    const send = async (org: string, bearer: string, query: string, variables: Record<string, unknown>, commandId: string, what: string): Promise<Answer | null> => {
      const answer = await gql(server.url, bearer, query, variables);
      if (check(answer, tally, what)) {
        const data = answer.body.data;
        acks.push({ org, commandId, query, variables, data });
        return answer;
      }
      return null;
    };

    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const random = new Random(7_000 + client);
        const org = CREDITORS[client % CREDITORS.length]!;
        const bearer = creditorTokens.get(org)!;
        while (Date.now() < end) {
          const roll = random.next();
          const householdId = random.pick(households);
          const commandId = `load-${client}-${(sequence += 1)}`;
          const own = claimsOf.get(org)!;
          if (roll < 0.3 || own.length === 0) {
            const variables = {
              input: { commandId, householdId, reference: commandId, description: 'Achterstand', principal: random.int(10_000, 200_000), preferential: random.chance(0.2), consumer: true, incurredOn: '2025-02-01' },
            };
            const answer = await send(org, bearer, Q.registerClaim, variables, commandId, 'registerClaim');
            if (answer) own.push({ claimId: answer.body.data.registerClaim.id as string });
          } else if (roll < 0.45) {
            const { claimId } = random.pick(own);
            await send(org, bearer, Q.recordPayment, { input: { commandId, claimId, amount: random.int(100, 5_000), paidOn: '2025-03-01' } }, commandId, 'recordPayment');
          } else if (roll < 0.55) {
            const { claimId } = random.pick(own);
            const kind = random.chance(0.5) ? 'PAYMENT_PLAN' : 'GARNISHMENT';
            await send(
              org,
              bearer,
              Q.registerMeasure,
              { input: { commandId, householdId: claimId.slice(0, claimId.lastIndexOf('.claim-')), kind, claimIds: [claimId], monthlyAmount: random.int(500, 6_000), startsOn: random.pick(dates) } },
              commandId,
              'registerMeasure',
            );
          } else if (roll < 0.6) {
            await send(
              COUNSELLOR_ORG,
              counsellor,
              Q.declareIncome,
              { input: { commandId, householdId, memberBsn: syntheticBsn(2 * households.indexOf(householdId) + random.int(1, 2)), kind: 'WAGES', payer: random.pick(['Werkgever BV', 'Uitzendbureau']), netMonthly: random.int(150_000, 350_000), effectiveOn: random.pick(dates) } },
              commandId,
              'declareIncome',
            );
          } else if (roll < 0.65 && acks.length > 0) {
            // A retry of an acknowledged command: the same answer, nothing stored.
            const first = random.pick(acks);
            const bearerOf = first.org === COUNSELLOR_ORG ? counsellor : creditorTokens.get(first.org)!;
            const answer = await gql(server.url, bearerOf, first.query, first.variables);
            if (check(answer, tally, 'repeat')) {
              const [field] = Object.keys(answer.body.data as object);
              const got = (answer.body.data as Record<string, Record<string, unknown>>)[field!]!;
              const had = (first.data as Record<string, Record<string, unknown>>)[field!]!;
              // The receipt of a repeat is the first one's (the claim id or the revision it landed at).
              for (const key of ['id', 'revision', 'measureId']) if (key in had) expect(got[key], `repeat of ${first.commandId}`).toEqual(had[key]);
            }
          } else {
            const answer = await gql(server.url, ombudsman, Q.capacity, { id: householdId, on: random.pick(dates) });
            if (check(answer, tally, 'capacity')) {
              const c = answer.body.data.household.capacity;
              if (c.committed > c.attachable || c.remaining < 0) tally.problems.push(`capacity invariant broken under load: ${JSON.stringify(c)}`);
            }
          }
        }
      }),
    );
    console.info(`load: ${tally.requests} requests, ${acks.length} commands acknowledged, rejections ${JSON.stringify(Object.fromEntries(tally.byCode))}`);
    expect(tally.problems.slice(0, 10)).toEqual([]);
    // Enough happened to mean something.
    expect(tally.requests).toBeGreaterThan(CLIENTS * SECONDS);
    expect(acks.length).toBeGreaterThan(CLIENTS * 2);
  }, (SECONDS + 60) * 1000);

  it('keeps the capacity invariant for every household on every date', async () => {
    for (const id of households) {
      for (const on of dates) {
        const answer = await gql(server.url, ombudsman, Q.capacity, { id, on });
        expect(answer.body.errors).toBeUndefined();
        const c = answer.body.data.household.capacity;
        expect(c.committed, `${id} on ${on}`).toBeLessThanOrEqual(c.attachable);
        expect(c.remaining).toBeGreaterThanOrEqual(0);
        const allocated = (c.allocations as Array<{ monthly: number }>).reduce((s, a) => s + a.monthly, 0);
        expect(allocated).toBeGreaterThanOrEqual(c.committed);
      }
    }
  }, 120_000);

  it('stored every acknowledged command exactly once, in whole streams, with read models equal to a rebuild', async () => {
    await server.stop();
    const facts = readStore(dataDir);
    const missing = acks.filter((a) => facts.perCommand.get(commandKey(a.org, a.commandId)) !== 1);
    expect(missing.map((a) => `${a.org} ${a.commandId}: ${facts.perCommand.get(commandKey(a.org, a.commandId)) ?? 0}`)).toEqual([]);
    expect(facts.brokenStreams).toEqual([]);
    expect(facts.integrity).toBe('ok');
    expect(facts.checkpoint).toBe(facts.lastPosition);
    const { stored, rebuilt, events } = await readModelAndRebuild(dataDir);
    expect(events).toBe(facts.events);
    expect(rebuilt).toEqual(stored);
  }, 120_000);
});
