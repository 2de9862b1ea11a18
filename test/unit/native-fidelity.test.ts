/**
 * Native charts against their vector originals: for specs written here, the native
 * description (what the deck shows) must have the series in the order, colors and
 * stacking of the vector version (what the memo shows, drawn by vega), with the value
 * axis where vega puts it. The vector side is read from vega's own scenegraph and
 * scales, never from our mapping.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChart } from '../../src/4-charts/render-chart.js';
import { toNativeChart, type NativeChart } from '../../src/4-charts/native-chart.js';
import { vegaLiteConfig } from '../../src/4-charts/chart-theme.js';
import { DiagnosticSink, formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { FontSet } from '../../src/text/font-set.js';
import { loadTheme, type Theme } from '../../src/2-validate/theme.js';
import { BuildContext } from '../../src/build-context.js';
import { renderChartFile } from '../../src/cli/chart-command.js';
import { repoRoot, tempDir } from '../helpers/sample.js';

type Spec = Record<string, unknown>;
const ctx = new BuildContext();
let theme: Theme;
let fonts: FontSet;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  ctx.useUtc();
  const sink = new DiagnosticSink();
  theme = (await loadTheme('default', repoRoot, repoRoot, { file: 'x', line: 1, column: 1 }, sink, ctx))!;
  fonts = new FontSet(theme.fonts, ctx.fonts);
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

// ——— The specs (written for these tests) ———

const ports = ['Rajin', 'Najin', 'Chongjin'];
const kinds = ['shells', 'fuel', 'rockets'];
const months = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01'];
const grid = (f: (port: string, kind: string, i: number, j: number) => number) => ports.flatMap((port, i) => kinds.map((kind, j) => ({ port, kind, tons: f(port, kind, i, j) })));
const monthly = (names: string[], f: (i: number, j: number) => number) => months.flatMap((month, i) => names.map((route, j) => ({ month, route, wagons: f(i, j) })));

const specs: Record<string, Spec> = {
  'single-series bar': {
    data: {
      values: [
        { region: 'South', score: 9.2 },
        { region: 'North', score: 8.8 },
      ],
    },
    mark: 'bar',
    encoding: { x: { field: 'region', type: 'nominal' }, y: { field: 'score', type: 'quantitative' } },
  },
  'grouped bar': {
    data: { values: grid((_p, _k, i, j) => 10 + 7 * i + 3 * j) },
    mark: 'bar',
    encoding: {
      x: { field: 'port', type: 'nominal' },
      xOffset: { field: 'kind' },
      y: { field: 'tons', type: 'quantitative' },
      color: { field: 'kind', type: 'nominal' },
    },
  },
  'stacked bar': {
    data: { values: grid((_p, _k, i, j) => 5 + 4 * i + 2 * j) },
    mark: 'bar',
    encoding: { x: { field: 'port', type: 'nominal' }, y: { field: 'tons', type: 'quantitative' }, color: { field: 'kind', type: 'nominal' } },
  },
  'stacked bar, custom color order and range': {
    data: { values: grid((_p, _k, i, j) => 5 + 4 * i + 2 * j) },
    mark: 'bar',
    encoding: {
      x: { field: 'port', type: 'nominal', sort: ['Rajin', 'Chongjin', 'Najin'] },
      y: { field: 'tons', type: 'quantitative' },
      color: { field: 'kind', type: 'nominal', sort: ['rockets', 'shells', 'fuel'], scale: { range: ['#aa3311', '#11aa33', '#3311aa'] } },
    },
  },
  'stacked bar, color domain given': {
    data: { values: grid((_p, _k, i, j) => 5 + 4 * i + 2 * j) },
    mark: 'bar',
    encoding: {
      x: { field: 'port', type: 'nominal' },
      y: { field: 'tons', type: 'quantitative' },
      color: { field: 'kind', type: 'nominal', scale: { domain: ['fuel', 'shells', 'rockets'] } },
    },
  },
  'horizontal stacked bar, color domain given': {
    data: { values: grid((_p, _k, i, j) => 3 + i + 5 * j) },
    mark: 'bar',
    encoding: {
      y: { field: 'port', type: 'nominal' },
      x: { field: 'tons', type: 'quantitative' },
      color: { field: 'kind', type: 'nominal', scale: { domain: ['rockets', 'fuel', 'shells'] } },
    },
  },
  'stacked bar sorted by its totals': {
    data: { values: grid((port, kind, i, j) => (port === 'Najin' ? 40 : 20) - 6 * i + (kind === 'fuel' && port === 'Rajin' ? 80 : 2 * j)) },
    mark: 'bar',
    encoding: { x: { field: 'port', type: 'nominal', sort: '-y' }, y: { field: 'tons', type: 'quantitative' }, color: { field: 'kind', type: 'nominal' } },
  },
  'stacked bar sorted by a field and op': {
    data: { values: grid((port, kind, i, j) => (port === 'Najin' ? 40 : 20) - 6 * i + (kind === 'fuel' && port === 'Rajin' ? 80 : 2 * j)) },
    mark: 'bar',
    encoding: {
      x: { field: 'port', type: 'nominal', sort: { field: 'tons', op: 'max', order: 'descending' } },
      y: { field: 'tons', type: 'quantitative' },
      color: { field: 'kind', type: 'nominal' },
    },
  },
  'normalized stacked bar, default format': {
    data: { values: grid((_p, _k, i, j) => 5 + 4 * i + 2 * j) },
    mark: 'bar',
    encoding: { x: { field: 'port', type: 'nominal' }, y: { field: 'tons', type: 'quantitative', stack: 'normalize' }, color: { field: 'kind', type: 'nominal' } },
  },
  'stacked bar with an order encoding': {
    data: { values: grid((_p, _k, i, j) => 5 + 4 * i + 2 * j).map((r) => ({ ...r, rank: { shells: 2, fuel: 3, rockets: 1 }[r.kind] })) },
    mark: 'bar',
    encoding: {
      x: { field: 'port', type: 'nominal' },
      y: { field: 'tons', type: 'quantitative' },
      color: { field: 'kind', type: 'nominal' },
      order: { field: 'rank', type: 'quantitative' },
    },
  },
  'horizontal stacked bar': {
    data: { values: grid((_p, _k, i, j) => 3 + i + 5 * j) },
    mark: 'bar',
    encoding: { y: { field: 'port', type: 'nominal' }, x: { field: 'tons', type: 'quantitative' }, color: { field: 'kind', type: 'nominal' } },
  },
  'normalized stacked bar': {
    data: { values: grid((_p, _k, i, j) => 5 + 4 * i + 2 * j) },
    mark: 'bar',
    encoding: {
      x: { field: 'port', type: 'nominal' },
      y: { field: 'tons', type: 'quantitative', stack: 'normalize', axis: { format: '.0%' } },
      color: { field: 'kind', type: 'nominal' },
    },
  },
  'sorted horizontal bar': {
    data: {
      values: [
        { port: 'Rajin', tons: 40 },
        { port: 'Najin', tons: 75 },
        { port: 'Chongjin', tons: 12 },
        { port: 'Wonsan', tons: 58 },
      ],
    },
    mark: 'bar',
    encoding: { y: { field: 'port', type: 'nominal', sort: '-x' }, x: { field: 'tons', type: 'quantitative', axis: { format: ',' } } },
  },
  'bar colored by its own category, with a range': {
    data: {
      values: [
        { calibre: '152mm', shells: 3000000 },
        { calibre: '122mm', shells: 500000 },
      ],
    },
    mark: 'bar',
    encoding: {
      y: { field: 'calibre', type: 'nominal', sort: null },
      x: { field: 'shells', type: 'quantitative', axis: { format: '~s' } },
      color: { field: 'calibre', type: 'nominal', scale: { range: ['#1F3A5F', '#5B8DB8'] } },
    },
  },
  'horizontal bar over time': {
    data: { values: monthly(['all'], (i) => 100 + 40 * i) },
    mark: 'bar',
    encoding: { y: { field: 'month', type: 'temporal' }, x: { field: 'wagons', type: 'quantitative' } },
  },
  'multi-line temporal': {
    data: { values: monthly(['Tumangang', 'Khasan', 'Rason'], (i, j) => 20 + 3 * i + 5 * j) },
    mark: 'line',
    encoding: {
      x: { field: 'month', type: 'temporal' },
      y: { field: 'wagons', type: 'quantitative', scale: { zero: false } },
      color: { field: 'route', type: 'nominal', sort: ['Rason', 'Tumangang', 'Khasan'] },
    },
  },
  area: {
    data: { values: monthly(['all'], (i) => 100 + 40 * i) },
    mark: 'area',
    encoding: { x: { field: 'month', type: 'temporal', axis: { format: '%b %Y' } }, y: { field: 'wagons', type: 'quantitative' } },
  },
  'stacked area': {
    data: { values: monthly(['Tumangang', 'Khasan', 'Rason'], (i, j) => 10 + 2 * i + 4 * j) },
    mark: 'area',
    encoding: { x: { field: 'month', type: 'temporal' }, y: { field: 'wagons', type: 'quantitative' }, color: { field: 'route', type: 'nominal' } },
  },
  pie: {
    data: {
      values: [
        { kind: 'shells', share: 60 },
        { kind: 'rockets', share: 10 },
        { kind: 'fuel', share: 30 },
      ],
    },
    mark: 'arc',
    encoding: { theta: { field: 'share', type: 'quantitative' }, color: { field: 'kind', type: 'nominal' } },
  },
  donut: {
    data: {
      values: [
        { kind: 'shells', share: 55 },
        { kind: 'rockets', share: 15 },
        { kind: 'fuel', share: 30 },
      ],
    },
    mark: { type: 'arc', innerRadius: 40 },
    encoding: {
      theta: { field: 'share', type: 'quantitative' },
      color: { field: 'kind', type: 'nominal', scale: { domain: ['shells', 'fuel', 'rockets'], range: ['#204060', '#6080a0', '#a0c0e0'] } },
    },
  },
  scatter: {
    data: {
      values: [
        { range: 12, weight: 43 },
        { range: 18, weight: 40 },
        { range: 24, weight: 47 },
        { range: 40, weight: 52 },
      ],
    },
    mark: 'point',
    encoding: { x: { field: 'range', type: 'quantitative' }, y: { field: 'weight', type: 'quantitative', scale: { zero: false } } },
  },
  'line with a given domain': {
    data: { values: monthly(['all'], (i) => 70 + i) },
    mark: { type: 'line', color: '#884400' },
    encoding: { x: { field: 'month', type: 'temporal' }, y: { field: 'wagons', type: 'quantitative', scale: { domain: [60, 80] } } },
  },
};

// ——— Both sides ———

async function nativeOf(name: string, spec: Spec): Promise<NativeChart> {
  const sink = new DiagnosticSink();
  const chart = await renderChart({ specFile: path.join(tmp.dir, `${name}.vl.json`), root: tmp.dir, spec }, { theme, fonts, cache: ctx.charts, schemas: ctx.schemas }, sink);
  expect(sink.items.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
  expect(chart!.native, chart!.nativeReason).toBeDefined();
  return chart!.native!;
}

type Item = { mark: string; fill?: string; stroke?: string; datum: Record<string, unknown>; x: number; y: number; width?: number; height?: number; startAngle?: number };
type Vector = { items: Item[]; scale: (name: string) => unknown[] | undefined; tickLabels: string[]; tickValues: number[] };

/** The vector chart as vega draws it: every mark item with its datum and paint, the scales' domains and the axis labels. */
async function vectorOf(spec: Spec): Promise<Vector> {
  const vg = compile(structuredClone(spec) as unknown as TopLevelSpec, { config: vegaLiteConfig(theme) }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  await view.runAsync();
  const items: Item[] = [];
  const tickLabels: string[] = [];
  const tickValues: number[] = [];
  type Node = { marktype?: string; role?: string; items?: Node[]; datum?: Record<string, unknown> } & Partial<Item> & { text?: string };
  const walk = (node: Node, parentRole?: string) => {
    for (const child of node.items ?? []) {
      if (node.marktype && node.marktype !== 'group') {
        if (node.role === 'mark' && ['rect', 'line', 'area', 'arc', 'symbol'].includes(node.marktype)) items.push({ ...(child as Item), mark: node.marktype, datum: child.datum ?? {} });
        if (node.role === 'axis-label' && parentRole !== 'legend') {
          tickLabels.push(String(child.text));
          if (typeof (child.datum as { value?: unknown } | undefined)?.value === 'number') tickValues.push((child.datum as { value: number }).value);
        }
      }
      walk(child, node.role === 'legend' ? 'legend' : parentRole);
    }
  };
  walk((view.scenegraph() as unknown as { root: Node }).root);
  const scale = (n: string) => {
    try {
      return (view.scale(n) as { domain: () => unknown[] }).domain();
    } catch {
      return undefined;
    }
  };
  const out = { items, scale, tickLabels, tickValues };
  view.finalize();
  return out;
}

const up = (c: string | undefined) => c?.toUpperCase();
/** The ticks PowerPoint draws on a native value axis: min, min + majorUnit, … up to max. */
const nativeTicks = (a: NativeChart['valueAxis']) => Array.from({ length: Math.floor((a!.max! - a!.min) / a!.majorUnit! + 1e-9) + 1 }, (_, i) => Number((a!.min + i * a!.majorUnit!).toPrecision(12)));
const distinctInOrder = <T>(list: T[]): T[] => [...new Set(list)];

/** Per series (color-domain value) the fill vega used. */
function vectorColors(v: Vector, field: string, paint: 'fill' | 'stroke' = 'fill'): Map<string, string> {
  const m = new Map<string, string>();
  for (const it of v.items) m.set(String(it.datum[field]), up(it[paint])!);
  return m;
}

/** For stacked bars: series names from the baseline outwards, per category. */
function stackOrders(v: Vector, cat: string, color: string, horizontal: boolean): string[][] {
  const by = new Map<string, Item[]>();
  for (const it of v.items) by.set(String(it.datum[cat]), [...(by.get(String(it.datum[cat])) ?? []), it]);
  return [...by.values()].map((list) => [...list].sort((a, b) => (horizontal ? a.x - b.x : b.y + (b.height ?? 0) - (a.y + (a.height ?? 0)))).map((it) => String(it.datum[color])));
}

describe('native charts follow their vector originals', () => {
  it('single-series bar: one series, one color (the theme first), axis from zero, no repeated tick labels', async () => {
    const spec = specs['single-series bar']!;
    const [n, v] = [await nativeOf('single', spec), await vectorOf(spec)];
    expect(n.series).toHaveLength(1);
    expect(n.pointColors).toBeUndefined();
    const fills = distinctInOrder(v.items.map((i) => up(i.fill)));
    expect(fills).toHaveLength(1);
    expect(n.series[0]!.color).toBe(fills[0]);
    expect(n.series[0]!.color).toBe(theme.colors.chart[0]!.toUpperCase());
    expect(n.valueAxis!.min).toBe(0);
    expect(v.scale('y')![0]).toBe(0);
    expect([n.valueAxis!.min, n.valueAxis!.max]).toEqual(v.scale('y'));
    expect(nativeTicks(n.valueAxis)).toEqual(v.tickValues);
    // Categories in the x scale's order (ascending by default).
    expect(n.categories).toEqual(v.scale('x')!.map(String));
    expect(n.categories).toEqual(['North', 'South']);
  });

  it('grouped bar: series side by side in the offset order, each in its color', async () => {
    const spec = specs['grouped bar']!;
    const [n, v] = [await nativeOf('grouped', spec), await vectorOf(spec)];
    expect(n.grouping).toBe('clustered');
    expect(n.categories).toEqual(v.scale('x')!.map(String));
    const rajin = v.items.filter((i) => i.datum.port === 'Rajin').sort((a, b) => a.x - b.x);
    expect(n.series.map((s) => s.name)).toEqual(rajin.map((i) => String(i.datum.kind)));
    const colors = vectorColors(v, 'kind');
    for (const s of n.series) expect(s.color, s.name).toBe(colors.get(s.name));
    expect(n.valueAxis!.min).toBe(0);
  });

  for (const name of [
    'stacked bar',
    'stacked bar, custom color order and range',
    'stacked bar, color domain given',
    'stacked bar with an order encoding',
    'stacked bar sorted by its totals',
    'stacked bar sorted by a field and op',
    'normalized stacked bar, default format',
    'horizontal stacked bar',
    'horizontal stacked bar, color domain given',
    'normalized stacked bar',
  ]) {
    it(`${name}: segments stacked in vega's order, in vega's colors, from zero`, async () => {
      const spec = specs[name]!;
      const [n, v] = [await nativeOf(name, spec), await vectorOf(spec)];
      const horizontal = name.startsWith('horizontal');
      expect(n.grouping).toBe(name.startsWith('normalized') ? 'percentStacked' : 'stacked');
      // The vector version's value-axis labels read as the native format would write them, and none repeats.
      const valueLabels = v.tickLabels.filter((l) => /\d/.test(l));
      expect(new Set(valueLabels).size).toBe(valueLabels.length);
      if (name.startsWith('normalized')) expect(valueLabels).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
      if (name.startsWith('normalized')) expect(n.valueAxis).toMatchObject({ majorUnit: 0.2, numberFormat: '0%' });
      for (const order of stackOrders(v, 'port', 'kind', horizontal)) expect(n.series.map((s) => s.name)).toEqual(order);
      const colors = vectorColors(v, 'kind');
      for (const s of n.series) expect(s.color, s.name).toBe(colors.get(s.name));
      expect(n.categories).toEqual(v.scale(horizontal ? 'y' : 'x')!.map(String));
      if (name.endsWith('its totals')) expect(n.categories).toEqual(['Rajin', 'Najin', 'Chongjin']);
      if (name.endsWith('field and op')) expect(n.categories).toEqual(['Rajin', 'Najin', 'Chongjin']);
      expect(n.valueAxis!.min).toBe(0);
      expect([n.valueAxis!.min, n.valueAxis!.max]).toEqual(v.scale(horizontal ? 'x' : 'y'));
      // The same ticks as the vector version.
      expect(nativeTicks(n.valueAxis)).toEqual(v.tickValues);
    });
  }

  it('normalized stacked bar: a percent axis', async () => {
    const n = await nativeOf('normalized', specs['normalized stacked bar']!);
    expect(n.valueAxis).toMatchObject({ min: 0, max: 1, numberFormat: '0%' });
    expect(n.valueAxis!.majorUnit).toBeGreaterThanOrEqual(0.01);
  });

  it('sorted horizontal bar: categories top to bottom as sorted by "-x"', async () => {
    const spec = specs['sorted horizontal bar']!;
    const [n, v] = [await nativeOf('sorted', spec), await vectorOf(spec)];
    expect(n.horizontal).toBe(true);
    const topDown = [...v.items].sort((a, b) => a.y - b.y).map((i) => String(i.datum.port));
    expect(n.categories).toEqual(topDown);
    expect(n.categories).toEqual(['Najin', 'Wonsan', 'Rajin', 'Chongjin']);
    expect(n.valueAxis!.numberFormat).toBe('#,##0');
    expect(n.valueAxis!.min).toBe(0);
  });

  it('bar colored by its own category: each bar in the color its category has in the vector version', async () => {
    const spec = specs['bar colored by its own category, with a range']!;
    const [n, v] = [await nativeOf('by-category', spec), await vectorOf(spec)];
    const colors = vectorColors(v, 'calibre');
    expect(n.series).toHaveLength(1);
    expect(n.categories).toEqual(['152mm', '122mm']);
    expect(n.pointColors).toEqual(n.categories.map((c) => colors.get(c)));
    // The color domain sorts ascending: 122mm takes the first color although it comes second.
    expect(colors.get('122mm')).toBe('#1F3A5F');
  });

  it('horizontal bar over time: the latest month on top, as a vertical time scale runs bottom-up', async () => {
    const spec = specs['horizontal bar over time']!;
    const [n, v] = [await nativeOf('hbar-time', spec), await vectorOf(spec)];
    const topDown = [...v.items].sort((a, b) => a.y - b.y).map((i) => +new Date(i.datum.month as string));
    expect(topDown[0]).toBe(+new Date(months.at(-1)!));
    expect(n.categories).toEqual(['Jun 2024', 'May 2024', 'Apr 2024', 'Mar 2024', 'Feb 2024', 'Jan 2024']);
    expect(n.series[0]!.values).toEqual(topDown.map((t) => 100 + 40 * months.findIndex((m) => +new Date(m) === t)));
  });

  it('multi-line temporal: series in the color domain order, colors, formatted dates, zero:false honoured', async () => {
    const spec = specs['multi-line temporal']!;
    const [n, v] = [await nativeOf('lines', spec), await vectorOf(spec)];
    expect(n.series.map((s) => s.name)).toEqual(v.scale('color')!.map(String));
    expect(n.series.map((s) => s.name)).toEqual(['Rason', 'Tumangang', 'Khasan']);
    const colors = vectorColors(v, 'route', 'stroke');
    for (const s of n.series) expect(s.color, s.name).toBe(colors.get(s.name));
    expect(n.categories).toEqual(['Jan 2024', 'Feb 2024', 'Mar 2024', 'Apr 2024', 'May 2024', 'Jun 2024']);
    expect([n.valueAxis!.min, n.valueAxis!.max]).toEqual(v.scale('y'));
    expect(n.valueAxis!.min).toBeGreaterThan(0);
  });

  it('area: from zero, dates in the axis format', async () => {
    const spec = specs.area!;
    const [n, v] = [await nativeOf('area', spec), await vectorOf(spec)];
    expect(n.valueAxis!.min).toBe(0);
    expect([n.valueAxis!.min, n.valueAxis!.max]).toEqual(v.scale('y'));
    expect(n.categories[0]).toBe('Jan 2024');
    expect(n.series[0]!.color).toBe(distinctInOrder(v.items.map((i) => up(i.fill)))[0]);
  });

  it('stacked area: layers stacked in vega order and colors', async () => {
    const spec = specs['stacked area']!;
    const [n, v] = [await nativeOf('stacked-area', spec), await vectorOf(spec)];
    expect(n.grouping).toBe('stacked');
    // Vega draws one area per series; the lowest one (largest y at the first month) is the baseline.
    const first = v.items.filter((i) => i.datum.month === v.items[0]!.datum.month || +new Date(i.datum.month as string) === +new Date(months[0]!));
    const baseUp = [...first].sort((a, b) => b.y - a.y).map((i) => String(i.datum.route));
    expect(n.series.map((s) => s.name)).toEqual(distinctInOrder(baseUp));
    const colors = vectorColors(v, 'route');
    for (const s of n.series) expect(s.color, s.name).toBe(colors.get(s.name));
    expect(n.valueAxis!.min).toBe(0);
  });

  for (const name of ['pie', 'donut']) {
    it(`${name}: slices clockwise from 12 o'clock in vega's order and colors`, async () => {
      const spec = specs[name]!;
      const [n, v] = [await nativeOf(name, spec), await vectorOf(spec)];
      const slices = [...v.items].sort((a, b) => a.startAngle! - b.startAngle!);
      expect(n.categories).toEqual(slices.map((s) => String(s.datum.kind)));
      expect(n.pointColors).toEqual(slices.map((s) => up(s.fill)));
      expect(n.series[0]!.values).toEqual(slices.map((s) => s.datum.share));
      const ring = slices[0] as unknown as { innerRadius?: number; outerRadius: number };
      if (name === 'donut') expect(n.holeSize).toBe(Math.round((100 * ring.innerRadius!) / ring.outerRadius));
      else expect(n.holeSize).toBeUndefined();
    });
  }

  it('scatter: the point color, and each axis where vega puts it (zero:false on y)', async () => {
    const spec = specs.scatter!;
    const [n, v] = [await nativeOf('scatter', spec), await vectorOf(spec)];
    expect(n.series[0]!.color).toBe(up(v.items[0]!.stroke));
    expect(n.opacity).toBe((v.items[0] as { opacity?: number }).opacity);
    expect([n.valueAxis!.min, n.valueAxis!.max]).toEqual(v.scale('y'));
    expect([n.xAxis!.min, n.xAxis!.max]).toEqual(v.scale('x'));
    expect(n.xAxis!.min).toBe(0);
  });

  it('a given domain is the value axis, and the mark color is the series color', async () => {
    const spec = specs['line with a given domain']!;
    const [n, v] = [await nativeOf('domain', spec), await vectorOf(spec)];
    expect([n.valueAxis!.min, n.valueAxis!.max]).toEqual(v.scale('y'));
    expect(n.series[0]!.color).toBe(up(v.items[0]!.stroke));
  });

  it('never repeats a tick label: integer counts with an integer format step by at least 1', () => {
    const r = toNativeChart(
      { mark: 'bar', encoding: { x: { field: 'day', type: 'nominal' }, y: { field: 'n', type: 'quantitative', axis: { format: 'd' } } } },
      [
        { day: 'Mon', n: 1 },
        { day: 'Tue', n: 2 },
      ],
      ['#123456'],
    );
    expect(r.ok && r.chart.valueAxis!.majorUnit).toBeGreaterThanOrEqual(1);
    const pct = toNativeChart(
      { mark: 'bar', encoding: { x: { field: 'day', type: 'nominal' }, y: { field: 'p', type: 'quantitative', axis: { format: '.0%' } } } },
      [
        { day: 'Mon', p: 0.01 },
        { day: 'Tue', p: 0.03 },
      ],
      ['#123456'],
    );
    expect(pct.ok && pct.chart.valueAxis!.majorUnit).toBeGreaterThanOrEqual(0.01);
  });
});

describe('d3 formats as Excel number formats', () => {
  const axisFormat = (format: string, values: number[]) => {
    const r = toNativeChart(
      { mark: 'bar', encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'v', type: 'quantitative', axis: { format } } } },
      values.map((v, i) => ({ c: `c${i}`, v })),
      ['#123456'],
    );
    return r.ok ? r.chart.valueAxis!.numberFormat : r.reason;
  };
  it.each([
    [',', [1200, 3400], '#,##0'],
    ['.1f', [1.25, 3.5], '0.0'],
    [',.2f', [1200, 3400], '#,##0.00'],
    ['.0%', [0.1, 0.25], '0%'],
    ['.1%', [0.1, 0.25], '0.0%'],
    ['$,.0f', [1200, 3400], '$#,##0'],
    ['d', [3, 12], '0'],
    ['~s', [500000, 3000000], '[>=1000000]0.0,,"M";[>=1000]0,"k";0'],
    // Without a precision, an axis format takes the decimals its tick step needs (d3's tickFormat, as vega draws it).
    ['%', [0.3, 0.7], '0%'],
    ['f', [0.3, 0.7], '0.0'],
    [',', [0.3, 0.7], '#,##0.0'],
    ['.2~f', [30, 70], '0'],
  ])('%s', (format, values, excel) => expect(axisFormat(format, values)).toBe(excel));

  it('refuses a format it cannot follow, so the chart is a picture', () => {
    expect(axisFormat('#x', [1, 2])).toMatch(/no Excel equivalent/);
    expect(axisFormat('.3', [1, 2])).toMatch(/significant digits/);
  });

  it('reads like the labels vega draws for a format without a precision', async () => {
    const spec: Spec = {
      data: { values: grid((_p, _k, i, j) => 5 + 4 * i + 2 * j) },
      mark: 'bar',
      encoding: { x: { field: 'port', type: 'nominal' }, y: { field: 'tons', type: 'quantitative', stack: 'normalize', axis: { format: '%' } }, color: { field: 'kind', type: 'nominal' } },
    };
    const [n, v] = [await nativeOf('percent', spec), await vectorOf(spec)];
    expect(v.tickLabels.filter((l) => /\d/.test(l))).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(n.valueAxis).toMatchObject({ numberFormat: '0%', majorUnit: 0.2 });
  });
});

describe('refusals', () => {
  const base = (y: Record<string, unknown>, extra: Spec = {}) => ({ mark: 'bar', encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'v', type: 'quantitative', ...y } }, ...extra });
  const rows = [
    { c: 'a', v: 1 },
    { c: 'b', v: 2 },
  ];
  it.each([
    ['a log scale', base({ scale: { type: 'log' } })],
    ['a color scheme', { ...base({}), encoding: { ...base({}).encoding, color: { field: 'c', type: 'nominal', scale: { scheme: 'reds' } } } }],
    ['a named color', base({}, { mark: { type: 'bar', color: 'steelblue' } })],
    ['an ordinal color scale without a range', { ...base({}), encoding: { ...base({}).encoding, color: { field: 'c', type: 'ordinal' } } }],
  ])('%s is a picture, with the reason', (_n, spec) => {
    const r = toNativeChart(spec as Spec, rows, ['#123456']);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason.length).toBeGreaterThan(10);
  });

  it.each([null, false])('bars of several colors with stack %s overlap, so they are a picture', (stack) => {
    const r = toNativeChart(
      { mark: 'bar', encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'v', type: 'quantitative', stack }, color: { field: 's', type: 'nominal' } } },
      [
        { c: 'a', s: 'x', v: 1 },
        { c: 'a', s: 'y', v: 2 },
      ],
      ['#123456'],
    );
    expect(r.ok ? '' : r.reason).toMatch(/overlapping bars/);
  });

  it('a single series with stack null is still a plain bar chart', () => {
    const r = toNativeChart({ mark: 'bar', encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'v', type: 'quantitative', stack: null } } }, rows, ['#123456']);
    expect(r.ok && r.chart.grouping).toBe('clustered');
  });

  it('a step line is a picture; points on a line are markers; points are drawn at 0.7 opacity as in Vega-Lite', () => {
    const line = (mark: Record<string, unknown>) =>
      toNativeChart({ mark: { type: 'line', ...mark }, encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } } }, rows, ['#123456']);
    const step = line({ interpolate: 'step-after' });
    expect(step.ok ? '' : step.reason).toMatch(/interpolation/);
    const points = line({ point: true });
    expect(points.ok && points.chart.markers).toBe(true);
    const scatter = toNativeChart({ mark: 'point', encoding: { x: { field: 'v', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' } } }, rows, ['#123456']);
    expect(scatter.ok && scatter.chart.opacity).toBe(0.7);
  });

  it('a stacked area with negative values is a picture (PowerPoint would stack them into the positives)', () => {
    const r = toNativeChart(
      { mark: 'area', encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'v', type: 'quantitative' }, color: { field: 's', type: 'nominal' } } },
      [
        { c: 'a', s: 'x', v: 1 },
        { c: 'a', s: 'y', v: -2 },
      ],
      ['#123456'],
    );
    expect(r.ok ? '' : r.reason).toMatch(/negative/);
  });

  it('unevenly spaced dates are a picture (a category axis would space them evenly)', () => {
    const r = toNativeChart(
      { mark: 'line', encoding: { x: { field: 'd', type: 'temporal' }, y: { field: 'v', type: 'quantitative' } } },
      [
        { d: '2024-01-01', v: 1 },
        { d: '2024-01-02', v: 2 },
        { d: '2024-03-01', v: 3 },
      ],
      ['#123456'],
    );
    expect(r.ok ? '' : r.reason).toMatch(/unevenly spaced/);
  });

  it('calendar months count as evenly spaced, on the first or the last day of each month', () => {
    const line = (ds: string[]) =>
      toNativeChart(
        { mark: 'line', encoding: { x: { field: 'd', type: 'temporal' }, y: { field: 'v', type: 'quantitative' } } },
        ds.map((d, v) => ({ d, v })),
        ['#123456'],
      );
    expect(line(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']).ok).toBe(true);
    expect(line(['2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01']).ok).toBe(true);
    expect(line(['2024-01-31', '2024-02-29', '2024-03-30']).ok).toBe(false);
  });

  it('dates given as epoch numbers become date labels', () => {
    const r = toNativeChart(
      { mark: 'line', encoding: { x: { field: 'd', type: 'temporal' }, y: { field: 'v', type: 'quantitative' } } },
      months.slice(0, 3).map((m, i) => ({ d: Date.parse(m), v: i })),
      { palette: ['#123456'], language: 'fr' },
    );
    expect(r.ok && r.chart.categories).toEqual(['janv. 2024', 'févr. 2024', 'mars 2024']);
  });
});

describe('any spec', () => {
  it('is mapped or refused with a reason, never an exception', () => {
    const field = fc.constantFrom('a', 'b', 'c');
    const channel = fc.oneof(
      fc.record(
        {
          field,
          type: fc.constantFrom('quantitative', 'nominal', 'ordinal', 'temporal'),
          sort: fc.oneof(fc.constantFrom(null, 'ascending', 'descending', '-y', 'x', '-theta'), fc.array(fc.string()), fc.record({ field, op: fc.constantFrom('sum', 'mean', 'median') })),
          stack: fc.constantFrom(null, false, true, 'normalize', 'center'),
          scale: fc.record({ zero: fc.boolean(), domain: fc.oneof(fc.array(fc.anything()), fc.string()), range: fc.array(fc.string()) }, { requiredKeys: [] }),
          axis: fc.oneof(fc.constant(null), fc.record({ format: fc.string(), tickMinStep: fc.anything() }, { requiredKeys: [] })),
        },
        { requiredKeys: ['field'] },
      ),
      fc.anything(),
    );
    const spec = fc.record({
      mark: fc.oneof(fc.constantFrom('bar', 'line', 'area', 'arc', 'point'), fc.record({ type: fc.constantFrom('bar', 'line', 'arc'), color: fc.anything(), point: fc.anything() })),
      encoding: fc.dictionary(fc.constantFrom('x', 'y', 'color', 'theta', 'order', 'xOffset', 'yOffset'), channel),
    });
    const rows = fc.array(fc.oneof(fc.dictionary(field, fc.oneof(fc.string(), fc.double(), fc.integer(), fc.date(), fc.constant(null))), fc.anything()), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(spec, rows, (s, r) => {
        const out = toNativeChart(s as Spec, r as never, ['#123456', '#654321']);
        if (!out.ok) expect(out.reason.length).toBeGreaterThan(5);
      }),
      { numRuns: 400, seed: 20 },
    );
  });
});

describe('large data', () => {
  it('maps 50,000 daily points and 60,000 rows of a stacked bar in time linear in the rows', () => {
    const day = Date.UTC(2000, 0, 1);
    const line = toNativeChart(
      { mark: 'line', encoding: { x: { field: 'd', type: 'temporal' }, y: { field: 'v', type: 'quantitative' } } },
      Array.from({ length: 50_000 }, (_, i) => ({ d: day + i * 86_400_000, v: i % 97 })),
      ['#123456'],
    );
    expect(line.ok && line.chart.categories.length).toBe(50_000);
    const bars = toNativeChart(
      { mark: 'bar', encoding: { x: { field: 'c', type: 'nominal', sort: '-y' }, y: { field: 'v', type: 'quantitative' }, color: { field: 's', type: 'nominal' } } },
      Array.from({ length: 60_000 }, (_, i) => ({ c: `c${i % 20_000}`, s: `s${i % 3}`, v: i % 11 })),
      ['#123456'],
    );
    expect(bars.ok && bars.chart.series.length).toBe(3);
  });
});

describe('the native chart in the .pptx', () => {
  const chartXml = async (name: string, spec: Spec) => {
    const file = path.join(tmp.dir, `${name}.vl.json`);
    writeFileSync(file, JSON.stringify({ title: name, ...spec }));
    const out = path.join(tmp.dir, `${name}.pptx`);
    const done = await renderChartFile({ spec: file, output: out, theme: 'default', render: 'auto' }, ctx);
    expect(done.native).toBe(true);
    const zip = await JSZip.loadAsync(readFileSync(out));
    return zip.file('ppt/charts/chart1.xml')!.async('string');
  };
  const fills = (xml: string) => [...xml.matchAll(/<c:ser>[\s\S]*?<c:spPr>\s*<a:solidFill><a:srgbClr val="([0-9A-F]{6})"/g)].map((m) => `#${m[1]}`);
  const cats = (xml: string) => [...(/<c:cat>[\s\S]*?<\/c:cat>/.exec(xml)?.[0] ?? '').matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]!);

  it('single-series bar: c:min 0, no varied colors, one series color, the axis format', async () => {
    const xml = await chartXml('single', specs['single-series bar']!);
    expect(xml).toContain('<c:min val="0"/>');
    expect(xml).toContain('<c:varyColors val="0"/>');
    expect(xml).not.toContain('<c:dPt>');
    expect(fills(xml)).toEqual([theme.colors.chart[0]!.toUpperCase()]);
    expect(xml).toMatch(/<c:majorUnit val="[\d.]+"\/>/);
  });

  it('stacked bar: series colors and order as in the vector version', async () => {
    const spec = specs['stacked bar, custom color order and range']!;
    const xml = await chartXml('stacked', spec);
    const n = await nativeOf('stacked', spec);
    expect(fills(xml)).toEqual(n.series.map((s) => s.color));
    expect([...xml.matchAll(/<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1])).toEqual(n.series.map((s) => s.name));
    expect(xml).toContain('<c:grouping val="stacked"/>');
    expect(xml).toContain('<c:min val="0"/>');
  });

  it('normalized stacked bar: percentStacked with a percent format', async () => {
    const xml = await chartXml('normalized', specs['normalized stacked bar']!);
    expect(xml).toContain('<c:grouping val="percentStacked"/>');
    expect(xml).toMatch(/<c:numFmt formatCode="0%"/);
  });

  it('multi-line temporal: date labels in the category cache, never epoch numbers', async () => {
    const xml = await chartXml('lines', specs['multi-line temporal']!);
    const labels = cats(xml);
    expect(labels).toContain('Mar 2024');
    for (const l of labels) expect(l).not.toMatch(/^\d{9,}$/);
    expect(xml).not.toContain('<c:min val="0"/>');
  });

  it('horizontal grouped bar: categories and series written bottom-up, so PowerPoint shows them top-down as vega does', async () => {
    const spec: Spec = {
      data: { values: grid((_p, _k, i, j) => 10 + 7 * i + 3 * j) },
      mark: 'bar',
      encoding: { y: { field: 'port', type: 'nominal' }, yOffset: { field: 'kind' }, x: { field: 'tons', type: 'quantitative' }, color: { field: 'kind', type: 'nominal' } },
    };
    const [xml, n, v] = [await chartXml('hgrouped', spec), await nativeOf('hgrouped', spec), await vectorOf(spec)];
    const topDown = (port: string) =>
      v.items
        .filter((i) => i.datum.port === port)
        .sort((a, b) => a.y - b.y)
        .map((i) => String(i.datum.kind));
    expect(n.series.map((s) => s.name)).toEqual(topDown('Rajin'));
    expect([...xml.matchAll(/<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1])).toEqual([...topDown('Rajin')].reverse());
    expect(cats(xml)).toEqual([...n.categories].reverse());
    expect(fills(xml)).toEqual([...n.series].reverse().map((s) => s.color));
  });

  it('sorted horizontal bar: the "," format as #,##0', async () => {
    const xml = await chartXml('sorted', specs['sorted horizontal bar']!);
    expect(xml).toContain('formatCode="#,##0"');
    expect(xml).toContain('<c:min val="0"/>');
    // Drawn bottom-up by PowerPoint, so written in reverse.
    expect(cats(xml)).toEqual(['Chongjin', 'Rajin', 'Wonsan', 'Najin']);
  });
});
