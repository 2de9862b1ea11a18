/**
 * Writes files atomically: temporary files in the same folder, then renames, so
 * a killed or failed build never leaves a half-written product, and a set of
 * files (a deck and its memo) is replaced together or not at all. A write that
 * fails because of the disk (full, read-only, no permission) is a located user
 * error, not a crash.
 */
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BriefError, fileStart } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';

/** A file to write. */
export interface OutputFile {
  file: string;
  data: Buffer | string;
}

const WHY: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a file stands where a folder is needed',
  EISDIR: 'a folder stands where the file would go',
  EEXIST: 'a file stands where a folder is needed',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
};

/** The located user error for a failed write to `file`, or undefined when the failure is not the disk's (a bug). */
export function outputProblem(err: unknown, file: string): BriefError | undefined {
  if (err instanceof BriefError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = code ? WHY[code] : undefined;
  if (!why) return undefined;
  return new BriefError([{ severity: 'error', rule: 'output/write', position: fileStart(file), message: messages.cannotWrite(file, `${why} (${code})`) }]);
}

/** Refuses an output folder that is an existing file. */
export async function checkOutputFolder(dir: string): Promise<void> {
  const st = await stat(dir).catch(() => undefined);
  if (st && !st.isDirectory()) throw new BriefError([{ severity: 'error', rule: 'output/not-folder', position: fileStart(dir), message: messages.outputNotFolder(dir) }]);
}

async function writeTemp(file: string, data: Buffer | string): Promise<string> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const prefix = `.${path.basename(file)}.tmp-`;
  for (const name of await readdir(dir)) {
    if (name.startsWith(prefix)) await rm(path.join(dir, name), { force: true });
  }
  const tmp = path.join(dir, `${prefix}${process.pid}-${Date.now().toString(36)}`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  return tmp;
}

/** Writes every file to a temporary file first and renames them all only when all were written. */
export async function writeFilesAtomic(files: OutputFile[]): Promise<void> {
  const temps: { tmp: string; file: string }[] = [];
  try {
    for (const f of files) temps.push({ tmp: await writeTemp(f.file, f.data), file: f.file });
  } catch (err) {
    for (const t of temps) await rm(t.tmp, { force: true });
    throw outputProblem(err, files[temps.length]?.file ?? files[0]!.file) ?? err;
  }
  // Testing aid: BRIEFSMITH_WRITE_DELAY_MS holds the files between writing and renaming, so a test can kill a build mid-write.
  // Read here, not at load: the start-up snapshot would freeze a load-time value.
  const delayMs = Number(process.env.BRIEFSMITH_WRITE_DELAY_MS ?? 0);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  // A folder where a file goes would be moved aside and lost: refused before anything moves.
  for (const t of temps) {
    if ((await stat(t.file).catch(() => undefined))?.isDirectory()) {
      for (const x of temps) await rm(x.tmp, { force: true });
      throw outputProblem(Object.assign(new Error('is a directory'), { code: 'EISDIR' }), t.file)!;
    }
  }
  // The old files step aside first, so that a rename failing half-way puts every one of them back.
  const aside: { file: string; old: string }[] = [];
  const placed: string[] = [];
  try {
    for (const t of temps) {
      const old = `${t.tmp}.old`;
      if (await stat(t.file).catch(() => undefined)) {
        await rename(t.file, old);
        aside.push({ file: t.file, old });
      }
      await rename(t.tmp, t.file);
      placed.push(t.file);
    }
  } catch (err) {
    for (const f of placed) await rm(f, { force: true });
    for (const a of aside) await rename(a.old, a.file).catch(() => undefined);
    for (const t of temps) await rm(t.tmp, { force: true, recursive: false }).catch(() => undefined);
    throw outputProblem(err, temps[placed.length]?.file ?? temps[0]!.file) ?? err;
  }
  for (const a of aside) await rm(a.old, { force: true });
}

/** Writes `data` to `file` via a temp file + fsync + rename; leftovers of killed earlier writes are removed first. */
export async function writeFileAtomic(file: string, data: Buffer | string): Promise<void> {
  await writeFilesAtomic([{ file, data }]);
}
