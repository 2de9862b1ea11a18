/**
 * `brief build --all`: every edition of a series, in parallel on worker
 * threads (one per core), with a progress bar on a terminal and plain lines
 * otherwise. One edition's errors never stop the others.
 */
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import path from 'node:path';
import { formatDiagnostic } from '../diagnostics/diagnostic.js';
import { resolveTarget } from '../1-load/load-brief.js';
import type { BuildOptions } from '../pipeline.js';
import { updateOutputIndex } from '../files/output-index.js';
import { checkOutputFolder } from '../files/atomic-write.js';
import { withOutputLock } from '../files/output-lock.js';
import type { WorkerReply } from './messages.js';
import { askWatched, startWorker, stoppedDiagnostic } from './watched-worker.js';

/** Outcome of a batch: one reply per edition, in edition order. */
export interface BatchResult {
  replies: WorkerReply[];
  ms: number;
}

/** Builds every edition of the series at `options.input`; `log` receives progress and report lines. */
export async function buildAll(options: Omit<BuildOptions, 'edition'> & { workers?: number }, log: NodeJS.WritableStream = process.stderr): Promise<BatchResult> {
  await checkOutputFolder(options.outDir);
  // The batch holds the output folder's lock from the first file to the index; its workers do not take it.
  return withOutputLock(options.outDir, () => runBatch(options, log));
}

async function runBatch(options: Omit<BuildOptions, 'edition'> & { workers?: number }, log: NodeJS.WritableStream): Promise<BatchResult> {
  const started = performance.now();
  const { editionIds } = resolveTarget(options.input);
  const size = Math.max(1, Math.min(options.workers ?? defaultWorkers(editionIds.length, availableParallelism()), editionIds.length));
  const tty = (log as NodeJS.WriteStream).isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar({ format: 'building {bar} {value}/{total} editions | {edition}', stream: log as NodeJS.WriteStream, hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(editionIds.length, 0, { edition: '' });
  const replies = new Map<string, WorkerReply>();
  const queue = [...editionIds];
  // The bundled CLI (dist/brief-*.mjs|cjs) ships its worker as dist/brief-worker.mjs; the unbundled one (.js) sits beside this file.
  const workerUrl = !import.meta.url.endsWith('.js') ? new URL('./brief-worker.mjs', import.meta.url) : new URL('./build-worker.js', import.meta.url);
  // Each worker has a memory ceiling; one that runs out, or whose step overruns its budget, is replaced, and that
  // edition fails with a located error while the others go on.
  const start = () => startWorker(workerUrl);
  const workers = Array.from({ length: size }, start);
  try {
    await Promise.all(
      workers.map(async (_, k) => {
        for (let edition = queue.shift(); edition !== undefined; edition = queue.shift()) {
          const started = performance.now();
          const outcome = await askWatched<{ reply: WorkerReply }>(workers[k]!, { ...options, edition, lock: false });
          if ('failure' in outcome) {
            void workers[k]!.terminate();
            workers[k] = start();
          }
          const ms = performance.now() - started;
          const stopped =
            'failure' in outcome ? stoppedDiagnostic(outcome.failure, outcome.step, path.join(resolveTarget(options.input, edition).editionDir, 'edition.yaml'), ` (edition ${edition})`) : undefined;
          const reply: WorkerReply =
            'reply' in outcome ? outcome.reply.reply : stopped!.rule === 'internal' ? { ok: false, edition, internal: stopped!.message, ms } : { ok: false, edition, diagnostics: [stopped!], ms };
          replies.set(edition, reply);
          if (bar) bar.increment(1, { edition });
          else log.write(`${reply.ok ? 'built ' : 'FAILED'} ${edition} (${Math.round(reply.ms)} ms)\n`);
        }
      }),
    );
  } finally {
    bar?.stop();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const ordered = editionIds.map((id) => replies.get(id)!);
  const built = ordered.filter((r): r is Extract<WorkerReply, { ok: true }> => r.ok);
  if (built[0])
    await updateOutputIndex(
      options.outDir,
      built[0].series,
      built.map((r) => ({ edition: r.edition, date: r.date, title: r.title, marking: r.marking, files: r.files })),
    );
  return { replies: ordered, ms: performance.now() - started };
}

/**
 * Editions a worker should have to itself before another is worth starting. Why: each worker loads the bundle and
 * the fonts cold, and one worker already keeps a second core busy drawing pictures; on 2 cores one worker built 3
 * editions in 2.5 s and 10 in 4.2 s against 2.9 s and 4.7 s with two, while 52 took 15.4 s with one and 13.1 s with two.
 */
const EDITIONS_PER_WORKER = 24;

/** How many worker threads a batch of `editions` gets by default: one per EDITIONS_PER_WORKER editions, at most one per core. */
export function defaultWorkers(editions: number, cores: number): number {
  return Math.max(1, Math.min(cores, Math.floor(editions / EDITIONS_PER_WORKER)));
}

/** The end-of-batch report: a summary table, then every failed edition's diagnostics. */
export function batchReport(result: BatchResult): string {
  const lines = ['', '| edition | files | time | warnings | result |', '| --- | --- | --- | --- | --- |'];
  for (const r of result.replies) {
    lines.push(
      r.ok
        ? `| ${r.edition} | ${r.files.map((f) => f.format).join(', ')} | ${Math.round(r.ms)} ms | ${r.warnings.length} | ok |`
        : `| ${r.edition} | – | ${Math.round(r.ms)} ms | – | ${r.internal ? 'internal error' : `${r.diagnostics?.filter((d) => d.severity === 'error').length ?? 0} errors`} |`,
    );
  }
  const failed = result.replies.filter((r) => !r.ok);
  lines.push(
    '',
    `${result.replies.length - failed.length} of ${result.replies.length} editions built in ${(result.ms / 1000).toFixed(1)} s${failed.length ? `; failed: ${failed.map((f) => f.edition).join(', ')}` : ''}.`,
  );
  for (const r of failed) {
    if (r.ok) continue;
    lines.push('', `${r.edition}:`);
    if (r.internal) lines.push(`internal error (a bug in Briefsmith, please report it):\n${r.internal}`);
    for (const d of r.diagnostics ?? []) lines.push(formatDiagnostic(d));
  }
  return `${lines.join('\n')}\n`;
}
