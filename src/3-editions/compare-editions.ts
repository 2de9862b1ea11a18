/**
 * What changed since the previous edition, computed from the data: judgments
 * added, dropped or reworded (a word diff), likelihood and confidence moving up
 * or down, sources added and dropped, and figures whose data changed, in the
 * figure's own terms (largest changes first). Both editions are compared as the
 * reader sees them: an item withheld from them now is not "dropped".
 */
import { diffWords } from 'diff';
import { own } from '../util/own.js';
import type { Brief, Judgment } from '../2-validate/brief.js';
import type { Withheld } from '../2-validate/release.js';
/** A row of a figure's data. */
type Row = Record<string, unknown>;

/** The kinds of change, in the order a reader wants them. */
export type ChangeKind =
  | 'judgment-added'
  | 'likelihood-up'
  | 'likelihood-down'
  | 'confidence-up'
  | 'confidence-down'
  | 'judgment-reworded'
  | 'judgment-dropped'
  | 'figure-added'
  | 'figure-data'
  | 'figure-dropped'
  | 'indicator'
  | 'source-added'
  | 'source-dropped';

/** A number, or a range when `high` differs from `low`. */
export interface Quantity {
  low: number;
  high?: number;
}

/** A value that names a row of a figure's data (a category, a series, a date). */
export interface KeyPart {
  text: string;
  /** An ISO date (YYYY-MM-DD), worded in the series' locale. */
  date?: boolean;
}

/** One change in a figure's data, by the row's categories: a value that moved, a row added or removed. */
export type DataChange =
  | { kind: 'moved'; label: KeyPart[]; field: string; from: number; to: number }
  | { kind: 'added' | 'removed'; label: KeyPart[]; span?: { count: number; first: KeyPart; last: KeyPart } }
  | { kind: 'more'; count: number };

/** How a figure's rows are told apart and what they measure, from its spec's encodings. */
export interface DataModel {
  /** Fields that name a row (categories, series, dates), in encoding order; a printed `label` names rows only when the others cannot. */
  keys: { field: string; temporal: boolean; label?: boolean }[];
  /** Fields that hold its numbers, with the spec's title for each. */
  values: { field: string; title: string }[];
}

/** A piece of a word diff: text kept, removed or added. */
export interface DiffPart {
  text: string;
  removed?: boolean;
  added?: boolean;
}

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
  /** A reworded judgment's statement, as a word diff from the previous edition's. */
  reworded?: DiffPart[];
  /** How many of a judgment's evidence items were added, revised (similar wording) or removed. */
  evidence?: { added: number; revised: number; removed: number };
  /** The analyst's note from edition.yaml `changeNotes`, if any. */
  note?: string;
}

/** A figure's rows in both editions, for data comparison. */
export interface FigureRows {
  previous?: Row[];
  current?: Row[];
  /** How the current figure's rows are told apart (from its spec); without one, by their text fields. */
  model?: DataModel;
}

const confidenceRank = { low: 0, moderate: 1, high: 2 } as const;
const order: ChangeKind[] = [
  'judgment-added',
  'likelihood-up',
  'likelihood-down',
  'confidence-up',
  'confidence-down',
  'judgment-reworded',
  'judgment-dropped',
  'indicator',
  'figure-added',
  'figure-data',
  'figure-dropped',
  'source-added',
  'source-dropped',
];

const nothingWithheld: Withheld = { judgments: new Set(), figures: new Set(), sources: new Set(), indicators: new Set(), rows: [] };

/**
 * Compares two editions of a series as one reader sees them; `rows` gives each figure's data in both, `withheld`
 * what the current edition keeps from this reader (not reported as dropped, and never named).
 */
export function compareEditions(previous: Brief, current: Brief, rows: Map<string, FigureRows> = new Map(), withheld: Withheld = nothingWithheld): Change[] {
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
    const words = rewording(p, j);
    if (!moved && !confMoved && !words) continue;
    // One item per judgment, even when its likelihood and its confidence moved and it was reworded.
    const likeUp = j.likelihoodRank > p.likelihoodRank;
    const confUp = confidenceRank[j.confidence] > confidenceRank[p.confidence];
    const kind: ChangeKind = moved ? (likeUp ? 'likelihood-up' : 'likelihood-down') : confMoved ? (confUp ? 'confidence-up' : 'confidence-down') : 'judgment-reworded';
    out.push({
      ...base,
      kind,
      direction: kind === 'judgment-reworded' ? 'changed' : (moved ? likeUp : confUp) ? 'up' : 'down',
      ...(moved ? { likelihood: { from: p.likelihood, to: j.likelihood } } : {}),
      ...(confMoved ? { confidence: { from: p.confidence, to: j.confidence } } : {}),
      ...words,
    });
  }
  for (const p of previous.judgments) {
    if (!curJ.has(p.id) && !withheld.judgments.has(p.id))
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
    const data = r?.previous && r.current ? dataChanges(r.previous, r.current, r.model, 3, withheld.rows) : [];
    if (data.length > 0) out.push({ ...base, kind: 'figure-data', direction: 'changed', data });
  }
  for (const p of previous.figures.filter((f) => !f.spec)) {
    if (!curF.has(p.id) && !withheld.figures.has(p.id))
      out.push({ kind: 'figure-dropped', id: p.id, number: p.number, editionId: previous.edition.id, title: p.title, direction: 'gone', data: [], note: own(notes.figures, p.id) });
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
  const curS = new Set(current.sources.map((s) => s.id));
  for (const s of current.sources) {
    if (!prevS.has(s.id))
      out.push({ kind: 'source-added', id: s.id, number: s.number, editionId: now, title: `${s.publisher}, ${s.title}`, grade: s.grade, direction: 'new', data: [], note: own(notes.sources, s.id) });
  }
  // A source the reader saw last time that nothing cites now; one cited only by what is withheld from them is not news to tell.
  for (const s of previous.sources) {
    if (!curS.has(s.id) && !withheld.sources.has(s.id))
      out.push({
        kind: 'source-dropped',
        id: s.id,
        number: s.number,
        editionId: previous.edition.id,
        title: `${s.publisher}, ${s.title}`,
        grade: s.grade,
        direction: 'gone',
        data: [],
        note: own(notes.sources, s.id),
      });
  }
  return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** What reworded a judgment: its statement's word diff, and evidence added or removed (by text); undefined when nothing did. */
function rewording(previous: Judgment, current: Judgment): Pick<Change, 'reworded' | 'evidence'> | undefined {
  const out: Pick<Change, 'reworded' | 'evidence'> = {};
  if (squash(previous.statement) !== squash(current.statement)) {
    out.reworded = [];
    for (const p of diffWords(squash(previous.statement), squash(current.statement))) {
      const last = out.reworded.at(-1);
      // Struck words and the words put in their place, with a space between: "~~would sustain~~ _sustains_".
      if (last?.removed && p.added && !/\s$/.test(last.text) && !/^\s/.test(p.value)) out.reworded.push({ text: ' ' });
      out.reworded.push({ text: p.value, ...(p.removed ? { removed: true } : {}), ...(p.added ? { added: true } : {}) });
    }
  }
  const before = new Set(previous.evidence.map((e) => squash(e.text)));
  const after = new Set(current.evidence.map((e) => squash(e.text)));
  const added = [...after].filter((t) => !before.has(t));
  const removed = [...before].filter((t) => !after.has(t));
  // An item whose words mostly stayed is a revision, not one removed and another added.
  let revised = 0;
  for (const a of [...added]) {
    const i = removed.findIndex((r) => similarity(r, a) >= 0.5);
    if (i < 0) continue;
    removed.splice(i, 1);
    added.splice(added.indexOf(a), 1);
    revised++;
  }
  if (added.length || removed.length || revised) out.evidence = { added: added.length, revised, removed: removed.length };
  return out.reworded || out.evidence ? out : undefined;
}

/** Share of words two texts have in common (Dice's coefficient on word sets). */
function similarity(a: string, b: string): number {
  const wa = new Set(a.toLowerCase().split(/\W+/).filter(Boolean));
  const wb = new Set(b.toLowerCase().split(/\W+/).filter(Boolean));
  const common = [...wa].filter((w) => wb.has(w)).length;
  return (2 * common) / (wa.size + wb.size || 1);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Differences between two versions of a figure's data, in the figure's own terms: rows are told apart by the
 * fields its encodings use as categories, series and dates (never by position, so reordering rows changes
 * nothing), and compared on the fields they measure, with the spec's titles. Rows sharing a key are summed (what
 * a stacked or aggregated chart shows). The largest relative moves come first, then rows added and removed; at most
 * `limit` entries, then how many more.
 */
export function dataChanges(previous: Row[], current: Row[], spec: DataModel = modelFromRows([...previous, ...current]), limit = 3, withheldNow: readonly Row[] = []): DataChange[] {
  // Fields a transform makes (a computed label) are not in the rows, and cannot tell them apart.
  const present = (field: string) => previous.some((r) => field in r) || current.some((r) => field in r);
  const keys = spec.keys.filter((k) => present(k.field));
  const plain = keys.filter((k) => !k.label);
  const unique = (rows: Row[]) => new Set(rows.map((r) => plain.map((k) => String(r[k.field])).join('\u0000'))).size === rows.length;
  // A printed label (often the value itself, "1.7M") names rows only when categories and dates cannot tell them apart.
  const model = { keys: plain.length > 0 && unique(previous) && unique(current) ? plain : keys, values: spec.values.filter((v) => present(v.field)) };
  const label = (r: Row): KeyPart[] => model.keys.map((k) => keyPart(r[k.field], k.temporal));
  const keyOf = (parts: KeyPart[]) => parts.map((p) => p.text).join('\u0000');
  const group = (rows: Row[]) => {
    const out = new Map<string, { label: KeyPart[]; sums: Map<string, number> }>();
    for (const r of rows) {
      const parts = label(r);
      const key = keyOf(parts);
      const g = out.get(key) ?? { label: parts, sums: new Map<string, number>() };
      for (const v of model.values) {
        const n = r[v.field];
        if (typeof n === 'number' && Number.isFinite(n)) g.sums.set(v.field, (g.sums.get(v.field) ?? 0) + n);
      }
      out.set(key, g);
    }
    return out;
  };
  const prev = group(previous);
  const cur = group(current);
  // A row withheld from this reader now is not news of a row removed.
  for (const r of withheldNow) prev.delete(keyOf(label(r)));
  const moves: { rel: number; change: DataChange }[] = [];
  for (const [key, g] of cur) {
    const p = prev.get(key);
    if (!p) continue;
    const seen = new Set<string>();
    for (const v of model.values) {
      const to = g.sums.get(v.field);
      const from = p.sums.get(v.field);
      if (to === undefined || from === undefined || Math.abs(to - from) <= 1e-9 * Math.max(1, Math.abs(from))) continue;
      // A range whose two ends are one number (low = high) moved once, not twice.
      if (seen.has(`${from}→${to}`)) continue;
      seen.add(`${from}→${to}`);
      moves.push({ rel: Math.abs((to - from) / (from || 1)), change: { kind: 'moved', label: g.label, field: v.title, from: round(from), to: round(to) } });
    }
  }
  moves.sort((a, b) => b.rel - a.rel);
  const added = spans(
    'added',
    [...cur].filter(([k]) => !prev.has(k)).map(([, g]) => g.label),
  );
  const removed = spans(
    'removed',
    [...prev].filter(([k]) => !cur.has(k)).map(([, g]) => g.label),
  );
  const all = [...moves.map((m) => m.change), ...added, ...removed];
  return all.length > limit ? [...all.slice(0, limit), { kind: 'more', count: all.length - limit }] : all;
}

/** Rows added or removed, those of one series over several dates told as one entry ("Power cable, 35 values, Sep 2022 – Jan 2025"). */
function spans(kind: 'added' | 'removed', labels: KeyPart[][]): DataChange[] {
  const groups = new Map<string, KeyPart[][]>();
  for (const l of labels) {
    const key = l
      .filter((p) => !p.date)
      .map((p) => p.text)
      .join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  return [...groups.values()].flatMap((g): DataChange[] => {
    const dates = g.map((l) => l.find((p) => p.date)).filter((p): p is KeyPart => !!p);
    if (g.length < 2 || dates.length < g.length || g[0]!.every((p) => p.date)) return g.map((label) => ({ kind, label }));
    dates.sort((a, b) => a.text.localeCompare(b.text));
    return [{ kind, label: g[0]!.filter((p) => !p.date), span: { count: g.length, first: dates[0]!, last: dates.at(-1)! } }];
  });
}

/** Sums of decimals drift (0.1 + 0.2); values are shown as the data has them. */
const round = (n: number) => Math.round(n * 1e9) / 1e9;

/** A row's value as the name of the row: dates as ISO days, whether they came as text, Date or a timestamp. */
function keyPart(v: unknown, temporal: boolean): KeyPart {
  if (v instanceof Date || (temporal && typeof v === 'number')) {
    const d = new Date(v as Date | number);
    if (!Number.isNaN(d.getTime())) return { text: d.toISOString().slice(0, 10), date: true };
  }
  if (temporal && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return { text: v.slice(0, 10), date: true };
  return { text: v === undefined || v === null ? '–' : String(v) };
}

/** Without a spec: rows named by their text and date fields, measured by their numbers (sources and labels aside). */
function modelFromRows(rows: Row[]): DataModel {
  const fields = new Map<string, 'number' | 'text' | 'date'>();
  for (const r of rows)
    for (const [k, v] of Object.entries(r)) {
      if (['source', 'sources', 'label', 'note'].includes(k) || fields.get(k) === 'text') continue;
      fields.set(k, v instanceof Date ? 'date' : typeof v === 'number' ? (fields.get(k) ?? 'number') : 'text');
    }
  return {
    keys: [...fields].filter(([, t]) => t !== 'number').map(([field, t]) => ({ field, temporal: t === 'date' })),
    values: [...fields].filter(([, t]) => t === 'number').map(([field]) => ({ field, title: field })),
  };
}
