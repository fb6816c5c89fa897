import { parseArgs } from 'node:util';
import { fuzzQueries } from './queries.js';
import { FUZZ_RUNS, fuzzMutation, mutationFields, seedFor } from './support.js';

/**
 * Runs a share of the fuzz suites in a node process of its own, so that shares run side by side
 * on separate cores (vitest runs the test files one after another here): every mutation in
 * the share, or the query documents. One JSON line per suite; exit 1 when a property broke.
 * Started by fuzz.spec.ts; alone: `node --import tsx test/fuzz/runner.ts --part 0 --of 2`.
 */
// Stack traces mapped through source maps cost more than the request; answers never carry them.
process.setSourceMapsEnabled(false);

const { values } = parseArgs({ options: { part: { type: 'string' }, of: { type: 'string' }, queries: { type: 'boolean' } } });
let failed = false;

async function suite(name: string, run: () => Promise<number>): Promise<void> {
  const started = performance.now();
  try {
    const inputs = await run();
    console.log(JSON.stringify({ suite: name, inputs, ms: Math.round(performance.now() - started) }));
  } catch (error) {
    failed = true;
    const message = error instanceof Error ? error.message : String(error);
    // fast-check's report: the seed and path to replay it, the shrunk counterexample, and what broke.
    const seed = /\{ seed: -?\d+, path: "[^"]*"/.exec(message)?.[0] ?? '';
    const counterexample = /Counterexample: (.*)/.exec(message)?.[1]?.slice(0, 1_500) ?? '';
    const cause = message.slice(Math.max(0, message.indexOf('Got error')), message.indexOf('Got error') + 1_500);
    const finding = error instanceof Error && error.cause instanceof Error ? error.cause.message : cause;
    console.log(JSON.stringify({ suite: name, failure: `${seed} }: ${finding.slice(0, 2_500)}\nCounterexample: ${counterexample}` }));
  }
}

if (values.queries) {
  await suite('queries', () => fuzzQueries(FUZZ_RUNS, seedFor('queries')));
} else {
  const part = Number(values.part ?? 0);
  const of = Number(values.of ?? 1);
  for (const field of mutationFields().filter((_, i) => i % of === part)) {
    await suite(field.name, () => fuzzMutation(field, FUZZ_RUNS, seedFor(field.name)));
  }
}
process.exit(failed ? 1 : 0);
