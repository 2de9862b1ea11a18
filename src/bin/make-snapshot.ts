/**
 * Makes the V8 start-up snapshot dist/brief.blob from dist/brief-snapshot.cjs, with brief.blob.json naming the Node
 * binary and the folder it fits. Run by `npm run bundle`, and on its own (dist/brief-make-snapshot.mjs, `npm run
 * snapshot`) where Briefsmith is installed. Why there: a snapshot holds the absolute paths of the folder it was made in
 * (templates, schemas, fonts), so the package ships without one, and an installed `brief` starts from the plain bundle
 * until a snapshot is made for its own folder (see README, Install).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Why: a smaller young generation keeps a large brief's peak memory ~50 MB lower at no cost in time (measured), and
// --expose-gc lets the pipeline clear a large memo's garbage before the deck (src/pipeline.ts, releaseGarbage).
// V8 options are part of a snapshot, so the launcher starts Node with exactly these.
// --max-old-space-size: the memory ceiling of a build (the launcher turns running out of it into a located error).
const v8Flags = ['--max-semi-space-size=8', '--expose-gc', '--max-old-space-size=2048'];

/** Makes dist/brief.blob (and brief.blob.json) for this Node and this folder; false, with the reason on stderr, when it cannot. */
export function makeSnapshot(distDir: string): boolean {
  const dist = realpathSync(distDir);
  const entry = path.join(dist, 'brief-snapshot.cjs');
  const blob = path.join(dist, 'brief.blob');
  if (!existsSync(entry)) {
    process.stderr.write(`briefsmith: no ${entry} to make the snapshot from (run npm run bundle)\n`);
    return false;
  }
  try {
    rmSync(`${blob}.json`, { force: true });
  } catch (err) {
    process.stderr.write(`briefsmith: cannot write the snapshot into ${dist}: ${(err as Error).message}\n`);
    return false;
  }
  const made = spawnSync(process.execPath, [...v8Flags, '--snapshot-blob', `${blob}.tmp`, '--build-snapshot', entry], { cwd: dist, encoding: 'utf8' });
  if (made.status !== 0) {
    rmSync(`${blob}.tmp`, { force: true });
    rmSync(blob, { force: true });
    // Not fatal: `brief` then starts from brief-main.mjs, slower.
    process.stderr.write(`briefsmith: could not make the start-up snapshot:\n${made.stderr || made.error?.message || ''}\n`);
    return false;
  }
  renameSync(`${blob}.tmp`, blob);
  writeFileSync(`${blob}.json`, `${JSON.stringify({ node: process.version, arch: process.arch, platform: process.platform, dist, v8Flags }, null, 2)}\n`);
  return true;
}

// Run on its own: dist/brief-make-snapshot.mjs makes the snapshot beside itself. The launcher runs it in the background
// with `--lock FILE`, a lock it took so that one maker works at a time, removed here when done.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const dist = path.dirname(fileURLToPath(import.meta.url));
  const lockAt = process.argv.indexOf('--lock');
  const lock = lockAt > 0 ? process.argv[lockAt + 1] : undefined;
  const started = Date.now();
  try {
    process.stdout.write(`briefsmith: making the start-up snapshot in ${dist} …\n`);
    if (makeSnapshot(dist)) process.stdout.write(`briefsmith: made ${path.join(dist, 'brief.blob')} in ${((Date.now() - started) / 1000).toFixed(1)} s; brief now starts from it\n`);
    else process.exitCode = 1;
  } finally {
    if (lock) rmSync(lock, { force: true });
  }
}
