/**
 * JSON Schema validation of every brief file (Ajv is used only here), with each
 * error turned into a located diagnostic.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import type { SourceFile, ValuePath } from '../1-load/yaml-source.js';
import { packageRoot } from '../package-root.js';

/** The kinds of file that have a schema. */
export type SchemaName = 'series' | 'edition' | 'judgments' | 'sources' | 'figures' | 'theme' | 'distribution';

/** Folder holding the JSON Schemas (also referenced by `$schema` in brief files). */
export const schemaDir = path.join(packageRoot, 'src', '2-validate', 'schemas');

/** The compiled schemas of a build context, compiled on first use (Ajv's compiling is most of the cost). */
export class Schemas {
  private validators: Map<SchemaName, ValidateFunction> | undefined;
  private vegaLiteValidator: ValidateFunction | undefined;

  /** Vega-Lite's own JSON Schema, compiled on first use (slow: only when a chart fails to compile, to explain why). */
  vegaLite(): ValidateFunction {
    this.vegaLiteValidator ??= compileVegaLiteSchema();
    return this.vegaLiteValidator;
  }

  private firstErrorValidators: Map<SchemaName, ValidateFunction> | undefined;

  /** The validator of one kind of file. */
  get(name: SchemaName): ValidateFunction {
    this.validators ??= compileAll(true);
    return this.validators.get(name)!;
  }

  /** A validator that stops at the first error (for long files, whose every error would take memory), compiled on first use. */
  firstError(name: SchemaName): ValidateFunction {
    this.firstErrorValidators ??= compileAll(false);
    return this.firstErrorValidators.get(name)!;
  }
}

/** Items of each array checked for every error; longer arrays are checked beyond this only up to their first error. */
const ITEMS_CHECKED_IN_FULL = 200;

/** `value` with every array cut to its first `n` items. */
function pruned(value: unknown, n: number): { value: unknown; cut: boolean } {
  const long = (v: unknown): boolean => (Array.isArray(v) ? v.length > n || v.some(long) : !!v && typeof v === 'object' && Object.values(v).some(long));
  if (!long(value)) return { value, cut: false };
  let cut = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      if (v.length > n) cut = true;
      return v.slice(0, n).map(walk);
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value), cut };
}

function compileVegaLiteSchema(): ValidateFunction {
  // Why: the package's exports hide its schema file; find it next to the resolved entry point.
  const entry = createRequire(import.meta.url).resolve('vega-lite');
  let dir = path.dirname(entry);
  while (!dir.endsWith(`${path.sep}vega-lite`) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const schema = JSON.parse(readFileSync(path.join(dir, 'build', 'vega-lite-schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateFormats: false, logger: false });
  return ajv.compile(schema);
}

function compileAll(allErrors: boolean): Map<SchemaName, ValidateFunction> {
  const ajv = new Ajv({ allErrors, strict: true, useDefaults: false, verbose: true });
  const map = new Map<SchemaName, ValidateFunction>();
  const files = readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json'));
  for (const f of files) ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, f), 'utf8')) as object, f);
  for (const f of files) {
    const name = f.replace('.schema.json', '');
    if (name !== 'common') map.set(name as SchemaName, ajv.getSchema(f)!);
  }
  return map;
}

/** Validates a parsed file against its schema; returns true when it is valid. */
export function validateAgainstSchema(name: SchemaName, source: SourceFile, sink: DiagnosticSink, schemas: Schemas): boolean {
  // Why in two steps: a long file of wrong items would make an error object for every item (millions, gigabytes);
  // every error is reported for the first items of each list, and beyond them the first error only.
  const validate = schemas.get(name);
  const head = pruned(source.value, ITEMS_CHECKED_IN_FULL);
  let errors: ErrorObject[];
  if (!validate(head.value)) errors = validate.errors ?? [];
  else if (!head.cut) return true;
  else {
    const first = schemas.firstError(name);
    if (first(source.value)) return true;
    errors = first.errors ?? [];
  }
  for (const err of simplify(errors)) {
    const at = pathOf(err.instancePath);
    switch (err.keyword) {
      case 'required': {
        const prop = String((err.params as { missingProperty: string }).missingProperty);
        sink.error(source.locate(at), messages.schemaRequired(prop), `${name}/required`);
        break;
      }
      case 'additionalProperties': {
        const prop = String((err.params as { additionalProperty: string }).additionalProperty);
        const known = Object.keys((err.parentSchema as { properties?: object })?.properties ?? {}).filter((k) => k !== '$schema');
        sink.error(source.locate([...at, prop], { key: true }), messages.schemaUnknownProperty(prop, known), `${name}/unknown-property`);
        break;
      }
      case 'enum':
        sink.error(source.locate(at), messages.schemaEnum(err.data, (err.params as { allowedValues: unknown[] }).allowedValues), `${name}/enum`);
        break;
      case 'type':
        sink.error(source.locate(at), messages.schemaType(String((err.params as { type: string }).type), err.data), `${name}/type`);
        break;
      case 'pattern': {
        const hint = patternHints[String((err.params as { pattern: string }).pattern)];
        sink.error(source.locate(at), hint ? messages.schemaPatternHint(err.data, hint) : messages.schemaPattern(err.data, describePattern(err)), `${name}/pattern`);
        break;
      }
      case 'minItems':
      case 'maxItems':
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'minLength':
      case 'maxLength': {
        const limit = (err.params as { limit: number }).limit;
        sink.error(source.locate(at), messages.schemaLimit(String(at.at(-1) ?? 'the value'), err.keyword, limit, err.data), `${name}/${err.keyword}`);
        break;
      }
      default:
        sink.error(source.locate(at), messages.schemaOther(`${err.instancePath || 'value'} ${err.message ?? 'is invalid'}`), `${name}/${err.keyword}`);
    }
  }
  return false;
}

/**
 * Every `pattern` of the schemas, said in words with an example, so a user never has to read a regular expression
 * (test/unit/validate.test.ts fails when a schema gains a pattern without one).
 */
export const patternHints: Record<string, string> = {
  '^[A-Za-z][A-Za-z0-9_-]*$': 'is not a valid id: start with a letter, then use letters, digits, "-" or "_", e.g. "dprk-supply"',
  '^\\d{4}-\\d{2}-\\d{2}$': 'is not a date: use YYYY-MM-DD, e.g. "2024-05-20"',
  '^\\d{4}(-\\d{2}(-\\d{2})?)?$': 'is not a date: use YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source is, e.g. "2024-05"',
  '^[^@\\s<>"]+@[^@\\s<>"]+\\.[^@\\s<>"]+$': 'is not an e-mail address: write one plain address, e.g. "analyst@example.org"',
  '^[A-Z][A-Z0-9_]*$': 'is not an environment variable name: use capital letters, digits and "_", starting with a letter, e.g. "BRIEF_SMTP_PASSWORD"',
  '^[0-9A-Za-z][0-9A-Za-z_-]*$': 'is not a valid edition id: use letters, digits, "-" or "_" (usually the ISO week), e.g. "2024-W21"',
  '\\.vl\\.json$': 'is not a Vega-Lite spec file: its name must end in .vl.json, e.g. "figures/daily-consumption.vl.json"',
  '^[a-z]+/[a-z-]+$': 'is not a lint rule id: write group/rule in lower case, e.g. "sourcing/stale"',
  '^[a-z]{2}(-[A-Z]{2})?$': 'is not a language tag: use a two-letter language code and, if you like, a region in capitals, e.g. "en-GB"',
  '\\.(pptx|potx)$': 'is not a PowerPoint file: name a .pptx or .potx file, e.g. "corporate.potx"',
  '^https?://': 'is not a web address: start it with https:// or http://, e.g. "https://example.org/report"',
  '^#[0-9A-Fa-f]{6}$': 'is not a colour: use #RRGGBB, e.g. "#1F3A5F"',
  '\\.(svg|png)$': 'is not an SVG or PNG file: name a .svg or .png file, e.g. "logo.svg"',
};

function pathOf(instancePath: string): ValuePath {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describePattern(err: ErrorObject): string {
  const desc = (err.parentSchema as { description?: string } | undefined)?.description;
  return desc ? desc.replace(/\.$/, '').toLowerCase() : `value (must match ${String((err.params as { pattern: string }).pattern)})`;
}

/** Drops errors that only restate a more specific one at the same place (e.g. `if`/`anyOf` wrappers). */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') return false;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
