/** Draws a chart SVG into a pdfkit document as vectors, its text in the theme's embedded fonts. */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { RenderedChart } from '../../4-charts/render-chart.js';
import type { FontSet } from '../../fonts/font-set.js';
import { PdfFonts } from './pdf-fonts.js';
import { drawnAsPicture, prefetchRaster, rasterizeSvg } from '../../raster/rasterize.js';

/** Draws any SVG scaled into the box w × h, as vectors; text uses the theme's registered fonts. */
export function drawSvg(pdf: PDFKit.PDFDocument, fonts: PdfFonts, svgText: string, x: number, y: number, w: number, h: number): void {
  // Why: the root width/height would override the viewport; without them the viewBox scales to w × h.
  const svg = svgText.replace(/^(\s*(?:<\?xml[^>]*>\s*)?<svg\b[^>]*?)\s+width="[\d.]+(?:px)?"\s+height="[\d.]+(?:px)?"/, '$1');
  SVGtoPDF(pdf, svg, x, y, {
    width: w,
    height: h,
    assumePt: true,
    fontCallback: (family: string, bold: boolean, italic: boolean) => fonts.forSvg(family, bold, italic),
    warningCallback: () => undefined,
  });
}

/** Makes sure the pictures of charts too big to draw as vectors are ready (the deck may be drawing them already). */
export async function picturesReady(charts: RenderedChart[], fonts: FontSet): Promise<void> {
  await Promise.all(charts.filter((c) => drawnAsPicture(c, undefined, 'memo')).map((c) => prefetchRaster(c.svg, fonts.theme, 2)));
}

/** Draws `chart` at (x, y) scaled to width `w`; returns the height used (the chart's aspect ratio). */
export function drawChart(pdf: PDFKit.PDFDocument, fonts: PdfFonts, chart: RenderedChart, x: number, y: number, w: number): number {
  const h = (chart.height / chart.width) * w;
  // Same scale as the deck's picture, so the costly rasterizing happens once per chart.
  if (drawnAsPicture(chart, undefined, 'memo')) pdf.image(rasterizeSvg(chart.svg, fonts.fonts.theme, 2), x, y, { width: w, height: h });
  else drawSvg(pdf, fonts, chart.svg, x, y, w, h);
  return h;
}

/** A one-page PDF holding just the chart at its own size (for `brief chart --format pdf`). */
export async function writeChartPdf(chart: RenderedChart, fonts: FontSet, title: string): Promise<Buffer> {
  const epoch = new Date(Date.UTC(2000, 0, 1));
  const pdf = new PDFDocument({ size: [chart.width, chart.height], margin: 0, autoFirstPage: true, info: { Title: title, Creator: 'Briefsmith', Producer: 'Briefsmith (pdfkit)', CreationDate: epoch, ModDate: epoch } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  await picturesReady([chart], fonts);
  drawChart(pdf, new PdfFonts(pdf, fonts), chart, 0, 0, chart.width);
  pdf.end();
  return done;
}
