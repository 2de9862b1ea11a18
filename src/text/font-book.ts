/**
 * The font files a build uses, parsed once and shaped once (fontkit is used only
 * in this folder). A FontBook belongs to a build context: every cache here is
 * bounded, and `forgetContent` drops what depends on the text of a brief.
 */
import * as fontkit from 'fontkit';
import { BoundedCache } from '../util/bounded-cache.js';

/** Vertical metrics of a font, in em. */
export interface FontMetrics {
  ascent: number;
  descent: number;
  lineGap: number;
}

const SHAPED_KEPT = 40_000;

/** A font file's identity and licence bits, as an embedded-font header needs them. */
export interface FontEmbeddingInfo {
  family: string;
  style: string;
  fullName: string;
  version: string;
  panose: number[];
  weight: number;
  italic: boolean;
  /** OS/2 fsType: 0x0002 forbids embedding. */
  fsType: number;
  unicodeRange: number[];
  codePageRange: number[];
  checkSumAdjustment: number;
}

/** fontkit decodes OS/2 fsType into flags; the header wants the 16-bit field back. */
function fsTypeBits(flags: Record<string, boolean>): number {
  const bit = ['reserved0', 'noEmbedding', 'viewOnly', 'editable', 'reserved4', 'reserved5', 'reserved6', 'reserved7', 'noSubsetting', 'bitmapOnly'];
  return bit.reduce((n, name, i) => (flags[name] ? n | (1 << i) : n), 0);
}
const COVERAGE_TABLE = 0x3000;

/** Parsed fonts with their coverage, advances and shaping, remembered. */
export class FontBook {
  private readonly fonts = new Map<string, fontkit.Font>();
  /**
   * Per file, for code points below COVERAGE_TABLE (Latin, Greek, Cyrillic, punctuation, arrows): 0 unknown,
   * 1 has a glyph, 2 has none. A typed array because fallback asks for every character of every text; others
   * (Hangul, for one) go to a map.
   */
  private readonly coverage = new Map<string, Uint8Array>();
  private readonly rare = new Map<string, Map<number, boolean>>();
  private readonly fontMetrics = new Map<string, FontMetrics>();
  private readonly shaped = new BoundedCache<string, fontkit.GlyphRun>(SHAPED_KEPT);
  private readonly widths = new Map<string, Map<string, number>>();
  private readonly advances = new Map<string, Map<number, number>>();
  private readonly advanceTexts = new Map<string, Map<string, number>>();
  private readonly pdfFonts = new Map<string, object>();

  /** The parsed font of a file, opened on first use. */
  open(file: string): fontkit.Font {
    let font = this.fonts.get(file);
    if (!font) {
      font = fontkit.openSync(file);
      ownGlyphCodePoints(font);
      this.fonts.set(file, font);
    }
    return font;
  }

  /** Whether the font has a glyph for the code point (remembered). */
  has(file: string, codePoint: number): boolean {
    if (codePoint >= COVERAGE_TABLE) {
      let known = this.rare.get(file);
      if (!known) {
        known = new Map();
        this.rare.set(file, known);
      }
      let has = known.get(codePoint);
      if (has === undefined) {
        has = this.open(file).hasGlyphForCodePoint(codePoint);
        known.set(codePoint, has);
      }
      return has;
    }
    let known = this.coverage.get(file);
    if (!known) {
      known = new Uint8Array(COVERAGE_TABLE);
      this.coverage.set(file, known);
    }
    let state = known[codePoint]!;
    if (state === 0) {
      state = this.open(file).hasGlyphForCodePoint(codePoint) ? 1 : 2;
      known[codePoint] = state;
    }
    return state === 1;
  }

  /** Ascent, descent (negative) and line gap in em. */
  metrics(file: string): FontMetrics {
    let m = this.fontMetrics.get(file);
    if (!m) {
      const f = this.open(file);
      m = { ascent: f.ascent / f.unitsPerEm, descent: f.descent / f.unitsPerEm, lineGap: f.lineGap / f.unitsPerEm };
      this.fontMetrics.set(file, m);
    }
    return m;
  }

  /**
   * Width in em of `text` drawn in one run of the font. Why the pieces: pdfkit
   * shapes a run word by word, each word with the spaces after it, so measuring
   * the same pieces makes a measured line exactly as wide as the drawn one.
   */
  widthEm(file: string, text: string): number {
    let table = this.widths.get(file);
    if (!table) {
      table = new Map();
      this.widths.set(file, table);
    }
    let em = 0;
    let last = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09) {
        em += this.pieceEm(file, table, text.slice(last, i + 1));
        last = i + 1;
      }
    }
    if (last < text.length) em += this.pieceEm(file, table, text.slice(last));
    return em;
  }

  /**
   * Width in em of `text` as the sum of its glyphs' advances: no kerning, no
   * ligatures. Why: PowerPoint sets slide text this way unless a run asks for
   * kerning, so the deck is measured the way its reader draws it.
   */
  advanceEm(file: string, text: string): number {
    let whole = this.advanceTexts.get(file);
    if (!whole) {
      whole = new Map();
      this.advanceTexts.set(file, whole);
    }
    const known = whole.get(text);
    if (known !== undefined) return known;
    let table = this.advances.get(file);
    if (!table) {
      table = new Map();
      this.advances.set(file, table);
    }
    let em = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let a = table.get(cp);
      if (a === undefined) {
        const font = this.open(file);
        a = font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm;
        table.set(cp, a);
      }
      em += a;
    }
    if (whole.size >= SHAPED_KEPT) whole.clear();
    whole.set(text, em);
    return em;
  }

  private pieceEm(file: string, table: Map<string, number>, piece: string): number {
    let w = table.get(piece);
    if (w === undefined) {
      w = this.shapeShared(file, piece).advanceWidth / this.open(file).unitsPerEm;
      // Bounded: a table this big is cleared rather than grown.
      if (table.size >= SHAPED_KEPT) table.clear();
      table.set(piece, w);
    }
    return w;
  }

  /** The font's shaping of `text` with default features; the caller may change the positions it gets. */
  shape(file: string, text: string): fontkit.GlyphRun {
    const run = this.shapeShared(file, text);
    const copy = Object.assign(Object.create(Object.getPrototypeOf(run) as object) as fontkit.GlyphRun, run);
    copy.positions = run.positions.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p) as object) as fontkit.GlyphPosition, p));
    return copy;
  }

  private shapeShared(file: string, text: string): fontkit.GlyphRun {
    const key = `${file}\0${text}`;
    let run = this.shaped.get(key);
    if (!run) {
      run = this.open(file).layout(text);
      this.shaped.set(key, run);
    }
    return run;
  }

  /**
   * The font as pdfkit should see it: the parsed font, whose shaping comes from
   * this book. Why a wrapper: pdfkit shapes every word again in every PDF it
   * writes; the book remembers shaping across the documents of a build context
   * (numbered copies, batch editions, preview rebuilds) without patching fontkit.
   */
  pdfFont(file: string): object {
    let wrapped = this.pdfFonts.get(file);
    if (!wrapped) {
      const font = this.open(file);
      const layout = (text: string, features?: unknown): fontkit.GlyphRun => (features === undefined ? this.shape(file, text) : font.layout(text, features));
      wrapped = new Proxy(font, {
        get: (target, prop) => {
          if (prop === 'layout') return layout;
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      this.pdfFonts.set(file, wrapped);
    }
    return wrapped;
  }

  /** What an embedded-font header (EOT) says about a font file: its names, classification and licence bits. */
  embeddingInfo(file: string): FontEmbeddingInfo {
    const f = this.open(file) as unknown as {
      familyName: string;
      subfamilyName: string;
      fullName: string;
      version: string;
      'OS/2': { panose?: number[]; usWeightClass: number; fsType: Record<string, boolean> | number; fsSelection?: { italic?: boolean }; ulCharRange?: number[]; codePageRange?: number[] };
      head: { checkSumAdjustment: number };
    };
    const os2 = f['OS/2'];
    const fsTypeRaw = typeof os2.fsType === 'number' ? os2.fsType : fsTypeBits(os2.fsType);
    const range = (values: number[] | undefined, n: number) => Array.from({ length: n }, (_, i) => Number(values?.[i] ?? 0) >>> 0);
    return {
      family: f.familyName,
      style: f.subfamilyName,
      fullName: f.fullName,
      version: f.version,
      panose: [...(os2.panose ?? [])].slice(0, 10),
      weight: os2.usWeightClass,
      italic: !!os2.fsSelection?.italic,
      fsType: fsTypeRaw,
      unicodeRange: range(os2.ulCharRange, 4),
      codePageRange: range(os2.codePageRange, 2),
      checkSumAdjustment: f.head.checkSumAdjustment >>> 0,
    };
  }

  /** Files parsed so far. */
  files(): string[] {
    return [...this.fonts.keys()];
  }

  /** Forgets everything learnt from a brief's text (the parsed fonts stay). */
  forgetContent(): void {
    this.shaped.clear();
    this.widths.clear();
    this.advanceTexts.clear();
  }

  /** Forgets parsed fonts altogether (the start-up snapshot leaves out fonts that few briefs need). */
  forgetFonts(files: Iterable<string>): void {
    for (const file of files) {
      this.fonts.delete(file);
      this.coverage.delete(file);
      this.rare.delete(file);
      this.fontMetrics.delete(file);
      this.advances.delete(file);
      this.pdfFonts.delete(file);
    }
    this.forgetContent();
  }
}

/**
 * fontkit keeps one glyph object per glyph id, with the code points of its first
 * request: none at all when a PDF's font subset asked first (for a composite's
 * component, say '.' inside ':'). pdfkit writes those code points into the PDF's
 * text layer, so a later document could map '.' to nothing. Each request gets a
 * glyph view with its own code points. fontkit is pinned and
 * test/unit/library-canaries.test.ts fails if this behaviour changes.
 */
function ownGlyphCodePoints(font: fontkit.Font): void {
  const getGlyph = font.getGlyph.bind(font);
  const offsets = (font as unknown as { loca?: { offsets?: number[] } }).loca?.offsets;
  font.getGlyph = (id: number, codePoints?: number[]): fontkit.Glyph => {
    const glyph = getGlyph(id, codePoints);
    if (offsets && offsets[id] === offsets[id + 1]) emptyGlyphBox(glyph);
    if (!codePoints || (glyph.codePoints?.length === codePoints.length && codePoints.every((c, i) => glyph.codePoints[i] === c))) return glyph;
    return Object.create(glyph, { codePoints: { value: codePoints, enumerable: true } }) as fontkit.Glyph;
  };
}

/**
 * fontkit reads a TrueType glyph's box from its outline header without checking
 * that the glyph has an outline: an empty glyph (a space) placed last in the glyf
 * table, as Carlito's no-break space is, throws a RangeError on its first width.
 * An empty glyph's box is its (empty) path's box. fontkit is pinned and
 * test/unit/library-canaries.test.ts fails if this behaviour changes.
 */
function emptyGlyphBox(glyph: fontkit.Glyph): void {
  if (Object.prototype.hasOwnProperty.call(glyph, '_getCBox')) return;
  Object.defineProperty(glyph, '_getCBox', { value: () => (glyph as unknown as { path: { cbox: unknown } }).path.cbox });
}
