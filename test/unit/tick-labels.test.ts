/** Tick labels never repeated: an axis whose number format rounds gets ticks no closer than the format tells apart. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderChart } from '../../src/4-charts/render-chart.js';
import { formatStep } from '../../src/4-charts/tick-steps.js';
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
  theme = (await loadTheme('default', repoRoot, repoRoot, { file: 'x', line: 1, column: 1 }, sink, ctx))!;
  fonts = new FontSet(theme.fonts, ctx.fonts);
});

/** The SVG of a spec rendered as a build renders it (at a memo column's width, or at its own size). */
async function svgOf(spec: Record<string, unknown>, width?: number): Promise<string> {
  const sink = new DiagnosticSink();
  const chart = await renderChart(
    { specFile: path.join(repoRoot, 'test', 'inline.vl.json'), spec, root: repoRoot, ...(width ? { fit: { width } } : {}) },
    { theme, fonts, cache: ctx.charts, schemas: ctx.schemas },
    sink,
  );
  expect(sink.items.map((d) => formatDiagnostic(d, repoRoot))).toEqual([]);
  return chart!.svg;
}

/** The labels of each axis of a vega SVG, in drawing order. */
function axisLabels(svg: string): string[][] {
  return [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => [...m[1]!.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]!));
}

describe('tick labels are never repeated', () => {
  it('knows the step a number format can tell apart', () => {
    expect(formatStep(',d')).toBe(1);
    expect(formatStep('.1f')).toBeCloseTo(0.1);
    expect(formatStep('.0%')).toBeCloseTo(0.01);
    expect(formatStep('$,.2f')).toBeCloseTo(0.01);
    expect(formatStep('~s')).toBeUndefined();
  });

  for (const [name, values, format] of [
    ['counts of 0 to 1', [0, 1, 1, 0], ',d'],
    ['counts of 0 to 3', [0, 3, 2, 1, 3], ',d'],
    ['tenths', [0.1, 0.3, 0.2], '.1f'],
    ['shares', [0.01, 0.03, 0.02], '.0%'],
  ] as const)
    it(`${name} formatted "${format}"`, async () => {
      const spec = {
        data: { values: values.map((v, i) => ({ edition: `2024-W${10 + i}`, v })) },
        mark: 'line',
        encoding: { x: { field: 'edition', type: 'ordinal' }, y: { field: 'v', type: 'quantitative', axis: { format, tickCount: 8 } } },
      };
      for (const width of [451, undefined]) {
        const labels = axisLabels(await svgOf(spec, width));
        const y = labels.find((l) => !l.some((t) => t.startsWith('2024')))!;
        expect(y.length).toBeGreaterThan(1);
        expect(new Set(y).size, y.join(', ')).toBe(y.length);
      }
    });
});
