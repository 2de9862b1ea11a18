/**
 * Every sentence Briefsmith itself writes into a product (changes, footers, page
 * labels, copy lines, the meanings of confidence levels and source grades), in
 * one place, so the deck, the memo, the preview and the Word memo say the same
 * thing the same way. Node templates arrange these words; emitters never write any.
 */
import { likelihoodRanges, normalizeLikelihood, type Confidence } from '../2-validate/estimative.js';
import type { Change, DataChange, Quantity, KeyPart } from '../3-editions/compare-editions.js';
import { formatDate, formatNumber } from '../5-template/helpers.js';

/** What each confidence level means, for the estimative-language box. */
export const confidenceMeanings: Record<Confidence, string> = {
  high: 'well-corroborated information from proven sources; the judgment could still be wrong',
  moderate: 'credibly sourced and plausible, but not corroborated enough for high confidence',
  low: 'questionable or fragmentary information, or significant concerns about the sources',
};

/** Admiralty reliability meanings (STANAG 2511). */
export const reliabilityMeanings: Record<string, string> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};

/** Admiralty credibility meanings (STANAG 2511). */
export const credibilityMeanings: Record<number, string> = {
  1: 'confirmed by other sources',
  2: 'probably true',
  3: 'possibly true',
  4: 'doubtful',
  5: 'improbable',
  6: 'truth cannot be judged',
};

/** The opening of the estimative-language box. */
export const estimativeIntro =
  'Likelihood terms (ICD 203) express the probability of an event; confidence expresses the quality of the sources and reasoning behind a judgment. Terms used in this product are in bold.';

/** "55–80%": a likelihood term's ICD 203 probability range. */
export function likelihoodRange(term: string): string {
  const r = likelihoodRanges[normalizeLikelihood(term).canonical];
  return r ? `${r[0]}–${r[1]}%` : '';
}

/** The portion mark that opens a paragraph, e.g. "(U) ". */
export function portionMark(mark: string): string {
  return `(${mark}) `;
}

/** A citation of source numbers, e.g. "[2, 4]". */
export function citation(numbers: (number | undefined)[]): string {
  return `[${numbers.map((n) => n ?? '?').join(', ')}]`;
}

/** A figure's name, e.g. "Figure 3". */
export function figureLabel(n: number): string {
  return `Figure ${n}`;
}

/** The opening of a table's caption, e.g. "Table 1. ". */
export function tableCaption(n: number): string {
  return `Table ${n}. `;
}

/** The left footer of every page and slide. */
export function footerText(seriesShortTitle: string, editionId: string, date: string, locale: string): string {
  return `${seriesShortTitle} · Edition ${editionId} · ${formatDate(date, locale)}`;
}

/** The page label, with {page} and {pages} filled in by the layout. */
export const pageLabel = 'Page {page} of {pages}';

/** The copy line on every page of a numbered copy, e.g. "Copy 3 of 12 — Jane Doe, Ministry of Defence". */
export function copyLine(c: { number: number; total: number; name: string; organisation: string }): string {
  return `Copy ${c.number} of ${c.total} — ${c.name}, ${c.organisation}`;
}

/** A figure's source line from the sources it cites, e.g. "Sources: The Guardian (November 2022) [1]; AFP (2023) [3]." */
export function figureSourceLine(sources: { publisher: string; date?: string; number: number }[], locale: string): string {
  const named = sources.map((s) => `${s.publisher}${s.date ? ` (${formatDate(s.date, locale)})` : ''} [${s.number}]`);
  return `Source${named.length > 1 ? 's' : ''}: ${named.join('; ')}.`;
}

/**
 * A unit as it reads after a number: singular after exactly one ("1 ship", "1 tanker a day"), else as written
 * (units are written in the plural). Only the first word is made singular, and only a regular English plural.
 */
export function unitAfter(value: number | { low: number; high?: number }, unit: string): string {
  const one = typeof value === 'number' ? value === 1 : value.low === 1 && (value.high === undefined || value.high === 1);
  if (!one) return unit;
  return unit.replace(/^([A-Za-z]+)(?=$|\s)/, (w) => {
    if (/ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
    if (/(?:ches|shes|sses|xes|zes)$/.test(w)) return w.slice(0, -2);
    if (w.length > 3 && /[^su]s$/.test(w) && !/is$/.test(w)) return w.slice(0, -1);
    return w;
  });
}

/** An indicator's latest value, e.g. "Latest estimate (2024-W11): 1 ship." (a trend's takeaway, or the sentence that stands for a trend of one value). */
export function latestEstimate(edition: string, label: string, unit: string, value: { low: number; high?: number }): string {
  return `Latest estimate (${edition}): ${label} ${unitAfter(value, unit)}.`;
}

/** The sentence shown where there are no changes to list. */
export function noChanges(since: string | undefined): string {
  return since ? `No changes to judgments, sources or figure data since edition ${since}.` : 'This is the first edition of the series.';
}

/** The sentence that introduces the list of changes. */
export function changesIntro(since: string): string {
  return `Since edition ${since}, computed from the two editions' data:`;
}

/** A change as a reader reads it: a label for its direction, a headline, the item concerned, details. */
export interface ChangeWords {
  /** NEW, UP, DOWN, DROPPED or CHANGED. */
  label: string;
  headline: string;
  subject: string;
  /** A reworded statement as struck and inserted words (empty when not reworded); shown instead of `subject`. */
  reworded: { text: string; strike: boolean; inserted: boolean }[];
  details: string[];
  note?: string;
}

const labels: Record<Change['direction'], string> = { new: 'NEW', up: 'UP', down: 'DOWN', gone: 'DROPPED', changed: 'CHANGED' };

/** Words for one change; the label says the direction once, so the headline never repeats it. */
export function changeWords(c: Change, locale: string): ChangeWords {
  const num = (n: number) => formatNumber(n, locale);
  const qty = (q: Quantity) => (q.high !== undefined ? `${num(q.low)}–${num(q.high)}` : num(q.low));
  const label = labels[c.direction];
  const reworded = (c.reworded ?? []).map((p) => ({ text: p.text, strike: !!p.removed, inserted: !!p.added }));
  const e = c.evidence;
  const evidence = e ? [`evidence: ${[e.added ? `${e.added} new` : '', e.revised ? `${e.revised} revised` : '', e.removed ? `${e.removed} removed` : ''].filter(Boolean).join(', ')}`] : [];
  const base = { label, subject: c.title, reworded, details: evidence, ...(c.note ? { note: c.note } : {}) };
  switch (c.kind) {
    case 'judgment-added':
      return { ...base, headline: `Judgment ${c.number} (${c.likelihood?.to}; ${c.confidence?.to} confidence)` };
    case 'likelihood-up':
    case 'likelihood-down':
    case 'confidence-up':
    case 'confidence-down': {
      const parts = [
        ...(c.likelihood?.from ? [`moved from ${c.likelihood.from} to ${c.likelihood.to}`] : []),
        ...(c.confidence?.from ? [`confidence ${rankUp(c.confidence.from, c.confidence.to) ? 'rose' : 'fell'} from ${c.confidence.from} to ${c.confidence.to}`] : []),
      ];
      // "Judgment 1 moved from likely to very likely; confidence rose …", or "Confidence in judgment 6 rose …".
      return { ...base, headline: c.likelihood?.from ? `Judgment ${c.number} ${parts.join('; ')}` : `Confidence in judgment ${c.number} ${parts[0]!.replace(/^confidence /, '')}` };
    }
    case 'judgment-reworded':
      return { ...base, headline: c.reworded ? `Judgment ${c.number} reworded` : `Judgment ${c.number}: its evidence changed` };
    case 'judgment-dropped':
      return { ...base, headline: `Judgment ${c.number} of ${c.editionId}` };
    case 'figure-added':
      return { ...base, headline: `Figure ${c.number}` };
    case 'figure-dropped':
      return { ...base, headline: `Figure ${c.number} of ${c.editionId}` };
    case 'figure-data':
      return { ...base, headline: `Figure ${c.number}: its data changed`, details: c.data.map((d) => dataWords(d, num, locale)) };
    case 'indicator': {
      const v = c.value!;
      return { ...base, headline: `${c.title}: ${v.from ? `${qty(v.from)} → ` : 'first value, '}${qty(v.to)} ${unitAfter(v.to, v.unit)}`, subject: v.note ?? '' };
    }
    case 'source-added':
      return { ...base, headline: `Source [${c.number}], graded ${c.grade}` };
    case 'source-dropped':
      return { ...base, headline: `Source [${c.number}] of ${c.editionId}, no longer cited` };
    default: {
      const never: never = c.kind;
      throw new Error(`unknown change ${String(never)}`);
    }
  }
}

const confidenceRank: Record<string, number> = { low: 0, moderate: 1, high: 2 };
const rankUp = (from: string, to: string) => (confidenceRank[to] ?? 0) > (confidenceRank[from] ?? 0);

function dataWords(d: DataChange, num: (n: number) => string, locale: string): string {
  const name = (parts: KeyPart[]) => parts.map((p) => (p.date ? formatDate(p.text.endsWith('-01') ? p.text.slice(0, 7) : p.text, locale) : p.text)).join(' · ');
  switch (d.kind) {
    case 'moved':
      return `${name(d.label)}: ${d.field} ${num(d.from)} → ${num(d.to)}`;
    case 'added':
    case 'removed':
      return `${d.kind}: ${name(d.label)}${d.span ? `, ${d.span.count} values, ${name([d.span.first])} – ${name([d.span.last])}` : ''}`;
    case 'more':
      return `and ${d.count} more`;
    default: {
      const never: never = d;
      throw new Error(`unknown data change ${String(never)}`);
    }
  }
}

/** A source's grade in words, e.g. "B2 (usually reliable; probably true)". */
export function gradeWords(reliability: string, credibility: number): { reliability: string; credibility: string } {
  return { reliability: reliabilityMeanings[reliability] ?? reliability, credibility: credibilityMeanings[credibility] ?? String(credibility) };
}
