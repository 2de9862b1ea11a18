/**
 * Which series a command works on (the one the working directory is in, found by walking up to series.yaml; the
 * sample only with --sample), `brief init --edition/--date`, and the series' own copy of the JSON Schemas.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeries, resolveTarget, sampleSeriesDir } from '../../src/1-load/load-brief.js';
import { BriefError } from '../../src/diagnostics/diagnostic.js';
import { messages } from '../../src/diagnostics/messages.js';
import { firstEdition, initSeries } from '../../src/cli/templates-command.js';
import { refreshSchemas, schemaCopyDir } from '../../src/cli/schemas-command.js';
import { buildDocumentFor } from '../../src/pipeline.js';
import { cliPath, tempDir } from '../helpers/sample.js';

let tmp: ReturnType<typeof tempDir>;
let series: string;
beforeAll(() => {
  tmp = tempDir('briefsmith-discovery-');
  series = path.join(tmp.dir, 'ops-weekly');
  initSeries(series, new Date(Date.UTC(2024, 1, 1)));
  initSeries(path.join(tmp.dir, 'second'), new Date(Date.UTC(2024, 1, 8)));
  // A second edition, so that "the latest" and "the one you are in" differ.
  const older = path.join(tmp.dir, 'second', 'editions', '2024-W06');
  renameSync(older, path.join(series, 'editions', '2024-W06'));
});
afterAll(() => tmp.cleanup());

/** Runs the unbundled CLI in `cwd`. */
const brief = (args: string[], cwd: string) => spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, BRIEFSMITH_NO_SNAPSHOT: '1' } });

/** `fn` run with the working directory at `dir`. */
function inDir<T>(dir: string, fn: () => T): T {
  const was = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(was);
  }
}

describe('finding the series from the working directory', () => {
  it('from the series folder: the series, its latest edition', () => {
    const t = inDir(series, () => resolveTarget(undefined));
    expect(t.seriesDir).toBe(series);
    expect(t.editionIds).toEqual(['2024-W05', '2024-W06']);
    expect(path.basename(t.editionDir)).toBe('2024-W06');
  });

  it('from an edition folder: that edition, not the latest', () => {
    const t = inDir(path.join(series, 'editions', '2024-W05'), () => resolveTarget(undefined));
    expect(t.seriesDir).toBe(series);
    expect(t.editionDir).toBe(path.join(series, 'editions', '2024-W05'));
  });

  it('from a folder nested in an edition: that edition; from another folder of the series: the latest', () => {
    const figures = path.join(series, 'editions', '2024-W05', 'figures');
    expect(inDir(figures, () => resolveTarget(undefined)).editionDir).toBe(path.join(series, 'editions', '2024-W05'));
    expect(findSeries(figures)).toEqual({ seriesDir: series, editionDir: path.join(series, 'editions', '2024-W05') });
    const notes = path.join(series, 'notes', 'drafts');
    mkdirSync(notes, { recursive: true });
    expect(inDir(notes, () => resolveTarget(undefined))).toMatchObject({ seriesDir: series, editionDir: path.join(series, 'editions', '2024-W06') });
    expect(inDir(path.join(series, 'editions'), () => resolveTarget(undefined)).editionDir).toBe(path.join(series, 'editions', '2024-W06'));
  });

  it('--edition wins over the edition the working directory is in', () => {
    expect(inDir(path.join(series, 'editions', '2024-W06'), () => resolveTarget(undefined, '2024-W05')).editionDir).toBe(path.join(series, 'editions', '2024-W05'));
  });

  it('a path argument is resolved the same way', () => {
    expect(resolveTarget(path.join(series, 'editions', '2024-W05', 'figures')).editionDir).toBe(path.join(series, 'editions', '2024-W05'));
  });

  it('outside any series: a located error naming the folder and what to do', () => {
    const outside = path.join(tmp.dir, 'elsewhere');
    mkdirSync(outside, { recursive: true });
    expect(findSeries(outside)).toBeUndefined();
    let err: unknown;
    try {
      inDir(outside, () => resolveTarget(undefined));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BriefError);
    const d = (err as BriefError).diagnostics[0]!;
    expect(d).toMatchObject({ rule: 'cli/no-series', position: { file: outside, line: 1, column: 1 } });
    expect(d.message).toBe(`no series.yaml here or above ${outside}; run brief init NAME, or brief build --sample`);
  });

  it('the CLI prints it as file:line:col  error  message  rule and exits 1; --sample builds the sample only when asked', () => {
    const outside = path.join(tmp.dir, 'elsewhere');
    mkdirSync(outside, { recursive: true });
    for (const command of [['build'], ['lint'], ['templates', 'list'], ['schemas']]) {
      const r = brief(command, outside);
      expect(r.status, command.join(' ')).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(`${outside}:1:1  error  ${messages.noSeriesHere(outside)}  cli/no-series`);
    }
    const listed = brief(['templates', 'list', '--sample'], outside);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(path.join(sampleSeriesDir, 'templates'));
    const both = brief(['build', series, '--sample'], outside);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('give a series folder or --sample, not both');
  });

  it('brief build inside an edition folder builds that edition into output/ beside series.yaml', () => {
    const r = brief(['build', '--format', 'pdf'], path.join(series, 'editions', '2024-W05', 'figures'));
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(path.join(series, 'output', '2024-W05'))).toEqual(['ops-weekly-2024-W05.pdf']);
    expect(existsSync(path.join(series, 'editions', '2024-W05', 'figures', 'output'))).toBe(false);
  });
});

describe('brief init --edition / --date', () => {
  const today = new Date(Date.UTC(2026, 11, 2));
  it("defaults to today's ISO week and date", () => {
    expect(firstEdition(today)).toEqual({ id: '2026-W49', date: '2026-12-02' });
  });
  it('derives the week from --date and the date (the Monday) from --edition; both must agree', () => {
    expect(firstEdition(today, { date: '2024-02-01' })).toEqual({ id: '2024-W05', date: '2024-02-01' });
    expect(firstEdition(today, { edition: '2024-W05' })).toEqual({ id: '2024-W05', date: '2024-01-29' });
    expect(firstEdition(today, { edition: '2024-W05', date: '2024-02-01' })).toEqual({ id: '2024-W05', date: '2024-02-01' });
    // ISO weeks across a year's end: 2020-W53 exists, 2021-W53 does not; 2024-12-30 is in 2025-W01.
    expect(firstEdition(today, { edition: '2020-W53' })).toEqual({ id: '2020-W53', date: '2020-12-28' });
    expect(firstEdition(today, { date: '2024-12-30' }).id).toBe('2025-W01');
    expect(firstEdition(today, { edition: 'special-1', date: '2024-02-01' })).toEqual({ id: 'special-1', date: '2024-02-01' });
  });
  it('refuses what cannot be right, as command-line errors', () => {
    const message = (choice: { edition?: string; date?: string }) => {
      try {
        firstEdition(today, choice);
      } catch (e) {
        return `${(e as BriefError).diagnostics[0]!.position.file}: ${(e as BriefError).diagnostics[0]!.message}`;
      }
      return 'no error';
    };
    expect(message({ edition: '2024-W05', date: '2024-03-01' })).toBe('<command line>: --date 2024-03-01 is in 2024-W09, not in --edition 2024-W05; give one of them, or a date in that week');
    expect(message({ date: '2024-02-30' })).toContain('--date takes a date as YYYY-MM-DD');
    expect(message({ edition: '2021-W53' })).toBe('<command line>: --edition 2021-W53: 2021 has no week 53');
    expect(message({ edition: '../x' })).toContain('--edition takes an id of letters, digits, - and _');
  });
  it('makes a back-dated series whose edition folder, id and date agree, and which builds', async () => {
    const dir = path.join(tmp.dir, 'back-dated');
    const r = brief(['init', dir, '--edition', '2024-W05', '--date', '2024-02-01'], tmp.dir);
    expect(r.status, r.stderr).toBe(0);
    const edition = readFileSync(path.join(dir, 'editions', '2024-W05', 'edition.yaml'), 'utf8');
    expect(edition).toContain('id: 2024-W05\ndate: "2024-02-01"');
    expect(readFileSync(path.join(dir, 'editions', '2024-W05', 'sources.yaml'), 'utf8')).toContain('date: "2024-02-01"');
    const { document, sink } = await buildDocumentFor({ input: dir });
    expect(sink.items).toEqual([]);
    expect(document.meta.editionId).toBe('2024-W05');
  });
});

describe("the series' own copy of the schemas", () => {
  /** Every `$schema` of the series' YAML files, with the file it resolves to. */
  const refs = (dir: string) =>
    ['series.yaml', 'theme.yaml', ...readdirSync(path.join(dir, 'editions')).flatMap((e) => ['edition', 'judgments', 'sources', 'figures'].map((n) => path.join('editions', e, `${n}.yaml`)))].map(
      (rel) => {
        const ref = /^\$schema: (.+)$/m.exec(readFileSync(path.join(dir, rel), 'utf8'))![1]!;
        return { rel, ref, target: path.resolve(path.dirname(path.join(dir, rel)), ref) };
      },
    );

  it('init copies the schemas into .briefsmith/schemas and every $schema names the copy, relatively', () => {
    const all = refs(series);
    expect(all).toHaveLength(2 + 4 * 2);
    for (const { ref, target } of all) {
      expect(ref).not.toMatch(/^\/|node_modules|src\/2-validate/);
      expect(path.dirname(target)).toBe(schemaCopyDir(series));
      expect(existsSync(target)).toBe(true);
    }
  });

  it('brief schemas refreshes the copy and repoints $schema paths left by older versions', () => {
    const dir = path.join(tmp.dir, 'upgrade');
    initSeries(dir, new Date(Date.UTC(2024, 1, 1)));
    const judgments = path.join(dir, 'editions', '2024-W05', 'judgments.yaml');
    writeFileSync(judgments, readFileSync(judgments, 'utf8').replace(/^\$schema: .*$/m, '$schema: ../../node_modules/briefsmith/src/2-validate/schemas/judgments.schema.json'));
    writeFileSync(path.join(schemaCopyDir(dir), 'theme.schema.json'), '{}');
    const r = brief(['schemas'], path.join(dir, 'editions'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`updated ${path.join('..', '.briefsmith', 'schemas', 'theme.schema.json')}`);
    expect(r.stdout).toContain(`$schema now names the copy: ${path.join('2024-W05', 'judgments.yaml')}`);
    expect(readFileSync(judgments, 'utf8').split('\n')[0]).toBe('$schema: ../../.briefsmith/schemas/judgments.schema.json');
    expect(refreshSchemas(dir)).toEqual({ copied: [], repointed: [] });
    // Moved elsewhere, every reference still resolves.
    const moved = path.join(tmp.dir, 'moved', 'deeper', 'upgrade');
    mkdirSync(path.dirname(moved), { recursive: true });
    renameSync(dir, moved);
    for (const { target } of refs(moved)) expect(existsSync(target)).toBe(true);
  });
});
