import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ROOT } from './support.js';

/**
 * `npm run bench`: every benchmark, each in a node process of its own (so that one's memory and
 * caches do not colour the next), one JSON line per result on stdout. BENCHMARKS.md records
 * the results with the machine and the command that reproduces each.
 *
 *   npm run bench                         all, at the sizes the targets name (takes a while)
 *   npm run bench -- --quick              all, small sizes (a smoke run, about two minutes)
 *   npm run bench -- --only rebuild,http  some of them
 *
 * Each script also runs alone with its own size flags, e.g.
 * `npx tsx bench/rebuild.ts --sqlite-events 2000000` (see the top of each file).
 */
const BENCHMARKS: Record<string, { file: string; args?: string[]; quick: string[] }> = {
  commandPath: { file: 'bench/commandPath.ts', quick: ['--seconds', '2', '--households', '2000', '--scale-households', '2000'] },
  http: { file: 'bench/http.ts', quick: ['--seconds', '3', '--households', '2000'] },
  capacity: { file: 'bench/capacity.ts', quick: ['--iterations', '300'] },
  rebuild: { file: 'bench/rebuild.ts', quick: ['--households', '2000', '--postgres-events', '20000'] },
  document: { file: 'bench/documentCost.ts', quick: ['--long', '200', '--long-households', '4', '--short-households', '40', '--appends', '200'] },
  documentPostgres: {
    file: 'bench/documentCost.ts',
    args: ['--store', 'postgres'],
    quick: ['--store', 'postgres', '--long', '200', '--long-households', '4', '--short-households', '40', '--appends', '200'],
  },
  scale: { file: 'bench/scale.ts', quick: ['--households', '2000', '--small-households', '500', '--seconds', '4', '--load-seconds', '5', '--rounds', '4'] },
};

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' } } });
const names = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(BENCHMARKS);
const unknown = names.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}

function run(file: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('close', (code) => resolve(code ?? 1));
  });
}

let failed = 0;
for (const name of names) {
  const { file, args = [], quick } = BENCHMARKS[name]!;
  const code = await run(file, values.quick ? quick : args);
  if (code !== 0) {
    failed += 1;
    console.log(JSON.stringify({ bench: name, error: `exited with ${code}` }));
  }
}
process.exit(failed > 0 ? 1 : 0);
