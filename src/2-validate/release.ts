/**
 * Release control: the brief as readers with some audiences may see it. Every
 * item tagged `releasableTo` other audiences (judgments, evidence, figures,
 * dataset rows, indicators and their values) is left out as if it had never
 * been written, with the sources only they cited and the analyst's change notes
 * about them; what remains is renumbered without gaps. Every output and the
 * comparison with the previous edition are made from this brief, so a copy
 * carries nothing its reader is not cleared for. The full product is the same
 * rule with no audience: nothing is withheld, and uncited sources drop out.
 */
import type { Brief, Figure } from './brief.js';
import { citedSourceIds } from './cited-sources.js';

/** True when an item tagged `releasableTo` may go to readers with `audiences` (untagged items go to everyone; no audiences: the full product). */
export function releasable(releasableTo: readonly string[], audiences: readonly string[] | undefined): boolean {
  return !audiences || releasableTo.length === 0 || releasableTo.some((a) => audiences.includes(a));
}

/** Ids of the items a release left out because they are not releasable to its readers (not those that are simply gone). */
export interface Withheld {
  judgments: ReadonlySet<string>;
  figures: ReadonlySet<string>;
  sources: ReadonlySet<string>;
  indicators: ReadonlySet<string>;
  /** Dataset rows withheld (without their tags): a figure's diff must not call them removed. */
  rows: readonly Record<string, unknown>[];
}

/** A brief as some readers see it, and what was withheld from them. */
export interface Release {
  brief: Brief;
  withheld: Withheld;
}

/** The key of a dataset row that restricts it; it is not a column, so no chart or template ever sees it. */
const ROW_TAG = 'releasableTo';

/** The brief for readers with `audiences` (undefined: the full product), renumbered, with what was withheld. */
export function releaseFor(brief: Brief, audiences: readonly string[] | undefined): Release {
  const ok = (tags: readonly string[]) => releasable(tags, audiences);
  const judgments = brief.judgments.filter((j) => ok(j.releasableTo)).map((j, i) => ({ ...j, number: i + 1, evidence: j.evidence.filter((e) => ok(e.releasableTo)) }));
  const figures = brief.figures.filter((f) => ok(f.releasableTo)).map((f, i) => ({ ...f, number: i + 1 }));
  const indicators = brief.series.indicators.filter((ind) => ok(ind.releasableTo));
  const shownIndicator = new Set(indicators.map((ind) => ind.id));
  const indicatorValues = Object.fromEntries(Object.entries(brief.edition.indicators).filter(([id, v]) => shownIndicator.has(id) && ok(v.releasableTo)));
  const untagged = (r: Record<string, unknown>) => {
    if (!(ROW_TAG in r)) return r;
    const { [ROW_TAG]: _tags, ...row } = r;
    return row;
  };
  const rowOk = (r: Record<string, unknown>) => ok(Array.isArray(r[ROW_TAG]) ? (r[ROW_TAG] as string[]) : []);
  const datasets = Object.fromEntries(Object.entries(brief.edition.datasets).map(([name, rows]) => [name, rows.filter(rowOk).map(untagged)]));
  const cited = citedSourceIds({ judgments, figures, edition: { ...brief.edition, indicators: indicatorValues, datasets } });
  const citedInFull = citedSourceIds(brief);
  const sources = brief.sources.filter((s) => cited.has(s.id)).map((s, i) => ({ ...s, number: i + 1 }));
  const kept = <T extends { id: string }>(list: T[]) => new Set(list.map((x) => x.id));
  const keptJ = kept(judgments);
  const keptF = kept(figures);
  const keptS = kept(sources);
  const withheld: Withheld = {
    judgments: new Set(brief.judgments.filter((j) => !keptJ.has(j.id)).map((j) => j.id)),
    figures: new Set(brief.figures.filter((f) => !keptF.has(f.id)).map((f) => f.id)),
    // A source cited in the full brief but by withheld items only; an uncited source is simply gone.
    sources: new Set(brief.sources.filter((s) => !keptS.has(s.id) && citedInFull.has(s.id)).map((s) => s.id)),
    rows: Object.values(brief.edition.datasets).flatMap((rows) => rows.filter((r) => !rowOk(r)).map(untagged)),
    indicators: new Set(
      brief.series.indicators.filter((ind) => !shownIndicator.has(ind.id) || (Object.hasOwn(brief.edition.indicators, ind.id) && !Object.hasOwn(indicatorValues, ind.id))).map((ind) => ind.id),
    ),
  };
  const notes = brief.edition.changeNotes;
  const notesFor = (all: Record<string, string>, keep: ReadonlySet<string>) => Object.fromEntries(Object.entries(all).filter(([id]) => keep.has(id)));
  return {
    brief: {
      ...brief,
      series: { ...brief.series, indicators },
      edition: {
        ...brief.edition,
        datasets,
        indicators: indicatorValues,
        changeNotes: { judgments: notesFor(notes.judgments, keptJ), figures: notesFor(notes.figures, keptF), sources: notesFor(notes.sources, keptS) },
      },
      judgments,
      figures: figures.map((f) => renumberSourceLine(f, brief, sources)),
      sources,
    },
    withheld,
  };
}

/** A source line the analyst wrote may name source numbers, which renumbering changed. */
function renumberSourceLine(f: Figure, before: Brief, sources: Brief['sources']): Figure {
  if (!f.sourceLine?.includes('[')) return f;
  return {
    ...f,
    sourceLine: f.sourceLine.replace(/\[(\d+)\]/g, (m, n: string) => {
      const old = before.sources.find((s) => s.number === Number(n));
      const now = old && sources.find((s) => s.id === old.id);
      return now ? `[${now.number}]` : m;
    }),
  };
}
