/**
 * The Word emitter (the `docx` package is used only in this folder): the
 * realized memo as an editable .docx for coordination and review. Word lays it
 * out itself, so this emitter reads the realized blocks rather than the memo's
 * pages: Word heading styles, real lists and tables (header rows repeat),
 * figures as SVG pictures with a PNG fallback and alt text, banners and the copy
 * line in the page header and footer, "Page X of Y" fields, internal links to
 * the source list, and document properties. The same memo gives the same bytes.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import type { Block, Color, Figure, ListItem, RealizedMemo, Run, Table as TableBlock } from '../../7-realize/types.js';
import type { FontFamily } from '../../text/font-set.js';
import { normalizeZip } from '../zip/deterministic-zip.js';

/** What the Word memo's look depends on (the memo theme). */
export interface DocxTheme {
  page: 'LETTER' | 'A4';
  colors: { primary: Color; accent: Color; text: Color; muted: Color; panel: Color; rule: Color };
  sizes: { memoBody: number; memoHeading: number };
}

const hex = (c: string) => c.replace('#', '').toUpperCase();
const half = (pt: number) => Math.round(pt * 2);
const twip = (pt: number) => Math.round(pt * 20);
const PAGE = { LETTER: { width: 612, height: 792 }, A4: { width: 595.28, height: 841.89 } } as const;
const MARGIN = 72;

/** A Word bookmark name for an anchor: letters, digits and underscores, starting with a letter. */
function bookmarkName(anchor: string): string {
  return `b_${anchor.replace(/[^A-Za-z0-9]/g, '_')}`.slice(0, 40);
}

/**
 * Writes the memo as a .docx. `families` are the theme's faces (their names go
 * into the styles); `pictures` holds each figure's PNG fallback by chart hash.
 */
export async function writeDocx(
  memo: RealizedMemo,
  theme: DocxTheme,
  families: { heading: FontFamily; body: FontFamily; fallbacks?: FontFamily[]; eastAsian?: string },
  pictures: ReadonlyMap<string, Buffer>,
  options: { copy?: string; tableColumns?: Record<number, number[]> } = {},
): Promise<Buffer> {
  const w = new DocxWriter(theme, families, pictures, memo.meta.language, options.tableColumns ?? {});
  const face = (name: string) => w.face(name);
  const children = [...memo.head.flatMap((b) => w.block(b)), ...memo.sections.flatMap((s) => s.blocks.flatMap((b) => w.block(b)))];
  const page = PAGE[theme.page];
  const f = memo.furniture;
  const copy = options.copy ?? f.copy;
  const banner = () =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex(f.banner.background) },
      children: [new TextRun({ text: f.marking, bold: true, color: hex(f.banner.text), font: face(families.heading.name), size: half(10) })],
    });
  const small = { font: face(families.heading.name), size: half(8.5), color: hex(theme.colors.muted) };
  const doc = new Document({
    title: memo.meta.title,
    subject: copy ? `${memo.meta.subject} (${copy})` : memo.meta.subject,
    creator: memo.meta.authors.join(', '),
    lastModifiedBy: memo.meta.authors.join(', '),
    keywords: [...memo.meta.keywords, ...(copy ? [copy] : [])].join(', '),
    description: `${memo.meta.organisation} · ${memo.furniture.footer}`,
    revision: 1,
    styles: w.styles(),
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [0, 1, 2].map((level) => ({
            level,
            format: LevelFormat.BULLET,
            text: '•',
            alignment: AlignmentType.LEFT,
            style: { paragraph: { indent: { left: twip(16 * (level + 1)), hanging: twip(12) } } },
          })),
        },
      ],
    },
    features: { updateFields: false },
    sections: [
      {
        properties: {
          page: {
            size: { width: twip(page.width), height: twip(page.height) },
            margin: { top: twip(MARGIN), bottom: twip(MARGIN), left: twip(MARGIN), right: twip(MARGIN), header: twip(14), footer: twip(14) },
          },
        },
        headers: {
          default: new Header({
            children: [
              banner(),
              ...(copy
                ? [
                    new Paragraph({
                      alignment: AlignmentType.RIGHT,
                      children: [new TextRun({ text: copy, bold: true, font: face(families.heading.name), size: half(8.5), color: hex(theme.colors.accent) })],
                    }),
                  ]
                : []),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                tabStops: [{ type: 'right', position: twip(page.width - 2 * MARGIN) }],
                children: [new TextRun({ text: f.footer, ...small }), new TextRun({ children: ['\t', ...pageLabel(f.pageLabel)], ...small })],
              }),
              banner(),
            ],
          }),
        },
        children,
      },
    ],
  });
  const raw = await Packer.toBuffer(doc);
  return normalizeZip(Buffer.from(raw), memo.meta.date, async (zip) => {
    const part = zip.file('word/document.xml');
    if (!part) return;
    let xml = await part.async('string');
    for (const pattern of [/(<w:bookmark(?:Start|End)\b[^>]*\bw:id=")(\d+)"/g, /(<wp:docPr\b[^>]*?\bid=")(\d+)"/g, /(<pic:cNvPr\b[^>]*?\bid=")(\d+)"/g]) xml = renumber(xml, pattern);
    zip.file('word/document.xml', xml);
  });
}

/**
 * The docx package numbers bookmarks and drawings with counters that live as long as the process, so a second memo
 * written in it would get other numbers; each kind is numbered 1…n in order of appearance.
 */
function renumber(xml: string, pattern: RegExp): string {
  const ids = new Map<string, number>();
  return xml.replace(pattern, (_m, head: string, id: string) => {
    if (!ids.has(id)) ids.set(id, ids.size + 1);
    return `${head}${ids.get(id)}"`;
  });
}

/** "Page {page} of {pages}" with Word's page-number fields in place of the placeholders. */
function pageLabel(label: string): (string | (typeof PageNumber)[keyof typeof PageNumber])[] {
  return label
    .split(/(\{page\}|\{pages\})/)
    .filter(Boolean)
    .map((part) => (part === '{page}' ? PageNumber.CURRENT : part === '{pages}' ? PageNumber.TOTAL_PAGES : part));
}

class DocxWriter {
  private keepingWithNext = false;

  constructor(
    private readonly theme: DocxTheme,
    private readonly families: { heading: FontFamily; body: FontFamily; fallbacks?: FontFamily[]; eastAsian?: string },
    private readonly pictures: ReadonlyMap<string, Buffer>,
    private readonly language: string,
    private readonly tableColumns: Record<number, number[]>,
  ) {}

  /** A face for Word's font slots; Word takes East Asian characters (Hangul) from the theme's East Asian face. */
  face(name: string): { ascii: string; hAnsi: string; cs: string; eastAsia: string } {
    return { ascii: name, hAnsi: name, cs: name, eastAsia: this.families.eastAsian ?? name };
  }

  /** Word styles named like Word's own (Heading 1, Caption, …), set in the theme's faces and sizes. */
  styles(): NonNullable<ConstructorParameters<typeof Document>[0]['styles']> {
    const { colors, sizes } = this.theme;
    const heading = this.families.heading.name;
    const body = this.families.body.name;
    const b = sizes.memoBody;
    return {
      default: { document: { run: { font: this.face(body), size: half(b), color: hex(colors.text), language: { value: this.language } }, paragraph: { spacing: { after: twip(b * 0.7) } } } },
      paragraphStyles: [
        {
          id: 'Heading1',
          name: 'Heading 1',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: this.face(heading), size: half(sizes.memoHeading), bold: true, allCaps: true, color: hex(colors.primary) },
          paragraph: { spacing: { before: twip(12), after: twip(6) }, keepNext: true, keepLines: true, outlineLevel: 0 },
        },
        {
          id: 'Heading2',
          name: 'Heading 2',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: this.face(heading), size: half(b), bold: true, color: hex(colors.text) },
          paragraph: { spacing: { before: twip(6), after: twip(3) }, keepNext: true, keepLines: true, outlineLevel: 1 },
        },
        {
          id: 'Heading3',
          name: 'Heading 3',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: this.face(heading), size: half(b), bold: true },
          paragraph: { spacing: { before: twip(6), after: twip(3) }, keepNext: true, keepLines: true, outlineLevel: 2 },
        },
        {
          id: 'Caption',
          name: 'Caption',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: this.face(heading), size: half(b), bold: true, color: hex(colors.text) },
          paragraph: { spacing: { after: twip(6) }, keepNext: true },
        },
        {
          id: 'Title',
          name: 'Title',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: this.face(heading), size: half(12), bold: true, color: hex(colors.primary) },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { after: twip(2) } },
        },
        {
          id: 'Subtitle',
          name: 'Subtitle',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: this.face(heading), size: half(10), color: hex(colors.muted) },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { after: twip(10) } },
        },
        {
          id: 'SourceNote',
          name: 'Source Note',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: half(b - 1.5), italics: true, color: hex(colors.muted) },
          paragraph: { spacing: { after: twip(b * 0.9) } },
        },
        { id: 'SmallText', name: 'Small Text', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { size: half(b - 0.5) }, paragraph: { spacing: { after: twip(b * 0.45) } } },
        { id: 'FieldLabel', name: 'Field Label', basedOn: 'Normal', next: 'Normal', run: { font: this.face(heading), size: half(9.5), bold: true }, paragraph: { spacing: { after: twip(3) } } },
      ],
    };
  }

  block(b: Block, listLevel = -1): (Paragraph | Table)[] {
    switch (b.kind) {
      case 'paragraph': {
        const style = { body: undefined, lead: undefined, small: 'SmallText', note: 'SourceNote', caption: 'Caption', title: 'Title', subtitle: 'Subtitle', label: 'FieldLabel' }[b.role];
        return [this.paragraph(b.runs, { ...(style ? { style } : {}), ...(b.align ? { alignment: align(b.align) } : {}) }, b.anchors)];
      }
      case 'heading':
        return [this.paragraph(b.runs, { heading: [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][b.level - 1]! }, b.anchors)];
      case 'list':
        if (b.columns && b.columns > 1) return [this.columns(b.items, b.columns, b.role === 'small')];
        return b.items.flatMap((item) => this.item(item, listLevel + 1, b.role === 'small'));
      case 'table':
        return this.table(b);
      case 'figure':
        return this.figure(b);
      case 'panel':
        return [
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            borders: noBorders(),
            rows: [
              new TableRow({
                cantSplit: true,
                children: [
                  new TableCell({
                    shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex(b.fill) },
                    margins: { top: twip(8), bottom: twip(8), left: twip(10), right: twip(10) },
                    children: b.blocks.flatMap((x) => this.block(x)),
                  }),
                ],
              }),
            ],
          }),
          new Paragraph({ children: [] }),
        ];
      case 'fields':
        return [
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            borders: noBorders(),
            columnWidths: [twip(130), twip(PAGE[this.theme.page].width - 2 * MARGIN - 130)],
            rows: b.rows.map(
              (r) =>
                new TableRow({
                  children: [
                    new TableCell({ children: [this.paragraph([{ text: r.label }], { style: 'FieldLabel' })] }),
                    new TableCell({ children: [this.paragraph(r.value, { spacing: { after: twip(3) } })] }),
                  ],
                }),
            ),
          }),
        ];
      case 'rule':
        return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: hex(this.theme.colors.rule), space: 1 } }, spacing: { after: twip(8) }, children: [] })];
      default: {
        const never: never = b;
        throw new Error(`unknown block ${String(never)}`);
      }
    }
  }

  private paragraph(runs: Run[], options: Partial<IParagraphOptions> = {}, anchors: string[] = []): Paragraph {
    let children: ParagraphChild[] = runs.map((r) => this.run(r));
    for (const a of anchors) children = [new Bookmark({ id: bookmarkName(a), children: [] }), ...children];
    return new Paragraph({ ...(this.keepingWithNext ? { keepNext: true } : {}), ...options, children });
  }

  /** Runs `fn` with every paragraph it makes kept with the next (Word's keep-with-next), for the parts of a figure. */
  private keptWithNext<T>(fn: () => T): T {
    const before = this.keepingWithNext;
    this.keepingWithNext = true;
    try {
      return fn();
    } finally {
      this.keepingWithNext = before;
    }
  }

  private run(r: Run): ParagraphChild {
    const text = new TextRun({
      text: r.text,
      ...(r.bold ? { bold: true } : {}),
      ...(r.italic ? { italics: true } : {}),
      ...(r.color ? { color: hex(r.color) } : r.url ? { color: hex(this.theme.colors.primary) } : {}),
      ...(r.face ? { font: this.face(this.families[r.face].name) } : {}),
      ...(r.strike ? { strike: true } : {}),
      ...(r.inserted || r.url ? { underline: {} } : {}),
    });
    if (r.url && /^(https?:|mailto:)/i.test(r.url)) return new ExternalHyperlink({ link: r.url, children: [text] });
    if (r.goTo) return new InternalHyperlink({ anchor: bookmarkName(r.goTo), children: [text] });
    return text;
  }

  private item(item: ListItem, level: number, small: boolean): (Paragraph | Table)[] {
    const lead: Run[] = [
      ...(item.marker.kind === 'chip' ? [{ text: `${item.marker.text} `, bold: true, color: item.marker.fill, face: 'heading' as const }] : []),
      ...item.chips.map((c) => ({ text: `${c.text} `, bold: true, color: c.fill, face: 'heading' as const })),
    ];
    const out: (Paragraph | Table)[] = [];
    item.blocks.forEach((b, i) => {
      if (b.kind !== 'paragraph') {
        out.push(...this.block(b, level));
        return;
      }
      const bullet = item.marker.kind === 'bullet' && i === 0;
      out.push(
        this.paragraph(
          i === 0 ? [...lead, ...b.runs] : b.runs,
          {
            ...(small ? { style: 'SmallText' } : {}),
            ...(bullet ? { numbering: { reference: 'bullets', level: Math.min(level, 2) } } : { indent: { left: item.marker.kind === 'none' ? 0 : twip(16 * (level + 1)) } }),
            spacing: { after: twip(this.theme.sizes.memoBody * 0.35) },
          },
          i === 0 ? [...(item.anchors ?? []), ...(b.anchors ?? [])] : b.anchors,
        ),
      );
    });
    return out;
  }

  /** A list set in columns (the estimative box's terms): a borderless table. */
  private columns(items: ListItem[], n: number, small: boolean): Table {
    const perCol = Math.ceil(items.length / n);
    const rows = Array.from(
      { length: perCol },
      (_, row) =>
        new TableRow({
          children: Array.from({ length: n }, (_, col) => {
            const item = items[col * perCol + row];
            const runs = item ? item.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.runs : [])) : [];
            return new TableCell({
              width: { size: Math.floor(100 / n), type: WidthType.PERCENTAGE },
              children: [this.paragraph(runs, { ...(small ? { style: 'SmallText' } : {}), spacing: { after: 0 } })],
            });
          }),
        }),
    );
    return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: noBorders(), rows });
  }

  private table(t: TableBlock): (Paragraph | Table)[] {
    const { colors } = this.theme;
    const border = { style: BorderStyle.SINGLE, size: 4, color: hex(colors.rule) };
    // The memo layout's column widths (from content), scaled to Word's text width; else Word fits the columns itself.
    const textW = PAGE[this.theme.page].width - 2 * MARGIN;
    const columnWidths = wordColumns(this.tableColumns[t.number], textW)?.map(twip);
    const cell = (runs: Run[], alignment: 'left' | 'right', head: boolean, shade: boolean, k: number) =>
      new TableCell({
        ...(columnWidths ? { width: { size: columnWidths[k]!, type: WidthType.DXA } } : {}),
        ...(head ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex(colors.primary) } } : shade ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex(colors.panel) } } : {}),
        margins: { top: twip(3), bottom: twip(3), left: twip(4), right: twip(4) },
        children: [this.paragraph(head ? runs.map((r) => ({ ...r, bold: true, color: '#FFFFFF', face: 'heading' as const })) : runs, { alignment: align(alignment), spacing: { after: 0 } })],
      });
    const table = new Table({
      ...(columnWidths
        ? { columnWidths, width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA }, layout: TableLayoutType.FIXED }
        : { width: { size: 100, type: WidthType.PERCENTAGE }, layout: TableLayoutType.AUTOFIT }),
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: t.header.map((c, k) => cell(c.runs, c.align, true, false, k)) }),
        ...t.rows.map((r, i) => new TableRow({ cantSplit: true, children: r.map((c, k) => cell(c.runs, c.align, false, i % 2 === 1, k)) })),
      ],
    });
    return [...(t.caption.length ? [this.paragraph(t.caption, { style: 'Caption' })] : []), table, new Paragraph({ children: [] })];
  }

  private figure(f: Figure): (Paragraph | Table)[] {
    const maxW = PAGE[this.theme.page].width - 2 * MARGIN;
    const scale = Math.min(1, maxW / f.chart.width);
    const px = (pt: number) => Math.round((pt * scale * 96) / 72);
    const png = this.pictures.get(f.chart.hash);
    const transformation = { width: px(f.chart.width), height: px(f.chart.height) };
    const altText = { name: f.label, title: f.label, description: f.alt };
    const image = png
      ? f.chart.mode === 'picture' && f.chart.svg.length > 2_000_000
        ? new ImageRun({ type: 'png', data: png, transformation, altText })
        : new ImageRun({ type: 'svg', data: Buffer.from(f.chart.svg), fallback: { type: 'png', data: png }, transformation, altText })
      : undefined;
    // A figure is not split: its caption, chart, takeaway and source line each keep with the next (Word's keep-with-next).
    return [
      ...this.keptWithNext(() => f.above.flatMap((b) => this.block(b))),
      new Paragraph({ keepNext: f.below.length > 0, alignment: AlignmentType.CENTER, children: image ? [image] : [new TextRun({ text: f.alt, italics: true })] }),
      ...this.keptWithNext(() => f.below.slice(0, -1).flatMap((b) => this.block(b))),
      ...f.below.slice(-1).flatMap((b) => this.block(b)),
    ];
  }
}

/** Word's column widths (points) from the memo layout's: a little wider each, because Word and LibreOffice set cell text less tightly, the excess taken from the widest. */
function wordColumns(laidOut: number[] | undefined, textW: number): number[] | undefined {
  if (!laidOut?.length) return undefined;
  const SLACK = 6;
  const cols = laidOut.map((c) => c + SLACK);
  const excess = cols.reduce((a, b) => a + b, 0) - textW;
  if (excess > 0) {
    const widest = cols.indexOf(Math.max(...cols));
    cols[widest] = Math.max(cols[widest]! - excess, laidOut[widest]!);
  }
  return cols;
}

function align(a: 'left' | 'center' | 'right'): (typeof AlignmentType)[keyof typeof AlignmentType] {
  return a === 'center' ? AlignmentType.CENTER : a === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
}

function noBorders() {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  return { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
}
