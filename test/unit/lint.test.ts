import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDocumentFor } from '../../src/pipeline.js';
import { lintRules, quotedNumbers } from '../../src/lint/lint-brief.js';
import { listEditions } from '../../src/1-load/load-brief.js';
import { cliPath, copySample, editFile, sampleDir, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-lint-');
afterAll(() => tmp.cleanup());
const E = 'editions/2024-W21';

async function findings(setup: (series: string) => void, name: string) {
  const series = copySample(path.join(tmp.dir, name));
  setup(series);
  const { sink } = await buildDocumentFor({ input: series });
  return sink.warnings.map((w) => ({ rule: w.rule, file: path.relative(series, w.position.file), line: w.position.line, message: w.message }));
}

describe('brief lint', () => {
  for (const edition of listEditions(sampleDir)) {
    it(`passes the sample edition ${edition} under --strict`, async () => {
      const { sink } = await buildDocumentFor({ input: sampleDir, edition, strict: true });
      expect(sink.warnings).toEqual([]);
    });
  }

  const cases: [string, (s: string) => void, string][] = [
    ['estimative/non-icd-term', (s) => editFile(path.join(s, E, 'edition.yaml'), (t) => t.replace('North Korea is shipping', 'North Korea is probably shipping')), `${E}/edition.yaml`],
    ['estimative/mixed-term-sets', (s) => editFile(path.join(s, E, 'judgments.yaml'), (t) => t.replace('likelihood: very likely', 'likelihood: highly probable')), `${E}/judgments.yaml`],
    [
      'estimative/likelihood-with-confidence',
      (s) =>
        editFile(path.join(s, E, 'judgments.yaml'), (t) => t.replace('Experts interviewed by AFP agreed', 'It is likely, and we say so with high confidence, that experts interviewed by AFP agreed')),
      `${E}/judgments.yaml`,
    ],
    [
      'sourcing/weak-sources',
      (s) =>
        editFile(path.join(s, E, 'judgments.yaml'), (t) =>
          t.replace(/(- id: battlefield-effect[\s\S]*?)sources: \[afp-2023-09\]([\s\S]*?)sources: \[bi-2024\]/, '$1sources: [opinion-2024-05]$2sources: [opinion-2024-05]'),
        ),
      `${E}/judgments.yaml`,
    ],
    [
      'sourcing/uncited-source',
      (s) => appendFileSync(path.join(s, E, 'sources.yaml'), '  - id: unused\n    publisher: Nobody\n    title: Never cited\n    date: "2024-05"\n    reliability: B\n    credibility: 2\n'),
      `${E}/sources.yaml`,
    ],
    ['sourcing/undated-source', (s) => editFile(path.join(s, E, 'sources.yaml'), (t) => t.replace('    date: "2022-11"\n', '')), `${E}/sources.yaml`],
    ['sourcing/stale', (s) => editFile(path.join(s, 'series.yaml'), (t) => t.replace('cadence: weekly', 'cadence: weekly\nlint:\n  maxSourceAgeDays: 60')), `${E}/judgments.yaml`],
    ['numbers/contradicts-data', (s) => editFile(path.join(s, E, 'judgments.yaml'), (t) => t.replace('40,000–60,000 shells a day', '40,000–70,000 shells a day')), `${E}/judgments.yaml`],
    [
      'markings/portion-missing',
      (s) => {
        mkdirSync(path.join(s, 'templates', 'memo', 'partials'), { recursive: true });
        writeFileSync(path.join(s, 'templates', 'memo', 'partials', 'bluf-section.hbs'), '<section id="bluf" title="Bottom line up front">\n  <p>{{edition.bluf}}</p>\n</section>\n');
      },
      'templates/memo/memo.hbs',
    ],
    [
      'markings/portion-above-banner',
      (s) => editFile(path.join(s, E, 'judgments.yaml'), (t) => t.replace('    likelihood: almost certain\n', '    likelihood: almost certain\n    portion: S\n')),
      `${E}/judgments.yaml`,
    ],
  ];

  it('has a triggering case for every rule', () => expect(cases.map((c) => c[0]).sort()).toEqual(Object.keys(lintRules).sort()));

  for (const [rule, setup, file] of cases) {
    it(`${rule}: triggers on its fixture, with a fix hint, and can be switched off per series`, async () => {
      const got = await findings(setup, rule.replace('/', '-'));
      const hits = got.filter((g) => g.rule === rule);
      expect(hits.length, JSON.stringify(got)).toBeGreaterThan(0);
      expect(got.filter((g) => g.rule !== rule)).toEqual([]);
      expect(hits[0]!.file).toBe(
        file.startsWith('templates/memo/memo.hbs') ? path.relative(path.join(tmp.dir, rule.replace('/', '-'), 'series'), path.join(cliPath, '..', '..', '..', 'templates', 'memo', 'memo.hbs')) : file,
      );
      expect(hits[0]!.message).toContain(lintRules[rule as keyof typeof lintRules].fix);
      const off = await findings(
        (s) => {
          setup(s);
          editFile(path.join(s, 'series.yaml'), (t) => (t.includes('lint:\n') ? t.replace('lint:\n', `lint:\n  disable: [${rule}]\n`) : `${t}lint:\n  disable: [${rule}]\n`));
        },
        `${rule.replace('/', '-')}-off`,
      );
      expect(off).toEqual([]);
    });
  }

  it('can be switched off for one item with lintIgnore', async () => {
    const got = await findings(
      (s) =>
        editFile(path.join(s, E, 'judgments.yaml'), (t) =>
          t.replace('40,000–60,000 shells a day', '40,000–70,000 shells a day').replace('  - id: russian-shortfall\n', '  - id: russian-shortfall\n    lintIgnore: [numbers/contradicts-data]\n'),
        ),
      'ignore',
    );
    expect(got).toEqual([]);
  });

  it('checks a number only against the figures its text quotes (takeaway, points, evidence citing its sources)', async () => {
    const got = await findings(
      (s) =>
        editFile(path.join(s, E, 'judgments.yaml'), (t) =>
          t
            // Evidence citing guardian-2022-11, a source of no figure with "shells a day": not a quote of that figure.
            .replace("RUSI's Jack Watling said in 2022 that", "RUSI's Jack Watling said in 2022, when Russia fired 90,000 shells a day, that")
            // A judgment statement quotes no figure either.
            .replace('so it needs imports', 'so at 90,000 shells a day it needs imports'),
        ),
      'numbers-scope',
    );
    expect(got).toEqual([]);
    const points = await findings(
      (s) =>
        editFile(path.join(s, E, 'figures.yaml'), (t) => t.replace('If all held 152mm rounds, about 3 million shells;', 'If all held 152mm rounds, about 3 million shells; at 90,000 shells a day;')),
      'numbers-points',
    );
    // The point belongs to container-equivalents, which quotes no "shells a day": daily-consumption's data is not its business.
    expect(points).toEqual([]);
  });

  it('reads quoted numbers, ranges and scale words', () => {
    expect(quotedNumbers('between 40,000 and 60,000 shells a day; Kyiv says 40,000–60,000 shells a day', 'shells a day')).toEqual([60000, 40000, 60000]);
    expect(quotedNumbers('roughly 0.5–3 million shells depending on calibre', 'shells')).toEqual([500000, 3000000]);
    expect(quotedNumbers('from 30,000 to 60,000 shells a day', 'shells a day')).toEqual([30000, 60000]);
    expect(quotedNumbers('11 million rounds in 2022', 'rounds')).toEqual([11000000]);
    expect(quotedNumbers('In May 2024 nothing was quoted', 'rounds')).toEqual([]);
  });

  it('fails a build under --strict (exit 1) and only warns without it', () => {
    const series = copySample(path.join(tmp.dir, 'strict'));
    editFile(path.join(series, E, 'edition.yaml'), (t) => t.replace('North Korea is shipping', 'North Korea is probably shipping'));
    const loose = spawnSync(process.execPath, [cliPath, 'build', series, '--out', path.join(tmp.dir, 'strict-out')], { encoding: 'utf8' });
    expect(loose.status).toBe(0);
    expect(loose.stderr).toMatch(/edition\.yaml:\d+:\d+ {2}warning {2}"probably" is not an ICD 203 likelihood term/);
    const strict = spawnSync(process.execPath, [cliPath, 'build', series, '--strict', '--out', path.join(tmp.dir, 'strict-out2')], { encoding: 'utf8' });
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/ {2}error {2}"probably"/);
    const lint = spawnSync(process.execPath, [cliPath, 'lint', series], { encoding: 'utf8' });
    expect(lint.status).toBe(0);
    expect(lint.stdout).toContain('1 finding(s)');
  });
});
