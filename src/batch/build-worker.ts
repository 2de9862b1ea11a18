/** A worker thread that builds editions on request; the chart cache and fonts stay warm across its editions. */
import { parentPort } from 'node:worker_threads';
import { BriefError } from '../diagnostics/diagnostic.js';
import { build, type BuildOptions } from '../pipeline.js';
import { BuildContext } from '../build-context.js';
import type { WorkerMessage, WorkerReply } from './messages.js';

/** Builds each edition the main thread sends, all in one build context, so fonts, shaping, charts and templates stay warm. */
function serve(ctx: BuildContext): void {
  // Each step is announced: the main thread stops a worker whose step overruns its budget.
  ctx.onStep = (step) => parentPort!.postMessage({ step } satisfies WorkerMessage);
  parentPort!.on('message', (options: BuildOptions) => void reply(options, ctx));
}

async function reply(options: BuildOptions, ctx: BuildContext): Promise<void> {
  const started = performance.now();
  let reply: WorkerReply;
  try {
    const r = await build(options, ctx);
    const m = r.document.meta;
    reply = {
      ok: true,
      edition: m.editionId,
      date: m.editionDate,
      title: m.title,
      marking: m.marking,
      series: { id: m.seriesId, title: m.seriesTitle },
      files: r.files,
      warnings: r.warnings,
      ms: performance.now() - started,
    };
  } catch (err) {
    reply =
      err instanceof BriefError
        ? { ok: false, edition: options.edition!, diagnostics: err.diagnostics, ms: performance.now() - started }
        : { ok: false, edition: options.edition!, internal: (err as Error).stack ?? String(err), ms: performance.now() - started };
  }
  parentPort!.postMessage({ reply } satisfies WorkerMessage);
}

serve(new BuildContext());
