/**
 * The shipped `brief` (dist/brief.mjs): a launcher that starts the CLI from a V8
 * start-up snapshot when it fits, else from the plain bundle. Both paths must
 * behave alike, byte for byte; the snapshot must actually be used here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySample, repoRoot, sampleDir, shippedCli, tempDir } from '../helpers/sample.js';

const dist = path.join(repoRoot, 'dist');
const launcher = shippedCli;

const run = (args: string[], env: Record<string, string> = {}, cli = launcher) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, BRIEFSMITH_TRACE_START: '1', ...env } });

const hashes = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(path.join(dir, f)))
        .digest('hex'),
    ]),
  );

describe('the shipped brief command', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir();
  });
  afterAll(() => tmp.cleanup());

  it('has a start-up snapshot built for this Node and this folder (npm ci makes it)', () => {
    const info = JSON.parse(readFileSync(path.join(dist, 'brief.blob.json'), 'utf8')) as Record<string, unknown>;
    expect(info).toEqual({ node: process.version, arch: process.arch, platform: process.platform, dist, v8Flags: ['--max-semi-space-size=8', '--expose-gc', '--max-old-space-size=2048'] });
    expect(existsSync(path.join(dist, 'brief.blob'))).toBe(true);
  });

  it('builds the sample from the snapshot and from the bundle into byte-identical files, in any time zone (the Word memo with docx bundled beside the snapshot)', () => {
    const a = run(['build', sampleDir, '--format', 'pptx,pdf,docx', '--out', path.join(tmp.dir, 'snap')], { TZ: 'Asia/Seoul' });
    expect(a.stderr).toBe('briefsmith: starting from snapshot\n');
    expect(a.status).toBe(0);
    const b = run(['build', sampleDir, '--format', 'pptx,pdf,docx', '--out', path.join(tmp.dir, 'bundle')], { BRIEFSMITH_NO_SNAPSHOT: '1', TZ: 'America/Los_Angeles' });
    expect(b.stderr).toBe('briefsmith: starting from bundle\n');
    expect(b.status).toBe(0);
    const snap = hashes(path.join(tmp.dir, 'snap', '2024-W21'));
    expect(Object.keys(snap)).toHaveLength(3);
    expect(snap).toEqual(hashes(path.join(tmp.dir, 'bundle', '2024-W21')));
  });

  it("passes the user's options to the CLI, not to Node (--version, --help)", () => {
    const v = run(['--version']);
    expect(v.stdout).toBe('0.1.0\n');
    expect(v.status).toBe(0);
    const h = run(['--help']);
    expect(h.stdout).toMatch(/^Usage: brief \[options\] \[command\]/);
    expect(h.status).toBe(0);
  });

  it('reports a user mistake with a located error and exit code 1 from the snapshot', () => {
    const series = copySample(path.join(tmp.dir, 'bad'));
    const file = path.join(series, 'editions', '2024-W21', 'judgments.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('likelihood: likely', 'likelihood: probable-ish'));
    const r = run(['build', series, '--out', path.join(tmp.dir, 'bad-out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^briefsmith: starting from snapshot\n.*judgments\.yaml:\d+:\d+ {2}error {2}/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(tmp.dir, 'bad-out'))).toBe(false);
  });

  it('builds every edition with --all from the bundle: its workers cannot use the snapshot, which would only add memory', () => {
    const r = run(['build', sampleDir, '--all', '--format', 'pdf', '--out', path.join(tmp.dir, 'all')]);
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('briefsmith: starting from bundle');
    expect(r.stdout).toMatch(/3 of 3 editions built/);
    expect(
      readdirSync(path.join(tmp.dir, 'all'))
        .filter((f) => /^\d{4}-W\d\d$/.test(f))
        .sort(),
    ).toEqual(['2022-W45', '2023-W37', '2024-W21']);
    expect(run(['build', sampleDir, '-a', '--format', 'pdf', '--out', path.join(tmp.dir, 'all-short')]).stderr.split('\n')[0]).toBe('briefsmith: starting from bundle');
  });

  it('starts from the bundle when NODE_OPTIONS changes V8 settings, which would make Node refuse the snapshot', () => {
    const r = run(['--version'], { NODE_OPTIONS: '--max-old-space-size=3000' });
    expect(r.stderr).toBe('briefsmith: starting from bundle\n');
    expect(r.stdout).toBe('0.1.0\n');
  });

  it('falls back to the bundle when Node refuses a snapshot that looked right', () => {
    // A valid blob made with other V8 settings: Node refuses it with exit code 14.
    const fake = path.join(repoRoot, 'test', '.tmp', `launcher-${process.pid}`);
    mkdirSync(fake, { recursive: true });
    for (const f of ['brief.mjs', 'brief-main.mjs', 'brief-worker.mjs']) copyFileSync(path.join(dist, f), path.join(fake, f));
    writeFileSync(path.join(fake, 'entry.cjs'), "require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {});\n");
    execFileSync(process.execPath, ['--max-semi-space-size=8', '--snapshot-blob', path.join(fake, 'brief.blob'), '--build-snapshot', path.join(fake, 'entry.cjs')], { cwd: fake });
    writeFileSync(path.join(fake, 'brief.blob.json'), JSON.stringify({ node: process.version, arch: process.arch, platform: process.platform, dist: fake, v8Flags: [] }));
    const r = run(['--version'], {}, path.join(fake, 'brief.mjs'));
    rmSync(fake, { recursive: true, force: true });
    expect(r.stderr).toMatch(/starting from snapshot\n[\s\S]*starting without the snapshot\n$/);
    expect(r.stdout).toBe('0.1.0\n');
    expect(r.status).toBe(0);
  });

  it('an installed copy without a snapshot runs from the bundle and makes one for its own folder in the background, once', async () => {
    // As npm installs the package: the bundles and the snapshot's source, no snapshot (it would name the packing folder).
    const copy = path.join(repoRoot, 'test', '.tmp', `installed-${process.pid}`);
    mkdirSync(copy, { recursive: true });
    try {
      for (const f of readdirSync(dist).filter((f) => /\.(mjs|cjs)$/.test(f))) copyFileSync(path.join(dist, f), path.join(copy, f));
      // Another maker at work (a fresh lock): none is started.
      writeFileSync(path.join(copy, 'brief.blob.lock'), '1');
      expect(run(['--version'], {}, path.join(copy, 'brief.mjs')).stderr).toBe('briefsmith: starting from bundle\n');
      await new Promise((r) => setTimeout(r, 500));
      expect(existsSync(path.join(copy, 'brief.blob.json'))).toBe(false);
      rmSync(path.join(copy, 'brief.blob.lock'));
      // BRIEFSMITH_NO_SNAPSHOT=1: none either.
      run(['--version'], { BRIEFSMITH_NO_SNAPSHOT: '1' }, path.join(copy, 'brief.mjs'));
      expect(existsSync(path.join(copy, 'brief.blob.lock'))).toBe(false);
      const first = run(['--version'], {}, path.join(copy, 'brief.mjs'));
      expect(first.stderr).toBe('briefsmith: starting from bundle\n');
      expect(first.stdout).toBe('0.1.0\n');
      const deadline = Date.now() + 60_000;
      while (!existsSync(path.join(copy, 'brief.blob.json')) || existsSync(path.join(copy, 'brief.blob.lock'))) {
        if (Date.now() > deadline) throw new Error(`no snapshot made in ${copy}: ${readdirSync(copy).join(', ')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(JSON.parse(readFileSync(path.join(copy, 'brief.blob.json'), 'utf8'))).toMatchObject({ dist: copy, node: process.version });
      const next = run(['--version'], {}, path.join(copy, 'brief.mjs'));
      expect(next.stderr).toBe('briefsmith: starting from snapshot\n');
      expect(next.stdout).toBe('0.1.0\n');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
