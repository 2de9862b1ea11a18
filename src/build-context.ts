/**
 * The build context (esbuild's habit): every cache a build keeps between
 * stages and between builds lives here, bounded, never in a module. One CLI
 * command, one batch worker, one preview server each own one; the start-up
 * snapshot saves a warmed one. Stages receive only the parts they use.
 */
import { ParsedFiles } from './1-load/yaml-source.js';
import { Schemas } from './2-validate/schema-validator.js';
import { ChartCache } from './4-charts/render-chart.js';
import { TemplateCache } from './5-template/template-engine.js';
import { FontBook } from './text/font-book.js';
import { Rasterizer } from './raster/rasterize.js';

/** A step of a build as it starts: what runs, on which file, and how long it may take (the watchdogs' view). */
export interface BuildStep {
  stage: string;
  /** The file the step works on (a chart's spec), or the edition's edition.yaml. */
  file: string;
  /** Seconds the step may take (series.yaml `limits.maxStepSeconds`). */
  seconds: number;
}

/** Caches and shared state of the builds one process runs. */
export class BuildContext {
  /** Parsed YAML files, by path, modification time and size. */
  readonly files = new ParsedFiles();
  /** Compiled JSON Schemas. */
  readonly schemas = new Schemas();
  /** Parsed fonts, their coverage and their shaping. */
  readonly fonts = new FontBook();
  /** Rendered charts, by spec, data and theme. */
  readonly charts = new ChartCache();
  /** Chart pictures (PNG), drawn once and ahead of need. */
  readonly rasters = new Rasterizer();
  /** Compiled template sets, by their files' contents. */
  readonly templates = new TemplateCache();
  /** Milliseconds spent in each stage since the context was made (`brief build --timings` prints them). */
  readonly timings = new Map<string, number>();
  /**
   * Told as each step starts: the launcher's watchdog (through a pipe) and the batch's (through worker messages)
   * stop a step that runs too long, or that ran out of memory, and report it at its file. None by default.
   */
  onStep: ((step: BuildStep) => void) | undefined;
  /** The budget and file of the build in progress, for `onStep`. */
  readonly current = { seconds: 60, file: '' };

  /** Announces a step (see `onStep`). */
  step(stage: string, file?: string): void {
    if (!this.onStep) return;
    this.onStep({ stage, file: file ?? this.current.file, seconds: this.current.seconds });
    simulateStepFailure(stage);
  }

  /** Runs `fn` and adds the time it took to `stage`'s total; `file` names what it works on, for the watchdogs. */
  time<T>(stage: string, fn: () => T, file?: string): T {
    this.step(stage, file);
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.timings.set(stage, (this.timings.get(stage) ?? 0) + performance.now() - started);
    }
  }

  /** As `time`, for a stage that waits. */
  async timeAsync<T>(stage: string, fn: () => Promise<T>, file?: string): Promise<T> {
    this.step(stage, file);
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.timings.set(stage, (this.timings.get(stage) ?? 0) + performance.now() - started);
    }
  }

  /**
   * Makes dates in charts independent of the machine's time zone. Why each build calls it: vega formats and bins
   * dates in the process's local time, Node has one time zone per process, and a context saved in the start-up
   * snapshot wakes up in whatever time zone the user's shell has.
   */
  useUtc(): void {
    if (process.env.TZ !== 'UTC') process.env.TZ = 'UTC';
  }

  /**
   * Forgets everything learnt from the content of briefs (parsed files, charts,
   * pictures, shaped text), keeping what is content-free: compiled schemas and
   * templates, parsed fonts. The start-up snapshot must carry no brief's content.
   */
  forgetContent(): void {
    this.timings.clear();
    this.files.clear();
    this.charts.clear();
    this.rasters.clear();
    this.fonts.forgetContent();
  }
}

/**
 * Testing aid: BRIEFSMITH_SIMULATE_STEP="hang:<stage>" or "oom:<stage>" makes that step hang or exhaust the heap,
 * so the watchdogs (launcher, batch) can be tested without a hostile input that the guards would refuse first.
 */
function simulateStepFailure(stage: string): void {
  const [kind, at] = (process.env.BRIEFSMITH_SIMULATE_STEP ?? '').split(/:(.*)/);
  if (at !== stage) return;
  if (kind === 'hang') for (;;);
  if (kind === 'oom') {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(1e7).fill(hoard.length + 0.5));
  }
}
