/** Which sources a brief actually cites: from evidence, figures, indicator values and dataset rows' `source`/`sources` fields. */
import type { Brief } from './brief.js';

/** Ids of every source cited anywhere in `brief` (its judgments and figures may be a filtered subset). */
export function citedSourceIds(brief: Pick<Brief, 'judgments' | 'figures' | 'edition'>): Set<string> {
  return new Set<string>([
    ...brief.judgments.flatMap((j) => j.evidence.flatMap((e) => e.sourceIds)),
    ...brief.figures.flatMap((f) => f.sourceIds),
    ...Object.values(brief.edition.indicators).flatMap((v) => v.sourceIds),
    ...Object.values(brief.edition.datasets).flatMap((rows) => rows.flatMap((r) => [r.source, r.sources].flatMap((v) => (typeof v === 'string' ? v.split(/[\s,]+/) : [])))),
  ]);
}
