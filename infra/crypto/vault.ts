import type { HouseholdOverview } from '../../projections/householdOverview.js';
import { mapPersonal } from '../../projections/householdOverview.js';
import type { KeyStore } from './keyStore.js';
import { bsnHash, type MasterKeys } from './sealing.js';
import { opener } from './sealingEventStore.js';

/** What the API does with personal data: open it for those who may see it, erase it, hash BSNs. */
export class PersonalDataVault {
  constructor(
    readonly keys: KeyStore,
    private readonly master: MasterKeys,
  ) {}

  /** The overview with its personal values opened (ERASED where the key is gone). */
  async open(doc: HouseholdOverview): Promise<HouseholdOverview> {
    const key = await this.keys.keyFor(doc.householdId);
    return mapPersonal(doc, opener(key, doc.householdId));
  }

  /** Crypto-shredding: the household's key is deleted, so its personal data reads as ERASED everywhere. */
  erase(householdId: string): Promise<void> {
    return this.keys.erase(householdId);
  }

  bsnHash(bsn: string): string {
    return bsnHash(bsn, this.master);
  }
}
