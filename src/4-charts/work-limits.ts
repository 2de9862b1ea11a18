/**
 * Limits on the work a compiled chart asks for, checked before vega runs it
 * (inline rows anywhere in the spec, rows a sequence or density transform would
 * make) and after (rows of every dataset, pixels of its picture): a chart can
 * make millions of rows from a few bytes of spec.
 */
import type * as vega from 'vega';
import type { Limits } from '../1-load/limits.js';
import { messages } from '../diagnostics/messages.js';

/** A limit a chart goes over: the message and its rule. */
export interface WorkProblem {
  message: string;
  rule: string;
}

/** Problems with a compiled (Vega) spec found without running it. */
export function workBeforeRunning(spec: vega.Spec, limits: Pick<Limits, 'maxDataRows'>): WorkProblem[] {
  const out: WorkProblem[] = [];
  const rows = (what: string, n: number) => {
    if (n > limits.maxDataRows) out.push({ message: messages.tooMany(what, Math.ceil(n), limits.maxDataRows, 'maxDataRows'), rule: 'limits/data-rows' });
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.values) && typeof o.name === 'string') rows(`rows in dataset "${o.name}"`, o.values.length);
    if (o.type === 'sequence') {
      const [start, stop, step] = [o.start, o.stop, o.step ?? 1].map(Number) as [number, number, number];
      if ([start, stop, step].every(Number.isFinite)) rows('rows made by a sequence', step === 0 ? Infinity : Math.max(0, (stop - start) / step));
    }
    if (o.type === 'density' || o.type === 'kde') for (const k of ['steps', 'maxsteps', 'minsteps']) if (typeof o[k] === 'number') rows(`points of a density (${k})`, o[k]);
    for (const x of Object.values(o)) walk(x);
  };
  walk(spec);
  return out;
}

/** Problems found once the chart has run: rows in each dataset, and the size of its picture. */
export function workAfterRunning(view: vega.View, spec: vega.Spec, size: { width: number; height: number }, limits: Pick<Limits, 'maxDataRows' | 'maxRasterPixels'>): WorkProblem[] {
  const out: WorkProblem[] = [];
  for (const d of spec.data ?? []) {
    let n = 0;
    try {
      n = (view.data(d.name) as unknown[] | undefined)?.length ?? 0;
    } catch {
      continue;
    }
    if (n > limits.maxDataRows) out.push({ message: messages.tooMany(`rows in dataset "${d.name}"`, n, limits.maxDataRows, 'maxDataRows'), rule: 'limits/data-rows' });
  }
  // Pictures are drawn at twice the chart's size.
  const pixels = Math.ceil(size.width * 2) * Math.ceil(size.height * 2);
  if (!(pixels <= limits.maxRasterPixels)) out.push({ message: messages.chartTooBig(Math.round(size.width), Math.round(size.height), pixels, limits.maxRasterPixels), rule: 'limits/raster-pixels' });
  return out;
}
