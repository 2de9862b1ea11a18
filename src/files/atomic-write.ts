/** Writes files atomically: a temporary file in the same folder, then a rename, so a killed build never leaves a half-written product. */
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Writes `data` to `file` via a temp file + fsync + rename; leftovers of killed earlier writes are removed first. */
export async function writeFileAtomic(file: string, data: Buffer | string): Promise<void> {
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
  // Testing aid: BRIEFSMITH_WRITE_DELAY_MS holds each file between writing and renaming, so a test can kill a build mid-write.
  // Read here, not at load: the start-up snapshot would freeze a load-time value.
  const delayMs = Number(process.env.BRIEFSMITH_WRITE_DELAY_MS ?? 0);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  await rename(tmp, file);
}
