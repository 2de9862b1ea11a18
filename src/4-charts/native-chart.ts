/**
 * Decides whether a Vega-Lite spec maps cleanly onto a native office chart
 * (bar, line, area, pie/donut, scatter) and, if so, describes that chart in a
 * writer-neutral form. Every decision a writer would otherwise leave to the
 * office program (axis minimum, tick step, colors, series and category order,
 * number formats, date labels) is taken here, the way Vega-Lite takes it for the
 * vector version of the same chart. Anything it cannot represent faithfully is
 * refused with the reason, so the writer falls back to a picture.
 */
import * as vega from 'vega';
import type { Row } from './chart-data.js';

/** A value axis as the vector version draws it. */
export interface NativeValueAxis {
  /** Always set: office programs start an automatic axis wherever they like, Vega-Lite at zero. */
  min: number;
  max?: number;
  /** The step between ticks, large enough that no two tick labels read the same. */
  majorUnit?: number;
  /** An Excel number format for the axis labels. */
  numberFormat: string;
}

/** One series, with its own color (the one Vega-Lite gives its color-domain value). */
export interface NativeSeries {
  name: string;
  values: (number | null)[];
  xValues?: number[];
  color: string;
}

/** A native chart, independent of pptxgenjs. */
export interface NativeChart {
  kind: 'bar' | 'line' | 'area' | 'pie' | 'doughnut' | 'scatter';
  /** Bars: horizontal when the category axis is vertical. */
  horizontal: boolean;
  grouping: 'clustered' | 'stacked' | 'percentStacked';
  /** Category labels in the order the vector version draws them (left to right, top to bottom); dates already formatted. */
  categories: string[];
  /** Series in stacking order (the first is at the baseline). */
  series: NativeSeries[];
  /** One color per category, for a single series colored by its category (pies and donuts, bars colored by their own category). */
  pointColors?: string[];
  categoryTitle?: string;
  valueTitle?: string;
  /** The value axis (absent for pies); for scatter plots the y axis. */
  valueAxis?: NativeValueAxis;
  /** Scatter plots: the x axis. */
  xAxis?: NativeValueAxis;
  /** An Excel number format for value labels. */
  labelFormat: string;
  /** Donuts: the hole's diameter as a percentage of the pie's (Vega-Lite's innerRadius over its outer radius). */
  holeSize?: number;
  /** Lines: a marker at each point (Vega-Lite's `point: true`). */
  markers?: boolean;
  /** The marks' opacity when below 1 (Vega-Lite draws points at 0.7 by default). */
  opacity?: number;
  showValues: boolean;
  showLegend: boolean;
}

/** Either a native chart or the reason there is none. */
export type NativeResult = { ok: true; chart: NativeChart } | { ok: false; reason: string };

/** What the mapping needs besides the spec and its rows. */
export interface NativeOptions {
  /** The theme's category palette (Vega-Lite's `range.category`). */
  palette: string[];
  /** The language dates are written in when the spec gives no format (BCP 47). */
  language?: string;
}

type SortSpec = null | string | unknown[] | { field?: string; op?: string; order?: string; encoding?: string };
type Enc = {
  field?: string;
  type?: string;
  value?: unknown;
  title?: string | null;
  format?: string;
  axis?: { format?: string; title?: string | null; tickCount?: unknown; tickMinStep?: unknown; formatType?: string } | null;
  scale?: { range?: unknown; domain?: unknown; zero?: unknown; type?: string; scheme?: unknown; nice?: unknown; reverse?: unknown; domainMin?: unknown; domainMax?: unknown } | null;
  sort?: SortSpec;
  aggregate?: string;
  stack?: unknown;
  timeUnit?: string;
  bin?: unknown;
  condition?: unknown;
  legend?: unknown;
};
type MarkDef = {
  type?: string;
  innerRadius?: unknown;
  outerRadius?: unknown;
  radius?: unknown;
  color?: unknown;
  fill?: unknown;
  stroke?: unknown;
  orient?: string;
  interpolate?: unknown;
  point?: unknown;
  line?: unknown;
  opacity?: unknown;
  fillOpacity?: unknown;
  filled?: unknown;
};
type Unit = { mark?: string | MarkDef; encoding?: Record<string, Enc>; transform?: unknown[]; layer?: Unit[]; params?: unknown[] };

class Refusal extends Error {}
const no = (reason: string): NativeResult => ({ ok: false, reason });
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};
const markType = (m: Unit['mark']) => (typeof m === 'string' ? m : m?.type);
const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Maps a spec and its rows to a native chart, or explains why not. */
export function toNativeChart(spec: Record<string, unknown>, rows: Row[] | undefined, palette: string[] | NativeOptions): NativeResult {
  const options = Array.isArray(palette) ? { palette } : palette;
  try {
    return { ok: true, chart: mapChart(spec, rows, options) };
  } catch (err) {
    if (err instanceof Refusal) return no(err.message);
    throw err;
  }
}

function mapChart(spec: Record<string, unknown>, rows: Row[] | undefined, options: NativeOptions): NativeChart {
  for (const k of ['facet', 'repeat', 'concat', 'hconcat', 'vconcat']) if (k in spec) refuse(`"${k}" has no native equivalent`);
  if (!rows || rows.length === 0) refuse('the chart has no top-level data');
  const data = rows!;
  if (!data.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) refuse('some data rows are not records');
  if (spec.transform) refuse('data transforms are not applied to native charts');
  let unit = spec as Unit;
  let labels: Enc | undefined;
  if (Array.isArray(spec.layer)) {
    const [first, ...rest] = spec.layer as Unit[];
    if (!first) refuse('empty layer');
    for (const l of rest) {
      if (markType(l.mark) !== 'text' || l.transform) refuse(`a layered "${markType(l.mark) ?? 'unknown'}" mark has no native equivalent`);
    }
    if (rest.length > 1) refuse('more than one text layer has no native equivalent');
    if (rest[0]) labels = { ...(spec.encoding as Record<string, Enc>), ...rest[0].encoding }.text ?? {};
    if (first!.transform) refuse('data transforms are not applied to native charts');
    if ((spec.layer as Record<string, unknown>[]).some((l) => 'data' in l)) refuse('a layer with its own data has no native equivalent');
    unit = { ...first!, encoding: { ...(spec.encoding as Record<string, Enc>), ...first!.encoding } };
  }
  const mark = markType(unit.mark);
  const markDef: MarkDef = typeof unit.mark === 'object' ? unit.mark : {};
  const enc = unit.encoding ?? {};
  if (typeof enc !== 'object' || Object.values(enc).some((e) => e === null || typeof e !== 'object' || Array.isArray(e))) refuse('an encoding has no native equivalent');
  if (unit.params) refuse('interactive parameters have no native equivalent');
  for (const ch of ['size', 'shape', 'opacity', 'fillOpacity', 'row', 'column', 'detail', 'x2', 'y2', 'strokeDash', 'fill', 'stroke', 'facet', 'radius', 'radius2', 'theta2'])
    if (enc[ch]) refuse(`the "${ch}" channel has no native equivalent`);
  for (const e of Object.values(enc)) if (e.aggregate || e.bin || e.timeUnit) refuse('aggregation, binning and time units are not applied to native charts');
  for (const e of Object.values(enc)) if (e.condition) refuse('conditional encodings have no native equivalent');
  // Why: a text layer of another field (say "about 3 million") cannot be a native data label; the value it stands for is shown instead.
  const valueField = (enc.theta ?? (enc.y?.type === 'quantitative' ? enc.y : enc.x))?.field;
  const ownFormat = labels?.format && labels.field === valueField ? excelFormat(labels.format) : undefined;
  const labelFormat = ownFormat ?? (valueField && data.every((r) => num(r[valueField]) === null || Number.isInteger(num(r[valueField]))) ? '#,##0' : 'General');
  const size = (key: 'width' | 'height', fallback: number) => (typeof spec[key] === 'number' ? (spec[key] as number) : fallback);
  const colorEnc = enc.color;
  const single = singleColor(mark, markDef, colorEnc, options.palette);
  if (markDef.interpolate !== undefined && markDef.interpolate !== 'linear') refuse(`"${String(markDef.interpolate)}" interpolation has no native equivalent`);
  if (mark === 'area' && (markDef.line || markDef.point)) refuse('an area with a line or points on it is drawn as a picture');
  if (mark === 'line' && markDef.point && typeof markDef.point === 'object' && (markDef.point as { color?: unknown }).color !== undefined)
    refuse('points of their own color on a line are drawn as a picture');
  const opacityOf = (v: unknown) => (typeof v === 'number' && v >= 0 && v < 1 ? v : undefined);
  const opacity = opacityOf(markDef.fillOpacity) ?? opacityOf(markDef.opacity) ?? (mark === 'point' || mark === 'circle' ? (markDef.opacity === undefined ? 0.7 : undefined) : undefined);
  const style = { ...(mark === 'line' && markDef.point && markDef.point !== 'transparent' ? { markers: true } : {}), ...(opacity !== undefined ? { opacity } : {}) };

  if (mark === 'arc') {
    const theta = enc.theta;
    if (!theta?.field || !colorEnc?.field) refuse('a pie needs theta and color fields');
    if (theta!.type && theta!.type !== 'quantitative') refuse('a pie needs a quantitative theta');
    const slices = distinctValues(data, colorEnc!.field!);
    const colors = colorScale(colorEnc!, data, options.palette);
    // Why: Vega-Lite stacks arcs by the color field ascending (or by the order encoding), from 12 o'clock clockwise, as PowerPoint does.
    const order = stackOrder(slices, data, colorEnc!, enc.order, 'ascending', 'descending');
    const bySlice = groupBy(data, (r) => keyOf(r[colorEnc!.field!]));
    const inner = markDef.innerRadius ?? 0;
    const outer = markDef.outerRadius ?? markDef.radius ?? Math.min(size('width', 520), size('height', 260)) / 2;
    if (typeof inner !== 'number' || typeof outer !== 'number' || outer <= 0) refuse('a computed radius has no native equivalent');
    // PowerPoint draws holes of 10% to 90% of the diameter.
    const hole = Math.round((100 * (inner as number)) / (outer as number));
    if (hole > 90) refuse('a ring this thin has no native equivalent');
    return {
      kind: hole > 0 ? 'doughnut' : 'pie',
      ...(hole > 0 ? { holeSize: Math.max(10, hole) } : {}),
      horizontal: false,
      grouping: 'clustered',
      categories: order.map((v) => String(v)),
      series: [{ name: theta!.title ?? theta!.field!, values: order.map((v) => sumOf(bySlice.get(keyOf(v)) ?? [], theta!.field!)), color: single }],
      pointColors: order.map((v) => colors(v)),
      labelFormat,
      showValues: !!labels,
      showLegend: colorEnc!.legend !== null,
      ...style,
    };
  }

  const x = enc.x;
  const y = enc.y;
  if (!x?.field || !y?.field) refuse('x and y must both be fields');
  if (mark === 'point' || mark === 'circle') {
    if (x!.type !== 'quantitative' || y!.type !== 'quantitative') refuse('a scatter plot needs quantitative x and y');
    if (colorEnc?.field) refuse('colored scatter series are drawn as a picture');
    const xs = data.map((r) => num(r[x!.field!]));
    const ys = data.map((r) => num(r[y!.field!]));
    if (xs.some((v) => v === null)) refuse(`some rows have no number in "${x!.field}"`);
    return {
      kind: 'scatter',
      horizontal: false,
      grouping: 'clustered',
      categories: [],
      series: [{ name: y!.title ?? y!.field!, values: ys, xValues: xs as number[], color: single }],
      categoryTitle: axisTitle(x!),
      valueTitle: axisTitle(y!),
      valueAxis: valueAxis(y!, extentOf(ys), { mark: mark!, pixels: size('height', 260), normalized: false, integers: ys.every((v) => v === null || Number.isInteger(v)) }),
      xAxis: valueAxis(x!, extentOf(xs), { mark: mark!, pixels: size('width', 520), normalized: false, integers: xs.every((v) => v === null || Number.isInteger(v)) }),
      labelFormat,
      showValues: !!labels,
      showLegend: false,
      ...style,
    };
  }
  if (mark !== 'bar' && mark !== 'line' && mark !== 'area') refuse(`the "${mark ?? 'unknown'}" mark has no native equivalent`);
  const horizontal = y!.type !== 'quantitative' && x!.type === 'quantitative';
  const cat = horizontal ? y! : x!;
  const val = horizontal ? x! : y!;
  if (val.type !== 'quantitative') refuse('one axis must be quantitative');
  if (cat.type === 'quantitative') refuse('a quantitative category axis is drawn as a picture');
  if (cat.scale?.type && cat.scale.type !== 'band' && cat.scale.type !== 'point' && cat.type !== 'temporal') refuse(`a "${cat.scale.type}" category scale has no native equivalent`);
  const catField = cat.field!;
  const valField = val.field!;
  const seriesField = colorEnc?.field;
  const offsetField = (horizontal ? enc.yOffset : enc.xOffset)?.field;
  if ((horizontal ? enc.xOffset : enc.yOffset)?.field) refuse('an offset along the value axis has no native equivalent');
  if (offsetField && offsetField !== seriesField) refuse('offset and color fields differ');
  if (offsetField && mark !== 'bar') refuse('an offset on a line or area has no native equivalent');

  // Stacking, as Vega-Lite decides it.
  const stackable = mark === 'bar' || mark === 'area';
  const explicitStack = val.stack;
  if (!stackable && explicitStack !== undefined && explicitStack !== null && explicitStack !== false) refuse(`a stacked ${mark} has no native equivalent`);
  if (explicitStack !== undefined && explicitStack !== null && explicitStack !== false && explicitStack !== true && explicitStack !== 'zero' && explicitStack !== 'normalize')
    refuse(`stack "${String(explicitStack)}" has no native equivalent`);
  const oneSeriesColoredByCategory = !!seriesField && seriesField === catField;
  const stacked = stackable && !!seriesField && !oneSeriesColoredByCategory && !offsetField && explicitStack !== null && explicitStack !== false;
  const normalized = stacked && explicitStack === 'normalize';
  if (normalized && mark === 'area') refuse('a normalized area is drawn as a picture');
  // Why: unstacked bars or areas of several colors overlap in the vector version, drawn in data order; a native chart would set them side by side or reorder them.
  if (stackable && seriesField && !oneSeriesColoredByCategory && !offsetField && !stacked) refuse(`overlapping ${mark}s (stack: ${String(explicitStack)}) are drawn as a picture`);
  if (!stacked && enc.order) refuse('the order encoding has no native equivalent outside a stack');

  // Categories: a temporal axis runs in time; a discrete one in its scale's domain order.
  let categoryValues: unknown[];
  let categoryLabels: string[];
  if (cat.type === 'temporal') {
    const times = distinctValues(data, catField).map((v) => toDate(v, catField));
    times.sort((a, b) => a.getTime() - b.getTime());
    if (!evenlySpaced(times)) refuse('the dates are unevenly spaced, and a native category axis would space them evenly');
    categoryValues = times.map((t) => t.getTime());
    categoryLabels = formatDates(times, cat.axis?.format, options.language);
    if (horizontal) {
      // Why: a time scale runs bottom-up on the vertical axis (a band scale top-down), so the latest date is the top bar.
      categoryValues.reverse();
      categoryLabels.reverse();
    }
  } else {
    categoryValues = discreteDomain(cat, data, { stacked, encoding: enc });
    categoryLabels = categoryValues.map((v) => String(v));
  }
  const catKey = (r: Row) => (cat.type === 'temporal' ? toDate(r[catField], catField).getTime() : r[catField]);
  if (cat.type !== 'temporal' && new Set(categoryLabels).size !== categoryLabels.length) refuse('two categories read the same');

  const colors = seriesField ? colorScale(colorEnc!, data, options.palette) : () => single;
  let seriesValues: unknown[];
  if (!seriesField || oneSeriesColoredByCategory) seriesValues = [undefined];
  else if (stacked) {
    // Why: Vega-Lite stacks by the color field, descending when stacking along y and ascending along x, unless an order encoding says otherwise.
    const direction = horizontal ? 'ascending' : 'descending';
    seriesValues = stackOrder(distinctValues(data, seriesField), data, colorEnc!, enc.order, direction, direction);
  } else if (offsetField) {
    // Why: Vega-Lite aligns an unsorted offset with an explicit color domain.
    const offset = horizontal ? enc.yOffset! : enc.xOffset!;
    const domain = colorEnc!.scale?.domain;
    seriesValues = discreteDomain(!offset.sort && Array.isArray(domain) && colorEnc!.type === 'nominal' ? { ...offset, sort: domain } : offset, data, { stacked: false, encoding: enc });
  } else seriesValues = colorDomain(colorEnc!, data);

  const bySeries = !!seriesField && !oneSeriesColoredByCategory;
  const cellKey = (c: unknown, sv: unknown) => `${keyOf(c)}\u0000${bySeries ? keyOf(sv) : ''}`;
  const cells = groupBy(data, (r) => cellKey(catKey(r), bySeries ? r[seriesField] : undefined));
  const series: NativeSeries[] = seriesValues.map((sv) => {
    return {
      name: sv === undefined || oneSeriesColoredByCategory ? (val.title ?? valField) : String(sv),
      color: sv === undefined || oneSeriesColoredByCategory ? single : colors(sv),
      values: categoryValues.map((c) => {
        const hit = cells.get(cellKey(c, sv)) ?? [];
        if (hit.length > 1 && !stacked) refuse(`several rows share the category "${String(c)}", which the vector version draws on top of each other`);
        // Why: Vega-Lite imputes a missing point of a stacked area as zero.
        return hit.length ? sumOf(hit, valField) : stacked && mark === 'area' ? 0 : null;
      }),
    };
  });
  const pointColors = oneSeriesColoredByCategory ? categoryValues.map((c) => colors(c)) : undefined;

  const all = series.flatMap((s) => s.values);
  // Why: PowerPoint adds a stacked area's negative values into the same stack; Vega-Lite stacks them below zero.
  if (stacked && mark === 'area' && all.some((v) => v !== null && v < 0)) refuse('a stacked area with negative values is drawn as a picture');
  let extent: [number, number] | undefined;
  if (normalized) extent = [0, 1];
  else if (stacked) {
    const pos = categoryValues.map((_, i) => series.reduce((s, x) => s + Math.max(0, x.values[i] ?? 0), 0));
    const neg = categoryValues.map((_, i) => series.reduce((s, x) => s + Math.min(0, x.values[i] ?? 0), 0));
    extent = extentOf([...pos, ...neg]);
  } else extent = extentOf(all);
  const axis = valueAxis(val, extent, {
    mark: mark!,
    pixels: horizontal ? size('width', 520) : size('height', 260),
    normalized,
    integers: !normalized && all.every((v) => v === null || Number.isInteger(v)),
  });
  return {
    kind: mark as 'bar' | 'line' | 'area',
    horizontal,
    grouping: normalized ? 'percentStacked' : stacked ? 'stacked' : 'clustered',
    categories: categoryLabels,
    series,
    ...(pointColors ? { pointColors } : {}),
    categoryTitle: axisTitle(cat),
    valueTitle: axisTitle(val),
    valueAxis: axis,
    labelFormat,
    showValues: !!labels,
    showLegend: !!seriesField && !oneSeriesColoredByCategory && colorEnc!.legend !== null,
    ...style,
  };
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** A value's identity, the way a data value is matched with a domain value (dates by time), for lookups in maps. */
function keyOf(v: unknown): string {
  return v instanceof Date ? `n:${+v}` : typeof v === 'number' ? `n:${v}` : `${typeof v}:${String(v)}`;
}

/** The rows of each value of `key`, in data order. */
function groupBy(rows: Row[], key: (r: Row) => string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Each value's first place in a list. */
function placesOf(list: unknown[], key: (v: unknown) => string = keyOf): Map<string, number> {
  const out = new Map<string, number>();
  list.forEach((v, i) => {
    if (!out.has(key(v))) out.set(key(v), i);
  });
  return out;
}

function sumOf(rows: Row[], field: string): number | null {
  const vals = rows.map((r) => num(r[field]));
  if (vals.every((v) => v === null)) return null;
  return vals.reduce<number>((s, v) => s + (v ?? 0), 0);
}

function extentOf(values: (number | null)[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Distinct values of a field in data order (dates by time). */
function distinctValues(rows: Row[], field: string): unknown[] {
  const out = new Map<string, unknown>();
  for (const r of rows) {
    const v = r[field];
    if (v === undefined || v === null) refuse(`some rows have no "${field}"`);
    if (!out.has(keyOf(v))) out.set(keyOf(v), v);
  }
  return [...out.values()];
}

/** Vega's ascending order: numbers and dates by value, text by code units. */
function ascending(a: unknown, b: unknown): number {
  const x = a instanceof Date ? +a : a;
  const y = b instanceof Date ? +b : b;
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

const OPS: Record<string, (v: number[]) => number> = {
  sum: (v) => v.reduce((s, x) => s + x, 0),
  min: (v) => extentOf(v)?.[0] ?? NaN,
  max: (v) => extentOf(v)?.[1] ?? NaN,
  mean: (v) => v.reduce((s, x) => s + x, 0) / v.length,
  average: (v) => v.reduce((s, x) => s + x, 0) / v.length,
  count: (v) => v.length,
};

/** Orders `values` (of `field`) by an aggregate of `by` over their rows, stably. */
function sortBy(values: unknown[], rows: Row[], field: string, by: string | undefined, op: string, order: 'ascending' | 'descending'): unknown[] {
  const agg = OPS[op];
  if (!agg) refuse(`sorting by "${op}" has no native equivalent`);
  const groups = groupBy(rows, (r) => keyOf(r[field]));
  const key = (v: unknown) => {
    const mine = groups.get(keyOf(v)) ?? [];
    if (op === 'count') return mine.length;
    if (!by) refuse('a sort needs a field');
    return agg!(mine.map((r) => num(r[by!])).filter((x): x is number => x !== null));
  };
  const keyed = values.map((v, i) => ({ v, k: key(v), i }));
  keyed.sort((a, b) => (order === 'descending' ? -1 : 1) * ascending(a.k, b.k) || a.i - b.i);
  return keyed.map((x) => x.v);
}

/** A discrete scale's domain in Vega-Lite's order: its `scale.domain`, else its `sort` (ascending by default). */
function discreteDomain(e: Enc, rows: Row[], ctx: { stacked: boolean; encoding: Record<string, Enc> }): unknown[] {
  const field = e.field!;
  const seen = distinctValues(rows, field);
  const given = e.scale?.domain;
  if (given !== undefined) {
    if (!Array.isArray(given)) refuse(`the "${field}" scale's domain has no native equivalent`);
    const domain = given as unknown[];
    const inDomain = placesOf(domain);
    const inData = placesOf(seen);
    if (seen.some((v) => !inDomain.has(keyOf(v)))) refuse(`some "${field}" values are outside its scale's domain`);
    return domain.filter((d) => inData.has(keyOf(d)));
  }
  const sort = e.sort;
  if (sort === null) return seen;
  if (sort === undefined || sort === 'ascending') return [...seen].sort(ascending);
  if (sort === 'descending') return [...seen].sort((a, b) => ascending(b, a));
  if (Array.isArray(sort)) {
    const byValue = placesOf(sort);
    const byText = placesOf(sort, String);
    const rank = (v: unknown) => byValue.get(keyOf(v)) ?? byText.get(String(v)) ?? sort.length;
    return seen
      .map((v, i) => ({ v, i, r: rank(v) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map((x) => x.v);
  }
  if (typeof sort === 'string') {
    const m = /^(-?)(x|y|color|theta|text)$/.exec(sort);
    if (!m) refuse(`sort "${sort}" has no native equivalent`);
    const other = ctx.encoding[m![2]!];
    if (!other?.field) refuse(`sort "${sort}" names a channel without a field`);
    return sortBy(seen, rows, field, other!.field, other!.aggregate ?? (ctx.stacked && other!.type === 'quantitative' ? 'sum' : 'min'), m![1] ? 'descending' : 'ascending');
  }
  if (typeof sort === 'object') {
    const s = sort as { field?: string; op?: string; order?: string; encoding?: string };
    const order = s.order === 'descending' ? 'descending' : 'ascending';
    if (s.order === null) return seen;
    if (s.encoding) {
      const other = ctx.encoding[s.encoding];
      if (!other?.field) refuse(`sort by "${s.encoding}" names a channel without a field`);
      return sortBy(seen, rows, field, other!.field, other!.aggregate ?? (ctx.stacked && other!.type === 'quantitative' ? 'sum' : 'min'), order);
    }
    if (!s.field && s.op !== 'count') return [...seen].sort((a, b) => (order === 'descending' ? ascending(b, a) : ascending(a, b)));
    const stackDimension = s.field === field || Object.entries(ctx.encoding).some(([ch, e]) => ch !== 'x' && ch !== 'y' && e.field === s.field);
    return sortBy(seen, rows, field, s.field, s.op ?? (ctx.stacked && !stackDimension ? 'sum' : 'min'), order);
  }
  return refuse('this sort has no native equivalent');
}

/** The color domain's order (what the legend lists and the range is assigned in). */
function colorDomain(e: Enc, rows: Row[]): unknown[] {
  if (e.type !== 'nominal' && !(e.type === 'ordinal' && Array.isArray(e.scale?.range))) refuse(`a ${e.type ?? 'untyped'} color scale is drawn as a picture`);
  return discreteDomain(e, rows, { stacked: false, encoding: {} });
}

/** The color Vega-Lite gives each color-domain value: its `scale.range` or the theme's palette, in domain order. */
function colorScale(e: Enc, rows: Row[], palette: string[]): (v: unknown) => string {
  if (e.scale?.scheme !== undefined) refuse('a color scheme is drawn as a picture');
  if (e.scale?.type && e.scale.type !== 'ordinal') refuse(`a "${e.scale.type}" color scale is drawn as a picture`);
  const domain = colorDomain(e, rows);
  const r = e.scale?.range;
  let range = palette;
  if (r !== undefined) {
    if (!Array.isArray(r) || r.length === 0 || !r.every((c) => typeof c === 'string' && HEX.test(c))) refuse('a color range other than hex colors is drawn as a picture');
    range = r as string[];
  }
  if (range.length === 0) refuse('the theme has no chart colors');
  const places = placesOf(domain);
  return (v) => hex6(range[(places.get(keyOf(v)) ?? 0) % range.length]!);
}

/** The one color of an uncolored mark: the mark's own, a constant color encoding, or the theme's first. */
function singleColor(mark: string | undefined, def: MarkDef, color: Enc | undefined, palette: string[]): string {
  const own = color && !color.field && color.value !== undefined ? color.value : mark === 'line' ? (def.stroke ?? def.color) : (def.fill ?? def.color);
  if (own !== undefined) {
    if (typeof own !== 'string' || !HEX.test(own)) refuse(`the color ${JSON.stringify(own)} is not a hex color`);
    return hex6(own as string);
  }
  return hex6(palette[0] ?? '#4C78A8');
}

function hex6(c: string): string {
  const h = c.replace('#', '').toUpperCase();
  return `#${h.length === 3 ? [...h].map((x) => x + x).join('') : h}`;
}

/**
 * Stack order: by the order encoding's field; else, for a nominal color with an explicit domain, by its place in
 * that domain (`byDomain` direction, as Vega-Lite aligns the two); else by the color field (`direction`).
 */
function stackOrder(values: unknown[], rows: Row[], color: Enc, order: Enc | undefined, direction: 'ascending' | 'descending', byDomain: 'ascending' | 'descending'): unknown[] {
  const field = color.field!;
  const domain = color.scale?.domain;
  if (!order && Array.isArray(domain) && color.type === 'nominal') {
    const places = placesOf(domain);
    const rank = (v: unknown) => places.get(keyOf(v)) ?? -1;
    return [...values].sort((a, b) => (byDomain === 'descending' ? rank(b) - rank(a) : rank(a) - rank(b)));
  }
  if (order?.field) {
    const dir = order.sort === 'descending' ? 'descending' : 'ascending';
    const groups = groupBy(rows, (r) => keyOf(r[field]));
    for (const v of values) {
      const keys = new Set((groups.get(keyOf(v)) ?? []).map((r) => String(r[order.field!])));
      if (keys.size > 1) refuse(`the order of "${String(v)}" changes from one category to the next`);
    }
    return sortByValue(values, rows, field, order.field, dir);
  }
  const dir = order?.sort === 'descending' || order?.sort === 'ascending' ? order.sort : direction;
  return [...values].sort((a, b) => (dir === 'descending' ? ascending(b, a) : ascending(a, b)));
}

function sortByValue(values: unknown[], rows: Row[], field: string, by: string, dir: 'ascending' | 'descending'): unknown[] {
  const groups = groupBy(rows, (r) => keyOf(r[field]));
  const key = (v: unknown) => groups.get(keyOf(v))?.[0]?.[by];
  return values
    .map((v, i) => ({ v, i, k: key(v) }))
    .sort((a, b) => (dir === 'descending' ? -1 : 1) * ascending(a.k, b.k) || a.i - b.i)
    .map((x) => x.v);
}

function axisTitle(e: Enc): string | undefined {
  if (e.axis === null) return undefined;
  const t = e.axis?.title !== undefined ? e.axis.title : e.title;
  if (t === null) return undefined;
  return t ?? e.field;
}

// ——— Value axes ———

/** d3's tick increment (d3-array `tickIncrement`), which Vega's ticks and `nice` use. */
function tickStep(start: number, stop: number, count: number): number {
  const step = (stop - start) / Math.max(1, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * 10 ** power;
}

/** d3's `linear.nice(10)`, as Vega applies it to a quantitative scale by default. */
function nice(d: [number, number]): [number, number] {
  let [lo, hi] = d;
  for (let i = 0; i < 10; i++) {
    const step = tickStep(lo, hi, 10);
    const nlo = Math.floor(lo / step) * step;
    const nhi = Math.ceil(hi / step) * step;
    if (nlo === lo && nhi === hi) break;
    lo = round(nlo);
    hi = round(nhi);
  }
  return [lo, hi];
}

const round = (v: number) => Number(v.toPrecision(12));

function valueAxis(e: Enc, extent: [number, number] | undefined, ctx: { mark: string; pixels: number; normalized: boolean; integers: boolean }): NativeValueAxis {
  const scale = e.scale ?? {};
  if (scale.type && scale.type !== 'linear') refuse(`a "${scale.type}" value scale has no native equivalent`);
  if (scale.reverse) refuse('a reversed value scale is drawn as a picture');
  if (scale.domainMin !== undefined || scale.domainMax !== undefined) refuse('domainMin and domainMax are drawn as a picture');
  if (scale.nice !== undefined && typeof scale.nice !== 'boolean') refuse('a nice interval or tick count has no native equivalent');
  if (e.axis?.formatType) refuse('a custom axis format type has no native equivalent');
  let domain: [number, number];
  if (ctx.normalized) domain = [0, 1];
  else if (scale.domain !== undefined) {
    const d = scale.domain;
    if (!Array.isArray(d) || d.length !== 2 || !d.every((v) => typeof v === 'number' && Number.isFinite(v))) refuse('a value domain other than [min, max] is drawn as a picture');
    domain = [(d as number[])[0]!, (d as number[])[1]!];
    if (domain[0] >= domain[1]) refuse('a reversed value domain is drawn as a picture');
  } else {
    // Why: Vega-Lite includes zero in quantitative x/y scales unless `scale.zero` is false (bars and areas always, by default).
    const zero = scale.zero === undefined ? true : scale.zero !== false;
    const [lo, hi] = extent ?? [0, 1];
    domain = zero ? [Math.min(0, lo), Math.max(0, hi)] : [lo, hi];
    if (domain[0] === domain[1]) domain = [domain[0] - 1, domain[1] + 1];
    if (scale.nice !== false) domain = nice(domain);
  }
  const count = typeof e.axis?.tickCount === 'number' ? e.axis.tickCount : Math.ceil(ctx.pixels / 40);
  let step = tickStep(domain[0], domain[1], count);
  const d3 = e.axis?.format ?? (ctx.normalized ? '.0%' : undefined);
  // Why: a format that rounds fractional ticks would label them 0, 0, 1, 1; the step is raised until every label differs.
  const decimals = shownDecimals(d3, step);
  if (decimals !== undefined) step = Math.max(step, 10 ** -decimals);
  if (ctx.integers && !ctx.normalized && step < 1 && decimals === 0) step = 1;
  if (typeof e.axis?.tickMinStep === 'number') step = Math.max(step, e.axis.tickMinStep);
  step = round(step);
  const format = d3 ? excelFormat(d3, step) : fixedFormat(Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  return { min: round(domain[0]), max: round(domain[1]), majorUnit: step, numberFormat: format };
}

/** How many decimals of the axis value a d3 format shows (undefined when it adapts to the value, like "s" or "~f"). */
function shownDecimals(d3: string | undefined, step: number): number | undefined {
  if (!d3) return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const p = parseD3(d3);
  if (!p) return undefined;
  // Why: on an axis, a format without a precision takes one from the tick step (d3's tickFormat), so only a fixed precision can round ticks together.
  if (p.type === '%' && p.precision !== undefined && !p.trim) return p.precision + 2;
  if (p.type === 'd') return 0;
  if (p.type === 'f' && p.precision !== undefined && !p.trim) return p.precision;
  return undefined;
}

type D3Spec = { sign: string; symbol: string; comma: boolean; precision?: number; trim: boolean; type: string };
function parseD3(d3: string): D3Spec | undefined {
  const m = /^([-+( ])?(\$)?(,)?(?:\.(\d+))?(~)?([dfs%e]?)$/.exec(d3);
  if (!m) return undefined;
  return { sign: m[1] ?? '-', symbol: m[2] ?? '', comma: !!m[3], precision: m[4] === undefined ? undefined : Number(m[4]), trim: !!m[5], type: m[6] || '' };
}

function fixedFormat(decimals: number, comma = true): string {
  return `${comma ? '#,##0' : '0'}${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;
}

/**
 * A d3-format string as an Excel number format. Formats Excel cannot write
 * (SI prefixes) are approximated with the same values and the decimals the tick
 * step needs; a format with no equivalent is refused (thrown as a Refusal), so the chart is a picture.
 */
function excelFormat(d3: string | undefined, step?: number): string {
  if (!d3) return '#,##0.##';
  const p = parseD3(d3);
  if (!p) return refuse(`the number format "${d3}" has no Excel equivalent`);
  if (p.sign === '(' || p.sign === ' ') refuse(`the number format "${d3}" has no Excel equivalent`);
  const cur = p.symbol ? '$' : '';
  const decimalsFor = (s: number | undefined) => (s === undefined ? 0 : Math.min(6, Math.max(0, -Math.floor(Math.log10(s) + 1e-9))));
  let body: string;
  // On an axis (a step given), a missing precision comes from the step and "~" trims to it, as d3's tickFormat does;
  // in a label, d3's own defaults apply.
  const fromStep = (scaled: number | undefined) => {
    if (scaled === undefined) return p.precision ?? 6;
    if (p.precision === undefined) return decimalsFor(scaled);
    return p.trim ? Math.min(p.precision, decimalsFor(scaled)) : p.precision;
  };
  switch (p.type) {
    case '%':
      body = `${fixedFormat(fromStep(step === undefined ? undefined : step * 100), p.comma)}%`;
      break;
    case 'd':
      body = fixedFormat(0, p.comma);
      break;
    case 'f':
      body = fixedFormat(fromStep(step), p.comma);
      break;
    case 'e':
      body = `0${(p.precision ?? 6) > 0 ? `.${'0'.repeat(p.precision ?? 6)}` : ''}E+00`;
      break;
    case 's': {
      // Excel allows two conditions: millions and thousands (or billions and millions when the step is that large).
      const big = step !== undefined && step >= 1e6;
      const [hiDiv, hiSuffix, loDiv, loSuffix] = big ? [1e9, 'G', 1e6, 'M'] : [1e6, 'M', 1e3, 'k'];
      const part = (div: number, commas: string, suffix: string) => `${cur}${fixedFormat(decimalsFor(step === undefined ? undefined : step / div), false)}${commas}"${suffix}"`;
      const commasHi = big ? ',,,' : ',,';
      const commasLo = big ? ',,' : ',';
      const rest = big ? part(loDiv, commasLo, loSuffix) : `${cur}${fixedFormat(decimalsFor(step), false)}`;
      return `[>=${hiDiv}]${part(hiDiv, commasHi, hiSuffix)};[>=${loDiv}]${part(loDiv, commasLo, loSuffix)};${rest}`;
    }
    default:
      // "," or "$," alone: on an axis, the decimals the step needs; in a label, d3 writes up to 12 significant digits.
      if (p.precision !== undefined) refuse(`the number format "${d3}" (significant digits) has no Excel equivalent`);
      body = step !== undefined ? fixedFormat(decimalsFor(step), p.comma) : p.comma ? '#,##0' : 'General';
  }
  const plain = `${cur}${body}`;
  if (p.sign === '+') return `+${plain};-${plain};${plain}`;
  return plain;
}

// ——— Dates ———

function toDate(v: unknown, field: string): Date {
  const d = v instanceof Date ? v : typeof v === 'number' ? new Date(v) : typeof v === 'string' ? new Date(/^\d{4}$/.test(v) ? `${v}-01-01` : v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) refuse(`"${String(v)}" in "${field}" is not a date`);
  return d;
}

/** Equal steps in time, or whole calendar months or years (which vary in length). */
function evenlySpaced(times: Date[]): boolean {
  if (times.length < 3) return true;
  const gaps = times.slice(1).map((t, i) => t.getTime() - times[i]!.getTime());
  if (gaps.every((g) => g === gaps[0])) return true;
  const months = times.map((t) => t.getUTCFullYear() * 12 + t.getUTCMonth());
  const lastDay = (t: Date) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate() === t.getUTCDate();
  const sameDay = times.every((t) => (t.getUTCDate() === times[0]!.getUTCDate() || times.every(lastDay)) && t.getUTCHours() === 0 && t.getUTCMinutes() === 0);
  const mGaps = months.slice(1).map((m, i) => m - months[i]!);
  return sameDay && mGaps.every((g) => g === mGaps[0]);
}

/** Date labels: the axis's d3 time format, else the coarsest unit the dates need ("Mar 2024"), in the brief's language. */
function formatDates(times: Date[], d3?: string, language?: string): string[] {
  if (d3) {
    if (typeof d3 !== 'string') refuse('a date format other than a string has no native equivalent');
    // Why: vega's default time locale (the one the vector version uses), called without arguments.
    const locale = (vega.timeFormatLocale as unknown as () => { utcFormat: (spec: string) => (d: Date) => string })();
    const f = locale.utcFormat(d3);
    const out = times.map((t) => f(t));
    if (new Set(out).size !== out.length) refuse(`the date format "${d3}" makes two categories read the same`);
    return out;
  }
  const midnight = times.every((t) => t.getUTCHours() === 0 && t.getUTCMinutes() === 0 && t.getUTCSeconds() === 0 && t.getUTCMilliseconds() === 0);
  const firstOfMonth = midnight && times.every((t) => t.getUTCDate() === 1);
  const firstOfYear = firstOfMonth && times.every((t) => t.getUTCMonth() === 0);
  const opts: Intl.DateTimeFormatOptions = firstOfYear
    ? { year: 'numeric' }
    : firstOfMonth
      ? { year: 'numeric', month: 'short' }
      : midnight
        ? { year: 'numeric', month: 'short', day: 'numeric' }
        : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat(language ?? 'en-US', { ...opts, timeZone: 'UTC' });
  } catch {
    fmt = new Intl.DateTimeFormat('en-US', { ...opts, timeZone: 'UTC' });
  }
  return times.map((t) => fmt.format(t));
}
