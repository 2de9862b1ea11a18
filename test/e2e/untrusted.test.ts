/**
 * The memory ceiling, end to end: a build that exhausts its heap ends as a located error from the launcher, with
 * none of V8's crash report, exit code 1 and nothing written. In e2e because it really fills 2 GB (about 8 s).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copySample, shippedCli, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-oom-');
afterAll(() => tmp.cleanup());

describe('the memory ceiling', () => {
  it('turns running out of memory into a located error at the step that did', () => {
    const series = copySample(tmp.dir);
    const out = path.join(tmp.dir, 'out');
    const r = spawnSync(process.execPath, [shippedCli, 'build', series, '--out', out], { encoding: 'utf8', env: { ...process.env, BRIEFSMITH_SIMULATE_STEP: 'oom:4 charts' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/figures\/[a-z-]+\.vl\.json:1:1 {2}error {2}rendering this chart ran out of memory \(over 2048 MB\) and was stopped.* {2}limits\/memory$/m);
    expect(r.stderr).not.toMatch(/FATAL ERROR|Last few GCs|node::/);
    expect(existsSync(path.join(out, '2024-W21'))).toBe(false);
  }, 120_000);
});
