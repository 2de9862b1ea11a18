/**
 * What changed since the previous edition, computed from the data: judgments
 * added and dropped, likelihood and confidence moving up or down, new sources,
 * and figures whose data changed (with the largest changes first).
 */
import type { Brief } from '../2-validate/brief.js';
import type { Row } from '../4-charts/chart-data.js';

/** The kinds of change, in the order a reader wants them. */
export type ChangeKind =
  | 'judgment-added'
  | 'likelihood-up'
  | 'likelihood-down'
  | 'confidence-up'
  | 'confidence-down'
  | 'judgment-dropped'
  | 'figure-added'
  | 'figure-data'
  | 'figure-dropped'
  | 'indicator'
  | 'source-added';

/** One change since the previous edition. */
export interface Change {
  kind: ChangeKind;
  /** Id of the judgment, figure or source concerned. */
  id: string;
  /** One line for the reader, e.g. "Judgment 1 moved from very likely to almost certain". */
  text: string;
  /** The statement, figure title or source title the change is about. */
  subject: string;
  /** Extra facts, e.g. the largest data changes of a figure. */
  details: string[];
  /** The analyst's note from edition.yaml `changeNotes`, if any. */
  note?: string;
  direction: 'up' | 'down' | 'new' | 'gone' | 'changed';
}

/** A figure's rows in both editions, for data comparison. */
export interface FigureRows {
  previous?: Row[];
  current?: Row[];
}

const confidenceRank = { low: 0, moderate: 1, high: 2 } as const;
const order: ChangeKind[] = ['judgment-added', 'likelihood-up', 'likelihood-down', 'confidence-up', 'confidence-down', 'judgment-dropped', 'indicator', 'figure-added', 'figure-data', 'figure-dropped', 'source-added'];

/** Compares two editions of a series; `rows` gives each figure's data in both. */
export function compareEditions(previous: Brief, current: Brief, rows: Map<string, FigureRows> = new Map()): Change[] {
  const notes = current.edition.changeNotes;
  const out: Change[] = [];
  const prevJ = new Map(previous.judgments.map((j) => [j.id, j]));
  const curJ = new Map(current.judgments.map((j) => [j.id, j]));
  for (const j of current.judgments) {
    const p = prevJ.get(j.id);
    const note = notes.judgments[j.id];
    if (!p) {
      out.push({ kind: 'judgment-added', id: j.id, text: `New judgment ${j.number} (${j.likelihood}; ${j.confidence} confidence)`, subject: j.statement, details: [], note, direction: 'new' });
      continue;
    }
    const moved = j.likelihoodRank !== p.likelihoodRank;
    const confMoved = j.confidence !== p.confidence;
    if (moved || confMoved) {
      // One item per judgment, even when both its likelihood and its confidence moved.
      const likeUp = j.likelihoodRank > p.likelihoodRank;
      const confUp = confidenceRank[j.confidence] > confidenceRank[p.confidence];
      const parts = [
        ...(moved ? [`moved from ${p.likelihood} to ${j.likelihood}`] : []),
        ...(confMoved ? [`${moved ? 'confidence' : 'confidence in it'} ${confUp ? 'rose' : 'fell'} from ${p.confidence} to ${j.confidence}`] : []),
      ];
      const up = moved ? likeUp : confUp;
      const kind: ChangeKind = moved ? (likeUp ? 'likelihood-up' : 'likelihood-down') : confUp ? 'confidence-up' : 'confidence-down';
      out.push({ kind, id: j.id, text: `Judgment ${j.number} ${parts.join('; ')}`, subject: j.statement, details: [], note, direction: up ? 'up' : 'down' });
    }
  }
  for (const p of previous.judgments) {
    if (!curJ.has(p.id)) out.push({ kind: 'judgment-dropped', id: p.id, text: `Dropped: judgment ${p.number} of ${previous.edition.id}`, subject: p.statement, details: [], note: notes.judgments[p.id], direction: 'gone' });
  }
  // Trend figures are regenerated every edition; their news is the indicator change below.
  const prevF = new Map(previous.figures.filter((f) => !f.spec).map((f) => [f.id, f]));
  const curF = new Set(current.figures.map((f) => f.id));
  for (const f of current.figures.filter((fig) => !fig.spec)) {
    const note = notes.figures[f.id];
    if (!prevF.has(f.id)) {
      out.push({ kind: 'figure-added', id: f.id, text: `New figure ${f.number}`, subject: f.title, details: [], note, direction: 'new' });
      continue;
    }
    const r = rows.get(f.id);
    const details = r?.previous && r.current ? dataChanges(r.previous, r.current) : [];
    if (details.length > 0) out.push({ kind: 'figure-data', id: f.id, text: `Figure ${f.number}: data changed`, subject: f.title, details, note, direction: 'changed' });
  }
  for (const p of previous.figures) {
    if (!curF.has(p.id)) out.push({ kind: 'figure-dropped', id: p.id, text: `Figure dropped`, subject: p.title, details: [], note: notes.figures[p.id], direction: 'gone' });
  }
  for (const ind of current.series.indicators) {
    const was = previous.edition.indicators[ind.id];
    const now = current.edition.indicators[ind.id];
    if (!now || (was && was.low === now.low && (was.high ?? was.low) === (now.high ?? now.low))) continue;
    const show = (v: { low: number; high?: number }) => (v.high !== undefined && v.high !== v.low ? `${fmt(v.low)}–${fmt(v.high)}` : fmt(v.low));
    const up = !was || (now.high ?? now.low) > (was.high ?? was.low);
    out.push({ kind: 'indicator', id: ind.id, text: `${ind.title}: ${was ? `${show(was)} → ` : 'first value, '}${show(now)} ${ind.unit}`, subject: now.note ?? '', details: [], direction: was ? (up ? 'up' : 'down') : 'new' });
  }
  const prevS = new Set(previous.sources.map((s) => s.id));
  for (const s of current.sources) {
    if (!prevS.has(s.id)) out.push({ kind: 'source-added', id: s.id, text: `New source [${s.number}] graded ${s.grade}`, subject: `${s.publisher}, ${s.title}`, details: [], note: notes.sources[s.id], direction: 'new' });
  }
  return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/**
 * Row-level differences between two versions of a dataset: rows are matched on
 * their non-numeric fields (other than "source"); the largest relative changes
 * of numbers come first, then rows added and removed. At most `limit` lines.
 */
export function dataChanges(previous: Row[], current: Row[], limit = 3): string[] {
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
    const longest = textFields(r).map(([, v]) => String(v)).sort((a, b) => b.length - a.length)[0];
    shown.set(keyOf(r), longest ?? keyOf(r));
  }
  const prev = new Map(previous.map((r) => [keyOf(r), r]));
  const cur = new Map(current.map((r) => [keyOf(r), r]));
  const moves: { rel: number; line: string }[] = [];
  for (const [key, r] of cur) {
    const p = prev.get(key);
    if (!p) continue;
    for (const [field, v] of Object.entries(r)) {
      const old = p[field];
      if (!numeric(v) || !numeric(old) || v === old) continue;
      const rel = Math.abs(((v as number) - (old as number)) / ((old as number) || 1));
      moves.push({ rel, line: `${shown.get(key)}: ${field} ${fmt(old as number)} → ${fmt(v as number)}` });
    }
  }
  moves.sort((a, b) => b.rel - a.rel);
  const added = [...cur.keys()].filter((k) => !prev.has(k)).map((k) => `added: ${shown.get(k)}`);
  const removed = [...prev.keys()].filter((k) => !cur.has(k)).map((k) => `removed: ${shown.get(k)}`);
  const lines = [...moves.map((m) => m.line), ...added, ...removed];
  return lines.length > limit ? [...lines.slice(0, limit), `and ${lines.length - limit} more`] : lines;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
