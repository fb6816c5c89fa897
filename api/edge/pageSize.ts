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

/** Where a document asks for a page size: a literal, or the variable that will hold it. */
type PageSizeSite = { name: string; literal: number } | { name: string; variable: string };

/**
 * The sites of each document seen, kept as long as the document is: yoga's parser cache hands
 * out the same document for the same query text, so the walk is done once per query, not per
 * request.
 */
const sitesOf = new WeakMap<DocumentNode, readonly PageSizeSite[]>();

function pageSizeSites(document: DocumentNode): readonly PageSizeSite[] {
  const known = sitesOf.get(document);
  if (known) return known;
  const found: PageSizeSite[] = [];
  visit(document, {
    Argument(node) {
      if (!PAGE_ARGUMENTS.has(node.name.value)) return;
      const value = node.value;
      if (value.kind === Kind.INT) found.push({ name: node.name.value, literal: Number(value.value) });
      else if (value.kind === Kind.VARIABLE) found.push({ name: node.name.value, variable: value.name.value });
    },
  });
  sitesOf.set(document, found);
  return found;
}

/** The page sizes a document asks for, literal or from its variables, each with its argument's name. */
function pageSizes(document: DocumentNode, variables: Readonly<Record<string, unknown>>): Array<{ name: string; value: unknown }> {
  return pageSizeSites(document).map((site) => ({ name: site.name, value: 'literal' in site ? site.literal : variables[site.variable] }));
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
