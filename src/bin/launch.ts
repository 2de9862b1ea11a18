#!/usr/bin/env node
/**
 * `brief`: starts the CLI from its V8 start-up snapshot (dist/brief.blob) when
 * one was built for this Node and this folder, else from the plain bundle
 * (dist/brief-main.mjs). Kept tiny and free of imports beyond Node's own: it
 * runs before every command.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = path.dirname(fileURLToPath(import.meta.url));
const blob = path.join(dist, 'brief.blob');

/** What src/bin/bundle.ts records beside the blob: a snapshot only fits the Node binary and folder it was made for. */
interface SnapshotInfo {
  node: string;
  arch: string;
  platform: string;
  dist: string;
  /** V8 options the snapshot was made with; Node must run with the same. */
  v8Flags: string[];
}

// Options that leave V8's configuration alone and work with a snapshot; any other (say --max-old-space-size in
// NODE_OPTIONS) makes Node refuse the snapshot, and --import is ignored by it, so those start from the bundle.
const SAFE_NODE_OPTIONS =
  /^(--require|-r|--cpu-prof[-a-z]*|--heap-prof[-a-z]*|--inspect[-a-z]*|--enable-source-maps|--no-warnings|--trace-warnings|--unhandled-rejections|--conditions|-C|--use-openssl-ca|--use-bundled-ca|--dns-result-order|--title)(=|$)/;
// Of those, the ones whose value may follow as the next word.
const TAKES_VALUE = /^(--require|-r|--conditions|-C|--title|--cpu-prof-(dir|name|interval)|--heap-prof-(dir|name|interval)|--inspect-port)$/;

function onlySafeOptions(options: string[]): boolean {
  return options.every((o, i) => SAFE_NODE_OPTIONS.test(o) || (i > 0 && !o.startsWith('-') && TAKES_VALUE.test(options[i - 1]!)));
}

/**
 * `build --all` (or `-a`): its main thread only hands editions to worker threads, which cannot start from a
 * snapshot, so the snapshot would only add its memory (measured: 52 editions took longer and ~170 MB more).
 */
function isBatchBuild(args: string[]): boolean {
  return args[0] === 'build' && args.some((a) => a === '--all' || /^-[A-Za-z]*a[A-Za-z]*$/.test(a));
}

/** The snapshot's description when it fits this Node, this folder, these options and this command; else undefined. */
function fittingSnapshot(): SnapshotInfo | undefined {
  if (process.env.BRIEFSMITH_NO_SNAPSHOT === '1' || isBatchBuild(process.argv.slice(2))) return undefined;
  if (!onlySafeOptions(process.execArgv) || !onlySafeOptions((process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean))) return undefined;
  try {
    const info = JSON.parse(readFileSync(`${blob}.json`, 'utf8')) as SnapshotInfo;
    const fits = info.node === process.version && info.arch === process.arch && info.platform === process.platform && info.dist === dist && Array.isArray(info.v8Flags);
    return fits && existsSync(blob) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Node's exit code when it cannot use a snapshot blob. */
const SNAPSHOT_REFUSED = 14;

async function runBundle(): Promise<void> {
  await import(pathToFileURL(path.join(dist, 'brief-main.mjs')).href);
}

const trace = (mode: string): void => {
  if (process.env.BRIEFSMITH_TRACE_START === '1') process.stderr.write(`briefsmith: starting from ${mode}\n`);
};

const snapshot = fittingSnapshot();
if (snapshot) {
  trace('snapshot');
  // Why `--`: with no script named, Node would take the user's options (--help, --version) as its own.
  const child = spawn(process.execPath, [...snapshot.v8Flags, ...process.execArgv, '--snapshot-blob', blob, '--', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, BRIEFSMITH_LAUNCHER: process.argv[1] ?? 'brief' },
  });
  // Why: Ctrl-C reaches both processes; the launcher waits for the CLI to finish its own clean-up and passes on signals sent to it alone.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, () => child.kill(s));
  child.on('error', (err) => {
    process.stderr.write(`briefsmith: cannot start Node (${err.message})\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const s of signals) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    } else if (code === SNAPSHOT_REFUSED) {
      // Node printed why it refused the snapshot (a V8 option we did not foresee); run the same command from the bundle.
      for (const s of signals) process.removeAllListeners(s);
      process.stderr.write('briefsmith: starting without the snapshot\n');
      void runBundle();
    } else process.exit(code ?? 1);
  });
} else {
  trace('bundle');
  await runBundle();
}
