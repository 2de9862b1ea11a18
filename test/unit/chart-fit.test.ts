/**
 * Charts laid out where they are placed (never drawn larger and scaled down past
 * 7 pt text), on the background of their place, with legends that wrap rather than cut.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderChart, type RenderedChart } from '../../src/4-charts/render-chart.js';
import { MIN_CHART_TEXT_PT, smallestText, type ChartFit } from '../../src/4-charts/fit-spec.js';
import { DiagnosticSink, formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { FontSet } from '../../src/text/font-set.js';
import { loadTheme, type Theme } from '../../src/2-validate/theme.js';
import { BuildContext } from '../../src/build-context.js';
import { repoRoot } from '../helpers/sample.js';

const ctx = new BuildContext();
let theme: Theme;
let fonts: FontSet;

beforeAll(async () => {
  const sink = new DiagnosticSink();
  theme = (await loadTheme('ministry', repoRoot, repoRoot, { file: 'x', line: 1, column: 1 }, sink, ctx))!;
  fonts = new FontSet(theme.fonts, ctx.fonts);
});

async function render(spec: Record<string, unknown>, fit?: ChartFit): Promise<RenderedChart> {
  const sink = new DiagnosticSink();
  const chart = await renderChart(
    { specFile: path.join(repoRoot, 'test', 'inline.vl.json'), spec, root: repoRoot, ...(fit ? { fit } : {}) },
    { theme, fonts, cache: ctx.charts, schemas: ctx.schemas },
    sink,
  );
  expect(sink.items.map((d) => formatDiagnostic(d, repoRoot))).toEqual([]);
  return chart!;
}

/** All text of a vega SVG's legends. */
function legendLabels(svg: string): string[] {
  return [...svg.matchAll(/<g class="mark-text role-legend-label"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((m) => [...m[1]!.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]!));
}

const memo: ChartFit = { width: 451.28, background: '#FFFFFF' };

const longSeries = ['Over three years, from March 2022 to March 2025, as reported', 'Reported by the coast guard of one state only', 'Unconfirmed reports in regional press', 'Other'];
const stacked = {
  data: { values: ['2022', '2023', '2024'].flatMap((year, i) => longSeries.map((series, k) => ({ year, series, n: 3 + i + k }))) },
  mark: 'bar',
  encoding: {
    x: { field: 'year', type: 'nominal', title: null },
    y: { field: 'n', type: 'quantitative', aggregate: 'sum', title: 'Incidents' },
    color: { field: 'series', type: 'nominal', title: null },
  },
};

describe('charts laid out for their place', () => {
  it('a stacked bar with a bottom legend is drawn at the memo column width, its text at the theme size, its legend wrapped not cut', async () => {
    const chart = await render(stacked, memo);
    expect(chart.width).toBeLessThanOrEqual(memo.width + 0.5);
    expect(smallestText(chart.svg)).toBe(theme.sizes.chart);
    expect(legendLabels(chart.svg).sort()).toEqual([...longSeries].sort());
    expect(chart.svg).not.toContain('…');
  });

  it('a spec fixing a width wider than the column is scaled, but never to text under 7 pt', async () => {
    const chart = await render({ ...stacked, width: 1400, height: 300 }, memo);
    const scale = Math.min(1, memo.width / chart.width);
    expect(smallestText(chart.svg) * scale).toBeGreaterThanOrEqual(MIN_CHART_TEXT_PT);
  });

  it('fills a slide box in both directions', async () => {
    const chart = await render(stacked, { width: 633, height: 330 });
    expect(chart.width).toBeCloseTo(633, 0);
    expect(chart.height).toBeCloseTo(330, 0);
  });

  it('fits a chart counted in steps (a bar per category) to the width, without a warning', async () => {
    const bars = { ...stacked, height: { step: 30 }, encoding: { ...stacked.encoding, x: stacked.encoding.y, y: stacked.encoding.x } };
    for (const width of [451.28, 200]) {
      const chart = await render({ ...bars, width: 700 }, { width });
      expect(smallestText(chart.svg) * Math.min(1, width / chart.width)).toBeGreaterThanOrEqual(MIN_CHART_TEXT_PT);
    }
  });

  it('draws on the background of its place', async () => {
    expect((await render(stacked, memo)).svg).toContain('fill="#FFFFFF"');
    expect((await render(stacked)).svg).toContain(`fill="${theme.colors.background}"`);
  });
});
