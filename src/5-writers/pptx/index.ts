/**
 * The PowerPoint writer (pptxgenjs is used only in this folder): laid-out
 * slides become real, editable PowerPoint text, shapes and pictures on a
 * master that carries the marking banners, footer and slide number.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mergeIntoBase } from './base-template.js';
import pptxModule from 'pptxgenjs';
import type * as PptxTypes from 'pptxgenjs';

// Why: pptxgenjs's typings describe a CommonJS module, but Node loads its ES build, whose default export is the class.
type Pptx = InstanceType<typeof PptxTypes.default.default>;
declare namespace PptxGenJS {
  type Slide = PptxTypes.default.Slide;
  type TextProps = PptxTypes.default.TextProps;
  type TextPropsOptions = PptxTypes.default.TextPropsOptions;
  type ShapeProps = PptxTypes.default.ShapeProps;
  type ImageProps = PptxTypes.default.ImageProps;
}
const PptxGenJSClass = ((pptxModule as unknown as { default?: unknown }).default ?? pptxModule) as typeof PptxTypes.default.default;
import type { BriefDocument, FigureBlock } from '../../6-document/types.js';
import { figureBlocks } from '../../6-document/figure-blocks.js';
import type { RenderedChart } from '../../4-charts/render-chart.js';
import { FontSet } from '../../fonts/font-set.js';
import { drawnAsPicture, drawnNative, prefetchRaster, rasterizeSvg, rastersReady, VECTOR_LIMIT_BYTES } from '../../raster/rasterize.js';
import { bannerColors } from '../../2-validate/theme.js';
import { formatDate } from '../../5-template/helpers.js';
import { layoutDeck, type Box, type LaidOutSlide, type Para } from '../deck-layout/layout-deck.js';
import { slideGeometry } from '../deck-layout/slide-geometry.js';
import { capturePackage, normalizeZip, withSeededRandom } from './deterministic-zip.js';
import { addSvgOriginals, pngKey } from './svg-pictures.js';
import { addNativeChart } from './native-charts.js';

const hex = (c: string) => c.replace('#', '').toUpperCase();
const MASTER = 'BRIEF';

/** Queues every picture the deck needs on the background thread (the pipeline has usually queued them already). */
function prefetchDeckPictures(doc: BriefDocument): void {
  for (const f of figureBlocks(doc.deck.slides)) if (drawnAsPicture(f.chart, f.figure.render, 'deck')) void prefetchRaster(f.chart.svg, doc.theme, 2);
}

/** Writes the deck; the same document always gives the same bytes. */
export async function writePptx(doc: BriefDocument, fonts: FontSet): Promise<Buffer> {
  prefetchDeckPictures(doc);
  await rastersReady();
  const slides = layoutDeck(doc, fonts);
  const svgByPng = new Map<string, string>();
  const raw = await withSeededRandom(hashSeed(doc.meta.editionId), async () => {
    const pptx = buildPresentation(doc, fonts, slides, svgByPng);
    return capturePackage(() => pptx.write({ outputType: 'nodebuffer', compression: false }));
  });
  const deck = await normalizeZip(raw, doc.meta.editionDate, (zip) => addSvgOriginals(zip, svgByPng));
  if (!doc.deck.base) return deck;
  // On an organisation's template: move the slides into it, then make the bytes reproducible again.
  const merged = await mergeIntoBase(deck, await readFile(doc.deck.base.file), slides.map((s) => s.layout), doc.deck.base.layouts);
  return normalizeZip(merged, doc.meta.editionDate);
}

function buildPresentation(doc: BriefDocument, fonts: FontSet, slides: LaidOutSlide[], svgByPng: Map<string, string>): Pptx {
  const { theme, meta } = doc;
  const g = slideGeometry(theme, doc.deck.size);
  const onBase = !!doc.deck.base;
  const pptx = new PptxGenJSClass();
  pptx.defineLayout({ name: 'BRIEF', width: g.width, height: g.height });
  pptx.layout = 'BRIEF';
  pptx.title = meta.title;
  pptx.subject = meta.subject;
  pptx.author = meta.authors.join(', ');
  pptx.company = meta.organisation;
  pptx.theme = { headFontFace: theme.fonts.heading.name, bodyFontFace: theme.fonts.heading.name };

  const banner = bannerColors(theme, meta.marking);
  const bannerText = (y: number) => ({
    text: {
      text: meta.marking,
      options: { x: 0, y, w: g.width, h: g.bannerHeight, align: 'center' as const, valign: 'middle' as const, fontFace: theme.fonts.heading.name, fontSize: 11, bold: true, color: hex(banner.text), margin: 0 },
    },
  });
  const bannerLine = banner.background.toUpperCase() === '#FFFFFF' ? { color: '000000', width: 0.75 } : undefined;
  const logo = theme.logo ? logoPng(theme.logo, theme) : undefined;
  const logoH = 0.5;
  const titlePlaceholder = {
    placeholder: {
      options: { name: 'title', type: 'title', x: g.marginX, y: g.titleY, w: g.width - 2 * g.marginX - (logo ? logoH + 0.2 : 0), h: g.titleH, fontFace: theme.fonts.heading.name, fontSize: theme.sizes.slideTitle, bold: true, color: hex(theme.colors.primary), align: 'left', valign: 'bottom', margin: 0 },
      text: '',
    },
  };
  pptx.defineSlideMaster({
    title: MASTER,
    background: { color: hex(theme.colors.background) },
    // On an organisation's template the slides leave this master for the template's layouts, so the
    // banners, footer and logo are drawn on each slide instead (below).
    objects: onBase ? [titlePlaceholder] : [
      { rect: { x: 0, y: 0, w: g.width, h: g.bannerHeight, fill: { color: hex(banner.background) }, ...(bannerLine ? { line: bannerLine } : {}) } },
      bannerText(0),
      { rect: { x: 0, y: g.height - g.bannerHeight, w: g.width, h: g.bannerHeight, fill: { color: hex(banner.background) }, ...(bannerLine ? { line: bannerLine } : {}) } },
      bannerText(g.height - g.bannerHeight),
      { line: { x: g.marginX, y: g.footerY - 0.05, w: g.width - 2 * g.marginX, h: 0, line: { color: hex(theme.colors.rule), width: 0.75 } } },
      {
        text: {
          text: `${meta.seriesShortTitle} · ${formatDate(meta.editionDate)}`,
          options: { x: g.marginX, y: g.footerY, w: g.width - 2 * g.marginX - 1.2, h: g.footerH, fontFace: theme.fonts.heading.name, fontSize: 10, color: hex(theme.colors.muted), valign: 'middle', margin: 0 },
        },
      },
      ...(logo ? [{ image: { x: g.width - g.marginX - logoH, y: g.titleY + (g.titleH - logoH) / 2, w: logoH, h: logoH, data: `image/png;base64,${logo.toString('base64')}`, altText: `${meta.organisation} logo` } }] : []),
      titlePlaceholder,
    ],
    slideNumber: { x: g.width - g.marginX - 1.0, y: g.footerY, w: 1.0, h: g.footerH, fontFace: theme.fonts.heading.name, fontSize: 10, color: hex(theme.colors.muted), align: 'right', valign: 'middle', margin: 0 },
  } as Parameters<Pptx['defineSlideMaster']>[0]);

  for (const s of slides) {
    const slide = pptx.addSlide({ masterName: MASTER });
    if (onBase) {
      for (const y of [0, g.height - g.bannerHeight]) {
        slide.addShape(pptx.ShapeType.rect, { x: 0, y, w: g.width, h: g.bannerHeight, fill: { color: hex(banner.background) }, line: bannerLine ?? { color: hex(banner.background), width: 0 } });
        slide.addText(meta.marking, { ...bannerText(y).text.options, objectName: 'Marking' } as PptxGenJS.TextPropsOptions);
      }
      slide.addText(`${meta.seriesShortTitle} · ${formatDate(meta.editionDate)}`, { x: g.marginX, y: g.footerY, w: g.width - 2 * g.marginX - 1.2, h: g.footerH, fontFace: theme.fonts.heading.name, fontSize: 10, color: hex(theme.colors.muted), valign: 'middle', margin: 0, objectName: 'Footer' } as PptxGenJS.TextPropsOptions);
      slide.slideNumber = { x: g.width - g.marginX - 1.0, y: g.footerY, w: 1.0, h: g.footerH, fontFace: theme.fonts.heading.name, fontSize: 10, color: hex(theme.colors.muted), align: 'right' } as never;
    }
    if (s.title) slide.addText(textRuns([{ runs: [{ text: s.title }] }], fonts, theme.colors.primary), { placeholder: 'title' });
    for (const box of s.boxes) addBox(pptx, slide, box, fonts, svgByPng);
    if (s.notes.length) slide.addNotes(s.notes.join('\n\n'));
  }
  return pptx;
}

function addBox(pptx: Pptx, slide: PptxGenJS.Slide, box: Box, fonts: FontSet, svgByPng: Map<string, string>): void {
  const face = fonts.theme.fonts.heading.name;
  switch (box.kind) {
    case 'text':
      if (box.fill) slide.addShape(pptx.ShapeType.rect, { x: box.x, y: box.y, w: box.w, h: box.h, fill: { color: hex(box.fill) } });
      slide.addText(textRuns(box.paras, fonts, box.color), {
        x: box.x,
        y: box.y,
        w: box.w,
        h: box.h,
        fontFace: face,
        fontSize: box.fontSize,
        color: hex(box.color),
        valign: box.valign ?? 'top',
        margin: 0,
        fit: 'none',
        wrap: true,
        objectName: box.name,
      } as PptxGenJS.TextPropsOptions);
      break;
    case 'shape': {
      const shape = box.shape === 'ellipse' ? pptx.ShapeType.ellipse : box.shape === 'roundRect' ? pptx.ShapeType.roundRect : pptx.ShapeType.rect;
      const common = { x: box.x, y: box.y, w: box.w, h: box.h, fill: { color: hex(box.fill) }, line: { color: hex(box.fill), width: 0 }, objectName: box.name };
      if (box.label) {
        slide.addText(textRuns([{ runs: [{ text: box.label.text, bold: box.label.bold }] }], fonts, box.label.color), {
          ...common,
          shape,
          rectRadius: box.shape === 'roundRect' ? 0.08 : undefined,
          fontFace: face,
          fontSize: box.label.fontSize,
          color: hex(box.label.color),
          align: 'center',
          valign: 'middle',
          margin: 0,
        } as PptxGenJS.TextPropsOptions);
      } else {
        slide.addShape(shape, common as PptxGenJS.ShapeProps);
      }
      break;
    }
    case 'image': {
      const { chart, figure, alt } = box.figure;
      if (drawnNative(chart, figure.render)) {
        addNativeChart(pptx, slide, chart.native!, { x: box.x, y: box.y, w: box.w, h: box.h, name: box.name, alt, font: face, size: fonts.theme.sizes.chart, textColor: fonts.theme.colors.text, gridColor: fonts.theme.colors.rule });
        break;
      }
      // Crisp at any zoom: the SVG original for PowerPoint 2016+, a 2× PNG for everything else.
      const png = rasterizeSvg(chart.svg, fonts.theme, 2);
      // A very large SVG (tens of thousands of marks) goes in as its PNG alone.
      if (chart.svg.length <= VECTOR_LIMIT_BYTES) svgByPng.set(pngKey(png), chart.svg);
      slide.addImage({ data: `image/png;base64,${png.toString('base64')}`, x: box.x, y: box.y, w: box.w, h: box.h, altText: alt, objectName: box.name } as PptxGenJS.ImageProps);
      break;
    }
    case 'table': {
      const { colors } = fonts.theme;
      const border = { type: 'solid' as const, pt: 0.75, color: hex(colors.rule) };
      const cell = (p: Para, k: number, head: boolean) => ({
        text: textRuns([p], fonts, head ? '#FFFFFF' : colors.text),
        options: {
          fontFace: face,
          fontSize: box.fontSize,
          align: box.numeric[k] ? ('right' as const) : ('left' as const),
          valign: 'top' as const,
          margin: [0.05, 0.08, 0.05, 0.08],
          border: [border, border, border, border],
          ...(head ? { fill: { color: hex(colors.primary) }, bold: true } : {}),
        },
      });
      const rows = [box.header.map((p, k) => cell(p, k, true)), ...box.rows.map((r, i) => r.map((p, k) => ({ ...cell(p, k, false), options: { ...cell(p, k, false).options, ...(i % 2 ? { fill: { color: hex(colors.panel) } } : {}) } })))];
      slide.addTable(rows as never, { x: box.x, y: box.y, w: box.w, colW: box.colW, rowH: box.rowH, autoPage: false, objectName: box.name } as never);
      break;
    }
    default: {
      const never: never = box;
      throw new Error(`unknown box ${String(never)}`);
    }
  }
}

/** Paragraphs → pptxgenjs text runs, splitting runs by font so Hangul and Cyrillic get a font that has them. */
function textRuns(paras: Para[], fonts: FontSet, color: string): PptxGenJS.TextProps[] {
  const out: PptxGenJS.TextProps[] = [];
  paras.forEach((p, pi) => {
    const last = pi === paras.length - 1;
    const pieces = p.runs.flatMap((r) => fonts.runs(r.text, 'heading', { bold: r.bold, italic: r.italic }).map((fr) => ({ r, fr })));
    pieces.forEach(({ r, fr }, i) => {
      const end = i === pieces.length - 1;
      out.push({
        text: fr.text,
        options: {
          bold: r.bold,
          italic: r.italic,
          color: hex(r.color ?? color),
          fontFace: fr.family,
          ...(r.link ? { hyperlink: { url: r.link, tooltip: r.link } } : {}),
          ...(i === 0 && p.bullet ? { bullet: { indent: 18 } } : {}),
          ...(i === 0 && p.align ? { align: p.align } : {}),
          ...(end && p.spaceAfterPt ? { paraSpaceAfter: p.spaceAfterPt } : {}),
          ...(end && !last ? { breakLine: true } : {}),
        },
      });
    });
  });
  return out;
}

/** The theme's logo as a PNG for the slide master (an SVG logo is rasterized at 4×). */
function logoPng(file: string, theme: BriefDocument['theme']): Buffer {
  const data = readFileSync(file);
  return file.toLowerCase().endsWith('.svg') ? rasterizeSvg(data.toString('utf8'), theme, 4) : data;
}

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A one-slide deck holding just the chart (for `brief chart --format pptx`): native when it maps, else SVG + PNG. */
export async function writeChartPptx(chart: RenderedChart, fonts: FontSet, title: string, render: 'auto' | 'native' | 'image'): Promise<Buffer> {
  const svgByPng = new Map<string, string>();
  const raw = await withSeededRandom(hashSeed(title), async () => {
    const pptx = new PptxGenJSClass();
    const g = slideGeometry(fonts.theme);
    pptx.defineLayout({ name: 'BRIEF', width: g.width, height: g.height });
    pptx.layout = 'BRIEF';
    const slide = pptx.addSlide();
    const w = g.width - 2 * g.marginX;
    const h = Math.min(g.height - 1.0, (chart.height / chart.width) * w);
    const cw = (chart.width / chart.height) * h;
    const figure = { type: 'figure', chart, alt: title, figure: { render, number: 1 } } as unknown as FigureBlock;
    addBox(pptx, slide, { kind: 'image', name: title, x: (g.width - cw) / 2, y: (g.height - h) / 2, w: cw, h, figure }, fonts, svgByPng);
    return capturePackage(() => pptx.write({ outputType: 'nodebuffer', compression: false }));
  });
  return normalizeZip(raw, '2000-01-01', (zip) => addSvgOriginals(zip, svgByPng));
}
