/**
 * One writer at a time per output folder: two builds writing the same folder
 * would interleave their files and their manifest. The lock is a file created
 * exclusively, holding the owner's process id; a lock whose process is gone
 * (a killed build) is taken over. A second build waits its turn, then gives up
 * with a clear message.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { BriefError, fileStart } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import { outputProblem } from './atomic-write.js';

const LOCK = '.briefsmith.lock';

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryLock(file: string): Promise<boolean> {
  try {
    const h = await open(file, 'wx');
    await h.writeFile(String(process.pid));
    await h.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (alive(owner)) return false;
  await rm(file, { force: true });
  return tryLock(file);
}

/** How long a build waits for another to release the folder (testing aid: BRIEFSMITH_LOCK_WAIT_MS, read when used). */
function lockWaitMs(): number {
  const ms = Number(process.env.BRIEFSMITH_LOCK_WAIT_MS);
  return Number.isFinite(ms) && ms >= 0 ? ms : 60_000;
}

/** Runs `fn` holding the output folder's lock; waits up to `waitMs` for another build to finish. */
export async function withOutputLock<T>(outDir: string, fn: () => Promise<T>, waitMs = lockWaitMs()): Promise<T> {
  const file = path.join(outDir, LOCK);
  const started = Date.now();
  try {
    await mkdir(outDir, { recursive: true });
    for (let delay = 20; !(await tryLock(file)); delay = Math.min(delay * 2, 500)) {
      if (Date.now() - started > waitMs)
        throw new BriefError([{ severity: 'error', rule: 'output/busy', position: fileStart(outDir), message: messages.outputBusy(outDir, Math.max(1, Math.round(waitMs / 1000))) }]);
      await new Promise((r) => setTimeout(r, delay));
    }
  } catch (err) {
    throw outputProblem(err, outDir) ?? err;
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
