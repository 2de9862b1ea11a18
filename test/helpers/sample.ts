/** Test helpers: temporary copies of the sample series, running the pipeline, reading outputs. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { BriefError, formatDiagnostic, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { buildDocumentFor, deckSlides, memoPages, produce, type OutputFormat } from '../../src/pipeline.js';
import { BuildContext } from '../../src/build-context.js';

/** Repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built-in sample series. */
export const sampleDir = path.join(repoRoot, 'data', 'dprk-russia-munitions');
/** The compiled CLI (built by `npm ci` / `pretest`). */
export const cliPath = path.join(repoRoot, 'dist', 'src', 'cli.js');
/** The shipped `brief` command: the launcher that starts the CLI from its start-up snapshot. */
export const shippedCli = path.join(repoRoot, 'dist', 'brief.mjs');

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'briefsmith-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies the sample series into a temp folder and returns its path. */
export function copySample(into: string): string {
  const dest = path.join(into, 'series');
  cpSync(sampleDir, dest, { recursive: true });
  return dest;
}

/** Rewrites a text file in place. */
export function editFile(file: string, edit: (text: string) => string): void {
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

/** Runs the pipeline to the document; returns the diagnostics it reports (empty on success). */
export async function diagnosticsFor(input: string, edition?: string): Promise<Diagnostic[]> {
  try {
    const { sink } = await buildDocumentFor({ input, edition });
    return sink.items;
  } catch (err) {
    if (err instanceof BriefError) return err.diagnostics;
    throw err;
  }
}

/** Diagnostics as printed lines with paths relative to `base`. */
export function printed(list: Diagnostic[], base: string): string[] {
  return list.map((d) => formatDiagnostic(d, base));
}

/** Text of each slide of a pptx (all a:t runs joined), in slide order. */
export async function pptxSlideTexts(buffer: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(buffer);
  const names = Object.keys(zip.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
  const out: string[] = [];
  for (const n of names) {
    const xml = await zip.file(n)!.async('string');
    out.push(unescapeXml([...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('')));
  }
  return out;
}

/** Unescapes the five XML entities. */
export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Text of a PDF, page by page, extracted with pdf.js. */
export async function pdfPageTexts(buffer: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? `${it.str}${it.hasEOL ? '\n' : ''}` : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

/** Collapses whitespace so text split across lines compares equal. */
export function squash(s: string): string {
  return s
    .replace(/\u00AD/g, '')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

/** Everything one build of an edition makes: document, realized and laid-out deck and memo, and the files' bytes. */
export async function outputsFor(input: string, opts: { edition?: string; pdfa?: boolean; formats?: OutputFormat[]; ctx?: BuildContext } = {}) {
  const ctx = opts.ctx ?? new BuildContext();
  const built = await buildDocumentFor({ input, edition: opts.edition }, ctx);
  const deck = deckSlides(built, ctx);
  const memo = memoPages(built, ctx);
  const data = await produce(built, opts.formats ?? ['pptx', 'pdf'], ctx, { pdfa: opts.pdfa });
  return {
    ctx,
    built,
    document: built.document,
    fonts: built.fonts,
    deck: deck.layout,
    memo: memo.layout,
    realizedDeck: deck.deck,
    realizedMemo: memo.memo,
    pptx: data.get('pptx')!,
    pdf: data.get('pdf')!,
    docx: data.get('docx'),
    warnings: built.sink.warnings,
  };
}
