/**
 * The pipeline, in one place:
 *
 *   load (1-load)            series.yaml + edition files, parsed with positions
 *     → validate (2-validate)  JSON Schemas, cross-references, theme → Brief
 *     → editions (3-editions)  previous edition, indicator history → changes, trends
 *     → charts (4-charts)      every figure's Vega-Lite spec → SVG, sandboxed
 *     → template (5-template)  Handlebars deck and memo templates → markup
 *     → document (6-document)  markup + brief → one typed BriefDocument (+ lint)
 *     → realize (7-realize)    domain nodes → generic blocks, with all wording; native/vector/picture per chart
 *     → layout (8-layout)      deck → positioned slides; memo → pages (one text engine for both)
 *     → emit (9-emit)          pptx, pdf, docx, html: serialize, nothing more
 *     → files                  atomic writes, only after every emitter succeeded
 *
 * Each stage collects every problem it finds and fails once with all of them.
 * The caches every stage may keep live in a BuildContext, not in modules.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { BriefError, DiagnosticSink, codeFrame, fileStart, type Diagnostic, type Position } from './diagnostics/diagnostic.js';
import { messages } from './diagnostics/messages.js';
import { BuildContext } from './build-context.js';
import { loadBrief, resolveTarget } from './1-load/load-brief.js';
import { readInput, type InputKind } from './1-load/input-files.js';
import { defaultLimits } from './1-load/limits.js';
import { packageRoot } from './package-root.js';
import { validateBrief, type BriefParts } from './2-validate/validate-brief.js';
import { releaseFor } from './2-validate/release.js';
import type { Brief } from './2-validate/brief.js';
import { builtInThemeDir, loadTheme, type Theme } from './2-validate/theme.js';
import { previousBrief, indicatorHistory } from './3-editions/history.js';
import { trendFigures, type TrendSentence } from './3-editions/trend-figures.js';
import { compareEditions, type Change, type FigureRows } from './3-editions/compare-editions.js';
import { figureRows, renderChart, type ChartRequest, type RenderedChart } from './4-charts/render-chart.js';
import type { ChartFit } from './4-charts/fit-spec.js';
import { mergeTemplate, templatePlace, templateSet, traceTemplate, type MergedTemplate, type TemplateSet, type TemplateTrace } from './5-template/template-engine.js';
import { parseMarkup } from './6-document/parse-markup.js';
import { buildDocument, portionMarkFor } from './6-document/build-document.js';
import type { BriefDocument } from './6-document/types.js';
import { deckChart, memoChart, realizeDeck, realizeMemo, realizedFigures } from './7-realize/realize.js';
import type { ChartContent, RealizedDeck, RealizedMemo } from './7-realize/types.js';
import { figureSourceLine, latestEstimate } from './7-realize/wording.js';
import { deckChartBox, layoutDeck, SUBSTITUTE_SAFETY, WIDTH_SAFETY } from './8-layout/deck/layout-deck.js';
import type { BaseProfile, DeckLayout } from './8-layout/deck/types.js';
import { layoutDeckOnBase } from './8-layout/deck/layout-on-base.js';
import { templateFaceFiles } from './2-validate/theme.js';
import { isOfficeFace } from './text/office-faces.js';
import { layoutMemo, memoColumnWidth, type MemoTheme } from './8-layout/memo/layout-memo.js';
import type { MemoLayout } from './8-layout/memo/types.js';
import { lintBrief } from './lint/lint-brief.js';
import { FontSet } from './text/font-set.js';
import { PictureError, type RasterFonts } from './raster/rasterize.js';
import { checkOutputFolder, writeFilesAtomic } from './files/atomic-write.js';
import { withOutputLock } from './files/output-lock.js';
import { updateOutputIndex } from './files/output-index.js';

/** Output formats the build can write. */
export type OutputFormat = 'pptx' | 'pdf' | 'docx';
/** All output formats, in the order they are written. */
export const outputFormats: OutputFormat[] = ['pptx', 'pdf', 'docx'];

/** Options of one build. */
export interface BuildOptions {
  /** A series folder, an edition folder, or undefined for the built-in sample. */
  input?: string;
  edition?: string;
  /** Output folder; files go into `<outDir>/<edition id>/`. */
  outDir: string;
  /** What to write; when absent, the deck and the memo formats the series names (`memo.formats`, the PDF by default). */
  formats?: OutputFormat[];
  /** Write the memo as PDF/A-2b even if the series does not ask for it. */
  pdfa?: boolean;
  /** Treat tradecraft warnings (brief lint) as errors. */
  strict?: boolean;
  /** Also record the edition in the output folder's manifest.json and index.html. */
  index?: boolean;
  /** Build for readers with these audiences: what is not releasable to them is left out, and the files are named for them. */
  audiences?: readonly string[];
  /** Take the output folder's lock while writing (default); false when the caller holds it (a batch). */
  lock?: boolean;
}

/** What a build produced. */
export interface BuildResult {
  document: BriefDocument;
  files: { format: OutputFormat; file: string; bytes: number; sha256: string }[];
  warnings: Diagnostic[];
}

/** The document model of an edition, with what the later stages need. */
export interface BuiltDocument {
  document: BriefDocument;
  fonts: FontSet;
  sink: DiagnosticSink;
  /** The deck's and memo's templates, read and compiled (the realize stage runs their node templates). */
  templates: { deck: TemplateSet; memo: TemplateSet };
  /** The organisation's deck template, read and checked, when the series names one. */
  base?: { data: Buffer; layouts: Record<string, string>; profile: BaseProfile };
  /** The theme's logo, read. */
  logo?: { format: 'png' | 'svg'; data: Buffer };
  /** The memo's formats the series asks for when a build names none. */
  memoFormats: OutputFormat[];
  /** Where each chart's figure is written, by chart hash: a picture that cannot be drawn is reported there. */
  chartAt?: ReadonlyMap<string, Position>;
}

/** Runs the stages up to the document model (no files written). */
export async function buildDocumentFor(
  options: Pick<BuildOptions, 'input' | 'edition' | 'strict'> & { audiences?: readonly string[]; prefetchFor?: readonly OutputFormat[] },
  ctx: BuildContext = new BuildContext(),
  sink = new DiagnosticSink(),
): Promise<BuiltDocument> {
  ctx.useUtc();
  const target = resolveTarget(options.input, options.edition);
  ctx.current.file = path.join(target.editionDir, 'edition.yaml');
  ctx.current.seconds = defaultLimits.maxStepSeconds;
  const loaded = await ctx.timeAsync('1 load', () => loadBrief(target, sink, ctx.files));
  sink.maxPerFile = loaded.limits.maxErrorsPerFile;
  ctx.current.seconds = loaded.limits.maxStepSeconds;
  // Release control: a reader's copy is made from the brief without what they may not see, as if it had never been
  // written; every stage below, the comparison with the previous edition included, sees only that brief.
  // Why the charts of a brief with errors are rendered too: chart mistakes then come in the same run as the others.
  const full = await ctx.timeAsync('2 validate', () => validateBrief(loaded, sink, ctx, (parts) => checkParts(parts, sink, ctx)));
  const { brief, withheld } = releaseFor(full, options.audiences);
  const fonts = new FontSet(brief.theme.fonts, ctx.fonts);
  checkGlyphs(brief, fonts, sink);

  // Editions: the trend of each indicator so far, and what changed since the previous edition.
  const [previousFull, history] = await ctx.timeAsync('3 editions', () =>
    Promise.all([previousBrief(target, sink, brief.edition.position, ctx), indicatorHistory(target, brief, ctx.files, options.audiences)]),
  );
  const previous = previousFull && releaseFor(previousFull, options.audiences).brief;
  const trends = trendFigures(brief, history, latestEstimate);
  brief.figures.push(...trends.figures);

  // Charts are laid out at the size they are placed: here the memo's column; the deck's once its slides are known.
  const charts = new Map<string, RenderedChart>();
  const env = { theme: brief.theme, fonts, cache: ctx.charts, schemas: ctx.schemas };
  // Why white: the memo is printed on plain paper; on the theme's background a chart would sit in a box of its own.
  const memoFit = { width: memoColumnWidth(brief.theme.page), background: '#FFFFFF' };
  for (const fig of brief.figures) {
    const chart = await ctx.timeAsync('4 charts', () => renderChart(chartRequest(fig, brief, memoFit), env, sink), fig.spec ? fig.position.file : fig.specFile);
    if (chart) charts.set(fig.id, chart);
    if (chart && fig.render === 'native' && !chart.native) sink.warn(fig.position, messages.nativeFallback(chart.nativeReason ?? 'unsupported spec'), 'chart/native-fallback');
  }
  // Templates' syntax does not depend on the brief: checked now too when a chart failed, to report it in the same run.
  if (sink.hasErrors) checkTemplateSyntax(brief.series.dir, brief.series.limits, sink, ctx);
  sink.throwIfErrors();
  // Pictures start drawing on the second core now, while the stages below and the memo run on this one.
  if (options.prefetchFor?.includes('pdf'))
    prefetchPictures(
      brief.figures.flatMap((f) => (charts.has(f.id) ? [memoChart(charts.get(f.id)!)] : [])),
      brief.theme,
      ctx,
    );
  const changes = previous
    ? { since: previous.edition.id, items: compareEditions(previous, brief, await ctx.timeAsync('3 editions', () => figureRowPairs(previous, brief, charts)), withheld) }
    : { items: [] };

  const context = templateContext(brief, changes, trends.sentences);
  const locale = brief.series.language;
  const templates = ctx.time('5 template', () => ({
    deck: templateSet('deck', brief.series.dir, sink, ctx.templates, brief.series.limits),
    memo: templateSet('memo', brief.series.dir, sink, ctx.templates, brief.series.limits),
  }));
  sink.throwIfErrors();
  const deckMarkup = ctx.time('5 template', () => mergeTemplate(templates.deck!, context, sink, locale));
  const memoMarkup = ctx.time('5 template', () => mergeTemplate(templates.memo!, context, sink, locale));
  sink.throwIfErrors();
  const from = sink.items.length;
  // Markup errors are found in the merged output; each is moved to the template line that wrote it.
  const relocate = () =>
    relocateMarkupErrors(
      sink,
      from,
      [
        [templates.deck!, deckMarkup!],
        [templates.memo!, memoMarkup!],
      ],
      context,
      locale,
    );
  const document = ctx.time('6 document', () => {
    const deck = parseMarkup(deckMarkup!.markup, deckMarkup!.file, sink);
    const memo = parseMarkup(memoMarkup!.markup, memoMarkup!.file, sink);
    if (sink.hasErrors) relocate();
    sink.throwIfErrors();
    try {
      return buildDocument({ brief, deck: deck!, memo: memo!, charts, changes, audiences: options.audiences }, sink);
    } catch (err) {
      // buildDocument fails with its errors: they are moved into the templates and thrown again, all together.
      if (!(err instanceof BriefError)) throw err;
      relocate();
      return sink.throwIfErrors() as never;
    }
  });
  const base = await deckBase(brief, document, sink);
  await fitDeckCharts(document, brief, env, sink, ctx);
  sink.throwIfErrors();
  if (options.prefetchFor?.includes('pptx'))
    prefetchPictures(
      document.deck.slides.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'figure' ? [deckChart(b.chart, b.figure.render)] : []))),
      brief.theme,
      ctx,
    );

  // Tradecraft checks: warnings, or errors under --strict.
  const lint = new DiagnosticSink();
  // Lint reads the brief as written (an uncited source, say, is gone from the released one).
  ctx.time('6 lint', () =>
    lintBrief({ brief: { ...full, figures: [...full.figures, ...brief.figures.filter((f) => f.spec)] }, document, rows: new Map(brief.figures.map((f) => [f.id, charts.get(f.id)?.rows])) }, lint),
  );
  for (const d of lint.items) sink.items.push(options.strict ? { ...d, severity: 'error' } : d);
  sink.throwIfErrors();
  const logo = brief.theme.logo
    ? { format: brief.theme.logo.toLowerCase().endsWith('.svg') ? ('svg' as const) : ('png' as const), data: await readChecked(brief.theme.logo, 'image', brief, sink) }
    : undefined;
  const chartAt = new Map(brief.figures.flatMap((f) => (charts.has(f.id) ? [[charts.get(f.id)!.hash, f.position] as const] : [])));
  // The deck's charts were drawn again at their slides' size: their pictures are located at the same figures.
  for (const slide of document.deck.slides) for (const b of slide.blocks) if (b.type === 'figure') chartAt.set(b.chart.hash, b.figure.position);
  return { document, fonts, sink, templates: { deck: templates.deck!, memo: templates.memo! }, memoFormats: brief.series.memoFormats, chartAt, ...(base ? { base } : {}), ...(logo ? { logo } : {}) };
}

/** What to render for a figure of the brief, laid out for a place of `fit`'s size. */
function chartRequest(fig: Brief['figures'][number], brief: Brief, fit: ChartFit): ChartRequest {
  return {
    specFile: fig.specFile,
    spec: fig.spec,
    root: brief.series.dir,
    at: fig.position,
    datasets: brief.edition.datasets,
    limits: brief.series.limits,
    language: brief.series.language,
    fit,
    figureId: fig.id,
  };
}

/** Each figure on a slide drawn again at the size of its box on that slide (the memo's renderings are kept for the memo). */
async function fitDeckCharts(document: BriefDocument, brief: Brief, env: Parameters<typeof renderChart>[1], sink: DiagnosticSink, ctx: BuildContext): Promise<void> {
  for (const slide of document.deck.slides)
    for (const b of slide.blocks) {
      if (b.type !== 'figure') continue;
      // A native chart is drawn by PowerPoint at its box's size: no picture to draw again.
      if (deckChart(b.chart, b.figure.render).mode === 'native') continue;
      const fig = b.figure;
      const box = deckChartBox(slide.layout, brief.theme.slide, document.deck.size);
      const fit = { ...box, background: brief.theme.colors.background };
      const req = chartRequest(fig, brief, fit);
      // Timed per chart, like the memo's, so a watchdog stops and reports it at its spec.
      const chart = await ctx.timeAsync('4 charts', () => renderChart(req, env, sink), fig.spec ? fig.position.file : fig.specFile);
      if (chart) b.chart = { ...chart, rows: b.chart.rows ?? chart.rows, ...(b.chart.model ? { model: b.chart.model } : {}) };
    }
}

/**
 * Checks, only to report their problems, the parts of a brief with errors that later stages can still check: the
 * templates' syntax, and the charts of the figures whose spec was found, with the theme (the default one when the
 * theme has errors); charts are not checked when edition.yaml, whose datasets they read, has errors.
 */
async function checkParts(parts: BriefParts, sink: DiagnosticSink, ctx: BuildContext): Promise<void> {
  checkTemplateSyntax(parts.dir, parts.limits, sink, ctx);
  if (!parts.datasets || parts.figures.length === 0) return;
  const theme = parts.theme ?? (await loadTheme('default', builtInThemeDir, builtInThemeDir, fileStart(builtInThemeDir), new DiagnosticSink(), ctx));
  if (!theme) return;
  const env = { theme, fonts: new FontSet(theme.fonts, ctx.fonts), cache: ctx.charts, schemas: ctx.schemas };
  for (const fig of parts.figures)
    await ctx.timeAsync(
      '4 charts',
      () => renderChart({ specFile: fig.specFile, root: parts.dir, at: fig.position, datasets: parts.datasets, limits: parts.limits, figureId: fig.id }, env, sink),
      fig.specFile,
    );
}

/** Moves the template errors found since `from` in a merged output to the template, partial and line that wrote them. */
function relocateMarkupErrors(sink: DiagnosticSink, from: number, sets: [TemplateSet, MergedTemplate][], context: object, locale: string): void {
  const traces = new Map<TemplateSet, TemplateTrace | undefined>();
  for (let i = from; i < sink.items.length; i++) {
    const d = sink.items[i]!;
    const hit = sets.find(([, merged]) => merged.file === d.position.file);
    if (!hit || !d.rule.startsWith('template/') || d.frame) continue;
    if (!traces.has(hit[0])) traces.set(hit[0], traceTemplate(hit[0], context, locale));
    const place = templatePlace(hit[0], traces.get(hit[0]), d.position, hit[1].markup);
    if (!place) continue;
    const source = hit[0].sources.get(place.file) ?? '';
    sink.items[i] = { ...d, position: place, frame: codeFrame(source, place.line, place.column) };
  }
}

/** Reads and compiles the deck's and the memo's templates, only to report unreadable files and syntax errors. */
function checkTemplateSyntax(dir: string, limits: Brief['series']['limits'], sink: DiagnosticSink, ctx: BuildContext): void {
  ctx.time('5 template', () => {
    templateSet('deck', dir, sink, ctx.templates, limits);
    templateSet('memo', dir, sink, ctx.templates, limits);
  });
}

/** A file validation already accepted, read through the one way in (it may have changed since). */
async function readChecked(file: string, kind: InputKind, brief: Brief, sink: DiagnosticSink): Promise<Buffer> {
  const read = await readInput(file, kind, { roots: [brief.series.dir, packageRoot], limits: brief.series.limits });
  if (read.ok) return read.value;
  sink.error(fileStart(file), read.message, read.rule);
  return sink.throwIfErrors() as never;
}

/** The organisation's template: read, and its layouts checked, before anything is written. */
async function deckBase(brief: Brief, document: BriefDocument, sink: DiagnosticSink): Promise<BuiltDocument['base']> {
  const base = brief.series.deckBase;
  if (!base) return undefined;
  const { checkBase, BaseTemplateError } = await import('./9-emit/pptx/base-template.js');
  const { readBaseProfile } = await import('./9-emit/pptx/base-profile.js');
  const data = await readChecked(base.file, 'base', brief, sink);
  try {
    document.deck.size = await checkBase(data, base.layouts, 4 * brief.series.limits.maxBaseBytes);
    return { data, layouts: base.layouts, profile: await readBaseProfile(data, base.layouts) };
  } catch (err) {
    if (!(err instanceof BaseTemplateError)) throw err;
    sink.error(base.position, err.message, 'deck/base');
    sink.throwIfErrors();
    return undefined;
  }
}

/** The memo's look, from the theme. */
export function memoTheme(theme: Theme, logo: BuiltDocument['logo']): MemoTheme {
  return { page: theme.page, colors: theme.colors, sizes: theme.sizes, ...(logo ? { logo } : {}) };
}

/** The fonts and background a chart picture is drawn with. */
export function rasterFonts(theme: Theme): RasterFonts {
  const { heading, body, fallbacks } = theme.fonts;
  return {
    main: [...new Set([heading.regular, heading.bold, heading.italic, body.regular])],
    fallbacks: fallbacks.map((f) => ({ name: f.name, files: [f.regular, f.bold] })),
    defaultFamily: heading.name,
    background: theme.colors.background,
  };
}

/** Realizes and lays out the memo. */
export function memoPages(built: BuiltDocument, ctx: BuildContext): { memo: RealizedMemo; layout: MemoLayout } {
  const { document: doc } = built;
  const memo = ctx.time('7 realize', () => realizeMemo(doc, { templates: built.templates.memo, sink: built.sink }));
  return { memo, layout: ctx.time('8 layout memo', () => layoutMemo(memo, built.fonts, memoTheme(doc.theme, built.logo))) };
}

/** Realizes and lays out the deck. */
export function deckSlides(built: BuiltDocument, ctx: BuildContext): { deck: RealizedDeck; layout: DeckLayout } {
  const { document: doc } = built;
  const deck = ctx.time('7 realize', () => realizeDeck(doc, { templates: built.templates.deck, sink: built.sink }));
  const t = doc.theme;
  // A template whose layouts have no title or text placeholders gets Briefsmith's own slides on its layouts.
  if (built.base?.profile.layouts.some((l) => l.placeholders.some((p) => p.type !== 'dt' && p.type !== 'ftr' && p.type !== 'sldNum' && p.type !== 'hdr'))) {
    // On an organisation's template the slides are measured in the template's faces: the theme's files when the
    // series' theme names the same face, else their open twins.
    const { profile } = built.base;
    const { heading, body: themeBody, fallbacks } = built.fonts.families;
    const faceFiles = (name: string) => {
      const own = [heading, themeBody, ...fallbacks].find((f) => f.name.toLowerCase() === name.toLowerCase());
      return own ? { family: own, exact: isOfficeFace(own.name) } : templateFaceFiles(name);
    };
    const title = faceFiles(profile.fonts.major);
    const body = faceFiles(profile.fonts.minor);
    const fonts = {
      title: new FontSet({ heading: title.family, body: title.family, fallbacks }, built.fonts.book),
      body: new FontSet({ heading: body.family, body: body.family, fallbacks }, built.fonts.book),
      safety: title.exact && body.exact ? WIDTH_SAFETY : SUBSTITUTE_SAFETY,
    };
    return { deck, layout: ctx.time('8 layout deck', () => layoutDeckOnBase(deck, fonts, { slide: t.slide, colors: t.colors, sizes: t.sizes }, profile)) };
  }
  return {
    deck,
    layout: ctx.time('8 layout deck', () =>
      layoutDeck(deck, built.fonts, { slide: t.slide, ...(doc.deck.size ? { size: doc.deck.size } : {}), colors: t.colors, sizes: t.sizes, ...(built.logo ? { logo: built.logo } : {}) }),
    ),
  };
}

/** Starts drawing the pictures of these charts on the second core, biggest first. */
export function prefetchPictures(charts: ChartContent[], theme: Theme, ctx: BuildContext): void {
  const fonts = rasterFonts(theme);
  for (const c of [...charts].sort((a, b) => b.svg.length - a.svg.length)) if (c.mode === 'picture') void ctx.rasters.prefetch(c.svg, fonts, 2);
}

/**
 * The PNG of every picture chart (and of an SVG logo, as "logo"), by chart hash. Pictures already being drawn
 * on the second core are waited for, not drawn again here.
 */
export async function pictures(charts: ChartContent[], theme: Theme, ctx: BuildContext, logo?: BuiltDocument['logo'], chartAt?: BuiltDocument['chartAt']): Promise<Map<string, Buffer>> {
  const fonts = rasterFonts(theme);
  const wanted = charts.filter((c, i) => c.mode === 'picture' && charts.findIndex((d) => d.hash === c.hash) === i);
  await Promise.all(wanted.map((c) => ctx.rasters.prefetch(c.svg, fonts, 2)));
  const out = new Map<string, Buffer>();
  for (const c of wanted) {
    try {
      out.set(c.hash, ctx.rasters.png(c.svg, fonts, 2));
    } catch (err) {
      if (!(err instanceof PictureError)) throw err;
      throw new BriefError([{ severity: 'error', message: err.message, rule: 'chart/picture', position: chartAt?.get(c.hash) ?? fileStart(ctx.current.file || 'edition.yaml') }]);
    }
  }
  if (logo?.format === 'svg') out.set('logo', ctx.rasters.png(logo.data.toString('utf8'), fonts, 4));
  return out;
}

/** Every chart of a laid-out deck or memo. */
export function chartsOf(layout: DeckLayout | MemoLayout): ChartContent[] {
  if ('slides' in layout) return layout.slides.flatMap((s) => s.boxes.flatMap((b) => (b.kind === 'chart' ? [b.chart] : [])));
  return layout.pages.flatMap((p) => p.items.flatMap((it) => (it.kind === 'chart' ? [it.chart] : [])));
}

/** Realizes, lays out and emits the requested formats of a built document (no files written). */
export async function produce(built: BuiltDocument, formats: readonly OutputFormat[], ctx: BuildContext, options: { pdfa?: boolean } = {}): Promise<Map<OutputFormat, Buffer>> {
  const { document: doc } = built;
  const data = new Map<OutputFormat, Buffer>();
  const deck = formats.includes('pptx') ? deckSlides(built, ctx) : undefined;
  // Why this order: the deck's pictures are drawn on a libuv thread (the second core) while the memo is written here.
  if (deck) prefetchPictures(chartsOf(deck.layout), doc.theme, ctx);
  if (formats.includes('pdf') || formats.includes('docx')) {
    const memo = memoPages(built, ctx);
    if (formats.includes('pdf')) {
      const { writePdf } = await import('./9-emit/pdf/index.js');
      const pics = await ctx.timeAsync('pictures', () => pictures(chartsOf(memo.layout), doc.theme, ctx, undefined, built.chartAt));
      data.set('pdf', await ctx.timeAsync('9 emit pdf', () => writePdf(memo.layout, ctx.fonts, pics, { pdfa: options.pdfa || memo.memo.meta.pdfa })));
    }
    if (formats.includes('docx')) {
      const { writeDocx } = await import('./9-emit/docx/index.js');
      // Word shows every chart as its SVG with a PNG for older readers.
      const charts = realizedFigures(memo.memo.sections.flatMap((s) => s.blocks)).map((f) => ({ ...f.chart, mode: 'picture' as const }));
      const pics = await ctx.timeAsync('pictures', () => pictures(charts, doc.theme, ctx, undefined, built.chartAt));
      data.set(
        'docx',
        await ctx.timeAsync('9 emit docx', () =>
          writeDocx(memo.memo, memoTheme(doc.theme, built.logo), { ...built.fonts.families, eastAsian: built.fonts.eastAsian()?.name }, pics, { tableColumns: memo.layout.tableColumns }),
        ),
      );
    }
  }
  if (deck) {
    releaseGarbage();
    await ctx.timeAsync('pictures wait', () => ctx.rasters.ready());
    const { writePptx } = await import('./9-emit/pptx/index.js');
    const pics = await ctx.timeAsync('pictures', () => pictures(chartsOf(deck.layout), doc.theme, ctx, built.logo, built.chartAt));
    data.set('pptx', await ctx.timeAsync('9 emit pptx', () => writePptx(deck.layout, pics, built.base ? { base: built.base } : {})));
  }
  return data;
}

/** Builds one edition and writes the requested formats; throws BriefError on user mistakes. */
export async function build(options: BuildOptions, ctx: BuildContext = new BuildContext()): Promise<BuildResult> {
  await checkOutputFolder(options.outDir);
  const built = await buildDocumentFor({ ...options, prefetchFor: options.formats ?? ['pptx', 'pdf'] }, ctx);
  const { document: doc } = built;
  const formats = options.formats ?? ['pptx', ...built.memoFormats];
  const data = await produce(built, formats, ctx, { pdfa: options.pdfa });
  const dir = path.join(options.outDir, doc.meta.editionId);
  const base = `${doc.meta.seriesId}-${doc.meta.editionId}${options.audiences ? `-for-${[...options.audiences].sort().join('+')}` : ''}`;
  const outputs = formats.map((format) => ({ format, file: path.join(dir, `${base}.${format}`), data: data.get(format)! }));
  const files: BuildResult['files'] = outputs.map((o) => ({ format: o.format, file: o.file, bytes: o.data.length, sha256: createHash('sha256').update(o.data).digest('hex') }));
  const write = async () => {
    await writeFilesAtomic(outputs);
    if (options.index) {
      const m = doc.meta;
      await updateOutputIndex(options.outDir, { id: m.seriesId, title: m.seriesTitle }, [{ edition: m.editionId, date: m.editionDate, title: m.title, marking: m.marking, files }]);
    }
  };
  // A batch holds the folder's lock for all its workers.
  await (options.lock === false ? write() : withOutputLock(options.outDir, write));
  return { document: doc, files, warnings: built.sink.warnings };
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
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const f of list) if (!outputFormats.includes(f as OutputFormat)) sink.error({ file: '<command line>', line: 1, column: 1 }, messages.badFormat(f), 'cli/format');
  return list.filter((f): f is OutputFormat => outputFormats.includes(f as OutputFormat));
}

const internalKeys = new Set(['position', 'blufPosition', 'dir', 'specFile']);

/** A copy of brief data without the bookkeeping fields (positions, paths) that templates have no use for. */
function templateView<T>(value: T): T {
  if (Array.isArray(value)) return value.map(templateView) as T;
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !internalKeys.has(k))
      .map(([k, v]) => [k, k === 'datasets' ? v : templateView(v)]),
  ) as T;
}

/** Each shared figure's data in the previous and the current edition. */
async function figureRowPairs(previous: Brief, brief: Brief, charts: Map<string, RenderedChart>): Promise<Map<string, FigureRows>> {
  const pairs = new Map<string, FigureRows>();
  await Promise.all(
    previous.figures.map(async (p) => {
      if (!brief.figures.some((f) => f.id === p.id)) return;
      const chart = charts.get(p.id);
      pairs.set(p.id, {
        previous: await figureRows(p.specFile, previous.series.dir, previous.edition.datasets, previous.series.limits),
        current: chart?.rows,
        ...(chart?.model ? { model: chart.model } : {}),
      });
    }),
  );
  return pairs;
}

/** The data templates see: the validated brief, plus derived values. */
export function templateContext(brief: Brief, changes: { since?: string; items: Change[] } = { items: [] }, trends: TrendSentence[] = []): object {
  return templateView({
    // Indicators with one value so far: a sentence each ("Latest estimate (2024-W11): 1 ship."), where a trend chart would be.
    trends,
    changes: changes.items,
    previousEdition: changes.since ?? null,
    series: brief.series,
    edition: brief.edition,
    judgments: brief.judgments,
    sources: brief.sources,
    // Templates read `sourceLine` too: the analyst's, or the one realize would word.
    figures: brief.figures.map((f) => ({
      ...f,
      sourceLine:
        f.sourceLine ??
        figureSourceLine(
          f.sourceIds.flatMap((id) => brief.sources.filter((s) => s.id === id)),
          brief.series.language,
        ),
    })),
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
