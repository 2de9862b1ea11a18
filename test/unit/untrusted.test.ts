/**
 * A brief folder is untrusted input (issue 18), beyond the in-process corpus (test/corpus): the command line's
 * values, the output folder (a file, a lock held by another build, a write failing half-way), the watchdogs that
 * stop a hung step (launcher, batch, preview), terminal output, CSV manifests, addresses, prototype-named ids and
 * DTDs in a base deck.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8, readInputText, realTarget, resolveRef } from '../../src/1-load/input-files.js';
import { defaultLimits } from '../../src/1-load/limits.js';
import { BriefError, printable } from '../../src/diagnostics/diagnostic.js';
import { isMailbox } from '../../src/distribute/distribution-list.js';
import { csvField } from '../../src/distribute/make-copies.js';
import { writeFilesAtomic } from '../../src/files/atomic-write.js';
import { build } from '../../src/pipeline.js';
import { startPreview } from '../../src/preview/server.js';
import { copySample, editFile, pptxSlideTexts, shippedCli, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-untrusted-');
afterAll(() => tmp.cleanup());
let n = 0;
const fresh = () => copySample(path.join(tmp.dir, `s${n++}`));
const cli = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [shippedCli, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const LOCATED = /^\S.*:\d+:\d+ {2}error {2}.+ {2}[a-z-]+\/[a-z-]+$/m;
const withLimits = (series: string, yaml: string) => editFile(path.join(series, 'series.yaml'), (t) => t.replace('cadence: weekly', `cadence: weekly\nlimits:\n${yaml}`));

describe('command-line values', () => {
  it.each([
    [['build', '--all', '--jobs', 'abc'], '--jobs takes a whole number from 1 to 256, not "abc"', 'cli/option'],
    [['preview', '--port', '99999'], '--port takes a whole number from 0 to 65535, not "99999"', 'cli/option'],
    [['chart', 'x.vl.json', '-o', 'x.svg', '--render', 'vector'], '--render takes auto, native, image, not "vector"', 'cli/option'],
    [['build', '--frobnicate'], "unknown option '--frobnicate'", 'cli/usage'],
  ])('%j is a located usage error with exit code 1', (args, message, rule) => {
    const r = cli(args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`<command line>:1:1  error  ${message}`);
    expect(r.stderr).toMatch(new RegExp(`${rule.replace('/', '\\/')}$`, 'm'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the output folder', () => {
  it('refuses an --out that is a file, leaving it as it was', () => {
    const file = path.join(tmp.dir, 'not-a-folder');
    writeFileSync(file, 'keep me');
    const r = cli(['build', fresh(), '--out', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(LOCATED);
    expect(r.stderr).toContain('output/not-folder');
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('reports a folder that cannot be made (a file in the way) as a located error, not a crash', () => {
    writeFileSync(path.join(tmp.dir, 'blocker'), 'x');
    const r = cli(['build', fresh(), '--out', path.join(tmp.dir, 'blocker', 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('a file stands where a folder is needed');
    expect(r.stderr).toMatch(/output\/write$/m);
  });

  it('waits for another build holding the folder, then gives up with a clear message', () => {
    const out = path.join(tmp.dir, 'busy');
    mkdirSync(out);
    writeFileSync(path.join(out, '.briefsmith.lock'), String(process.pid)); // this test process: alive
    const r = cli(['build', fresh(), '--out', out], { BRIEFSMITH_LOCK_WAIT_MS: '300' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('another Briefsmith process has been writing to');
    expect(r.stderr).toMatch(/output\/busy$/m);
    expect(readdirSync(out)).toEqual(['.briefsmith.lock']);
  });

  it('takes over the lock of a build that died', () => {
    const out = path.join(tmp.dir, 'stale');
    mkdirSync(out);
    writeFileSync(path.join(out, '.briefsmith.lock'), '2147483646');
    const r = cli(['build', fresh(), '--out', out]);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['2024-W21', 'index.html', 'manifest.json']);
  });

  it('serializes two builds into one folder: both succeed and the manifest lists both editions', async () => {
    const out = path.join(tmp.dir, 'together');
    const series = fresh();
    const runAsync = (edition: string) =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, [shippedCli, 'build', series, '--edition', edition, '--out', out], { stdio: 'ignore' });
        p.on('close', (code) => resolve(code ?? -1));
      });
    expect(await Promise.all([runAsync('2024-W21'), runAsync('2023-W37')])).toEqual([0, 0]);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { editions: { edition: string }[] };
    expect(manifest.editions.map((e) => e.edition).sort()).toEqual(['2023-W37', '2024-W21']);
    expect(existsSync(path.join(out, '.briefsmith.lock'))).toBe(false);
  });

  it('replaces a set of files together or not at all: a folder where the second file goes leaves the first as it was', async () => {
    const dir = path.join(tmp.dir, 'set');
    mkdirSync(path.join(dir, 'b.pdf'), { recursive: true });
    writeFileSync(path.join(dir, 'a.pptx'), 'old a');
    await expect(
      writeFilesAtomic([
        { file: path.join(dir, 'a.pptx'), data: 'new a' },
        { file: path.join(dir, 'b.pdf'), data: 'new b' },
      ]),
    ).rejects.toThrow(BriefError);
    expect(readFileSync(path.join(dir, 'a.pptx'), 'utf8')).toBe('old a');
    expect(readdirSync(dir).sort()).toEqual(['a.pptx', 'b.pdf']);
  });
});

describe('watchdogs', () => {
  it('stops a step that overruns its budget (launcher), located at the chart, writing nothing', () => {
    const series = fresh();
    withLimits(series, '  maxStepSeconds: 1');
    const out = path.join(tmp.dir, 'hang');
    const started = Date.now();
    const r = cli(['build', series, '--out', out], { BRIEFSMITH_SIMULATE_STEP: 'hang:4 charts' });
    expect(r.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.stderr).toMatch(/figures\/[a-z-]+\.vl\.json:1:1 {2}error {2}rendering this chart took longer than 1 s and was stopped .* {2}limits\/time$/m);
    expect(existsSync(path.join(out, '2024-W21'))).toBe(false);
  });

  it('stops a hung edition of a batch and builds the others', () => {
    const series = fresh();
    withLimits(series, '  maxStepSeconds: 1');
    // Every edition with a chart hangs; the first has none.
    const r = cli(['build', '--all', series, '--out', path.join(tmp.dir, 'batch-hang')], { BRIEFSMITH_SIMULATE_STEP: 'hang:4 charts' });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/rendering this chart \(edition 2024-W21\) took longer than 1 s and was stopped/);
    expect(r.stdout).toMatch(/\| 2022-W45 \| pptx, pdf \|.*\| ok \|/);
  });

  it('keeps the preview server up when a build hangs, shows the problem, and recovers on the next save', async () => {
    const series = fresh();
    withLimits(series, '  maxStepSeconds: 1');
    // A worker thread takes its environment when it starts: the first worker hangs, its replacement does not.
    process.env.BRIEFSMITH_SIMULATE_STEP = 'hang:4 charts';
    const preview = await startPreview({ input: series, port: 0 });
    try {
      delete process.env.BRIEFSMITH_SIMULATE_STEP;
      const content = async () => (await (await fetch(new URL('/api/content', preview.url))).json()) as { ok: boolean; diagnostics: { text: string }[]; deck?: string };
      const stuck = await content();
      expect(stuck.ok).toBe(false);
      expect(stuck.diagnostics.map((d) => d.text).join('\n')).toMatch(/rendering this chart took longer than 1 s and was stopped.*limits\/time/);
      await preview.rebuild();
      const recovered = await content();
      expect(recovered.ok).toBe(true);
      expect(recovered.deck).toContain('North Korea');
    } finally {
      delete process.env.BRIEFSMITH_SIMULATE_STEP;
      await preview.close();
    }
  }, 60_000);
});

describe('safe outputs', () => {
  it('shows control characters from a brief as codes on the terminal, never as escape sequences', () => {
    const series = fresh();
    editFile(path.join(series, 'editions', '2024-W21', 'judgments.yaml'), (t) => t.replace('sources: [bi-2024]', 'sources: ["bi\\u001b[2J\\u001b]0;owned\\u0007"]'));
    const r = cli(['build', series, '--out', path.join(tmp.dir, 'esc')]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/); // eslint-disable-line no-control-regex
    expect(r.stderr).toContain('bi\\u001b[2J\\u001b]0;owned\\u0007');
    expect(printable('a\u202eb')).toBe('a\\u202eb');
  });

  it('neutralizes spreadsheet formulas and line breaks in CSV fields', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+1 555 0100')).toBe("'+1 555 0100");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('Smith\rJones')).toBe('"Smith\rJones"');
    expect(csvField("O'Brien, Pat")).toBe('"O\'Brien, Pat"');
    expect(csvField(-5)).toBe('-5');
  });

  it('accepts one mailbox per address and nothing else', () => {
    for (const ok of ['a@example.org', 'jiwon.kim@example.org', "o'brien+brief@mail.example.co.uk"]) expect(isMailbox(ok), ok).toBe(true);
    for (const bad of ['a@example.org, b@example.org', 'Alex <a@example.org>', 'a@example', 'a b@example.org', 'a@@example.org', '@example.org', 'a@example.123', 'a@-x.org', 'a..b@example.org'])
      expect(isMailbox(bad), bad).toBe(false);
  });

  it('removes a DTD from the parts of a base deck copied into the output', async () => {
    const series = fresh();
    writeFileSync(path.join(series, 'corporate.pptx'), await baseWithDtd());
    editFile(path.join(series, 'series.yaml'), (t) => t.replace('theme: default', 'theme: default\ndeck:\n  base: corporate.pptx'));
    const r = await build({ input: series, outDir: path.join(tmp.dir, 'dtd'), formats: ['pptx'] });
    const zip = await JSZip.loadAsync(readFileSync(r.files[0]!.file));
    for (const name of Object.keys(zip.files).filter((f) => /\.(xml|rels)$/.test(f))) expect(await zip.file(name)!.async('string'), name).not.toMatch(/<!DOCTYPE/i);
  });
});

/** A real deck (the sample's, built) with a DTD added to its first slide layout. */
async function baseWithDtd(): Promise<Buffer> {
  const r = await build({ input: copySample(path.join(tmp.dir, `dtd-src${n++}`)), outDir: path.join(tmp.dir, `dtd-src-out${n++}`), formats: ['pptx'] });
  const zip = await JSZip.loadAsync(readFileSync(r.files[0]!.file));
  const layout = Object.keys(zip.files).find((f) => /slideLayouts\/slideLayout\d+\.xml$/.test(f))!;
  const xml = await zip.file(layout)!.async('string');
  zip.file(layout, xml.replace('?>', '?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'));
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('names that are Object.prototype members', () => {
  it('are ordinary ids: a judgment "constructor", a source "toString", an indicator "valueOf"', async () => {
    const series = fresh();
    const e = path.join(series, 'editions', '2024-W21');
    editFile(path.join(e, 'judgments.yaml'), (t) => t.replace('- id: dprk-supply', '- id: constructor').replace(/\bbi-2024\b/g, 'toString'));
    editFile(path.join(e, 'sources.yaml'), (t) => t.replace('- id: bi-2024', '- id: toString'));
    editFile(path.join(e, 'edition.yaml'), (t) => t.replace(/\bbi-2024\b/g, 'toString').replace('dprk-supply:', 'constructor:'));
    editFile(path.join(e, 'figures.yaml'), (t) => t.replace(/\bbi-2024\b/g, 'toString'));
    for (const f of readdirSync(path.join(e, 'figures')).filter((x) => x.endsWith('.csv'))) editFile(path.join(e, 'figures', f), (t) => t.replace(/\bbi-2024\b/g, 'toString'));
    const r = await build({ input: series, outDir: path.join(tmp.dir, 'proto'), formats: ['pptx'] });
    const text = (await pptxSlideTexts(readFileSync(r.files[0]!.file))).join(' ');
    expect(text).not.toMatch(/function|native code|\[object/);
    expect(text).toContain('North Korea is supplying Russia');
  });
});

describe('the one way in', () => {
  it('refuses a path outside the folder with the same words whether or not something is there', () => {
    const root = fresh();
    symlinkSync('/etc/passwd', path.join(root, 'present.csv'));
    symlinkSync('/nonexistent-briefsmith/x.csv', path.join(root, 'absent.csv'));
    const a = resolveRef(root, root, 'present.csv');
    const b = resolveRef(root, root, 'absent.csv');
    expect(a.ok || b.ok).toBe(false);
    expect(!a.ok && !b.ok && a.message.replace('present', 'X') === b.message.replace('absent', 'X')).toBe(true);
    expect(realTarget(path.join(root, 'absent.csv'))).toBe('/nonexistent-briefsmith/x.csv');
  });

  it('finds the first byte that is not UTF-8 (overlongs and surrogates included) and reads a byte-order mark away', async () => {
    expect(firstInvalidUtf8(Buffer.from('plain ascii'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from('Хасан 두만강 →', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2); // cut short
    const root = fresh();
    writeFileSync(path.join(root, 'bom.yaml'), Buffer.from([0xef, 0xbb, 0xbf, 0x61]));
    const r = await readInputText(path.join(root, 'bom.yaml'), 'yaml', { roots: [root], limits: defaultLimits });
    expect(r.ok && r.value).toBe('a');
  });
});

beforeAll(() => {
  // The shipped CLI is what users run; npm test builds it first (npm run prepare).
  expect(existsSync(shippedCli)).toBe(true);
});
