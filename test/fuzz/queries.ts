import fc from 'fast-check';
import { getNamedType, GraphQLObjectType, isLeafType, isObjectType, type GraphQLField, type GraphQLInputType } from 'graphql';
import { schema } from '../../api/schema/index.js';
import { checkAnswer, createFixture, FuzzFinding, literal, newEvents, noInternalErrors, post, valueFor, type Fixture } from './support.js';

/**
 * Random documents over the served schema: real fields with plausible and adversarial
 * arguments, unknown fields, aliases by the dozen (wide), inline fragments nested far past the
 * depth limit (deep), directives. Every answer is data or a documented code, and a query stores
 * no event.
 */
const name = fc.stringMatching(/^[_a-zA-Z][_a-zA-Z0-9]{0,11}$/);

function argumentsFor(fx: Fixture, field: GraphQLField<unknown, unknown>): fc.Arbitrary<string> {
  if (field.args.length === 0) return fc.constant('');
  const args = field.args.map((a) =>
    fc.option(valueFor(fx, a.name, a.type as GraphQLInputType).map((v) => `${a.name}: ${literal(v, a.type as GraphQLInputType)}`), { freq: 6 }),
  );
  return fc.tuple(...args).map((parts) => {
    const present = parts.filter((p): p is string => p !== null);
    return present.length > 0 ? `(${present.join(', ')})` : '';
  });
}

function selectionSet(fx: Fixture, type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields());
  const field: fc.Arbitrary<string> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constantFrom(...fields).chain((f) => {
        const named = getNamedType(f.type);
        const sub = isLeafType(named) || depth <= 0 ? fc.constant('') : isObjectType(named) ? selectionSet(fx, named, depth - 1).map((s) => ` ${s}`) : fc.constant(' { __typename }');
        return fc.tuple(fc.option(name, { freq: 4 }), argumentsFor(fx, f), sub).map(([alias, args, s]) => `${alias ? `${alias}: ` : ''}${f.name}${args}${s}`);
      }),
    },
    // A field the type does not have, with a selection under it.
    { weight: 1, arbitrary: fc.tuple(name, fc.boolean()).map(([n, nested]) => (nested ? `${n} { ${n} { id } }` : n)) },
    { weight: 1, arbitrary: fc.constant('__typename') },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('include', 'skip'), fc.boolean()).map(([d, b]) => `__typename @${d}(if: ${b})`) },
  );
  return fc.array(field, { minLength: 1, maxLength: 4 }).map((items) => `{ ${items.join(' ')} }`);
}

function document(fx: Fixture): fc.Arbitrary<string> {
  const query = schema.getQueryType()!;
  return fc.oneof(
    { weight: 6, arbitrary: selectionSet(fx, query, 4).map((s) => `query ${s}`) },
    // Wide: dozens of aliases of one real field.
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 10, max: 80 }), fc.constantFrom(`household(id: "${fx.householdId}") { id revision totals { outstanding } }`, '__typename', 'violations(first: 5) { edges { node { householdId } } }'))
        .map(([n, f]) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${f}`).join(' ')} }`),
    },
    // Deep: inline fragments nested far past the depth limit, then a real field.
    {
      weight: 1,
      arbitrary: fc.integer({ min: 5, max: 60 }).map((n) => `{ ${'... on Query { '.repeat(n)}household(id: "${fx.householdId}") { id claims { id } } ${'} '.repeat(n)}}`),
    },
    // Deep through fields that have no such depth.
    { weight: 1, arbitrary: fc.integer({ min: 5, max: 40 }).map((n) => `{ household(id: "${fx.householdId}") ${'{ claims '.repeat(n)}{ id }${' }'.repeat(n)} }`) },
    // Named fragments, sometimes spread into themselves.
    {
      weight: 1,
      arbitrary: fc.boolean().map((cycle) =>
        cycle ? `query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }` : `query { ...A } fragment A on Query { household(id: "${fx.householdId}") { id } }`,
      ),
    },
  );
}

/** Sends `runs` random documents, eight at a time; throws the (shrunk) counterexample when a property breaks. */
export async function fuzzQueries(runs: number, seed?: number): Promise<number> {
  const fx = await createFixture();
  try {
    const position = (await newEvents(fx, 0)).position;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...fx.tokens), document(fx)), { minLength: 8, maxLength: 8 }), async (batch) => {
        sent += batch.length;
        const answers = await Promise.all(batch.map(([token, query]) => post(fx, token, JSON.stringify({ query }))));
        answers.forEach((answer, i) => checkAnswer(answer, 0, batch[i]![1].slice(0, 400)));
      }),
      { numRuns: Math.ceil(runs / 8), ...(seed !== undefined ? { seed } : {}) },
    );
    const stored = (await newEvents(fx, position)).correlationIds;
    if (stored.length > 0) throw new FuzzFinding(`queries stored ${stored.length} event(s)`);
    noInternalErrors(fx);
    return sent;
  } finally {
    await fx.close();
  }
}
