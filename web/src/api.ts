import type { TypedDocumentString } from './gql/graphql';
import { currentSession, signOut } from './session';

/** One GraphQL error as the API reports it: a code from the rulebook and, for bad input, the fields. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly code: string,
    readonly issues: ReadonlyArray<{ path: string; reason: string }> = [],
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; issues?: Array<{ path: string; reason: string }> } }>;
}

function headers(): Record<string, string> {
  const token = currentSession()?.token;
  return {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

/** Runs a typed query or mutation; the first error is thrown as an ApiError. */
export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  });
  const body = (await response.json().catch(() => ({}))) as GraphQLResponse<TResult>;
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'ERROR';
    // An expired or withdrawn token: back to the sign-in page, which says why.
    if (code === 'UNAUTHENTICATED') signOut('REFUSED');
    throw new ApiError(first.message, code, first.extensions?.issues ?? []);
  }
  if (!body.data) throw new ApiError(`The server answered ${response.status} without data`, 'ERROR');
  return body.data;
}

/**
 * A subscription over server-sent events (yoga's GraphQL over SSE): calls `onData` for every
 * event until the returned function is called. fetch rather than EventSource, so the token goes
 * in the Authorization header, never in the URL.
 */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
  onError: (error: Error) => void,
): () => void {
  const abort = new AbortController();
  void (async () => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { ...headers(), accept: 'text/event-stream' },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: abort.signal,
    });
    if (!response.body) throw new Error('no event stream');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        if (data === '') continue;
        const payload = JSON.parse(data) as GraphQLResponse<TResult>;
        if (payload.errors?.[0]) onError(new ApiError(payload.errors[0].message, payload.errors[0].extensions?.code ?? 'ERROR'));
        else if (payload.data) onData(payload.data);
      }
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) onError(error instanceof Error ? error : new Error(String(error)));
  });
  return () => abort.abort();
}

/** A command id for one user action: repeating the action after a lost answer stores nothing twice. */
export function commandId(): string {
  return crypto.randomUUID();
}
