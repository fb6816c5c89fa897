import type { HouseholdOverview } from '../../projections/householdOverview.js';
import { mapPersonal } from '../../projections/householdOverview.js';
import type { KeyStore } from './keyStore.js';
import { bsnHash, type MasterKeys } from './sealing.js';
import { opener } from './sealingEventStore.js';

/** How many opened overviews are kept (as many as the embedded store caches sealed ones). */
export const DEFAULT_OPENED_CACHE_SIZE = 2_000;

export interface VaultOptions {
  /** Opened overviews kept in memory (least recently used go first); 0 turns the cache off. */
  openedCacheSize?: number;
}

/** An overview opened with a key: good while the read model hands out the same document and the key store the same key. */
interface Opened {
  sealed: HouseholdOverview;
  key: Buffer;
  opened: HouseholdOverview;
}

/** Opened documents are shared by every reader like the sealed ones: a mutation fails loudly. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** What the API does with personal data: open it for those who may see it, erase it, hash BSNs. */
export class PersonalDataVault {
  /**
   * Opening every sealed value of an overview (one AES-GCM each) costs more than the rest of
   * a read. When the read model hands out a shared, frozen document (the embedded store's
   * cache), its opened form is kept beside it, keyed by household: reused only for that same
   * document opened with the same key object, so a new revision, a dropped key cache or an
   * erasure (no key) opens it again. Erasing here drops it at once.
   */
  private readonly opened = new Map<string, Opened>();
  private readonly openedCacheSize: number;
  /** Counts erasures here: an open that overlapped one does not keep what it opened. */
  private erasures = 0;

  constructor(
    readonly keys: KeyStore,
    private readonly master: MasterKeys,
    options: VaultOptions = {},
  ) {
    this.openedCacheSize = options.openedCacheSize ?? DEFAULT_OPENED_CACHE_SIZE;
    if (!Number.isInteger(this.openedCacheSize) || this.openedCacheSize < 0) throw new RangeError(`opened cache size must be a whole number >= 0`);
  }

  /** The overview with its personal values opened (ERASED where the key is gone). */
  async open(doc: HouseholdOverview): Promise<HouseholdOverview> {
    const id = doc.householdId;
    const erasures = this.erasures;
    const key = await this.keys.keyFor(id);
    if (!key) {
      this.opened.delete(id);
      return mapPersonal(doc, opener(null, id));
    }
    const known = this.opened.get(id);
    if (known && known.sealed === doc && known.key === key) {
      this.opened.delete(id);
      this.opened.set(id, known);
      return known.opened;
    }
    const opened = mapPersonal(doc, opener(key, id));
    // A document that is not frozen may be a fresh copy on every read (PostgreSQL): nothing to reuse.
    if (this.openedCacheSize > 0 && Object.isFrozen(doc) && erasures === this.erasures) this.remember(id, { sealed: doc, key, opened: deepFreeze(opened) });
    return opened;
  }

  private remember(householdId: string, entry: Opened): void {
    this.opened.delete(householdId);
    this.opened.set(householdId, entry);
    for (const oldest of this.opened.keys()) {
      if (this.opened.size <= this.openedCacheSize) break;
      this.opened.delete(oldest);
    }
  }

  /** Crypto-shredding: the household's key is deleted, so its personal data reads as ERASED everywhere. */
  async erase(householdId: string): Promise<void> {
    this.erasures += 1;
    this.opened.delete(householdId);
    try {
      await this.keys.erase(householdId);
    } finally {
      this.erasures += 1;
      this.opened.delete(householdId);
    }
  }

  bsnHash(bsn: string): string {
    return bsnHash(bsn, this.master);
  }
}
