/**
 * The PowerPoint emitter (pptxgenjs is used only in this folder): laid-out
 * slides become real, editable PowerPoint text, shapes, tables, native charts
 * and pictures on a master that carries the marking banners, footer and slide
 * number. It only writes what the deck layout placed.
 */
import pptxModule from 'pptxgenjs';
import type * as PptxTypes from 'pptxgenjs';
import type { Box, ChartBox, DeckLayout, DeckMaster, DeckPara, DeckRun } from '../../8-layout/deck/types.js';
import { mergeIntoBase } from './base-template.js';
import { normalizeZip } from '../zip/deterministic-zip.js';
import { addEmbeddedFonts } from './embedded-fonts.js';
import { addSvgOriginals, pngKey } from './svg-pictures.js';
import { addNativeChart } from './native-charts.js';
import { PictureStandIns } from './placeholders.js';
import { oneParagraphProperties } from './paragraphs.js';
import { addPlaceholderShapes, placeholderShapes } from './placeholder-shapes.js';

// Why: pptxgenjs's typings describe a CommonJS module, but Node loads its ES build, whose default export is the class.
type Pptx = InstanceType<typeof PptxTypes.default.default>;
type PptxSlide = PptxTypes.default.Slide;
type TextProps = PptxTypes.default.TextProps;
type TextPropsOptions = PptxTypes.default.TextPropsOptions;
type ShapeProps = PptxTypes.default.ShapeProps;
type ImageProps = PptxTypes.default.ImageProps;
const PptxGenJSClass = ((pptxModule as unknown as { default?: unknown }).default ?? pptxModule) as typeof PptxTypes.default.default;

const hex = (c: string) => c.replace('#', '').toUpperCase();
const MASTER = 'BRIEF';
/** An SVG larger than this goes in as its PNG alone: PowerPoint would take seconds to draw it. */
const SVG_ORIGINAL_LIMIT = 2_000_000;

/** Options of the pptx emitter. */
export interface PptxOptions {
  /** The organisation's template to move the slides into, and its layout names by slide kind. */
  base?: { data: Buffer; layouts: Record<string, string> };
}

/**
 * Writes the deck; the same layout always gives the same bytes. `pictures` holds
 * the PNG of every picture chart by chart hash, and of an SVG logo under "logo".
 */
export async function writePptx(deck: DeckLayout, pictures: ReadonlyMap<string, Buffer>, options: PptxOptions = {}): Promise<Buffer> {
  const svgByPng = new Map<string, string>();
  const standIns = new PictureStandIns();
  const pptx = presentation(deck, pictures, svgByPng, !!options.base, standIns);
  const raw = (await pptx.write({ outputType: 'nodebuffer', compression: false })) as Buffer;
  const out = await normalizeZip(raw, deck.meta.date, async (zip) => {
    await oneParagraphProperties(zip);
    if (options.base) await addPlaceholderShapes(zip, placeholderShapes(deck.slides, deck.master.footer.text, deck.meta.language));
    await standIns.swap(zip);
    await addSvgOriginals(zip, svgByPng);
    if (!options.base) await addEmbeddedFonts(zip, deck.embedded);
  });
  if (!options.base) return out;
  // On an organisation's template: move the slides into it, then make the bytes reproducible again.
  const merged = await mergeIntoBase(
    out,
    options.base.data,
    deck.slides.map((s) => s.layout),
    options.base.layouts,
    deck.slides.map((s) => s.base?.layout),
  );
  return normalizeZip(merged, deck.meta.date, (zip) => addEmbeddedFonts(zip, deck.embedded));
}

function presentation(deck: DeckLayout, pictures: ReadonlyMap<string, Buffer>, svgByPng: Map<string, string>, onBase: boolean, standIns: PictureStandIns): Pptx {
  const { meta, master: m } = deck;
  const pptx = new PptxGenJSClass();
  pptx.defineLayout({ name: 'BRIEF', width: m.width, height: m.height });
  pptx.layout = 'BRIEF';
  pptx.title = meta.title;
  pptx.subject = meta.subject;
  pptx.author = meta.authors.join(', ');
  pptx.company = meta.organisation;
  pptx.theme = { headFontFace: m.family, bodyFontFace: m.family };
  const furniture = masterObjects(m, pictures, standIns, meta.language);
  const titlePlaceholder = {
    placeholder: {
      options: {
        name: 'title',
        type: 'title',
        x: m.marginX,
        y: m.title.y,
        w: m.title.w,
        h: m.title.h,
        fontFace: m.title.family,
        fontSize: m.title.size,
        bold: true,
        color: hex(m.title.color),
        align: 'left',
        valign: 'bottom',
        margin: 0,
      },
      text: '',
    },
  };
  const slideNumber = {
    x: m.width - m.marginX - 1.0,
    y: m.footer.y,
    w: 1.0,
    h: m.footer.h,
    fontFace: m.family,
    fontSize: m.footer.size,
    color: hex(m.footer.color),
    align: 'right',
    valign: 'middle',
    margin: 0,
  };
  pptx.defineSlideMaster({
    title: MASTER,
    background: { color: hex(m.background) },
    // On an organisation's template the slides leave this master for the template's layouts, so the
    // banners, footer and logo are drawn on each slide instead (below).
    objects: onBase ? [] : [...furniture, titlePlaceholder],
    // On a template, a slide whose layout has a slide number placeholder fills that one instead.
    ...(onBase ? {} : { slideNumber }),
  } as Parameters<Pptx['defineSlideMaster']>[0]);

  for (const s of deck.slides) {
    const slide = pptx.addSlide({ masterName: MASTER });
    if (onBase) {
      // The layout's own footer and slide number placeholders, where it has them, take the place of these.
      const own = furniture.filter((o) => !(s.base?.footer && ('line' in o || ('text' in o && (o.text.options as { objectName?: string }).objectName === 'Footer'))));
      // On a template whose text colour is known, the own footer and slide number take it (legible on its background).
      const ink = s.base?.ink ? hex(s.base.ink) : undefined;
      for (const o of own.map((x) =>
        ink && 'text' in x && (x.text.options as { objectName?: string }).objectName === 'Footer' ? { text: { ...x.text, options: { ...x.text.options, color: ink } } } : x,
      )) {
        if ('rect' in o) slide.addShape(pptx.ShapeType.rect, o.rect as ShapeProps);
        else if ('text' in o) slide.addText(o.text.text, o.text.options as TextPropsOptions);
        else if ('line' in o) slide.addShape(pptx.ShapeType.line, o.line as ShapeProps);
        else if ('image' in o) slide.addImage(o.image as ImageProps);
      }
      if (!s.base?.slideNumber) slide.slideNumber = (ink ? { ...slideNumber, color: ink } : slideNumber) as never;
    }
    if (s.title) {
      // Why on the run: pptxgenjs lets the master's placeholder size win over a size given to the placeholder.
      const size = s.titleSize ?? m.title.size;
      const runs = textRuns([{ runs: [{ text: s.title, family: m.title.family, color: m.title.color }] }], meta.language, size * m.lineFactor);
      slide.addText(s.titleSize ? runs.map((r) => ({ ...r, options: { ...r.options, fontSize: s.titleSize } })) : runs, { placeholder: 'title' });
    }
    for (const box of s.boxes) addBox(pptx, slide, box, pictures, svgByPng, standIns, meta.language);
    if (s.notes.length) slide.addNotes(s.notes.join('\n\n'));
  }
  return pptx;
}

/** The master's banners, footer rule and text, and logo. */
type MasterObject = { rect: object } | { text: { text: string; options: object } } | { line: object } | { image: object };

function masterObjects(m: DeckMaster, pictures: ReadonlyMap<string, Buffer>, standIns: PictureStandIns, lang: string): MasterObject[] {
  const bannerLine = m.banner.background.toUpperCase() === '#FFFFFF' ? { color: '000000', width: 0.75 } : { color: hex(m.banner.background), width: 0 };
  const banner = (y: number): MasterObject[] => [
    { rect: { x: 0, y, w: m.width, h: m.bannerHeight, fill: { color: hex(m.banner.background) }, line: bannerLine, objectName: 'Marking banner' } },
    {
      text: {
        text: m.marking,
        options: {
          x: 0,
          y,
          w: m.width,
          h: m.bannerHeight,
          align: 'center',
          valign: 'middle',
          fontFace: m.family,
          fontSize: 11,
          bold: true,
          color: hex(m.banner.text),
          margin: 0,
          lang,
          objectName: 'Marking',
        },
      },
    },
  ];
  const logoH = 0.5;
  const logo = m.logo ? (m.logo.format === 'png' ? m.logo.data : pictures.get('logo')) : undefined;
  return [
    ...banner(0),
    ...banner(m.height - m.bannerHeight),
    { line: { x: m.marginX, y: m.footer.y - 0.05, w: m.width - 2 * m.marginX, h: 0, line: { color: hex(m.rule), width: 0.75 } } },
    {
      text: {
        text: m.footer.text,
        options: {
          x: m.marginX,
          y: m.footer.y,
          w: m.width - 2 * m.marginX - 1.2,
          h: m.footer.h,
          fontFace: m.family,
          fontSize: m.footer.size,
          color: hex(m.footer.color),
          valign: 'middle',
          margin: 0,
          lang,
          objectName: 'Footer',
        },
      },
    },
    ...(logo ? [{ image: { x: m.width - m.marginX - logoH, y: m.title.y + (m.title.h - logoH) / 2, w: logoH, h: logoH, data: standIns.add(logo), altText: m.logo!.alt } }] : []),
  ];
}

function addBox(pptx: Pptx, slide: PptxSlide, box: Box, pictures: ReadonlyMap<string, Buffer>, svgByPng: Map<string, string>, standIns: PictureStandIns, lang: string): void {
  switch (box.kind) {
    case 'text':
      // Placeholder text is written into the slide XML afterwards (placeholder-shapes.ts).
      if (box.placeholder) break;
      slide.addText(textRuns(box.paras, lang, box.lineHeightPt, box.plain), {
        x: box.x,
        y: box.y,
        w: box.w,
        h: box.h,
        fontSize: box.fontSize,
        ...(box.plain ? {} : { color: hex(box.color) }),
        valign: box.valign ?? 'top',
        margin: 0,
        fit: 'none',
        wrap: true,
        objectName: box.name,
      } as TextPropsOptions);
      break;
    case 'shape': {
      const shape = box.shape === 'ellipse' ? pptx.ShapeType.ellipse : box.shape === 'roundRect' ? pptx.ShapeType.roundRect : pptx.ShapeType.rect;
      const common = { x: box.x, y: box.y, w: box.w, h: box.h, fill: { color: hex(box.fill) }, line: { color: hex(box.fill), width: 0 }, objectName: box.name };
      if (box.label) {
        slide.addText(textRuns([{ runs: box.label.runs }], lang), {
          ...common,
          shape,
          rectRadius: box.shape === 'roundRect' ? 0.08 : undefined,
          fontSize: box.label.fontSize,
          align: 'center',
          valign: 'middle',
          margin: 0,
        } as TextPropsOptions);
      } else slide.addShape(shape, common as ShapeProps);
      break;
    }
    case 'chart': {
      const { chart } = box;
      if (chart.mode === 'native' && chart.native) {
        addNativeChart(pptx, slide, chart.native, {
          x: box.x,
          y: box.y,
          w: box.w,
          h: box.h,
          name: box.name,
          alt: box.alt,
          font: box.style.family,
          size: box.style.size,
          textColor: box.style.text,
          gridColor: box.style.grid,
        });
        break;
      }
      // Crisp at any zoom: the SVG original for PowerPoint 2016+, a 2× PNG for everything else.
      const png = pictures.get(chart.hash);
      if (!png) throw new Error(`no picture was drawn for chart ${chart.hash}`);
      if (chart.svg.length <= SVG_ORIGINAL_LIMIT) svgByPng.set(pngKey(png), chart.svg);
      slide.addImage({ data: standIns.add(png), x: box.x, y: box.y, w: box.w, h: box.h, altText: box.alt, objectName: box.name } as ImageProps);
      break;
    }
    case 'table': {
      const border = { type: 'solid' as const, pt: 0.75, color: hex(box.colors.rule) };
      const cell = (p: DeckPara, k: number, head: boolean, shade: boolean) => ({
        text: textRuns([p], lang),
        options: {
          fontSize: box.fontSize,
          align: box.align[k] ?? 'left',
          valign: 'top' as const,
          margin: [0.05, 0.08, 0.05, 0.08],
          border: [border, border, border, border],
          ...(head ? { fill: { color: hex(box.colors.header) }, bold: true } : shade ? { fill: { color: hex(box.colors.shade) } } : box.colors.body ? { fill: { color: hex(box.colors.body) } } : {}),
        },
      });
      const rows = [box.header.map((p, k) => cell(p, k, true, false)), ...box.rows.map((r, i) => r.map((p, k) => cell(p, k, false, i % 2 === 1)))];
      slide.addTable(rows as never, { x: box.x, y: box.y, w: box.w, colW: box.colW, rowH: box.rowH, autoPage: false, objectName: box.name } as never);
      break;
    }
    default: {
      const never: never = box;
      throw new Error(`unknown box ${String(never)}`);
    }
  }
}

/** Paragraphs → pptxgenjs text runs, lines `lineHeightPt` apart when given. */
function textRuns(paras: DeckPara[], lang: string, lineHeightPt?: number, plain = false): TextProps[] {
  const out: TextProps[] = [];
  paras.forEach((p, pi) => {
    const last = pi === paras.length - 1;
    // Why word by word: LibreOffice sets a linked run as one field that it will not break between words, so a
    // long linked title moves whole to the next line (or splits mid-word); one link per word wraps as measured.
    const runs: DeckRun[] = p.runs.length ? p.runs.flatMap((r) => (r.url ? r.text.split(/(?<=\s)(?=\S)/).map((text) => ({ ...r, text })) : [r])) : [{ text: '', family: '', color: '#000000' }];
    runs.forEach((r, i) => {
      const end = i === runs.length - 1;
      out.push({
        text: r.text,
        options: {
          bold: !!r.bold,
          italic: !!r.italic,
          ...(plain ? {} : { color: hex(r.color) }),
          ...(r.family && !plain ? { fontFace: r.family } : {}),
          ...(r.strike ? { strike: 'sngStrike' } : {}),
          ...(r.underline ? { underline: { style: 'sng' } } : {}),
          ...(r.url ? { hyperlink: { url: r.url, tooltip: r.url } } : {}),
          lang,
          // Why: pptxgenjs starts a new paragraph at a run with a bullet or a different alignment, so the bullet goes
          // on the first run only and the alignment on every run; it writes paragraph properties for every run,
          // and `oneParagraphProperties` keeps the first run's, so those carry the spacing too.
          ...(i === 0 && p.bullet ? { bullet: { indent: 18 }, indentLevel: p.bullet - 1 } : {}),
          ...(p.align ? { align: p.align } : {}),
          ...(lineHeightPt ? { lineSpacing: Math.round(lineHeightPt * 100) / 100 } : {}),
          ...(i === 0 && p.spaceAfterPt ? { paraSpaceAfter: p.spaceAfterPt } : {}),
          ...(end && !last ? { breakLine: true } : {}),
        } as TextPropsOptions,
      });
    });
  });
  return out;
}

/** A one-slide deck holding just a chart (for `brief chart --format pptx`): native when it maps, else SVG + PNG. */
export async function writeChartPptx(box: ChartBox, size: { width: number; height: number }, png: Buffer | undefined, lang = 'en-US'): Promise<Buffer> {
  const svgByPng = new Map<string, string>();
  const pptx = new PptxGenJSClass();
  pptx.defineLayout({ name: 'BRIEF', width: size.width, height: size.height });
  pptx.layout = 'BRIEF';
  const standIns = new PictureStandIns();
  addBox(pptx, pptx.addSlide(), box, new Map(png ? [[box.chart.hash, png]] : []), svgByPng, standIns, lang);
  const raw = (await pptx.write({ outputType: 'nodebuffer', compression: false })) as Buffer;
  return normalizeZip(raw, '2000-01-01', async (zip) => {
    await standIns.swap(zip);
    await addSvgOriginals(zip, svgByPng);
  });
}
