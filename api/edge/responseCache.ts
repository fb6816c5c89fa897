import {
  Kind,
  TypeInfo,
  getOperationAST,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { LRUCache } from 'lru-cache';
import { businessDateAt, type BusinessDate } from '../../domain/dates.js';
import type { KeyStore } from '../../infra/crypto/keyStore.js';
import { boundedCache, stringBytes } from '../../infra/boundedCache.js';
import type { CacheBound } from '../../infra/config.js';
import type { ReadAuditEntry, ReadAuditLog } from '../../infra/readAudit.js';
import type { Commands } from '../../infra/ledger.js';
import type { HouseholdQueries } from '../../queries/householdQueries.js';
import type { Context } from '../context.js';
import { auditHouseholdRead, purposeOf, type ReadPurpose } from '../schema/audit.js';

/**
 * A cache of whole answers to the household overview query (`household(id:)` with fields
 * computed from the household's document), so a household read again and again is not executed
 * again: GraphQL execution, interest and capacity, opening sealed values and the answer's
 * objects were most of a read's CPU.
 *
 * An answer depends on, and is kept under:
 *   - the household's revision as its overview has it (checkpointed with the events; a new
 *     revision drops every answer of the household), whether its key exists (after erasure the
 *     personal data reads as erased: different answers) and the request's day in Amsterdam
 *     (interest, capacity and the mandates that give access run by the day) — together per
 *     household;
 *   - within that, the query document (yoga hands out one parsed document per query text), the
 *     operation's name, the variables, the viewer (role, organisation, token subject) and the
 *     purpose stated by header (the read audit records it).
 * The access policy, the parameters and the code are fixed for the process.
 *
 * A hit goes through everything before execution as a miss does (authentication, the rate
 * limit, the request log, the variables' checks) and still records this request's reads in the
 * read audit before it is answered: the answer keeps the reads its execution recorded (which
 * household, which field, which purpose) and a hit records them again as this request's (its
 * instant, actor and correlation id), awaited as the resolvers await theirs. Only answers without
 * errors are kept, and only when the household's revision and key were the same after the
 * execution as before it (so the answer is the one of that revision).
 *
 * Which fields: the Household fields below marked true read the household's document only (and
 * the viewer, the day); `readLog` changes with every read, `timeline` and `violations` fold the
 * household's stream (on EventStoreDB it runs ahead of the overview), and a complaint's `events`
 * the same. A document asking for anything else is executed every time.
 */

/** Every Household field, and whether an answer with it may be cached (test/api/responseCache.spec.ts checks this covers the schema). */
export const householdFieldsCached: Readonly<Record<string, boolean>> = Object.freeze({
  __typename: true,
  id: true,
  composition: true,
  municipality: true,
  registeredOn: true,
  members: true,
  personalDataErased: true,
  revision: true,
  totals: true,
  claims: true,
  capacity: true,
  arrangements: true,
  measures: true,
  moratoria: true,
  mandates: true,
  claimStatementRequests: true,
  signals: true,
  complaints: true,
  protectedIncomeRecords: true,
  readLog: false,
  timeline: false,
  violations: false,
});

/** Fields below Household that read more than the household's document (`Type.field`). */
const NESTED_NOT_CACHED: ReadonlySet<string> = new Set(['Complaint.events']);

/** Answers kept per household (viewers × queries × variables); the oldest goes first. */
const ANSWERS_PER_HOUSEHOLD = 16;

/** A read the execution recorded, as a hit records it again. */
interface RecordedRead {
  householdId: string;
  field: string;
  purpose: string | null;
}

interface Answer {
  result: ExecutionResult;
  reads: readonly RecordedRead[];
  bytes: number;
}

/** What every answer of one household was computed at. */
interface HouseholdAnswers {
  revision: number;
  keyed: boolean;
  day: BusinessDate;
  /** By variant (document, operation, variables, viewer, purpose), oldest first. */
  answers: Map<string, Answer>;
  bytes: number;
}

/** How a document's operation is cached: where its household field takes its arguments. */
interface Plan {
  /** Tells documents apart in the key: one per parsed document. */
  documentId: number;
  household: FieldNode;
}

/** Per document, per operation name asked for: its plan, or null when it is never cached. */
const plans = new WeakMap<DocumentNode, Map<string, Plan | null>>();
let documents = 0;

function argument(field: FieldNode, name: string): ValueNode | undefined {
  return field.arguments?.find((a) => a.name.value === name)?.value;
}

/** The plan of an operation: a query whose only field (besides __typename) is `household`, asking only for cacheable fields. */
function planOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): Plan | null {
  let byName = plans.get(document);
  if (!byName) {
    byName = new Map();
    plans.set(document, byName);
  }
  const name = operationName ?? '';
  const known = byName.get(name);
  if (known !== undefined) return known;
  const plan = makePlan(schema, document, operationName);
  byName.set(name, plan);
  return plan;
}

function makePlan(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): Plan | null {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation || operation.operation !== 'query') return null;
  const roots = operation.selectionSet.selections;
  // Root fields by themselves: a fragment or a directive at the root would need more care than it is worth.
  if (roots.some((s) => s.kind !== Kind.FIELD || (s.directives?.length ?? 0) > 0)) return null;
  const fields = roots as readonly FieldNode[];
  const households = fields.filter((f) => f.name.value === 'household');
  if (households.length !== 1 || fields.some((f) => f.name.value !== 'household' && f.name.value !== '__typename')) return null;
  // Every field of the operation and of the fragments, typed: each must read the household's document only.
  let cacheable = true;
  const typeInfo = new TypeInfo(schema);
  const check = (node: DocumentNode['definitions'][number]) =>
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          const parent = typeInfo.getParentType()?.name;
          const name = field.name.value;
          if (parent === undefined) cacheable = false;
          else if (parent === 'Household') cacheable &&= householdFieldsCached[name] === true;
          else if (parent !== 'Query' && (NESTED_NOT_CACHED.has(`${parent}.${name}`) || (name.startsWith('__') && name !== '__typename'))) cacheable = false;
        },
      }),
    );
  check(operation);
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) check(definition);
  if (!cacheable) return null;
  documents += 1;
  return { documentId: documents, household: households[0]! };
}

function valueOf(node: ValueNode | undefined, variables: Readonly<Record<string, unknown>>): unknown {
  return node === undefined ? undefined : valueFromASTUntyped(node, variables);
}

export interface ResponseCacheDeps {
  queries: Pick<HouseholdQueries, 'overview'>;
  keys: Pick<KeyStore, 'keyFor'>;
}

export interface ResponseCache {
  /** The yoga plugin that answers from the cache and fills it; after the checks of the variables. */
  plugin: Plugin<Context>;
  /** Drops every answer of the household (after a command on it, after its erasure). */
  forget(householdId: string): void;
}

/**
 * The answer as it is kept: with its JSON text, which yoga's result processors take from a
 * result's own `stringify` instead of writing it again per hit (an answer without errors or HTTP
 * extensions is written as it is). Its bytes: the text (UTF-16 at most) and the objects (about as
 * large again), and its key.
 */
function kept(result: ExecutionResult, reads: readonly RecordedRead[], variant: string): Answer {
  const text = JSON.stringify(result);
  const withText = Object.defineProperty({ ...result }, 'stringify', { value: () => text, enumerable: false });
  return { result: withText, reads, bytes: 2 * stringBytes(text) + stringBytes(variant) + 200 };
}

/**
 * The response cache, or null when its bound is 0 (off). `clock` drives the TTL in tests.
 */
export function createResponseCache(bound: CacheBound, deps: ResponseCacheDeps, clock?: () => number): ResponseCache | null {
  const cache: LRUCache<string, HouseholdAnswers> | null = boundedCache<HouseholdAnswers>(
    { maxBytes: bound.maxBytes, ttlMs: bound.ttlMs },
    // Every set passes the size it counted; this is the fallback.
    { bytesOf: (entry) => entry.bytes, renewOnRead: true, clock },
  );
  if (!cache) return null;

  const store = (householdId: string, at: { revision: number; keyed: boolean; day: BusinessDate }, variant: string, answer: Answer): void => {
    let entry = cache.get(householdId);
    if (!entry || entry.revision !== at.revision || entry.keyed !== at.keyed || entry.day !== at.day) {
      entry = { ...at, answers: new Map(), bytes: 0 };
    }
    const replaced = entry.answers.get(variant);
    if (replaced) {
      entry.answers.delete(variant);
      entry.bytes -= replaced.bytes;
    }
    entry.answers.set(variant, answer);
    entry.bytes += answer.bytes;
    if (entry.answers.size > ANSWERS_PER_HOUSEHOLD) {
      const [oldest, dropped] = entry.answers.entries().next().value!;
      entry.answers.delete(oldest);
      entry.bytes -= dropped.bytes;
    }
    // Set again with its new size (lru-cache recounts a value set under its own key).
    cache.set(householdId, entry, { size: Math.max(1, entry.bytes) });
  };

  /** The household's revision and whether its key exists, now; null for an unknown household. */
  const stateOf = async (householdId: string): Promise<{ revision: number; keyed: boolean } | null> => {
    const overview = await deps.queries.overview(householdId);
    if (!overview) return null;
    return { revision: overview.revision, keyed: (await deps.keys.keyFor(householdId)) !== null };
  };

  const plugin: Plugin<Context> = {
    async onExecute({ args, setResultAndStopExecution, extendContext }) {
      const plan = planOf(args.schema, args.document, args.operationName);
      if (!plan) return undefined;
      const ctx = args.contextValue as Context;
      const actor = ctx.actor;
      if (!actor) return undefined;
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const id = valueOf(argument(plan.household, 'id'), variables);
      const asOf = valueOf(argument(plan.household, 'asOf'), variables);
      const minRevision = valueOf(argument(plan.household, 'minRevision'), variables);
      // The overview at an instant is folded from the stream: not cached.
      if (typeof id !== 'string' || (asOf !== undefined && asOf !== null)) return undefined;
      const before = await stateOf(id);
      if (!before) return undefined;
      // Not there yet: the resolver waits for it.
      if (typeof minRevision === 'number' && before.revision < minRevision) return undefined;
      const day = businessDateAt(ctx.requestedAt);
      const variant = JSON.stringify([plan.documentId, args.operationName ?? null, variables, actor.role, actor.org, actor.sub, purposeOf(null, ctx)]);
      const entry = cache.get(id);
      if (entry && entry.revision === before.revision && entry.keyed === before.keyed && entry.day === day) {
        const answer = entry.answers.get(variant);
        if (answer) {
          // Recorded before answered, as the resolvers do; when recording fails, the execution
          // below fails the same way a miss would (and records again if it can).
          const recorded = await Promise.all(answer.reads.map((r) => auditHouseholdRead(ctx, r.householdId, r.field, r.purpose as ReadPurpose | null))).then(
            () => true,
            () => false,
          );
          if (recorded) {
            setResultAndStopExecution(answer.result);
            return undefined;
          }
        }
      } else if (entry) {
        // Computed at another revision, key or day: none of its answers is any good.
        cache.delete(id);
      }
      // A miss: execute, noting the reads recorded; keep the answer if nothing changed meanwhile.
      const reads: RecordedRead[] = [];
      let readsFit = true;
      const audit = ctx.ledger.audit;
      const noting: ReadAuditLog = {
        record(recorded: Omit<ReadAuditEntry, 'id'>) {
          // A hit records the same read as its own request's: anything else would not be the same.
          if (recorded.at !== ctx.requestedAt || recorded.org !== actor.org || recorded.role !== actor.role || recorded.sub !== actor.sub || recorded.correlationId !== ctx.correlationId) {
            readsFit = false;
          }
          reads.push({ householdId: recorded.householdId, field: recorded.field, purpose: recorded.purpose });
          return audit.record(recorded);
        },
        list: (filter) => audit.list(filter),
      };
      extendContext({ ledger: { ...ctx.ledger, audit: noting } } as Partial<Context>);
      return {
        onExecuteDone({ result }) {
          if (!readsFit || isAsyncIterable(result) || (result.errors && result.errors.length > 0) || result.data == null || result.extensions) return;
          // After the answer is sent: checked against the household as it is now.
          void stateOf(id).then(
            (after) => {
              if (!after || after.revision !== before.revision || after.keyed !== before.keyed) return;
              store(id, { ...before, day }, variant, kept(result, reads, variant));
            },
            () => undefined,
          );
        },
      };
    },
  };

  return {
    plugin,
    forget: (householdId) => {
      cache.delete(householdId);
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The commands, each of which drops its household's cached answers once it stored something. */
export function forgetting(commands: Commands, cache: Pick<ResponseCache, 'forget'> | null): Commands {
  if (!cache) return commands;
  return {
    async handle(householdId, command) {
      const result = await commands.handle(householdId, command);
      if (result.appended) cache.forget(householdId);
      return result;
    },
  };
}
