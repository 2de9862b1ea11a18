/**
 * The validated, normalized brief: what every later stage reads. Defaults are
 * filled in here once, so inner code never checks for missing values again.
 */
import type { Position } from '../diagnostics/diagnostic.js';
import type { Confidence, LikelihoodTerm } from './estimative.js';
import type { Theme } from '../theme/theme.js';

/** A marking banner value (classification or TLP label). */
export type Marking = string;

/** The series a brief belongs to. */
export interface Series {
  id: string;
  title: string;
  shortTitle: string;
  organisation: string;
  cadence: string;
  language: string;
  marking: Marking;
  memoFor: string;
  memoFrom: string;
  /** Write the memo as PDF/A-2b. */
  pdfa: boolean;
  dir: string;
}

/** One edition's metadata. */
export interface Edition {
  id: string;
  date: string;
  title: string;
  subject: string;
  authors: string[];
  audience: string;
  marking: Marking;
  bluf: string;
  outlook: string[];
  /** Named datasets from edition.yaml, for figures' `"data": {"name": …}`. */
  datasets: Record<string, Record<string, unknown>[]>;
  dir: string;
  position: Position;
  blufPosition: Position;
}

/** A graded source. */
export interface Source {
  id: string;
  /** 1-based number in the edition's source list. */
  number: number;
  publisher: string;
  title: string;
  date?: string;
  url?: string;
  reliability: string;
  credibility: number;
  /** Admiralty code, e.g. "B2". */
  grade: string;
  note?: string;
  position: Position;
}

/** One piece of evidence behind a judgment. */
export interface Evidence {
  text: string;
  sourceIds: string[];
  position: Position;
}

/** A key judgment. */
export interface Judgment {
  id: string;
  /** 1-based number in the edition. */
  number: number;
  statement: string;
  likelihood: string;
  likelihoodCanonical: LikelihoodTerm;
  likelihoodRank: number;
  confidence: Confidence;
  evidence: Evidence[];
  discussion?: string;
  position: Position;
}

/** A figure declared in figures.yaml; its chart is rendered later. */
export interface Figure {
  id: string;
  number: number;
  specFile: string;
  title: string;
  description?: string;
  takeaway: string;
  /** Points beside the chart on a two-column slide (empty: a full-width figure slide). */
  points: string[];
  sourceLine: string;
  sourceIds: string[];
  render: 'auto' | 'native' | 'image';
  position: Position;
}

/** The whole validated brief for one edition. */
export interface Brief {
  series: Series;
  edition: Edition;
  judgments: Judgment[];
  sources: Source[];
  figures: Figure[];
  theme: Theme;
  editionIds: string[];
}
