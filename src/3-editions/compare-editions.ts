/**
 * What changed since the previous edition, computed from the data: judgments
 * added and dropped, likelihood and confidence moving up or down, new sources,
 * and figures whose data changed (with the largest changes first).
 */
import { own } from '../util/own.js';
import type { Brief } from '../2-validate/brief.js';
/** A row of a figure's data. */
type Row = Record<string, unknown>;

/** The kinds of change, in the order a reader wants them. */
export type ChangeKind =
  'judgment-added' | 'likelihood-up' | 'likelihood-down' | 'confidence-up' | 'confidence-down' | 'judgment-dropped' | 'figure-added' | 'figure-data' | 'figure-dropped' | 'indicator' | 'source-added';

/** A number, or a range when `high` differs from `low`. */
export interface Quantity {
  low: number;
  high?: number;
}

/** One row-level change in a figure's data. */
export type DataChange =
  { kind: 'moved'; label: string; field: string; from: number; to: number } | { kind: 'added'; label: string } | { kind: 'removed'; label: string } | { kind: 'more'; count: number };

/**
 * One change since the previous edition, as facts (the realize stage words
 * them): what changed, in which direction, and the item concerned.
 */
export interface Change {
  kind: ChangeKind;
  /** Id of the judgment, figure, indicator or source concerned. */
  id: string;
  direction: 'up' | 'down' | 'new' | 'gone' | 'changed';
  /** The item's number in the edition it belongs to (the previous one for a dropped item). */
  number?: number;
  /** Edition the item and its number belong to. */
  editionId: string;
  /** The judgment's statement, the figure's or indicator's title, or the source's "publisher, title". */
  title: string;
  /** Likelihood and confidence before and after (judgments). */
  likelihood?: { from?: string; to: string };
  confidence?: { from?: string; to: string };
  /** Indicator values before and after, and their unit. */
  value?: { from?: Quantity; to: Quantity; unit: string; note?: string };
  /** A new source's grade. */
  grade?: string;
  /** Figure data changes, largest first. */
  data: DataChange[];
  /** The analyst's note from edition.yaml `changeNotes`, if any. */
  note?: string;
}

/** A figure's rows in both editions, for data comparison. */
export interface FigureRows {
  previous?: Row[];
  current?: Row[];
}

const confidenceRank = { low: 0, moderate: 1, high: 2 } as const;
const order: ChangeKind[] = [
  'judgment-added',
  'likelihood-up',
  'likelihood-down',
  'confidence-up',
  'confidence-down',
  'judgment-dropped',
  'indicator',
  'figure-added',
  'figure-data',
  'figure-dropped',
  'source-added',
];

/** Compares two editions of a series; `rows` gives each figure's data in both. */
export function compareEditions(previous: Brief, current: Brief, rows: Map<string, FigureRows> = new Map()): Change[] {
  const notes = current.edition.changeNotes;
  const out: Change[] = [];
  const now = current.edition.id;
  const prevJ = new Map(previous.judgments.map((j) => [j.id, j]));
  const curJ = new Map(current.judgments.map((j) => [j.id, j]));
  for (const j of current.judgments) {
    const p = prevJ.get(j.id);
    const base = { id: j.id, number: j.number, editionId: now, title: j.statement, data: [], note: own(notes.judgments, j.id) };
    if (!p) {
      out.push({ ...base, kind: 'judgment-added', direction: 'new', likelihood: { to: j.likelihood }, confidence: { to: j.confidence } });
      continue;
    }
    const moved = j.likelihoodRank !== p.likelihoodRank;
    const confMoved = j.confidence !== p.confidence;
    if (!moved && !confMoved) continue;
    // One item per judgment, even when both its likelihood and its confidence moved.
    const likeUp = j.likelihoodRank > p.likelihoodRank;
    const confUp = confidenceRank[j.confidence] > confidenceRank[p.confidence];
    const kind: ChangeKind = moved ? (likeUp ? 'likelihood-up' : 'likelihood-down') : confUp ? 'confidence-up' : 'confidence-down';
    out.push({
      ...base,
      kind,
      direction: (moved ? likeUp : confUp) ? 'up' : 'down',
      ...(moved ? { likelihood: { from: p.likelihood, to: j.likelihood } } : {}),
      ...(confMoved ? { confidence: { from: p.confidence, to: j.confidence } } : {}),
    });
  }
  for (const p of previous.judgments) {
    if (!curJ.has(p.id))
      out.push({ kind: 'judgment-dropped', id: p.id, number: p.number, editionId: previous.edition.id, title: p.statement, direction: 'gone', data: [], note: own(notes.judgments, p.id) });
  }
  // Trend figures are regenerated every edition; their news is the indicator change below.
  const prevF = new Map(previous.figures.filter((f) => !f.spec).map((f) => [f.id, f]));
  const curF = new Set(current.figures.map((f) => f.id));
  for (const f of current.figures.filter((fig) => !fig.spec)) {
    const base = { id: f.id, number: f.number, editionId: now, title: f.title, note: own(notes.figures, f.id) };
    if (!prevF.has(f.id)) {
      out.push({ ...base, kind: 'figure-added', direction: 'new', data: [] });
      continue;
    }
    const r = rows.get(f.id);
    const data = r?.previous && r.current ? dataChanges(r.previous, r.current) : [];
    if (data.length > 0) out.push({ ...base, kind: 'figure-data', direction: 'changed', data });
  }
  for (const p of previous.figures.filter((f) => !f.spec)) {
    if (!curF.has(p.id)) out.push({ kind: 'figure-dropped', id: p.id, number: p.number, editionId: previous.edition.id, title: p.title, direction: 'gone', data: [], note: own(notes.figures, p.id) });
  }
  for (const ind of current.series.indicators) {
    const was = own(previous.edition.indicators, ind.id);
    const is = own(current.edition.indicators, ind.id);
    if (!is || (was && was.low === is.low && (was.high ?? was.low) === (is.high ?? is.low))) continue;
    const up = !was || (is.high ?? is.low) > (was.high ?? was.low);
    const q = (v: { low: number; high?: number }): Quantity => ({ low: v.low, ...(v.high !== undefined && v.high !== v.low ? { high: v.high } : {}) });
    out.push({
      kind: 'indicator',
      id: ind.id,
      editionId: now,
      title: ind.title,
      direction: was ? (up ? 'up' : 'down') : 'new',
      value: { ...(was ? { from: q(was) } : {}), to: q(is), unit: ind.unit, ...(is.note ? { note: is.note } : {}) },
      data: [],
    });
  }
  const prevS = new Set(previous.sources.map((s) => s.id));
  for (const s of current.sources) {
    if (!prevS.has(s.id))
      out.push({ kind: 'source-added', id: s.id, number: s.number, editionId: now, title: `${s.publisher}, ${s.title}`, grade: s.grade, direction: 'new', data: [], note: own(notes.sources, s.id) });
  }
  return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/**
 * Row-level differences between two versions of a dataset: rows are matched on
 * their non-numeric fields (other than "source"); the largest relative changes
 * of numbers come first, then rows added and removed. At most `limit` entries,
 * then how many more.
 */
export function dataChanges(previous: Row[], current: Row[], limit = 3): DataChange[] {
  const numeric = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const textFields = (r: Row) => Object.entries(r).filter(([k, v]) => !numeric(v) && !(v instanceof Date) && !['source', 'sources', 'label'].includes(k));
  const keyOf = (r: Row) =>
    textFields(r)
      .map(([, v]) => String(v))
      .join(' · ') ||
    Object.entries(r)
      .filter(([, v]) => v instanceof Date)
      .map(([, v]) => (v as Date).toISOString().slice(0, 10))
      .join(' · ');
  // Rows are shown by their most descriptive (longest) text field rather than the whole key.
  const shown = new Map<string, string>();
  for (const r of [...previous, ...current]) {
    const longest = textFields(r)
      .map(([, v]) => String(v))
      .sort((a, b) => b.length - a.length)[0];
    shown.set(keyOf(r), longest ?? keyOf(r));
  }
  const prev = new Map(previous.map((r) => [keyOf(r), r]));
  const cur = new Map(current.map((r) => [keyOf(r), r]));
  const moves: { rel: number; change: DataChange }[] = [];
  for (const [key, r] of cur) {
    const p = prev.get(key);
    if (!p) continue;
    for (const [field, v] of Object.entries(r)) {
      const old = p[field];
      if (!numeric(v) || !numeric(old) || v === old) continue;
      const rel = Math.abs(((v as number) - (old as number)) / ((old as number) || 1));
      moves.push({ rel, change: { kind: 'moved', label: shown.get(key)!, field, from: old as number, to: v as number } });
    }
  }
  moves.sort((a, b) => b.rel - a.rel);
  const added = [...cur.keys()].filter((k) => !prev.has(k)).map((k): DataChange => ({ kind: 'added', label: shown.get(k)! }));
  const removed = [...prev.keys()].filter((k) => !cur.has(k)).map((k): DataChange => ({ kind: 'removed', label: shown.get(k)! }));
  const all = [...moves.map((m) => m.change), ...added, ...removed];
  return all.length > limit ? [...all.slice(0, limit), { kind: 'more', count: all.length - limit }] : all;
}
