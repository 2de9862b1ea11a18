/**
 * The chart module (vega and vega-lite are used only here): Vega-Lite spec →
 * Vega → SVG through vega's own renderer, with the theme's fonts and real text
 * metrics, sandboxed data loading, and per-run font fallback inside the SVG.
 */
import { createHash } from 'node:crypto';
import { readInputText } from '../1-load/input-files.js';
import path from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { DiagnosticSink, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import { parseYaml } from '../1-load/yaml-source.js';
import type { FontSet } from '../text/font-set.js';
import type { Theme } from '../2-validate/theme.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { vegaLiteConfig } from './chart-theme.js';
import { isSafeLink, sandboxedLoader } from './sandboxed-loader.js';
import { findLinks, readSpecUrls, topLevelRows, type Row } from './chart-data.js';
import { checkDataFiles, checkFields } from './check-data.js';
import { explainSpec } from './explain-spec.js';
import { crashingChannels, isLibraryCrash } from './compile-crash.js';
import { workAfterRunning, workBeforeRunning } from './work-limits.js';
import { dataModelOf } from './data-model.js';
import { wrapLegends, wrappableLegends } from './legend-wrap.js';
import type { DataModel } from '../3-editions/compare-editions.js';
import { ExpressionRefused, forgetPatternVerdicts, installExpressionGuards } from './expression-guards.js';
import type { Schemas } from '../2-validate/schema-validator.js';
import { toNativeChart, type NativeChart } from './native-chart.js';
import { defaultLimits, type Limits } from '../1-load/limits.js';
import { stepTicks } from './tick-steps.js';
import { fitSpec, isFittable, MIN_CHART_TEXT_PT, placedScale, smallestText, spuriousFitWarning, type ChartFit } from './fit-spec.js';

/** A rendered chart: SVG plus what writers need to place and describe it. */
export interface RenderedChart {
  svg: string;
  width: number;
  height: number;
  /** One-line summary of the data for alt text. */
  summary: string;
  /** SHA-256 of the SVG, to tell charts apart in fixtures without the bytes. */
  hash: string;
  /** The chart as a native office chart, when the spec maps cleanly onto one. */
  native?: NativeChart;
  /** Why there is no native chart. */
  nativeReason?: string;
  /** The chart's top-level data rows, typed (for summaries and edition comparison). */
  rows?: Row[];
  /** How its rows are told apart and what they measure, from the spec's encodings (edition comparison). */
  model?: DataModel;
}

/** What to render: a spec file, read inside `root`. */
export interface ChartRequest {
  specFile: string;
  root: string;
  /** Where problems with the spec are reported when they have no position in the spec file. */
  at?: Position;
  /** A spec generated in memory (trend figures); `specFile` then only names it in messages. */
  spec?: Record<string, unknown>;
  /** The brief's named datasets, used by `"data": {"name": …}` in the spec. */
  datasets?: Record<string, Record<string, unknown>[]>;
  /** Limits on the spec, its data and its picture. */
  limits?: Limits;
  /** The series language (BCP 47): native charts write dates in it when the spec gives no format. */
  language?: string;
  /** The size of the chart's place, in points: the chart is laid out at that size (memo column, slide box). */
  fit?: ChartFit;
  /** The figure's id, to name it in messages. */
  figureId?: string;
}

/** Rendered charts of a build context, by spec, data and theme: an unchanged chart is not rendered again. */
export class ChartCache {
  private readonly charts = new BoundedCache<string, RenderedChart>(100);

  /** The chart rendered under `key`. */
  get(key: string): RenderedChart | undefined {
    return this.charts.get(key);
  }

  /** Remembers a rendered chart. */
  set(key: string, chart: RenderedChart): void {
    this.charts.set(key, chart);
  }

  /** Forgets every chart, and the verdicts on regular expressions in charts. */
  clear(): void {
    this.charts.clear();
    forgetPatternVerdicts();
  }
}

/** What rendering needs: the theme, its fonts for measuring text, and the build context's chart cache. */
export interface ChartEnv {
  theme: Theme;
  fonts: FontSet;
  cache: ChartCache;
  /** Where Vega-Lite's own schema is compiled and kept, to explain a spec that fails. */
  schemas: Schemas;
}

type TextItem = { fontSize?: number; fontWeight?: string | number; fontStyle?: string };

/**
 * Gives vega the theme's real text widths. Why: without a canvas vega only estimates
 * widths (~1.5× too wide). Its `textMetrics.width` is one hook for the whole process,
 * so it is set right before each render; vega is pinned and
 * test/unit/library-canaries.test.ts fails if the hook goes away.
 */
function useTextMetrics(fonts: FontSet): void {
  const tm = (vega as unknown as { textMetrics: { width: (item: TextItem, text: string) => number } }).textMetrics;
  tm.width = (item, text) => {
    const weight = item.fontWeight;
    const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
    return fonts.width(String(text ?? ''), item.fontSize ?? 11, 'heading', { bold, italic: item.fontStyle === 'italic', advances: true });
  };
}

/** Renders a Vega-Lite spec file to SVG; problems go to `sink` and return undefined. */
export async function renderChart(req: ChartRequest, env: ChartEnv, sink: DiagnosticSink): Promise<RenderedChart | undefined> {
  const { fonts, theme, cache } = env;
  const { specFile, root } = req;
  const at = { file: specFile, line: 1, column: 1 };
  const limits = req.limits ?? defaultLimits;
  const scope = { roots: [root], limits };
  let text: string;
  if (req.spec) text = JSON.stringify(req.spec);
  else {
    const read = await readInputText(specFile, 'spec', scope, path.relative(root, specFile) || specFile);
    if (!read.ok) {
      sink.error(read.at ? { file: specFile, ...read.at } : (req.at ?? at), read.message, read.rule === 'file/missing' ? 'figure/spec-missing' : read.rule);
      return undefined;
    }
    text = read.value;
  }
  const parsed = req.spec ? { value: structuredClone(req.spec) as unknown as TopLevelSpec, locate: () => req.at ?? at } : parseYaml<TopLevelSpec>(specFile, text, sink);
  if (!parsed) return undefined;
  const spec = parsed.value;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    sink.error(at, messages.jsonMalformed('a Vega-Lite spec must be a JSON object'), 'chart/spec');
    return undefined;
  }
  // The spec as written, for explaining a compile error (datasets are inlined into `spec` below).
  const written = structuredClone(spec) as unknown;
  const usedSets = inlineDatasets(spec, req.datasets ?? {}, parsed, sink);
  if (!usedSets) return undefined;
  // Every url is resolved and read up front: refusals become errors at the url's line, and the bytes key the cache.
  const urls = await readSpecUrls(spec, specFile, scope);
  let refused = false;
  for (const u of urls) {
    if (!u.problem) continue;
    refused = true;
    sink.error(parsed.locate(u.path), u.problem.rule === 'chart/data-missing' ? messages.chartLoadFailed(u.url, u.problem.message) : u.problem.message, u.problem.rule);
  }
  for (const link of findLinks(spec)) {
    if (isSafeLink(link.url)) continue;
    refused = true;
    sink.error(parsed.locate(link.path), messages.chartLink(link.url), 'chart/link');
  }
  if (refused) return undefined;
  const hash = createHash('sha256')
    .update(text)
    .update('\0')
    .update(themeKey(theme))
    .update('\0')
    .update(JSON.stringify(usedSets))
    .update('\0')
    .update(req.language ?? '')
    .update('\0')
    .update(JSON.stringify(req.fit ?? null));
  for (const u of urls)
    hash
      .update('\0')
      .update(u.url)
      .update('\0')
      .update(u.text ?? u.picture ?? '');
  const key = hash.digest('hex');

  if (!checkDataFiles(urls, (p) => parsed.locate(p), sink)) return undefined;
  const rows = topLevelRows(spec as unknown as Record<string, unknown>, urls);
  if (!checkFields(spec as unknown as Record<string, unknown>, rows, (p) => parsed.locate(p), sink)) return undefined;
  if (rows && rows.length > limits.maxDataRows) {
    sink.error(req.at ?? at, messages.tooMany('data rows in the chart', rows.length, limits.maxDataRows, 'maxDataRows'), 'limits/data-rows');
    return undefined;
  }
  const infinite = rows?.flatMap((r, i) => Object.entries(r).flatMap(([k, v]) => (typeof v === 'number' && !Number.isFinite(v) ? [{ i, k, v }] : []))).slice(0, 5) ?? [];
  for (const x of infinite) sink.error(parsed.locate(['data']), messages.notFiniteRow(x.k, x.v, x.i + 1), 'data/not-finite');
  if (infinite.length > 0) return undefined;
  if (rows && rows.length === 0) {
    sink.error(req.at ?? at, messages.dataEmpty(specFile), 'chart/data-empty');
    return undefined;
  }
  // Why: the cache is consulted only after the checks above, so limits and data errors apply on every build.
  const cached = cache.get(key);
  if (cached) return cached;
  const warnings: string[] = [];
  const refusedExpressions: ExpressionRefused[] = [];
  const logger = vegaLogger(warnings, refusedExpressions);
  const config = { ...vegaLiteConfig(theme), ...(req.fit?.background ? { background: req.fit.background } : {}) };
  const legendMetrics = { width: (t: string, size: number) => fonts.width(t, size, 'heading', { advances: true }), size: theme.sizes.chart, padding: 8 };
  stepTicks(spec);
  if (req.fit) fitSpec(spec as unknown as Record<string, unknown>, req.fit, rows, legendMetrics);
  // The spec as it is drawn again when its place would scale its text below the minimum.
  const unfitted = req.fit ? (structuredClone(spec) as unknown as Record<string, unknown>) : undefined;
  let vgSpec: vega.Spec;
  try {
    vgSpec = compile(spec, { config, logger: logger as never }).spec as vega.Spec;
  } catch (err) {
    const why = explainSpec(written, (p) => parsed.locate(p), env.schemas.vegaLite());
    if (why) sink.error(why.position, messages.chartCompile(why.message), 'chart/compile');
    else if (isLibraryCrash(err)) {
      // A crash inside Vega-Lite on a spec its schema accepts: point at the channels without which it compiles.
      const culprits = crashingChannels(spec, vegaLiteConfig(theme));
      sink.error(
        culprits[0] ? parsed.locate(culprits[0].path) : at,
        messages.chartCrash(
          req.figureId,
          (err as Error).name,
          culprits.map((c) => c.channel),
        ),
        'chart/compile',
      );
    } else sink.error(at, messages.chartCompile((err as Error).message), 'chart/compile');
    return undefined;
  }

  const legends = wrappableLegends(vgSpec);
  const before = workBeforeRunning(vgSpec, limits);
  for (const p of before) sink.error(req.at ?? at, p.message, p.rule);
  if (before.length > 0) return undefined;
  const { loader, failures } = sandboxedLoader(scope, path.dirname(specFile), new Map(urls.map((u) => [u.url, (u.text ?? u.picture)!])));
  let svg: string;
  let width = 0;
  let height = 0;
  try {
    vega.resetSVGDefIds();
    useTextMetrics(fonts);
    installExpressionGuards();
    const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader: loader as never, logger: logger as never });
    await view.runAsync();
    await wrapLegends(view, legends);
    if (req.fit) await settle(view);
    const after = workAfterRunning(view, vgSpec, { width: view.width(), height: view.height() }, limits);
    if (after.length > 0) {
      view.finalize();
      for (const p of after) sink.error(req.at ?? at, p.message, p.rule);
      return undefined;
    }
    svg = await view.toSVG();
    width = view.width();
    height = view.height();
    view.finalize();
    if (req.fit && unfitted) ({ svg, width, height } = await refit(svg, req.fit, unfitted, config, legendMetrics, rows, { loader, logger }));
  } catch (err) {
    if (failures.length === 0) {
      sink.error(at, messages.chartRuntime((err as Error).message), 'chart/runtime');
      return undefined;
    }
    svg = '';
  }
  for (const f of failures) {
    const pos = locateUrl(parsed, f.url) ?? at;
    sink.error(pos, f.rule === 'chart/data-missing' ? messages.chartLoadFailed(f.url, f.message) : f.message, f.rule);
  }
  if (failures.length > 0) return undefined;
  for (const r of new Set(refusedExpressions.map((e) => e.message))) sink.error(expressionPosition(text, r, specFile) ?? at, r, 'chart/expression');
  if (refusedExpressions.length > 0) return undefined;
  // A chart fitted to its place has its autosize set here (by fitSpec, or by refit whatever the spec said).
  for (const w of warnings) if (!(req.fit && spuriousFitWarning.test(w))) sink.warn(at, messages.chartWarning(w), 'chart/warning');

  const dims = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  if (dims) {
    width = Number(dims[1]);
    height = Number(dims[2]);
  }
  svg = applyFontFallback(stripExternalImages(svg, sink, at), fonts);
  const missing = fonts.missingChars(textOf(svg), 'heading');
  if (missing.length > 0) sink.warn(at, messages.missingGlyphs(missing.join(''), textOf(svg)), 'font/missing-glyph');
  const native = toNativeChart(spec as unknown as Record<string, unknown>, rows, { palette: theme.colors.chart, language: req.language });
  const result: RenderedChart = {
    svg,
    width,
    height,
    summary: summarize(spec as unknown as Record<string, unknown>, rows),
    rows,
    ...(written && dataModelOf(written) ? { model: dataModelOf(written) } : {}),
    hash: createHash('sha256').update(svg).digest('hex').slice(0, 16),
    ...(native.ok ? { native: native.chart } : { nativeReason: native.reason }),
  };
  cache.set(key, result);
  return result;
}

/**
 * Autosize "fit" sizes the view once, from bounds that move as the view shrinks (text past the view's edge, such
 * as a timeline's labels), so a chart could still overflow its place and be clipped; a few more passes settle it.
 */
async function settle(view: vega.View): Promise<void> {
  for (let i = 0, last = -1; i < 4 && view.width() !== last; i++) {
    last = view.width();
    await view.resize().runAsync();
  }
}

/** An SVG's size from its root element. */
function svgSize(svg: string): { width: number; height: number } | undefined {
  const dims = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  return dims ? { width: Number(dims[1]), height: Number(dims[2]) } : undefined;
}

/**
 * A chart whose place would scale its text below MIN_CHART_TEXT_PT drawn again to
 * fit: a single view at the place's size whatever size it fixes; a compound one
 * (facets, concatenations) with narrower views, a few times at most.
 */
async function refit(
  svg: string,
  fit: ChartFit,
  spec: Record<string, unknown>,
  config: ReturnType<typeof vegaLiteConfig>,
  legend: Parameters<typeof fitSpec>[3],
  rows: Row[] | undefined,
  run: { loader: unknown; logger: unknown },
): Promise<{ svg: string; width: number; height: number }> {
  const small = (s: string) => {
    const size = svgSize(s);
    return size !== undefined && smallestText(s) * placedScale(size.width, size.height, fit) < MIN_CHART_TEXT_PT;
  };
  let best = svg;
  const fittable = isFittable(spec);
  const view = { ...((config as { view?: Record<string, number> }).view ?? {}) };
  for (let i = 0; small(best) && i < (fittable ? 1 : 3); i++) {
    const s = structuredClone(spec);
    const size = svgSize(best)!;
    // Drawn as large as its text allows: scaled into its place, the smallest text is then a little over MIN_CHART_TEXT_PT
    // (the margin absorbs a slide box a little smaller than estimated before its text was laid out).
    const grow = Math.max(1, (0.92 * smallestText(best)) / MIN_CHART_TEXT_PT);
    const larger = { width: fit.width * grow, ...(fit.height !== undefined ? { height: fit.height * grow } : {}) };
    if (fittable) fitSpec(s, larger, rows, legend, true);
    else {
      const f = Math.max(0.3, Math.min(1, larger.width / size.width, larger.height !== undefined ? larger.height / size.height : 1));
      view.continuousWidth = Math.max(60, Math.floor((view.continuousWidth ?? 200) * f));
      view.continuousHeight = Math.max(60, Math.floor((view.continuousHeight ?? 200) * Math.max(f, 0.6)));
      view.discreteWidth = Math.max(60, Math.floor((view.discreteWidth ?? 200) * f));
    }
    const vg = compile(s as never, { config: { ...config, view } as never, logger: run.logger as never }).spec as vega.Spec;
    const v = new vega.View(vega.parse(vg), { renderer: 'none', loader: run.loader as never, logger: run.logger as never });
    await v.runAsync();
    await settle(v);
    best = await v.toSVG();
    v.finalize();
  }
  const size = svgSize(best) ?? { width: 0, height: 0 };
  return { svg: best, ...size };
}

/**
 * Replaces `"data": {"name": X}` with dataset X as inline values (in place): the spec's own top-level `datasets`
 * first, then the brief's; returns the brief's datasets used, or undefined after reporting an unknown name.
 */
function inlineDatasets(
  spec: unknown,
  sets: Record<string, Record<string, unknown>[]>,
  parsed: { locate: (p: (string | number)[]) => Position },
  sink: DiagnosticSink,
): Record<string, unknown> | undefined {
  const used = Object.create(null) as Record<string, unknown>;
  const own = (spec as { datasets?: unknown } | null)?.datasets;
  const ownSets = own && typeof own === 'object' && !Array.isArray(own) ? (own as Record<string, unknown>) : {};
  let ok = true;
  const walk = (v: unknown, p: (string | number)[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const data = o.data as { name?: unknown; values?: unknown; url?: unknown } | undefined;
      if (data && typeof data === 'object' && typeof data.name === 'string' && data.values === undefined && data.url === undefined) {
        const { name, ...rest } = data;
        if (Object.hasOwn(ownSets, name)) o.data = { ...rest, values: structuredClone(ownSets[name]) };
        else if (Object.hasOwn(sets, name)) {
          used[name] = sets[name];
          o.data = { ...rest, values: structuredClone(sets[name]) };
        } else {
          ok = false;
          sink.error(parsed.locate([...p, 'data', 'name']), messages.unknownDataset(name, Object.keys(sets), Object.keys(ownSets)), 'chart/unknown-dataset');
        }
      }
      for (const [k, val] of Object.entries(o)) if (k !== 'data' && !(p.length === 0 && k === 'datasets')) walk(val, [...p, k]);
    }
  };
  walk(spec, []);
  return ok ? used : undefined;
}

/** A figure's top-level data rows without rendering it (for comparing editions); undefined when unreadable. */
export async function figureRows(specFile: string, root: string, datasets: Record<string, Record<string, unknown>[]>, limits: Limits = defaultLimits): Promise<Row[] | undefined> {
  const sink = new DiagnosticSink();
  const scope = { roots: [root], limits };
  const read = await readInputText(specFile, 'spec', scope);
  if (!read.ok) return undefined;
  const parsed = parseYaml<Record<string, unknown>>(specFile, read.value, sink);
  if (!parsed || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  if (!inlineDatasets(parsed.value, datasets, parsed, sink)) return undefined;
  const urls = await readSpecUrls(parsed.value, specFile, scope);
  if (urls.some((u) => u.problem)) return undefined;
  return topLevelRows(parsed.value, urls);
}

/** Identifies the theme's chart-relevant tokens, so a theme change re-renders. */
function themeKey(t: Theme): string {
  return JSON.stringify([t.colors, t.fonts, t.sizes.chart]);
}

/** SVG <image> hrefs other than inline data are dropped with an error: a chart may not pull in outside files. */
function stripExternalImages(svg: string, sink: DiagnosticSink, at: Position): string {
  return svg.replace(/<image\b[^>]*>/g, (tag) => {
    const href = /(?:xlink:)?href="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (href.startsWith('data:image/')) return tag;
    sink.error(at, messages.urlRefused(href), 'sandbox/url');
    return '';
  });
}

/** One line on the data for alt text: the extremes of each quantitative field, with their labels. */
export function summarize(spec: Record<string, unknown>, rows: Row[] | undefined): string {
  if (!rows || rows.length === 0) return '';
  const encs: Record<string, { field?: string; type?: string; title?: string | null }>[] = [];
  const collect = (u: { encoding?: Record<string, { field?: string; type?: string }>; layer?: unknown[] }) => {
    if (u.encoding) encs.push(u.encoding);
    if (Array.isArray(u.layer)) for (const l of u.layer) collect(l as never);
  };
  collect(spec as never);
  const quant = new Map<string, string>();
  const labels: string[] = [];
  const temporal = new Set<string>();
  for (const e of encs) {
    for (const [ch, def] of Object.entries(e)) {
      if (!def?.field || !(def.field in (rows[0] ?? {}))) continue;
      if (def.type === 'quantitative' && ['x', 'y', 'x2', 'y2', 'theta', 'size'].includes(ch)) {
        if (!quant.get(def.field) || def.title) quant.set(def.field, def.title ?? quant.get(def.field) ?? def.field);
      } else if ((def.type === 'nominal' || def.type === 'ordinal' || def.type === 'temporal') && !labels.includes(def.field) && labels.length < 2) {
        labels.push(def.field);
        if (def.type === 'temporal') temporal.add(def.field);
      }
    }
  }
  const parts: string[] = [];
  const numbers = new Intl.NumberFormat('en-US');
  for (const [field, title] of quant) {
    const vals = rows.map((r) => ({ v: Number(r[field]), l: labels.map((l) => (temporal.has(l) ? isoDay(r[l]) : String(r[l]))).join(' ') })).filter((x) => Number.isFinite(x.v));
    if (vals.length === 0) continue;
    const min = vals.reduce((a, b) => (b.v < a.v ? b : a));
    const max = vals.reduce((a, b) => (b.v > a.v ? b : a));
    const fmt = (x: { v: number; l: string }) => `${numbers.format(x.v)}${x.l ? ` (${x.l})` : ''}`;
    parts.push(`${title} ranges from ${fmt(min)} to ${fmt(max)}`);
  }
  return parts.length ? `Data: ${rows.length} rows; ${parts.join('; ')}.` : `Data: ${rows.length} rows.`;
}

function isoDay(v: unknown): string {
  const d = v instanceof Date ? v : new Date(typeof v === 'number' ? v : String(v));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().slice(0, 10);
}

/** The line of the spec that holds the refused expression (its regular expression or function), when it can be found. */
function expressionPosition(text: string, message: string, file: string): Position | undefined {
  const needle = /\/(.+)\/ can take/.exec(message)?.[1] ?? /^(pad|sequence|timeSequence|utcSequence)\(\)/.exec(message)?.[1];
  if (!needle) return undefined;
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle) || l.includes(needle.replace(/\\/g, '\\\\')));
  return i < 0 ? undefined : { file, line: i + 1, column: lines[i]!.indexOf(needle) + 1 || 1 };
}

function vegaLogger(warnings: string[], refused: ExpressionRefused[] = []): unknown {
  let level = 2;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      const guard = args.find((a): a is ExpressionRefused => a instanceof ExpressionRefused);
      if (guard) refused.push(guard);
      else warnings.push(args.map(String).join(' '));
      return logger;
    },
    warn(...args: unknown[]) {
      const msg = args.map(String).join(' ');
      // Why: our loader already records refused loads with a better message.
      if (!/^Loading failed/.test(msg)) warnings.push(msg);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** Position of a url inside the parsed spec. */
function locateUrl(parsed: { value: unknown; locate: (p: (string | number)[]) => Position }, url: string): Position | undefined {
  const walk = (v: unknown, p: (string | number)[]): (string | number)[] | undefined => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i], [...p, i]);
        if (r) return r;
      }
    } else if (v && typeof v === 'object') {
      for (const [k, val] of Object.entries(v)) {
        if (k === 'url' && val === url) return [...p, k];
        const r = walk(val, [...p, k]);
        if (r) return r;
      }
    }
    return undefined;
  };
  const p = walk(parsed.value, []);
  return p ? parsed.locate(p) : undefined;
}

const xmlUnescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Wraps runs that the main chart font cannot draw in tspans naming a fallback family. */
function applyFontFallback(svg: string, fonts: FontSet): string {
  return svg.replace(/(<text\b[^>]*>)([^<]*)(<\/text>)/g, (whole, open: string, content: string, close: string) => {
    const runs = fonts.runs(xmlUnescape(content), 'heading');
    const main = fonts.family('heading').name;
    if (runs.every((r) => r.family === main)) return whole;
    const body = runs.map((r) => (r.family === main ? xmlEscape(r.text) : `<tspan font-family="${xmlEscape(r.family)}">${xmlEscape(r.text)}</tspan>`)).join('');
    return `${open}${body}${close}`;
  });
}

/** All text drawn in an SVG, for glyph checks and alt text. */
export function textOf(svg: string): string {
  const parts: string[] = [];
  for (const m of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) parts.push(xmlUnescape(m[1]!.replace(/<[^>]+>/g, '')));
  return parts.join(' ');
}
