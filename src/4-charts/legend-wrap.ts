/**
 * Wraps long legends. The theme puts legends below the chart, in one row (vega's default for a horizontal symbol
 * legend), so a legend with many entries made the chart several times wider than its plot. Each such legend gets
 * its column count from a signal; once the chart has run, the entries' real widths (the theme's text metrics) give
 * how many fit across the chart, and the chart runs its layout again with that many columns.
 */
import type * as vega from 'vega';

type Obj = Record<string, unknown>;

/** Name of the signals holding wrapped legends' column counts. */
const PREFIX = 'briefsmith_legend_columns_';
/** Width a wrapped legend may take at least, however narrow the chart: below it, entries stack into a tall column. */
const MIN_WIDTH = 240;

/** A legend that may wrap: its place among the chart's top-level legends, and its signal. */
export interface WrappableLegend {
  index: number;
  signal: string;
}

/**
 * Gives every one-row symbol legend at the top of a compiled Vega spec (in place) a column count from a signal (0:
 * one row, vega's default, so nothing changes until `wrapLegends` says so). Legends whose spec sets `columns`, and
 * legends inside facets or concatenations with their own scales, are left alone.
 */
export function wrappableLegends(spec: vega.Spec): WrappableLegend[] {
  const out: WrappableLegend[] = [];
  ((spec as Obj).legends as Obj[] | undefined)?.forEach((legend, index) => {
    const horizontal = legend.direction === 'horizontal' || (legend.direction === undefined && (legend.orient === 'top' || legend.orient === 'bottom'));
    if (!horizontal || legend.columns !== undefined || legend.type === 'gradient') return;
    const signal = `${PREFIX}${out.length}`;
    out.push({ index, signal });
    legend.columns = { signal };
  });
  if (out.length > 0) (spec as Obj).signals = [...(((spec as Obj).signals as Obj[] | undefined) ?? []), ...out.map((l) => ({ name: l.signal, value: 0 }))];
  return out;
}

interface SceneItem {
  bounds?: { x1: number; x2: number };
  items?: SceneItem[];
  marktype?: string;
  role?: string;
}

/**
 * After the view has run: for each wrappable legend wider than the rest of the chart, sets the columns that fit
 * across it and runs the layout again. Returns true when a legend was wrapped.
 */
export async function wrapLegends(view: vega.View, legends: WrappableLegend[]): Promise<boolean> {
  if (legends.length === 0) return false;
  const top = (view.scenegraph() as unknown as { root: SceneItem }).root.items?.[0];
  const marks = top?.items ?? [];
  let content = { x1: Infinity, x2: -Infinity };
  for (const mark of marks) {
    if (mark.role === 'legend' || !mark.bounds || !Number.isFinite(mark.bounds.x1)) continue;
    content = { x1: Math.min(content.x1, mark.bounds.x1), x2: Math.max(content.x2, mark.bounds.x2) };
  }
  const available = Math.max(MIN_WIDTH, Number.isFinite(content.x1) ? content.x2 - content.x1 : 0);
  // The top group's legend marks come in the order of the spec's legends.
  const drawn = marks.filter((m) => m.role === 'legend');
  let changed = false;
  for (const { index, signal } of legends) {
    const group = drawn[index]?.items?.[0];
    if (!group?.bounds || group.bounds.x2 - group.bounds.x1 <= available) continue;
    const entries = group.items?.find((m) => m.role === 'legend-entry')?.items?.[0]?.items?.[0]?.items ?? [];
    const widths = entries.map((e) => (e.bounds ? e.bounds.x2 - e.bounds.x1 : 0));
    if (entries.length < 2) continue;
    const columns = fittingColumns(widths, available);
    if (columns >= entries.length) continue;
    view.signal(signal, columns);
    changed = true;
  }
  // Why resize(): vega sizes the view to its content only when asked to, and after the first run it is not.
  if (changed) await view.resize().runAsync();
  return changed;
}

/**
 * The most columns whose rows fit in `available`: entries fill rows left to right, and each column is as wide as
 * its widest entry (vega's grid alignment "each"), with vega's default 10 between columns.
 */
export function fittingColumns(widths: number[], available: number, padding = 10): number {
  for (let columns = widths.length; columns > 1; columns--) {
    let total = padding * (columns - 1);
    for (let c = 0; c < columns; c++) {
      let widest = 0;
      for (let i = c; i < widths.length; i += columns) widest = Math.max(widest, widths[i]!);
      total += widest;
    }
    if (total <= available) return columns;
  }
  return 1;
}
