/**
 * Template data that refuses misspelled fields. Handlebars' strict mode checks
 * `{{field}}` but not the arguments of helpers such as `#if` and `#each`, where
 * a typo silently reads as "false" and a section quietly disappears. Wrapping the
 * data in proxies makes every lookup of a field that does not exist an error.
 */

/** Thrown when a template reads a field its data does not have. */
export class UnknownFieldError extends Error {
  constructor(
    readonly field: string,
    readonly where: string,
    readonly known: string[],
  ) {
    super(`"${field}" is not a field of ${where} (fields: ${known.join(', ')})`);
    this.name = 'UnknownFieldError';
  }
}

// Names Handlebars and JavaScript probe on any object; never user fields.
const internal = new Set(['then', 'toJSON', 'constructor', 'toString', 'valueOf', 'length', '__proto__', 'toHTML', 'hasOwnProperty', 'nodeType']);

/**
 * Wraps `value` so reading an unknown field throws; keys listed in `open` (e.g.
 * `datasets`, whose names are the user's own) are passed through unwrapped.
 */
export function strictContext<T>(value: T, where = 'the brief', open: ReadonlySet<string> = new Set(['datasets'])): T {
  if (Array.isArray(value)) return value.map((v, i) => strictContext(v, `${where}[${i}]`, open)) as T;
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const wrapped: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) wrapped[k] = open.has(k) ? v : strictContext(v, k, open);
  return new Proxy(wrapped, {
    // Why: Handlebars' strict mode tests `name in obj`; answering with this error names the object and its fields.
    has(target, prop) {
      if (typeof prop === 'string' && !(prop in target) && !internal.has(prop)) throw new UnknownFieldError(prop, where, Object.keys(target));
      return prop in target;
    },
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target) && !internal.has(prop)) throw new UnknownFieldError(prop, where, Object.keys(target));
      return Reflect.get(target, prop, receiver);
    },
  }) as T;
}
