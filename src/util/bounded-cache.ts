/**
 * A map that keeps at most `limit` entries, dropping the oldest when full.
 * Why: every cache of a build context must stay bounded, so a preview server
 * rebuilding for hours, or a batch of hundreds of editions, does not grow without
 * end. Why oldest rather than least recently used: lookups are the hot path
 * (every word of every paragraph), and reordering on each one cost more than it saved.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly limit: number) {}

  /** The value for `key`. */
  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Whether `key` is held (without touching its recency). */
  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Stores `value`, dropping the oldest entry when full. */
  set(key: K, value: V): void {
    if (!this.map.has(key) && this.map.size >= this.limit) this.map.delete(this.map.keys().next().value as K);
    this.map.set(key, value);
  }

  /** Removes one entry. */
  delete(key: K): void {
    this.map.delete(key);
  }

  /** Number of entries held. */
  get size(): number {
    return this.map.size;
  }

  /** Removes every entry. */
  clear(): void {
    this.map.clear();
  }
}
