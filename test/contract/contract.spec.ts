import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../api/schema/index.js';
import { SCHEMA_FILE, schemaText } from '../../infra/cli/schemaText.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const contractFile = fileURLToPath(new URL('../../api/contract/core.graphql', import.meta.url));
const schemaFile = fileURLToPath(new URL(`../../${SCHEMA_FILE}`, import.meta.url));

function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // Not a git checkout (an unpacked archive), or no such tag or file: the caller falls back.
    return undefined;
  }
}

/**
 * What clients were last promised: the schema file of the newest release tag that has one,
 * else the file as committed (HEAD), else the file on disk when there is no git at all.
 */
function baseline(): { from: string; sdl: string } {
  const tag = git('describe', '--tags', '--abbrev=0', 'HEAD')?.trim();
  const tagged = tag ? git('show', `${tag}:${SCHEMA_FILE}`) : undefined;
  if (tag && tagged !== undefined) return { from: `release ${tag}`, sdl: tagged };
  const committed = git('show', `HEAD:${SCHEMA_FILE}`);
  if (committed !== undefined) return { from: 'HEAD', sdl: committed };
  return { from: 'the working tree', sdl: readFileSync(schemaFile, 'utf8') };
}

describe('public API contract', () => {
  it('is served as a compatible superset of the committed core.graphql', () => {
    const contract = buildSchema(readFileSync(contractFile, 'utf8'));
    expect(findBreakingChanges(contract, schema)).toEqual([]);
  });

  it(`${SCHEMA_FILE} is the schema served now`, () => {
    const committed = readFileSync(schemaFile, 'utf8');
    expect(committed === schemaText(schema), `${SCHEMA_FILE} is out of date: run \`npm run schema\` and commit it`).toBe(true);
  });

  it('breaks nothing of the schema last released (or last committed)', () => {
    const { from, sdl } = baseline();
    const changes = findBreakingChanges(buildSchema(sdl), schema).map((c) => `${c.type}: ${c.description}`);
    expect(changes, `breaking changes against ${SCHEMA_FILE} of ${from}`).toEqual([]);
  });
});
