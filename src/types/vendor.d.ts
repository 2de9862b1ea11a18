// Minimal typings for libraries that ship none; only what Briefsmith calls.
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
  }
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface GlyphRun {
    advanceWidth: number;
    glyphs: Glyph[];
    positions: GlyphPosition[];
  }
  export interface Font {
    postscriptName: string;
    familyName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    capHeight: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    getGlyph(id: number, codePoints?: number[]): Glyph;
    layout(text: string, features?: unknown): GlyphRun;
  }
  export function openSync(file: string): Font;
  export function create(buffer: Buffer): Font;
}

declare module 'svg-to-pdfkit' {
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: Record<string, unknown>): void;
  export default SVGtoPDF;
}

declare module 'jszip/lib/base64.js' {
  /** JSZip's internal base64 codec (its methods are looked up on this object at each call). */
  const codec: { encode(input: string | Uint8Array | number[]): string; decode(input: string): Uint8Array };
  export default codec;
}

declare module 'linebreak' {
  /** A break opportunity: the position where the next line may start; `required` after a hard line break. */
  interface Break {
    position: number;
    required: boolean;
  }
  /** Unicode line breaking (UAX #14) over one string. */
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
