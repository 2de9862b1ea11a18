/**
 * Which layout of an organisation's template each kind of slide uses: the one
 * the series names in `deck.layouts` (names compared loosely, so "Title,
 * Content" is "Title and Content"), else the first whose placeholders hold what
 * the slide has: a title slide's title and subtitle, a title and one body for
 * text, a title alone for a wide figure or table, two content placeholders for
 * a figure beside its points.
 */
import type { RealizedSlide } from '../../7-realize/types.js';
import type { BaseLayout, BasePlaceholder, BaseProfile } from './types.js';

export type SlideKind = RealizedSlide['layout'];

/** A layout name reduced to its words: case, punctuation and "and"/"&"/"," do not matter. */
export function layoutKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&|,|\+|\band\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The template's layout with this name, compared loosely. */
export function layoutNamed(profile: BaseProfile, name: string): BaseLayout | undefined {
  return profile.layouts.find((l) => l.name === name) ?? profile.layouts.find((l) => layoutKey(l.name) === layoutKey(name));
}

const isTitle = (p: BasePlaceholder) => p.type === 'title' || p.type === 'ctrTitle';
/** A placeholder that holds text or a figure. */
export const isContent = (p: BasePlaceholder) => p.type === 'body' || p.type === 'obj' || p.type === 'chart' || p.type === 'tbl' || p.type === 'pic';
/** A placeholder that holds text (a picture, chart or table placeholder does not). */
export const isText = (p: BasePlaceholder) => p.type === 'body' || p.type === 'obj';
const isFurniture = (p: BasePlaceholder) => p.type === 'dt' || p.type === 'ftr' || p.type === 'sldNum' || p.type === 'hdr';

function shape(l: BaseLayout) {
  const ph = l.placeholders;
  return {
    titles: ph.filter(isTitle).length,
    ctr: ph.some((p) => p.type === 'ctrTitle'),
    subtitles: ph.filter((p) => p.type === 'subTitle').length,
    contents: ph.filter(isContent),
    texts: ph.filter(isText).length,
    furniture: ph.filter(isFurniture).length,
  };
}

/** Standard names, best first, used only to break ties between layouts that hold the same. */
const usualNames: Record<SlideKind, string[]> = {
  title: ['Title Slide'],
  section: ['Section Header', 'Section Title', 'Title Only'],
  bluf: ['Title and Content', 'Title Only'],
  bullets: ['Title and Content', 'Title Only'],
  judgments: ['Title and Content', 'Title Only'],
  changes: ['Title and Content', 'Title Only'],
  sources: ['Title and Content', 'Title Only'],
  figure: ['Title Only', 'Title and Content'],
  table: ['Title Only', 'Title and Content'],
  'two-column': ['Two Content', 'Title 2 Content', 'Title Only', 'Title and Content'],
};

/** How well a layout suits a kind of slide: higher is better, 0 unsuitable. */
function score(l: BaseLayout, kind: SlideKind): number {
  const s = shape(l);
  const named = usualNames[kind].some((n) => layoutKey(n) === layoutKey(l.name)) ? 1 : 0;
  const side = (a: BasePlaceholder, b: BasePlaceholder) => Math.abs(a.y - b.y) < 0.5 && Math.abs(a.h - b.h) < 0.5;
  // Between equal layouts, one that carries the footer and slide number is a content layout (a title master often has none).
  const furnished = kind === 'title' ? 0 : Math.min(s.furniture, 3) * 0.1;
  const base = (() => {
    switch (kind) {
      case 'title':
        if (s.titles === 1 && s.subtitles >= 1) return s.ctr || l.type === 'title' ? 10 : 8;
        return 0;
      case 'section':
        if (l.type === 'secHead') return 10;
        if (s.titles === 1 && s.contents.length <= 1 && s.subtitles === 0) return named ? 9 : s.contents.length === 0 ? 3 : 0;
        return 0;
      case 'figure':
      case 'table':
        if (s.titles === 1 && s.contents.length === 0 && s.subtitles === 0) return 8;
        if (s.titles === 1 && s.contents.length === 1 && s.subtitles === 0) return 5;
        return 0;
      case 'two-column': {
        const [a, b] = s.contents;
        if (s.titles === 1 && s.contents.length === 2 && a && b && isText(a) && side(a, b)) return l.type === 'twoObj' ? 10 : 8;
        if (s.titles === 1 && s.contents.length === 1 && s.subtitles === 0) return 3;
        return 0;
      }
      default:
        if (s.titles === 1 && s.contents.length === 1 && s.texts === 1 && s.subtitles === 0) return l.type === 'obj' ? 10 : 8;
        if (s.titles === 1 && s.contents.length === 0 && s.subtitles === 0) return 1;
        return 0;
    }
  })();
  return base ? base + named * 0.5 + furnished : 0;
}

/** The layout a kind of slide uses on this template. */
export function chooseLayout(profile: BaseProfile, kind: SlideKind): BaseLayout {
  const wanted = profile.mapping[kind];
  if (wanted) {
    const hit = layoutNamed(profile, wanted);
    if (hit) return hit;
  }
  let best: BaseLayout | undefined;
  let bestScore = 0;
  for (const l of profile.layouts) {
    const sc = score(l, kind);
    if (sc > bestScore) {
      best = l;
      bestScore = sc;
    }
  }
  if (best) return best;
  // Layouts without placeholders: PowerPoint's usual names, then the first with a title.
  for (const n of usualNames[kind]) {
    const hit = layoutNamed(profile, n);
    if (hit) return hit;
  }
  return profile.layouts.find((l) => shape(l).titles === 1) ?? profile.layouts[0]!;
}

/** Every kind of slide, for reports. */
export const slideKinds: SlideKind[] = ['title', 'section', 'bluf', 'bullets', 'judgments', 'figure', 'two-column', 'table', 'changes', 'sources'];
