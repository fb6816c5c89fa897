/**
 * A Map whose copy costs what changed since the last copies, not its size (issue 15 item 6):
 * the command handler copies a household's state per command so that a state handed out never
 * changes (infra/commandHandler.ts), and a long household's receipts and claims made that copy
 * the largest cost of its append after the overview.
 *
 * Entries live in two layers: `shared`, which every copy may hold and nobody writes again, and
 * `own`, this map's entries set since it was copied (new keys, and keys of `shared` set again).
 * A copy shares `shared` and copies `own`; once `own` outgrows √size (at least MIN_OWN) the copy
 * merges both into a new `shared` instead, so a copy costs O(√n) amortised. Iteration is in a
 * Map's order: a key keeps the place where it was first set.
 */
const MIN_OWN = 32;

export class LayeredMap<K, V> implements Map<K, V> {
  /**
   * The keys set since `track`, in the order first set (null: not tracking); false once a key
   * was deleted or the map cleared meanwhile, so the keys set no longer tell every change.
   */
  private touched: Set<K> | null | false = null;

  private constructor(
    /** Shared with copies of this map: never written again, by this map or any other. */
    private shared: ReadonlyMap<K, V>,
    private own: Map<K, V>,
    /** How many keys of `own` `shared` lacks. */
    private added: number,
  ) {}

  /** A layered copy of `entries` (copied once; later copies share it). */
  static from<K, V>(entries: ReadonlyMap<K, V>): LayeredMap<K, V> {
    return new LayeredMap(new Map(entries), new Map(), 0);
  }

  /** A copy: what either map is set to later, the other does not see. */
  copy(): LayeredMap<K, V> {
    if (this.own.size <= Math.max(MIN_OWN, Math.sqrt(this.shared.size))) return new LayeredMap(this.shared, new Map(this.own), this.added);
    const merged = new Map(this.shared);
    for (const [key, value] of this.own) merged.set(key, value);
    return new LayeredMap(merged, new Map(), 0);
  }

  /**
   * From now on, remembers the keys set (the overview's fold patches the document it started
   * from with the items its events replaced, instead of building every list again). A copy
   * does not track.
   */
  track(): void {
    this.touched = new Set();
  }

  /** Stops remembering, and forgets what was remembered. */
  untrack(): void {
    this.touched = null;
  }

  /**
   * The keys set since `track`, in the order first set (a key new to the map was first set
   * when it was added, so new keys come in the map's order); null when not tracking, or when a
   * key was deleted or the map cleared since.
   */
  changes(): ReadonlySet<K> | null {
    return this.touched || null;
  }

  get size(): number {
    return this.shared.size + this.added;
  }

  get(key: K): V | undefined {
    return this.own.has(key) ? this.own.get(key) : this.shared.get(key);
  }

  has(key: K): boolean {
    return this.own.has(key) || this.shared.has(key);
  }

  set(key: K, value: V): this {
    if (!this.own.has(key) && !this.shared.has(key)) this.added += 1;
    this.own.set(key, value);
    if (this.touched) this.touched.add(key);
    return this;
  }

  /** Rare (the household state never deletes): the entries are merged into a layer of this map's own. */
  delete(key: K): boolean {
    if (!this.has(key)) return false;
    const merged = new Map(this.entries());
    merged.delete(key);
    if (this.touched) this.touched = false;
    this.shared = merged;
    this.own = new Map();
    this.added = 0;
    return true;
  }

  clear(): void {
    if (this.touched) this.touched = false;
    this.shared = new Map();
    this.own = new Map();
    this.added = 0;
  }

  *entries(): MapIterator<[K, V]> {
    const own = this.own;
    if (own.size === 0) {
      yield* this.shared;
      return;
    }
    for (const [key, value] of this.shared) yield [key, own.has(key) ? own.get(key)! : value];
    if (this.added > 0) for (const entry of own) if (!this.shared.has(entry[0])) yield entry;
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  get [Symbol.toStringTag](): string {
    return 'LayeredMap';
  }
}
