import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChart, type RenderedChart } from '../../src/4-charts/render-chart.js';
import { DiagnosticSink, formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { FontSet } from '../../src/text/font-set.js';
import { loadTheme, type Theme } from '../../src/2-validate/theme.js';
import { BuildContext } from '../../src/build-context.js';
import { rasterFonts } from '../../src/pipeline.js';
import { renderChartFile } from '../../src/cli/chart-command.js';
import { pdfPageTexts, repoRoot, tempDir } from '../helpers/sample.js';

const galleryDir = path.join(repoRoot, 'test', 'fixtures', 'gallery');
const specs = readdirSync(galleryDir)
  .filter((f) => f.endsWith('.vl.json'))
  .sort();
const ctx = new BuildContext();
let theme: Theme;
let fonts: FontSet;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  const sink = new DiagnosticSink();
  theme = (await loadTheme('default', repoRoot, repoRoot, { file: 'x', line: 1, column: 1 }, sink, ctx))!;
  fonts = new FontSet(theme.fonts, ctx.fonts);
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

async function render(file: string): Promise<{ chart?: RenderedChart; sink: DiagnosticSink }> {
  const sink = new DiagnosticSink();
  const chart = await renderChart({ specFile: path.join(galleryDir, file), root: galleryDir }, { theme, fonts, cache: ctx.charts, schemas: ctx.schemas }, sink);
  return { chart, sink };
}

/** What `brief chart` writes for a gallery spec in a format. */
async function chartFile(file: string, format: 'pdf' | 'pptx'): Promise<Buffer> {
  const out = path.join(tmp.dir, `${file}.${format}`);
  await renderChartFile({ spec: path.join(galleryDir, file), output: out, theme: 'default', render: 'auto' }, ctx);
  return readFileSync(out);
}

/** Share of pixels that are not near-white. */
function inkShare(png: Buffer): number {
  const img = new Resvg(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image width="10" height="10" href="data:image/png;base64,${png.toString('base64')}"/></svg>`,
  ).render();
  const px = img.pixels;
  let ink = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i]! < 235 || px[i + 1]! < 235 || px[i + 2]! < 235) ink++;
  return ink / (px.length / 4);
}

describe('chart gallery', () => {
  it('has at least 25 varied specs', () => expect(specs.length).toBeGreaterThanOrEqual(25));

  for (const file of specs) {
    it(`${file} renders to SVG, a non-blank PNG and a vector PDF with its title as text`, async () => {
      const { chart, sink } = await render(file);
      expect(sink.items.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
      expect(chart!.svg).toMatch(/^<svg/);
      expect(chart!.width).toBeGreaterThan(50);
      const png = ctx.rasters.png(chart!.svg, rasterFonts(theme), 1);
      expect(inkShare(png)).toBeGreaterThan(0.01);
      const pdf = await chartFile(file, 'pdf');
      const title = (JSON.parse(readFileSync(path.join(galleryDir, file), 'utf8')) as { title: string }).title;
      const text = (await pdfPageTexts(pdf)).join(' ').replace(/\s+/g, ' ');
      expect(text).toContain(title);
      expect(pdf.toString('latin1')).not.toContain('/Helvetica');
    });
  }
});

describe('native PowerPoint charts', () => {
  const expected: Record<string, { tag: string; series: number; dir?: string; grouping?: string; values?: string[] }> = {
    '01-grouped-bar.vl.json': { tag: 'c:barChart', series: 2, dir: 'col', grouping: 'clustered', values: ['1000', '2200'] },
    '02-stacked-bar.vl.json': { tag: 'c:barChart', series: 3, dir: 'col', grouping: 'stacked' },
    '03-horizontal-bar.vl.json': { tag: 'c:barChart', series: 1, dir: 'bar', values: ['3', '0.05'] },
    '04-multi-line-temporal.vl.json': { tag: 'c:lineChart', series: 3 },
    '13-pie.vl.json': { tag: 'c:pieChart', series: 1, values: ['60', '30', '10'] },
    '14-donut.vl.json': { tag: 'c:doughnutChart', series: 1 },
    '15-scatter.vl.json': { tag: 'c:scatterChart', series: 1, values: ['43'] },
  };
  for (const [file, want] of Object.entries(expected)) {
    it(`${file} becomes an editable ${want.tag}`, async () => {
      const { chart } = await render(file);
      expect(chart!.native, chart!.nativeReason).toBeDefined();
      const zip = await JSZip.loadAsync(await chartFile(file, 'pptx'));
      const xml = await zip.file('ppt/charts/chart1.xml')!.async('string');
      expect(xml).toContain(`<${want.tag}>`);
      expect(xml.match(/<c:ser>/g)?.length).toBe(want.series);
      if (want.dir) expect(xml).toContain(`<c:barDir val="${want.dir}"/>`);
      if (want.grouping) expect(xml).toContain(`<c:grouping val="${want.grouping}"/>`);
      for (const v of want.values ?? []) expect(xml).toContain(`<c:v>${v}</c:v>`);
      expect(Object.keys(zip.files).some((n) => n.endsWith('.xlsx'))).toBe(true);
    });
  }

  // 05-area: its weeks are unevenly spaced (22 September, then 1 October), which a category axis would hide.
  for (const file of ['10-facet.vl.json', '07-annotated-rules.vl.json', '24-histogram.vl.json', '16-scatter-size-color.vl.json', '05-area.vl.json']) {
    it(`${file} is refused with a reason and drawn as an SVG picture instead`, async () => {
      const { chart } = await render(file);
      expect(chart!.native).toBeUndefined();
      expect(chart!.nativeReason?.length).toBeGreaterThan(10);
      const zip = await JSZip.loadAsync(await chartFile(file, 'pptx'));
      expect(Object.keys(zip.files).some((n) => n.startsWith('ppt/charts/'))).toBe(false);
      expect(Object.keys(zip.files).filter((n) => /^ppt\/media\/.+\.(png|svg)$/.test(n)).length).toBe(2);
    });
  }
});

describe('chart text', () => {
  it('uses real font metrics, so label widths match the font (not vega estimates)', async () => {
    const { chart } = await render('20-long-labels.vl.json');
    expect(chart!.svg).toContain('Western estimates of rounds fired');
  });

  it('sends Hangul runs to the fallback font inside the SVG', async () => {
    const { chart } = await render('22-hangul.vl.json');
    expect(chart!.svg).toContain('font-family="Malgun Gothic"');
  });

  it('renders from the cache when spec, data and theme are unchanged', async () => {
    const a = await render('25-csv-data.vl.json');
    const b = await render('25-csv-data.vl.json');
    expect(b.chart).toBe(a.chart);
  });
});
