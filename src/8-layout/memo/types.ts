/**
 * The memo after layout: pages of positioned text, shapes, charts and link
 * targets, plus the structure tree that tags them (for the PDF's accessibility
 * tags). The PDF and the preview draw exactly these pages, so they break alike.
 * Units are points; y grows downwards from the page's top edge.
 */
import type { ChartContent, Color, RealizedMeta } from '../../7-realize/types.js';
import type { FontFamily } from '../../text/font-set.js';

/** Why an item is outside the document's structure: page decoration or pagination (banners, page numbers, repeated headers). */
export type Artifact = 'Layout' | 'Pagination';

/** A piece of text in one font, on its baseline. */
export interface PageText {
  kind: 'text';
  x: number;
  /** The baseline. */
  y: number;
  text: string;
  /** The font file that draws it, and its family name. */
  font: string;
  family: string;
  size: number;
  color: Color;
  bold: boolean;
  italic: boolean;
  /** Measured width, in points. */
  width: number;
  /** Height of the line it sits on, and its top: the box a link or highlight covers. */
  top: number;
  lineHeight: number;
  url?: string;
  goTo?: string;
  underline?: boolean;
  strike?: boolean;
  /** The structure node it belongs to, unless it is an artifact. */
  tag?: number;
  artifact?: Artifact;
}

/** A filled or stroked rectangle. */
export interface PageRect {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  fill?: Color;
  stroke?: Color;
  lineWidth?: number;
  artifact: Artifact;
}

/** A straight line. */
export interface PageLine {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: Color;
  width: number;
  artifact: Artifact;
}

/** A chart, drawn as vectors or as a picture, tagged as a figure with its alt text. */
export interface PageChart {
  kind: 'chart';
  x: number;
  y: number;
  w: number;
  h: number;
  chart: ChartContent;
  alt: string;
  tag: number;
}

/** A logo or other decoration image. */
export interface PageImage {
  kind: 'image';
  x: number;
  y: number;
  w: number;
  h: number;
  format: 'png' | 'svg';
  data: Buffer;
  artifact: Artifact;
}

/** A link target (named destination) at a point of the page. */
export interface PageAnchor {
  kind: 'anchor';
  name: string;
  x: number;
  y: number;
}

/** An outline entry (bookmark) pointing at this page. */
export interface PageBookmark {
  kind: 'bookmark';
  title: string;
  y: number;
}

/** Anything on a page. */
export type PageItem = PageText | PageRect | PageLine | PageChart | PageImage | PageAnchor | PageBookmark;

/** One page: its content in reading order, and its furniture (banners, copy line, footer, page label), all artifacts. */
export interface Page {
  items: PageItem[];
  furniture: PageItem[];
  /** The page's label, e.g. "Page 3 of 9". */
  label: string;
}

/** Structure types used for tagging (PDF 1.7 standard structure types). */
export type StructType = 'Document' | 'Sect' | 'H1' | 'H2' | 'H3' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody' | 'Table' | 'TR' | 'TH' | 'TD' | 'Figure' | 'Caption' | 'Div';

/** A node of the structure tree; ids are indexes into `MemoLayout.struct`, parents before children. */
export interface StructNode {
  id: number;
  type: StructType;
  parent?: number;
  alt?: string;
  title?: string;
  /** Table header cells: the column they head. */
  scope?: 'Column';
  /** Figures: their box on the page where they are drawn (for the Layout attribute). */
  bbox?: [number, number, number, number];
}

/** The laid-out memo. */
export interface MemoLayout {
  width: number;
  height: number;
  pages: Page[];
  struct: StructNode[];
  meta: RealizedMeta;
  /** The theme's font families, for text inside charts (named by family in their SVG). */
  families: FontFamily[];
  /** Column widths in points of each table, by table number: the Word memo sizes its tables the same way. */
  tableColumns: Record<number, number[]>;
}
