import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copySample, diagnosticsFor, editFile, sampleDir, tempDir } from '../helpers/sample.js';
import { listEditions } from '../../src/1-load/load-brief.js';

/** 1-based line of the first line containing `needle`. */
function lineOf(file: string, needle: string): number {
  const i = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in ${file}`);
  return i + 1;
}

describe('the sample series', () => {
  for (const edition of listEditions(sampleDir)) {
    it(`edition ${edition} validates with no errors or warnings`, async () => {
      const diags = await diagnosticsFor(sampleDir, edition);
      expect(diags).toEqual([]);
    });
  }
});

describe('bad input is reported with file:line:col and a rule', () => {
  let tmp: { dir: string; cleanup: () => void };
  let series: string;
  let ed: string;
  beforeEach(() => {
    tmp = tempDir();
    series = copySample(tmp.dir);
    ed = path.join(series, 'editions', '2024-W21');
  });
  afterEach(() => tmp.cleanup());

  const j = () => path.join(ed, 'judgments.yaml');
  const src = () => path.join(ed, 'sources.yaml');

  type Case = { name: string; mutate: () => void; expect: () => { file: string; line: number; rule: string }[] };
  const cases: Case[] = [
    {
      name: 'an unknown likelihood term',
      mutate: () => editFile(j(), (t) => t.replace('likelihood: almost certain', 'likelihood: probably true')),
      expect: () => [{ file: j(), line: lineOf(j(), 'probably true'), rule: 'judgments/enum' }],
    },
    {
      name: 'confidence "very high", quoting the value and the allowed ones',
      mutate: () => editFile(j(), (t) => t.replace('confidence: high', 'confidence: very high')),
      expect: () => [{ file: j(), line: lineOf(j(), 'very high'), rule: 'judgments/enum' }],
    },
    {
      name: 'source grade G7',
      mutate: () => editFile(src(), (t) => t.replace('reliability: B\n    credibility: 2', 'reliability: G\n    credibility: 7')),
      expect: () => [
        { file: src(), line: lineOf(src(), 'reliability: G'), rule: 'sources/enum' },
        { file: src(), line: lineOf(src(), 'credibility: 7'), rule: 'sources/maximum' },
      ],
    },
    {
      name: 'a missing statement',
      mutate: () => editFile(j(), (t) => t.replace(/ {4}statement: North Korea is supplying[^\n]*\n/, '')),
      expect: () => [{ file: j(), line: lineOf(j(), '- id: dprk-supply'), rule: 'judgments/required' }],
    },
    {
      name: 'a misspelled property',
      mutate: () => editFile(j(), (t) => t.replace('    discussion: >-\n      Deliveries', '    discusion: >-\n      Deliveries')),
      expect: () => [{ file: j(), line: lineOf(j(), 'discusion:'), rule: 'judgments/unknown-property' }],
    },
    {
      name: 'a duplicate judgment id',
      mutate: () => editFile(j(), (t) => t.replace('- id: transactional', '- id: dprk-supply')),
      expect: () => [{ file: j(), line: lineOf(j(), 'statement: The Moscow') - 1, rule: 'ref/duplicate-judgment' }],
    },
    {
      name: 'a citation of an unknown source',
      mutate: () => editFile(j(), (t) => t.replace('sources: [bi-2024]', 'sources: [bi-2025]')),
      expect: () => [{ file: j(), line: lineOf(j(), 'bi-2025'), rule: 'ref/unknown-source' }],
    },
    {
      name: 'a YAML syntax error',
      mutate: () => editFile(j(), (t) => t.replace('  - id: shell-quality', '  - id: shell-quality: oops')),
      expect: () => [{ file: j(), line: lineOf(j(), 'shell-quality: oops'), rule: 'yaml/syntax' }],
    },
    {
      name: 'a wrong type',
      mutate: () => editFile(path.join(ed, 'edition.yaml'), (t) => t.replace('authors: [A. Analyst, B. Reviewer]', 'authors: A. Analyst')),
      expect: () => [{ file: path.join(ed, 'edition.yaml'), line: lineOf(path.join(ed, 'edition.yaml'), 'authors:'), rule: 'edition/type' }],
    },
    {
      name: 'a figure spec outside the brief folder',
      mutate: () => editFile(path.join(ed, 'figures.yaml'), (t) => t.replace('spec: figures/timeline.vl.json', 'spec: ../../../../../etc/x.vl.json')),
      expect: () => [{ file: path.join(ed, 'figures.yaml'), line: lineOf(path.join(ed, 'figures.yaml'), 'etc/x.vl.json'), rule: 'sandbox/escape' }],
    },
    {
      name: 'a chart reading file:///etc/passwd',
      mutate: () => editFile(path.join(ed, 'figures', 'timeline.vl.json'), (t) => t.replace('"url": "timeline.csv"', '"url": "file:///etc/passwd"')),
      expect: () => [{ file: path.join(ed, 'figures', 'timeline.vl.json'), line: lineOf(path.join(ed, 'figures', 'timeline.vl.json'), 'file:///etc/passwd'), rule: 'sandbox/url' }],
    },
    {
      name: 'a chart reading over http',
      mutate: () => editFile(path.join(ed, 'figures', 'timeline.vl.json'), (t) => t.replace('"url": "timeline.csv"', '"url": "http://127.0.0.1:9/x.csv"')),
      expect: () => [{ file: path.join(ed, 'figures', 'timeline.vl.json'), line: lineOf(path.join(ed, 'figures', 'timeline.vl.json'), '127.0.0.1'), rule: 'sandbox/url' }],
    },
    {
      name: 'a chart reading ../../x.csv',
      mutate: () => editFile(path.join(ed, 'figures', 'timeline.vl.json'), (t) => t.replace('"url": "timeline.csv"', '"url": "../../../../../x.csv"')),
      expect: () => [{ file: path.join(ed, 'figures', 'timeline.vl.json'), line: lineOf(path.join(ed, 'figures', 'timeline.vl.json'), 'x.csv'), rule: 'sandbox/escape' }],
    },
    {
      name: 'a figure naming a dataset the edition does not have',
      mutate: () => editFile(path.join(ed, 'figures', 'container-equivalents.vl.json'), (t) => t.replace('"name": "containers"', '"name": "container"')),
      expect: () => [
        { file: path.join(ed, 'figures', 'container-equivalents.vl.json'), line: lineOf(path.join(ed, 'figures', 'container-equivalents.vl.json'), '"container"'), rule: 'chart/unknown-dataset' },
      ],
    },
  ];

  for (const c of cases) {
    it(`reports ${c.name}`, async () => {
      c.mutate();
      const diags = (await diagnosticsFor(series)).filter((d) => d.severity === 'error');
      const got = diags.map((d) => ({ file: d.position.file, line: d.position.line, rule: d.rule }));
      expect(got).toEqual(c.expect());
      for (const d of diags) {
        expect(d.message.length).toBeGreaterThan(10);
        expect(d.message).not.toContain('undefined');
      }
    });
  }

  it('reports every problem across files at once, not only the first', async () => {
    editFile(j(), (t) => t.replace('confidence: high', 'confidence: very high').replace('likelihood: likely', 'likelihood: probably'));
    editFile(src(), (t) => t.replace('reliability: F', 'reliability: G'));
    const diags = await diagnosticsFor(series);
    expect(new Set(diags.map((d) => path.basename(d.position.file)))).toEqual(new Set(['judgments.yaml', 'sources.yaml']));
    expect(diags.length).toBe(3);
  });
});
