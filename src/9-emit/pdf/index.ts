/**
 * The PDF emitter (pdfkit and svg-to-pdfkit are used only in this folder): the
 * memo's laid-out pages, drawn as they are, tagged with their structure tree
 * (headings, paragraphs, lists, tables, figures with alt text; furniture as
 * artifacts), with bookmarks, link targets and live links. It decides nothing
 * about where things go or what they say.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { MemoLayout, PageItem, PageText, StructNode } from '../../8-layout/memo/types.js';
import type { ChartContent } from '../../7-realize/types.js';
import type { FontFamily } from '../../text/font-set.js';
import { colorWithAlpha, drawableDashes } from './svg-fixes.js';

/** Where pdfkit gets a parsed font for a file (the build context's font book). */
export interface PdfFontSource {
  pdfFont(file: string): object;
}

/** Options of the PDF emitter. */
export interface PdfOptions {
  /** Write PDF/A-2b (archival): XMP metadata, an sRGB output intent, every font embedded. */
  pdfa?: boolean;
  /** A numbered copy's copy line, also recorded in the document's metadata. */
  copy?: string;
  /** Open password and permissions (not with PDF/A, which forbids encryption). */
  protection?: { userPassword?: string; ownerPassword: string; printing: boolean; copying: boolean };
}

/** Writes the laid-out memo as a tagged PDF; the same layout always gives the same bytes. `pictures` holds the PNG of each picture chart, by chart hash. */
export async function writePdf(layout: MemoLayout, fonts: PdfFontSource, pictures: ReadonlyMap<string, Buffer>, options: PdfOptions = {}): Promise<Buffer> {
  const { meta } = layout;
  const created = new Date(`${meta.date}T00:00:00Z`);
  const pdf = new PDFDocument({
    size: [layout.width, layout.height],
    margin: 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    lang: meta.language,
    displayTitle: true,
    tagged: true,
    ...(options.pdfa ? { subset: 'PDF/A-2b' as const } : {}),
    ...(options.protection
      ? {
          ownerPassword: options.protection.ownerPassword,
          ...(options.protection.userPassword ? { userPassword: options.protection.userPassword } : {}),
          permissions: {
            printing: options.protection.printing ? ('highResolution' as const) : undefined,
            copying: options.protection.copying,
            modifying: false,
            annotating: false,
            fillingForms: false,
            contentAccessibility: true,
            documentAssembly: false,
          },
        }
      : {}),
    info: {
      Title: meta.title,
      Author: meta.authors.join(', '),
      Subject: options.copy ? `${meta.subject} (${options.copy})` : meta.subject,
      Keywords: [...meta.keywords, ...(options.copy ? [options.copy] : [])].join(', '),
      ...(options.copy ? { Copy: options.copy } : {}),
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
  const painter = new Painter(pdf, fonts, layout.families, pictures);
  layout.pages.forEach((page, i) => {
    pdf.addPage({ size: [layout.width, layout.height], margin: 0 });
    painter.newPage();
    if (i === 0) painter.structure(layout.struct);
    for (const item of page.items) painter.item(item);
    for (const item of page.furniture) painter.item(item);
    painter.endMarks();
  });
  painter.end();
  pdf.end();
  return done;
}

const TEXT_OPTIONS = { lineBreak: false, baseline: 'alphabetic' } as PDFKit.Mixins.TextOptions;

/** Draws page items, opening and closing marked content as the tags change. */
class Painter {
  private readonly registered = new Set<string>();
  private elements: PDFKit.PDFStructureElement[] = [];
  private nodes: StructNode[] = [];
  private open: { key: string; content?: PDFKit.PDFStructureContent; element?: PDFKit.PDFStructureElement } | undefined;
  /** The text state last set, so a run in the same font, size and color sets nothing again. */
  private state = { font: '', size: 0, color: '' };

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly fonts: PdfFontSource,
    private readonly families: FontFamily[],
    private readonly pictures: ReadonlyMap<string, Buffer>,
  ) {}

  /** Creates the structure tree (parents before children, so each is added in reading order). */
  structure(nodes: StructNode[]): void {
    this.nodes = nodes;
    this.elements = nodes.map((n) => {
      const opts: Record<string, unknown> = {};
      if (n.title) opts.title = n.title;
      if (n.alt) opts.alt = n.alt;
      if (n.scope) opts.scope = n.scope;
      if (n.bbox) {
        opts.bbox = n.bbox;
        opts.placement = 'Block';
      }
      return this.pdf.struct(n.type, opts);
    });
    nodes.forEach((n, i) => {
      if (n.parent === undefined) this.pdf.addStructure(this.elements[i]!);
      else this.elements[n.parent]!.add(this.elements[i]!);
    });
  }

  /** A new page starts with PDF's default graphics state: nothing set yet. */
  newPage(): void {
    this.state = { font: '', size: 0, color: '' };
  }

  /** Ends the structure tree once every page is drawn. */
  end(): void {
    this.endMarks();
    for (let i = 0; i < this.nodes.length; i++) if (this.nodes[i]!.parent === undefined) this.elements[i]!.end();
  }

  private font(file: string): string {
    if (!this.registered.has(file)) {
      this.pdf.registerFont(file, this.fonts.pdfFont(file) as unknown as string);
      this.registered.add(file);
    }
    return file;
  }

  /** Closes the current marked-content sequence, adding it to its structure element. */
  endMarks(): void {
    if (!this.open) return;
    this.pdf.endMarkedContent();
    if (this.open.content && this.open.element) this.open.element.add(this.open.content);
    this.open = undefined;
  }

  /** Opens marked content for an artifact or a structure element (a fresh Link element for each linked run). */
  private mark(item: { tag?: number; artifact?: 'Layout' | 'Pagination' }, link?: boolean): PDFKit.PDFStructureElement | undefined {
    const key = item.artifact ? `a:${item.artifact}` : item.tag !== undefined ? `t:${item.tag}` : 'a:Layout';
    if (!link && this.open?.key === key) return this.open.element;
    this.endMarks();
    if (item.tag === undefined || item.artifact) {
      this.pdf.markContent('Artifact', { type: item.artifact ?? 'Layout' });
      this.open = { key };
      return undefined;
    }
    let element = this.elements[item.tag]!;
    let type = this.nodes[item.tag]!.type as string;
    if (link) {
      const linkEl = this.pdf.struct('Link');
      element.add(linkEl);
      element = linkEl;
      type = 'Link';
    }
    const content = this.pdf.markStructureContent(type);
    this.open = { key: link ? `${key}:link` : key, content, element };
    return element;
  }

  item(item: PageItem): void {
    const { pdf } = this;
    switch (item.kind) {
      case 'text':
        this.text(item);
        break;
      case 'rect':
        this.mark(item);
        this.state.color = '';
        if (item.fill) pdf.rect(item.x, item.y, item.w, item.h).fillColor(item.fill).fill();
        if (item.stroke)
          pdf
            .rect(item.x, item.y, item.w, item.h)
            .lineWidth(item.lineWidth ?? 0.5)
            .strokeColor(item.stroke)
            .stroke();
        break;
      case 'line':
        this.mark(item);
        pdf.moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).lineWidth(item.width).strokeColor(item.color).stroke();
        break;
      case 'chart':
        this.mark({ tag: item.tag });
        this.state = { font: '', size: 0, color: '' };
        this.chart(item.chart, item.x, item.y, item.w, item.h);
        break;
      case 'image':
        this.mark(item);
        this.state = { font: '', size: 0, color: '' };
        if (item.format === 'svg') this.svg(item.data.toString('utf8'), item.x, item.y, item.w, item.h);
        else pdf.image(item.data, item.x, item.y, { fit: [item.w, item.h] });
        break;
      case 'anchor':
        pdf.addNamedDestination(item.name, 'XYZ', item.x, item.y, null);
        break;
      case 'bookmark':
        pdf.outline.addItem(item.title);
        break;
      default: {
        const never: never = item;
        throw new Error(`unknown page item ${String(never)}`);
      }
    }
  }

  private text(t: PageText): void {
    const { pdf } = this;
    const link = !!(t.url || t.goTo);
    const element = this.mark(t, link);
    const st = this.state;
    if (st.font !== t.font) pdf.font(this.font(t.font));
    if (st.size !== t.size || st.font !== t.font) pdf.fontSize(t.size);
    if (st.color !== t.color) pdf.fillColor(t.color);
    this.state = { font: t.font, size: t.size, color: t.color };
    pdf.text(t.text, t.x, t.y, TEXT_OPTIONS);
    if (t.underline || t.strike) {
      const y = t.underline ? t.y + t.size * 0.12 : t.y - t.size * 0.3;
      pdf
        .save()
        .moveTo(t.x, y)
        .lineTo(t.x + t.width, y)
        .lineWidth(Math.max(0.5, t.size / 20))
        .strokeColor(t.color)
        .stroke()
        .restore();
    }
    if (t.url) pdf.link(t.x, t.top, t.width, t.lineHeight, t.url, element ? ({ structParent: element } as never) : undefined);
    else if (t.goTo) pdf.goTo(t.x, t.top, t.width, t.lineHeight, t.goTo);
    if (link) this.endMarks();
  }

  /** Draws a chart: its picture when it is one, else its SVG as vectors. */
  chart(chart: ChartContent, x: number, y: number, w: number, h: number): void {
    const png = chart.mode === 'picture' ? this.pictures.get(chart.hash) : undefined;
    if (png) this.pdf.image(png, x, y, { width: w, height: h });
    else this.svg(chart.svg, x, y, w, h);
  }

  /** Draws an SVG scaled into the box as vectors; its text uses the theme's embedded fonts. */
  private svg(svgText: string, x: number, y: number, w: number, h: number): void {
    // Why: the root width/height would override the viewport; without them the viewBox scales to w × h.
    const svg = drawableDashes(svgText.replace(/^(\s*(?:<\?xml[^>]*>\s*)?<svg\b[^>]*?)\s+width="[\d.]+(?:px)?"\s+height="[\d.]+(?:px)?"/, '$1'));
    SVGtoPDF(this.pdf, svg, x, y, {
      width: w,
      height: h,
      assumePt: true,
      colorCallback: colorWithAlpha,
      fontCallback: (family: string, bold: boolean, italic: boolean) => this.svgFont(family, bold, italic),
      warningCallback: () => undefined,
    });
  }

  private svgFont(family: string, bold: boolean, italic: boolean): string {
    const names = family
      .replace(/["']/g, '')
      .split(',')
      .map((s) => s.trim());
    const fam = this.families.find((f) => names.includes(f.name)) ?? this.families[0]!;
    const file = bold && italic ? fam.boldItalic : bold ? fam.bold : italic ? fam.italic : fam.regular;
    return this.font(file);
  }
}

/** A one-page PDF holding just a chart at its own size (for `brief chart --format pdf`). */
export async function writeChartPdf(chart: ChartContent, families: FontFamily[], fonts: PdfFontSource, title: string, png?: Buffer): Promise<Buffer> {
  const epoch = new Date(Date.UTC(2000, 0, 1));
  const pdf = new PDFDocument({
    size: [chart.width, chart.height],
    margin: 0,
    autoFirstPage: true,
    info: { Title: title, Creator: 'Briefsmith', Producer: 'Briefsmith (pdfkit)', CreationDate: epoch, ModDate: epoch },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  const painter = new Painter(pdf, fonts, families, new Map(png ? [[chart.hash, png]] : []));
  painter.chart(chart, 0, 0, chart.width, chart.height);
  pdf.end();
  return done;
}
