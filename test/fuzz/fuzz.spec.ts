import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, mutationFields } from './support.js';

/**
 * Property-based fuzzing of every mutation (at least 10,000 random and adversarial inputs
 * each) and of random, deep and wide query documents, in-process through yoga.fetch. The
 * shares run in node processes of their own (runner.ts) side by side, one per core: every
 * answer is success or a documented code, never a 5xx or a leaked stack, and a rejected
 * command stores nothing.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARTS = 2;

interface Line {
  suite: string;
  inputs?: number;
  ms?: number;
  failure?: string;
}

function runner(args: string[]): Promise<{ code: number | null; lines: Line[]; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fuzz/runner.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (code) =>
      resolve({
        code,
        stderr,
        lines: stdout
          .split('\n')
          .filter((l) => l.startsWith('{"suite"'))
          .map((l) => JSON.parse(l) as Line),
      }),
    );
  });
}

function expectAllPassed(result: { code: number | null; lines: Line[]; stderr: string }, suites: string[]): void {
  const failures = result.lines.filter((l) => l.failure !== undefined).map((l) => `${l.suite}: ${l.failure}`);
  expect(failures, result.stderr.slice(-2_000)).toEqual([]);
  expect(result.code, result.stderr.slice(-2_000)).toBe(0);
  expect(result.lines.map((l) => l.suite)).toEqual(suites);
  for (const l of result.lines) expect(l.inputs, l.suite).toBeGreaterThanOrEqual(FUZZ_RUNS);
  console.info(result.lines.map((l) => `${l.suite}: ${l.inputs} inputs in ${l.ms} ms`).join('\n'));
}

describe.concurrent('fuzzed API', () => {
  for (let part = 0; part < PARTS; part++) {
    const share = mutationFields()
      .filter((_, i) => i % PARTS === part)
      .map((f) => f.name);
    it(`mutations ${share.join(', ')}: ${FUZZ_RUNS} inputs each answer success or a documented code; a rejection stores nothing`, async () => {
      expectAllPassed(await runner(['--part', String(part), '--of', String(PARTS)]), share);
    }, 900_000);
  }

  it(`${FUZZ_RUNS} random, deep and wide query documents answer data or a documented code and store nothing`, async () => {
    expectAllPassed(await runner(['--queries']), ['queries']);
  }, 900_000);
});
