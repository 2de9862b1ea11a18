/**
 * Checks a chart's data before vega sees it: CSV and JSON files must parse
 * (vega reads malformed CSV without complaint), and every field the encodings
 * name must be a column of the data (Vega-Lite silently draws nothing otherwise).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { DiagnosticSink, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import type { Row, SpecUrl } from './chart-data.js';

type Locate = (p: (string | number)[]) => Position;

/** Reports malformed CSV/JSON data files at the url's place in the spec; returns false if any is malformed. */
export function checkDataFiles(urls: SpecUrl[], locate: Locate, sink: DiagnosticSink): boolean {
  let ok = true;
  for (const u of urls) {
    if (u.text === undefined) continue;
    if (/\.(csv|tsv)$/i.test(u.url)) {
      try {
        const rows = parseCsv(u.text, { columns: true, delimiter: /\.tsv$/i.test(u.url) ? '\t' : ',', skip_empty_lines: true }) as Record<string, string>[];
        for (const bad of notFiniteCells(rows)) {
          ok = false;
          sink.error(locate(u.path), messages.notFiniteRow(bad.column, bad.value, bad.row), 'data/not-finite');
        }
      } catch (err) {
        ok = false;
        sink.error(locate(u.path), messages.csvMalformed(`${u.url}: ${(err as Error).message}`), 'chart/csv');
      }
    } else if (/\.json$/i.test(u.url)) {
      try {
        JSON.parse(u.text);
      } catch (err) {
        ok = false;
        sink.error(locate(u.path), messages.jsonMalformed(`${u.url}: ${(err as Error).message}`), 'chart/json');
      }
    }
  }
  return ok;
}

const NOT_FINITE = /^[-+]?(nan|inf|infinity)$/i;
const NUMBER = /^[-+]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Cells written NaN or Infinity in an otherwise numeric column (first five): vega types such a column as text, and
 * its numbers then vanish from the chart without a word.
 */
function notFiniteCells(rows: Record<string, string>[]): { column: string; value: number; row: number }[] {
  const out: { column: string; value: number; row: number }[] = [];
  for (const column of Object.keys(rows[0] ?? {})) {
    const cells = rows.map((r) => (r[column] ?? '').trim()).filter((c) => c !== '');
    if (!cells.some((c) => NUMBER.test(c)) || !cells.every((c) => NUMBER.test(c) || NOT_FINITE.test(c))) continue;
    rows.forEach((r, i) => {
      const c = (r[column] ?? '').trim();
      if (NOT_FINITE.test(c) && out.length < 5) out.push({ column, value: Number(c.replace(/^([-+]?)inf$/i, '$1Infinity').replace(/^nan$/i, 'NaN')), row: i + 1 });
    });
  }
  return out;
}

/**
 * The column a Vega-Lite field reads: its path up to the first unescaped `.` or `[`, unescaped
 * ("a.b" → "a", "a\\.b" → "a.b", "argmax_x['y']" → "argmax_x").
 */
export function fieldRoot(field: string): string {
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const c = field[i]!;
    if (c === '\\' && i + 1 < field.length) out += field[++i];
    else if (c === '.' || c === '[') break;
    else out += c;
  }
  return out;
}

/** The default output names of transforms that make fields without `as` (Vega-Lite's documented defaults). */
const DEFAULT_OUTPUTS: Record<string, string[]> = {
  density: ['value', 'density'],
  fold: ['key', 'value'],
  quantile: ['prob', 'value'],
};

/**
 * The fields a transform makes: what it names with `as`, and what it makes by default (a bin's `<as>_end`,
 * density's `value` and `density`, fold's `key` and `value`, a regression's or loess's `on` and its field, a
 * lookup's `fields`, a pivot's values when they are in the data). Undefined when they cannot be known before the
 * data is transformed (a pivot of a made field, a lookup of a whole record without `as`).
 */
function transformOutputs(t: Record<string, unknown>, rows: Row[]): string[] | undefined {
  const out: string[] = [];
  const collectAs = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(collectAs);
    else if (v && typeof v === 'object')
      for (const [k, val] of Object.entries(v)) {
        if (k === 'as') (Array.isArray(val) ? val : [val]).forEach((a) => typeof a === 'string' && out.push(a));
        else if (k !== 'from') collectAs(val);
      }
  };
  collectAs(t);
  const as = t.as;
  if ('bin' in t && typeof as === 'string') out.push(`${as}_end`);
  for (const [op, names] of Object.entries(DEFAULT_OUTPUTS)) if (op in t && as === undefined) out.push(...names);
  for (const op of ['regression', 'loess'])
    if (op in t && as === undefined) {
      for (const f of [t[op], t.on]) if (typeof f === 'string') out.push(f);
      if (t.params) out.push('coef', 'rSquared', 'keys');
    }
  if ('pivot' in t) {
    const field = t.pivot;
    if (typeof field !== 'string' || !rows.some((r) => Object.hasOwn(r, field))) return undefined;
    for (const r of rows) if (r[field] !== undefined && r[field] !== null) out.push(String(r[field]));
  }
  if ('lookup' in t && as === undefined) {
    const fields = (t.from as { fields?: unknown } | undefined)?.fields;
    if (!Array.isArray(fields)) return undefined;
    for (const f of fields) if (typeof f === 'string') out.push(fieldRoot(f));
  }
  return out;
}

/** Reports encoding fields that are neither columns of the top-level data nor made by a transform. */
export function checkFields(spec: Record<string, unknown>, rows: Row[] | undefined, locate: Locate, sink: DiagnosticSink): boolean {
  if (!rows || rows.length === 0) return true;
  const columns = new Set(rows.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])));
  const made = new Set<string>();
  let unknowable = false;
  // Fields made by transforms anywhere in the spec (calculate, aggregate, fold, density, bin, lookup, …) are fine.
  const collectMade = (v: unknown, key?: string) => {
    if (Array.isArray(v)) {
      if (key === 'transform')
        for (const t of v) {
          if (!t || typeof t !== 'object') continue;
          const outs = transformOutputs(t as Record<string, unknown>, rows);
          if (outs) outs.forEach((o) => made.add(o));
          else unknowable = true;
        }
      else v.forEach((x) => collectMade(x));
    } else if (v && typeof v === 'object') for (const [k, val] of Object.entries(v)) if (k !== 'data' && k !== 'datasets') collectMade(val, k);
  };
  collectMade(spec);
  if (unknowable) return true;
  let ok = true;
  const visit = (unit: Record<string, unknown>, p: (string | number)[]) => {
    if (p.length > 0 && unit.data) return; // a layer with its own data is checked by vega
    const enc = unit.encoding as Record<string, unknown> | undefined;
    for (const [ch, def] of Object.entries(enc ?? {})) {
      const defs = Array.isArray(def) ? def : [def];
      defs.forEach((d, i) => {
        const field = (d as { field?: unknown } | null)?.field;
        if (typeof field !== 'string') return;
        const name = fieldRoot(field);
        if (columns.has(name) || columns.has(field) || made.has(field) || made.has(name)) return;
        ok = false;
        const where = Array.isArray(def) ? [...p, 'encoding', ch, i, 'field'] : [...p, 'encoding', ch, 'field'];
        sink.error(locate(where), messages.unknownField(field, [...columns]), 'chart/unknown-field');
      });
    }
    (unit.layer as Record<string, unknown>[] | undefined)?.forEach((l, i) => visit(l, [...p, 'layer', i]));
  };
  visit(spec, []);
  return ok;
}
