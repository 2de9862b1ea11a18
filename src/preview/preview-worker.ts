/** The preview's worker thread: builds on request, in one build context for its life, announcing each step to the server's watchdog. */
import { parentPort } from 'node:worker_threads';
import { BuildContext } from '../build-context.js';
import type { OutputFormat } from '../pipeline.js';
import { buildDownload, buildPreview } from './preview-build.js';
import type { PreviewReply, PreviewRequest } from './preview-runner.js';

const ctx = new BuildContext();
ctx.onStep = (step) => parentPort!.postMessage({ step } satisfies PreviewReply);
parentPort!.on('message', (req: PreviewRequest) => {
  void (async () => {
    if (req.kind === 'build') parentPort!.postMessage({ outcome: await buildPreview(req.editionDir, ctx) } satisfies PreviewReply);
    else {
      try {
        const data = await buildDownload(req.editionDir, req.format as OutputFormat, ctx);
        parentPort!.postMessage({ download: data } satisfies PreviewReply);
      } catch (err) {
        parentPort!.postMessage({ failed: (err as Error).message } satisfies PreviewReply);
      }
    }
  })();
});
