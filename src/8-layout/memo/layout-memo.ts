/**
 * The memo's layout stage: realized blocks become pages. Text is broken into
 * lines by the shared text engine; the page breaker keeps headings with what
 * follows, never leaves a single line of a paragraph (or a single item of a
 * list) alone at a page's foot or head, never splits a figure, a panel or a
 * table row, and repeats a table's header row on every page it continues to.
 */
import type { FontSet } from '../../text/font-set.js';
import { breakLines, contentWidths, type Line, type StyledText, type TextStyle } from '../../text/paragraph.js';
import type { Block, Cell, Color, Figure, Fields, Furniture, List, ListItem, Panel, Paragraph, ParagraphRole, RealizedMemo, Run, Table } from '../../7-realize/types.js';
import type { Artifact, MemoLayout, Page, PageItem, PageText, StructNode, StructType } from './types.js';

/** What the memo's look depends on: page size, colors, sizes and the logo. */
export interface MemoTheme {
  page: 'LETTER' | 'A4';
  colors: { primary: Color; accent: Color; text: Color; muted: Color; panel: Color; rule: Color };
  sizes: { memoBody: number; memoHeading: number };
  logo?: { format: 'png' | 'svg'; data: Buffer };
}

const PAGE_SIZES = { LETTER: [612, 792], A4: [595.28, 841.89] } as const;
const MARGIN_X = 72;
const MARGIN_TOP = 66;
const MARGIN_BOTTOM = 72;
const LEADING = 0.25;

/** The width of the memo's text column, in points: the width its charts are laid out at. */
export function memoColumnWidth(page: MemoTheme['page']): number {
  return PAGE_SIZES[page][0] - 2 * MARGIN_X;
}

/** Paint and tagging of a run of text. */
interface Ink {
  color: Color;
  url?: string;
  goTo?: string;
  underline?: boolean;
  strike?: boolean;
  tag?: number;
  artifact?: Artifact;
}

/** A piece of the vertical flow. */
interface Flow {
  h: number;
  /** No page break between this and the next flow. */
  keep: boolean;
  /** Vertical space, dropped at the top of a page. */
  space?: boolean;
  draw(y: number, out: PageItem[]): void;
  /** Drawn first on a page that this flow starts, when it continues a table (its header row). */
  repeat?: Flow;
}

/** A line of text in the flow; its ascent places a list bullet on the same baseline. */
interface LineFlow extends Flow {
  ascent: number;
}

/** A paragraph style: face, size, color and spacing. */
interface Style {
  face: 'heading' | 'body';
  size: number;
  color: Color;
  bold?: boolean;
  italic?: boolean;
  caps?: boolean;
  after: number;
}

/** Lays out the memo into pages, with banners, footer, page numbers and (on a numbered copy) the copy line on every page. */
export function layoutMemo(memo: RealizedMemo, fonts: FontSet, theme: MemoTheme): MemoLayout {
  const [width, height] = PAGE_SIZES[theme.page];
  const l = new MemoLayouter(fonts, theme, width, height);
  const flows = l.document(memo);
  const pages = l.paginate(flows);
  const { heading, body, fallbacks } = fonts.families;
  const layout: MemoLayout = { width, height, pages, struct: l.struct, meta: memo.meta, families: [heading, body, ...fallbacks], tableColumns: l.tableColumns };
  return furnish(layout, memo.furniture, fonts, theme);
}

/** The same pages with another furniture (a numbered copy's copy line): the flow is not laid out again. */
export function furnish(layout: MemoLayout, furniture: Furniture, fonts: FontSet, theme: MemoTheme): MemoLayout {
  const count = layout.pages.length;
  const pages = layout.pages.map((p, i) => ({
    items: p.items,
    furniture: furnitureItems(furniture, i + 1, count, layout.width, layout.height, fonts, theme),
    label: pageLabelOf(furniture, i + 1, count),
  }));
  return { ...layout, pages };
}

class MemoLayouter {
  readonly struct: StructNode[] = [];
  readonly tableColumns: Record<number, number[]> = {};
  private readonly styles: Record<ParagraphRole | 'h1' | 'h2' | 'h3' | 'cell' | 'th', Style>;
  private readonly contentW: number;
  private readonly top = MARGIN_TOP;
  private readonly bottom: number;

  constructor(
    private readonly fonts: FontSet,
    private readonly theme: MemoTheme,
    readonly width: number,
    readonly height: number,
  ) {
    this.contentW = width - 2 * MARGIN_X;
    this.bottom = height - MARGIN_BOTTOM;
    const { memoBody: b, memoHeading } = theme.sizes;
    const c = theme.colors;
    this.styles = {
      body: { face: 'body', size: b, color: c.text, after: b * 0.7 },
      lead: { face: 'body', size: b, color: c.text, after: b * 0.7 },
      small: { face: 'body', size: b - 0.5, color: c.text, after: b * 0.45 },
      note: { face: 'body', size: b - 1.5, color: c.muted, italic: true, after: b * 0.9 },
      caption: { face: 'heading', size: b, color: c.text, bold: true, after: 6 },
      title: { face: 'heading', size: 12, color: c.primary, bold: true, after: 2 },
      subtitle: { face: 'heading', size: 10, color: c.muted, after: 10 },
      label: { face: 'heading', size: 9.5, color: c.text, bold: true, after: 0 },
      h1: { face: 'heading', size: memoHeading, color: c.primary, bold: true, caps: true, after: 6 },
      h2: { face: 'heading', size: b, color: c.text, bold: true, after: 3 },
      h3: { face: 'heading', size: b, color: c.text, bold: true, after: 3 },
      cell: { face: 'body', size: b - 1, color: c.text, after: 0 },
      th: { face: 'heading', size: b - 1, color: '#FFFFFF', bold: true, after: 0 },
    };
  }

  private node(type: StructType, parent: number | undefined, extra: Partial<StructNode> = {}): number {
    const id = this.struct.length;
    this.struct.push({ id, type, ...(parent !== undefined ? { parent } : {}), ...extra });
    return id;
  }

  /** The whole memo as one flow: the masthead, then each section. */
  document(memo: RealizedMemo): Flow[] {
    const root = this.node('Document', undefined);
    const flows: Flow[] = [];
    const logo = this.theme.logo;
    if (logo) flows.push({ h: 0, keep: true, draw: (y, out) => out.push({ kind: 'image', x: MARGIN_X, y: y - 4, w: 34, h: 34, format: logo.format, data: logo.data, artifact: 'Layout' }) });
    for (const b of memo.head) flows.push(...this.block(b, root, MARGIN_X, this.contentW));
    for (const s of memo.sections) {
      const sect = this.node('Sect', root, { title: s.title });
      s.blocks.forEach((b, k) => {
        const bf = this.block(b, sect, MARGIN_X, this.contentW);
        // Why: a heading's one- or two-line introduction to a table, figure or list stays with it, not alone at a page's foot.
        const next = s.blocks[k + 1]?.kind;
        if (b.kind === 'paragraph' && s.blocks[k - 1]?.kind === 'heading' && (next === 'table' || next === 'figure' || next === 'list') && bf.filter((f) => !f.space).length <= 2) keepLast(bf);
        flows.push(...bf);
      });
      flows.push(space(8));
    }
    return flows;
  }

  // ---- Blocks ------------------------------------------------------------

  private block(b: Block, parent: number, x: number, w: number): Flow[] {
    switch (b.kind) {
      case 'paragraph':
        return this.paragraph(b, parent, x, w, b.role === 'caption' ? 'Caption' : 'P');
      case 'heading': {
        const style = this.styles[`h${b.level}`];
        const tag = this.node(`H${b.level}` as StructType, parent, b.bookmark ? { title: b.bookmark } : {});
        const lines = this.lineFlows(this.styled(b.runs, style), style, x, w, { tag, anchors: b.anchors, bookmark: b.bookmark });
        // Why: a heading keeps with what follows (its next lines and their first two lines, or a whole figure or box).
        for (const f of lines) f.keep = true;
        return [...(b.level === 1 ? [space(4)] : []), ...lines, space(style.after, true)];
      }
      case 'list':
        return this.list(b, parent, x, w);
      case 'table':
        return this.table(b, parent, x, w);
      case 'figure':
        return [this.figure(b, parent, x, w), space(14)];
      case 'panel':
        return [this.panel(b, parent, x, w), space(12)];
      case 'fields':
        return [this.fields(b, parent, x, w), space(6)];
      case 'rule':
        return [{ h: 0, keep: true, draw: (y, out) => out.push({ kind: 'line', x1: x, y1: y, x2: x + w, y2: y, color: this.theme.colors.rule, width: 0.75, artifact: 'Layout' }) }, space(10, true)];
      default: {
        const never: never = b;
        throw new Error(`unknown block ${String(never)}`);
      }
    }
  }

  private paragraph(p: Paragraph, parent: number, x: number, w: number, tagType: StructType = 'P'): [LineFlow, ...Flow[]] | Flow[] {
    const style = this.styles[p.role];
    const tag = this.node(tagType, parent);
    const flows = this.lineFlows(this.styled(p.runs, style), style, x, w, { tag, anchors: p.anchors, align: p.align });
    widowOrphan(flows);
    return [...flows, space(style.after)];
  }

  /** Runs as styled text for the text engine. */
  private styled(runs: Run[], style: Style, tag?: number, artifact?: Artifact): StyledText<Ink>[] {
    return runs.map((r) => {
      const ink: Ink = { color: r.color ?? (r.url ? this.theme.colors.primary : style.color) };
      if (r.url) {
        ink.url = r.url;
        ink.underline = true;
      }
      if (r.goTo) ink.goTo = r.goTo;
      if (r.inserted) ink.underline = true;
      if (r.strike) ink.strike = true;
      if (tag !== undefined) ink.tag = tag;
      if (artifact) ink.artifact = artifact;
      return { text: style.caps ? r.text.toUpperCase() : r.text, style: { face: r.face ?? style.face, size: style.size, bold: r.bold ?? style.bold, italic: r.italic ?? style.italic }, payload: ink };
    });
  }

  /** Lines of text as flows, one per line. */
  private lineFlows(
    text: StyledText<Ink>[],
    style: Style,
    x: number,
    w: number,
    o: { tag?: number; anchors?: string[]; bookmark?: string; align?: 'left' | 'center' | 'right'; artifact?: Artifact },
  ): LineFlow[] {
    for (const t of text) {
      if (o.tag !== undefined) t.payload.tag = o.tag;
      if (o.artifact) t.payload.artifact = o.artifact;
    }
    const lines = breakLines(this.fonts, text, { width: w, leading: LEADING, align: o.align });
    return lines.map((line, i) => ({
      h: line.height,
      ascent: line.ascent,
      keep: false,
      draw: (y: number, out: PageItem[]) => {
        if (i === 0) {
          for (const name of o.anchors ?? []) out.push({ kind: 'anchor', name, x, y });
          if (o.bookmark) out.push({ kind: 'bookmark', title: o.bookmark, y });
        }
        drawLine(line, x, y, out);
      },
    }));
  }

  /** The height lines of text take at a width (for boxes that are never split). */
  private measureText(runs: Run[], style: Style, w: number): number {
    return breakLines(this.fonts, this.styled(runs, style), { width: w, leading: LEADING }).reduce((h, l) => h + l.height, 0);
  }

  private list(list: List, parent: number, x: number, w: number): Flow[] {
    const tag = this.node('L', parent);
    if (list.columns && list.columns > 1) return [...this.columns(list, tag, x, w), space(6)];
    const itemFlows = list.items.map((item) => this.item(item, tag, x, w, list.role === 'small' ? 'small' : 'body'));
    // Why: a list never leaves its first or last item alone on a page (no page with one lone source entry).
    if (itemFlows.length >= 3) {
      keepLast(itemFlows[0]!);
      keepLast(itemFlows.at(-2)!);
    }
    return [...itemFlows.flat(), space(4)];
  }

  private item(item: ListItem, parent: number, x: number, w: number, role: ParagraphRole): Flow[] {
    const li = this.node('LI', parent);
    const indent = item.marker.kind === 'none' ? 0 : 16;
    // Chips have no room beside a memo line: they lead it, in their color.
    const lead: Run[] = [
      ...(item.marker.kind === 'chip' ? [{ text: `${item.marker.text} `, bold: true, color: item.marker.fill, face: 'heading' as const }] : []),
      ...item.chips.map((c) => ({ text: `${c.text} `, bold: true, color: c.fill, face: 'heading' as const })),
    ];
    const lbl = item.marker.kind === 'bullet' ? this.node('Lbl', li) : undefined;
    const body = this.node('LBody', li);
    const flows: Flow[] = [];
    item.blocks.forEach((b, i) => {
      if (b.kind !== 'paragraph') {
        flows.push(...this.block(b, body, x + indent, w - indent));
        return;
      }
      const first = i === 0;
      const p: Paragraph = { ...b, role: b.role === 'body' ? role : b.role, runs: first ? [...lead, ...b.runs] : b.runs, anchors: [...(first ? (item.anchors ?? []) : []), ...(b.anchors ?? [])] };
      const pf = this.paragraph(p, body, x + indent, w - indent);
      const line = pf[0] as LineFlow | undefined;
      if (first && lbl !== undefined && line) {
        const draw = line.draw;
        const size = this.styles[role].size;
        const bullet = breakLines(this.fonts, [{ text: '•', style: { face: 'body', size }, payload: { color: this.theme.colors.text, tag: lbl } }], { width: 20 })[0]!;
        line.draw = (y, out) => {
          drawLine(bullet, x + 4, y + line.ascent - bullet.ascent, out);
          draw(y, out);
        };
      }
      // Why: items sit closer together than paragraphs.
      const after = pf.at(-1)!;
      if (after.space) after.h = this.styles[role].size * 0.35;
      flows.push(...pf);
    });
    return flows;
  }

  /** A list set in columns (the estimative box's terms): one row of items per flow. */
  private columns(list: List, tag: number, x: number, w: number): Flow[] {
    const n = list.columns!;
    const style = list.role === 'small' ? this.styles.small : this.styles.body;
    const colW = w / n;
    const perCol = Math.ceil(list.items.length / n);
    const flows: Flow[] = [];
    // Items run down the first column, then the second, in reading order.
    const tags = list.items.map(() => this.node('LBody', this.node('LI', tag)));
    for (let row = 0; row < perCol; row++) {
      const cells = Array.from({ length: n }, (_, col) => col * perCol + row).filter((i) => i < list.items.length);
      const rendered = cells.map((i) => {
        const runs = list.items[i]!.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.runs : []));
        return breakLines(this.fonts, this.styled(runs, style, tags[i]), { width: colW - 6, leading: LEADING });
      });
      const h = Math.max(...rendered.map((ls) => ls.reduce((a, l) => a + l.height, 0)));
      flows.push({
        h,
        keep: true,
        draw: (y, out) =>
          rendered.forEach((ls, k) => {
            let yy = y;
            for (const line of ls) {
              drawLine(line, x + Math.floor(cells[k]! / perCol) * colW, yy, out);
              yy += line.height;
            }
          }),
      });
    }
    flows.at(-1)!.keep = false;
    return flows;
  }

  private table(t: Table, parent: number, x: number, w: number): Flow[] {
    const pad = 4;
    const tableTag = this.node('Table', parent);
    const { cell: cellStyle, th } = this.styles;
    const styledCell = (c: Cell, head: boolean) => this.styled(c.runs, head ? th : cellStyle);
    // Column widths from content: never narrower than the longest word, shared out like a browser's automatic table layout.
    const cols = t.header.length;
    const widths = Array.from({ length: cols }, (_, k) =>
      [t.header[k]!, ...t.rows.map((r) => r[k])].filter((c): c is Cell => !!c).map((c) => contentWidths(this.fonts, styledCell(c, c === t.header[k]))),
    );
    const min = widths.map((ws) => Math.max(...ws.map((c) => c.min)) + 2 * pad + 1);
    const max = widths.map((ws) => Math.max(...ws.map((c) => c.max)) + 2 * pad + 1);
    const sum = (a: number[]) => a.reduce((p, q) => p + q, 0);
    const colW = sum(max) <= w ? max : sum(min) >= w ? min.map((m) => (m / sum(min)) * w) : min.map((m, k) => m + ((max[k]! - m) * (w - sum(min))) / (sum(max) - sum(min)));
    const tableW = sum(colW);
    this.tableColumns[t.number] = colW;
    const caption = t.caption.length
      ? this.lineFlows(this.styled(t.caption, { ...this.styles.caption, size: cellStyle.size + 1 }), this.styles.caption, x, w, { tag: this.node('Caption', tableTag) })
      : [];
    const row = (cells: Cell[], kind: 'head' | 'body' | 'repeat', shade: boolean): Flow => {
      const tr = kind === 'repeat' ? undefined : this.node('TR', tableTag);
      const lines = cells.map((c, k) => {
        const tag = tr === undefined ? undefined : this.node(kind === 'head' ? 'TH' : 'TD', tr, kind === 'head' ? { scope: 'Column' } : {});
        return breakLines(this.fonts, this.styled(c.runs, kind === 'body' ? cellStyle : th, tag, tr === undefined ? 'Pagination' : undefined), {
          width: colW[k]! - 2 * pad,
          leading: LEADING,
          align: c.align,
        });
      });
      const h = Math.max(...lines.map((ls) => ls.reduce((a, l) => a + l.height, 0))) + 2 * pad;
      return {
        h,
        keep: false,
        draw: (y, out) => {
          if (kind !== 'body') out.push({ kind: 'rect', x, y, w: tableW, h, fill: this.theme.colors.primary, artifact: 'Layout' });
          else if (shade) out.push({ kind: 'rect', x, y, w: tableW, h, fill: this.theme.colors.panel, artifact: 'Layout' });
          out.push({ kind: 'line', x1: x, y1: y + h, x2: x + tableW, y2: y + h, color: this.theme.colors.rule, width: 0.5, artifact: 'Layout' });
          let cx = x;
          lines.forEach((ls, k) => {
            let yy = y + pad;
            for (const line of ls) {
              drawLine(line, cx + pad, yy, out);
              yy += line.height;
            }
            cx += colW[k]!;
          });
        },
      };
    };
    const header = row(t.header, 'head', false);
    const repeat = row(t.header, 'repeat', false);
    const body = t.rows.map((r, i) => ({ ...row(r, 'body', i % 2 === 1), repeat }));
    // Keep the caption, the header and the first two rows together; and the last two rows.
    for (const f of caption) f.keep = true;
    header.keep = true;
    if (body.length > 1) body[0]!.keep = true;
    if (body.length > 2) body.at(-2)!.keep = true;
    return [...caption, ...(caption.length ? [space(4, true)] : []), header, ...body, space(14)];
  }

  /** Blocks laid out inside a box (figure parts, panels): their height, and a drawing at any y. */
  private boxed(blocks: Block[], parent: number, x: number, w: number): { h: number; draw: (y: number, out: PageItem[]) => void } {
    const flows = blocks.flatMap((b) => this.block(b, parent, x, w));
    while (flows.at(-1)?.space) flows.pop();
    const h = flows.reduce((a, f) => a + f.h, 0);
    return {
      h,
      draw: (y, out) => {
        let yy = y;
        for (const f of flows) {
          f.draw(yy, out);
          yy += f.h;
        }
      },
    };
  }

  private figure(f: Figure, parent: number, x: number, w: number): Flow {
    const above = this.boxed(f.above, parent, x, w);
    const tag = this.node('Figure', parent, { alt: f.alt });
    const below = this.boxed(f.below, parent, x, w);
    const room = this.bottom - this.top - above.h - below.h - 12;
    const scale = Math.min(1, w / f.chart.width, room / f.chart.height);
    const cw = f.chart.width * scale;
    const ch = f.chart.height * scale;
    return {
      h: above.h + 6 + ch + 6 + below.h,
      keep: false,
      draw: (y, out) => {
        above.draw(y, out);
        const cy = y + above.h + 6;
        const cx = x + (w - cw) / 2;
        this.struct[tag]!.bbox = [cx, cy, cx + cw, cy + ch];
        out.push({ kind: 'chart', x: cx, y: cy, w: cw, h: ch, chart: f.chart, alt: f.alt, tag });
        below.draw(cy + ch + 6, out);
      },
    };
  }

  private panel(p: Panel, parent: number, x: number, w: number): Flow {
    const pad = 10;
    const div = this.node('Div', parent);
    const inner = this.boxed(p.blocks, div, x + pad, w - 2 * pad);
    const h = inner.h + 2 * pad;
    return {
      h,
      keep: false,
      draw: (y, out) => {
        out.push({ kind: 'rect', x, y, w, h, fill: p.fill, artifact: 'Layout' });
        inner.draw(y + pad, out);
      },
    };
  }

  private fields(f: Fields, parent: number, x: number, w: number): Flow {
    const labelW = 130;
    const value = this.styles.body;
    const label = this.styles.label;
    const rows = f.rows.map((r) => {
      const tag = this.node('P', parent);
      const labelLines = breakLines(this.fonts, this.styled([{ text: r.label }], label, tag), { width: labelW - 6, leading: LEADING });
      const valueLines = breakLines(this.fonts, this.styled(r.value, value, tag), { width: w - labelW, leading: LEADING });
      const h =
        Math.max(
          labelLines.reduce((a, l) => a + l.height, 0),
          valueLines.reduce((a, l) => a + l.height, 0),
        ) + 6;
      return { labelLines, valueLines, h };
    });
    return {
      h: rows.reduce((a, r) => a + r.h, 0),
      keep: true,
      draw: (y, out) => {
        let yy = y;
        for (const r of rows) {
          // The label sits on the value's first baseline.
          const shift = (r.valueLines[0]?.ascent ?? 0) - (r.labelLines[0]?.ascent ?? 0);
          let ly = yy + shift;
          for (const line of r.labelLines) {
            drawLine(line, x, ly, out);
            ly += line.height;
          }
          let vy = yy;
          for (const line of r.valueLines) {
            drawLine(line, x + labelW, vy, out);
            vy += line.height;
          }
          yy += r.h;
        }
      },
    };
  }

  // ---- Pages -------------------------------------------------------------

  /** Fills pages with flows; breaks only where no flow asks to keep with the next, when it can. */
  paginate(flows: Flow[]): Page[] {
    const pages: Page[] = [];
    const avail = this.bottom - this.top;
    let i = 0;
    while (i < flows.length) {
      const items: PageItem[] = [];
      let y = this.top;
      // Space at the top of a page is dropped.
      while (i < flows.length && flows[i]!.space && pages.length > 0) i++;
      if (i >= flows.length) break;
      const start = i;
      const repeat = flows[i]!.repeat;
      if (repeat && pages.length > 0) {
        repeat.draw(y, items);
        y += repeat.h;
      }
      let used = y - this.top;
      let end = i;
      while (end < flows.length && used + flows[end]!.h <= avail + 0.01) {
        used += flows[end]!.h;
        end++;
      }
      if (end < flows.length) {
        // Move back to the last place a break is allowed, unless that would leave the page empty.
        let cut = end;
        while (cut > start && flows[cut - 1]!.keep) cut--;
        if (cut > start) end = cut;
        else if (end === start) end = start + 1; // a flow taller than a page still goes somewhere
      }
      for (let k = start; k < end; k++) {
        flows[k]!.draw(y, items);
        y += flows[k]!.h;
      }
      pages.push({ items, furniture: [], label: '' });
      i = end;
    }
    return pages.length ? pages : [{ items: [], furniture: [], label: '' }];
  }
}

/** Vertical space; `keep` ties it to what follows (after a heading). */
function space(h: number, keep = false): Flow {
  return { h, keep, space: true, draw: () => undefined };
}

/** No single line at a page's foot (orphan) or head (widow): a paragraph breaks with at least two lines on each side. */
function widowOrphan(lines: Flow[]): void {
  if (lines.length <= 3) for (const f of lines.slice(0, -1)) f.keep = true;
  else {
    lines[0]!.keep = true;
    lines.at(-2)!.keep = true;
  }
}

/** Keeps an item's last line with what follows (the next item). */
function keepLast(flows: Flow[]): void {
  const lines = flows.filter((f) => !f.space);
  const last = lines.at(-1);
  if (last) last.keep = true;
  for (const f of flows) if (f.space) f.keep = true;
}

/** Draws one line's pieces with its top at `y`. */
function drawLine(line: Line<Ink>, x: number, y: number, out: PageItem[]): void {
  const baseline = y + line.ascent;
  for (const p of line.pieces) {
    const ink = p.payload;
    const item: PageText = {
      kind: 'text',
      x: x + p.x,
      y: baseline,
      text: p.text,
      font: p.file,
      family: p.family,
      size: p.style.size,
      color: ink.color,
      bold: !!p.style.bold,
      italic: !!p.style.italic,
      width: p.width,
      top: y,
      lineHeight: line.height,
    };
    if (ink.url) item.url = ink.url;
    if (ink.goTo) item.goTo = ink.goTo;
    if (ink.underline) item.underline = true;
    if (ink.strike) item.strike = true;
    if (ink.tag !== undefined) item.tag = ink.tag;
    if (ink.artifact) item.artifact = ink.artifact;
    out.push(item);
  }
}

/** The furniture's page label with the page and the page count filled in. */
function pageLabelOf(f: Furniture, page: number, pages: number): string {
  return f.pageLabel.replace('{page}', String(page)).replace('{pages}', String(pages));
}

/** Banners, copy line, footer and page label of one page, marked so `furnish` can replace them. */
function furnitureItems(f: Furniture, page: number, pages: number, width: number, height: number, fonts: FontSet, theme: MemoTheme): PageItem[] {
  const out: PageItem[] = [];
  const one = (text: string, style: TextStyle, color: Color) => breakLines(fonts, [{ text, style, payload: { color, artifact: 'Pagination' as const } }], { width: 10_000 })[0];
  for (const y of [14, height - 34]) {
    out.push({ kind: 'rect', x: 0, y, w: width, h: 20, fill: f.banner.background, artifact: 'Pagination' });
    if (f.banner.background.toUpperCase() === '#FFFFFF') out.push({ kind: 'rect', x: 0.5, y: y + 0.5, w: width - 1, h: 19, stroke: '#000000', lineWidth: 0.5, artifact: 'Pagination' });
    const line = one(f.marking, { face: 'heading', size: 10, bold: true }, f.banner.text);
    if (line) drawLine(line, (width - line.width) / 2, y + 10 - line.ascent / 2 - 2.5, out);
  }
  const contentW = width - 2 * MARGIN_X;
  if (f.copy) {
    const line = one(f.copy, { face: 'heading', size: 8.5, bold: true }, theme.colors.accent);
    if (line) drawLine(line, MARGIN_X + contentW - line.width, 40, out);
  }
  const foot = one(f.footer, { face: 'heading', size: 8.5 }, theme.colors.muted);
  if (foot) drawLine(foot, MARGIN_X, height - 52, out);
  const label = one(pageLabelOf(f, page, pages), { face: 'heading', size: 8.5 }, theme.colors.muted);
  if (label) drawLine(label, MARGIN_X + contentW - label.width, height - 52, out);
  return out;
}
