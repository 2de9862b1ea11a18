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
  /** In a template's placeholder: the paragraph's left and right margins and first-line indent, in inches. */
  margins?: { left: number; right: number; indent: number };
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
  /** On an organisation's template: the layout placeholder this text fills. */
  placeholder?: PlaceholderFill;
  /** On an organisation's template, text of Briefsmith's own: no colour or face of its own, so the template's apply. */
  plain?: boolean;
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
  colors: { header: Color; headerText: Color; text: Color; shade: Color; rule: Color; body?: Color };
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
  /** On an organisation's template: the part of the layout chosen for this slide, and where the footer and slide number go. */
  base?: {
    layout: string;
    footer?: PlaceholderFill;
    slideNumber?: PlaceholderFill;
    /** The template's text colour on this layout, where only its sample text says it: Briefsmith's own footer takes it. */
    ink?: Color;
  };
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

/** What a placeholder of an organisation's template is for (OOXML `p:ph` types; a `p:ph` without a type is `obj`). */
export type PlaceholderType = 'title' | 'ctrTitle' | 'subTitle' | 'body' | 'obj' | 'chart' | 'tbl' | 'pic' | 'dgm' | 'media' | 'clipArt' | 'dt' | 'ftr' | 'sldNum' | 'hdr';

/** A placeholder of a template layout, where and how the template sets it (inherited from the master by type and idx). */
export interface BasePlaceholder {
  type: PlaceholderType;
  /** `idx` as the layout writes it (none for a layout's only title or body). */
  idx?: number;
  /** Frame in inches. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Text size in points the template's styles give the first level (and the levels below, when they say). */
  sizes: number[];
  /** Text insets in inches: left, top, right, bottom. */
  insets: [number, number, number, number];
  /** Where the text sits vertically. */
  anchor: 'top' | 'middle' | 'bottom';
  /**
   * Whether the template's styles give the size (a master's text styles or a list style). Without them (as in
   * LibreOffice's exports, whose masters show their sizes only in sample text) readers pick their own defaults,
   * so the deck writes the size it measured.
   */
  styled: boolean;
  /** The text colour the template shows only in its sample text (no styles say it), as `#RRGGBB`. */
  color?: Color;
  /** Another placeholder of the layout has the same type and idx, so a slide must say where this one is. */
  ambiguous?: boolean;
}

/** A layout of the template, with its placeholders. */
export interface BaseLayout {
  name: string;
  /** Its part in the package, e.g. `ppt/slideLayouts/slideLayout2.xml`. */
  part: string;
  /** The layout's `type` (title, obj, secHead, titleOnly, twoObj, …), when it says. */
  type?: string;
  placeholders: BasePlaceholder[];
}

/** What the deck needs to know about an organisation's template before laying out slides on it. */
export interface BaseProfile {
  width: number;
  height: number;
  /** The theme's heading (major) and body (minor) Latin faces. */
  fonts: { major: string; minor: string };
  layouts: BaseLayout[];
  /** The series' `deck.layouts`: layout names by slide kind, which win over the choice by content. */
  mapping: Record<string, string>;
}

/** A text box that fills a placeholder of the template's layout: the emitter writes it with `p:ph` and no look of its own. */
export interface PlaceholderFill {
  type: PlaceholderType;
  idx?: number;
  /** The size fitting needed when smaller than the template's own (written as `sz`); otherwise the template's style applies. */
  size?: number;
  /** The colour the template's sample text has where its styles give none: written in the shape's list style, never on runs. */
  color?: Color;
  /** Written only when the layout's placeholder cannot be told apart by type and idx (in inches). */
  frame?: { x: number; y: number; w: number; h: number };
}
