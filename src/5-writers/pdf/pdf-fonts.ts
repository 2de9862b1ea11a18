/** Registers the theme's font files with pdfkit and maps runs, families and styles to registered names. */
import type { FontRun, FontSet, FontRole, FontStyle } from '../../fonts/font-set.js';
import { openFont, styleFile } from '../../fonts/font-set.js';

/** Font bookkeeping for one pdfkit document. */
export class PdfFonts {
  private readonly registered = new Set<string>();
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    readonly fonts: FontSet,
  ) {}

  /** Registered name for a font file (the file path itself, registered on first use). */
  name(file: string): string {
    if (!this.registered.has(file)) {
      // Why: pdfkit takes a parsed fontkit font; sharing the process-wide one saves re-parsing every file for every PDF.
      this.doc.registerFont(file, openFont(file) as unknown as string);
      this.registered.add(file);
    }
    return file;
  }

  /** Runs of `text` with the registered font for each. */
  runs(text: string, role: FontRole, style: FontStyle = {}): (FontRun & { font: string })[] {
    return this.fonts.runs(text, role, style).map((r) => ({ ...r, font: this.name(r.file) }));
  }

  /** Main font of a role and style. */
  main(role: FontRole, style: FontStyle = {}): string {
    return this.name(styleFile(this.fonts.theme.fonts[role], style));
  }

  /** For svg-to-pdfkit: the registered font for an SVG font-family, weight and style. */
  forSvg(family: string, bold: boolean, italic: boolean): string {
    const { heading, body, fallbacks } = this.fonts.theme.fonts;
    const fam = [heading, body, ...fallbacks].find((f) => family.replace(/["']/g, '').split(',').map((s) => s.trim()).includes(f.name)) ?? heading;
    return this.name(styleFile(fam, { bold, italic }));
  }
}
