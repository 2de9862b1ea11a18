/**
 * When Vega-Lite fails to compile a spec it often says only "Cannot read
 * properties of undefined". Then, and only then, the spec is checked against
 * Vega-Lite's own JSON Schema to point at the offending value.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Position } from '../diagnostics/diagnostic.js';

let validate: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!validate) {
    // Why: the package's exports hide its schema file; find it next to the resolved entry point.
    const entry = createRequire(import.meta.url).resolve('vega-lite');
    let dir = path.dirname(entry);
    while (!dir.endsWith(`${path.sep}vega-lite`) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    const schema = JSON.parse(readFileSync(path.join(dir, 'build', 'vega-lite-schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateFormats: false, logger: false });
    validate = ajv.compile(schema);
  }
  return validate;
}

/** The most telling schema error of a spec, as a message and the path of the offending value; undefined if it is valid. */
export function explainSpec(spec: unknown, locate: (p: (string | number)[]) => Position): { message: string; position: Position } | undefined {
  const v = schemaValidator();
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
