/**
 * The document model: one typed tree per edition that every writer (pptx, pdf,
 * later html) reads. Nodes are `type`-tagged (mdast style) and carry the
 * position of the brief data or template they came from.
 */
import type { Position } from '../diagnostics/diagnostic.js';
import type { Figure, Judgment, Source } from '../2-validate/brief.js';
import type { RenderedChart } from '../4-charts/render-chart.js';
import type { Theme } from '../2-validate/theme.js';
import type { Change } from '../3-editions/compare-editions.js';

/** Fields every node may carry. */
export interface NodeBase {
  position?: Position;
}

/** Plain text. */
export interface Text extends NodeBase {
  type: 'text';
  value: string;
}
/** Bold text. */
export interface Strong extends NodeBase {
  type: 'strong';
  children: Inline[];
}
/** Italic text. */
export interface Emphasis extends NodeBase {
  type: 'emphasis';
  children: Inline[];
}
/** A hyperlink to an external URL. */
export interface Link extends NodeBase {
  type: 'link';
  url: string;
  children: Inline[];
}
/** A citation of sources by id; writers show numbers ([2]) or grades. */
export interface Cite extends NodeBase {
  type: 'cite';
  sourceIds: string[];
}

/** Map of inline node types, so the union is built from one place. */
export interface InlineMap {
  text: Text;
  strong: Strong;
  emphasis: Emphasis;
  link: Link;
  cite: Cite;
}
/** Any inline node. */
export type Inline = InlineMap[keyof InlineMap];

/** A heading inside a section or slide. */
export interface Heading extends NodeBase {
  type: 'heading';
  depth: 2 | 3;
  children: Inline[];
}
/** A paragraph, with an optional portion mark such as "U". */
export interface Paragraph extends NodeBase {
  type: 'paragraph';
  portion?: string;
  children: Inline[];
}
/** A bulleted or numbered list of inline items. */
export interface List extends NodeBase {
  type: 'list';
  ordered: boolean;
  items: Inline[][];
}
/** A key judgment, shown as a summary (statement and chips) or in full (with evidence and discussion). */
export interface JudgmentBlock extends NodeBase {
  type: 'judgment';
  mode: 'summary' | 'full';
  judgment: Judgment;
}
/** A figure: its chart, number, caption and source line. */
export interface FigureBlock extends NodeBase {
  type: 'figure';
  figure: Figure;
  chart: RenderedChart;
  /** Text for screen readers: title, description and a data summary. */
  alt: string;
}
/** The numbered list of the edition's sources. */
export interface SourceList extends NodeBase {
  type: 'sourceList';
  sources: Source[];
}
/** A table: a header row and body rows of inline cells; numeric columns align right. */
export interface Table extends NodeBase {
  type: 'table';
  /** 1-based number among the tables of its document (deck or memo). */
  number: number;
  caption?: string;
  header: Inline[][];
  rows: Inline[][][];
  /** Per column: right-aligned when every body cell is a number. */
  numeric: boolean[];
}
/** What changed since the previous edition, computed from the data. */
export interface ChangeList extends NodeBase {
  type: 'changes';
  /** Id of the previous edition, or undefined for a series' first edition. */
  since?: string;
  items: Change[];
}
/** The box explaining the ICD 203 likelihood terms and confidence levels used. */
export interface EstimativeBox extends NodeBase {
  type: 'estimativeBox';
}

/** Map of block node types. */
export interface BlockMap {
  heading: Heading;
  paragraph: Paragraph;
  list: List;
  judgment: JudgmentBlock;
  figure: FigureBlock;
  sourceList: SourceList;
  table: Table;
  changes: ChangeList;
  estimativeBox: EstimativeBox;
}
/** Any block node. */
export type Block = BlockMap[keyof BlockMap];

/** Slide layouts a template may choose. */
export const slideLayouts = ['title', 'section', 'bluf', 'bullets', 'judgments', 'figure', 'two-column', 'table', 'changes', 'sources'] as const;
/** One of the slide layouts. */
export type SlideLayout = (typeof slideLayouts)[number];

/** One slide of the deck. */
export interface Slide extends NodeBase {
  type: 'slide';
  layout: SlideLayout;
  title: string;
  subtitle?: string;
  blocks: Block[];
  /** Speaker notes, one paragraph per entry. */
  notes: string[];
}

/** The deck: slides in order. */
export interface Deck extends NodeBase {
  type: 'deck';
  slides: Slide[];
  /** Slide size in inches when it comes from an organisation's template rather than the theme. */
  size?: { width: number; height: number };
  /** The organisation's template the deck is built on. */
  base?: { file: string; layouts: Record<string, string> };
}

/** A titled section of the memo (a PDF bookmark). */
export interface Section extends NodeBase {
  type: 'section';
  id: string;
  title: string;
  blocks: Block[];
}

/** The memo: header block then sections. */
export interface Memo extends NodeBase {
  type: 'memo';
  header: { memoFor: string; from: string; date: string; subject: string };
  sections: Section[];
}

/** Metadata shared by every output. */
export interface DocumentMeta {
  seriesId: string;
  seriesTitle: string;
  seriesShortTitle: string;
  organisation: string;
  editionId: string;
  editionDate: string;
  title: string;
  subject: string;
  authors: string[];
  language: string;
  marking: string;
  /** Portion mark for paragraphs, e.g. "U" or "TLP:CLEAR". */
  portionMark: string;
  keywords: string[];
  /** The series asks for PDF/A-2b memos. */
  pdfa: boolean;
}

/** The whole document model of one edition. */
export interface BriefDocument {
  type: 'briefDocument';
  meta: DocumentMeta;
  theme: Theme;
  sources: Source[];
  deck: Deck;
  memo: Memo;
}
