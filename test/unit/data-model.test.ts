/**
 * What a chart's rows are, as the edition comparison and the native chart see them: typed as the spec plots them,
 * keyed and measured by its encodings.
 */
import { describe, expect, it } from 'vitest';
import { topLevelRows } from '../../src/4-charts/chart-data.js';
import { dataModelOf } from '../../src/4-charts/data-model.js';
import { dataChanges } from '../../src/3-editions/compare-editions.js';

const csv = 'month,carrier,ships\nDec 2023,MSC,10\nJan 2024,MSC,12\n';
const spec = (monthType: string) => ({
  data: { url: 'c.csv' },
  mark: 'bar',
  encoding: { x: { field: 'month', type: monthType }, y: { field: 'ships', type: 'quantitative' }, color: { field: 'carrier', type: 'nominal' } },
});

describe('chart rows and their model', () => {
  it('keeps a category that looks like a date as text unless the spec plots it as time', () => {
    const urls = [{ url: 'c.csv', text: csv, path: ['data', 'url'] }] as never;
    expect(topLevelRows(spec('ordinal'), urls)!.map((r) => r.month)).toEqual(['Dec 2023', 'Jan 2024']);
    expect(topLevelRows(spec('ordinal'), urls)!.map((r) => r.ships)).toEqual([10, 12]);
    expect(typeof topLevelRows(spec('temporal'), urls)![0]!.month).toBe('number');
  });

  it('measures a heatmap by its colour and tells its cells apart by both axes, so weeks are never summed', () => {
    const heat = {
      mark: 'rect',
      encoding: { x: { field: 'week', type: 'ordinal', timeUnit: 'yearmonthdate' }, y: { field: 'place', type: 'nominal' }, color: { field: 'change', type: 'quantitative', title: 'change, %' } },
    };
    const model = dataModelOf(heat)!;
    expect(model.values.map((v) => v.field)).toEqual(['change']);
    expect(model.keys.map((k) => k.field)).toEqual(['week', 'place']);
    const before = [
      { week: '2024-01-01', place: 'Suez', change: -40 },
      { week: '2024-01-08', place: 'Suez', change: -50 },
    ];
    const after = [...before.slice(0, 1), { week: '2024-01-08', place: 'Suez', change: -55 }];
    const changes = dataChanges(before, after, model);
    expect(changes).toHaveLength(1);
    expect(JSON.stringify(changes[0])).toContain('-55');
    expect(JSON.stringify(changes[0])).not.toContain('-95');
  });
});
