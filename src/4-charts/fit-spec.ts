/**
 * Charts laid out for where they are placed: a spec is given the width (and, on a
 * slide, the height) of its place before it is rendered, so it is never drawn larger
 * and scaled down with its text. A spec that fixes its own size keeps it unless the
 * scaling it would then need makes its text smaller than MIN_CHART_TEXT_PT.
 */
import type { Row } from './chart-data.js';

/** The size a chart is placed at, in points (1 px of the SVG = 1 pt). */
export interface ChartFit {
  width: number;
  height?: number;
  /** The colour behind the chart where it is placed (the slide's, the memo's paper), so it shows no box of its own. */
  background?: string;
}

/** No text of a placed chart is drawn smaller than this, in points. */
export const MIN_CHART_TEXT_PT = 7;

/** What laying out a legend needs: text widths in the chart font, and its size. */
export interface LegendMetrics {
  width: (text: string, size: number) => number;
  size: number;
  /** The theme's padding around the chart, in px. */
  padding: number;
}

const COMPOUND = ['facet', 'hconcat', 'vconcat', 'concat', 'repeat'] as const;
const FACET_CHANNELS = ['row', 'column', 'facet'] as const;
const LEGEND_CHANNELS = ['color', 'fill', 'stroke', 'shape', 'opacity', 'strokeDash'] as const;
// Vega's defaults for a symbol legend's entries, in px: symbol, gap to its label, gap between columns.
const SYMBOL = 16;
const LABEL_OFFSET = 4;
const COLUMN_PADDING = 10;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every unit view of a single or layered view; undefined for a compound or faceted spec (autosize "fit" only works on one view). */
function unitViews(spec: Obj): Obj[] | undefined {
  if (COMPOUND.some((k) => k in spec)) return undefined;
  const out: Obj[] = [spec];
  const walk = (v: Obj): boolean => {
    if (COMPOUND.some((k) => k in v)) return false;
    const enc = isObj(v.encoding) ? v.encoding : {};
    if (FACET_CHANNELS.some((k) => k in enc)) return false;
    if (Array.isArray(v.layer))
      for (const l of v.layer) {
        if (!isObj(l) || !walk(l)) return false;
        out.push(l);
      }
    return true;
  };
  return walk(spec) ? out : undefined;
}

/** Whether the spec's views share one size that autosize "fit" can set. */
export function isFittable(spec: Obj): boolean {
  return unitViews(spec) !== undefined;
}

/**
 * Sets the spec's size to its place (in place): width and height it leaves free
 * become the place's, with autosize "fit" so axes, titles and legends are inside
 * that size. `force` also replaces a size the spec fixes (when keeping it would
 * scale its text below MIN_CHART_TEXT_PT). Legends along the bottom or top wrap
 * into as many columns as fit the width, their labels cut only past the full width.
 * Returns whether it set the spec's autosize.
 */
export function fitSpec(spec: Obj, fit: ChartFit, rows: Row[] | undefined, legend: LegendMetrics, force = false): boolean {
  const views = unitViews(spec);
  if (!views) return false;
  const freeW = force || spec.width === undefined || spec.width === 'container';
  const freeH = fit.height !== undefined && (force || spec.height === undefined || spec.height === 'container');
  if (freeW) spec.width = Math.max(40, Math.floor(fit.width));
  if (freeH) spec.height = Math.max(40, Math.floor(fit.height!));
  const type = freeW && freeH ? 'fit' : freeW ? 'fit-x' : freeH ? 'fit-y' : undefined;
  const autosized = type !== undefined && (force || spec.autosize === undefined);
  if (autosized) spec.autosize = { type, contains: 'padding' };
  fitLegends(views, fit.width, rows, legend);
  return autosized;
}

/**
 * Vega-Lite's warning when a chart whose height is counted in steps (a bar per category) is fitted in width only:
 * it fits the width all the same, so the warning says nothing about a spec whose autosize was set here.
 */
export const spuriousFitWarning = /Dropping "fit-[xy]" because spec has discrete (?:width|height)/;

/** Bottom and top legends: columns that fit the width, and a label limit of the whole width. */
function fitLegends(views: Obj[], width: number, rows: Row[] | undefined, m: LegendMetrics): void {
  const room = width - 2 * m.padding;
  for (const v of views) {
    const enc = isObj(v.encoding) ? v.encoding : undefined;
    if (!enc) continue;
    for (const ch of LEGEND_CHANNELS) {
      const def = enc[ch];
      if (!isObj(def) || typeof def.field !== 'string' || (def.type !== 'nominal' && def.type !== 'ordinal')) continue;
      if (def.legend === null) continue;
      const given = isObj(def.legend) ? def.legend : {};
      const orient = given.orient ?? 'bottom';
      if (orient !== 'bottom' && orient !== 'top') continue;
      const field = def.field;
      const labels = [...new Set((rows ?? []).map((r) => r[field]).filter((x) => x !== null && x !== undefined))].map(String);
      const size = typeof given.labelFontSize === 'number' ? given.labelFontSize : m.size;
      const limit = Math.max(40, room - SYMBOL - LABEL_OFFSET);
      const widest = Math.min(limit, Math.max(0, ...labels.map((l) => m.width(l, size))));
      const entry = SYMBOL + LABEL_OFFSET + widest + COLUMN_PADDING;
      const columns = Math.max(1, Math.min(labels.length || 1, Math.floor((room + COLUMN_PADDING) / entry)));
      def.legend = { columns, labelLimit: limit, columnPadding: COLUMN_PADDING, ...given };
    }
  }
}

/** The smallest font size of the text in a vega SVG, in px (Infinity when it has none). */
export function smallestText(svg: string): number {
  let min = Infinity;
  for (const m of svg.matchAll(/<text\b[^>]*\bfont-size="([\d.]+)px"/g)) min = Math.min(min, Number(m[1]));
  return min;
}

/** The scale a chart drawn `w` × `h` gets in its place (never enlarged here). */
export function placedScale(w: number, h: number, fit: ChartFit): number {
  return Math.min(1, fit.width / w, fit.height !== undefined ? fit.height / h : 1);
}
