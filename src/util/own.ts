/** Lookups in records keyed by names a user wrote, where "constructor" or "toString" must not find Object.prototype's. */

/** The value stored under `key` in `record` itself; never one it inherits. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
