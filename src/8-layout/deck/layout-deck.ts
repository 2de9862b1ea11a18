/**
 * The deck's layout stage (pandoc's Presentation step): realized slides become
 * positioned boxes, with text measured by the shared text engine. Text shrinks
 * within the theme's limits and continues onto "(1/2)" slides past them, so no
 * box ever depends on PowerPoint's autofit. The pptx emitter and the preview
 * both draw what this returns.
 */
import type { FontSet } from '../../text/font-set.js';
import { breakLines, contentWidths } from '../../text/paragraph.js';
import { isOfficeFace } from '../../text/office-faces.js';
import type { Block, Chip, Color, Figure, ListItem, RealizedDeck, RealizedSlide, Run, Table } from '../../7-realize/types.js';
import type { Box, DeckLayout, DeckMaster, DeckPara, DeckRun, EmbeddedFace, LaidOutSlide } from './types.js';

/** What the deck's look depends on. */
export interface DeckTheme {
  slide: '16:9' | '4:3';
  /** Slide size in inches when an organisation's template sets it. */
  size?: { width: number; height: number };
  colors: { primary: Color; accent: Color; text: Color; muted: Color; background: Color; panel: Color; rule: Color };
  sizes: { slideTitle: number; slideBody: number; slideBodyMin: number; chart: number };
  logo?: { format: 'png' | 'svg'; data: Buffer };
}

/** The regions of a slide, in inches. */
export interface SlideGeometry {
  width: number;
  height: number;
  bannerHeight: number;
  marginX: number;
  titleY: number;
  titleH: number;
  contentY: number;
  contentH: number;
  footerY: number;
  footerH: number;
}

/** Geometry for the theme's slide size (16:9 is 13.333 × 7.5 in, 4:3 is 10 × 7.5 in), or the template's size. */
export function slideGeometry(slide: DeckTheme['slide'], size?: { width: number; height: number }): SlideGeometry {
  const width = size?.width ?? (slide === '4:3' ? 10 : 13.333);
  const height = size?.height ?? 7.5;
  const bannerHeight = 0.3;
  const footerH = 0.3;
  const footerY = height - bannerHeight - footerH - 0.05;
  const titleY = bannerHeight + 0.2;
  const titleH = 0.85;
  const contentY = titleY + titleH + 0.15;
  return { width, height, bannerHeight, marginX: 0.6, titleY, titleH, contentY, contentH: footerY - 0.1 - contentY, footerY, footerH };
}

const PT = 72;
// Why: renderers differ slightly in kerning and hinting; keep a margin so text never touches its box edge.
export const WIDTH_SAFETY = 1.04;
/** Room for a substitute face when readers lack the deck's face (widths of common substitutes differ by up to ~10%). */
export const SUBSTITUTE_SAFETY = 1.12;
const GAP = 0.18;
export const BULLET_INDENT = 0.3;
export const CHIP_H = 0.34;
const CHIP_FONT = 11;

/** A paragraph as the layout measures it: realized runs, with a bullet level and spacing. */
export interface Para {
  runs: Run[];
  bullet?: number;
  align?: 'left' | 'center' | 'right';
  spaceAfterPt?: number;
  /** In a template's placeholder: margins and first-line indent in inches. */
  margins?: { left: number; right: number; indent: number };
}

/** Something placed in the content area at a given font size. */
interface FlowItem {
  /** Height in inches at `size`. */
  height(size: number): number;
  /** Boxes at `size`, with the item's top at `y`. */
  place(y: number, size: number): Box[];
  /** Speaker notes that travel with the item onto whichever slide it lands. */
  notes?: string;
}

export interface Ctx {
  fonts: FontSet;
  g: SlideGeometry;
  theme: DeckTheme;
  /** Line counts measured so far, per paragraph, by width and size. */
  measured: WeakMap<Para, Map<number, number>>;
  /** How much wider than measured text may be drawn on a reader's machine. */
  safety: number;
  /** Line pitch in points per point of font size, written on every paragraph. */
  lineFactor: number;
}

/** Lays out every slide; continuation slides are added where content does not fit. */
export function layoutDeck(deck: RealizedDeck, fonts: FontSet, theme: DeckTheme): DeckLayout {
  const g = slideGeometry(theme.slide, theme.size);
  const ctx: Ctx = { fonts, g, theme, measured: new WeakMap(), safety: isOfficeFace(fonts.family('heading').name) ? WIDTH_SAFETY : SUBSTITUTE_SAFETY, lineFactor: lineFactor(fonts) };
  const master = deckMaster(deck, g, theme, fonts.family('heading').name, ctx.lineFactor);
  const { heading, body, fallbacks } = fonts.families;
  const slides = deck.slides.flatMap((s) => layoutSlide(s, ctx)).map((s) => fitTitle(s, master, ctx));
  return { meta: deck.meta, master, slides, families: [heading, body, ...fallbacks], embedded: facesToEmbed(slides, master, fonts) };
}

/** What every slide shares: size, banners, footer, title place and style, logo. */
export function deckMaster(deck: RealizedDeck, g: SlideGeometry, theme: DeckTheme, family: string, lineFactor: number): DeckMaster {
  return {
    width: g.width,
    height: g.height,
    background: theme.colors.background,
    marking: deck.furniture.marking,
    banner: deck.furniture.banner,
    bannerHeight: g.bannerHeight,
    marginX: g.marginX,
    // The title box leaves the logo's corner free.
    title: { y: g.titleY, w: g.width - 2 * g.marginX - (theme.logo ? 0.7 : 0), h: g.titleH, size: theme.sizes.slideTitle, color: theme.colors.primary, family },
    footer: { y: g.footerY, h: g.footerH, text: deck.furniture.footer, size: 10, color: theme.colors.muted },
    rule: theme.colors.rule,
    family,
    lineFactor,
    ...(theme.logo ? { logo: { ...theme.logo, alt: `${deck.meta.organisation} logo` } } : {}),
  };
}

/**
 * Faces named on the slides that readers' office installs lack, with their files, when their licence allows
 * embedding (OS/2 fsType bit 1 clear): PowerPoint and LibreOffice draw a deck's embedded faces.
 */
function facesToEmbed(slides: LaidOutSlide[], master: DeckMaster, fonts: FontSet): EmbeddedFace[] {
  const named = new Set<string>([master.family, master.title.family]);
  const runs = (paras: DeckPara[] | undefined) => paras?.forEach((p) => p.runs.forEach((r) => r.family && named.add(r.family)));
  for (const s of slides)
    for (const b of s.boxes) {
      if (b.kind === 'text') runs(b.paras);
      else if (b.kind === 'shape' && b.label) runs([{ runs: b.label.runs }]);
      else if (b.kind === 'table') [b.header, ...b.rows].forEach(runs);
    }
  const { heading, body, fallbacks } = fonts.families;
  const out: EmbeddedFace[] = [];
  for (const name of [...named].sort()) {
    const family = [heading, body, ...fallbacks].find((f) => f.name === name);
    if (!family || isOfficeFace(name)) continue;
    const styles = (['regular', 'bold', 'italic', 'boldItalic'] as const)
      .filter((style, i, all) => all.findIndex((o) => family[o] === family[style]) === i)
      .map((style) => ({ style, file: family[style], info: fonts.book.embeddingInfo(family[style]) }))
      .filter((s) => (s.info.fsType & 0x0002) === 0);
    if (styles.length) out.push({ name, styles });
  }
  return out;
}

/** Smallest title size before a long title may take a third line; titles are sentences, and 3 lines at 16 pt hold about 270 characters. */
const TITLE_MIN = 12;

/** Shrinks a title that would not fit the master's title box at the master's size. */
function fitTitle(slide: LaidOutSlide, master: DeckMaster, ctx: Ctx): LaidOutSlide {
  if (!slide.title) return slide;
  const para: Para[] = [{ runs: [{ text: slide.title, bold: true }] }];
  const w = master.title.w;
  let size = master.title.size;
  while (size > TITLE_MIN && measureParas(para, w, size, ctx) > master.title.h * PT) size -= 1;
  return size < master.title.size ? { ...slide, titleSize: size } : slide;
}

function layoutSlide(slide: RealizedSlide, ctx: Ctx): LaidOutSlide[] {
  switch (slide.layout) {
    case 'title':
      return [titleSlide(slide, ctx)];
    case 'section':
      return [sectionSlide(slide, ctx)];
    case 'figure':
      return [figureSlide(slide, ctx)];
    case 'two-column':
      return [twoColumnSlide(slide, ctx)];
    case 'table':
      return tableSlides(slide, ctx);
    case 'bluf':
      return paginate(slide, ctx, blockItems(slide.blocks, ctx, { lead: true }));
    case 'changes':
    case 'sources':
      return paginate(slide, ctx, blockItems(slide.blocks, ctx, { scale: 0.8 }));
    case 'bullets':
    case 'judgments':
      return paginate(slide, ctx, blockItems(slide.blocks, ctx, {}));
    default: {
      const never: never = slide.layout;
      throw new Error(`unknown slide layout ${String(never)}`);
    }
  }
}

// ---- Measuring -------------------------------------------------------------

/**
 * Single spacing differs between readers: LibreOffice sets Times New Roman and Arial at about 1.2 em, their
 * fonts' own metrics say 1.15. The deck writes an exact pitch on every paragraph, the larger of the two, so
 * every reader draws lines where they were measured.
 */
const READER_LINE_PITCH = 1.2;

export function lineFactor(fonts: FontSet): number {
  return Math.max(fonts.lineHeight(1, 'heading'), READER_LINE_PITCH);
}

/** Height in points of paragraphs set at `size` in a box `widthIn` wide. */
export function measureParas(paras: Para[], widthIn: number, size: number, ctx: Ctx): number {
  const { fonts } = ctx;
  let h = 0;
  for (const p of paras) {
    // Fitting asks the same questions many times: line counts are remembered per paragraph, width and size.
    let known = ctx.measured.get(p);
    if (!known) {
      known = new Map();
      ctx.measured.set(p, known);
    }
    const key = widthIn * 1000 + size;
    const lines = known.get(key);
    if (lines !== undefined) {
      h += lines * size * ctx.lineFactor + (p.spaceAfterPt ?? 0);
      continue;
    }
    const indent = p.bullet ? BULLET_INDENT * p.bullet * PT : 0;
    const text = p.runs.length ? p.runs : [{ text: ' ' }];
    const count = Math.max(
      1,
      breakLines(
        fonts,
        text.map((r) => ({ text: r.text, style: { face: 'heading' as const, size, bold: r.bold, italic: r.italic, advances: true }, payload: null })),
        { width: (widthIn * PT - indent) / ctx.safety },
      ).length,
    );
    known.set(key, count);
    h += count * size * ctx.lineFactor + (p.spaceAfterPt ?? 0);
  }
  return h;
}

/** Paragraphs as the emitter writes them: each run split where a fallback font takes over. */
export function deckParas(paras: Para[], fonts: FontSet, color: Color): DeckPara[] {
  return paras.map((p) => ({
    runs: deckRuns(p.runs, fonts, color),
    ...(p.bullet ? { bullet: p.bullet } : {}),
    ...(p.align ? { align: p.align } : {}),
    ...(p.spaceAfterPt ? { spaceAfterPt: p.spaceAfterPt } : {}),
    ...(p.margins ? { margins: p.margins } : {}),
  }));
}

function deckRuns(runs: Run[], fonts: FontSet, color: Color): DeckRun[] {
  return runs.flatMap((r) =>
    fonts.runs(r.text, 'heading', { bold: r.bold, italic: r.italic }).map((fr) => ({
      text: fr.text,
      family: fr.family,
      color: r.color ?? color,
      ...(r.bold ? { bold: true } : {}),
      ...(r.italic ? { italic: true } : {}),
      ...(r.url ? { url: r.url } : {}),
      ...(r.strike ? { strike: true } : {}),
      ...(r.inserted ? { underline: true } : {}),
    })),
  );
}

/** A text box of paragraphs at a size, exactly as tall as its measured text (at least `minH`). */
function textBox(name: string, role: 'body' | 'lead' | 'note' | 'title' | 'subtitle', paras: Para[], x: number, y: number, w: number, size: number, color: Color, ctx: Ctx, minH = 0): Box {
  const hPt = measureParas(paras, w, size, ctx);
  return { kind: 'text', name, role, x, y, w, h: Math.max(hPt / PT, minH), fontSize: size, lineHeightPt: size * ctx.lineFactor, color, paras: deckParas(paras, ctx.fonts, color), measuredPt: hPt };
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

// ---- Flowing content -----------------------------------------------------

/**
 * Fits items into the content area: the largest size between the theme's body
 * size and its minimum that fits on one slide. When even the minimum does not
 * fit, items continue on further slides titled "(1/n)" at the full body size,
 * balanced so the last slide is not a lone straggler.
 */
function paginate(slide: RealizedSlide, ctx: Ctx, items: FlowItem[]): LaidOutSlide[] {
  const { sizes } = ctx.theme;
  const { g } = ctx;
  const total = (size: number, list: FlowItem[]) => list.reduce((h, it, i) => h + it.height(size) + (i ? GAP : 0), 0);
  // Why: if even the smallest size cannot hold everything, the items continue at full size, so try no sizes in between.
  const size = total(sizes.slideBodyMin, items) > g.contentH ? sizes.slideBody : largestFitting(sizes.slideBodyMin, sizes.slideBody, (sz) => total(sz, items) <= g.contentH);
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

function shrinkToFit(it: FlowItem, size: number, maxH: number): FlowItem {
  let s = size;
  while (s > 6 && it.height(s) > maxH) s -= 0.5;
  return { height: () => it.height(s), place: (y) => it.place(y, s), notes: it.notes };
}

/** Paragraph text for a slide: headings bold, lists as bullet paragraphs, nested one level. */
export function parasOf(blocks: Block[], level = 0): Para[] {
  return blocks.flatMap((b): Para[] => {
    if (b.kind === 'paragraph') return [{ runs: b.runs, ...(level ? { bullet: level } : {}), ...(b.align ? { align: b.align } : {}) }];
    if (b.kind === 'heading') return [{ runs: b.runs.map((r) => ({ ...r, bold: true })) }];
    if (b.kind === 'list') return b.items.flatMap((it) => parasOf(it.blocks, level + 1)).map((p) => ({ ...p, spaceAfterPt: p.spaceAfterPt ?? 6 }));
    if (b.kind === 'panel') return parasOf(b.blocks, level);
    return [];
  });
}

/** Flow items for a slide's blocks: text, and list items with their chips. */
function blockItems(blocks: Block[], ctx: Ctx, o: { lead?: boolean; scale?: number }): FlowItem[] {
  const items: FlowItem[] = [];
  for (const b of blocks) {
    if (b.kind === 'list' && b.items.some((i) => i.marker.kind === 'chip' || i.chips.length > 0)) {
      items.push(...chipItems(b.items, ctx, o.scale ?? 1));
      continue;
    }
    const paras = parasOf([b]);
    if (paras.length) items.push(o.lead ? leadItem(paras, ctx) : textItem(paras, ctx, o.scale ?? 1));
  }
  return items;
}

function textItem(paras: Para[], ctx: Ctx, scale: number): FlowItem {
  const { g, theme } = ctx;
  const w = g.width - 2 * g.marginX;
  return {
    height: (size) => measureParas(paras, w, size * scale, ctx) / PT,
    place: (y, size) => [textBox('Body', 'body', paras, g.marginX, y, w, size * scale, theme.colors.text, ctx)],
  };
}

/** The bottom line: larger, beside an accent bar. */
function leadItem(paras: Para[], ctx: Ctx): FlowItem {
  const { g, theme } = ctx;
  const textW = g.width - 2 * g.marginX - 0.35;
  const scale = 1.25;
  return {
    height: (size) => measureParas(paras, textW, size * scale, ctx) / PT + 0.3,
    place: (y, size) => {
      const box = textBox('BLUF', 'lead', paras, g.marginX + 0.35, y + 0.15, textW, size * scale, theme.colors.text, ctx);
      return [{ kind: 'shape', shape: 'rect', x: g.marginX, y, w: 0.12, h: box.h + 0.3, fill: theme.colors.accent, name: 'BLUF bar' }, box];
    },
  };
}

/** Width in inches a chip needs for its label. */
export function chipWidth(c: Chip, fonts: FontSet): number {
  if (c.shape === 'badge') return 0.42;
  return fonts.width(c.text, CHIP_FONT, 'heading', { bold: true, advances: true }) / PT + 0.3;
}

export function chipBox(c: Chip, x: number, y: number, w: number, name: string, fonts: FontSet): Box {
  const h = c.shape === 'badge' ? 0.42 : CHIP_H;
  return {
    kind: 'shape',
    shape: c.shape === 'badge' ? 'ellipse' : 'roundRect',
    x,
    y,
    w,
    h,
    fill: c.fill,
    label: { runs: deckRuns([{ text: c.text, bold: true }], fonts, c.color), fontSize: c.shape === 'badge' ? 14 : CHIP_FONT },
    name,
  };
}

/**
 * List items with a marker chip (a judgment's number, a change's direction, a source's
 * grade) and chips beside them (likelihood, confidence): marker left, text, chips right.
 * Markers and chip columns are as wide as the widest in the list, so texts line up.
 */
function chipItems(list: ListItem[], ctx: Ctx, scale: number): FlowItem[] {
  const { g, fonts, theme } = ctx;
  const markers = list.map((i) => (i.marker.kind === 'chip' ? i.marker : undefined));
  const markerW = Math.max(0, ...markers.map((m) => (m ? chipWidth(m, fonts) : 0)));
  const chipsW = Math.max(0, ...list.flatMap((i) => i.chips.map((c) => chipWidth(c, fonts))));
  const textX = g.marginX + (markerW ? markerW + 0.2 : 0);
  const textW = g.width - g.marginX - (chipsW ? chipsW + 0.25 : 0) - textX;
  return list.map((item, n) => {
    const paras = parasOf(item.blocks);
    const marker = markers[n];
    const chipsH = item.chips.length ? item.chips.length * CHIP_H + (item.chips.length - 1) * 0.08 : 0;
    const minH = Math.max(chipsH, marker ? (marker.shape === 'badge' ? 0.42 : CHIP_H) : 0);
    const label = `${marker?.text ?? n + 1}`;
    return {
      notes: item.notes,
      height: (size) => Math.max(measureParas(paras, textW, size * scale, ctx) / PT, minH),
      place: (y, size) => {
        const boxes: Box[] = [];
        if (marker) boxes.push(chipBox(marker, g.marginX, y, marker.shape === 'badge' ? 0.42 : markerW, `Item ${label} marker`, fonts));
        boxes.push(textBox(`Item ${label}`, 'body', paras, textX, y, textW, size * scale, theme.colors.text, ctx, minH));
        item.chips.forEach((c, k) => boxes.push(chipBox(c, g.width - g.marginX - chipsW, y + k * (CHIP_H + 0.08), chipsW, `Item ${label} chip ${k + 1}`, fonts)));
        return boxes;
      },
    };
  });
}

// ---- Slides of a fixed arrangement -------------------------------------------

function titleSlide(slide: RealizedSlide, ctx: Ctx): LaidOutSlide {
  const { g, theme } = ctx;
  const w = g.width - 2 * g.marginX - 0.4;
  const x = g.marginX + 0.4;
  const boxes: Box[] = [{ kind: 'shape', shape: 'rect', x: g.marginX, y: 2.0, w: 0.14, h: 3.2, fill: theme.colors.accent, name: 'Title bar' }];
  const title: Para[] = [{ runs: [{ text: slide.title, bold: true }] }];
  let size = 40;
  while (size > 24 && measureParas(title, w, size, ctx) / PT > 1.9) size -= 1;
  const t = textBox('Title', 'title', title, x, 2.0, w, size, theme.colors.primary, ctx);
  boxes.push(t);
  let y = 2.0 + t.h + 0.2;
  const sub = textBox('Subtitle', 'subtitle', [{ runs: [{ text: slide.subtitle ?? '' }] }], x, y, w, 20, theme.colors.muted, ctx);
  boxes.push(sub);
  y += sub.h + 0.3;
  boxes.push(textBox('Byline', 'body', parasOf(slide.blocks), x, y, w, 16, theme.colors.text, ctx));
  return { layout: 'title', title: '', boxes, notes: slide.notes };
}

function sectionSlide(slide: RealizedSlide, ctx: Ctx): LaidOutSlide {
  const { g, theme } = ctx;
  const x = g.marginX + 0.4;
  const w = g.width - 2 * g.marginX - 0.4;
  const title: Para[] = [{ runs: [{ text: slide.title, bold: true }] }];
  const sub: Para[] = slide.subtitle ? [{ runs: [{ text: slide.subtitle }] }] : [];
  const hPt = measureParas(title, w, 36, ctx);
  const sPt = sub.length ? measureParas(sub, w, 20, ctx) : 0;
  const total = hPt / PT + (sub.length ? 0.15 + sPt / PT : 0);
  const top = g.height / 2 - total / 2;
  const boxes: Box[] = [
    { kind: 'shape', shape: 'rect', x: g.marginX, y: top, w: 0.14, h: total, fill: theme.colors.accent, name: 'Section bar' },
    textBox('Section title', 'title', title, x, top, w, 36, theme.colors.primary, ctx),
  ];
  if (sub.length) boxes.push(textBox('Section subtitle', 'subtitle', sub, x, top + hPt / PT + 0.15, w, 20, theme.colors.muted, ctx));
  return { layout: 'section', title: '', boxes, notes: slide.notes };
}

/** How a native chart's text and grid look: the theme's chart size and colors. */
export function chartStyle(ctx: { fonts: FontSet; theme: Pick<DeckTheme, 'colors' | 'sizes'> }): { family: string; size: number; text: Color; grid: Color } {
  return { family: ctx.fonts.family('heading').name, size: ctx.theme.sizes.chart, text: ctx.theme.colors.text, grid: ctx.theme.colors.rule };
}

/**
 * The frame a chart gets in a box of `w` × `h`: a picture keeps the SVG's aspect
 * ratio; a native chart is redrawn by PowerPoint, so it may use the space it is given.
 */
export function chartFrame(f: Figure, w: number, h: number): { w: number; h: number } {
  if (f.chart.mode === 'native') return { w, h: Math.min(h, w * 0.75) };
  const ratio = f.chart.width / f.chart.height;
  return w / ratio <= h ? { w, h: w / ratio } : { w: h * ratio, h };
}

/**
 * The box, in points, a picture chart gets on a slide of this layout: the content area's width (one column's on a
 * two-column slide) and its height less room for the takeaway above and the source line below. Charts are laid out
 * at this size, so their text is the theme's chart size on the slide.
 */
export function deckChartBox(layout: string, slide: DeckTheme['slide'], size?: DeckTheme['size']): { width: number; height: number } {
  const g = slideGeometry(slide, size);
  if (layout === 'two-column') return { width: ((g.width - 2 * g.marginX - 0.4) / 2) * PT, height: (g.contentH - 0.8) * PT };
  return { width: (g.width - 2 * g.marginX) * PT, height: (g.contentH - 1.5) * PT };
}

/** A figure: what is above the chart (its takeaway) fitted at the top, what is below (the source line) at the bottom, the chart between. */
export function figureSlide(slide: RealizedSlide, ctx: Ctx): LaidOutSlide {
  const { g, theme } = ctx;
  const fig = slide.blocks.find((b): b is Figure => b.kind === 'figure');
  const boxes: Box[] = [];
  const w = g.width - 2 * g.marginX;
  if (fig) {
    let top = g.contentY;
    const above = parasOf(fig.above);
    if (above.length) {
      let size = theme.sizes.slideBody;
      while (size > theme.sizes.slideBodyMin && measureParas(above, w, size, ctx) / PT > 0.9) size -= 0.5;
      const box = textBox('Takeaway', 'lead', above, g.marginX, top, w, size, theme.colors.text, ctx);
      boxes.push(box);
      top += box.h + 0.15;
    }
    let bottom = g.contentY + g.contentH;
    const below = parasOf(fig.below);
    if (below.length) {
      const hPt = measureParas(below, w, 11, ctx);
      bottom -= hPt / PT;
      boxes.push(textBox('Source line', 'note', below, g.marginX, bottom, w, 11, theme.colors.muted, ctx));
      bottom -= 0.1;
    }
    const { w: cw, h: ch } = chartFrame(fig, w, bottom - top);
    boxes.push({ kind: 'chart', name: fig.label, x: g.marginX + (w - cw) / 2, y: top, w: cw, h: ch, chart: fig.chart, alt: fig.alt, style: chartStyle(ctx) });
  }
  return { layout: 'figure', title: slide.title, boxes, notes: slide.notes };
}

/** Text on the left, a figure on the right. */
export function twoColumnSlide(slide: RealizedSlide, ctx: Ctx): LaidOutSlide {
  const { g, theme } = ctx;
  const gutter = 0.4;
  const colW = (g.width - 2 * g.marginX - gutter) / 2;
  const paras = parasOf(slide.blocks.filter((b) => b.kind !== 'figure')).map((p) => ({ ...p, spaceAfterPt: p.spaceAfterPt ?? 8 }));
  let size = theme.sizes.slideBody;
  while (size > 8 && measureParas(paras, colW, size, ctx) / PT > g.contentH) size -= 0.5;
  const boxes: Box[] = [textBox('Left column', 'body', paras, g.marginX, g.contentY, colW, size, theme.colors.text, ctx)];
  const fig = slide.blocks.find((b): b is Figure => b.kind === 'figure');
  const notes = [...slide.notes];
  if (fig) {
    const x = g.marginX + colW + gutter;
    const below = parasOf(fig.below);
    const srcPt = below.length ? measureParas(below, colW, 10, ctx) : 0;
    const { w: cw, h: ch } = chartFrame(fig, colW, g.contentH - srcPt / PT - 0.1);
    boxes.push({ kind: 'chart', name: fig.label, x: x + (colW - cw) / 2, y: g.contentY, w: cw, h: ch, chart: fig.chart, alt: fig.alt, style: chartStyle(ctx) });
    if (below.length) boxes.push(textBox('Source line', 'note', below, x, g.contentY + ch + 0.1, colW, 10, theme.colors.muted, ctx));
  }
  for (const b of slide.blocks) if (b.kind === 'list') for (const it of b.items) if (it.notes) notes.push(it.notes);
  return { layout: 'two-column', title: slide.title, boxes, notes };
}

const CELL_PAD_X = 0.08;
const CELL_PAD_Y = 0.05;

/** Table slides: columns sized to their content, rows measured, continued with the header repeated. */
export function tableSlides(slide: RealizedSlide, ctx: Ctx): LaidOutSlide[] {
  const { g, theme, fonts } = ctx;
  const table = slide.blocks.find((b): b is Table => b.kind === 'table');
  const intro = blockItems(
    slide.blocks.filter((b) => b.kind === 'paragraph'),
    ctx,
    {},
  );
  if (!table) return paginate(slide, ctx, intro);
  const w = g.width - 2 * g.marginX;
  const { sizes, colors } = theme;
  const header: Para[] = table.header.map((c) => ({ runs: c.runs.map((r) => ({ ...r, bold: true })), align: c.align }));
  const rows: Para[][] = table.rows.map((r) => r.map((c) => ({ runs: c.runs, align: c.align })));
  const widths = (p: Para, size: number) =>
    contentWidths(
      fonts,
      p.runs.map((r) => ({ text: r.text, style: { face: 'heading' as const, size, bold: r.bold, italic: r.italic, advances: true }, payload: null })),
    );
  const colWidths = (size: number): number[] => {
    const cells = header.map((h, k) => [h, ...rows.map((r) => r[k] ?? { runs: [] })].map((p) => widths(p, size)));
    const pad = 2 * CELL_PAD_X + 0.05;
    const natural = cells.map((c) => (Math.max(...c.map((x) => x.max)) * ctx.safety) / PT + pad);
    const longestWord = cells.map((c) => (Math.max(...c.map((x) => x.min)) * ctx.safety) / PT + pad);
    const total = natural.reduce((a, b) => a + b, 0);
    if (total <= w) return natural.map((n) => (n / total) * w);
    // Share the width in proportion to natural width, never below the longest word.
    const minTotal = longestWord.reduce((a, b) => a + b, 0);
    const spare = Math.max(0, w - minTotal);
    const extra = natural.map((n, k) => Math.max(0, n - longestWord[k]!));
    const extraTotal = extra.reduce((a, b) => a + b, 0) || 1;
    return longestWord.map((m, k) => m + (spare * extra[k]!) / extraTotal);
  };
  const measureRow = (cells: Para[], colW: number[], size: number) => Math.max(...cells.map((c, k) => measureParas([c], (colW[k] ?? 1) - 2 * CELL_PAD_X, size, ctx)));
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
  L.rowH.forEach((h, i) => {
    if (cur.length && used + h > (pages.length === 0 ? avail : g.contentH)) {
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
      header: deckParas(header, fonts, '#FFFFFF'),
      rows: idx.map((i) => deckParas(rows[i]!, fonts, colors.text)),
      align: table.header.map((c) => c.align),
      measuredPt: [L.headerPt, ...idx.map((i) => L.rowPt[i]!)],
      colors: { header: colors.primary, headerText: '#FFFFFF', text: colors.text, shade: colors.panel, rule: colors.rule },
    });
    return { layout: 'table' as const, title: pages.length > 1 ? `${slide.title} (${p + 1}/${pages.length})` : slide.title, boxes, notes: p === 0 ? slide.notes : [] };
  });
}
