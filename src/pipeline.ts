/**
 * The pipeline, in one place:
 *
 *   load (1-load)          series.yaml + edition files, parsed with positions
 *     → validate (2-validate)  JSON Schemas, cross-references, theme → Brief
 *     → editions (editions)    previous edition, indicator history → changes, trends
 *     → charts (charts)        every figure's Vega-Lite spec → SVG, sandboxed
 *     → templates (3-template) Handlebars deck and memo templates → markup
 *     → document (4-document)  markup + brief → one typed BriefDocument
 *     → lint (lint)            tradecraft checks on brief and document (warnings)
 *     → writers (5-writers)    pptx, pdf (each in its own folder)
 *     → output (6-output)      atomic writes, only after every writer succeeded
 *
 * Each stage collects every problem it finds and fails once with all of them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DiagnosticSink, type Diagnostic } from './diagnostics/diagnostic.js';
import { messages } from './diagnostics/messages.js';
import { loadBrief, resolveTarget } from './1-load/load-brief.js';
import { validateBrief } from './2-validate/validate-brief.js';
import type { Brief } from './2-validate/brief.js';
import { figureRows, renderChart, type RenderedChart } from './4-charts/render-chart.js';
import { drawnAsPicture, prefetchRaster } from './raster/rasterize.js';
import { previousBrief, indicatorHistory } from './3-editions/history.js';
import { trendFigures } from './3-editions/trend-figures.js';
import { briefForAudiences } from './distribute/audience-filter.js';
import { lintBrief } from './lint/lint-brief.js';
import { compareEditions, type Change, type FigureRows } from './3-editions/compare-editions.js';
import { mergeTemplate } from './5-template/template-engine.js';
import { parseMarkup } from './6-document/parse-markup.js';
import { buildDocument, portionMarkFor } from './6-document/build-document.js';
import type { BriefDocument } from './6-document/types.js';
import { FontSet } from './fonts/font-set.js';
import { writeFileAtomic } from './files/atomic-write.js';

/** Output formats the build can write. */
export type OutputFormat = 'pptx' | 'pdf';
/** All output formats, in the order they are written. */
export const outputFormats: OutputFormat[] = ['pptx', 'pdf'];

/** Options of one build. */
export interface BuildOptions {
  /** A series folder, an edition folder, or undefined for the built-in sample. */
  input?: string;
  edition?: string;
  /** Output folder; files go into `<outDir>/<edition id>/`. */
  outDir: string;
  formats: OutputFormat[];
  /** Write the memo as PDF/A-2b even if the series does not ask for it. */
  pdfa?: boolean;
  /** Treat tradecraft warnings (brief lint) as errors. */
  strict?: boolean;
}

/** What a build produced. */
export interface BuildResult {
  document: BriefDocument;
  files: { format: OutputFormat; file: string; bytes: number; sha256: string }[];
  warnings: Diagnostic[];
}

/** Runs the stages up to the document model (no files written). */
export async function buildDocumentFor(
  options: Pick<BuildOptions, 'input' | 'edition' | 'strict'> & { audiences?: readonly string[]; prefetchFor?: readonly OutputFormat[] },
  sink = new DiagnosticSink(),
): Promise<{ document: BriefDocument; fonts: FontSet; sink: DiagnosticSink }> {
  const target = resolveTarget(options.input, options.edition);
  const loaded = await loadBrief(target, sink);
  // A reader's copy leaves out what is not releasable to their audiences; the full product keeps everything.
  const brief = briefForAudiences(await validateBrief(loaded, sink), options.audiences);
  const fonts = new FontSet(brief.theme);
  checkGlyphs(brief, fonts, sink);

  // Editions: the trend of each indicator so far, and what changed since the previous edition.
  const [previousFull, history] = await Promise.all([previousBrief(target, sink, brief.edition.position), indicatorHistory(target, brief)]);
  const previous = previousFull && briefForAudiences(previousFull, options.audiences);
  brief.figures.push(...trendFigures(brief, history));

  const charts = new Map<string, RenderedChart>();
  for (const fig of brief.figures) {
    const chart = await renderChart({ specFile: fig.specFile, spec: fig.spec, root: brief.series.dir, at: fig.position, datasets: brief.edition.datasets, limits: brief.series.limits }, fonts, sink);
    if (chart) charts.set(fig.id, chart);
    if (chart && fig.render === 'native' && !chart.native) sink.warn(fig.position, messages.nativeFallback(chart.nativeReason ?? 'unsupported spec'), 'chart/native-fallback');
  }
  sink.throwIfErrors();
  // Charts the writers will place as pictures start rendering on the second core now, biggest first, while the stages below run.
  if (options.prefetchFor?.length) {
    const writers = [...(options.prefetchFor.includes('pptx') ? ['deck' as const] : []), ...(options.prefetchFor.includes('pdf') ? ['memo' as const] : [])];
    const pictures = brief.figures.flatMap((f) => {
      const c = charts.get(f.id);
      return c && writers.some((w) => drawnAsPicture(c, f.render, w)) ? [c] : [];
    });
    for (const c of pictures.sort((a, b) => b.svg.length - a.svg.length)) void prefetchRaster(c.svg, brief.theme, 2);
  }
  const changes = previous ? { since: previous.edition.id, items: compareEditions(previous, brief, await figureRowPairs(previous, brief, charts)) } : { items: [] };

  const context = templateContext(brief, changes);
  const deckMarkup = mergeTemplate('deck', brief.series.dir, context, sink);
  const memoMarkup = mergeTemplate('memo', brief.series.dir, context, sink);
  sink.throwIfErrors();
  const deck = parseMarkup(deckMarkup!.markup, deckMarkup!.file, sink);
  const memo = parseMarkup(memoMarkup!.markup, memoMarkup!.file, sink);
  sink.throwIfErrors();
  const document = buildDocument({ brief, deck: deck!, memo: memo!, charts, changes, audiences: options.audiences }, sink);
  const base = brief.series.deckBase;
  if (base) {
    // The organisation's template sets the slide size; its layouts are checked before anything is written.
    const { checkBase, BaseTemplateError } = await import('./5-writers/pptx/base-template.js');
    try {
      document.deck.size = await checkBase(await readFile(base.file), base.layouts);
      document.deck.base = { file: base.file, layouts: base.layouts };
    } catch (err) {
      if (!(err instanceof BaseTemplateError)) throw err;
      sink.error(base.position, err.message, 'deck/base');
      sink.throwIfErrors();
    }
  }

  // Tradecraft checks: warnings, or errors under --strict.
  const lint = new DiagnosticSink();
  lintBrief({ brief, document, rows: new Map(brief.figures.map((f) => [f.id, charts.get(f.id)?.rows])) }, lint);
  for (const d of lint.items) sink.items.push(options.strict ? { ...d, severity: 'error' } : d);
  sink.throwIfErrors();
  return { document, fonts, sink };
}

/** Builds one edition and writes the requested formats; throws BriefError on user mistakes. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { document, fonts, sink } = await buildDocumentFor({ ...options, prefetchFor: options.formats });
  const data = new Map<OutputFormat, Buffer>();
  // Writers load lazily so a pdf-only build never pays for pptxgenjs, and vice versa.
  const pptxWriter = options.formats.includes('pptx') ? await import('./5-writers/pptx/index.js') : undefined;
  // Why this order: the deck's pictures render on a libuv thread (the second core) while the memo is written here.
  if (options.formats.includes('pdf')) {
    const { writePdf } = await import('./5-writers/pdf/index.js');
    data.set('pdf', await writePdf(document, fonts, { pdfa: options.pdfa || document.meta.pdfa }));
  }
  if (pptxWriter) {
    releaseGarbage();
    data.set('pptx', await pptxWriter.writePptx(document, fonts));
  }
  const outputs = options.formats.map((format) => ({ format, data: data.get(format)! }));
  const dir = path.join(options.outDir, document.meta.editionId);
  const base = `${document.meta.seriesId}-${document.meta.editionId}`;
  const files: BuildResult['files'] = [];
  for (const o of outputs) {
    const file = path.join(dir, `${base}.${o.format}`);
    await writeFileAtomic(file, o.data);
    files.push({ format: o.format, file, bytes: o.data.length, sha256: createHash('sha256').update(o.data).digest('hex') });
  }
  return { document, files, warnings: sink.warnings };
}

/**
 * A full garbage collection between the memo and the deck, when the heap is big. Why: a large brief's memo leaves
 * ~100 MB of garbage that V8 would still hold at the deck's peak (measured 650 → 520 MB, no time lost); `gc` exists
 * when Node runs with --expose-gc, as `brief` does from its start-up snapshot (src/bin/bundle.ts).
 */
function releaseGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && process.memoryUsage().heapUsed > 160 * 2 ** 20) gc();
}

/** Parses a comma-separated format list. */
export function parseFormats(value: string, sink: DiagnosticSink): OutputFormat[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of list) if (!outputFormats.includes(f as OutputFormat)) sink.error({ file: '<command line>', line: 1, column: 1 }, messages.badFormat(f), 'cli/format');
  return list.filter((f): f is OutputFormat => outputFormats.includes(f as OutputFormat));
}

const internalKeys = new Set(['position', 'blufPosition', 'dir', 'specFile']);

/** A copy of brief data without the bookkeeping fields (positions, paths) that templates have no use for. */
function templateView<T>(value: T): T {
  if (Array.isArray(value)) return value.map(templateView) as T;
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !internalKeys.has(k)).map(([k, v]) => [k, k === 'datasets' ? v : templateView(v)])) as T;
}

/** Each shared figure's data in the previous and the current edition. */
async function figureRowPairs(previous: Brief, brief: Brief, charts: Map<string, RenderedChart>): Promise<Map<string, FigureRows>> {
  const pairs = new Map<string, FigureRows>();
  await Promise.all(
    previous.figures.map(async (p) => {
      if (!brief.figures.some((f) => f.id === p.id)) return;
      pairs.set(p.id, { previous: await figureRows(p.specFile, previous.series.dir, previous.edition.datasets), current: charts.get(p.id)?.rows });
    }),
  );
  return pairs;
}

/** The data templates see: the validated brief, plus derived values. */
export function templateContext(brief: Brief, changes: { since?: string; items: Change[] } = { items: [] }): object {
  return templateView({
    changes: changes.items,
    previousEdition: changes.since ?? null,
    series: brief.series,
    edition: brief.edition,
    judgments: brief.judgments,
    sources: brief.sources,
    figures: brief.figures,
    marking: brief.edition.marking,
    portionMark: portionMarkFor(brief.edition.marking),
  });
}

/** Warns, at the data's position, about characters no theme font can draw. */
function checkGlyphs(brief: Brief, fonts: FontSet, sink: DiagnosticSink): void {
  const check = (text: string | undefined, position: Diagnostic['position']) => {
    if (!text) return;
    const missing = fonts.missingChars(text, 'body');
    if (missing.length) sink.warn(position, messages.missingGlyphs(missing.join(''), text), 'font/missing-glyph');
  };
  check(brief.edition.title, brief.edition.position);
  check(brief.edition.bluf, brief.edition.blufPosition);
  for (const j of brief.judgments) {
    check(j.statement, j.position);
    check(j.discussion, j.position);
    for (const e of j.evidence) check(e.text, e.position);
  }
  for (const s of brief.sources) check(`${s.publisher} ${s.title}`, s.position);
  for (const f of brief.figures) check(`${f.title} ${f.takeaway}`, f.position);
}
