import type { Ledger } from '../ledger.js';

/** True when the store holds no event at all: a fresh installation. */
export async function isEmptyStore(ledger: Pick<Ledger, 'store'>): Promise<boolean> {
  return (await ledger.store.readAll({ after: 0, limit: 1 })).length === 0;
}

/** What `npm start` prints on an empty store, so a new user sees data at once. */
export const DEMO_HINT =
  'The store is empty. Load realistic demo households with: npm run demo  (more: npm run demo -- --households 200 --seed 7)';
