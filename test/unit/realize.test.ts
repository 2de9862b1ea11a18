/**
 * The realize stage: all wording happens once, so the deck, the memo PDF, the
 * preview and the Word memo say the same things; emitters write no wording of
 * their own; a series can restyle a domain node with a template, no code.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeWords } from '../../src/7-realize/wording.js';
import { FontFaces, renderDeckHtml, renderMemoHtml } from '../../src/9-emit/html/index.js';
import type { ChangeList } from '../../src/6-document/types.js';
import type { RealizedDeck, RealizedMemo } from '../../src/7-realize/types.js';
import { copySample, outputsFor, pdfPageTexts, pptxSlideTexts, repoRoot, sampleDir, squash, tempDir, unescapeXml } from '../helpers/sample.js';

type Outputs = Awaited<ReturnType<typeof outputsFor>>;
let out: Outputs;
const texts: Record<'deck' | 'pdf' | 'preview' | 'docx', string> = { deck: '', pdf: '', preview: '', docx: '' };

/** Visible text of the preview's HTML: a space between blocks and between the lines of a memo page, none inside a line. */
function htmlText(html: string): string {
  let lastY = '';
  const marked = html
    .replace(/<\/(p|div|h2|li|td|th|section|summary)>|<br>/g, ' ')
    .replace(/<text\b[^>]*\by="([\d.]+)"[^>]*>/g, (_m, y: string) => {
      const gap = y === lastY ? '' : ' ';
      lastY = y;
      return gap;
    })
    .replace(/<[^>]+>/g, '');
  return unescapeXml(marked.replace(/&#39;/g, "'").replace(/&nbsp;/g, ' '));
}

beforeAll(async () => {
  out = await outputsFor(sampleDir, { formats: ['pptx', 'pdf', 'docx'] });
  texts.deck = squash((await pptxSlideTexts(out.pptx)).join(' '));
  texts.pdf = squash((await pdfPageTexts(out.pdf)).join(' '));
  const faces = new FontFaces();
  texts.preview = squash(htmlText(`${renderDeckHtml(out.deck, faces)} ${renderMemoHtml(out.memo, faces)}`));
  const zip = await JSZip.loadAsync(out.docx!);
  const xml = await zip.file('word/document.xml')!.async('string');
  texts.docx = squash(
    unescapeXml(
      xml
        .replace(/<w:p[ >]/g, ' $&')
        .replace(/<w:tab\/>/g, ' ')
        .replace(/<[^>]+>/g, ''),
    ),
  );
});

describe('the same words in the deck, the memo PDF, the preview and the Word memo', () => {
  it('carries every judgment', () => {
    for (const j of out.document.memo.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'judgment' && b.mode === 'summary' ? [b.judgment] : []))) {
      for (const [name, text] of Object.entries(texts)) expect(text, `${name}: judgment ${j.number}`).toContain(squash(j.statement));
    }
  });

  it('words every change the same way, with its direction once', () => {
    const changes = out.document.memo.sections.flatMap((s) => s.blocks).find((b): b is ChangeList => b.type === 'changes')!;
    expect(changes.items.length).toBeGreaterThan(5);
    for (const c of changes.items) {
      const w = changeWords(c, 'en-US');
      for (const [name, text] of Object.entries(texts)) expect(text, `${name}: ${w.headline}`).toContain(squash(w.headline));
    }
    for (const text of Object.values(texts)) expect(text).not.toMatch(/DROPPED Dropped|NEW New/);
  });

  it('lists every source by its title and every figure by its title', () => {
    for (const s of out.document.sources) for (const [name, text] of Object.entries(texts)) expect(text, `${name}: source ${s.number}`).toContain(squash(s.title));
    for (const f of out.built.document.memo.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'figure' ? [b.figure] : []))) {
      for (const [name, text] of Object.entries(texts)) expect(text, `${name}: figure ${f.number}`).toContain(squash(f.title));
      for (const name of ['pdf', 'docx'] as const) expect(texts[name], `${name}: caption ${f.number}`).toContain(squash(`Figure ${f.number}. ${f.title}`));
    }
  });

  it('gives the memo the same footer and page label in the PDF and the Word memo', async () => {
    const f = out.realizedMemo.furniture;
    expect(texts.pdf).toContain(squash(f.footer));
    const zip = await JSZip.loadAsync(out.docx!);
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^word\/footer\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    expect(squash(unescapeXml(footers.join(' ').replace(/<[^>]+>/g, '')))).toContain(squash(f.footer));
    expect(footers.join('')).toMatch(/PAGE[\s\S]*NUMPAGES/);
  });
});

describe('emitters', () => {
  it('contain none of the wording of changes, the estimative box, the source list or the furniture', () => {
    const wording = [
      'No changes to',
      'first edition of the series',
      'computed from the two editions',
      'Likelihood terms',
      'well-corroborated',
      'usually reliable',
      'probably true',
      'Grade ',
      'DROPPED',
      'Note: ',
      'Judgment ',
      'Figure ',
      'Table ',
      'Page ',
      'Copy ',
      'MEMORANDUM',
      'confidence',
      'Edition ',
    ];
    const dir = path.join(repoRoot, 'src', '9-emit');
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      // Comments may name what they are about and code may use library names (docx's Table); strings may not say it.
      const code = readFileSync(path.join(dir, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      const strings = [...code.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]);
      expect(strings.length, f).toBeGreaterThan(0);
      for (const w of wording) for (const str of strings) expect(str, `${f} writes "${w}"`).not.toContain(w);
    }
  });
});

describe('node templates', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir();
  });
  afterAll(() => tmp.cleanup());

  const node = (doc: RealizedMemo | RealizedDeck) => JSON.stringify(doc);

  it('let a series restyle a domain node in the memo without code, leaving the deck alone', async () => {
    const series = copySample(tmp.dir);
    const file = path.join(series, 'templates', 'memo', 'nodes', 'judgment-summary.hbs');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '<p><b>KJ{{number}}</b> <portion mark="{{portion}}"/>{{statement}} <i>({{upper likelihood}}, {{confidence}} confidence)</i></p>\n');
    const custom = await outputsFor(series, { formats: ['pdf'] });
    const text = squash((await pdfPageTexts(custom.pdf)).join(' '));
    expect(text).toContain('KJ1 (U) North Korea is supplying Russia');
    expect(text).toContain('(ALMOST CERTAIN, high confidence)');
    expect(node(custom.realizedDeck)).toBe(node(out.realizedDeck));
    expect(existsSync(file)).toBe(true);
  });

  it('report a mistake in a node template at its line', async () => {
    const series = copySample(path.join(tmp.dir, 'bad'));
    const file = path.join(series, 'templates', 'memo', 'nodes', 'sources.hbs');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '<list>\n{{#each sources}}\n  <item>{{publisher}} {{titel}}</item>\n{{/each}}\n</list>\n');
    await expect(outputsFor(series, { formats: ['pdf'] })).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ rule: 'template/runtime', position: expect.objectContaining({ file, line: 3 }) })],
    });
  });
});
