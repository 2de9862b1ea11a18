import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, copySample, editFile, tempDir } from '../helpers/sample.js';

const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

const hashes = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(path.join(dir, f)))
        .digest('hex'),
    ]),
  );

describe('brief build (CLI)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let series: string;
  beforeAll(() => {
    tmp = tempDir();
    series = copySample(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('builds the latest edition into <out>/<edition>/ and says what it wrote', () => {
    const r = run(['build', series, '--out', path.join(tmp.dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/wrote .*2024-W21\.pptx/);
    expect(readdirSync(path.join(tmp.dir, 'out', '2024-W21')).sort()).toEqual(['dprk-russia-munitions-2024-W21.pdf', 'dprk-russia-munitions-2024-W21.pptx']);
  });

  it('gives byte-identical files from two processes in different time zones', () => {
    const a = path.join(tmp.dir, 'tz-a');
    const b = path.join(tmp.dir, 'tz-b');
    expect(run(['build', series, '--out', a], { TZ: 'Pacific/Auckland' }).status).toBe(0);
    expect(run(['build', series, '--out', b], { TZ: 'America/Los_Angeles' }).status).toBe(0);
    expect(hashes(path.join(b, '2024-W21'))).toEqual(hashes(path.join(a, '2024-W21')));
  });

  it('reports bad input as file:line:col  error  message  rule, exits 1, and leaves earlier outputs intact', () => {
    const out = path.join(tmp.dir, 'keep');
    expect(run(['build', series, '--out', out]).status).toBe(0);
    const before = hashes(path.join(out, '2024-W21'));
    const judgments = path.join(series, 'editions', '2024-W21', 'judgments.yaml');
    editFile(judgments, (t) => t.replace('confidence: high', 'confidence: very high').replace('sources: [bi-2024]', 'sources: [nowhere]'));
    const r = run(['build', series, '--out', out]);
    expect(r.status).toBe(1);
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.includes('  error  '));
    expect(lines.length).toBe(2);
    for (const l of lines) expect(l).toMatch(/^\S+judgments\.yaml:\d+:\d+ {2}error {2}.+ {2}[a-z-]+\/[a-z-]+$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(hashes(path.join(out, '2024-W21'))).toEqual(before);
  });

  it('builds one format on request and rejects unknown formats', () => {
    const out = path.join(tmp.dir, 'pdf-only');
    const ok = run(['build', path.join(tmp.dir, 'series'), '--edition', '2022-W45', '--format', 'pdf', '--out', out]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readdirSync(path.join(out, '2022-W45'))).toEqual(['dprk-russia-munitions-2022-W45.pdf']);
    const bad = run(['build', series, '--format', 'odt', '--out', out]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('unknown output format "odt"');
  });

  it('tells a bug apart from a user mistake: a stack trace, the words "internal error", exit 2', () => {
    const r = run(['build', series, '--out', path.join(tmp.dir, 'bug')], { BRIEFSMITH_SIMULATE_BUG: '1' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('internal error (a bug in Briefsmith, please report it)');
    expect(r.stderr).toMatch(/TypeError: simulated bug\n\s+at /);
  });

  it('names the known editions when asked for one that does not exist', () => {
    const r = run(['build', series, '--edition', '2030-W01']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('2022-W45, 2023-W37, 2024-W21');
  });
});
