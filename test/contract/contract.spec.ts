import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../api/schema/index.js';

const contractFile = fileURLToPath(new URL('../../../shared/contract/core.graphql', import.meta.url));

describe('public API contract', () => {
  it('is served as a compatible superset of core.graphql', () => {
    const contract = buildSchema(readFileSync(contractFile, 'utf8'));
    expect(findBreakingChanges(contract, schema)).toEqual([]);
  });
});
