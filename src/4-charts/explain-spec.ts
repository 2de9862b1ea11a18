/**
 * When Vega-Lite fails to compile a spec it often says only "Cannot read
 * properties of undefined". Then, and only then, the spec is checked against
 * Vega-Lite's own JSON Schema to point at the offending value.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Position } from '../diagnostics/diagnostic.js';

/** The most telling schema error of a spec, as a message and the path of the offending value; undefined if it is valid. */
export function explainSpec(spec: unknown, locate: (p: (string | number)[]) => Position, v: ValidateFunction): { message: string; position: Position } | undefined {
  if (v(spec)) return undefined;
  const errors = (v.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const best = [...errors].sort((a, b) => Number(b.keyword === 'enum') - Number(a.keyword === 'enum') || depth(b) - depth(a))[0];
  if (!best) return undefined;
  const p = best.instancePath
    .slice(1)
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  const value = JSON.stringify(best.data);
  const message =
    best.keyword === 'enum'
      ? `${value} is not allowed at ${best.instancePath || 'the top'} (expected one of: ${(best.params as { allowedValues: unknown[] }).allowedValues.map((a) => JSON.stringify(a)).join(', ')})`
      : best.keyword === 'additionalProperties'
        ? `unknown property "${(best.params as { additionalProperty: string }).additionalProperty}" at ${best.instancePath || 'the top'}`
        : `${best.instancePath || 'the spec'} ${best.message ?? 'is invalid'}`;
  return { message, position: locate(best.keyword === 'additionalProperties' ? [...p, (best.params as { additionalProperty: string }).additionalProperty] : p) };
}
