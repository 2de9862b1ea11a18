/** `brief chart`: renders one Vega-Lite spec to svg, png, pdf or pptx, with the same sandbox and theme as a build. */
import path from 'node:path';
import { DiagnosticSink, fileStart, type Diagnostic } from '../diagnostics/diagnostic.js';
import { BuildContext } from '../build-context.js';
import { renderChart } from '../4-charts/render-chart.js';
import { loadTheme } from '../2-validate/theme.js';
import { deckChart, memoChart } from '../7-realize/realize.js';
import { chartStyle, slideGeometry } from '../8-layout/deck/layout-deck.js';
import { rasterFonts } from '../pipeline.js';
import { FontSet } from '../text/font-set.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { PictureError } from '../raster/rasterize.js';

/** Options of `brief chart`. */
export interface ChartCommandOptions {
  spec: string;
  output: string;
  format?: string;
  theme: string;
  render: string;
}

const formats = ['svg', 'png', 'pdf', 'pptx'] as const;

/** Renders the spec and writes the file; throws BriefError on problems. */
export async function renderChartFile(o: ChartCommandOptions, ctx = new BuildContext()): Promise<{ format: string; bytes: number; native?: boolean; warnings: Diagnostic[] }> {
  ctx.useUtc();
  const sink = new DiagnosticSink();
  const specFile = path.resolve(o.spec);
  const root = path.dirname(specFile);
  const format = (o.format ?? path.extname(o.output).slice(1)).toLowerCase();
  if (!(formats as readonly string[]).includes(format)) sink.error(fileStart('<command line>'), `unknown chart format "${format}" (expected ${formats.join(', ')})`, 'cli/format');
  if (!['auto', 'native', 'image'].includes(o.render)) sink.error(fileStart('<command line>'), `unknown render mode "${o.render}" (expected auto, native, image)`, 'cli/render');
  sink.throwIfErrors();
  const theme = (await loadTheme(o.theme, process.cwd(), process.cwd(), fileStart('<command line>'), sink, ctx))!;
  sink.throwIfErrors();
  const fonts = new FontSet(theme.fonts, ctx.fonts);
  const rendered = (await renderChart({ specFile, root }, { theme, fonts, cache: ctx.charts, schemas: ctx.schemas }, sink))!;
  sink.throwIfErrors();
  const title = path.basename(specFile).replace(/\.vl\.json$/, '');
  const raster = rasterFonts(theme);
  let data: Buffer;
  let native: boolean | undefined;
  try {
    ({ data, native } = await chartData());
  } catch (err) {
    if (!(err instanceof PictureError)) throw err;
    sink.error(fileStart(specFile), err.message, 'chart/picture');
    sink.throwIfErrors();
    throw err;
  }
  await writeFileAtomic(o.output, data);
  return { format, bytes: data.length, native, warnings: sink.warnings };

  /** The file's bytes in the format asked for. */
  async function chartData(): Promise<{ data: Buffer; native?: boolean }> {
    let data: Buffer;
    let native: boolean | undefined;
    if (format === 'svg') data = Buffer.from(rendered.svg);
    else if (format === 'png') data = ctx.rasters.png(rendered.svg, raster, 2);
    else if (format === 'pdf') {
      const chart = memoChart(rendered);
      const { writeChartPdf } = await import('../9-emit/pdf/index.js');
      const { heading, body, fallbacks } = theme.fonts;
      data = await writeChartPdf(chart, [heading, body, ...fallbacks], ctx.fonts, title, chart.mode === 'picture' ? ctx.rasters.png(chart.svg, raster, 2) : undefined);
    } else {
      const chart = deckChart(rendered, o.render as 'auto' | 'native' | 'image');
      native = chart.mode === 'native';
      const g = slideGeometry(theme.slide);
      const w = g.width - 2 * g.marginX;
      const h = native ? Math.min(g.height - 1, w * 0.75) : Math.min(g.height - 1.0, (chart.height / chart.width) * w);
      const cw = native ? w : (chart.width / chart.height) * h;
      const { writeChartPptx } = await import('../9-emit/pptx/index.js');
      data = await writeChartPptx(
        { kind: 'chart', name: title, x: (g.width - cw) / 2, y: (g.height - h) / 2, w: cw, h, chart, alt: title, style: chartStyle({ fonts, theme }) },
        { width: g.width, height: g.height },
        native ? undefined : ctx.rasters.png(chart.svg, raster, 2),
      );
      if (o.render === 'native' && !rendered.native) sink.warn(fileStart(specFile), `drawn as a picture, not a native chart: ${rendered.nativeReason}`, 'chart/native-fallback');
    }
    return { data, native };
  }
}
