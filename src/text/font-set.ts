/**
 * A theme's fonts as one measuring and fallback chain: which font draws each
 * character (Latin, Cyrillic and Hangul all find one), how wide text is when
 * shaped, and how tall its lines are.
 */
import type { FontBook } from './font-book.js';
import { BoundedCache } from '../util/bounded-cache.js';

/** Font files of one family; every style resolved to an absolute path (missing styles fall back to regular). */
export interface FontFamily {
  name: string;
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
}

/** The families of a theme: a heading (sans) face, a body face, and fallbacks for scripts they lack. */
export interface FontFamilies {
  heading: FontFamily;
  body: FontFamily;
  fallbacks: FontFamily[];
}

/** Which face of the theme a text uses. */
export type FontFace = 'heading' | 'body';

/** Style of a run of text. */
export interface FontStyle {
  bold?: boolean;
  italic?: boolean;
}

/** A stretch of text that one font file can draw. */
export interface FontRun {
  text: string;
  file: string;
  family: string;
  /** True when no font has these characters (drawn with the main font, which shows boxes). */
  missing?: boolean;
}

/** File of a family for a style. */
export function styleFile(family: FontFamily, style: FontStyle = {}): string {
  if (style.bold && style.italic) return family.boldItalic;
  if (style.bold) return family.bold;
  if (style.italic) return family.italic;
  return family.regular;
}

const isSpace = (cp: number): boolean => cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0xa0;

/** The theme's fonts with measuring and fallback. */
export class FontSet {
  /** Font runs of texts already split: by face (heading, body), then style (regular, bold, italic, bold italic), then text. */
  private readonly split = [0, 1].map(() => [0, 1, 2, 3].map(() => new BoundedCache<string, FontRun[]>(10_000)));
  /** What the line breaker remembers about a text (its break opportunities). */
  readonly memo = new BoundedCache<string, unknown>(20_000);

  constructor(
    readonly families: FontFamilies,
    readonly book: FontBook,
  ) {}

  private chain(face: FontFace): FontFamily[] {
    return [this.families[face], ...this.families.fallbacks];
  }

  /** The first family that draws Hangul and Han (Word and PowerPoint take East Asian text from one named face). */
  eastAsian(): FontFamily | undefined {
    const { heading, body, fallbacks } = this.families;
    return [heading, body, ...fallbacks].find((f) => this.book.has(f.regular, 0xac00) && this.book.has(f.regular, 0x4e00));
  }

  /** The main family of a face. */
  family(face: FontFace): FontFamily {
    return this.families[face];
  }

  /** The main font file of a face and style. */
  file(face: FontFace, style: FontStyle = {}): string {
    return styleFile(this.families[face], style);
  }

  /** Splits text into runs, each drawn by the first family in the chain that has its glyphs (remembered; do not change the result). */
  runs(text: string, face: FontFace, style: FontStyle = {}): readonly FontRun[] {
    const table = this.split[face === 'heading' ? 0 : 1]![(style.bold ? 1 : 0) + (style.italic ? 2 : 0)]!;
    let out = table.get(text);
    if (!out) {
      out = this.splitRuns(text, face, style);
      table.set(text, out);
    }
    return out;
  }

  private splitRuns(text: string, face: FontFace, style: FontStyle): FontRun[] {
    const chain = this.chain(face);
    const out: FontRun[] = [];
    let cur: FontRun | undefined;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      // Why: spaces and ASCII punctuation stay with the current run, so a line is not split into needless runs;
      // letters and digits go back to the first font that has them, so Latin after Hangul is in the body face again.
      if (cur && !cur.missing && (isSpace(cp) || (cp < 0x80 && !isAsciiAlphanumeric(cp))) && this.book.has(cur.file, cp)) {
        cur.text += ch;
        continue;
      }
      let fam = chain.find((f) => this.book.has(styleFile(f, style), cp));
      let missing = false;
      if (!fam) {
        fam = chain[0]!;
        missing = !isSpace(cp) && cp >= 0x20;
      }
      const file = styleFile(fam, style);
      if (cur && cur.file === file && !!cur.missing === missing) cur.text += ch;
      else {
        cur = { text: ch, file, family: fam.name, ...(missing ? { missing: true } : {}) };
        out.push(cur);
      }
    }
    return out;
  }

  /** Characters of `text` that no font in the chain can draw. */
  missingChars(text: string, face: FontFace = 'body'): string[] {
    const set = new Set<string>();
    for (const r of this.runs(text, face)) if (r.missing) for (const ch of r.text) set.add(ch);
    return [...set];
  }

  /** Width of `text` in points at `size`: shaped (kerning and ligatures) the way the PDF draws it, or the sum of glyph advances the way PowerPoint does. */
  width(text: string, size: number, face: FontFace, style: FontStyle & { advances?: boolean } = {}): number {
    let em = 0;
    for (const run of this.runs(text, face, style)) em += style.advances ? this.book.advanceEm(run.file, run.text) : this.book.widthEm(run.file, run.text);
    return em * size;
  }

  /** Width of one font run in points (the run's font only, no fallback); `advances` as in `width`. */
  runWidth(file: string, text: string, size: number, advances = false): number {
    return (advances ? this.book.advanceEm(file, text) : this.book.widthEm(file, text)) * size;
  }

  /** The face's ascent and descent (negative) in points at `size`, from its regular font. */
  extent(face: FontFace, size: number): { ascent: number; descent: number; gap: number } {
    const m = this.book.metrics(this.families[face].regular);
    return { ascent: m.ascent * size, descent: m.descent * size, gap: m.lineGap * size };
  }

  /** Line height in points for `size`: ascent + descent + line gap of the face's regular font. */
  lineHeight(size: number, face: FontFace): number {
    const e = this.extent(face, size);
    return e.ascent - e.descent + e.gap;
  }
}

function isAsciiAlphanumeric(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}
