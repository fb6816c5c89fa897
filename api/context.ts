import type { Actor } from '../domain/actors.js';
import type { Ledger } from '../infra/ledger.js';
import type { LivePubSub } from './live.js';

/**
 * What a resolver may reach of the ledger: commands (the write side), queries (the read side,
 * over the read models and projections) and the services beside them. Not the event store and
 * not the read models themselves: the API reads only through the queries.
 */
export type LedgerServices = Pick<Ledger, 'commands' | 'queries' | 'households' | 'registrations' | 'vault' | 'audit' | 'parameters'>;

export interface Context {
  /** The verified token's actor; null for a request without a token. */
  actor: Actor | null;
  ledger: LedgerServices;
  pubsub: LivePubSub;
  /** The instant this request is handled: every command in it is recorded at this time. */
  requestedAt: string;
  correlationId: string;
  /** The stated purpose of reads in this request (header `x-purpose`), for the read audit. */
  purpose: string | null;
  /** Organisations with a legal basis to use the BSN (TOTAALBEELD_BSN_ORGS). */
  bsnOrgs: ReadonlySet<string>;
  /** Drops the household's cached answers (api/edge/responseCache.ts): after its erasure, none with personal data is kept. */
  forgetAnswers(householdId: string): void;
}

/** A resolver behind an `authenticated` scope may rely on the actor. */
export function actorOf(ctx: Context): Actor {
  if (!ctx.actor) throw new Error('resolver reached without an authenticated actor');
  return ctx.actor;
}
