/** A build killed with SIGKILL while it writes leaves every output either as it was or complete. */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, copySample, editFile, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-kill-');
afterAll(() => tmp.cleanup());
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const outputs = (dir: string) =>
  readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .sort();

describe('atomic outputs', () => {
  it('survive a build killed mid-write: each file is the old one or the new one, never partial', async () => {
    const series = copySample(tmp.dir);
    const out = path.join(tmp.dir, 'out');
    const fresh = path.join(tmp.dir, 'fresh');
    expect(spawnSync(process.execPath, [cliPath, 'build', series, '--out', out]).status).toBe(0);
    const dir = path.join(out, '2024-W21');
    const names = outputs(dir);
    const old = Object.fromEntries(names.map((n) => [n, sha(path.join(dir, n))]));
    editFile(path.join(series, 'editions', '2024-W21', 'edition.yaml'), (t) => t.replace('North Korean shells keep', 'North Korean shells still keep'));
    expect(spawnSync(process.execPath, [cliPath, 'build', series, '--out', fresh]).status).toBe(0);
    const next = Object.fromEntries(names.map((n) => [n, sha(path.join(fresh, '2024-W21', n))]));
    // Kill the build while its first, then its second, file is being written (the delay holds each temp file
    // 400 ms before the rename), and once at a fixed early moment.
    for (const [i, when] of [
      [0, 'first write'],
      [1, 'second write'],
      [2, 'early'],
    ] as const) {
      const child = spawn(process.execPath, [cliPath, 'build', series, '--out', out], { env: { ...process.env, BRIEFSMITH_WRITE_DELAY_MS: '400' }, stdio: 'ignore' });
      if (when === 'early') await new Promise((r) => setTimeout(r, 300));
      else {
        const started = Date.now();
        let seen = 0;
        let last = '';
        for (;;) {
          const temps = readdirSync(dir).filter((f) => f.includes('.tmp-'));
          if (temps.length && temps[0] !== last) {
            last = temps[0]!;
            if (seen++ === i) break;
          }
          if (Date.now() - started > 30_000) throw new Error('the build never wrote a temporary file');
          await new Promise((r) => setTimeout(r, 10));
        }
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(outputs(dir)).toEqual(names);
      for (const n of names) expect([old[n], next[n]], `${n} after a kill during the ${when}`).toContain(sha(path.join(dir, n)));
    }
    // The next build completes and cleans up what the killed ones left.
    expect(spawnSync(process.execPath, [cliPath, 'build', series, '--out', out]).status).toBe(0);
    for (const n of names) expect(sha(path.join(dir, n))).toBe(next[n]);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
  }, 60_000);
});
