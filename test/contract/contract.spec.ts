import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../api/schema/index.js';

const contractFile = fileURLToPath(new URL('../../../shared/contract/core.graphql', import.meta.url));

/** The coordinated-collection mutations and their inputs, not served yet. Nothing else may differ. */
const pending = new Set([
  'Mutation.registerMeasure was removed.',
  'Mutation.startMoratorium was removed.',
  'Mutation.proposeArrangement was removed.',
  'Mutation.answerArrangement was removed.',
  'RegisterMeasureInput was removed.',
  'StartMoratoriumInput was removed.',
  'ProposeArrangementInput was removed.',
  'AnswerArrangementInput was removed.',
]);

describe('public API contract', () => {
  it('is served as a compatible superset, apart from the mutations still to come', () => {
    const contract = buildSchema(readFileSync(contractFile, 'utf8'));
    const breaking = findBreakingChanges(contract, schema);
    const unexpected = breaking.filter((change) => !pending.has(change.description));
    expect(unexpected).toEqual([]);
    expect(breaking.length).toBeLessThanOrEqual(pending.size);
  });
});
