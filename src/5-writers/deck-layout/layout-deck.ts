/**
 * The deck's layout stage (pandoc's Presentation step): document slides become
 * positioned boxes, with text measured by the real font metrics. Text shrinks
 * within the theme's limits and continues onto extra slides past them, so no
 * box ever depends on PowerPoint's autofit.
 * Shared by the pptx writer and the HTML preview, so the preview shows the same slides.
 */
import type { Source } from '../../2-validate/brief.js';
import { FontSet, type FontRole } from '../../fonts/font-set.js';
import type { Block, BriefDocument, FigureBlock, Inline, JudgmentBlock, Slide, Table } from '../../6-document/types.js';
import type { Change } from '../../3-editions/compare-editions.js';
import { changeChip } from '../../6-document/change-chip.js';
import { flattenInlines } from '../../6-document/flatten-inlines.js';
import { slideGeometry, type SlideGeometry } from './slide-geometry.js';
import { drawnNative } from '../../raster/rasterize.js';

/** A run of text inside a paragraph. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  link?: string;
}
/** A paragraph inside a text box. */
export interface Para {
  runs: Run[];
  bullet?: boolean;
  align?: 'left' | 'center' | 'right';
  spaceAfterPt?: number;
}
/** A text box; `measuredPt` is the laid-out text height, always ≤ the box height. */
export interface TextBox {
  kind: 'text';
  x: number;
  y: number;
  w: number;
  h: number;
  fontSize: number;
  role: FontRole;
  color: string;
  paras: Para[];
  valign?: 'top' | 'middle' | 'bottom';
  fill?: string;
  measuredPt: number;
  name: string;
}
/** A chart picture. */
export interface ImageBox {
  kind: 'image';
  x: number;
  y: number;
  w: number;
  h: number;
  figure: FigureBlock;
  name: string;
}
/** A filled shape, optionally with a one-line label (chips, number badges, rules). */
export interface ShapeBox {
  kind: 'shape';
  shape: 'rect' | 'roundRect' | 'ellipse';
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  label?: { text: string; color: string; fontSize: number; bold?: boolean };
  name: string;
}
/** A native PowerPoint table (one page of a possibly continued table). */
export interface TableBox {
  kind: 'table';
  x: number;
  y: number;
  w: number;
  h: number;
  colW: number[];
  rowH: number[];
  fontSize: number;
  header: Para[];
  rows: Para[][];
  numeric: boolean[];
  name: string;
  /** Text height measured per row, in points; each ≤ its row height. */
  measuredPt: number[];
}
/** Anything placed on a slide. */
export type Box = TextBox | ImageBox | ShapeBox | TableBox;

/** A slide after layout, ready for the pptx emitter. */
export interface LaidOutSlide {
  layout: Slide['layout'];
  title: string;
  subtitle?: string;
  boxes: Box[];
  notes: string[];
}

const PT = 72;
// Why: renderers differ slightly in kerning and hinting; keep a margin so text never touches its box edge.
const WIDTH_SAFETY = 1.04;

/** Lays out every slide of the deck; continuation slides are added where content does not fit. */
export function layoutDeck(doc: BriefDocument, fonts: FontSet): LaidOutSlide[] {
  const g = slideGeometry(doc.theme, doc.deck.size);
  const ctx = { doc, fonts, g };
  return doc.deck.slides.flatMap((slide) => layoutSlide(slide, ctx));
}

interface Ctx {
  doc: BriefDocument;
  fonts: FontSet;
  g: SlideGeometry;
}

function layoutSlide(slide: Slide, ctx: Ctx): LaidOutSlide[] {
  switch (slide.layout) {
    case 'title':
      return [titleSlide(slide, ctx)];
    case 'section':
      return [sectionSlide(slide, ctx)];
    case 'judgments':
      return paginate(slide, ctx, judgmentItems(slide.blocks.filter((b): b is JudgmentBlock => b.type === 'judgment'), ctx));
    case 'sources':
      return paginate(slide, ctx, sourceItems(slide.blocks.flatMap((b) => (b.type === 'sourceList' ? b.sources : [])), ctx));
    case 'figure':
      return [figureSlide(slide, ctx)];
    case 'bluf':
    case 'bullets':
      return paginate(slide, ctx, textItems(slide.blocks, ctx, slide.layout === 'bluf'));
    case 'table':
      return tableSlides(slide, ctx);
    case 'changes':
      return paginate(slide, ctx, changeItems(slide.blocks.flatMap((b) => (b.type === 'changes' ? b.items : [])), ctx));
    case 'two-column':
      return [twoColumnSlide(slide, ctx)];
    default: {
      const never: never = slide.layout;
      throw new Error(`unknown slide layout ${String(never)}`);
    }
  }
}

/** Measures paragraphs at a size: total height in points. */
export function measureParas(paras: Para[], widthIn: number, size: number, role: FontRole, fonts: FontSet): number {
  const lh = fonts.lineHeight(size, role);
  let h = 0;
  for (const p of paras) {
    const text = p.runs.map((r) => r.text).join('');
    const bold = p.runs.length > 0 && p.runs.every((r) => r.bold);
    const indent = p.bullet ? 0.3 * PT : 0;
    const lines = fonts.wrap(text, (widthIn * PT - indent) / WIDTH_SAFETY, size, role, { bold }).length;
    h += lines * lh + (p.spaceAfterPt ?? 0);
  }
  return h;
}

/** An item that can be placed in the content area at a given font size. */
interface FlowItem {
  /** Height in inches at `size`. */
  height(size: number): number;
  /** Boxes at `size`, with the item's top at `y`. */
  place(y: number, size: number): Box[];
  /** Speaker notes that travel with the item onto whichever slide it lands. */
  notes?: string;
}

const GAP = 0.18;

/**
 * Fits items into the content area: the largest size between the theme's body
 * size and its minimum that fits on one slide. When even the minimum does not
 * fit, items continue on further slides titled "(1/n)" at the full body size,
 * balanced so the last slide is not a lone straggler.
 */
function paginate(slide: Slide, ctx: Ctx, items: FlowItem[]): LaidOutSlide[] {
  const { sizes } = ctx.doc.theme;
  const { g } = ctx;
  const total = (size: number, list: FlowItem[]) => list.reduce((h, it, i) => h + it.height(size) + (i ? GAP : 0), 0);
  // Why: if even the smallest size cannot hold everything, the items continue at full size, so try no sizes in between.
  let size = total(sizes.slideBodyMin, items) > g.contentH ? sizes.slideBody : largestFitting(sizes.slideBodyMin, sizes.slideBody, (sz) => total(sz, items) <= g.contentH);
  // Why: a single item taller than a slide is shrunk on its own rather than overflowing.
  const fitted = items.map((it) => (it.height(size) > g.contentH ? shrinkToFit(it, size, g.contentH) : it));
  const greedy = (limit: number): FlowItem[][] => {
    const pages: FlowItem[][] = [];
    let cur: FlowItem[] = [];
    let used = 0;
    for (const it of fitted) {
      const h = it.height(size);
      if (cur.length && used + GAP + h > limit) {
        pages.push(cur);
        cur = [];
        used = 0;
      }
      used += (cur.length ? GAP : 0) + h;
      cur.push(it);
    }
    if (cur.length || pages.length === 0) pages.push(cur);
    return pages;
  };
  let pages = greedy(g.contentH);
  // Balance: shrink the page budget while the page count stays the same.
  if (pages.length > 1) {
    const n = pages.length;
    let limit = g.contentH;
    while (limit > g.contentH / n) {
      const trial = greedy(limit - 0.1);
      if (trial.length !== n) break;
      pages = trial;
      limit -= 0.1;
    }
  }
  return pages.map((page, i) => {
    let y = g.contentY;
    const boxes: Box[] = [];
    for (const it of page) {
      boxes.push(...it.place(y, size));
      y += it.height(size) + GAP;
    }
    return {
      layout: slide.layout,
      title: pages.length > 1 ? `${slide.title} (${i + 1}/${pages.length})` : slide.title,
      boxes,
      notes: [...(i === 0 ? slide.notes : []), ...page.flatMap((it) => (it.notes ? [it.notes] : []))],
    };
  });
}

/** The largest size in half-point steps between `min` and `max` for which `fits` holds (binary search; `min` is known to fit). */
function largestFitting(min: number, max: number, fits: (size: number) => boolean): number {
  let lo = 0;
  let hi = Math.round((max - min) * 2);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(min + mid / 2)) lo = mid;
    else hi = mid - 1;
  }
  return min + lo / 2;
}

function shrinkToFit(it: FlowItem, size: number, maxH: number): FlowItem {
  let s = size;
  while (s > 6 && it.height(s) > maxH) s -= 0.5;
  return { height: () => it.height(s), place: (y) => it.place(y, s), notes: it.notes };
}

function inlineRuns(children: Inline[], doc: BriefDocument, base: Partial<Run> = {}): Run[] {
  return flattenInlines<Run>(children, (ids, b, before) => [{ ...b, text: `${before.length ? '\u00A0' : ''}[${ids.map((id) => doc.sources.find((s) => s.id === id)?.number ?? '?').join(', ')}]` }], base);
}

function textItems(blocks: Block[], ctx: Ctx, emphasis: boolean): FlowItem[] {
  const { g, fonts, doc } = ctx;
  const w = g.width - 2 * g.marginX;
  const items: FlowItem[] = [];
  for (const b of blocks) {
    let paras: Para[] = [];
    if (b.type === 'paragraph') paras = [{ runs: inlineRuns(b.children, doc) }];
    else if (b.type === 'list') paras = b.items.map((it) => ({ runs: inlineRuns(it, doc), bullet: true, spaceAfterPt: 6 }));
    else if (b.type === 'heading') paras = [{ runs: inlineRuns(b.children, doc, { bold: true }) }];
    else continue;
    const scale = emphasis ? 1.25 : 1;
    const bar = emphasis ? 0.12 : 0;
    const textW = w - (emphasis ? 0.35 : 0);
    items.push({
      height: (size) => measureParas(paras, textW, size * scale, 'heading', fonts) / PT + (emphasis ? 0.3 : 0),
      place: (y, size) => {
        const hPt = measureParas(paras, textW, size * scale, 'heading', fonts);
        const boxes: Box[] = [];
        if (emphasis) {
          boxes.push({ kind: 'shape', shape: 'rect', x: g.marginX, y, w: bar, h: hPt / PT + 0.3, fill: doc.theme.colors.accent, name: 'BLUF bar' });
        }
        boxes.push({
          kind: 'text',
          name: emphasis ? 'BLUF' : 'Body',
          x: g.marginX + (emphasis ? 0.35 : 0),
          y: y + (emphasis ? 0.15 : 0),
          w: textW,
          h: hPt / PT,
          fontSize: size * scale,
          role: 'heading',
          color: doc.theme.colors.text,
          paras,
          measuredPt: hPt,
        });
        return boxes;
      },
    });
  }
  return items;
}

const CHIP_W = 2.1;
const CHIP_H = 0.34;

function judgmentItems(blocks: JudgmentBlock[], ctx: Ctx): FlowItem[] {
  const { g, fonts, doc } = ctx;
  const { theme } = doc;
  const badge = 0.42;
  const textX = g.marginX + badge + 0.2;
  const textW = g.width - g.marginX - CHIP_W - 0.25 - textX;
  return blocks.map(({ judgment: j, notes }) => {
    const paras: Para[] = [{ runs: [{ text: j.statement }] }];
    const chipsH = 2 * CHIP_H + 0.08;
    const textH = (size: number) => measureParas(paras, textW, size, 'heading', fonts) / PT;
    return {
      notes,
      height: (size) => Math.max(textH(size), chipsH),
      place: (y, size) => {
        const hPt = measureParas(paras, textW, size, 'heading', fonts);
        const chipX = g.width - g.marginX - CHIP_W;
        return [
          { kind: 'shape', shape: 'ellipse', x: g.marginX, y, w: badge, h: badge, fill: theme.colors.primary, label: { text: String(j.number), color: '#FFFFFF', fontSize: 14, bold: true }, name: `Judgment ${j.number} number` },
          { kind: 'text', name: `Judgment ${j.number}`, x: textX, y, w: textW, h: Math.max(hPt / PT, chipsH), fontSize: size, role: 'heading', color: theme.colors.text, paras, measuredPt: hPt },
          { kind: 'shape', shape: 'roundRect', x: chipX, y, w: CHIP_W, h: CHIP_H, fill: theme.chips.likelihood, label: { text: j.likelihood.toUpperCase(), color: '#FFFFFF', fontSize: 11, bold: true }, name: `Judgment ${j.number} likelihood` },
          { kind: 'shape', shape: 'roundRect', x: chipX, y: y + CHIP_H + 0.08, w: CHIP_W, h: CHIP_H, fill: theme.chips.confidence[j.confidence], label: { text: `${j.confidence.toUpperCase()} CONFIDENCE`, color: '#FFFFFF', fontSize: 11, bold: true }, name: `Judgment ${j.number} confidence` },
        ];
      },
    };
  });
}

function sourceItems(sources: Source[], ctx: Ctx): FlowItem[] {
  const { g, fonts, doc } = ctx;
  const gradeW = 0.6;
  const textX = g.marginX + gradeW + 0.15;
  const textW = g.width - g.marginX - textX;
  return sources.map((s) => {
    const paras: Para[] = [
      {
        runs: [
          { text: `[${s.number}] `, bold: true },
          { text: `${s.publisher}, ` },
          { text: s.title, italic: true, ...(s.url ? { link: s.url } : {}) },
          { text: s.date ? ` (${s.date})` : '' },
        ].filter((r) => r.text !== ''),
      },
    ];
    const scale = 0.8;
    return {
      height: (size) => Math.max(measureParas(paras, textW, size * scale, 'heading', fonts) / PT, 0.32),
      place: (y, size) => {
        const hPt = measureParas(paras, textW, size * scale, 'heading', fonts);
        return [
          { kind: 'shape', shape: 'roundRect', x: g.marginX, y, w: gradeW, h: 0.32, fill: doc.theme.colors.panel, label: { text: s.grade, color: doc.theme.colors.primary, fontSize: 12, bold: true }, name: `Source ${s.number} grade` },
          { kind: 'text', name: `Source ${s.number}`, x: textX, y, w: textW, h: Math.max(hPt / PT, 0.32), fontSize: size * scale, role: 'heading', color: doc.theme.colors.text, paras, measuredPt: hPt },
        ];
      },
    };
  });
}

function figureSlide(slide: Slide, ctx: Ctx): LaidOutSlide {
  const { g, fonts, doc } = ctx;
  const fig = slide.blocks.find((b): b is FigureBlock => b.type === 'figure');
  const boxes: Box[] = [];
  const w = g.width - 2 * g.marginX;
  let chartTop = g.contentY;
  let bottom = g.contentY + g.contentH;
  if (fig) {
    const take: Para[] = [{ runs: [{ text: fig.figure.takeaway, bold: true }] }];
    let size = doc.theme.sizes.slideBody;
    while (size > doc.theme.sizes.slideBodyMin && measureParas(take, w, size, 'heading', fonts) / PT > 0.9) size -= 0.5;
    const takePt = measureParas(take, w, size, 'heading', fonts);
    boxes.push({ kind: 'text', name: 'Takeaway', x: g.marginX, y: g.contentY, w, h: takePt / PT, fontSize: size, role: 'heading', color: doc.theme.colors.primary, paras: take, measuredPt: takePt });
    chartTop = g.contentY + takePt / PT + 0.15;
    const src: Para[] = [{ runs: [{ text: fig.figure.sourceLine, italic: true }] }];
    const srcSize = 11;
    const srcPt = measureParas(src, w, srcSize, 'heading', fonts);
    bottom -= srcPt / PT;
    boxes.push({ kind: 'text', name: 'Source line', x: g.marginX, y: bottom, w, h: srcPt / PT, fontSize: srcSize, role: 'heading', color: doc.theme.colors.muted, paras: src, measuredPt: srcPt });
    bottom -= 0.1;
    const { w: cw, h: ch } = chartFrame(fig, w, bottom - chartTop);
    boxes.push({ kind: 'image', name: `Figure ${fig.figure.number}`, x: g.marginX + (w - cw) / 2, y: chartTop, w: cw, h: ch, figure: fig });
  }
  return { layout: 'figure', title: slide.title, boxes, notes: slide.notes };
}

/**
 * The frame a chart gets in a box of `w` × `h`: a picture keeps the SVG's aspect
 * ratio; a native chart is redrawn by PowerPoint, so it may use the space it is given.
 */
function chartFrame(fig: FigureBlock, w: number, h: number): { w: number; h: number } {
  if (drawnNative(fig.chart, fig.figure.render)) return { w, h: Math.min(h, w * 0.75) };
  const ratio = fig.chart.width / fig.chart.height;
  return w / ratio <= h ? { w, h: w / ratio } : { w: h * ratio, h };
}

function titleSlide(slide: Slide, ctx: Ctx): LaidOutSlide {
  const { g, fonts, doc } = ctx;
  const w = g.width - 2 * g.marginX - 0.4;
  const x = g.marginX + 0.4;
  const boxes: Box[] = [{ kind: 'shape', shape: 'rect', x: g.marginX, y: 2.0, w: 0.14, h: 3.2, fill: doc.theme.colors.accent, name: 'Title bar' }];
  const title: Para[] = [{ runs: [{ text: slide.title, bold: true }] }];
  let size = 40;
  while (size > 24 && measureParas(title, w, size, 'heading', fonts) / PT > 1.9) size -= 1;
  const tPt = measureParas(title, w, size, 'heading', fonts);
  boxes.push({ kind: 'text', name: 'Title', x, y: 2.0, w, h: tPt / PT, fontSize: size, role: 'heading', color: doc.theme.colors.primary, paras: title, measuredPt: tPt });
  let y = 2.0 + tPt / PT + 0.2;
  const sub: Para[] = [{ runs: [{ text: slide.subtitle ?? '' }] }];
  const sPt = measureParas(sub, w, 20, 'heading', fonts);
  boxes.push({ kind: 'text', name: 'Subtitle', x, y, w, h: sPt / PT, fontSize: 20, role: 'heading', color: doc.theme.colors.muted, paras: sub, measuredPt: sPt });
  y += sPt / PT + 0.3;
  const body: Para[] = slide.blocks.flatMap((b) => (b.type === 'paragraph' ? [{ runs: inlineRuns(b.children, doc) }] : []));
  const bPt = measureParas(body, w, 16, 'heading', fonts);
  boxes.push({ kind: 'text', name: 'Byline', x, y, w, h: bPt / PT, fontSize: 16, role: 'heading', color: doc.theme.colors.text, paras: body, measuredPt: bPt });
  return { layout: 'title', title: '', boxes, notes: slide.notes };
}

function sectionSlide(slide: Slide, ctx: Ctx): LaidOutSlide {
  const { g, fonts, doc } = ctx;
  const x = g.marginX + 0.4;
  const w = g.width - 2 * g.marginX - 0.4;
  const paras: Para[] = [{ runs: [{ text: slide.title, bold: true }] }];
  const hPt = measureParas(paras, w, 36, 'heading', fonts);
  const sub: Para[] = slide.subtitle ? [{ runs: [{ text: slide.subtitle }] }] : [];
  const sPt = measureParas(sub, w, 20, 'heading', fonts);
  const total = hPt / PT + (sub.length ? 0.15 + sPt / PT : 0);
  const top = g.height / 2 - total / 2;
  const boxes: Box[] = [
    { kind: 'shape', shape: 'rect', x: g.marginX, y: top, w: 0.14, h: total, fill: doc.theme.colors.accent, name: 'Section bar' },
    { kind: 'text', name: 'Section title', x, y: top, w, h: hPt / PT, fontSize: 36, role: 'heading', color: doc.theme.colors.primary, paras, measuredPt: hPt },
  ];
  if (sub.length) boxes.push({ kind: 'text', name: 'Section subtitle', x, y: top + hPt / PT + 0.15, w, h: sPt / PT, fontSize: 20, role: 'heading', color: doc.theme.colors.muted, paras: sub, measuredPt: sPt });
  return { layout: 'section', title: '', boxes, notes: slide.notes };
}

const CELL_PAD_X = 0.08;
const CELL_PAD_Y = 0.05;

/** Table slides: columns sized to their content, rows measured, continued with the header repeated. */
function tableSlides(slide: Slide, ctx: Ctx): LaidOutSlide[] {
  const { g, doc, fonts } = ctx;
  const table = slide.blocks.find((b): b is Table => b.type === 'table');
  const intro = textItems(slide.blocks.filter((b) => b.type === 'paragraph'), ctx, false);
  if (!table) return paginate(slide, ctx, intro);
  const w = g.width - 2 * g.marginX;
  const { sizes } = doc.theme;
  const header: Para[] = table.header.map((c) => ({ runs: inlineRuns(c, doc, { bold: true }) }));
  const rows: Para[][] = table.rows.map((r) => r.map((c) => ({ runs: inlineRuns(c, doc) })));
  const text = (p: Para) => p.runs.map((r) => r.text).join('');
  const colWidths = (size: number): number[] => {
    const natural = header.map(
      (h, k) => Math.max(fonts.width(text(h), size, 'heading', { bold: true }), ...rows.map((r) => fonts.width(text(r[k] ?? { runs: [] }), size, 'heading'))) / PT + 2 * CELL_PAD_X + 0.05,
    );
    const longestWord = header.map(
      (h, k) => Math.max(...[h, ...rows.map((r) => r[k] ?? { runs: [] })].flatMap((p) => text(p).split(/\s+/).map((wd) => fonts.width(wd, size, 'heading', { bold: true }) / PT))) + 2 * CELL_PAD_X + 0.05,
    );
    const total = natural.reduce((a, b) => a + b, 0);
    if (total <= w) return natural.map((n) => (n / total) * w);
    // Share the width in proportion to natural width, never below the longest word.
    const minTotal = longestWord.reduce((a, b) => a + b, 0);
    const spare = Math.max(0, w - minTotal);
    const extra = natural.map((n, k) => Math.max(0, n - longestWord[k]!));
    const extraTotal = extra.reduce((a, b) => a + b, 0) || 1;
    return longestWord.map((m, k) => m + (spare * extra[k]!) / extraTotal);
  };
  const measureRow = (cells: Para[], colW: number[], size: number) => Math.max(...cells.map((c, k) => measureParas([c], (colW[k] ?? 1) - 2 * CELL_PAD_X, size, 'heading', fonts)));
  const layoutAt = (size: number) => {
    const colW = colWidths(size);
    const headerPt = measureRow(header, colW, size);
    const rowPt = rows.map((r) => measureRow(r, colW, size));
    const toIn = (pt: number) => pt / PT + 2 * CELL_PAD_Y;
    return { colW, headerPt, rowPt, headerH: toIn(headerPt), rowH: rowPt.map(toIn) };
  };
  const base = sizes.slideBody * 0.8;
  const min = sizes.slideBodyMin * 0.8;
  const introH = intro.reduce((h, it) => h + it.height(sizes.slideBody) + GAP, 0);
  const avail = g.contentH - introH;
  let size = base;
  let L = layoutAt(size);
  const fitsOne = (l: typeof L) => l.headerH + l.rowH.reduce((a, b) => a + b, 0) <= avail;
  while (size > min && !fitsOne(L)) {
    size -= 0.5;
    L = layoutAt(size);
  }
  if (!fitsOne(L)) {
    size = base;
    L = layoutAt(size);
  }
  const pages: number[][] = [];
  let cur: number[] = [];
  let used = L.headerH;
  const room = (first: boolean) => (first ? avail : g.contentH);
  L.rowH.forEach((h, i) => {
    if (cur.length && used + h > room(pages.length === 0)) {
      pages.push(cur);
      cur = [];
      used = L.headerH;
    }
    cur.push(i);
    used += h;
  });
  pages.push(cur);
  return pages.map((idx, p) => {
    const boxes: Box[] = [];
    let y = g.contentY;
    if (p === 0)
      for (const it of intro) {
        boxes.push(...it.place(y, sizes.slideBody));
        y += it.height(sizes.slideBody) + GAP;
      }
    const rowH = [L.headerH, ...idx.map((i) => L.rowH[i]!)];
    boxes.push({
      kind: 'table',
      name: `Table${pages.length > 1 ? ` (${p + 1}/${pages.length})` : ''}`,
      x: g.marginX,
      y,
      w,
      h: rowH.reduce((a, b) => a + b, 0),
      colW: L.colW,
      rowH,
      fontSize: size,
      header,
      rows: idx.map((i) => rows[i]!),
      numeric: table.numeric,
      measuredPt: [L.headerPt, ...idx.map((i) => L.rowPt[i]!)],
    });
    return {
      layout: 'table' as const,
      title: pages.length > 1 ? `${slide.title} (${p + 1}/${pages.length})` : slide.title,
      boxes,
      notes: p === 0 ? slide.notes : [],
    };
  });
}

/** Text on the left, a figure on the right. */
function twoColumnSlide(slide: Slide, ctx: Ctx): LaidOutSlide {
  const { g, doc, fonts } = ctx;
  const gutter = 0.4;
  const colW = (g.width - 2 * g.marginX - gutter) / 2;
  const paras: Para[] = slide.blocks.flatMap((b): Para[] => {
    if (b.type === 'paragraph') return [{ runs: inlineRuns(b.children, doc), spaceAfterPt: 8 }];
    if (b.type === 'list') return b.items.map((it) => ({ runs: inlineRuns(it, doc), bullet: true, spaceAfterPt: 6 }));
    if (b.type === 'judgment') return [{ runs: [{ text: b.judgment.statement, bold: true }], spaceAfterPt: 8 }];
    return [];
  });
  let size = doc.theme.sizes.slideBody;
  while (size > 8 && measureParas(paras, colW, size, 'heading', fonts) / PT > g.contentH) size -= 0.5;
  const hPt = measureParas(paras, colW, size, 'heading', fonts);
  const boxes: Box[] = [{ kind: 'text', name: 'Left column', x: g.marginX, y: g.contentY, w: colW, h: hPt / PT, fontSize: size, role: 'heading', color: doc.theme.colors.text, paras, measuredPt: hPt }];
  const fig = slide.blocks.find((b): b is FigureBlock => b.type === 'figure');
  if (fig) {
    const x = g.marginX + colW + gutter;
    const src: Para[] = [{ runs: [{ text: fig.figure.sourceLine, italic: true }] }];
    const srcPt = measureParas(src, colW, 10, 'heading', fonts);
    const { w: cw, h: ch } = chartFrame(fig, colW, g.contentH - srcPt / PT - 0.1);
    boxes.push({ kind: 'image', name: `Figure ${fig.figure.number}`, x: x + (colW - cw) / 2, y: g.contentY, w: cw, h: ch, figure: fig });
    boxes.push({ kind: 'text', name: 'Source line', x, y: g.contentY + ch + 0.1, w: colW, h: srcPt / PT, fontSize: 10, role: 'heading', color: doc.theme.colors.muted, paras: src, measuredPt: srcPt });
  }
  const notes = [...slide.notes, ...slide.blocks.flatMap((b) => (b.type === 'judgment' ? [b.notes] : []))];
  return { layout: 'two-column', title: slide.title, boxes, notes };
}

function changeItems(changes: Change[], ctx: Ctx): FlowItem[] {
  const { g, fonts, doc } = ctx;
  const chipW = 1.25;
  const textX = g.marginX + chipW + 0.25;
  const textW = g.width - g.marginX - textX;
  if (changes.length === 0) {
    const paras: Para[] = [{ runs: [{ text: 'No changes to judgments, sources or figure data since the previous edition.' }] }];
    return [{ height: (size) => measureParas(paras, textW, size, 'heading', fonts) / PT, place: (y, size) => [{ kind: 'text', name: 'No changes', x: g.marginX, y, w: textW, h: measureParas(paras, textW, size, 'heading', fonts) / PT, fontSize: size, role: 'heading', color: doc.theme.colors.text, paras, measuredPt: measureParas(paras, textW, size, 'heading', fonts) }] }];
  }
  return changes.map((c) => {
    const chip = changeChip(c, doc);
    const paras = (size: number): Para[] => [
      { runs: [{ text: c.text, bold: true }] },
      { runs: [{ text: c.subject, color: doc.theme.colors.muted }], spaceAfterPt: c.details.length || c.note ? size * 0.2 : 0 },
      ...c.details.map((d) => ({ runs: [{ text: d }], bullet: true })),
      ...(c.note ? [{ runs: [{ text: `Note: ${c.note}`, italic: true, color: doc.theme.colors.accent }] }] : []),
    ];
    const scale = 0.8;
    const textH = (size: number) => measureParas(paras(size * scale), textW, size * scale, 'heading', fonts);
    return {
      height: (size) => Math.max(textH(size) / PT, 0.32),
      place: (y, size) => [
        { kind: 'shape', shape: 'roundRect', x: g.marginX, y, w: chipW, h: 0.32, fill: chip.color, label: { text: chip.label, color: '#FFFFFF', fontSize: 11, bold: true }, name: `Change: ${c.kind}` },
        { kind: 'text', name: `Change ${c.id}`, x: textX, y, w: textW, h: Math.max(textH(size) / PT, 0.32), fontSize: size * scale, role: 'heading', color: doc.theme.colors.text, paras: paras(size * scale), measuredPt: textH(size) },
      ],
    };
  });
}
