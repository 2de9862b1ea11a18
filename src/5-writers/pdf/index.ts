/**
 * The PDF memo writer (pdfkit and svg-to-pdfkit are used only in this folder):
 * an AR 25-50 style memorandum with banners, page numbers, vector charts,
 * bookmarks and internal citation links. Page breaks keep headings with their
 * text, figures with their captions, and avoid single orphan or widow lines.
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Source } from '../../2-validate/brief.js';
import { likelihoodRanges, likelihoodTerms, confidenceMeanings, credibilityMeanings, reliabilityMeanings, normalizeLikelihood } from '../../2-validate/estimative.js';
import type { Block, BriefDocument, ChangeList, FigureBlock, Inline, JudgmentBlock, Table } from '../../6-document/types.js';
import { changeChip } from '../../6-document/change-chip.js';
import type { FontSet, FontRole } from '../../fonts/font-set.js';
import { bannerColors } from '../../2-validate/theme.js';
import { formatDate } from '../../5-template/helpers.js';
import { PdfFonts } from './pdf-fonts.js';
import { drawChart, drawSvg, picturesReady } from './draw-chart.js';
import { figureBlocks } from '../../6-document/figure-blocks.js';
import { flattenInlines } from '../../6-document/flatten-inlines.js';

/** A run of memo text. */
interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  link?: string;
  goTo?: string;
  role?: FontRole;
}

const PAGE_SIZES = { LETTER: [612, 792], A4: [595.28, 841.89] } as const;
const MARGIN_X = 72;
const MARGIN_TOP = 66;
const MARGIN_BOTTOM = 72;

/** Options of the memo writer. */
export interface PdfOptions {
  /** Write PDF/A-2b (archival): XMP metadata, an sRGB output intent, every font embedded. */
  pdfa?: boolean;
  /** A controlled copy: "Copy n of N — name, organisation" on every page and in the metadata. */
  copy?: CopyMark;
  /** Open password and permissions (not with PDF/A, which forbids encryption). */
  protection?: { userPassword?: string; ownerPassword: string; printing: boolean; copying: boolean };
}

/** Who a numbered copy belongs to. */
export interface CopyMark {
  number: number;
  total: number;
  name: string;
  organisation: string;
}

/** The copy line printed on every page, e.g. "Copy 3 of 12 — Jane Doe, Ministry of Defence". */
export function copyLine(c: CopyMark): string {
  return `Copy ${c.number} of ${c.total} — ${c.name}, ${c.organisation}`;
}

/** Writes the memo as a tagged PDF; the same document always gives the same bytes. */
export async function writePdf(doc: BriefDocument, fonts: FontSet, options: PdfOptions = {}): Promise<Buffer> {
  const { meta, theme } = doc;
  await picturesReady(figureBlocks(doc.memo).map((f) => f.chart), fonts);
  const created = new Date(`${meta.editionDate}T00:00:00Z`);
  const [pw, ph] = PAGE_SIZES[theme.page];
  const pdf = new PDFDocument({
    size: [pw, ph],
    margins: { top: MARGIN_TOP, bottom: MARGIN_BOTTOM, left: MARGIN_X, right: MARGIN_X },
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: meta.language,
    displayTitle: true,
    tagged: true,
    ...(options.pdfa ? { subset: 'PDF/A-2b' as const } : {}),
    ...(options.protection
      ? {
          ownerPassword: options.protection.ownerPassword,
          ...(options.protection.userPassword ? { userPassword: options.protection.userPassword } : {}),
          permissions: { printing: options.protection.printing ? ('highResolution' as const) : undefined, copying: options.protection.copying, modifying: false, annotating: false, fillingForms: false, contentAccessibility: true, documentAssembly: false },
        }
      : {}),
    info: {
      Title: meta.title,
      Author: meta.authors.join(', '),
      Subject: options.copy ? `${meta.subject} (${copyLine(options.copy)})` : meta.subject,
      Keywords: [...meta.keywords, ...(options.copy ? [copyLine(options.copy)] : [])].join(', '),
      ...(options.copy ? { Copy: copyLine(options.copy) } : {}),
      Creator: 'Briefsmith',
      Producer: 'Briefsmith (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  pdf.addPage();
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const w = new MemoWriter(pdf, doc, new PdfFonts(pdf, fonts), root);
  w.header();
  for (const section of doc.memo.sections) w.section(section.title, section.id, section.blocks);
  root.end();
  w.furniture(bannerColors(theme, meta.marking), options.copy);
  pdf.end();
  return done;
}

class MemoWriter {
  private readonly width: number;
  private readonly sourceNumbers: Map<string, number>;

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly doc: BriefDocument,
    private readonly f: PdfFonts,
    private parent: PDFKit.PDFStructureElement,
  ) {
    this.width = pdf.page.width - 2 * MARGIN_X;
    this.sourceNumbers = new Map(doc.sources.map((s) => [s.id, s.number]));
  }

  /** Draws content as one tagged structure element (P, H1, Lbl, TD…) under the current parent. */
  private tag(type: string, draw: () => void, options: Record<string, unknown> = {}): void {
    this.parent.add(this.pdf.struct(type, options, draw));
  }

  /** A structure element holding other elements (Sect, L, LI, Table, TR…). */
  private group(type: string, inner: () => void, options: Record<string, unknown> = {}): void {
    const el = this.pdf.struct(type, options);
    this.parent.add(el);
    const outer = this.parent;
    this.parent = el;
    try {
      inner();
    } finally {
      this.parent = outer;
      el.end();
    }
  }

  /** Decoration (rules, fills, banners, repeated headers) marked as an artifact, outside the structure. */
  private artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.pdf.markContent('Artifact', { type });
    draw();
    this.pdf.endMarkedContent();
  }

  private get theme() {
    return this.doc.theme;
  }

  private get bottom(): number {
    return this.pdf.page.height - MARGIN_BOTTOM;
  }

  private space(): number {
    return this.bottom - this.pdf.y;
  }

  private newPage(): void {
    this.pdf.addPage();
  }

  /** Draws runs as one paragraph at the current position, with per-run font fallback. */
  private runs(runs: Run[], opts: { size: number; indent?: number; color?: string; align?: 'left' | 'justify' | 'center' | 'right'; paragraphGap?: number; x?: number; width?: number }): void {
    const pieces = runs.flatMap((r) => this.f.runs(r.text, r.role ?? 'body', { bold: r.bold, italic: r.italic }).map((fr) => ({ r, fr })));
    if (pieces.length === 0) return;
    const x = (opts.x ?? MARGIN_X) + (opts.indent ?? 0);
    const width = (opts.width ?? this.width) - (opts.indent ?? 0);
    pieces.forEach(({ r, fr }, i) => {
      const last = i === pieces.length - 1;
      this.pdf.font(fr.font).fontSize(opts.size).fillColor(r.color ?? opts.color ?? this.theme.colors.text);
      const textOpts: PDFKit.Mixins.TextOptions = {
        continued: !last,
        width,
        align: opts.align ?? 'left',
        lineGap: opts.size * 0.25,
        paragraphGap: last ? (opts.paragraphGap ?? 0) : 0,
        link: r.link ?? null,
        underline: !!r.link,
        ...(r.goTo ? { goTo: r.goTo } : {}),
      } as PDFKit.Mixins.TextOptions;
      if (i === 0) this.pdf.text(fr.text, x, this.pdf.y, textOpts);
      else this.pdf.text(fr.text, textOpts);
    });
  }

  /** Height the runs would take (measured with the main font of each run's style). */
  private measure(runs: Run[], size: number, width = this.width): number {
    const text = runs.map((r) => r.text).join('');
    // Why: bold is wider; measuring mixed runs as bold errs towards keeping text on one page.
    const bold = runs.some((r) => r.bold);
    this.pdf.font(this.f.main(runs[0]?.role ?? 'body', { bold })).fontSize(size);
    return this.pdf.heightOfString(text, { width, lineGap: size * 0.25 });
  }

  private lineHeight(size: number): number {
    this.pdf.fontSize(size);
    return this.pdf.currentLineHeight(true) + size * 0.25;
  }

  /**
   * A flowing paragraph that never leaves a single line at a page's foot
   * (orphan) or head (widow): it moves whole, or breaks with ≥ 2 lines each side.
   */
  private paragraph(runs: Run[], size: number, opts: { indent?: number; gap?: number; tag?: string } = {}): void {
    const width = this.width - (opts.indent ?? 0);
    const h = this.measure(runs, size, width);
    const lh = this.lineHeight(size);
    const lines = Math.max(1, Math.round(h / lh));
    const avail = Math.floor((this.space() + 0.01) / lh);
    let restore: number | undefined;
    if (lines > avail) {
      if (avail < 2 || lines < 4) this.newPage();
      else {
        const first = Math.min(avail, lines - 2);
        restore = this.pdf.page.margins.bottom;
        // Why: pdfkit breaks text at page.maxY(); moving it up makes the break fall after `first` lines.
        this.pdf.page.margins.bottom = this.pdf.page.height - (this.pdf.y + first * lh + lh * 0.5);
      }
    }
    const page = this.pdf.page;
    this.tag(opts.tag ?? 'P', () => this.runs(runs, { size, indent: opts.indent, align: 'left', paragraphGap: opts.gap ?? size * 0.7 }));
    if (restore !== undefined) page.margins.bottom = restore;
  }

  /** Ensures `h` points fit on this page, else starts a new one. */
  private keep(h: number): void {
    if (h > this.space()) this.newPage();
  }

  header(): void {
    const { pdf, theme } = this;
    const { meta } = this.doc;
    const m = this.doc.memo.header;
    pdf.y = MARGIN_TOP;
    const logo = theme.logo;
    if (logo) {
      const size = 34;
      this.artifact(() => {
        if (logo.toLowerCase().endsWith('.svg')) drawSvg(pdf, this.f, readFileSync(logo, 'utf8'), MARGIN_X, MARGIN_TOP - 4, size, size);
        else pdf.image(logo, MARGIN_X, MARGIN_TOP - 4, { fit: [size, size] });
      });
      pdf.y = MARGIN_TOP;
    }
    this.tag('P', () => {
      this.runs([{ text: meta.organisation.toUpperCase(), bold: true, role: 'heading' }], { size: 12, align: 'center', color: theme.colors.primary, paragraphGap: 2 });
      this.runs([{ text: meta.seriesTitle, role: 'heading' }], { size: 10, align: 'center', color: theme.colors.muted, paragraphGap: 10 });
    });
    this.rule();
    pdf.moveDown(0.6);
    const labelW = 130;
    const rows: [string, string][] = [
      ['MEMORANDUM FOR', m.memoFor],
      ['FROM', m.from],
      ['DATE', m.date],
      ['SUBJECT', m.subject],
    ];
    for (const [label, value] of rows) {
      this.tag('P', () => {
        const y = pdf.y;
        pdf.font(this.f.main('heading', { bold: true })).fontSize(9.5).fillColor(theme.colors.text).text(`${label} `, MARGIN_X, y + 0.8, { width: labelW });
        const afterLabel = pdf.y;
        pdf.y = y;
        this.runs([{ text: value }], { size: theme.sizes.memoBody, x: MARGIN_X + labelW, width: this.width - labelW, paragraphGap: 6 });
        pdf.y = Math.max(pdf.y, afterLabel + 6);
      });
    }
    this.rule();
    pdf.moveDown(0.8);
  }

  private rule(): void {
    const y = this.pdf.y;
    this.artifact(() => this.pdf.moveTo(MARGIN_X, y).lineTo(MARGIN_X + this.width, y).lineWidth(0.75).strokeColor(this.theme.colors.rule).stroke());
  }

  section(title: string, id: string, blocks: Block[]): void {
    const size = this.theme.sizes.memoHeading;
    // Keep the heading with what follows: three lines of text, or the whole of a figure or box.
    this.keep(this.lineHeight(size) + 12 + (blocks[0] ? this.leadHeight(blocks[0]) : 0));
    this.pdf.outline.addItem(title);
    this.pdf.addNamedDestination(`section-${id}`);
    this.group('Sect', () => {
      this.tag('H1', () => this.runs([{ text: title.toUpperCase(), bold: true, role: 'heading' }], { size, color: this.theme.colors.primary, paragraphGap: 6 }), { title });
      for (const b of blocks) this.block(b);
    });
    this.pdf.moveDown(0.5);
  }

  /** Height that must follow a heading on the same page: an unsplittable block whole, else three lines. */
  private leadHeight(b: Block): number {
    if (b.type === 'estimativeBox') return this.estimativeLayout().h;
    if (b.type === 'figure') return this.figureLayout(b).total;
    return 3 * this.lineHeight(this.theme.sizes.memoBody);
  }

  private block(b: Block): void {
    const size = this.theme.sizes.memoBody;
    const portion = (p?: string): Run[] => (p ? [{ text: `(${p}) `, bold: true }] : []);
    switch (b.type) {
      case 'paragraph':
        this.paragraph([...portion(b.portion), ...this.inline(b.children)], size);
        break;
      case 'heading':
        this.keep(this.lineHeight(size + 1) + 3 * this.lineHeight(size));
        this.tag(b.depth === 2 ? 'H2' : 'H3', () => this.runs(this.inline(b.children).map((r) => ({ ...r, bold: true, role: 'heading' as const })), { size: size + (b.depth === 2 ? 1 : 0), paragraphGap: 4 }));
        break;
      case 'list':
        this.group('L', () => {
          for (const item of b.items) this.bullet(this.inline(item), size);
        });
        this.pdf.moveDown(0.3);
        break;
      case 'judgment':
        if (b.mode === 'summary') this.judgmentSummary(b);
        else this.judgmentFull(b);
        break;
      case 'figure':
        this.figure(b);
        break;
      case 'sourceList':
        this.group('L', () => {
          for (const s of b.sources) this.sourceEntry(s);
        });
        break;
      case 'estimativeBox':
        this.estimativeBox();
        break;
      case 'table':
        this.table(b);
        break;
      case 'changes':
        this.changes(b);
        break;
      default: {
        const never: never = b;
        throw new Error(`unknown block ${String(never)}`);
      }
    }
  }

  private bullet(runs: Run[], size: number): void {
    const indent = 16;
    const lh = this.lineHeight(size);
    if (this.space() < lh * 2) this.newPage();
    this.group('LI', () => {
      const y = this.pdf.y;
      this.tag('Lbl', () => this.pdf.font(this.f.main('body')).fontSize(size).fillColor(this.theme.colors.text).text('•', MARGIN_X + 4, y, { lineBreak: false }));
      this.pdf.y = y;
      this.paragraph(runs, size, { indent, gap: size * 0.35, tag: 'LBody' });
    });
  }

  private inline(children: Inline[], base: Partial<Run> = {}): Run[] {
    return flattenInlines<Run>(children, (ids) => this.cite(ids), base);
  }

  /** " [2, 4]" with each number an internal link to its entry in the source list. */
  private cite(ids: string[]): Run[] {
    const numbers = ids.map((id) => this.sourceNumbers.get(id));
    const first = numbers.find((n) => n !== undefined);
    // Why: one run with no-break spaces, so "[3, 5]" never splits across lines; it links to the first source cited.
    return [{ text: `\u00A0[${numbers.map((n) => n ?? '?').join(',\u00A0')}]`, color: this.theme.colors.primary, ...(first ? { goTo: `source-${first}` } : {}) }];
  }

  private estimate(j: JudgmentBlock['judgment']): Run[] {
    return [{ text: ` — ${j.likelihood}; ${j.confidence} confidence.`, italic: true, color: this.theme.colors.muted }];
  }

  private judgmentSummary({ judgment: j }: JudgmentBlock): void {
    const size = this.theme.sizes.memoBody;
    this.paragraph([{ text: `${j.number}. `, bold: true }, { text: `(${this.doc.meta.portionMark}) `, bold: true }, { text: j.statement, bold: true }, ...this.estimate(j)], size, { gap: size * 0.6 });
  }

  private judgmentFull({ judgment: j }: JudgmentBlock): void {
    const size = this.theme.sizes.memoBody;
    const heading: Run[] = [{ text: `Judgment ${j.number}: `, bold: true, role: 'heading', color: this.theme.colors.primary }, { text: j.statement, bold: true, role: 'heading' }];
    this.keep(this.measure(heading, size) + 3 * this.lineHeight(size) + 8);
    this.tag('H2', () => this.runs(heading, { size, paragraphGap: 3 }));
    this.tag('P', () =>
      this.runs([{ text: `Likelihood: ${j.likelihood} (${likelihoodRanges[j.likelihoodCanonical][0]}–${likelihoodRanges[j.likelihoodCanonical][1]}%). Confidence: ${j.confidence}.`, italic: true }], { size: size - 0.5, color: this.theme.colors.muted, paragraphGap: 5 }),
    );
    this.group('L', () => {
      for (const ev of j.evidence) this.bullet([{ text: `(${this.doc.meta.portionMark}) `, bold: true }, { text: ev.text }, ...this.cite(ev.sourceIds)], size);
    });
    if (j.discussion) {
      this.pdf.moveDown(0.2);
      this.paragraph([{ text: `(${this.doc.meta.portionMark}) `, bold: true }, { text: j.discussion }], size);
    }
    this.pdf.moveDown(0.4);
  }

  private figureLayout(b: FigureBlock) {
    const size = this.theme.sizes.memoBody;
    const caption: Run[] = [{ text: `Figure ${b.figure.number}. `, bold: true, role: 'heading' }, { text: b.figure.title, bold: true, role: 'heading' }];
    const takeaway: Run[] = [{ text: `(${this.doc.meta.portionMark}) `, bold: true }, { text: b.figure.takeaway }];
    const source: Run[] = [{ text: b.figure.sourceLine, italic: true }];
    const scale = Math.min(1, this.width / b.chart.width);
    const cw = b.chart.width * scale;
    const ch = b.chart.height * scale;
    const total = this.measure(caption, size) + 6 + ch + 6 + this.measure(takeaway, size) + this.measure(source, size - 1.5) + 16;
    return { size, caption, takeaway, source, cw, ch, total };
  }

  private figure(b: FigureBlock): void {
    const { size, caption, takeaway, source, cw, ch, total } = this.figureLayout(b);
    // Why: a figure and its caption never split across pages.
    this.keep(total);
    this.tag('Caption', () => this.runs(caption, { size, paragraphGap: 6 }));
    const x = MARGIN_X + (this.width - cw) / 2;
    const y = this.pdf.y;
    this.tag('Figure', () => drawChart(this.pdf, this.f, b.chart, x, y, cw), { alt: b.alt, bbox: [x, y, x + cw, y + ch], placement: 'Block' });
    this.pdf.y = y + ch + 6;
    this.tag('P', () => this.runs(takeaway, { size, paragraphGap: 2 }));
    this.tag('P', () => this.runs(source, { size: size - 1.5, color: this.theme.colors.muted, paragraphGap: 14 }));
  }

  /** A table whose rows never split; on a page break the header row is drawn again. */
  private table(t: Table): void {
    const { pdf, theme } = this;
    const size = theme.sizes.memoBody - 1;
    const pad = 4;
    const cellRuns = (c: Inline[], head: boolean): Run[] => this.inline(c).map((r) => ({ ...r, ...(head ? { bold: true, role: 'heading' as const, color: '#FFFFFF' } : {}) }));
    const header = t.header.map((c) => cellRuns(c, true));
    const rows = t.rows.map((r) => r.map((c) => cellRuns(c, false)));
    const plain = (runs: Run[]) => runs.map((r) => r.text).join('');
    // Column widths: natural widths, shrunk in proportion when the table is wider than the text column.
    pdf.fontSize(size);
    const natural = header.map((h, k) => {
      pdf.font(this.f.main('heading', { bold: true }));
      let w = pdf.widthOfString(plain(h));
      pdf.font(this.f.main('body'));
      for (const r of rows) w = Math.max(w, pdf.widthOfString(plain(r[k] ?? [])));
      // Why: pdfkit's line breaker needs a little slack beyond the measured width, or the last letter wraps.
      return w + 2 * pad + 6;
    });
    const total = natural.reduce((a, b) => a + b, 0);
    const colW = natural.map((n) => (total > this.width ? (n / total) * this.width : n));
    const tableW = colW.reduce((a, b) => a + b, 0);
    const rowHeight = (cells: Run[][]) => Math.max(...cells.map((c, k) => this.measure(c, size, colW[k]! - 2 * pad))) + 2 * pad;
    const drawCells = (cells: Run[][], top: number) => {
      let x = MARGIN_X;
      cells.forEach((c, k) => {
        pdf.y = top + pad;
        this.runs(c, { size, x: x + pad, width: colW[k]! - 2 * pad, align: t.numeric[k] ? 'right' : 'left' });
        x += colW[k]!;
      });
    };
    /** One row: fills and rules as artifacts; cells tagged TH/TD unless the whole row is a repeated header. */
    const drawRow = (cells: Run[][], kind: 'head' | 'repeat' | 'body', shade: boolean) => {
      const h = rowHeight(cells);
      const top = pdf.y;
      this.artifact(() => {
        if (kind !== 'body') pdf.rect(MARGIN_X, top, tableW, h).fillColor(theme.colors.primary).fill();
        else if (shade) pdf.rect(MARGIN_X, top, tableW, h).fillColor(theme.colors.panel).fill();
        pdf.moveTo(MARGIN_X, top + h).lineTo(MARGIN_X + tableW, top + h).lineWidth(0.5).strokeColor(theme.colors.rule).stroke();
      });
      if (kind === 'repeat') this.artifact(() => drawCells(cells, top), 'Pagination');
      else
        this.group('TR', () => {
          let x = MARGIN_X;
          cells.forEach((c, k) => {
            const cx = x;
            this.tag(kind === 'head' ? 'TH' : 'TD', () => {
              pdf.y = top + pad;
              this.runs(c, { size, x: cx + pad, width: colW[k]! - 2 * pad, align: t.numeric[k] ? 'right' : 'left' });
            }, kind === 'head' ? { scope: 'Column' } : {});
            x += colW[k]!;
          });
        });
      pdf.y = top + h;
    };
    const caption: Run[] = [{ text: `Table ${t.number}. `, bold: true, role: 'heading' }, { text: t.caption ?? '', bold: true, role: 'heading' }];
    // Keep the caption, the header and the first two rows together.
    this.keep(this.measure(caption, size + 1) + 6 + rowHeight(header) + rows.slice(0, 2).reduce((h, r) => h + rowHeight(r), 0));
    this.group('Table', () => {
      this.tag('Caption', () => this.runs(caption, { size: size + 1, paragraphGap: 4 }));
      drawRow(header, 'head', false);
      rows.forEach((r, i) => {
        if (rowHeight(r) > this.space()) {
          this.newPage();
          drawRow(header, 'repeat', false);
        }
        drawRow(r, 'body', i % 2 === 1);
      });
    });
    pdf.x = MARGIN_X;
    pdf.moveDown(1);
  }

  /** Changes since the previous edition: a list whose items start with their direction in capitals. */
  private changes(c: ChangeList): void {
    const size = this.theme.sizes.memoBody;
    if (c.items.length === 0) {
      this.paragraph([{ text: `(${this.doc.meta.portionMark}) `, bold: true }, { text: c.since ? `No changes to judgments, sources or figure data since edition ${c.since}.` : 'This is the first edition of the series.' }], size);
      return;
    }
    this.paragraph([{ text: `(${this.doc.meta.portionMark}) `, bold: true }, { text: `Since edition ${c.since}, computed from the two editions' data:` }], size);
    this.group('L', () => {
      for (const item of c.items) {
        const chip = changeChip(item, this.doc);
        const runs: Run[] = [
          { text: `${chip.label} `, bold: true, role: 'heading', color: chip.color },
          { text: `${item.text}: `, bold: true },
          { text: item.subject },
          ...(item.details.length ? [{ text: ` (${item.details.join('; ')})`, color: this.theme.colors.muted }] : []),
          ...(item.note ? [{ text: ` Note: ${item.note}`, italic: true }] : []),
        ];
        this.bullet(runs, size);
      }
    });
    this.pdf.moveDown(0.3);
  }

  private sourceEntry(s: Source): void {
    const size = this.theme.sizes.memoBody - 0.5;
    const runs: Run[] = [
      { text: `[${s.number}] `, bold: true },
      { text: `${s.publisher}. ` },
      { text: s.title, italic: true },
      { text: `.${s.date ? ` ${formatDate(s.date)}.` : ''} Grade ${s.grade} (${reliabilityMeanings[s.reliability]}; ${credibilityMeanings[s.credibility]}).` },
      ...(s.url ? [{ text: ` ${s.url}`, link: s.url, color: this.theme.colors.primary }] : []),
    ];
    this.group('LI', () => {
      // Why: the destination is set where the entry actually starts, after any page break.
      this.keep(2 * this.lineHeight(size));
      this.pdf.addNamedDestination(`source-${s.number}`);
      this.paragraph(runs, size, { gap: size * 0.5, tag: 'LBody' });
    });
  }

  private estimativeLayout() {
    const size = this.theme.sizes.memoBody - 1;
    const lh = this.lineHeight(size);
    const pad = 10;
    const intro = 'Likelihood terms (ICD 203) express the probability of an event; confidence expresses the quality of the sources and reasoning behind a judgment. Terms used in this memo are in bold.';
    const introH = this.measure([{ text: intro }], size, this.width - 2 * pad);
    const confRuns = (['high', 'moderate', 'low'] as const).map((c): Run[] => [{ text: `${c[0]!.toUpperCase()}${c.slice(1)} confidence: `, bold: true }, { text: confidenceMeanings[c] }]);
    const confH = confRuns.reduce((h, r) => h + this.measure(r, size, this.width - 2 * pad), 0);
    const termsH = Math.ceil(likelihoodTerms.length / 2) * lh;
    const h = pad * 2 + introH + 6 + termsH + 8 + confH + 4;
    return { size, lh, pad, intro, confRuns, termsH, h };
  }

  private estimativeBox(): void {
    const { pdf, theme } = this;
    const { size, lh, pad, intro, confRuns, termsH, h } = this.estimativeLayout();
    const used = new Set(this.doc.memo.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'judgment' ? [normalizeLikelihood(b.judgment.likelihood).canonical] : [])));
    this.keep(h + 4);
    const top = pdf.y;
    this.artifact(() => pdf.rect(MARGIN_X, top, this.width, h).fillColor(theme.colors.panel).fill());
    pdf.y = top + pad;
    this.group('Div', () => this.estimativeText(top, h, size, lh, pad, intro, confRuns, termsH, used));
  }

  private estimativeText(top: number, h: number, size: number, lh: number, pad: number, intro: string, confRuns: Run[][], termsH: number, used: Set<string>): void {
    const { pdf } = this;
    this.tag('P', () => this.runs([{ text: intro }], { size, x: MARGIN_X + pad, width: this.width - 2 * pad, paragraphGap: 6 }));
    const colW = (this.width - 2 * pad) / 2;
    const termsTop = pdf.y;
    this.group('L', () =>
      likelihoodTerms.forEach((t, i) => {
        const col = i < 4 ? 0 : 1;
        const row = i < 4 ? i : i - 4;
        const [lo, hi] = likelihoodRanges[t];
        pdf.y = termsTop + row * lh;
        this.tag('LI', () => this.runs([{ text: `${t}: ${lo}–${hi}%`, bold: used.has(t) }], { size, x: MARGIN_X + pad + col * colW, width: colW }));
      }),
    );
    pdf.y = termsTop + termsH + 8;
    for (const r of confRuns) this.tag('P', () => this.runs(r, { size, x: MARGIN_X + pad, width: this.width - 2 * pad }));
    pdf.y = top + h + 12;
  }

  /** Banners, footer and "Page X of Y" on every page, drawn once the page count is known. */
  furniture(banner: { background: string; text: string }, copy?: CopyMark): void {
    const { pdf, theme } = this;
    const { meta } = this.doc;
    const range = pdf.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      pdf.switchToPage(range.start + i);
      const { width, height } = pdf.page;
      // Why: text drawn below the bottom margin would make pdfkit add a page.
      const saved = pdf.page.margins.bottom;
      pdf.page.margins.bottom = 0;
      const bannerText = (y: number) => {
        pdf.rect(0, y, width, 20).fillColor(banner.background).fill();
        if (banner.background.toUpperCase() === '#FFFFFF') pdf.rect(0.5, y + 0.5, width - 1, 19).lineWidth(0.5).strokeColor('#000000').stroke();
        pdf.font(this.f.main('heading', { bold: true })).fontSize(10).fillColor(banner.text).text(meta.marking, 0, y + 5, { width, align: 'center', lineBreak: false });
      };
      this.artifact(() => {
        bannerText(14);
        bannerText(height - 34);
        if (copy) {
          // Right-aligned by hand, run by run, so a Korean or Russian name gets a font that has its letters.
          const runs = this.f.runs(copyLine(copy), 'heading', { bold: true });
          pdf.fontSize(8.5).fillColor(theme.colors.accent);
          const widths = runs.map((r) => pdf.font(r.font).widthOfString(r.text));
          let x = MARGIN_X + this.width - widths.reduce((a, b) => a + b, 0);
          runs.forEach((r, k) => {
            pdf.font(r.font).text(r.text, x, 40, { lineBreak: false });
            x += widths[k]!;
          });
        }
        const fy = height - 52;
        pdf.font(this.f.main('heading')).fontSize(8.5).fillColor(theme.colors.muted);
        pdf.text(`${meta.seriesShortTitle} · Edition ${meta.editionId} · ${formatDate(meta.editionDate)}`, MARGIN_X, fy, { width: this.width - 100, lineBreak: false });
        pdf.text(`Page ${i + 1} of ${range.count}`, MARGIN_X + this.width - 100, fy, { width: 100, align: 'right', lineBreak: false });
      }, 'Pagination');
      pdf.page.margins.bottom = saved;
    }
  }
}
