import { Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { apiError } from '../errors.js';

/**
 * The most items one list argument (`first`, `last`) may ask for. The cost limit counts a
 * literal page size only; a page size in a variable reaches it as 1, so it is checked here, with
 * the variables, before anything runs.
 */
export const MAX_PAGE_SIZE = 100;

const PAGE_ARGUMENTS = new Set(['first', 'last']);

/** The page sizes a document asks for, literal or from its variables, each with its argument's name. */
function pageSizes(document: DocumentNode, variables: Readonly<Record<string, unknown>>): Array<{ name: string; value: unknown }> {
  const found: Array<{ name: string; value: unknown }> = [];
  visit(document, {
    Argument(node) {
      if (!PAGE_ARGUMENTS.has(node.name.value)) return;
      const value = node.value;
      if (value.kind === Kind.INT) found.push({ name: node.name.value, value: Number(value.value) });
      else if (value.kind === Kind.VARIABLE) found.push({ name: node.name.value, value: variables[value.name.value] });
    },
  });
  return found;
}

/** Refuses a `first`/`last` over MAX_PAGE_SIZE (or below 0) with VALIDATION_FAILED naming the argument. */
export function pageSizeLimit(max = MAX_PAGE_SIZE): Plugin {
  const refusal = (document: DocumentNode, variableValues: unknown) => {
    const variables = (variableValues ?? {}) as Record<string, unknown>;
    const issues = pageSizes(document, variables)
      .filter(({ value }) => typeof value === 'number' && (value > max || value < 0))
      .map(({ name }) => ({ path: name, reason: `must be between 0 and ${max}` }));
    if (issues.length === 0) return null;
    const summary = issues.map((i) => `${i.path}: ${i.reason}`).join('; ');
    return { errors: [apiError('VALIDATION_FAILED', `Invalid input: ${summary}`, { issues })] };
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusal(args.document, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusal(args.document, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
