#!/usr/bin/env node
/**
 * `brief`: starts the CLI from its V8 start-up snapshot (dist/brief.blob) when
 * one was built for this Node and this folder, else from the plain bundle
 * (dist/brief-main.mjs). Kept tiny and free of imports beyond Node's own: it
 * runs before every command.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stepWords } from '../diagnostics/step-words.js';

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

/**
 * The snapshot's description when it fits this Node, this folder, these options and this command; else whether one
 * should be made: when there is none for this Node and this folder (an installed package ships without one, since a
 * snapshot holds the absolute paths of the folder it was made in), not when options or the command rule it out.
 */
function fittingSnapshot(): { info?: SnapshotInfo; missing: boolean } {
  if (process.env.BRIEFSMITH_NO_SNAPSHOT === '1') return { missing: false };
  let info: SnapshotInfo | undefined;
  try {
    const read = JSON.parse(readFileSync(`${blob}.json`, 'utf8')) as SnapshotInfo;
    const fits = read.node === process.version && read.arch === process.arch && read.platform === process.platform && read.dist === dist && Array.isArray(read.v8Flags);
    info = fits && existsSync(blob) ? read : undefined;
  } catch {
    info = undefined;
  }
  if (!info) return { missing: true };
  if (isBatchBuild(process.argv.slice(2))) return { missing: false };
  if (!onlySafeOptions(process.execArgv) || !onlySafeOptions((process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean))) return { missing: false };
  return { info, missing: false };
}

/**
 * Makes the snapshot for this folder in a detached background process (dist/brief-make-snapshot.mjs, about 3 s), so
 * that the next command starts from it; only where the package's folder is writable, and one maker at a time.
 */
function makeSnapshotInBackground(): void {
  const maker = path.join(dist, 'brief-make-snapshot.mjs');
  if (!existsSync(maker) || !existsSync(path.join(dist, 'brief-snapshot.cjs'))) return;
  const lock = `${blob}.lock`;
  try {
    accessSync(dist, constants.W_OK);
    // A lock younger than two minutes: another maker is at work; an older one was left by a maker that died.
    if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs < 120_000) return;
    rmSync(lock, { force: true });
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    return; // read-only install, or another maker took the lock first
  }
  try {
    spawn(process.execPath, [maker, '--lock', lock], { detached: true, stdio: 'ignore' }).unref();
  } catch {
    rmSync(lock, { force: true });
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

/** A step of the build, as the CLI announces it on fd 3 (see BuildContext.onStep). */
interface Step {
  stage: string;
  file: string;
  seconds: number;
}

/** The heap the snapshot's CLI may use (its --max-old-space-size, set when the snapshot was made). */
function heapLimitMb(info: SnapshotInfo): number | undefined {
  const flag = info.v8Flags.find((f) => f.startsWith('--max-old-space-size='));
  return flag ? Number(flag.split('=')[1]) : undefined;
}

/** A located error for a step the watchdog stopped, as the CLI prints its own (file:line:col  error  message  rule). */
function stepError(step: Step | undefined, message: string, rule: string): string {
  const where = step?.file ? path.relative(process.cwd(), step.file) || step.file : '<command line>';
  return `${where}:1:1  error  ${message}  ${rule}\n\n1 error; nothing was written.\n`;
}

// V8's report of an exhausted heap, followed by a native stack trace: replaced by a located error.
const OUT_OF_MEMORY = /<--- Last few GCs --->|FATAL ERROR:.*(heap out of memory|Allocation failed)/;

const { info: snapshot, missing } = fittingSnapshot();
if (snapshot) {
  trace('snapshot');
  // Why `--`: with no script named, Node would take the user's options (--help, --version) as its own.
  // stderr is read to catch V8's out-of-memory report, fd 3 carries the CLI's steps for the watchdog.
  const child = spawn(process.execPath, [...snapshot.v8Flags, ...process.execArgv, '--snapshot-blob', blob, '--', ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'pipe', 'pipe'],
    env: { ...process.env, BRIEFSMITH_LAUNCHER: process.argv[1] ?? 'brief', BRIEFSMITH_STEPS_FD: '3' },
  });
  let step: Step | undefined;
  let stepStarted = Date.now();
  let outOfMemory = false;
  let stopped = false;
  let pending = '';
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        step = JSON.parse(line) as Step;
        stepStarted = Date.now();
      } catch {
        // not a step
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    if (outOfMemory) return;
    const text = chunk.toString('utf8');
    const m = OUT_OF_MEMORY.exec(text);
    if (!m) {
      process.stderr.write(chunk);
      return;
    }
    outOfMemory = true;
    process.stderr.write(text.slice(0, m.index));
  });
  // A step that overruns its budget is stopped: a hang never holds the terminal.
  const watchdog = setInterval(() => {
    if (!step || stopped || Date.now() - stepStarted <= step.seconds * 1000) return;
    stopped = true;
    child.kill('SIGKILL');
  }, 250);
  watchdog.unref();
  // Why: Ctrl-C reaches both processes; the launcher waits for the CLI to finish its own clean-up and passes on signals sent to it alone.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, () => child.kill(s));
  child.on('error', (err) => {
    process.stderr.write(`briefsmith: cannot start Node (${err.message})\n`);
    process.exit(2);
  });
  // 'close', not 'exit': the out-of-memory report on stderr may arrive after the process has exited.
  child.on('close', (code, signal) => {
    clearInterval(watchdog);
    if (stopped || outOfMemory) {
      const limit = heapLimitMb(snapshot);
      process.stderr.write(
        stopped
          ? stepError(step, `${stepWords(step)} took longer than ${step!.seconds} s and was stopped (raise limits.maxStepSeconds in series.yaml if this is intended)`, 'limits/time')
          : stepError(step, `${stepWords(step)} ran out of memory${limit ? ` (over ${limit} MB)` : ''} and was stopped; the input asks for more work than a brief should`, 'limits/memory'),
      );
      process.exit(1);
    }
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
  if (missing) makeSnapshotInBackground();
  await runBundle();
}
