import {
  coerceInputValue,
  getNullableType,
  getOperationAST,
  GraphQLError,
  isEnumType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  isRequiredInputField,
  Kind,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { errorCodes, LedgerError, type ErrorCode, type ValidationIssue } from '../domain/errors.js';
import { HouseholdErasedError } from '../infra/crypto/keyStore.js';

/**
 * The one place where errors become GraphQL errors with `extensions.code` (policy §9): rule
 * rejections (LedgerError), bad input before any resolver runs (VALIDATION_FAILED with
 * `issues: [{ path, reason }]`, the path found from the document and the schema's input types,
 * never read out of graphql-js's message text), and everything else masked as internal.
 */

const knownCodes = new Set<string>(errorCodes);

export function toGraphQLError(error: LedgerError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
}

export function apiError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** VALIDATION_FAILED listing each issue; the message sums them up for a reader without extensions. */
export function validationError(issues: readonly ValidationIssue[], nodes?: GraphQLError['nodes']): GraphQLError {
  const summary = issues.map((i) => `${i.path}: ${i.reason}`).join('; ');
  return new GraphQLError(`Invalid input: ${summary}`, {
    ...(nodes ? { nodes } : {}),
    extensions: { code: 'VALIDATION_FAILED', issues },
  });
}

/** Standard-schema issue paths to our field paths: ['members', 0, 'bsn'] under `input` → `input.members.0.bsn`. */
export function issuesToValidationError(
  issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined }>,
  prefix: string,
): GraphQLError {
  const mapped: ValidationIssue[] = issues.map((issue) => {
    const segments = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p));
    return { path: [prefix, ...segments].filter((s) => s.length > 0).join('.'), reason: issue.message };
  });
  return validationError(mapped);
}

/** A plain error carrying extensions: graphql-js keeps it as `originalError` when it wraps a scalar's parse error. */
export class ScalarInputError extends Error {
  readonly extensions: { code: 'VALIDATION_FAILED'; reason: string };
  constructor(reason: string) {
    super(reason);
    this.extensions = { code: 'VALIDATION_FAILED', reason };
  }
}

/**
 * Why a value was refused: our scalar's own reason where it refused it; for an enum, in our
 * words (graphql-js's sentence would suggest values, which a schema without introspection must
 * not); else graphql-js's sentence whole.
 */
function reasonOf(error: GraphQLError, expected: GraphQLInputType | undefined): string {
  if (error.originalError instanceof ScalarInputError) return error.originalError.extensions.reason;
  const nullable = expected === undefined ? undefined : getNullableType(expected);
  if (isEnumType(nullable)) return `is not a value of ${nullable.name}`;
  return error.message;
}

/** Already ours: a rulebook code other than the generic one, listed issues, or a named edge limit. */
function alreadyMapped(error: GraphQLError): boolean {
  const code = error.extensions['code'];
  if (typeof code === 'string' && knownCodes.has(code) && code !== 'VALIDATION_FAILED') return true;
  return Array.isArray(error.extensions['issues']) || (code === 'VALIDATION_FAILED' && typeof error.extensions['limit'] === 'string');
}

type PathSegment = string | number;

/** The required fields of an input object that an object value leaves out, in definition order. */
function missingFields(type: GraphQLInputObjectType, present: (name: string) => boolean): string[] {
  return Object.values(type.getFields())
    .filter((field) => isRequiredInputField(field) && !present(field.name))
    .map((field) => field.name);
}

// ------------------------------------------------------------------ variables

/** The input type at a path inside a value of `type` (list items by index, or a single value coerced to a list). */
function typeAt(type: GraphQLInputType, path: readonly PathSegment[]): GraphQLInputType | undefined {
  let current: GraphQLInputType | undefined = type;
  for (const key of path) {
    if (current === undefined) return undefined;
    let nullable: GraphQLInputType = getNullableType(current);
    if (isListType(nullable)) {
      if (typeof key === 'number') {
        current = nullable.ofType;
        continue;
      }
      nullable = getNullableType(nullable.ofType);
    }
    current = typeof key === 'string' && isInputObjectType(nullable) ? nullable.getFields()[key]?.type : undefined;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Coerces the operation's variables as graphql-js will (coerceInputValue), collecting each
 * refusal with its path: `input.members.0.bsn`. A required field left out and a field the type
 * does not have are named by comparing the value with its input type.
 */
export function variableIssues(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): ValidationIssue[] {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return [];
  const issues = new Map<string, ValidationIssue>();
  const add = (path: readonly PathSegment[], reason: string) => {
    const joined = path.join('.');
    if (!issues.has(joined)) issues.set(joined, { path: joined, reason });
  };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    // A variable of no input type is refused by validation already.
    if (!type || !isInputType(type)) continue;
    const value = variables?.[name];
    if (value === undefined) {
      if (isNonNullType(type) && !definition.defaultValue) add([name], `is required (${String(type)})`);
      continue;
    }
    coerceInputValue(value, type, (path, invalid, error) => {
      const at = [name, ...path];
      const expected = typeAt(type, path);
      const object = expected === undefined ? undefined : getNullableType(expected);
      if (isInputObjectType(object) && isRecord(invalid)) {
        // graphql-js reports a left-out or unknown field at the object: name the field itself.
        const fields = object.getFields();
        for (const missing of missingFields(object, (field) => invalid[field] !== undefined)) add([...at, missing], `is required (${String(fields[missing]!.type)})`);
        for (const key of Object.keys(invalid)) if (!(key in fields)) add([...at, key], `is not a field of ${object.name}`);
        return;
      }
      add(at, reasonOf(error, expected));
    });
  }
  return [...issues.values()];
}

// ------------------------------------------------------------------ literals

interface LiteralSite {
  path: PathSegment[];
  type: GraphQLInputType | undefined;
  /** For a field of an object value: the input object it is written in. */
  parent?: GraphQLInputObjectType;
}

/** Each argument value of a document (and each object field in one) with its field path and input type. */
function literalSites(schema: GraphQLSchema, document: DocumentNode): Map<ASTNode, LiteralSite> {
  const sites = new Map<ASTNode, LiteralSite>();
  const walk = (node: ValueNode, path: PathSegment[], type: GraphQLInputType | undefined): void => {
    sites.set(node, { path, type });
    const nullable = type === undefined ? undefined : getNullableType(type);
    if (node.kind === Kind.OBJECT) {
      for (const field of node.fields) {
        const fieldType = isInputObjectType(nullable) ? nullable.getFields()[field.name.value]?.type : undefined;
        const fieldPath = [...path, field.name.value];
        sites.set(field, { path: fieldPath, type: fieldType, ...(isInputObjectType(nullable) ? { parent: nullable } : {}) });
        walk(field.value, fieldPath, fieldType);
      }
    }
    if (node.kind === Kind.LIST) {
      const item: GraphQLInputType | undefined = isListType(nullable) ? (nullable.ofType as GraphQLInputType) : undefined;
      node.values.forEach((value, index) => walk(value, [...path, index], item));
    }
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: (argument) => walk(argument.value, [argument.name.value], typeInfo.getArgument()?.type),
      VariableDefinition: (definition) => {
        sites.set(definition, { path: [definition.variable.name.value], type: undefined });
      },
    }),
  );
  return sites;
}

/**
 * Maps the errors of document validation: those about a value written in the document (a
 * literal) become VALIDATION_FAILED with its path; the rest (an unknown field, an unused
 * variable) VALIDATION_FAILED as they are: they are about the request, not a field's value.
 */
function literalErrors(schema: GraphQLSchema, document: DocumentNode, errors: readonly Error[]): GraphQLError[] {
  const sites = literalSites(schema, document);
  // graphql-js reports each left-out field of an object value once, in definition order, at the object.
  const leftOut = new Map<ASTNode, string[]>();
  return errors.map((error) => {
    if (!(error instanceof GraphQLError)) return requestInputError(error);
    if (alreadyMapped(error)) return error;
    const node = error.nodes?.[0];
    const site = node === undefined ? undefined : sites.get(node);
    if (node === undefined || site === undefined) {
      return new GraphQLError(error.message, { ...(error.nodes ? { nodes: error.nodes } : {}), extensions: { code: 'VALIDATION_FAILED' } });
    }
    const object = site.type === undefined ? undefined : getNullableType(site.type);
    if (node.kind === Kind.OBJECT && isInputObjectType(object)) {
      if (!leftOut.has(node)) leftOut.set(node, missingFields(object, (name) => node.fields.some((f) => f.name.value === name)));
      const field = leftOut.get(node)!.shift();
      if (field !== undefined) return validationError([{ path: [...site.path, field].join('.'), reason: `is required (${String(object.getFields()[field]!.type)})` }], error.nodes);
    }
    // A field the input object does not have: said in our words, without graphql-js's suggestions.
    const reason = node.kind === Kind.OBJECT_FIELD && site.type === undefined && site.parent ? `is not a field of ${site.parent.name}` : reasonOf(error, site.type);
    return validationError([{ path: site.path.join('.'), reason }], error.nodes);
  });
}

// ------------------------------------------------------------------ the plugin and the mask

/** A rejection by the rules (a LedgerError from a resolver) keeps its path and gets its code. */
function ruleError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (!(original instanceof LedgerError)) return error;
  return new GraphQLError(original.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { code: original.code, ...original.details },
  });
}

/** An error graphql-js raised before any resolver ran that we did not see coming: bad input all the same. */
function requestInputError(error: Error): GraphQLError {
  if (error instanceof GraphQLError && alreadyMapped(error)) return error;
  return new GraphQLError(error.message, {
    ...(error instanceof GraphQLError && error.nodes ? { nodes: error.nodes } : {}),
    extensions: { code: 'VALIDATION_FAILED' },
  });
}

/**
 * Gives every error its policy code: bad literals at validation, bad variables before execution
 * (checked here, so graphql-js's own coercion finds nothing to refuse), rule rejections from
 * resolvers after it.
 */
export const errorCodesPlugin: Plugin = {
  onValidate({ params }) {
    return ({ result, setResult }) => {
      if (result.length > 0) setResult(literalErrors(params.schema, params.documentAST, result));
    };
  },
  onExecute({ args, setResultAndStopExecution }) {
    const issues = variableIssues(args.schema, args.document, args.operationName, args.variableValues);
    if (issues.length > 0) {
      setResultAndStopExecution({ errors: [validationError(issues)] });
      return undefined;
    }
    return {
      onExecuteDone({ result, setResult }) {
        if (!('errors' in result) || !result.errors) return;
        // A resolver's errors have a path; one without was raised before any resolver ran.
        setResult({ ...result, errors: result.errors.map((e) => (e instanceof GraphQLError && e.path !== undefined ? ruleError(e) : requestInputError(e))) });
      },
    };
  },
  onSubscribe({ args, setResultAndStopExecution }) {
    const issues = variableIssues(args.schema, args.document, args.operationName, args.variableValues);
    if (issues.length > 0) setResultAndStopExecution({ errors: [validationError(issues)] });
  },
};

/** A request that is not well-formed GraphQL over HTTP: VALIDATION_FAILED, keeping yoga's 4xx status. */
function requestError(error: GraphQLError): GraphQLError {
  // A body that is not JSON at all is a bad request also for a client that accepts only
  // application/json (yoga would answer that one 200): 400.
  // yoga marks its own status as "spec", which it drops for application/json: ours is not.
  const http = error.extensions['code'] === 'BAD_REQUEST' ? { status: 400 } : error.extensions['http'];
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    extensions: { code: 'VALIDATION_FAILED', issues: [{ path: 'request', reason: error.message }], ...(http ? { http } : {}) },
  });
}

/**
 * What the client sees of an error (yoga's maskError): our codes as they are, bad requests as
 * VALIDATION_FAILED, anything else INTERNAL_SERVER_ERROR with the generic message, reported to
 * `logError` and never to the client.
 */
export function maskedError(error: unknown, message: string, logError?: (error: unknown) => void): GraphQLError {
  if (error instanceof GraphQLError) {
    const code = error.extensions['code'];
    // yoga's codes for a body that is no GraphQL request or a document that does not parse:
    // bad input (policy §9), with the HTTP status yoga chose and nothing of the parser's internals.
    if (code === 'BAD_REQUEST' || code === 'GRAPHQL_PARSE_FAILED') return requestError(error);
    // Our own errors (codes from the rulebook) go out as they are.
    if (typeof code === 'string' && knownCodes.has(code)) return error;
    if (error.originalError instanceof LedgerError) return toGraphQLError(error.originalError);
    // graphql-js's own errors (syntax, unknown field) are about the request, not internal.
    if (!error.originalError || error.originalError instanceof GraphQLError) return error;
  }
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof LedgerError) return toGraphQLError(original);
  // The household's key is gone: its personal data can no longer be read or written.
  if (original instanceof HouseholdErasedError) return apiError('FORBIDDEN', 'The household\u2019s personal data was erased');
  logError?.(original ?? error);
  return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
