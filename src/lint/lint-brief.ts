/**
 * Tradecraft checks: the faults a senior reviewer red-pens in an analytic
 * product (see BRIEF-CONVENTIONS: ICD 203 estimative language, sourcing,
 * numbers, markings). Each finding is a warning with a rule id and a fix; a
 * series can switch rules off (`lint.disable`), an item with `lintIgnore`.
 */
import { DiagnosticSink, type Position } from '../diagnostics/diagnostic.js';
import { alternativeTerms, likelihoodTerms } from '../2-validate/estimative.js';
import type { Brief, Judgment, Source } from '../2-validate/brief.js';
import { citedSourceIds } from '../2-validate/cited-sources.js';
import type { BriefDocument } from '../6-document/types.js';
import type { Row } from '../4-charts/chart-data.js';

/** Every rule, with what it checks and how to fix it (the README's table is made from the same words). */
export const lintRules = {
  'estimative/non-icd-term': {
    what: 'a likelihood word in free text that is not an ICD 203 term',
    fix: "use one of the seven ICD 203 terms, or state the fact and put the estimate in the judgment's likelihood",
  },
  'estimative/mixed-term-sets': { what: 'both ICD 203 term sets ("likely" and "probable") in one product', fix: 'use one term set throughout' },
  'estimative/likelihood-with-confidence': {
    what: 'a likelihood term and a confidence level in the same sentence',
    fix: 'split the sentence: likelihood describes the event, confidence the evidence',
  },
  'sourcing/weak-sources': { what: 'a judgment whose evidence rests only on sources graded E/F or 5/6', fix: 'add better-graded reporting or lower the confidence' },
  'sourcing/uncited-source': { what: 'a source cited nowhere', fix: 'cite it from evidence or a figure, or remove it' },
  'sourcing/undated-source': { what: 'a source with no date', fix: 'add its date (YYYY, YYYY-MM or YYYY-MM-DD)' },
  'sourcing/stale': { what: 'a judgment whose newest source is older than lint.maxSourceAgeDays', fix: 'add recent reporting, or say why the judgment still stands' },
  'numbers/contradicts-data': {
    what: "a number in the text that is not in the figure data it quotes (the figure's takeaway and points, and evidence citing one of its sources)",
    fix: 'correct the number, or the figure data',
  },
  'markings/portion-missing': { what: 'a memo paragraph without a portion mark when the series requires them', fix: 'add portion="…" to the template paragraph' },
  'markings/portion-above-banner': { what: 'a portion marked higher than the overall banner', fix: 'raise the banner or lower the portion' },
} as const;

/** A rule id. */
export type LintRule = keyof typeof lintRules;

/** Inputs of the tradecraft checks. */
export interface LintInputs {
  brief: Brief;
  document: BriefDocument;
  /** Each figure's data rows, for the numbers rule. */
  rows: Map<string, Row[] | undefined>;
}

const canonical = new Set<string>(likelihoodTerms);
const alternative = new Set(Object.keys(alternativeTerms));
const notIcd = ['probably', 'possibly', 'perhaps', 'conceivably', 'presumably', 'highly likely', 'most likely', 'more likely than not', 'could', 'might'];
const wordRe = (w: string) => new RegExp(`(?<![\\w-])${w.replace(/ /g, '\\s+')}(?![\\w-])`, 'i');

/** Runs every enabled rule; findings go to `sink` as warnings. */
export function lintBrief({ brief, document, rows }: LintInputs, sink: DiagnosticSink): void {
  const disabled = new Set(brief.series.lint.disable);
  // Why: one text can reach a check by two roads (a takeaway is free text and the figure's own), and a finding is shown once.
  const reported = new Set<string>();
  const report = (rule: LintRule, at: Position, message: string, ignore: string[] = []) => {
    if (disabled.has(rule) || ignore.includes(rule)) return;
    const key = `${at.file}\0${at.line}\0${at.column}\0${rule}\0${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    sink.warn(at, `${message} — ${lintRules[rule].fix}`, rule);
  };
  const texts = freeTexts(brief);

  // Estimative language.
  for (const t of texts) {
    for (const w of notIcd) {
      const m = wordRe(w).exec(t.text);
      if (m) report('estimative/non-icd-term', t.at, `"${m[0]}" is not an ICD 203 likelihood term`, t.ignore);
    }
    for (const sentence of t.text.split(/(?<=[.!?])\s+/)) {
      const term = [...canonical, ...alternative].sort((a, b) => b.length - a.length).find((x) => wordRe(x).test(sentence));
      const conf = /\b(high|moderate|low)\s+confidence\b/i.exec(sentence);
      if (term && conf) report('estimative/likelihood-with-confidence', t.at, `"${term}" and "${conf[0]}" in one sentence`, t.ignore);
    }
  }
  const used = { canonical: [] as { term: string; at: Position }[], alternative: [] as { term: string; at: Position }[] };
  for (const j of brief.judgments) (alternative.has(j.likelihood) ? used.alternative : used.canonical).push({ term: j.likelihood, at: j.position });
  for (const t of texts) {
    for (const a of alternative) if (wordRe(a).test(t.text)) used.alternative.push({ term: a, at: t.at });
  }
  if (used.canonical.length && used.alternative.length) {
    const first = used.alternative[0]!;
    report('estimative/mixed-term-sets', first.at, `"${first.term}" is from the other ICD 203 term set than "${used.canonical[0]!.term}"`);
  }

  // Sourcing.
  const byId = new Map(brief.sources.map((s) => [s.id, s]));
  const weak = (s: Source) => s.reliability === 'E' || s.reliability === 'F' || s.credibility >= 5;
  for (const j of brief.judgments) {
    const cited = j.evidence
      .flatMap((e) => e.sourceIds)
      .map((id) => byId.get(id))
      .filter((s): s is Source => !!s);
    if (cited.length && cited.every(weak))
      report('sourcing/weak-sources', j.position, `judgment ${j.number} rests only on sources graded ${[...new Set(cited.map((s) => s.grade))].join(', ')}`, j.lintIgnore);
    const newest = Math.max(...cited.map((s) => latestDate(s.date)).filter((d): d is number => d !== undefined));
    if (Number.isFinite(newest)) {
      const age = Math.floor((Date.parse(`${brief.edition.date}T00:00:00Z`) - newest) / 86_400_000);
      if (age > brief.series.lint.maxSourceAgeDays) report('sourcing/stale', j.position, `judgment ${j.number}'s newest source is ${age} days older than this edition`, j.lintIgnore);
    }
  }
  const citedIds = citedSourceIds(brief);
  for (const s of brief.sources) {
    if (!citedIds.has(s.id)) report('sourcing/uncited-source', s.position, `source "${s.id}" is cited nowhere`, s.lintIgnore);
    if (!s.date) report('sourcing/undated-source', s.position, `source "${s.id}" has no date`, s.lintIgnore);
  }

  // Numbers quoted from figure data. Why per text: a number is checked only against the figures that text quotes
  // (the figure's own takeaway and points, and evidence citing one of its sources), never against every figure with
  // the same unit ("30 ships" in a judgment about one chart is not a claim about another chart's ships).
  const quoting = new Map<string, { text: string; at: Position; ignore: string[]; figures: typeof brief.figures }>();
  const quotes = (text: string, at: Position, ignore: string[], f: (typeof brief.figures)[number]) => {
    const key = `${at.file}\0${at.line}\0${at.column}\0${text}`;
    const entry = quoting.get(key) ?? { text, at, ignore, figures: [] };
    if (!entry.figures.includes(f)) entry.figures.push(f);
    quoting.set(key, entry);
  };
  for (const f of brief.figures) {
    if (!rows.get(f.id) || f.quotes.length === 0) continue;
    if (f.takeawayAt) quotes(f.takeaway, f.takeawayAt, f.lintIgnore, f);
    f.points.forEach((p, i) => quotes(p, f.at?.points[i] ?? f.position, f.lintIgnore, f));
    const cites = new Set(f.sourceIds);
    for (const j of brief.judgments)
      j.evidence.forEach((e, k) => {
        if (e.sourceIds.some((id) => cites.has(id))) quotes(e.text, j.at.evidence[k] ?? e.position, j.lintIgnore, f);
      });
  }
  for (const t of quoting.values()) {
    for (const unit of new Set(t.figures.flatMap((f) => f.quotes.map((q) => q.unit)))) {
      const from = t.figures.filter((f) => f.quotes.some((q) => q.unit === unit));
      const allowed = new Set(
        from.flatMap((f) => f.quotes.filter((q) => q.unit === unit).flatMap((q) => rows.get(f.id)!.flatMap((r) => q.fields.map((k) => Number(r[k]) * q.scale)))).filter(Number.isFinite),
      );
      for (const n of quotedNumbers(t.text, unit)) {
        if ([...allowed].some((a) => Math.abs(a - n) <= Math.abs(a) * 1e-9)) continue;
        const which = from.length === 1 ? `figure ${from[0]!.number}'s data` : `the data of figures ${from.map((f) => f.number).join(', ')}`;
        report(
          'numbers/contradicts-data',
          t.at,
          `${n.toLocaleString('en-US')} ${unit} is not in ${which} (${[...allowed]
            .sort((a, b) => a - b)
            .map((a) => a.toLocaleString('en-US'))
            .join(', ')})`,
          [...t.ignore, ...from.flatMap((f) => f.lintIgnore)],
        );
      }
    }
  }

  // Markings.
  const banner = levelOf(brief.edition.marking);
  for (const j of brief.judgments) {
    const p = j.portion ? levelOf(j.portion) : undefined;
    if (p && banner && p.system === banner.system && p.level > banner.level)
      report('markings/portion-above-banner', j.position, `judgment ${j.number} is marked (${j.portion}), above the banner ${brief.edition.marking}`, j.lintIgnore);
  }
  for (const section of document.memo.sections) {
    for (const b of section.blocks) {
      if (b.type !== 'paragraph') continue;
      if (!b.portion) {
        if (brief.series.lint.portionMarks === 'required') report('markings/portion-missing', b.position ?? section.position!, `a paragraph in "${section.title}" has no portion mark`);
        continue;
      }
      const p = levelOf(b.portion);
      if (p && banner && p.system === banner.system && p.level > banner.level)
        report('markings/portion-above-banner', b.position ?? section.position!, `a paragraph in "${section.title}" is marked (${b.portion}), above the banner ${brief.edition.marking}`);
    }
  }
}

/** The brief's free text, each with where it was written and the rules its item ignores. */
function freeTexts(brief: Brief): { text: string; at: Position; ignore: string[] }[] {
  const out: { text: string; at: Position; ignore: string[] }[] = [{ text: brief.edition.bluf, at: brief.edition.blufPosition, ignore: [] }];
  const add = (j: Judgment) => {
    out.push({ text: j.statement, at: j.at.statement, ignore: j.lintIgnore });
    j.evidence.forEach((e, k) => out.push({ text: e.text, at: j.at.evidence[k] ?? e.position, ignore: j.lintIgnore }));
    if (j.discussion) out.push({ text: j.discussion, at: j.at.discussion ?? j.position, ignore: j.lintIgnore });
  };
  brief.judgments.forEach(add);
  for (const f of brief.figures) if (f.takeawayAt) out.push({ text: f.takeaway, at: f.takeawayAt, ignore: f.lintIgnore });
  return out;
}

/** Numbers written before `unit` in `text`, with "million"/"thousand" applied; both ends of ranges ("40,000–60,000", "30,000 to 60,000"). */
export function quotedNumbers(text: string, unit: string): number[] {
  const num = '(\\d[\\d,]*(?:\\.\\d+)?)';
  const scaleWord = '(?:\\s*(million|thousand|billion))?';
  const re = new RegExp(`${num}${scaleWord}(?:\\s*(?:–|-|to)\\s*${num}${scaleWord})?\\s+${unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}(?![\\w])`, 'gi');
  const mult = (w?: string) => (w ? { thousand: 1e3, million: 1e6, billion: 1e9 }[w.toLowerCase() as 'thousand' | 'million' | 'billion'] : 1);
  const out: number[] = [];
  for (const m of text.matchAll(re)) {
    const a = Number(m[1]!.replace(/,/g, ''));
    const b = m[3] ? Number(m[3].replace(/,/g, '')) : undefined;
    // "0.5–3 million" scales both ends by the word after the second number.
    const sa = m[2] ? mult(m[2]) : b !== undefined ? mult(m[4]) : 1;
    out.push(a * sa);
    if (b !== undefined) out.push(b * mult(m[4]));
  }
  return out;
}

function latestDate(d?: string): number | undefined {
  if (!d) return undefined;
  const [y, m, day] = d.split('-').map(Number) as [number, number?, number?];
  if (day) return Date.UTC(y, m! - 1, day);
  if (m) return Date.UTC(y, m, 0);
  return Date.UTC(y, 11, 31);
}

const classification: Record<string, number> = { U: 0, UNCLASSIFIED: 0, 'U//FOUO': 1, 'UNCLASSIFIED//FOUO': 1, CUI: 1, C: 2, CONFIDENTIAL: 2, S: 3, SECRET: 3, TS: 4, 'TOP SECRET': 4 };
const tlp: Record<string, number> = { 'TLP:CLEAR': 0, 'TLP:GREEN': 1, 'TLP:AMBER': 2, 'TLP:AMBER+STRICT': 3, 'TLP:RED': 4 };

/** Level of a banner or portion mark within its system, for comparisons. */
function levelOf(mark: string): { system: 'classification' | 'tlp'; level: number } | undefined {
  const m = mark.toUpperCase();
  if (m in tlp) return { system: 'tlp', level: tlp[m]! };
  if (m in classification) return { system: 'classification', level: classification[m]! };
  return undefined;
}
