/**
 * When Vega-Lite itself crashes on a spec its schema accepts ("Cannot read properties of undefined"), the
 * encoding channels that cause it: each channel is left out in turn, and those without which the spec compiles
 * are named, so the message can point at them instead of at line 1 of the spec.
 */
import { compile, type TopLevelSpec } from 'vega-lite';

/** An encoding channel of the spec (top level or a layer), with its path in the spec. */
export interface Culprit {
  channel: string;
  path: (string | number)[];
}

/** Is this error a crash inside Vega-Lite (a JavaScript error), rather than its own message about the spec? */
export function isLibraryCrash(err: unknown): boolean {
  return err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError;
}

/** The channels whose removal lets the spec compile (at most 200 attempts), first in spec order. */
export function crashingChannels(spec: TopLevelSpec, config: object): Culprit[] {
  const found: Culprit[] = [];
  const encodings: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const n = node as Record<string, unknown>;
    if (n.encoding && typeof n.encoding === 'object') encodings.push([...path, 'encoding']);
    for (const key of ['layer', 'concat', 'hconcat', 'vconcat']) if (Array.isArray(n[key])) (n[key] as unknown[]).forEach((child, i) => walk(child, [...path, key, i]));
    if (n.spec) walk(n.spec, [...path, 'spec']);
  };
  walk(spec, []);
  let tries = 0;
  for (const at of encodings) {
    const encoding = at.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], spec) as Record<string, unknown>;
    for (const channel of Object.keys(encoding)) {
      if (++tries > 200) return found;
      const copy = structuredClone(spec) as unknown as Record<string, unknown>;
      const target = at.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], copy) as Record<string, unknown>;
      delete target[channel];
      try {
        compile(copy as unknown as TopLevelSpec, { config, logger: quiet as never });
        found.push({ channel, path: [...at, channel] });
      } catch {
        // still fails without it: not this channel
      }
    }
  }
  return found;
}

const noop = (): void => undefined;
const quiet = { level: () => quiet, error: noop, warn: noop, info: noop, debug: noop };
