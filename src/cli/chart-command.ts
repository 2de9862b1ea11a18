/** `brief chart`: renders one Vega-Lite spec to svg, png, pdf or pptx, with the same sandbox and theme as a build. */
import path from 'node:path';
import { DiagnosticSink, fileStart, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderChart } from '../4-charts/render-chart.js';
import { drawnNative, rasterizeSvg } from '../raster/rasterize.js';
import { loadTheme } from '../2-validate/theme.js';
import { FontSet } from '../fonts/font-set.js';
import { writeFileAtomic } from '../files/atomic-write.js';

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
export async function renderChartFile(o: ChartCommandOptions): Promise<{ format: string; bytes: number; native?: boolean; warnings: Diagnostic[] }> {
  const sink = new DiagnosticSink();
  const specFile = path.resolve(o.spec);
  const root = path.dirname(specFile);
  const format = (o.format ?? path.extname(o.output).slice(1)).toLowerCase();
  if (!(formats as readonly string[]).includes(format)) sink.error(fileStart('<command line>'), `unknown chart format "${format}" (expected ${formats.join(', ')})`, 'cli/format');
  if (!['auto', 'native', 'image'].includes(o.render)) sink.error(fileStart('<command line>'), `unknown render mode "${o.render}" (expected auto, native, image)`, 'cli/render');
  sink.throwIfErrors();
  const theme = await loadTheme(o.theme, process.cwd(), process.cwd(), fileStart('<command line>'), sink);
  sink.throwIfErrors();
  const fonts = new FontSet(theme!);
  const chart = await renderChart({ specFile, root }, fonts, sink);
  sink.throwIfErrors();
  const title = path.basename(specFile).replace(/\.vl\.json$/, '');
  let data: Buffer;
  let native: boolean | undefined;
  if (format === 'svg') data = Buffer.from(chart!.svg);
  else if (format === 'png') data = rasterizeSvg(chart!.svg, theme!, 2);
  else if (format === 'pdf') data = await (await import('../5-writers/pdf/draw-chart.js')).writeChartPdf(chart!, fonts, title);
  else {
    data = await (await import('../5-writers/pptx/index.js')).writeChartPptx(chart!, fonts, title, o.render as 'auto');
    native = drawnNative(chart!, o.render as 'auto' | 'native' | 'image');
    if (o.render === 'native' && !chart!.native) sink.warn(fileStart(specFile), `drawn as a picture, not a native chart: ${chart!.nativeReason}`, 'chart/native-fallback');
  }
  await writeFileAtomic(o.output, data);
  return { format, bytes: data.length, native, warnings: sink.warnings };
}
