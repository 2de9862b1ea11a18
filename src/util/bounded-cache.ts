/**
 * A map that keeps at most `limit` entries, dropping the least recently used.
 * Why: every cache of a build context must stay bounded, so a preview server
 * rebuilding for hours, or a batch of hundreds of editions, does not grow without end.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly limit: number) {}

  /** The value for `key`, which becomes the most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Whether `key` is held (without touching its recency). */
  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Stores `value`, dropping the least recently used entry when full. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K);
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
