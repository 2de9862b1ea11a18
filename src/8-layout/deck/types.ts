/**
 * The deck after layout: slides of positioned boxes whose text was measured
 * with the real fonts, plus the master every slide shares. The pptx emitter and
 * the preview draw exactly these. Units are inches; font sizes are points.
 */
import type { ChartContent, Color, RealizedMeta, RealizedSlide } from '../../7-realize/types.js';
import type { FontFamily } from '../../text/font-set.js';
import type { FontEmbeddingInfo } from '../../text/font-book.js';

/** A run of slide text in one font family. */
export interface DeckRun {
  text: string;
  family: string;
  color: Color;
  bold?: boolean;
  italic?: boolean;
  url?: string;
  strike?: boolean;
  underline?: boolean;
}

/** A paragraph inside a text box. */
export interface DeckPara {
  runs: DeckRun[];
  /** Bullet level: 1 for a bullet, 2 for a bullet inside a bullet. */
  bullet?: number;
  align?: 'left' | 'center' | 'right';
  spaceAfterPt?: number;
}

/** What a box is, for a template's placeholders (title, body, …) and for readers of the XML. */
export type BoxRole = 'title' | 'subtitle' | 'body' | 'lead' | 'note' | 'chart' | 'table' | 'decoration';

/** A text box; `measuredPt` is the laid-out text height, always ≤ the box height. */
export interface TextBox {
  kind: 'text';
  x: number;
  y: number;
  w: number;
  h: number;
  fontSize: number;
  /** Exact distance between baselines, in points. */
  lineHeightPt: number;
  color: Color;
  paras: DeckPara[];
  valign?: 'top' | 'middle' | 'bottom';
  measuredPt: number;
  name: string;
  role: BoxRole;
}

/** A filled shape, optionally with a one-line label (chips, number badges, bars). */
export interface ShapeBox {
  kind: 'shape';
  shape: 'rect' | 'roundRect' | 'ellipse';
  x: number;
  y: number;
  w: number;
  h: number;
  fill: Color;
  label?: { runs: DeckRun[]; fontSize: number };
  name: string;
}

/** A chart: native, or a picture (its SVG with a PNG fallback). */
export interface ChartBox {
  kind: 'chart';
  x: number;
  y: number;
  w: number;
  h: number;
  chart: ChartContent;
  alt: string;
  name: string;
  /** The face, size and colors a native chart's text and grid use. */
  style: { family: string; size: number; text: Color; grid: Color };
}

/** A native table (one slide's part of a possibly continued table). */
export interface TableBox {
  kind: 'table';
  x: number;
  y: number;
  w: number;
  h: number;
  colW: number[];
  rowH: number[];
  fontSize: number;
  header: DeckPara[];
  rows: DeckPara[][];
  align: ('left' | 'right')[];
  name: string;
  /** Text height measured per row, in points; each ≤ its row height. */
  measuredPt: number[];
  colors: { header: Color; headerText: Color; text: Color; shade: Color; rule: Color };
}

/** Anything placed on a slide. */
export type Box = TextBox | ShapeBox | ChartBox | TableBox;

/** A slide after layout. */
export interface LaidOutSlide {
  layout: RealizedSlide['layout'];
  /** The slide title (continued slides say "(1/2)"); empty on title and section slides. */
  title: string;
  /** The title's size in points when the master's size would not fit it in the title box. */
  titleSize?: number;
  boxes: Box[];
  notes: string[];
}

/** What every slide shares: size, banners, footer, title place and style, logo. */
export interface DeckMaster {
  width: number;
  height: number;
  background: Color;
  marking: string;
  banner: { background: Color; text: Color };
  bannerHeight: number;
  marginX: number;
  title: { y: number; w: number; h: number; size: number; color: Color; family: string };
  footer: { y: number; h: number; text: string; size: number; color: Color };
  rule: Color;
  /** The theme's heading face: the deck's text face. */
  family: string;
  /** Line pitch in points per point of font size (titles use it at their size). */
  lineFactor: number;
  logo?: { format: 'png' | 'svg'; data: Buffer; alt: string };
}

/** The laid-out deck. */
export interface DeckLayout {
  meta: RealizedMeta;
  master: DeckMaster;
  slides: LaidOutSlide[];
  /** The theme's font families (the preview declares them for the slides' text). */
  families: FontFamily[];
  /** Faces the slides name that office installs lack: the deck carries them. */
  embedded: EmbeddedFace[];
}

/** A face the deck carries, one file per style it has. */
export interface EmbeddedFace {
  name: string;
  styles: { style: 'regular' | 'bold' | 'italic' | 'boldItalic'; file: string; info: FontEmbeddingInfo }[];
}
