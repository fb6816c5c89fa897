import { LedgerError } from '../../domain/errors.js';
import type { BsnHeld } from '../../infra/households.js';
import type { Context } from '../context.js';

/**
 * An index entry whose household was never registered (the process stopped between indexing
 * and appending) is given up after this long, so a person's BSN is not blocked for good.
 */
const ABANDONED_INDEX_ENTRY_MS = 10 * 60_000;

async function abandoned(ctx: Context, held: BsnHeld): Promise<boolean> {
  if (held.heldBy === '' || Date.parse(ctx.requestedAt) - Date.parse(held.since) < ABANDONED_INDEX_ENTRY_MS) return false;
  return (await ctx.ledger.queries.overview(held.heldBy)) === null;
}

/**
 * Registers a household only when none of its members' BSNs is on record for another household
 * (one person, one total overview): the BSNs' hashes go into the index first (a unique key, so
 * of two registrations at once one wins), then `register` runs; when it fails, the entries
 * this call made are deleted again, so a refused registration stores nothing. A BSN held by
 * another household answers ALREADY_EXISTS without saying which household.
 */
export async function withBsnsIndexed<T>(ctx: Context, householdId: string, members: ReadonlyArray<{ bsn: string }>, register: () => Promise<T>): Promise<T> {
  const { households, vault } = ctx.ledger;
  const hashes = members.map((m) => vault.bsnHash(m.bsn));
  let indexed = await households.indexBsns(householdId, hashes, ctx.requestedAt);
  if ('heldBy' in indexed && (await abandoned(ctx, indexed))) {
    await households.unindexBsns(indexed.heldBy);
    indexed = await households.indexBsns(householdId, hashes, ctx.requestedAt);
  }
  if ('heldBy' in indexed) {
    throw new LedgerError(
      'ALREADY_EXISTS',
      'A member of this household is already registered in another household: ask that household for a mandate instead of registering it again',
    );
  }
  try {
    return await register();
  } catch (error) {
    if (indexed.added.length > 0) await households.unindexBsns(householdId, indexed.added);
    throw error;
  }
}
