/**
 * Decides whether a Vega-Lite spec maps cleanly onto a native office chart
 * (bar, line, area, pie/donut, scatter) and, if so, describes that chart in a
 * writer-neutral form. Anything it cannot represent faithfully is refused with
 * the reason, so the writer falls back to a picture.
 */
import type { Row } from './chart-data.js';

/** A native chart, independent of pptxgenjs. */
export interface NativeChart {
  kind: 'bar' | 'line' | 'area' | 'pie' | 'doughnut' | 'scatter';
  /** Bars: horizontal when the category axis is vertical. */
  horizontal: boolean;
  grouping: 'clustered' | 'stacked';
  categories: string[];
  series: { name: string; values: (number | null)[]; xValues?: number[] }[];
  colors: string[];
  categoryTitle?: string;
  valueTitle?: string;
  /** An Excel number format for value labels and the value axis. */
  numberFormat: string;
  showValues: boolean;
  showLegend: boolean;
}

/** Either a native chart or the reason there is none. */
export type NativeResult = { ok: true; chart: NativeChart } | { ok: false; reason: string };

type Enc = {
  field?: string;
  type?: string;
  title?: string | null;
  axis?: { format?: string; title?: string | null } | null;
  scale?: { range?: unknown };
  sort?: unknown;
  aggregate?: string;
  stack?: unknown;
  timeUnit?: string;
  bin?: unknown;
};
type Unit = { mark?: string | { type?: string; innerRadius?: number }; encoding?: Record<string, Enc>; transform?: unknown[]; layer?: Unit[]; params?: unknown[] };

const no = (reason: string): NativeResult => ({ ok: false, reason });
const markType = (m: Unit['mark']) => (typeof m === 'string' ? m : m?.type);

/** Maps a spec and its rows to a native chart, or explains why not. */
export function toNativeChart(spec: Record<string, unknown>, rows: Row[] | undefined, palette: string[]): NativeResult {
  for (const k of ['facet', 'repeat', 'concat', 'hconcat', 'vconcat']) if (k in spec) return no(`"${k}" has no native equivalent`);
  if (!rows || rows.length === 0) return no('the chart has no top-level data');
  if (spec.transform) return no('data transforms are not applied to native charts');
  let unit = spec as Unit;
  let showValues = false;
  if (Array.isArray(spec.layer)) {
    const [first, ...rest] = spec.layer as Unit[];
    if (!first) return no('empty layer');
    for (const l of rest) {
      if (markType(l.mark) !== 'text' || l.transform) return no(`a layered "${markType(l.mark) ?? 'unknown'}" mark has no native equivalent`);
    }
    showValues = rest.length > 0;
    if (first.transform) return no('data transforms are not applied to native charts');
    unit = { ...first, encoding: { ...(spec.encoding as Record<string, Enc>), ...first.encoding } };
  }
  const mark = markType(unit.mark);
  const enc = unit.encoding ?? {};
  if (unit.params) return no('interactive parameters have no native equivalent');
  for (const ch of ['size', 'shape', 'opacity', 'row', 'column', 'detail', 'x2', 'y2', 'strokeDash']) if (enc[ch]) return no(`the "${ch}" channel has no native equivalent`);
  for (const e of Object.values(enc)) if (e.aggregate || e.bin || e.timeUnit) return no('aggregation, binning and time units are not applied to native charts');
  const colors = colorRange(enc.color, palette);

  if (mark === 'arc') {
    const theta = enc.theta;
    const color = enc.color;
    if (!theta?.field || !color?.field) return no('a pie needs theta and color fields');
    const innerRadius = typeof unit.mark === 'object' ? unit.mark.innerRadius : undefined;
    return {
      ok: true,
      chart: {
        kind: innerRadius ? 'doughnut' : 'pie',
        horizontal: false,
        grouping: 'clustered',
        categories: rows.map((r) => String(r[color.field!])),
        series: [{ name: theta.title ?? theta.field, values: rows.map((r) => num(r[theta.field!])) }],
        colors,
        numberFormat: excelFormat(undefined),
        showValues,
        showLegend: true,
      },
    };
  }

  const x = enc.x;
  const y = enc.y;
  if (!x?.field || !y?.field) return no('x and y must both be fields');
  if (mark === 'point' || mark === 'circle') {
    if (x.type !== 'quantitative' || y.type !== 'quantitative') return no('a scatter plot needs quantitative x and y');
    if (enc.color) return no('coloured scatter series are drawn as a picture');
    return {
      ok: true,
      chart: {
        kind: 'scatter',
        horizontal: false,
        grouping: 'clustered',
        categories: [],
        series: [{ name: y.title ?? y.field, values: rows.map((r) => num(r[y.field!])), xValues: rows.map((r) => num(r[x.field!]) ?? 0) }],
        colors,
        categoryTitle: axisTitle(x),
        valueTitle: axisTitle(y),
        numberFormat: excelFormat(y.axis?.format),
        showValues,
        showLegend: false,
      },
    };
  }
  if (mark !== 'bar' && mark !== 'line' && mark !== 'area') return no(`the "${mark ?? 'unknown'}" mark has no native equivalent`);
  const horizontal = y.type !== 'quantitative' && x.type === 'quantitative';
  const cat = horizontal ? y : x;
  const val = horizontal ? x : y;
  if (val.type !== 'quantitative') return no('one axis must be quantitative');
  if (cat.type === 'quantitative') return no('a quantitative category axis is drawn as a picture');
  const seriesField = enc.color?.field;
  const offsetField = enc.xOffset?.field ?? enc.yOffset?.field;
  if (offsetField && seriesField && offsetField !== seriesField) return no('offset and color fields differ');
  const categories = unique(
    rows.map((r) => String(r[cat.field!])),
    cat.sort === null ? undefined : cat.type === 'temporal' ? 'asc' : undefined,
  );
  const seriesNames = seriesField
    ? unique(
        rows.map((r) => String(r[seriesField])),
        undefined,
        enc.color?.sort,
      )
    : [val.title ?? val.field!];
  const series = seriesNames.map((name) => ({
    name,
    values: categories.map((c) => {
      const hit = rows.filter((r) => String(r[cat.field!]) === c && (!seriesField || String(r[seriesField]) === name));
      return hit.length ? hit.reduce((s, r) => s + (num(r[val.field!]) ?? 0), 0) : null;
    }),
  }));
  // Why: Vega-Lite stacks bars and areas that are split by color unless an offset groups them.
  const stacked = (mark === 'bar' || mark === 'area') && !!seriesField && !offsetField && val.stack !== null && val.stack !== false;
  const oneSeriesColoredByCategory = !!seriesField && seriesField === cat.field;
  return {
    ok: true,
    chart: {
      kind: mark,
      horizontal,
      grouping: stacked && !oneSeriesColoredByCategory ? 'stacked' : 'clustered',
      categories: cat.type === 'temporal' ? categories.map(shortDate) : categories,
      series: oneSeriesColoredByCategory ? [{ name: val.title ?? val.field!, values: categories.map((c) => series.find((s) => s.name === c)?.values.find((v) => v !== null) ?? null) }] : series,
      colors,
      categoryTitle: axisTitle(cat),
      valueTitle: axisTitle(val),
      numberFormat: excelFormat(val.axis?.format),
      showValues,
      showLegend: !!seriesField && !oneSeriesColoredByCategory,
    },
  };
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function unique(list: string[], order?: 'asc', sort?: unknown): string[] {
  const seen = [...new Set(list)];
  if (Array.isArray(sort)) return [...sort.map(String).filter((s) => seen.includes(s)), ...seen.filter((s) => !sort.map(String).includes(s))];
  return order === 'asc' ? seen.sort() : seen;
}

function axisTitle(e: Enc): string | undefined {
  if (e.axis === null) return undefined;
  const t = e.axis?.title !== undefined ? e.axis.title : e.title;
  if (t === null) return undefined;
  return t ?? e.field;
}

function colorRange(e: Enc | undefined, palette: string[]): string[] {
  const r = e?.scale?.range;
  return Array.isArray(r) && r.every((c) => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c)) ? (r as string[]) : palette;
}

function shortDate(iso: string): string {
  return iso.length > 10 ? iso.slice(0, 10) : iso;
}

/** A d3-format string as an Excel number format (the common cases; others fall back to grouping). */
export function excelFormat(d3: string | undefined): string {
  if (!d3) return '#,##0.##';
  const pct = /^\.?(\d*)%$/.exec(d3);
  if (pct) return `0${pct[1] ? `.${'0'.repeat(Number(pct[1]))}` : ''}%`;
  const fixed = /^,?\.(\d+)f$/.exec(d3);
  if (fixed) return `${d3.startsWith(',') ? '#,##0' : '0'}.${'0'.repeat(Number(fixed[1]))}`;
  if (d3 === ',' || d3 === ',d' || d3 === 'd' || d3 === ',.0f') return '#,##0';
  return '#,##0.##';
}
