/**
 * What the preview shows, built: the deck and memo pages as HTML and the fonts
 * they use, or the problems of the brief. Runs in the preview's worker thread,
 * so that no brief can stop the server (see preview-runner.ts).
 */
import { BriefError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuildContext } from '../build-context.js';
import { buildDocumentFor, deckSlides, memoPages, produce, type OutputFormat } from '../pipeline.js';
import { FontFaces, renderDeckHtml, renderMemoHtml } from '../9-emit/html/index.js';

/** A successful build, as the page needs it. */
export interface PreviewContent {
  title: string;
  seriesId: string;
  editionId: string;
  /** The theme's colours the page uses (validated #RRGGBB). */
  colors: { primary: string; muted: string; rule: string; panel: string; text: string };
  deck: string;
  memo: string;
  /** Font files the pages use, served as /fonts/<index>, and their @font-face rules. */
  fonts: string[];
  fontCss: string;
  pages: number;
}

/** The outcome of a preview build: the content and its warnings, or the problems. */
export type PreviewOutcome = { ok: true; content: PreviewContent; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** Builds the edition's preview in `ctx`; user mistakes come back as diagnostics, bugs as an internal diagnostic. */
export async function buildPreview(editionDir: string, ctx: BuildContext): Promise<PreviewOutcome> {
  try {
    const built = await buildDocumentFor({ input: editionDir }, ctx);
    const deck = deckSlides(built, ctx);
    const memo = memoPages(built, ctx);
    const faces = new FontFaces();
    const m = built.document.meta;
    const c = built.document.theme.colors;
    return {
      ok: true,
      content: {
        title: m.title,
        seriesId: m.seriesId,
        editionId: m.editionId,
        colors: { primary: c.primary, muted: c.muted, rule: c.rule, panel: c.panel, text: c.text },
        deck: renderDeckHtml(deck.layout, faces),
        memo: renderMemoHtml(memo.layout, faces),
        fonts: faces.files,
        fontCss: faces.css((i) => `/fonts/${i}`),
        pages: memo.layout.pages.length,
      },
      warnings: built.sink.warnings,
    };
  } catch (err) {
    if (err instanceof BriefError) return { ok: false, diagnostics: err.diagnostics };
    return { ok: false, diagnostics: [{ severity: 'error', rule: 'internal', message: `internal error: ${(err as Error).message}`, position: { file: editionDir, line: 1, column: 1 } }] };
  }
}

/** One output of the edition, as `brief build` writes it. */
export async function buildDownload(editionDir: string, format: OutputFormat, ctx: BuildContext): Promise<Buffer> {
  return (await produce(await buildDocumentFor({ input: editionDir }, ctx), [format], ctx)).get(format)!;
}
