/**
 * Reads the data a Vega-Lite spec names (inline values, or CSV/JSON files through
 * the sandbox) before rendering: the bytes key the render cache, and the typed
 * rows feed alt-text summaries and native PowerPoint charts.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as vega from 'vega';
import { resolveInside } from '../1-load/sandbox.js';
import { bytes, defaultLimits } from '../1-load/limits.js';
import { messages } from '../diagnostics/messages.js';

/** Rows of a dataset, typed by vega's own CSV/JSON reader. */
export type Row = Record<string, unknown>;

/** A url found in a spec, with where it sits and what it resolved to. */
export interface SpecUrl {
  url: string;
  path: (string | number)[];
  /** File contents when the url resolved inside the sandbox and the file exists. */
  text?: string;
  /** Why it was refused or could not be read. */
  problem?: { message: string; rule: string };
}

/** Every `url` value in a spec (data urls, lookup sources, image marks), in document order. */
export function findUrls(spec: unknown): { url: string; path: (string | number)[] }[] {
  const out: { url: string; path: (string | number)[] }[] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') {
      for (const [k, val] of Object.entries(v)) {
        if (k === 'url' && typeof val === 'string') out.push({ url: val, path: [...p, k] });
        // An image mark's url channel: {"url": {"value": "…"}}.
        else if (k === 'url' && val && typeof val === 'object' && typeof (val as { value?: unknown }).value === 'string') out.push({ url: (val as { value: string }).value, path: [...p, k, 'value'] });
        else walk(val, [...p, k]);
      }
    }
  };
  walk(spec, []);
  return out;
}

/** Resolves and reads every url of a spec inside `root`, relative to the spec's folder; files over `maxBytes` are refused. */
export async function readSpecUrls(spec: unknown, specFile: string, root: string, maxBytes = defaultLimits.maxDataBytes): Promise<SpecUrl[]> {
  return Promise.all(
    findUrls(spec).map(async ({ url, path: p }): Promise<SpecUrl> => {
      const r = resolveInside(root, path.dirname(specFile), url);
      if (!r.ok) return { url, path: p, problem: { message: r.message, rule: r.rule } };
      try {
        const size = (await stat(r.file)).size;
        if (size > maxBytes) return { url, path: p, problem: { message: messages.tooLarge(r.file, bytes(size), bytes(maxBytes), 'maxDataBytes'), rule: 'limits/data-size' } };
        return { url, path: p, text: await readFile(r.file, 'utf8') };
      } catch {
        return { url, path: p, problem: { message: `file not found: ${url}`, rule: 'chart/data-missing' } };
      }
    }),
  );
}

/** The rows of the spec's top-level data, typed; undefined when it has none or it cannot be read. */
export function topLevelRows(spec: Record<string, unknown>, urls: SpecUrl[]): Row[] | undefined {
  const data = spec.data as { values?: unknown; url?: string; format?: { type?: string; parse?: unknown } } | undefined;
  if (!data) return undefined;
  if (Array.isArray(data.values)) return data.values as Row[];
  if (typeof data.url !== 'string') return undefined;
  const entry = urls.find((u) => u.url === data.url && u.text !== undefined);
  if (!entry) return undefined;
  const type = data.format?.type ?? /\.(csv|tsv)$/i.exec(data.url)?.[1]?.toLowerCase() ?? 'json';
  try {
    return vega.read(entry.text!, { type: type as 'csv', parse: (data.format?.parse as never) ?? 'auto' }) as Row[];
  } catch {
    return undefined;
  }
}
