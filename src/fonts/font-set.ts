/**
 * Font metrics from the theme's real font files (fontkit is used only here):
 * text widths for layout and charts, line breaking, and per-run fallback so
 * Latin, Cyrillic and Hangul all find a font that has their glyphs.
 */
import * as fontkit from 'fontkit';
import type { FontFamily, Theme } from '../2-validate/theme.js';

/** Which family of the theme: heading (sans) or body. */
export type FontRole = 'heading' | 'body';

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
  /** True when no font has these characters (drawn with the main font, will show boxes). */
  missing?: boolean;
}

const fontCache = new Map<string, fontkit.Font>();

/** Opens a font file once per process. */
export function openFont(file: string): fontkit.Font {
  let f = fontCache.get(file);
  if (!f) {
    f = fontkit.openSync(file);
    shareShaping(f);
    fontCache.set(file, f);
  }
  return f;
}

const SHAPED_RUNS_KEPT = 20_000;
const shapedRuns = new Map<fontkit.Font, Map<string, fontkit.GlyphRun>>();

/** Forgets every font's remembered shaping (the start-up snapshot must not carry its warm-up's text). */
export function forgetShaping(): void {
  for (const runs of shapedRuns.values()) runs.clear();
}

/**
 * Remembers the font's shaping of each text (default features only), for every
 * document the process writes. Why: pdfkit shapes each word again in each PDF it
 * makes, and fontkit's full OpenType shaping was a quarter of a 52-edition batch
 * (the same words, edition after edition) and of every numbered copy. pdfkit
 * scales the positions it gets in place, so each caller gets its own copy of them.
 */
function shareShaping(font: fontkit.Font): void {
  // Why: fontkit keeps one glyph object per id, with the code points of its first request (none at all when a
  // PDF's font subset asked first), and pdfkit writes those code points into the PDF's text layer (ToUnicode).
  // So that the text layer depends only on the document, every request gets its own code points.
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints?: number[]): fontkit.Glyph => {
    const glyph = getGlyph(id, codePoints);
    if (!codePoints || (glyph.codePoints?.length === codePoints.length && codePoints.every((c, i) => glyph.codePoints[i] === c))) return glyph;
    return Object.create(glyph, { codePoints: { value: codePoints, enumerable: true } }) as fontkit.Glyph;
  };
  const layout = font.layout.bind(font);
  const runs = new Map<string, fontkit.GlyphRun>();
  shapedRuns.set(font, runs);
  font.layout = (text: string, features?: unknown): fontkit.GlyphRun => {
    if (features !== undefined) return layout(text, features);
    let run = runs.get(text);
    if (!run) {
      run = layout(text);
      if (runs.size >= SHAPED_RUNS_KEPT) runs.clear();
      runs.set(text, run);
    }
    const copy = Object.assign(Object.create(Object.getPrototypeOf(run) as object) as fontkit.GlyphRun, run);
    copy.positions = run.positions.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p) as object) as fontkit.GlyphPosition, p));
    return copy;
  };
}

/** Drops parsed fonts from the process-wide caches (the start-up snapshot keeps only the fonts most briefs use). */
export function forgetFonts(files: Iterable<string>): void {
  for (const file of files) {
    const font = fontCache.get(file);
    if (font) shapedRuns.delete(font);
    fontCache.delete(file);
    advanceCache.delete(file);
    coverage.delete(file);
  }
}

/** File of a family for a style. */
export function styleFile(family: FontFamily, style: FontStyle = {}): string {
  if (style.bold && style.italic) return family.boldItalic;
  if (style.bold) return family.bold;
  if (style.italic) return family.italic;
  return family.regular;
}

const advanceCache = new Map<string, { font: fontkit.Font; table: Map<number, number> }>();

/** Advance widths in em per code point, cached per font file. */
function advances(file: string): { font: fontkit.Font; table: Map<number, number> } {
  let a = advanceCache.get(file);
  if (!a) {
    a = { font: openFont(file), table: new Map() };
    advanceCache.set(file, a);
  }
  return a;
}

const isBreakable = (cp: number): boolean => cp === 0x20 || cp === 0x0a || cp === 0x09;

const coverage = new Map<string, Map<number, boolean>>();

/** Whether the font file has a glyph for the code point, remembered: runs() asks for every character of every text. */
function hasGlyph(file: string, cp: number): boolean {
  let known = coverage.get(file);
  if (!known) {
    known = new Map();
    coverage.set(file, known);
  }
  let has = known.get(cp);
  if (has === undefined) {
    has = openFont(file).hasGlyphForCodePoint(cp);
    known.set(cp, has);
  }
  return has;
}

/** The theme's fonts with measuring, fallback and wrapping. */
export class FontSet {
  constructor(readonly theme: Theme) {}

  private chain(role: FontRole): FontFamily[] {
    return [this.theme.fonts[role], ...this.theme.fonts.fallbacks];
  }

  /** Splits text into runs, each drawn by the first family in the chain that has its glyphs. */
  runs(text: string, role: FontRole, style: FontStyle = {}): FontRun[] {
    const chain = this.chain(role);
    const out: FontRun[] = [];
    let cur: FontRun | undefined;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let fam: FontFamily | undefined;
      let missing = false;
      // Why: spaces and common punctuation stay with the current run so a line is not split into needless runs.
      if (cur && (isBreakable(cp) || cp < 0x80) && hasGlyph(cur.file, cp)) {
        cur.text += ch;
        continue;
      }
      fam = chain.find((f) => hasGlyph(styleFile(f, style), cp));
      if (!fam) {
        fam = chain[0]!;
        missing = !isBreakable(cp) && cp >= 0x20;
      }
      const file = styleFile(fam, style);
      if (cur && cur.file === file && !!cur.missing === missing) {
        cur.text += ch;
      } else {
        cur = { text: ch, file, family: fam.name, ...(missing ? { missing: true } : {}) };
        out.push(cur);
      }
    }
    return out;
  }

  /** Characters of `text` that no font in the chain can draw. */
  missingChars(text: string, role: FontRole = 'body'): string[] {
    const set = new Set<string>();
    for (const r of this.runs(text, role)) if (r.missing) for (const ch of r.text) set.add(ch);
    return [...set];
  }

  /**
   * Width of `text` in points at `size`: the sum of the glyphs' advance widths.
   * Why: full OpenType shaping (fontkit's layout) costs ~1 ms a call and dominated
   * build time; kerning, which it would add, only narrows Latin text slightly, so
   * the sum errs on the safe side for fitting.
   */
  width(text: string, size: number, role: FontRole, style: FontStyle = {}): number {
    let em = 0;
    for (const run of this.runs(text, role, style)) {
      const adv = advances(run.file);
      for (const ch of run.text) {
        const cp = ch.codePointAt(0)!;
        let a = adv.table.get(cp);
        if (a === undefined) {
          a = adv.font.glyphForCodePoint(cp).advanceWidth / adv.font.unitsPerEm;
          adv.table.set(cp, a);
        }
        em += a;
      }
    }
    return em * size;
  }

  /** Line height in points for `size` (ascent + descent + gap of the role's regular font). */
  lineHeight(size: number, role: FontRole): number {
    const f = openFont(this.theme.fonts[role].regular);
    return ((f.ascent - f.descent + f.lineGap) / f.unitsPerEm) * size;
  }

  private readonly wrapCache = new Map<string, string[]>();

  /** Greedy word wrap into lines no wider than `maxWidth` points; long words are broken. Memoized: layout asks the same questions many times. */
  wrap(text: string, maxWidth: number, size: number, role: FontRole, style: FontStyle = {}): string[] {
    const key = `${maxWidth.toFixed(3)}|${size}|${role}|${style.bold ? 1 : 0}${style.italic ? 1 : 0}|${text}`;
    const hit = this.wrapCache.get(key);
    if (hit) return hit;
    const lines = this.wrapUncached(text, maxWidth, size, role, style);
    if (this.wrapCache.size > 20_000) this.wrapCache.clear();
    this.wrapCache.set(key, lines);
    return lines;
  }

  private wrapUncached(text: string, maxWidth: number, size: number, role: FontRole, style: FontStyle): string[] {
    const lines: string[] = [];
    for (const para of text.split('\n')) {
      const words = para.split(/ +/).filter((w) => w.length > 0);
      let line = '';
      for (const word of words) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.width(candidate, size, role, style) <= maxWidth) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = word;
        while (this.width(line, size, role, style) > maxWidth && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && this.width(line.slice(0, cut), size, role, style) > maxWidth) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      lines.push(line);
    }
    return lines;
  }
}
