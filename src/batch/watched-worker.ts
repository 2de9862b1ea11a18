/**
 * Worker threads that a brief cannot take down with them: each has a memory
 * ceiling, announces its build steps, and is stopped when a step overruns its
 * budget. The batch and the preview run their builds on such workers.
 */
import { Worker } from 'node:worker_threads';
import type { BuildStep } from '../build-context.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { stepWords } from '../diagnostics/step-words.js';

/** The heap a build worker may use before it is stopped (as `brief build` is, from its snapshot). */
export const WORKER_HEAP_MB = 2048;

/** Why a worker was stopped. */
export type Failure = 'memory' | 'time' | 'crash';

/** A worker's answer, or why it gave none. */
export type Watched<R> = { reply: R } | { failure: Failure; step?: BuildStep };

/** Starts a build worker with the memory ceiling. */
export function startWorker(url: URL): Worker {
  return new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
}

/** Sends `request` and waits for the first message that is not a step, watching the steps' budgets. */
export function askWatched<R>(worker: Worker, request: unknown): Promise<Watched<R>> {
  return new Promise((resolve) => {
    let step: BuildStep | undefined;
    let since = Date.now();
    const done = (o: Watched<R>) => {
      clearInterval(watchdog);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(o);
    };
    const onMessage = (m: { step?: BuildStep }) => {
      if (m.step) {
        step = m.step;
        since = Date.now();
      } else done({ reply: m as R });
    };
    const onError = (err: Error) => done({ failure: (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', step });
    const onExit = () => done({ failure: 'crash', step });
    const watchdog = setInterval(() => {
      if (step && Date.now() - since > step.seconds * 1000) done({ failure: 'time', step });
    }, 250);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(request);
  });
}

/** The located error for a stopped worker, at the file of the step it was on (`fallback` before any step). */
export function stoppedDiagnostic(failure: Failure, step: BuildStep | undefined, fallback: string, context = ''): Diagnostic {
  const what = `${stepWords(step)}${context}`;
  const message =
    failure === 'time'
      ? `${what} took longer than ${step!.seconds} s and was stopped (raise limits.maxStepSeconds in series.yaml if this is intended)`
      : failure === 'memory'
        ? `${what} ran out of memory (over ${WORKER_HEAP_MB} MB) and was stopped; the input asks for more work than a brief should`
        : `${what} stopped its worker thread unexpectedly`;
  return { severity: 'error', rule: failure === 'crash' ? 'internal' : `limits/${failure}`, message, position: { file: step?.file || fallback, line: 1, column: 1 } };
}
