/**
 * Runs the preview's builds on a watched worker thread (src/batch/watched-worker.ts): a brief that hangs a step or
 * exhausts memory stops only the worker, shows as a located problem, and the next save builds on a fresh one.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../package-root.js';
import type { Worker } from 'node:worker_threads';
import type { BuildStep } from '../build-context.js';
import type { OutputFormat } from '../pipeline.js';
import { askWatched, startWorker, stoppedDiagnostic } from '../batch/watched-worker.js';
import type { PreviewOutcome } from './preview-build.js';

/** What the server asks its worker. */
export type PreviewRequest = { kind: 'build'; editionDir: string } | { kind: 'download'; editionDir: string; format: OutputFormat };

/** What the worker answers: a step starting, a build's outcome, a download, or why a download failed. */
export type PreviewReply = { step: BuildStep } | { outcome: PreviewOutcome } | { download: Uint8Array } | { failed: string };

/** The preview's builder: one worker at a time, replaced when it is stopped. */
export class PreviewRunner {
  private worker: Worker | undefined;

  constructor(
    private readonly editionDir: string,
    private readonly url = workerUrl(),
  ) {}

  private ask(req: PreviewRequest): ReturnType<typeof askWatched<PreviewReply>> {
    this.worker ??= startWorker(this.url);
    return askWatched<PreviewReply>(this.worker, req);
  }

  private replace(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** Builds the preview; a stopped worker becomes a problem located at the step's file. */
  async build(): Promise<PreviewOutcome> {
    const answer = await this.ask({ kind: 'build', editionDir: this.editionDir });
    if ('reply' in answer && 'outcome' in answer.reply) return answer.reply.outcome;
    this.replace();
    const failure = 'failure' in answer ? answer.failure : 'crash';
    return { ok: false, diagnostics: [stoppedDiagnostic(failure, 'failure' in answer ? answer.step : undefined, path.join(this.editionDir, 'edition.yaml'))] };
  }

  /** One output of the edition, built as `brief build` builds it. */
  async download(format: OutputFormat): Promise<Buffer> {
    const answer = await this.ask({ kind: 'download', editionDir: this.editionDir, format });
    if ('reply' in answer && 'download' in answer.reply) return Buffer.from(answer.reply.download);
    if (!('reply' in answer)) this.replace();
    throw new Error('reply' in answer && 'failed' in answer.reply ? answer.reply.failed : `the ${format} could not be built`);
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/**
 * The worker's script: beside the bundled CLI (dist/brief-preview-worker.mjs); beside this file when compiled but
 * unbundled; tsc's output in dist/ when this file runs from its TypeScript source (tests).
 */
function workerUrl(): URL {
  if (import.meta.url.endsWith('.ts')) return pathToFileURL(path.join(packageRoot, 'dist', 'src', 'preview', 'preview-worker.js'));
  return import.meta.url.endsWith('.js') ? new URL('./preview-worker.js', import.meta.url) : new URL('./brief-preview-worker.mjs', import.meta.url);
}
