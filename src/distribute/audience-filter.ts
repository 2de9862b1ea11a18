/**
 * Audience filtering: the brief as one reader may see it. Judgments and figures
 * releasable only to other audiences are removed before the document is built,
 * so numbering, citations and the source list stay consistent with no gaps.
 */
import type { Brief } from '../2-validate/brief.js';
import { citedSourceIds } from '../2-validate/cited-sources.js';

/** True when an item tagged `releasableTo` may go to a reader with `audiences` (untagged items go to everyone). */
export function releasable(releasableTo: readonly string[], audiences: readonly string[] | undefined): boolean {
  return !audiences || releasableTo.length === 0 || releasableTo.some((a) => audiences.includes(a));
}

/** The brief for readers with `audiences`, renumbered; sources no longer cited anywhere are dropped too. */
export function briefForAudiences(brief: Brief, audiences: readonly string[] | undefined): Brief {
  if (!audiences) return brief;
  const judgments = brief.judgments.filter((j) => releasable(j.releasableTo, audiences)).map((j, i) => ({ ...j, number: i + 1 }));
  const figures = brief.figures.filter((f) => releasable(f.releasableTo, audiences)).map((f, i) => ({ ...f, number: i + 1 }));
  const cited = citedSourceIds({ judgments, figures, edition: brief.edition });
  const sources = brief.sources.filter((s) => cited.has(s.id)).map((s, i) => ({ ...s, number: i + 1 }));
  // A source line the analyst wrote may name source numbers, which may have changed.
  const renumbered = figures.map((f) =>
    f.sourceLine?.includes('[')
      ? {
          ...f,
          sourceLine: f.sourceLine!.replace(/\[(\d+)\]/g, (m, n: string) => {
            const old = brief.sources.find((s) => s.number === Number(n));
            const now = old && sources.find((s) => s.id === old.id);
            return now ? `[${now.number}]` : m;
          }),
        }
      : f,
  );
  return { ...brief, judgments, figures: renumbered, sources };
}
