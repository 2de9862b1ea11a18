import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocumentFor } from '../../src/pipeline.js';
import { dataChanges } from '../../src/3-editions/compare-editions.js';
import type { ChangeList } from '../../src/6-document/types.js';
import { changeWords, latestEstimate, unitAfter } from '../../src/7-realize/wording.js';
import { cliPath, copySample, editFile, sampleDir, tempDir } from '../helpers/sample.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

async function changesOf(input: string, edition?: string) {
  const { document } = await buildDocumentFor({ input, edition });
  const block = document.memo.sections.flatMap((s) => s.blocks).find((b): b is ChangeList => b.type === 'changes');
  return block;
}

describe('changes since the previous edition', () => {
  it('are absent from the first edition', async () => {
    expect(await changesOf(sampleDir, '2022-W45')).toBeUndefined();
  });

  it('show the sample latest edition moving, adding and dropping judgments, with notes', async () => {
    const c = (await changesOf(sampleDir))!;
    expect(c.since).toBe('2023-W37');
    const byKind = (k: string) => c.items.filter((i) => i.kind === k).map((i) => i.id);
    expect(byKind('judgment-added')).toEqual(['delivery-volume', 'transactional']);
    expect(byKind('likelihood-up')).toEqual(['dprk-supply']);
    expect(
      changeWords(
        c.items.find((i) => i.id === 'dprk-supply')!,
        'en-US',
      ).headline,
    ).toBe('Judgment 1 moved from very likely to almost certain; confidence rose from moderate to high');
    expect(c.items.find((i) => i.id === 'dprk-supply')!.note).toContain('container');
    expect(byKind('confidence-up')).toEqual(['dprk-gains']);
    expect(byKind('judgment-dropped')).toEqual(['summit-deal']);
    expect(byKind('source-added')).toEqual(['bi-2024', 'opinion-2024-05']);
    expect(byKind('figure-added')).toEqual(['container-equivalents']);
    expect(byKind('figure-data')).toEqual(['daily-consumption', 'timeline']);
    expect(
      changeWords(
        c.items.find((i) => i.id === 'daily-consumption')!,
        'en-US',
      ).details,
    ).toEqual(["added: RAND's Bennett, for 2023 · Consumption"]);
    expect(byKind('indicator')).toEqual(['shells-delivered']);
  });

  it('catch a likelihood moving down, a confidence falling and numbers changing, largest first', async () => {
    const series = copySample(path.join(tmp.dir, 'down'));
    const ed = path.join(series, 'editions', '2024-W21');
    editFile(path.join(ed, 'judgments.yaml'), (t) => t.replace('likelihood: very likely\n    confidence: high', 'likelihood: roughly even chance\n    confidence: low'));
    editFile(path.join(ed, 'figures', 'fired-vs-produced.csv'), (t) => t.replace('2022,Produced,1.7,1.7', '2022,Produced,2.2,2.2').replace('2022,Fired,11.0,11.0', '2022,Fired,12.0,12.0'));
    const c = (await changesOf(series))!;
    const j = c.items.find((i) => i.id === 'russian-shortfall')!;
    expect(j.kind).toBe('likelihood-down');
    expect(j.direction).toBe('down');
    expect(changeWords(j, 'en-US').headline).toBe('Judgment 2 moved from very likely to roughly even chance; confidence fell from high to low');
    const f = c.items.find((i) => i.id === 'fired-vs-produced')!;
    expect(f.kind).toBe('figure-data');
    expect(changeWords(f, 'en-US').details[0]).toBe('2022 · Produced: Rounds (millions) 1.7 → 2.2');
  });

  it('compare datasets row by row', () => {
    const before = [
      { k: 'a', v: 10 },
      { k: 'b', v: 5 },
      { k: 'gone', v: 1 },
    ];
    const after = [
      { k: 'a', v: 11 },
      { k: 'b', v: 10 },
      { k: 'new', v: 2 },
    ];
    const t = (text: string) => [{ text }];
    expect(dataChanges(before, after, undefined, 10)).toEqual([
      { kind: 'moved', label: t('b'), field: 'v', from: 5, to: 10 },
      { kind: 'moved', label: t('a'), field: 'v', from: 10, to: 11 },
      { kind: 'added', label: t('new') },
      { kind: 'removed', label: t('gone') },
    ]);
    expect(dataChanges(before, before)).toEqual([]);
    expect(dataChanges(before, after, undefined, 2).at(-1)).toEqual({ kind: 'more', count: 2 });
    // Rows are told apart by their categories, never by position: reordering changes nothing.
    expect(dataChanges(before, [...before].reverse())).toEqual([]);
  });

  it('name rows by the categories and dates the spec encodes, and values by its titles', () => {
    const model = {
      keys: [
        { field: 'month', temporal: true },
        { field: 'area', temporal: false },
      ],
      values: [{ field: 'reports', title: 'Reports' }],
    };
    const before = [
      { month: new Date('2024-11-01T00:00:00Z'), area: 'Gulf of Finland', reports: 3, note: 'x' },
      { month: new Date('2024-11-01T00:00:00Z'), area: 'Southern Baltic', reports: 2, note: 'y' },
    ];
    const after = [
      { month: new Date('2024-11-01T00:00:00Z'), area: 'Southern Baltic', reports: 2, note: 'changed text is not a value' },
      { month: new Date('2024-11-01T00:00:00Z'), area: 'Gulf of Finland', reports: 5, note: 'x' },
      ...['2024-12-01', '2025-01-01'].map((m) => ({ month: new Date(`${m}T00:00:00Z`), area: 'Gulf of Finland', reports: 1, note: '' })),
    ];
    const words = (d: ReturnType<typeof dataChanges>) => changeWords({ kind: 'figure-data', id: 'f', number: 3, editionId: 'e', title: 'T', direction: 'changed', data: d }, 'en-GB').details;
    // Rows of one series over several dates are told as one entry.
    expect(words(dataChanges(before, after, model))).toEqual(['November 2024 · Gulf of Finland: Reports 3 → 5', 'added: Gulf of Finland, 2 values, December 2024 – January 2025']);
  });

  it('give exactly two entries for a reworded judgment, reordered CSV rows and one changed value', async () => {
    const series = copySample(path.join(tmp.dir, 'two'));
    const w21 = path.join(series, 'editions', '2024-W21');
    const w22 = path.join(series, 'editions', '2024-W22');
    cpSync(w21, w22, { recursive: true });
    editFile(path.join(w22, 'edition.yaml'), (t) => t.replace('id: 2024-W21', 'id: 2024-W22').replace('date: "2024-05-20"', 'date: "2024-05-27"'));
    editFile(path.join(w22, 'judgments.yaml'), (t) =>
      t.replace('Russia fires far more artillery ammunition than its own industry makes', 'Russia fires much more artillery ammunition than its industry makes'),
    );
    editFile(path.join(w22, 'figures', 'fired-vs-produced.csv'), (t) => {
      const [head, ...rows] = t.trim().split('\n');
      return `${[head, ...rows.reverse()].join('\n').replace('2023,Fired (expected),7.0,7.0', '2023,Fired (expected),7.5,7.5')}\n`;
    });
    const c = (await changesOf(series, '2024-W22'))!;
    expect(c.items.map((i) => i.kind)).toEqual(['judgment-reworded', 'figure-data']);
    const [reworded, data] = c.items.map((i) => changeWords(i, 'en-US'));
    expect(reworded!.headline).toBe('Judgment 2 reworded');
    expect(reworded!.reworded.filter((p) => p.strike).map((p) => p.text.trim())).toEqual(['far', 'own']);
    expect(reworded!.reworded.filter((p) => p.inserted).map((p) => p.text)).toEqual(['much']);
    expect(data!.headline).toBe('Figure 1: its data changed');
    expect(data!.details).toEqual(['2023 · Fired (expected): Rounds (millions) 7 → 7.5']);
  });

  it('chart each indicator over the editions so far', async () => {
    const { document } = await buildDocumentFor({ input: sampleDir });
    const trend = document.memo.sections.flatMap((s) => s.blocks).find((b) => b.type === 'figure' && b.figure.id === 'trend-shells-delivered');
    expect(trend?.type).toBe('figure');
    if (trend?.type !== 'figure') return;
    expect(trend.chart.rows?.map((r) => r.edition)).toEqual(['2023-W37', '2024-W21']);
    expect(trend.figure.takeaway).toBe('Latest estimate (2024-W21): 500,000–3,000,000 shells.');
    const earlier = await buildDocumentFor({ input: sampleDir, edition: '2023-W37' });
    // One value so far is a sentence, not a chart of one point.
    const t2 = earlier.document.memo.sections.flatMap((s) => s.blocks).find((b) => b.type === 'figure' && b.figure.id === 'trend-shells-delivered');
    expect(t2).toBeUndefined();
    const said = JSON.stringify(earlier.document.memo.sections.find((s) => s.id === 'discussion'));
    expect(said).toContain('Latest estimate (2023-W37): 1,000–9,000 shells.');
    expect(JSON.stringify(earlier.document.deck.slides.find((s) => s.title === 'Indicators to watch'))).toContain('Latest estimate (2023-W37): 1,000–9,000 shells.');
  });
});

describe('the latest value of an indicator in words', () => {
  it('puts the unit in the singular after exactly one ("1 ship", not "1 ships")', () => {
    expect(latestEstimate('2024-W11', '1', 'ships', { low: 1, high: 1 })).toBe('Latest estimate (2024-W11): 1 ship.');
    expect(latestEstimate('2024-W11', '2', 'ships', { low: 2, high: 2 })).toBe('Latest estimate (2024-W11): 2 ships.');
    expect(latestEstimate('2024-W11', '1–3', 'ships', { low: 1, high: 3 })).toBe('Latest estimate (2024-W11): 1–3 ships.');
    expect(unitAfter(1, 'shells a day')).toBe('shell a day');
    expect(unitAfter(1, 'casualties')).toBe('casualty');
    expect(unitAfter(1, 'percent')).toBe('percent');
    expect(unitAfter(1, 'US$ billion')).toBe('US$ billion');
    expect(unitAfter(1, 'tankers')).toBe('tanker');
    expect(unitAfter(1, 'gas')).toBe('gas');
    expect(unitAfter({ low: 1 }, 'assets')).toBe('asset');
  });
});

describe('brief build --all', () => {
  it('builds the other editions when one is broken, exits 1 and names it; the index lists what was built', () => {
    const series = copySample(path.join(tmp.dir, 'all'));
    editFile(path.join(series, 'editions', '2023-W37', 'judgments.yaml'), (t) => t.replace('confidence: high', 'confidence: very high'));
    const out = path.join(tmp.dir, 'all-out');
    const r = spawnSync(process.execPath, [cliPath, 'build', series, '--all', '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('| 2022-W45 | pptx, pdf |');
    expect(r.stdout).toContain('| 2023-W37 | – |');
    expect(r.stdout).toContain('2 of 3 editions built');
    expect(r.stdout).toContain('failed: 2023-W37');
    expect(r.stdout).toMatch(/2023-W37\/judgments\.yaml:\d+:\d+ {2}error {2}"very high" is not allowed/);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { editions: { edition: string; files: { file: string; sha256: string; bytes: number }[] }[] };
    expect(manifest.editions.map((e) => e.edition)).toEqual(['2024-W21', '2022-W45']);
    for (const e of manifest.editions)
      for (const f of e.files) {
        const data = readFileSync(path.join(out, f.file));
        expect(createHash('sha256').update(data).digest('hex')).toBe(f.sha256);
        expect(data.length).toBe(f.bytes);
      }
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain(manifest.editions[0]!.files[0]!.sha256);
  });

  it('gives the same bytes on worker threads as a single build, whatever the worker built before', () => {
    const a = path.join(tmp.dir, 'single');
    const b = path.join(tmp.dir, 'batch');
    const c = path.join(tmp.dir, 'one-worker');
    expect(spawnSync(process.execPath, [cliPath, 'build', sampleDir, '--out', a]).status).toBe(0);
    expect(spawnSync(process.execPath, [cliPath, 'build', sampleDir, '--all', '--out', b]).status).toBe(0);
    // One worker builds 2022-W45 and 2023-W37 first: fonts, glyphs and shaping are warm from other documents.
    expect(spawnSync(process.execPath, [cliPath, 'build', sampleDir, '--all', '--jobs', '1', '--out', c]).status).toBe(0);
    for (const ext of ['pptx', 'pdf']) {
      const f = `2024-W21/dprk-russia-munitions-2024-W21.${ext}`;
      expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), ext).toBe(true);
      expect(readFileSync(path.join(c, f)).equals(readFileSync(path.join(a, f))), `${ext} after other editions`).toBe(true);
    }
  });
});

describe('build --all worker count', () => {
  it('starts one worker until a batch is long enough to pay for another, and never more than the cores', async () => {
    const { defaultWorkers } = await import('../../src/batch/build-all.js');
    expect([3, 10, 23, 24, 47, 48, 52, 500].map((n) => defaultWorkers(n, 2))).toEqual([1, 1, 1, 1, 1, 2, 2, 2]);
    expect(defaultWorkers(500, 8)).toBe(8);
    expect(defaultWorkers(1, 1)).toBe(1);
  });
});
