/**
 * The one line breaker of both layouts: styled runs of a paragraph become lines
 * of positioned pieces. Breaks follow Unicode's line breaking rules (UAX #14,
 * the `linebreak` package), so "Sources" never splits into "Source / s"; a word
 * wider than the line is hyphenated. Fallback fonts keep the line's height: the
 * line is as tall as the paragraph's own face.
 */
import LineBreaker from 'linebreak';
import type { FontFace, FontSet, FontStyle } from './font-set.js';

/** How a run is set. */
export interface TextStyle extends FontStyle {
  face: FontFace;
  size: number;
  /** Measure as the sum of glyph advances (how PowerPoint sets text), not shaped (how the PDF is drawn). */
  advances?: boolean;
}

/** A run of text with its style and whatever the caller carries along (color, link, …). */
export interface StyledText<P> {
  text: string;
  style: TextStyle;
  payload: P;
}

/** A piece of a line drawn by one font: its text, where it starts and how wide it is. */
export interface LinePiece<P> {
  text: string;
  file: string;
  family: string;
  style: TextStyle;
  x: number;
  width: number;
  payload: P;
  /** No font in the theme has these characters. */
  missing?: boolean;
}

/** One line: its pieces, width, and vertical extent in points. */
export interface Line<P> {
  pieces: LinePiece<P>[];
  width: number;
  /** Distance from the line's top to its baseline. */
  ascent: number;
  /** Height of the line, including its leading. */
  height: number;
}

/** Options of a paragraph. */
export interface ParagraphOptions {
  /** Width available to each line, in points. */
  width: number;
  /** Extra space between lines, as a fraction of the font size (pdfkit's lineGap). */
  leading?: number;
  /** Alignment of each line within the width. */
  align?: 'left' | 'center' | 'right';
}

interface Atom<P> {
  start: number;
  end: number;
  /** The atom's text, once sliced. */
  text?: string;
  file: string;
  family: string;
  style: TextStyle;
  payload: P;
  missing?: boolean;
}

interface Segment {
  start: number;
  end: number;
  /** End of the segment without its trailing spaces. */
  contentEnd: number;
  required: boolean;
}

const EPSILON = 0.01;

/** Breaks a paragraph into lines no wider than `options.width` (a word wider than that is hyphenated). */
export function breakLines<P>(fonts: FontSet, runs: StyledText<P>[], options: ParagraphOptions): Line<P>[] {
  const atoms = atomsOf(fonts, runs);
  if (atoms.length === 0) return [];
  const text = runs.map((r) => r.text).join('');
  const width = (from: number, to: number) => measure(fonts, atoms, text, from, to);
  const max = options.width + EPSILON;
  const segments = segmentsOf(fonts, text);
  // Each segment's width, with and without its trailing spaces: a line is about as wide as the sum of its
  // segments (kerning across a segment boundary aside, which the exact check below catches).
  const { full, content } = segmentWidths(fonts, atoms, text, segments);
  const lines: { start: number; end: number; hyphen: boolean }[] = [];
  let first = -1; // first segment of the current line
  let firstStart = 0; // where the current line starts (inside its first segment after a split word)
  let used = 0; // width of the current line's segments, trailing spaces included
  const close = (last: number) => {
    if (first < 0) return;
    lines.push({ start: firstStart, end: segments[last]!.end, hyphen: false });
    first = -1;
    used = 0;
  };
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k]!;
    const additive = used + content[k]!;
    // Near the limit, the exact width decides (kerning across segments can tip it either way).
    if (first >= 0 && (additive > max || (additive > max - 2 && width(firstStart, seg.contentEnd) > max))) close(k - 1);
    if (first < 0 && content[k]! > max) {
      // A word wider than the line: split it where it fits, with a hyphen between letters.
      let from = seg.start;
      for (const cut of splitWord(text, from, seg.contentEnd, (a, b, hyphen) => width(a, b) + (hyphen ? hyphenWidth(fonts, atoms, b) : 0) <= max)) {
        lines.push({ start: from, end: cut.at, hyphen: cut.hyphen });
        from = cut.at;
      }
      lines.push({ start: from, end: seg.end, hyphen: false });
      if (seg.required) continue;
      // The word's last part starts a line that the next segments may join.
      const tail = lines.pop()!;
      first = k;
      firstStart = tail.start;
      used = width(tail.start, seg.end);
      continue;
    }
    if (first < 0) {
      first = k;
      firstStart = seg.start;
    }
    used += full[k]!;
    if (seg.required) close(k);
  }
  close(segments.length - 1);
  return lines.map((l) => composeLine(fonts, atoms, text, l.start, l.end, l.hyphen, options));
}

/** The text's runs split by font (fallback), as ranges of the paragraph's text. */
function atomsOf<P>(fonts: FontSet, runs: StyledText<P>[]): Atom<P>[] {
  const atoms: Atom<P>[] = [];
  let at = 0;
  for (const r of runs) {
    for (const fr of fonts.runs(r.text, r.style.face, r.style)) {
      const atom: Atom<P> = { start: at, end: at + fr.text.length, file: fr.file, family: fr.family, style: r.style, payload: r.payload };
      if (fr.missing) atom.missing = true;
      atoms.push(atom);
      at += fr.text.length;
    }
  }
  return atoms;
}

/** Break opportunities (UAX #14) as segments: each ends where a line may end. Remembered per text by the font set. */
function segmentsOf(fonts: FontSet, text: string): readonly Segment[] {
  const known = fonts.memo.get(text) as Segment[] | undefined;
  if (known) return known;
  const out: Segment[] = [];
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    // Why: UAX #14 lets a line break between any two Hangul syllables, but Korean is set word by word (CSS "keep-all").
    if (!bk.required && isHangul(text.charCodeAt(bk.position - 1)) && isHangul(text.charCodeAt(bk.position))) continue;
    let contentEnd = bk.position;
    while (contentEnd > last && /\s/.test(text[contentEnd - 1]!)) contentEnd--;
    out.push({ start: last, end: bk.position, contentEnd, required: bk.required });
    last = bk.position;
  }
  fonts.memo.set(text, out);
  return out;
}

function isHangul(c: number): boolean {
  return (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f);
}

/** Widths of consecutive segments, with and without trailing spaces, in one walk over the atoms. */
function segmentWidths<P>(fonts: FontSet, atoms: Atom<P>[], text: string, segments: readonly Segment[]): { full: number[]; content: number[] } {
  const full: number[] = new Array(segments.length);
  const content: number[] = new Array(segments.length);
  let a = 0;
  const span = (from: number, to: number): number => {
    let w = 0;
    for (let i = a; i < atoms.length; i++) {
      const atom = atoms[i]!;
      if (atom.start >= to) break;
      if (atom.end <= from) continue;
      const lo = atom.start > from ? atom.start : from;
      const hi = atom.end < to ? atom.end : to;
      w += fonts.runWidth(atom.file, lo === atom.start && hi === atom.end ? atomText(atom, text) : text.slice(lo, hi), atom.style.size, atom.style.advances);
    }
    return w;
  };
  segments.forEach((g, k) => {
    while (a < atoms.length && atoms[a]!.end <= g.start) a++;
    full[k] = span(g.start, g.end);
    // Why subtract the spaces rather than measure the word alone: that would shape every word twice, with and
    // without its space (kerning against a space is all the difference, and the exact check covers it).
    content[k] = g.contentEnd === g.end ? full[k]! : full[k]! - span(g.contentEnd, g.end);
  });
  return { full, content };
}

function atomText<P>(atom: Atom<P>, text: string): string {
  atom.text ??= text.slice(atom.start, atom.end);
  return atom.text;
}

/** Width in points of the text from `from` to `to`, drawn piece by piece as the PDF draws it. */
function measure<P>(fonts: FontSet, atoms: Atom<P>[], text: string, from: number, to: number): number {
  let w = 0;
  for (const a of atoms) {
    if (a.end <= from || a.start >= to) continue;
    const piece = text.slice(Math.max(a.start, from), Math.min(a.end, to));
    w += fonts.runWidth(a.file, piece, a.style.size, a.style.advances);
  }
  return w;
}

function hyphenWidth<P>(fonts: FontSet, atoms: Atom<P>[], at: number): number {
  const a = atoms.find((x) => x.start < at && x.end >= at) ?? atoms.at(-1)!;
  return fonts.runWidth(a.file, '-', a.style.size, a.style.advances);
}

/** Where to cut a too-wide word so each part fits; a hyphen is added between two letters. */
function splitWord(text: string, from: number, to: number, fits: (a: number, b: number, hyphen: boolean) => boolean): { at: number; hyphen: boolean }[] {
  // Why made here: an Intl object held by a module cannot go into the start-up snapshot, and this path is rare.
  const bounds = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(from, to))].map((g) => from + g.index).slice(1);
  const cuts: { at: number; hyphen: boolean }[] = [];
  let start = from;
  for (;;) {
    const options = bounds.filter((b) => b > start);
    if (!fits(start, to, false) && options.length > 0) {
      let best: { at: number; hyphen: boolean } | undefined;
      for (const b of options) {
        const hyphen = /\p{L}/u.test(text[b - 1]!) && /\p{L}/u.test(text[b]!);
        if (fits(start, b, hyphen)) best = { at: b, hyphen };
        else break;
      }
      // Even one character is too wide: it goes on a line of its own.
      best ??= { at: options[0]!, hyphen: false };
      cuts.push(best);
      start = best.at;
      continue;
    }
    return cuts;
  }
}

/** A line's pieces at their x positions; trailing spaces and line feeds are dropped. */
function composeLine<P>(fonts: FontSet, atoms: Atom<P>[], text: string, start: number, end: number, hyphen: boolean, options: ParagraphOptions): Line<P> {
  let stop = end;
  while (stop > start && /\s/.test(text[stop - 1]!)) stop--;
  const pieces: LinePiece<P>[] = [];
  let x = 0;
  for (const a of atoms) {
    if (a.end <= start || a.start >= stop) continue;
    let piece = text.slice(Math.max(a.start, start), Math.min(a.end, stop));
    if (hyphen && a.end >= stop) piece += '-';
    const w = fonts.runWidth(a.file, piece, a.style.size, a.style.advances);
    const p: LinePiece<P> = { text: piece, file: a.file, family: a.family, style: a.style, x, width: w, payload: a.payload };
    if (a.missing) p.missing = true;
    pieces.push(p);
    x += w;
  }
  const size = Math.max(...(pieces.length ? pieces : atoms).map((p) => p.style.size));
  const face = (pieces[0] ?? atoms[0]!).style.face;
  const e = fonts.extent(face, size);
  const shift = options.align === 'center' ? (options.width - x) / 2 : options.align === 'right' ? options.width - x : 0;
  if (shift > 0) for (const p of pieces) p.x += shift;
  return { pieces, width: x, ascent: e.ascent, height: e.ascent - e.descent + e.gap + (options.leading ?? 0) * size };
}

/**
 * The narrowest and widest a paragraph can be set: its longest unbreakable
 * piece, and the whole text on one line. Tables size their columns from these.
 */
export function contentWidths<P>(fonts: FontSet, runs: StyledText<P>[]): { min: number; max: number } {
  const atoms = atomsOf(fonts, runs);
  const text = runs.map((r) => r.text).join('');
  let min = 0;
  let max = 0;
  let line = 0;
  for (const seg of segmentsOf(fonts, text)) {
    min = Math.max(min, measure(fonts, atoms, text, seg.start, seg.contentEnd));
    line += measure(fonts, atoms, text, seg.start, seg.end);
    if (seg.required) {
      max = Math.max(max, line);
      line = 0;
    }
  }
  return { min, max: Math.max(max, line) };
}
