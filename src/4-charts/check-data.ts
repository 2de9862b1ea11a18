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

/** Reports encoding fields that are neither columns of the top-level data nor made by a transform. */
export function checkFields(spec: Record<string, unknown>, rows: Row[] | undefined, locate: Locate, sink: DiagnosticSink): boolean {
  if (!rows || rows.length === 0) return true;
  const columns = new Set(rows.flatMap((r) => Object.keys(r)));
  const made = new Set<string>();
  // Fields created by transforms anywhere in the spec (calculate, aggregate, fold, window, …) are fine.
  const collectMade = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(collectMade);
    else if (v && typeof v === 'object') {
      for (const [k, val] of Object.entries(v)) {
        if (k === 'as') (Array.isArray(val) ? val : [val]).forEach((a) => typeof a === 'string' && made.add(a));
        else collectMade(val);
      }
    }
  };
  collectMade(spec.transform);
  collectMade((spec as { layer?: unknown }).layer);
  let ok = true;
  const visit = (unit: Record<string, unknown>, p: (string | number)[]) => {
    if (p.length > 0 && unit.data) return; // a layer with its own data is checked by vega
    collectMade(unit.transform);
    const enc = unit.encoding as Record<string, unknown> | undefined;
    for (const [ch, def] of Object.entries(enc ?? {})) {
      const defs = Array.isArray(def) ? def : [def];
      defs.forEach((d, i) => {
        const field = (d as { field?: unknown } | null)?.field;
        if (typeof field !== 'string') return;
        const name = field.split('.')[0]!.replace(/\\/g, '');
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
