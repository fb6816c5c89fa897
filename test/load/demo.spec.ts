import { afterAll, describe, expect, it } from 'vitest';
import { createHouseholdDecider, type HouseholdCommand } from '../../domain/household/decider.js';
import type { HouseholdEvent } from '../../domain/household/events.js';
import { defaultParameters } from '../../domain/parameters.js';
import { DEMO_HINT } from '../../infra/cli/emptyStore.js';
import { loadDemoHousehold, type CommandSink } from '../../infra/cli/demoData.js';
import { evolve, initialState, type HouseholdState } from '../../domain/household/decider.js';
import { cleanEnv, freshDir, gql, readStore, removeDirs, runScript, startServer, token } from './support.js';

/**
 * The demo data: realistic households through the real command path, deterministic by seed,
 * never tripping a rule; `npm start` on an empty store says how to load them.
 */
afterAll(() => removeDirs());

/** The decider in memory: every rejection would throw here. */
function memory(): { sink: CommandSink; events: HouseholdEvent[] } {
  const decider = createHouseholdDecider(defaultParameters);
  const states = new Map<string, HouseholdState>();
  const events: HouseholdEvent[] = [];
  const sink: CommandSink = async (householdId: string, command: HouseholdCommand) => {
    const state = states.get(householdId) ?? initialState();
    states.set(householdId, state);
    const decided = decider.decide(command, state);
    for (const e of decided) evolve(state, e);
    events.push(...decided);
    return { state, appended: decided.length > 0 };
  };
  return { sink, events };
}

/** What a seed produces, without the instants and request ids that differ per run. */
function facts(events: HouseholdEvent[]): unknown[] {
  return events.map((e) => ({ type: e.type, data: e.data, org: e.meta.org, commandId: e.meta.commandId, effectiveOn: e.meta.effectiveOn }));
}

describe('demo data', () => {
  it('loads 400 households from several seeds without a rule error, with every kind of fact the issue names', async () => {
    const { sink, events } = memory();
    const kinds = new Set<string>();
    const creditors = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      for (let i = 0; i < 100; i++) {
        const h = await loadDemoHousehold(i, sink, { seed, parameters: defaultParameters });
        expect(h.claims).toBeGreaterThanOrEqual(1);
        expect(h.claims).toBeLessThanOrEqual(15);
        for (const c of h.creditors) creditors.add(c);
      }
    }
    for (const e of events) kinds.add(e.type === 'MeasureRegistered' ? `Measure:${(e.data as { kind: string }).kind}` : e.type);
    for (const expected of [
      'HouseholdRegistered',
      'IncomeDeclared',
      'ProtectedIncomeRecorded',
      'ClaimRegistered',
      'CollectionCostsCharged',
      'PaymentRecorded',
      'Measure:SET_OFF',
      'Measure:PAYMENT_PLAN',
      'Measure:GARNISHMENT',
      'Measure:WITHHOLDING_AT_SOURCE',
      'MoratoriumStarted',
      'ArrangementProposed',
      'ArrangementActivated',
      'ArrangementRejected',
      'ArrangementPaymentRecorded',
      'SignalReceived',
      'ContactAttemptRecorded',
      'SignalClosed',
    ]) {
      expect(kinds, expected).toContain(expected);
    }
    for (const org of ['BELASTINGDIENST', 'CAK', 'CJIB', 'DUO', 'UWV']) expect(creditors).toContain(org);
  }, 120_000);

  it('is deterministic by seed', async () => {
    const first = memory();
    const second = memory();
    const other = memory();
    for (let i = 0; i < 20; i++) {
      await loadDemoHousehold(i, first.sink, { seed: 42, parameters: defaultParameters });
      await loadDemoHousehold(i, second.sink, { seed: 42, parameters: defaultParameters });
      await loadDemoHousehold(i, other.sink, { seed: 43, parameters: defaultParameters });
    }
    expect(facts(second.events)).toEqual(facts(first.events));
    expect(facts(other.events)).not.toEqual(facts(first.events));
  }, 60_000);

  it('`npm start` on an empty store says how to load it; `npm run demo` loads it, a second time stores nothing, and the server shows it', async () => {
    const dataDir = freshDir('tb-demo-');
    const empty = await startServer(dataDir);
    expect(empty.output()).toContain(DEMO_HINT);
    await empty.stop();

    const loaded = await runScript('infra/cli/demo.ts', [], cleanEnv({ TOTAALBEELD_DATA_DIR: dataDir }));
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toMatch(/^Loaded 25 demo households \(seed 1\)/);
    expect(loaded.stdout).toContain('npm run token -- --role COUNSELLOR --org GEM-');
    const events = readStore(dataDir).events;
    expect(events).toBeGreaterThan(25 * 5);

    const again = await runScript('infra/cli/demo.ts', [], cleanEnv({ TOTAALBEELD_DATA_DIR: dataDir }));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 commands stored; 25 households were there already');
    expect(readStore(dataDir).events).toBe(events);

    const bad = await runScript('infra/cli/demo.ts', ['--households', 'many'], cleanEnv({ TOTAALBEELD_DATA_DIR: dataDir }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--households');

    const server = await startServer(dataDir);
    try {
      expect(server.output()).not.toContain(DEMO_HINT);
      // The example the demo prints works as printed.
      const org = /--role COUNSELLOR --org (\S+)/.exec(loaded.stdout)![1]!;
      const query = /^\s+(query \{ household.*)$/m.exec(loaded.stdout)![1]!;
      const answer = await gql(server.url, await token('COUNSELLOR', org), query);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.household.totals.claimCount).toBeGreaterThanOrEqual(4);
      const c = answer.body.data.household.capacity;
      expect(c.committed).toBeLessThanOrEqual(c.attachable);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
