/**
 * Reads the data a Vega-Lite spec names (inline values, or CSV/JSON files through
 * the sandbox) before rendering: the bytes key the render cache, and the typed
 * rows feed alt-text summaries and native PowerPoint charts.
 */
import path from 'node:path';
import * as vega from 'vega';
import { readInput, readInputText, resolveRef, type InputScope } from '../1-load/input-files.js';
import { messages } from '../diagnostics/messages.js';

/** Rows of a dataset, typed by vega's own CSV/JSON reader. */
export type Row = Record<string, unknown>;

/** A url found in a spec, with where it sits and what it resolved to. */
export interface SpecUrl {
  url: string;
  path: (string | number)[];
  /** File contents when the url resolved inside the sandbox and the file exists. */
  text?: string;
  /** For an image mark: the picture as a data URI. */
  picture?: string;
  /** Why it was refused or could not be read. */
  problem?: { message: string; rule: string };
}

/** Every `url` value in a spec (data urls, lookup sources, image marks' own and their channel's), in document order. */
export function findUrls(spec: unknown): { url: string; path: (string | number)[]; image?: boolean }[] {
  const out: { url: string; path: (string | number)[]; image?: boolean }[] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') {
      for (const [k, val] of Object.entries(v)) {
        // An image mark's own url: {"mark": {"type": "image", "url": "…"}}.
        if (k === 'url' && typeof val === 'string') out.push({ url: val, path: [...p, k], ...((v as { type?: unknown }).type === 'image' ? { image: true } : {}) });
        // An image mark's url channel: {"url": {"value": "…"}}.
        else if (k === 'url' && val && typeof val === 'object' && typeof (val as { value?: unknown }).value === 'string')
          out.push({ url: (val as { value: string }).value, path: [...p, k, 'value'], image: true });
        else walk(val, [...p, k]);
      }
    }
  };
  walk(spec, []);
  return out;
}

/** Every link written in a spec (an `href` channel's or mark's value), in document order. */
export function findLinks(spec: unknown): { url: string; path: (string | number)[] }[] {
  const out: { url: string; path: (string | number)[] }[] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') {
      for (const [k, val] of Object.entries(v)) {
        if (k === 'href' && typeof val === 'string') out.push({ url: val, path: [...p, k] });
        else if (k === 'href' && val && typeof val === 'object' && typeof (val as { value?: unknown }).value === 'string')
          out.push({ url: (val as { value: string }).value, path: [...p, k, 'value'] });
        else walk(val, [...p, k]);
      }
    }
  };
  walk(spec, []);
  return out;
}

/** Resolves and reads every url of a spec (data files, lookups; images are read by the loader) inside the scope's root, relative to the spec's folder. */
export async function readSpecUrls(spec: unknown, specFile: string, scope: InputScope): Promise<SpecUrl[]> {
  const root = scope.roots[0]!;
  return Promise.all(
    findUrls(spec)
      .filter((u) => !(u.image && u.url.startsWith('data:image/')))
      .map(async ({ url, path: p, image }): Promise<SpecUrl> => {
        const r = resolveRef(root, path.dirname(specFile), url);
        if (!r.ok) return { url, path: p, problem: { message: r.message, rule: r.rule } };
        // A picture on an image mark goes into the chart's SVG as a data URI, so no output names a path.
        if (image) {
          const pic = await readPicture(r.file, scope, url);
          return 'problem' in pic ? { url, path: p, problem: pic.problem } : { url, path: p, picture: pic.dataUri };
        }
        const read = await readInputText(r.file, 'data', scope, url);
        if (read.ok) return { url, path: p, text: read.value };
        const rule = read.rule === 'file/missing' ? 'chart/data-missing' : read.rule === 'limits/file-size' ? 'limits/data-size' : read.rule;
        return { url, path: p, problem: { message: read.message, rule } };
      }),
  );
}

// Signatures are bytes, control characters included.
/* eslint-disable no-control-regex */
const PICTURE_TYPES: [RegExp, string][] = [
  [/^\x89PNG\r\n\x1a\n/, 'image/png'],
  [/^\xff\xd8\xff/, 'image/jpeg'],
  [/^GIF8[79]a/, 'image/gif'],
];
/* eslint-enable no-control-regex */

/** A PNG, JPEG or GIF inside the folder, as a data URI; anything else is refused. */
export async function readPicture(file: string, scope: InputScope, shown: string): Promise<{ dataUri: string } | { problem: { message: string; rule: string } }> {
  const read = await readInput(file, 'image', scope, shown);
  if (!read.ok) return { problem: { message: read.message, rule: read.rule === 'file/missing' ? 'chart/data-missing' : read.rule } };
  const head = read.value.subarray(0, 8).toString('latin1');
  const type = PICTURE_TYPES.find(([re]) => re.test(head))?.[1];
  if (!type) return { problem: { message: messages.imageNotPicture(shown), rule: 'chart/image' } };
  return { dataUri: `data:${type};base64,${read.value.toString('base64')}` };
}

/** The rows of the spec's top-level data, typed; undefined when it has none or it cannot be read. */
export function topLevelRows(spec: Record<string, unknown>, urls: SpecUrl[]): Row[] | undefined {
  const data = spec.data as { values?: unknown; url?: string; format?: { type?: string; parse?: unknown } } | undefined;
  if (!data) return undefined;
  if (Array.isArray(data.values)) return asRows(data.values);
  if (typeof data.url !== 'string') return undefined;
  const entry = urls.find((u) => u.url === data.url && u.text !== undefined);
  if (!entry) return undefined;
  const type = data.format?.type ?? /\.(csv|tsv)$/i.exec(data.url)?.[1]?.toLowerCase() ?? 'json';
  try {
    const format = { ...(data.format as object), type: type as 'csv' };
    if (data.format?.parse !== undefined) {
      const read = vega.read(entry.text!, { ...format, parse: data.format.parse as never }) as unknown;
      return Array.isArray(read) ? asRows(read) : undefined;
    }
    const raw = vega.read(entry.text!, format) as unknown;
    if (!Array.isArray(raw)) return undefined;
    // Bare values (`[1, 2, 3]`) have no fields to type.
    if (raw.some((v) => v === null || typeof v !== 'object')) return asRows(raw);
    return vega.read(entry.text!, { ...format, parse: specTypes(spec, raw as Row[]) as never }) as Row[];
  } catch {
    return undefined;
  }
}

/**
 * Field types as the chart reads them: inferred from the values, except that text which merely looks like a
 * date ("Dec 2023") stays text unless the spec plots the field as time. Vega-Lite reads it so, and a
 * category must not come back as a timestamp in the native chart or the changes list.
 */
function specTypes(spec: Record<string, unknown>, raw: Row[]): Record<string, string> {
  const fields = Object.keys(raw[0] ?? {});
  const inferred = vega.inferTypes(raw as object[], fields) as Record<string, string>;
  const time = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Record<string, unknown>;
    if (typeof o.field === 'string' && (o.type === 'temporal' || o.timeUnit !== undefined)) time.add(o.field);
    if (typeof o.field === 'string' && typeof o.timeUnit === 'string' && typeof o.as === 'string') time.add(o.field);
    for (const v of Object.values(o)) walk(v);
  };
  walk(spec);
  return Object.fromEntries(fields.map((f) => [f, inferred[f] === 'date' && !time.has(f) ? 'string' : inferred[f] === 'integer' ? 'number' : (inferred[f] ?? 'string')]));
}

/** Rows as Vega-Lite sees them: a bare value (`[1, 2, 3]`) becomes `{"data": value}`. */
function asRows(values: unknown[]): Row[] {
  return values.some((v) => v === null || typeof v !== 'object') ? values.map((v) => (v !== null && typeof v === 'object' ? (v as Row) : { data: v })) : (values as Row[]);
}
