import fc from 'fast-check';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  isCompositeType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { signToken } from '../../api/auth.js';
import { schema } from '../../api/schema/index.js';
import { createApi } from '../../api/yoga.js';
import { errorCodes } from '../../domain/errors.js';
import { defaultParameters } from '../../domain/parameters.js';
import { openEmbeddedLedger, type Ledger } from '../../infra/ledger.js';

/**
 * Property-based fuzzing of the GraphQL edge, in-process through `yoga.fetch` (no socket), on an
 * in-memory embedded ledger with a household, claims and collection measures in it. Inputs are
 * built from the served schema itself, so every mutation is covered as it is now, whatever is
 * added later: each value is either plausible (the fixture's own ids, valid BSNs, dates the rules
 * accept) or adversarial (huge, negative and fractional numbers, unicode, oversized strings,
 * wrong types, impossible dates, unknown ids).
 */

export const SECRET = 'totaalbeeld-fuzz-secret-0123456789-abcdefghij';
/** The pinned clock: 2025-06-30, 12:00 in Amsterdam. */
const NOW = new Date('2025-06-30T10:00:00Z');

/** The codes the API documents (policy §9, README "Errors"): anything else is a finding. */
export const DOCUMENTED_CODES: ReadonlySet<string> = new Set<string>(errorCodes);

export const COUNSELLOR_ORG = 'GEM-FUZZ';
export const CREDITOR_ORG = 'CJIB';
export const VALID_BSNS = ['111222333', '999993653', '123456782', '123456794'] as const;

export interface Fixture {
  ledger: Ledger;
  yoga: ReturnType<typeof createApi>;
  householdId: string;
  /** Ids of things in the household, per kind (claim, measure, moratorium, arrangement). */
  ids: Record<string, string[]>;
  tokens: Array<string | null>;
  /** Internal errors the API logged: each is a bug (the client saw INTERNAL_SERVER_ERROR). */
  internalErrors: unknown[];
  close(): Promise<void>;
}

interface GqlAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
  text: string;
}

export async function post(fx: Fixture, token: string | null, body: string, correlationId?: string): Promise<GqlAnswer> {
  const response = await fx.yoga.fetch('http://fuzz/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(correlationId !== undefined ? { 'x-correlation-id': correlationId } : {}),
    },
    body,
  });
  const text = await response.text();
  let parsed: GqlAnswer['body'] = null;
  try {
    parsed = JSON.parse(text) as GqlAnswer['body'];
  } catch {
    // Checked by the caller: every answer must be JSON.
  }
  return { status: response.status, body: parsed, text };
}

async function ok(fx: Fixture, token: string, query: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await post(fx, token, JSON.stringify({ query, variables: { input } }));
  if (!answer.body?.data || answer.body.errors) throw new Error(`fixture command failed: ${answer.text}`);
  return answer.body.data;
}

/** A fresh in-memory ledger behind the API, with a household worth fuzzing against. */
export async function createFixture(): Promise<Fixture> {
  const ledger = openEmbeddedLedger(':memory:', defaultParameters);
  const internalErrors: unknown[] = [];
  const yoga = createApi({
    ledger,
    tokens: { secret: SECRET },
    production: true,
    // The limit per organisation would answer RATE_LIMITED long before 10,000 inputs.
    rateLimit: false,
    now: () => NOW,
    logError: (error) => internalErrors.push(error),
  });
  const sign = (role: string, org: string) => signToken({ role: role as 'ADMIN', org, sub: `fuzz@${org}`, expiresIn: '2h' }, { secret: SECRET });
  const counsellor = await sign('COUNSELLOR', COUNSELLOR_ORG);
  const creditor = await sign('CREDITOR', CREDITOR_ORG);
  const fx: Fixture = {
    ledger,
    yoga,
    householdId: '',
    ids: { claim: [], measure: [], moratorium: [], arrangement: [] },
    tokens: [],
    internalErrors,
    close: () => ledger.close(),
  };
  const registered = await ok(fx, counsellor, 'mutation ($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }', {
    commandId: 'fuzz-household',
    composition: 'COUPLE',
    municipality: 'Utrecht',
    members: [
      { bsn: VALID_BSNS[0], name: 'Jan de Vries', birthDate: '1980-04-12' },
      { bsn: VALID_BSNS[1], name: 'Piet de Vries', birthDate: '1982-09-01' },
    ],
    effectiveOn: '2025-01-01',
  });
  fx.householdId = (registered['registerHousehold'] as { householdId: string }).householdId;
  await ok(fx, counsellor, 'mutation ($input: DeclareIncomeInput!) { declareIncome(input: $input) { revision } }', {
    commandId: 'fuzz-income',
    householdId: fx.householdId,
    memberBsn: VALID_BSNS[0],
    kind: 'WAGES',
    payer: 'Werkgever BV',
    netMonthly: 320_000,
    effectiveOn: '2025-01-01',
  });
  // Creditors come in by invitation (issue 11): the counsellor asks CJIB for its claims first.
  await ok(fx, counsellor, 'mutation ($input: RequestClaimStatementInput!) { requestClaimStatement(input: $input) { revision } }', {
    commandId: 'fuzz-claim-statement',
    householdId: fx.householdId,
    creditorOrg: CREDITOR_ORG,
    dueOn: '2025-07-28',
  });
  for (const [i, preferential] of [false, false, true].entries()) {
    const claim = await ok(fx, creditor, 'mutation ($input: RegisterClaimInput!) { registerClaim(input: $input) { id } }', {
      commandId: `fuzz-claim-${i}`,
      householdId: fx.householdId,
      reference: `CJIB-${i}`,
      description: 'Verkeersboete',
      principal: 150_000,
      preferential,
      consumer: true,
      incurredOn: '2025-01-15',
    });
    fx.ids['claim']!.push((claim['registerClaim'] as { id: string }).id);
  }
  const measure = await ok(fx, creditor, 'mutation ($input: RegisterMeasureInput!) { registerMeasure(input: $input) { measureId } }', {
    commandId: 'fuzz-measure',
    householdId: fx.householdId,
    kind: 'GARNISHMENT',
    claimIds: [fx.ids['claim']![0]],
    startsOn: '2025-03-01',
  });
  fx.ids['measure']!.push((measure['registerMeasure'] as { measureId: string }).measureId);
  const arrangement = await ok(fx, counsellor, 'mutation ($input: ProposeArrangementInput!) { proposeArrangement(input: $input) { id } }', {
    commandId: 'fuzz-arrangement',
    householdId: fx.householdId,
    monthlyCapacity: 10_000,
    startsOn: '2025-07-01',
  });
  fx.ids['arrangement']!.push((arrangement['proposeArrangement'] as { id: string }).id);
  fx.tokens = [
    counsellor,
    creditor,
    await sign('COUNSELLOR', 'GEM-ELSEWHERE'),
    await sign('CREDITOR', 'ENECO'),
    await sign('OMBUDSMAN', 'NATIONALE-OMBUDSMAN'),
    await sign('HOUSEHOLD', fx.householdId),
    await sign('ADMIN', 'TOTAALBEELD'),
    null,
    'not-a-jwt',
    // Signed with another secret.
    await signToken({ role: 'COUNSELLOR', org: COUNSELLOR_ORG, sub: 'x', expiresIn: '1h' }, { secret: 'another-secret-0123456789-abcdefghijklmn' }),
  ];
  return fx;
}

// ------------------------------------------------------------------ values

const adversarialNumbers: number[] = [
  0, -0, 1, -1, 0.5, -0.01, 1.5, 99.99, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 2 ** 63, 1e21, 1e308, -1e308,
  Number.MIN_VALUE, Number.EPSILON, 123_456_789_012, 677_500, 4_000,
];

const adversarialStrings: string[] = [
  '', ' ', '   ', '\t\n', '\u0000', 'null', 'undefined', 'NaN', '-1', '0', '1e9', '__proto__', 'constructor', 'toString',
  "'; DROP TABLE events; --", '" OR 1=1 --', '<script>alert(1)</script>', '{"$gt":""}', '../../etc/passwd', '%00', '${jndi:ldap://x}',
  'é', 'ß', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '👨‍👩‍👧‍👦', '\u202Eevil', '\uFEFF', '\u200B', 'Ω≈ç√∫', '中文名字', 'اسم', '\ud800', '\udfff',
  '2025-02-30', '2025-13-01', '0000-00-00', '9999-12-31', '2025-1-1', '20250101', '2025-02-28T25:00:00Z', '1970-01-01T00:00:00',
  '111222333', '111222334', '000000000', '12345678', '1234567890', 'household-', '.claim-', 'x.claim-', 'a'.repeat(101), 'b'.repeat(201),
];

const plausibleDates = fc.oneof(
  fc.constantFrom('2025-01-01', '2025-03-01', '2025-06-30', '2025-07-01', '2024-12-31', '2025-06-01', '2025-06-15'),
  fc.integer({ min: 0, max: 900 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
);
const adversarialDates = fc.oneof(
  fc.constantFrom('2025-02-29', '2024-02-30', '2025-04-31', '2025-00-10', '2025-12-32', '1900-01-01', '0001-01-01', '9999-12-31', '2100-01-01', '25-01-01', '2025/01/01', ''),
  fc.string({ maxLength: 12 }),
);

function bigString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ minLength: 90, maxLength: 260 }),
    fc.integer({ min: 1_000, max: 30_000 }).map((n) => 'x'.repeat(n)),
    fc.string({ unit: 'grapheme', minLength: 50, maxLength: 300 }),
  );
}

/** Any JSON value: for a field, the wrong type at any depth. */
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 10 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

function idsFor(fx: Fixture, field: string): string[] {
  const h = fx.householdId;
  const lower = field.toLowerCase();
  const kind = ['claim', 'measure', 'moratorium', 'arrangement', 'complaint', 'signal'].find((k) => lower.includes(k));
  if (kind) return [...(fx.ids[kind] ?? []), `${h}.${kind}-0000000000000000`, `nope.${kind}-1`, `${h}.${kind}-`];
  return [h, `${h}x`, h.toUpperCase(), '00000000-0000-8000-8000-000000000000'];
}

/** A plausible value for a field by its name and type: what a real caller would send, so the rules run. */
function plausible(fx: Fixture, field: string, type: GraphQLInputType): fc.Arbitrary<unknown> | null {
  const named = getNamedType(type);
  const lower = field.toLowerCase();
  if (named instanceof GraphQLEnumType) return fc.constantFrom(...named.getValues().map((v) => v.value as string));
  if (named.name === 'Date') return plausibleDates;
  if (named.name === 'Cents') return fc.oneof(fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 0, max: 20_000 }));
  if (named.name === 'Boolean') return fc.boolean();
  if (named.name === 'Int') return fc.integer({ min: 0, max: 40 });
  // Read-your-writes waits up to 5 s for a revision the household does not have: rarely worth it.
  if (lower === 'minrevision') return fc.integer({ min: 1, max: 6 });
  if (lower === 'commandid') return fc.oneof(fc.constant('fuzz-repeat'), fc.uuid());
  if (lower.includes('bsn')) return fc.constantFrom(...VALID_BSNS);
  if (lower.endsWith('id') || lower.endsWith('ids')) return fc.constantFrom(...idsFor(fx, field));
  if (lower.includes('org')) return fc.constantFrom(COUNSELLOR_ORG, CREDITOR_ORG, 'GEM-ELSEWHERE', fx.householdId);
  if (named.name === 'String' || named.name === 'ID') return fc.string({ minLength: 1, maxLength: 30 });
  return null;
}

function adversarial(named: GraphQLScalarType | GraphQLEnumType, fx: Fixture, field: string): fc.Arbitrary<unknown> {
  if (named instanceof GraphQLEnumType) {
    const values = named.getValues().map((v) => v.value as string);
    return fc.oneof(fc.constantFrom(...values.map((v) => v.toLowerCase()), `${values[0]} `, ''), fc.string({ maxLength: 12 }));
  }
  switch (named.name) {
    case 'Cents':
    case 'Int':
    case 'Float':
      return fc.oneof(fc.constantFrom(...adversarialNumbers), fc.double(), fc.integer({ min: -1_000_000, max: -1 }), fc.constantFrom('100', '1e3'));
    case 'Date':
    case 'DateTime':
      return adversarialDates;
    case 'Boolean':
      return fc.constantFrom('true', 0, 1, 'false');
    default:
      return fc.oneof(fc.constantFrom(...adversarialStrings), fc.string({ unit: 'binary', maxLength: 40 }), bigString(), fc.constantFrom(...idsFor(fx, field)));
  }
}

/**
 * A value for an input of `type`: plausible mostly, adversarial often, the wrong type now and
 * then; `undefined` leaves a field out (also a required one).
 */
export function valueFor(fx: Fixture, field: string, type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull) {
    return fc.oneof({ weight: 30, arbitrary: valueFor(fx, field, type.ofType as GraphQLInputType, depth) }, { weight: 1, arbitrary: fc.constant(null) });
  }
  if (type instanceof GraphQLList) {
    const item = valueFor(fx, field, type.ofType as GraphQLInputType, depth + 1);
    return fc.oneof(
      { weight: 6, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.constant([]) },
      // Wide: many elements (up to the body limit and beyond the schema's own limits).
      { weight: 1, arbitrary: fc.array(item, { minLength: 20, maxLength: 200 }) },
      { weight: 1, arbitrary: item },
    );
  }
  if (type instanceof GraphQLInputObjectType) {
    if (depth > 4) return fc.constant({});
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) {
      record[f.name] = fc.oneof({ weight: 12, arbitrary: valueFor(fx, f.name, f.type, depth + 1) }, { weight: 1, arbitrary: fc.constant(undefined) });
    }
    return fc.tuple(fc.record(record), fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), wrongType, { maxKeys: 2 }), { freq: 10 })).map(([value, extra]) => {
      const out: Record<string, unknown> = { ...(extra ?? {}) };
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
      return out;
    });
  }
  const named = type as GraphQLScalarType | GraphQLEnumType;
  const good = plausible(fx, field, named);
  return fc.oneof(
    ...(good ? [{ weight: field === 'minRevision' ? 100 : 8, arbitrary: good }] : []),
    { weight: 3, arbitrary: adversarial(named, fx, field) },
    { weight: 1, arbitrary: wrongType },
  );
}

// ------------------------------------------------------------------ documents

export function mutationFields(): Array<GraphQLField<unknown, unknown>> {
  return Object.values(schema.getMutationType()!.getFields());
}

/** `mutation ($input: T!) { field(input: $input) { __typename } }` for a mutation's arguments. */
export function mutationDocument(field: GraphQLField<unknown, unknown>): string {
  const variables = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `mutation${variables ? ` (${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

/** A JSON value printed as a GraphQL literal (enum values unquoted where the schema wants them). */
export function literal(value: unknown, type: GraphQLInputType | null): string {
  if (value === null || value === undefined) return 'null';
  const named = type ? getNamedType(type) : null;
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, type instanceof GraphQLList ? (type.ofType as GraphQLInputType) : type instanceof GraphQLNonNull && type.ofType instanceof GraphQLList ? (type.ofType.ofType as GraphQLInputType) : null)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = named instanceof GraphQLInputObjectType ? named.getFields() : {};
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([k]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k))
      .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type ?? null)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') {
    if (named instanceof GraphQLEnumType && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)) return value;
    // A lone surrogate cannot be written in a GraphQL string: that is a syntax error, fuzzed on its own.
    return JSON.stringify(value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  return String(value);
}

// ------------------------------------------------------------------ the property

/** Events stored after `after`, and the global position of the last one. */
export async function newEvents(fx: Fixture, after: number): Promise<{ position: number; correlationIds: string[] }> {
  let position = after;
  const correlationIds: string[] = [];
  for (;;) {
    const events = await fx.ledger.store.readAll({ after: position, limit: 1_000 });
    if (events.length === 0) return { position, correlationIds };
    for (const e of events) correlationIds.push(String(e.meta['correlationId']));
    position = events[events.length - 1]!.globalPosition;
  }
}

const STACK = /\n\s+at |\.ts:\d+|node_modules|file:\/\//;

/** A broken property: fast-check reports the input that caused it (shrunk). */
export class FuzzFinding extends Error {
  override readonly name = 'FuzzFinding';
}

function must(condition: boolean, message: string): void {
  if (!condition) throw new FuzzFinding(message);
}

/**
 * What every answer must be: JSON, no 5xx, no stack, every error code documented, and when the
 * answer carries an error, no event stored by it.
 */
export function checkAnswer(answer: GqlAnswer, stored: number, context: string): void {
  must(answer.status < 500, `${context}: HTTP ${answer.status}`);
  must(answer.body !== null, `${context}: not JSON: ${answer.text.slice(0, 200)}`);
  must(!STACK.test(answer.text), `${context}: leaks a stack or a path: ${answer.text.slice(0, 300)}`);
  const errors = answer.body!.errors ?? [];
  for (const e of errors) {
    const code = e.extensions?.['code'];
    must(typeof code === 'string' && DOCUMENTED_CODES.has(code), `${context}: undocumented code ${String(code)}: ${e.message.slice(0, 200)}`);
  }
  if (errors.length > 0) must(stored === 0, `${context}: rejected with ${JSON.stringify(errors).slice(0, 300)} but stored ${stored} event(s)`);
  else must(Boolean(answer.body!.data), `${context}: neither data nor errors`);
}

export function noInternalErrors(fx: Fixture): void {
  must(fx.internalErrors.length === 0, `internal errors logged: ${fx.internalErrors.map((e) => (e instanceof Error ? e.stack : String(e))).join('\n')}`);
}

/** Inputs per mutation: at least 10,000 (FUZZ_RUNS raises it). */
export const FUZZ_RUNS = Math.max(10_000, Number(process.env['FUZZ_RUNS'] ?? 0));

/**
 * The seed of a suite: fixed per suite by default, so CI is reproducible; FUZZ_SEED=<n> replays
 * a reported run, FUZZ_SEED=random explores (what fast-check does by default).
 */
export function seedFor(suite: string): number | undefined {
  const configured = process.env['FUZZ_SEED'];
  if (configured === 'random') return undefined;
  if (configured !== undefined) return Number(configured);
  let h = 2_166_136_261;
  for (const ch of suite) h = Math.imul(h ^ ch.charCodeAt(0), 16_777_619);
  return h | 0;
}

export function seedOption(suite: string): { seed?: number } {
  const seed = seedFor(suite);
  return seed === undefined ? {} : { seed };
}

/** Inputs sent side by side in one property run (the token check waits on the crypto thread pool). */
const BATCH = 8;

/**
 * Fuzzes one mutation with `runs` inputs on a fresh fixture, as variables mostly and as
 * literals in the document now and then. Requests in a batch carry their own correlation id,
 * which every event they store records: a rejected request must have stored none. Throws the
 * (shrunk) counterexample when a property breaks.
 */
export async function fuzzMutation(field: GraphQLField<unknown, unknown>, runs: number, seed?: number): Promise<number> {
  const fx = await createFixture();
  try {
    const document = mutationDocument(field);
    const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
    const args = fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(fx, a.name, a.type)])));
    const request = fc.tuple(fc.constantFrom(...fx.tokens), args, fc.nat({ max: 7 }));
    let position = (await newEvents(fx, 0)).position;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const bodies = batch.map(([, variables, mode]) =>
          mode === 0
            ? // As literals in the document: the scalars' parseLiteral and the literal paths.
              JSON.stringify({
                query: `mutation { ${field.name}(${field.args.map((a) => `${a.name}: ${literal(variables[a.name], a.type)}`).join(', ')})${selection} }`,
              })
            : JSON.stringify({ query: document, variables }),
        );
        const ids = batch.map(() => `fuzz-${(sent += 1)}`);
        const answers = await Promise.all(batch.map(([token], i) => post(fx, token, bodies[i]!, ids[i])));
        const stored = await newEvents(fx, position);
        position = stored.position;
        for (const id of stored.correlationIds) must(ids.includes(id), `an event of an unknown request ${id}`);
        try {
          answers.forEach((answer, i) => {
            const count = stored.correlationIds.filter((c) => c === ids[i]).length;
            checkAnswer(answer, count, `${field.name} ${bodies[i]!.slice(0, 400)}`);
          });
        } catch (error) {
          // What the server logged for an INTERNAL_SERVER_ERROR is the finding itself.
          const logged = fx.internalErrors.map((e) => (e instanceof Error ? e.stack : String(e))).join('\n');
          throw logged ? new FuzzFinding(`${(error as Error).message}\nlogged by the server: ${logged.slice(0, 1_500)}`) : error;
        }
      }),
      { numRuns: Math.ceil(runs / BATCH), ...(seed !== undefined ? { seed } : {}) },
    );
    noInternalErrors(fx);
    return sent;
  } finally {
    await fx.close();
  }
}
