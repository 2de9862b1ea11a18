/** Trend figures: each series indicator charted over every edition up to the one being built. */
import { own } from '../util/own.js';
import path from 'node:path';
import type { Brief, Figure } from '../2-validate/brief.js';
import type { IndicatorPoint } from './history.js';

/** An indicator with a single value so far: a sentence, not a chart. */
export interface TrendSentence {
  indicator: string;
  title: string;
  text: string;
}

/** How the latest value of an indicator is said (7-realize/wording.ts `latestEstimate`, passed in by the pipeline). */
export type LatestWords = (edition: string, label: string, unit: string, value: { low: number; high: number }) => string;

/**
 * One figure per indicator with at least two values, numbered after the edition's own figures; an indicator
 * with one value is a sentence (a chart of one point is a near-empty slide and page).
 */
export function trendFigures(brief: Brief, history: IndicatorPoint[], latestWords: LatestWords): { figures: Figure[]; sentences: TrendSentence[] } {
  const out: Figure[] = [];
  const sentences: TrendSentence[] = [];
  // Why one formatter: toLocaleString makes a new one per number, and that was most of this stage's time.
  const numbers = new Intl.NumberFormat('en-US');
  for (const ind of brief.series.indicators) {
    const points = history.filter((p) => own(p.values, ind.id));
    if (points.length === 0) continue;
    const fmt = (n: number) => numbers.format(n);
    const values = points.map((p) => {
      const v = own(p.values, ind.id)!;
      const high = v.high ?? v.low;
      return { edition: p.editionId, date: p.date, low: v.low, high, label: high === v.low ? fmt(v.low) : `${fmt(v.low)}–${fmt(high)}`, sources: v.sourceIds.join(' ') };
    });
    const latest = values.at(-1)!;
    const latestText = latestWords(latest.edition, latest.label, ind.unit, latest);
    if (values.length < 2) {
      sentences.push({ indicator: ind.id, title: ind.title, text: latestText });
      continue;
    }
    const color = brief.theme.colors.primary;
    const lo = Math.min(...values.map((v) => v.low));
    const hi = Math.max(...values.map((v) => v.high));
    // Why: a log axis labels every 1-2-5 step by default, which crowds; label the powers of ten only.
    const logTicks = Array.from({ length: Math.ceil(Math.log10(hi)) - Math.floor(Math.log10(Math.max(lo, 1e-9))) + 1 }, (_, i) => 10 ** (Math.floor(Math.log10(Math.max(lo, 1e-9))) + i));
    // Why tickMinStep: counts formatted ",d" would label fractional ticks "0, 0, 1, 1"; other values get vega's own format.
    const whole = values.every((v) => Number.isInteger(v.low) && Number.isInteger(v.high));
    const yAxis = ind.scale === 'log' ? { values: logTicks, format: ',d' } : whole ? { format: ',d', tickCount: 5, tickMinStep: 1 } : { tickCount: 5 };
    const spec: Record<string, unknown> = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values },
      height: 220,
      encoding: {
        x: { field: 'date', type: 'temporal', title: null, axis: { format: '%b %Y', tickCount: Math.min(6, Math.max(2, values.length + 1)) }, scale: { padding: 40 } },
      },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 6, strokeCap: 'round', opacity: 0.5, color },
          encoding: {
            y: { field: 'low', type: 'quantitative', title: ind.unit, axis: yAxis, scale: ind.scale === 'log' ? { type: 'log', domain: [logTicks[0], logTicks.at(-1)] } : { zero: true } },
            y2: { field: 'high' },
          },
        },
        { mark: { type: 'point', filled: true, size: 80, opacity: 1, color }, encoding: { y: { field: 'low', type: 'quantitative' } } },
        { mark: { type: 'point', filled: true, size: 80, opacity: 1, color }, encoding: { y: { field: 'high', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', dx: 10, fontSize: 11 }, encoding: { y: { field: 'high', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    };
    const current = new Set(brief.sources.map((s) => s.id));
    const cited = [...new Set(points.flatMap((p) => own(p.values, ind.id)!.sourceIds))];
    out.push({
      id: `trend-${ind.id}`,
      number: brief.figures.length + out.length + 1,
      specFile: path.join(brief.series.dir, 'series.yaml'),
      spec,
      title: `Trend: ${ind.title}`,
      description: `${ind.description ?? ind.title}, by edition from ${values[0]!.edition} to ${latest.edition}.`,
      takeaway: ind.takeaway ?? latestText,
      points: [],
      sourceLine: `Values as reported in editions ${values.map((v) => v.edition).join(', ')}; sources as cited in each edition${
        cited.some((c) => current.has(c))
          ? ` (this edition: ${cited
              .filter((c) => current.has(c))
              .map((c) => `[${brief.sources.find((s) => s.id === c)!.number}]`)
              .join(', ')})`
          : ''
      }.`,
      sourceIds: cited.filter((c) => current.has(c)),
      render: 'image',
      releasableTo: [],
      quotes: [],
      lintIgnore: [],
      position: ind.position,
    });
  }
  return { figures: out, sentences };
}
