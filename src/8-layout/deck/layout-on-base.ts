/**
 * The deck laid out on an organisation's template: each slide takes a layout of
 * the template (chosen by what its placeholders hold, see base-layouts.ts) and
 * its text goes into that layout's placeholders, measured with the template's
 * own faces (their metric twins) at the sizes the template's styles give, so
 * the template positions and styles it. Text that does not fit a placeholder
 * shrinks within limits and then continues on a "(1/2)" slide, as elsewhere.
 * Figures and tables take the content area below the title; the marking
 * banners and the likelihood and confidence chips keep their own fills.
 */
import type { FontSet } from '../../text/font-set.js';
import type { Block, Chip, Figure, RealizedDeck, RealizedSlide } from '../../7-realize/types.js';
import type { BaseLayout, BasePlaceholder, BaseProfile, Box, DeckLayout, LaidOutSlide, PlaceholderFill, TextBox } from './types.js';
import { chooseLayout, isContent, isText } from './base-layouts.js';
import {
  BULLET_INDENT,
  CHIP_H,
  chartFrame,
  chartStyle,
  chipBox,
  chipWidth,
  deckMaster,
  deckParas,
  figureSlide,
  lineFactor,
  measureParas,
  parasOf,
  slideGeometry,
  tableSlides,
  twoColumnSlide,
  type Ctx,
  type DeckTheme,
  type Para,
} from './layout-deck.js';

const PT = 72;
const TITLE_MIN = 12;
const FOOTER_MIN = 7;
/** Space between items of a list, in points. */
const ITEM_GAP_PT = 6;
/** Bullet hangs this far left of its text, in inches. */
const HANG = 0.22;

/** The template's faces as the layout measures them: titles in the heading (major) face, the rest in the body (minor) face. */
export interface BaseFonts {
  title: FontSet;
  body: FontSet;
  /** How much wider than measured text may be drawn (more when a face is measured with a stand-in). */
  safety: number;
}

interface BaseCtx {
  title: Ctx;
  body: Ctx;
  theme: DeckTheme;
  profile: BaseProfile;
  footer: string;
}

/** Lays out every slide on the template's layouts. */
export function layoutDeckOnBase(deck: RealizedDeck, fonts: BaseFonts, theme: DeckTheme, profile: BaseProfile): DeckLayout {
  const g = slideGeometry(theme.slide, { width: profile.width, height: profile.height });
  const lf = Math.max(lineFactor(fonts.title), lineFactor(fonts.body));
  const mk = (f: FontSet): Ctx => ({ fonts: f, g, theme, measured: new WeakMap(), safety: fonts.safety, lineFactor: lf });
  const bc: BaseCtx = { title: mk(fonts.title), body: mk(fonts.body), theme, profile, footer: deck.furniture.footer };
  // The template carries the organisation's branding: no Briefsmith logo on it.
  const { logo: _logo, ...noLogo } = theme;
  const master = deckMaster(deck, g, noLogo, fonts.body.family('heading').name, lf);
  const slides = deck.slides.flatMap((s) => slideOnBase(s, bc));
  const fams = [fonts.title.families.heading, fonts.body.families.heading, ...fonts.body.families.fallbacks];
  return { meta: deck.meta, master, slides, families: fams.filter((f, i) => fams.findIndex((o) => o.name === f.name) === i), embedded: [] };
}

/** A placeholder's frame less its insets. */
function inner(p: BasePlaceholder): { x: number; y: number; w: number; h: number } {
  const [l, t, r, b] = p.insets;
  return { x: p.x + l, y: p.y + t, w: Math.max(0.5, p.w - l - r), h: Math.max(0.2, p.h - t - b) };
}

const titleOf = (l: BaseLayout) => l.placeholders.find((p) => p.type === 'ctrTitle') ?? l.placeholders.find((p) => p.type === 'title');
const contentsOf = (l: BaseLayout) => l.placeholders.filter(isContent).sort((a, b) => a.x - b.x || a.y - b.y);

/** A text box filling placeholder `p` with paragraphs at `size` (written as `sz` only when smaller than the template's). */
function fill(name: string, role: TextBox['role'], paras: Para[], p: BasePlaceholder, size: number, ctx: Ctx, measuredPt: number): TextBox {
  const own = p.sizes[0]!;
  const placeholder: PlaceholderFill = {
    type: p.type,
    ...(p.idx !== undefined ? { idx: p.idx } : {}),
    ...(size < own - 0.01 || !p.styled ? { size } : {}),
    ...(p.ambiguous ? { frame: { x: p.x, y: p.y, w: p.w, h: p.h } } : {}),
    ...(p.color ? { color: p.color } : {}),
  };
  return {
    kind: 'text',
    name,
    role,
    x: p.x,
    y: p.y,
    w: p.w,
    h: p.h,
    fontSize: size,
    lineHeightPt: size * ctx.lineFactor,
    color: '#000000',
    paras: deckParas(paras, ctx.fonts, '#000000'),
    measuredPt,
    placeholder,
  };
}

/** The largest size from `max` down to `min` in half points at which `height(size)` (points) fits `limitPt`; `min` when none does. */
function fitSize(max: number, min: number, limitPt: number, height: (size: number) => number): number {
  let s = max;
  while (s > min && height(s) > limitPt) s -= 0.5;
  return Math.max(s, min);
}

/** The title in the layout's title placeholder, shrunk to fit; an own box where the layout has none. */
function titleBox(text: string, layout: BaseLayout, bc: BaseCtx): TextBox | undefined {
  if (!text) return undefined;
  const paras: Para[] = [{ runs: [{ text, bold: true }] }];
  const p = titleOf(layout);
  if (!p) {
    const g = bc.title.g;
    const hPt = measureParas(paras, g.width - 2 * g.marginX, 24, bc.title);
    return {
      ...fill(
        'Title',
        'title',
        paras,
        { type: 'title', x: g.marginX, y: g.titleY, w: g.width - 2 * g.marginX, h: Math.max(g.titleH, hPt / PT), sizes: [24], insets: [0, 0, 0, 0], anchor: 'top', styled: false },
        24,
        bc.title,
        hPt,
      ),
      placeholder: undefined,
      plain: true,
    } as TextBox;
  }
  const box = inner(p);
  const size = fitSize(p.sizes[0]!, Math.min(TITLE_MIN, p.sizes[0]!), box.h * PT, (s) => measureParas(paras, box.w, s, bc.title));
  return fill('Title', 'title', paras, p, size, bc.title, measureParas(paras, box.w, size, bc.title));
}

/** Where the layout's footer and slide number placeholders are filled (the footer only when it fits). */
function furnitureOf(layout: BaseLayout, bc: BaseCtx): LaidOutSlide['base'] {
  const ink = contentsOf(layout)[0]?.color ?? titleOf(layout)?.color;
  const out: NonNullable<LaidOutSlide['base']> = { layout: layout.part, ...(ink ? { ink } : {}) };
  const f = layout.placeholders.find((p) => p.type === 'ftr');
  const g = bc.body.g;
  // A footer placeholder the marking banners would cover is left empty; Briefsmith's own footer goes above the banner.
  const clear = (p: BasePlaceholder) => p.y + p.h / 2 + 0.08 <= g.height - g.bannerHeight && p.y + p.h / 2 - 0.08 >= g.bannerHeight;
  if (f && bc.footer && clear(f)) {
    const box = inner(f);
    const paras: Para[] = [{ runs: [{ text: bc.footer }] }];
    // One line, 12 pt at most: a second line would fall under the bottom marking banner on many templates.
    const oneLine = (sz: number) => measureParas(paras, box.w, sz, bc.body) <= sz * bc.body.lineFactor + 0.01 && sz * bc.body.lineFactor <= box.h * PT;
    let size = Math.min(f.sizes[0]!, 12);
    while (size > FOOTER_MIN && !oneLine(size)) size -= 0.5;
    if (oneLine(size)) out.footer = { type: 'ftr', ...(f.idx !== undefined ? { idx: f.idx } : {}), ...(size < f.sizes[0]! || !f.styled ? { size } : {}), ...(f.color ? { color: f.color } : {}) };
  }
  const n = layout.placeholders.find((p) => p.type === 'sldNum');
  if (n && clear(n))
    out.slideNumber = { type: 'sldNum', ...(n.idx !== undefined ? { idx: n.idx } : {}), ...(!n.styled ? { size: Math.min(n.sizes[0]!, 14) } : {}), ...(n.color ? { color: n.color } : {}) };
  return out;
}

/** The area below the title for a figure or table: the layout's content placeholder, else between the title and the footer. */
function contentArea(layout: BaseLayout, bc: BaseCtx): { x: number; y: number; w: number; h: number } {
  const g = bc.body.g;
  const c = contentsOf(layout).sort((a, b) => b.w * b.h - a.w * a.h)[0];
  const t = titleOf(layout);
  const topLimit = g.bannerHeight + 0.1;
  // Above the bottom banner, and above Briefsmith's own footer where the layout has no footer placeholder.
  const bottomLimit = layout.placeholders.some((p) => p.type === 'ftr') ? g.height - g.bannerHeight - 0.1 : g.footerY - 0.1;
  if (c) {
    const y = Math.max(c.y, topLimit);
    return { x: c.x, y, w: c.w, h: Math.min(c.y + c.h, bottomLimit) - y };
  }
  const top = Math.max(t ? t.y + t.h + 0.1 : g.contentY, topLimit);
  const furniture = layout.placeholders.filter((p) => (p.type === 'ftr' || p.type === 'dt' || p.type === 'sldNum') && p.y > top + 1);
  const bottom = Math.min(bottomLimit, ...furniture.map((p) => p.y - 0.05));
  const x = t?.x ?? g.marginX;
  const w = t?.w ?? g.width - 2 * g.marginX;
  // A title low on the slide (some templates put it there) leaves more room above it than below.
  if (t && t.y - 0.1 - topLimit > bottom - top) return { x, y: topLimit, w, h: t.y - 0.1 - topLimit };
  return { x, y: top, w, h: Math.max(1, bottom - top) };
}

/** A context whose content area is `area`, for the arrangements the plain deck also uses (figures, tables). */
function inArea(ctx: Ctx, area: { x: number; y: number; w: number; h: number }): Ctx {
  return { ...ctx, g: { ...ctx.g, marginX: area.x, width: 2 * area.x + area.w, contentY: area.y, contentH: area.h } };
}

/** Briefsmith's own text on the template: no colour or face of its own. */
function plain(boxes: Box[], layout: BaseLayout): Box[] {
  const ink = contentsOf(layout)[0]?.color ?? titleOf(layout)?.color;
  return boxes.map((b) => {
    if (b.kind === 'table') return { ...b, colors: { ...b.colors, body: '#FFFFFF' } };
    if (b.kind !== 'text') return b;
    if (!ink) return { ...b, plain: true };
    return { ...b, color: ink, paras: b.paras.map((p) => ({ ...p, runs: p.runs.map((r) => ({ ...r, color: ink })) })) };
  });
}

function slideOnBase(slide: RealizedSlide, bc: BaseCtx): LaidOutSlide[] {
  const layout = chooseLayout(bc.profile, slide.layout);
  const base = furnitureOf(layout, bc);
  const titled = (title: string, boxes: Box[], notes: string[]): LaidOutSlide => {
    const t = titleBox(title, layout, bc);
    return { layout: slide.layout, title: '', boxes: [...(t ? [t] : []), ...boxes], notes, ...(base ? { base } : {}) };
  };
  switch (slide.layout) {
    case 'title':
      return [titleSlide(slide, layout, bc, base)];
    case 'section':
      return [sectionSlide(slide, layout, bc, base)];
    case 'figure': {
      const s = figureSlide(slide, inArea(bc.body, contentArea(layout, bc)));
      return [titled(slide.title, plain(s.boxes, layout), s.notes)];
    }
    case 'table':
      return tableSlides(slide, inArea(bc.body, contentArea(layout, bc))).map((s) => titled(s.title, plain(s.boxes, layout), s.notes));
    case 'two-column': {
      const [left, right] = contentsOf(layout);
      if (left && right && isText(left)) return [twoColumn(slide, layout, left, right, bc, base)];
      const s = twoColumnSlide(slide, inArea(bc.body, contentArea(layout, bc)));
      return [titled(slide.title, plain(s.boxes, layout), s.notes)];
    }
    default: {
      const body = contentsOf(layout)
        .filter(isText)
        .sort((a, b) => b.w * b.h - a.w * a.h)[0];
      const items = itemsOf(slide.blocks);
      if (!body) {
        const s = twoColumnSlide({ ...slide, blocks: slide.blocks.filter((b) => b.kind !== 'figure') }, inArea(bc.body, contentArea(layout, bc)));
        return [titled(slide.title, plain(s.boxes, layout), s.notes)];
      }
      return flow(slide, layout, body, items, bc, base, slide.layout === 'changes' || slide.layout === 'sources' ? 0.8 : 1);
    }
  }
}

/** A group of paragraphs that stays together: one paragraph, or a list item with its marker and chips. */
interface Item {
  paras: Para[];
  marker?: Chip;
  chips: Chip[];
  notes?: string;
}

function itemsOf(blocks: Block[]): Item[] {
  const out: Item[] = [];
  for (const b of blocks) {
    if (b.kind === 'list' && b.items.some((i) => i.marker.kind === 'chip' || i.chips.length > 0)) {
      for (const it of b.items) out.push({ paras: parasOf(it.blocks), ...(it.marker.kind === 'chip' ? { marker: it.marker } : {}), chips: it.chips, ...(it.notes ? { notes: it.notes } : {}) });
      continue;
    }
    for (const p of parasOf([b])) out.push({ paras: [p], chips: [] });
  }
  return out;
}

/** Items measured and placed in a body placeholder. */
function itemGeometry(items: Item[], p: BasePlaceholder, ctx: Ctx) {
  const box = inner(p);
  const markerW = Math.max(0, ...items.map((i) => (i.marker ? (i.marker.shape === 'badge' ? 0.42 : chipWidth(i.marker, ctx.fonts)) : 0)));
  const chipsW = Math.max(0, ...items.flatMap((i) => i.chips.map((c) => chipWidth(c, ctx.fonts))));
  const left = (i: Item) => (i.marker ? markerW + 0.15 : 0);
  const right = (i: Item) => (i.chips.length ? chipsW + 0.15 : 0);
  const minH = (i: Item) => Math.max(i.chips.length ? i.chips.length * CHIP_H + (i.chips.length - 1) * 0.08 : 0, i.marker ? (i.marker.shape === 'badge' ? 0.42 : CHIP_H) : 0) * PT;
  const textPt = (i: Item, size: number) => measureParas(i.paras, box.w - left(i) - right(i), size, ctx);
  /** Height of an item in points, with the gap after it. */
  const height = (i: Item, size: number) => Math.max(textPt(i, size), minH(i)) + ITEM_GAP_PT;
  return { box, markerW, chipsW, left, right, minH, textPt, height };
}

/** Body items in the layout's body placeholder, continued on further slides when they do not fit. */
function flow(slide: RealizedSlide, layout: BaseLayout, p: BasePlaceholder, items: Item[], bc: BaseCtx, base: LaidOutSlide['base'], scale: number): LaidOutSlide[] {
  const ctx = bc.body;
  const geo = itemGeometry(items, p, ctx);
  const limit = geo.box.h * PT;
  const own = p.sizes[0]! * scale;
  const min = Math.min(own, bc.theme.sizes.slideBodyMin * scale);
  const cont = Math.min(own, bc.theme.sizes.slideBody * scale);
  const total = (list: Item[], size: number) => list.reduce((h, it) => h + geo.height(it, size), 0) - ITEM_GAP_PT;
  let pages: Item[][];
  if (total(items, min) <= limit) pages = [items];
  else {
    // Continued at the theme's body size (or the template's, if smaller), each slide then fitted on its own.
    pages = [];
    let cur: Item[] = [];
    let used = 0;
    for (const it of items) {
      const h = geo.height(it, cont);
      if (cur.length && used + h - ITEM_GAP_PT > limit) {
        pages.push(cur);
        cur = [];
        used = 0;
      }
      cur.push(it);
      used += h;
    }
    if (cur.length) pages.push(cur);
  }
  return pages.map((page, i) => {
    const size = fitSize(pages.length > 1 ? cont : own, min, limit, (s) => total(page, s));
    const paras: Para[] = [];
    const shapes: Box[] = [];
    const usedPt = total(page, size);
    let y = geo.box.y + (p.anchor === 'middle' ? Math.max(0, limit - usedPt) / 2 / PT : p.anchor === 'bottom' ? Math.max(0, limit - usedPt) / PT : 0);
    page.forEach((it, k) => {
      const textPt = geo.textPt(it, size);
      const extra = Math.max(0, geo.minH(it) - textPt) + (k < page.length - 1 ? ITEM_GAP_PT : 0);
      const left = geo.left(it);
      const right = geo.right(it);
      it.paras.forEach((q, j) => {
        const last = j === it.paras.length - 1;
        const bullet = q.bullet ? BULLET_INDENT * q.bullet : 0;
        // Why: chips stand beside the line their item starts on, so an item must break where it was measured; its
        // right margin takes up the room fitting leaves for renderers (the faces are metric twins, so they agree).
        const room = it.marker || it.chips.length ? (((geo.box.w - left - right) * PT - bullet * PT) * (1 - 1 / ctx.safety)) / PT : 0;
        paras.push({ ...q, spaceAfterPt: (q.spaceAfterPt ?? 0) + (last ? extra : 0), margins: { left: left + bullet, right: right + room, indent: bullet ? -HANG : 0 } });
      });
      const label = `${it.marker?.text ?? k + 1}`;
      if (it.marker) shapes.push(chipBox(it.marker, geo.box.x, y, it.marker.shape === 'badge' ? 0.42 : geo.markerW, `Item ${label} marker`, ctx.fonts));
      it.chips.forEach((c, n) => shapes.push(chipBox(c, geo.box.x + geo.box.w - geo.chipsW, y + n * (CHIP_H + 0.08), geo.chipsW, `Item ${label} chip ${n + 1}`, ctx.fonts)));
      y += (Math.max(textPt, geo.minH(it)) + ITEM_GAP_PT) / PT;
    });
    const text = fill('Body', slide.layout === 'bluf' ? 'lead' : 'body', paras, p, size, ctx, usedPt);
    const title = pages.length > 1 ? `${slide.title} (${i + 1}/${pages.length})` : slide.title;
    const t = titleBox(title, layout, bc);
    return {
      layout: slide.layout,
      title: '',
      boxes: [...(t ? [t] : []), text, ...shapes],
      notes: [...(i === 0 ? slide.notes : []), ...page.flatMap((it) => (it.notes ? [it.notes] : []))],
      ...(base ? { base } : {}),
    };
  });
}

/** Paragraphs fitted into one placeholder (no continuation): the template's size, shrunk down to `min` if need be. */
function fitInto(name: string, role: TextBox['role'], paras: Para[], p: BasePlaceholder, ctx: Ctx, min: number): TextBox {
  const box = inner(p);
  const own = p.sizes[0]!;
  const placed = paras.map((q) => ({ ...q, margins: { left: q.bullet ? BULLET_INDENT * q.bullet : 0, right: 0, indent: q.bullet ? -HANG : 0 } }));
  const size = fitSize(own, Math.min(own, min), box.h * PT, (s) => measureParas(placed, box.w, s, ctx));
  return fill(name, role, placed, p, size, ctx, measureParas(placed, box.w, size, ctx));
}

function titleSlide(slide: RealizedSlide, layout: BaseLayout, bc: BaseCtx, base: LaidOutSlide['base']): LaidOutSlide {
  const boxes: Box[] = [];
  const t = titleBox(slide.title, layout, bc);
  if (t) boxes.push(t);
  const sub: Para[] = [...(slide.subtitle ? [{ runs: [{ text: slide.subtitle }] }] : []), ...parasOf(slide.blocks)];
  const p = layout.placeholders.find((q) => q.type === 'subTitle') ?? contentsOf(layout).filter(isText)[0];
  if (sub.length && p) boxes.push(fitInto('Subtitle', 'subtitle', sub, p, bc.body, 9));
  else if (sub.length) boxes.push(...plain([ownText('Subtitle', sub, t, bc)], layout));
  return { layout: 'title', title: '', boxes, notes: slide.notes, ...(base ? { base } : {}) };
}

function sectionSlide(slide: RealizedSlide, layout: BaseLayout, bc: BaseCtx, base: LaidOutSlide['base']): LaidOutSlide {
  const boxes: Box[] = [];
  const t = titleBox(slide.title, layout, bc);
  if (t) boxes.push(t);
  if (slide.subtitle) {
    const sub: Para[] = [{ runs: [{ text: slide.subtitle }] }];
    const p = layout.placeholders.find((q) => q.type === 'subTitle') ?? contentsOf(layout).filter(isText)[0];
    boxes.push(p ? fitInto('Subtitle', 'subtitle', sub, p, bc.body, 9) : plain([ownText('Subtitle', sub, t, bc)], layout)[0]!);
  }
  return { layout: 'section', title: '', boxes, notes: slide.notes, ...(base ? { base } : {}) };
}

/** Text of Briefsmith's own below `above` (a layout without a placeholder for it). */
function ownText(name: string, paras: Para[], above: TextBox | undefined, bc: BaseCtx): TextBox {
  const g = bc.body.g;
  const x = above?.x ?? g.marginX;
  const w = above?.w ?? g.width - 2 * g.marginX;
  const y = above ? above.y + above.h + 0.1 : g.contentY;
  const size = fitSize(20, 10, (g.height - g.bannerHeight - 0.1 - y) * PT, (s) => measureParas(paras, w, s, bc.body));
  const hPt = measureParas(paras, w, size, bc.body);
  return {
    kind: 'text',
    name,
    role: 'subtitle',
    x,
    y,
    w,
    h: hPt / PT,
    fontSize: size,
    lineHeightPt: size * bc.body.lineFactor,
    color: bc.theme.colors.text,
    paras: deckParas(paras, bc.body.fonts, bc.theme.colors.text),
    measuredPt: hPt,
  };
}

/** Points in the left content placeholder, the figure in the right one's frame with its source line below. */
function twoColumn(slide: RealizedSlide, layout: BaseLayout, left: BasePlaceholder, right: BasePlaceholder, bc: BaseCtx, base: LaidOutSlide['base']): LaidOutSlide {
  const paras = parasOf(slide.blocks.filter((b) => b.kind !== 'figure')).map((p) => ({ ...p, spaceAfterPt: p.spaceAfterPt ?? 8 }));
  const boxes: Box[] = [];
  const t = titleBox(slide.title, layout, bc);
  if (t) boxes.push(t);
  if (paras.length) boxes.push(fitInto('Left column', 'body', paras, left, bc.body, 8));
  const fig = slide.blocks.find((b): b is Figure => b.kind === 'figure');
  const notes = [...slide.notes];
  if (fig) {
    const below = parasOf(fig.below);
    const srcPt = below.length ? measureParas(below, right.w, 10, bc.body) : 0;
    const { w: cw, h: ch } = chartFrame(fig, right.w, right.h - srcPt / PT - (below.length ? 0.1 : 0));
    boxes.push({ kind: 'chart', name: fig.label, x: right.x + (right.w - cw) / 2, y: right.y, w: cw, h: ch, chart: fig.chart, alt: fig.alt, style: chartStyle(bc.body) });
    if (below.length)
      boxes.push({
        kind: 'text',
        name: 'Source line',
        role: 'note',
        x: right.x,
        y: right.y + ch + 0.1,
        w: right.w,
        h: srcPt / PT,
        fontSize: 10,
        lineHeightPt: 10 * bc.body.lineFactor,
        color: bc.theme.colors.muted,
        paras: deckParas(below, bc.body.fonts, bc.theme.colors.muted),
        measuredPt: srcPt,
        plain: true,
      });
  }
  for (const b of slide.blocks) if (b.kind === 'list') for (const it of b.items) if (it.notes) notes.push(it.notes);
  return { layout: 'two-column', title: '', boxes, notes, ...(base ? { base } : {}) };
}
