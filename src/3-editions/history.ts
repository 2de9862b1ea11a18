/**
 * The editions before the one being built: the previous edition, fully
 * validated, to compute what changed; and every earlier edition's indicator
 * values, to chart the series' trends.
 */
import path from 'node:path';
import { DiagnosticSink, BriefError, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import { loadBrief, seriesScope, type BuildTarget } from '../1-load/load-brief.js';
import { loadYamlFile, type ParsedFiles } from '../1-load/yaml-source.js';
import { validateBrief } from '../2-validate/validate-brief.js';
import { releasable } from '../2-validate/release.js';
import type { Brief, IndicatorValue } from '../2-validate/brief.js';
import type { ValidateEnv } from '../2-validate/theme.js';

/** One edition's indicator values, with its id and date. */
export interface IndicatorPoint {
  editionId: string;
  date: string;
  values: Record<string, IndicatorValue>;
}

/** Loads and validates the edition before `target`'s; a broken previous edition is a warning, not an error. */
export async function previousBrief(target: BuildTarget, sink: DiagnosticSink, at: Position, env: ValidateEnv): Promise<Brief | undefined> {
  const id = path.basename(target.editionDir);
  const i = target.editionIds.indexOf(id);
  if (i <= 0) return undefined;
  const prevId = target.editionIds[i - 1]!;
  const prevTarget = { ...target, editionDir: path.join(target.seriesDir, 'editions', prevId) };
  try {
    return await validateBrief(await loadBrief(prevTarget, new DiagnosticSink(), env.files), new DiagnosticSink(), env);
  } catch (err) {
    if (!(err instanceof BriefError)) throw err;
    sink.warn(at, messages.previousEditionInvalid(prevId), 'edition/previous-invalid');
    return undefined;
  }
}

/** Indicator values of every edition up to and including `target`'s, oldest first (unreadable editions are skipped). */
export async function indicatorHistory(target: BuildTarget, current: Brief, files?: ParsedFiles, audiences?: readonly string[]): Promise<IndicatorPoint[]> {
  const id = path.basename(target.editionDir);
  const ids = target.editionIds.slice(0, target.editionIds.indexOf(id));
  const earlier = await Promise.all(
    ids.map(async (eid): Promise<IndicatorPoint | undefined> => {
      const f = await loadYamlFile<{ date?: string; indicators?: Record<string, { low: number; high?: number; sources?: string[]; note?: string; releasableTo?: string[] }> }>(
        path.join(target.seriesDir, 'editions', eid, 'edition.yaml'),
        new DiagnosticSink(),
        { scope: seriesScope(target.seriesDir, current.series.limits), cache: files },
      );
      if (!f?.value?.date) return undefined;
      const values: Record<string, IndicatorValue> = Object.fromEntries(
        Object.entries(f.value.indicators ?? {})
          // A value an earlier edition restricted stays out of the trend a reader without that audience sees.
          .filter(([, v]) => typeof v?.low === 'number' && releasable(v.releasableTo ?? [], audiences))
          .map(([k, v]) => [k, { low: v.low, high: v.high, sourceIds: v.sources ?? [], note: v.note, releasableTo: v.releasableTo ?? [] }]),
      );
      return { editionId: eid, date: f.value.date, values };
    }),
  );
  return [...earlier.filter((p): p is IndicatorPoint => !!p), { editionId: current.edition.id, date: current.edition.date, values: current.edition.indicators }];
}
