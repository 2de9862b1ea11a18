/**
 * The realized document: every domain node (judgment, changes, sources, the
 * estimative box, figures with their captions and source lines, footers)
 * lowered into a small closed vocabulary that knows nothing of briefs. All
 * wording is done by then; layouts and emitters only place and serialize it.
 * Nodes are `kind`-tagged; unions are built from one map each (mdast style).
 */
import type { NativeChart } from '../4-charts/native-chart.js';

export type { NativeChart };

/** A color as #RRGGBB. */
export type Color = string;

/** A run of text with one style. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  color?: Color;
  /** The theme face the run is set in; the block's own face when absent. */
  face?: 'heading' | 'body';
  /** An external link (http, https or mailto). */
  url?: string;
  /** A link to an anchor in the same document. */
  goTo?: string;
  /** Text taken out (a word diff): struck through. */
  strike?: boolean;
  /** Text put in (a word diff): underlined. */
  inserted?: boolean;
}

/** What a paragraph is for; each layout maps roles to its own typography. */
export type ParagraphRole = 'body' | 'lead' | 'small' | 'note' | 'caption' | 'title' | 'subtitle' | 'label';

/** A paragraph of runs. */
export interface Paragraph {
  kind: 'paragraph';
  role: ParagraphRole;
  runs: Run[];
  align?: 'left' | 'center' | 'right';
  /** Anchors (link targets) that point at this paragraph. */
  anchors?: string[];
}

/** A heading; level 1 headings are sections (bookmarks in the PDF, Heading 1 in Word). */
export interface Heading {
  kind: 'heading';
  level: 1 | 2 | 3;
  runs: Run[];
  anchors?: string[];
  /** Title of the bookmark (outline entry) for this heading. */
  bookmark?: string;
}

/** A colored label: a likelihood or confidence chip, a change's direction, a source's grade, a judgment's number. */
export interface Chip {
  text: string;
  fill: Color;
  color: Color;
  /** badge: a round number; chip: a rounded label. */
  shape: 'badge' | 'chip';
}

/** One item of a list. */
export interface ListItem {
  /** What marks the item: a bullet, a number, a chip, or nothing. */
  marker: { kind: 'bullet' } | { kind: 'none' } | ({ kind: 'chip' } & Chip);
  /** Chips shown beside the item where there is room (the deck), or inline before it (elsewhere). */
  chips: Chip[];
  blocks: Block[];
  anchors?: string[];
  /** Speaker notes that travel with the item onto whichever slide it lands. */
  notes?: string;
}

/** A list of items. */
export interface List {
  kind: 'list';
  items: ListItem[];
  /** Items set in columns where there is room (the estimative box's terms). */
  columns?: number;
  /** Smaller type, for long reference lists. */
  role?: 'body' | 'small';
}

/** A table cell: runs, aligned. */
export interface Cell {
  runs: Run[];
  align: 'left' | 'right';
}

/** A table with a header row; it continues across pages and slides with the header repeated. */
export interface Table {
  kind: 'table';
  number: number;
  caption: Run[];
  header: Cell[];
  rows: Cell[][];
}

/** A chart as an output shows it: a native office chart, vectors, or a picture. */
export interface ChartContent {
  mode: 'native' | 'vector' | 'picture';
  svg: string;
  /** Size of the chart as drawn by Vega, in points. */
  width: number;
  height: number;
  /** Identifies the chart (SHA-256 of its SVG, shortened). */
  hash: string;
  native?: NativeChart;
}

/** A figure: what goes above the chart (its caption), the chart, and what goes below (takeaway, source line). */
export interface Figure {
  kind: 'figure';
  id: string;
  number: number;
  /** How the figure is named, e.g. "Figure 3" (for object names and picture titles). */
  label: string;
  chart: ChartContent;
  /** Text for screen readers: figure number, title, description and a data summary. */
  alt: string;
  above: Block[];
  below: Block[];
}

/** A tinted box of blocks that is never split (the estimative-language box). */
export interface Panel {
  kind: 'panel';
  fill: Color;
  blocks: Block[];
}

/** Label and value rows (the memo's MEMORANDUM FOR / FROM / DATE / SUBJECT block). */
export interface Fields {
  kind: 'fields';
  rows: { label: string; value: Run[] }[];
}

/** A horizontal rule. */
export interface Rule {
  kind: 'rule';
}

/** Map of block kinds, so the union is built from one place. */
export interface BlockMap {
  paragraph: Paragraph;
  heading: Heading;
  list: List;
  table: Table;
  figure: Figure;
  panel: Panel;
  fields: Fields;
  rule: Rule;
}
/** Any realized block. */
export type Block = BlockMap[keyof BlockMap];

/** What every page or slide carries: banners, footer, page numbers, an optional copy line. */
export interface Furniture {
  marking: string;
  banner: { background: Color; text: Color };
  /** Left footer, e.g. "DPRK–Russia Munitions · Edition 2024-W21 · May 20, 2024". */
  footer: string;
  /** The page label with {page} and {pages} to fill in, e.g. "Page {page} of {pages}". */
  pageLabel: string;
  /** "Copy 3 of 12 — name, organisation" on a numbered copy. */
  copy?: string;
}

/** One realized slide. */
export interface RealizedSlide {
  layout: 'title' | 'section' | 'bluf' | 'bullets' | 'judgments' | 'figure' | 'two-column' | 'table' | 'changes' | 'sources';
  title: string;
  subtitle?: string;
  blocks: Block[];
  notes: string[];
}

/** A realized section of the memo. */
export interface RealizedSection {
  id: string;
  title: string;
  blocks: Block[];
}

/** Document properties every output records. */
export interface RealizedMeta {
  title: string;
  subject: string;
  authors: string[];
  keywords: string[];
  organisation: string;
  language: string;
  /** The edition's date (YYYY-MM-DD): every output's creation date, for reproducible bytes. */
  date: string;
  seriesId: string;
  editionId: string;
  pdfa: boolean;
}

/** The realized deck. */
export interface RealizedDeck {
  meta: RealizedMeta;
  furniture: Furniture;
  slides: RealizedSlide[];
}

/** The realized memo. */
export interface RealizedMemo {
  meta: RealizedMeta;
  furniture: Furniture;
  /** The masthead and header block before the first section. */
  head: Block[];
  sections: RealizedSection[];
}
