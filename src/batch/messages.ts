/** Messages between the batch builder and its worker threads. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuildResult } from '../pipeline.js';
import type { BuildStep } from '../build-context.js';

/** What a worker reports for one edition. */
export type WorkerReply =
  | { ok: true; edition: string; date: string; title: string; marking: string; series: { id: string; title: string }; files: BuildResult['files']; warnings: Diagnostic[]; ms: number }
  | { ok: false; edition: string; diagnostics?: Diagnostic[]; internal?: string; ms: number };

/** A worker's message: a step starting (for the watchdog), or its reply for an edition. */
export type WorkerMessage = { step: BuildStep } | { reply: WorkerReply };
