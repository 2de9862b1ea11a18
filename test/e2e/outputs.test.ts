/**
 * End-to-end: the built deck and memo opened by real consumers — LibreOffice,
 * qpdf and poppler. Each tool must be installed (test/e2e/install-tools.sh);
 * a missing tool fails the test, it never skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { sampleDir, shippedCli, squash, tempDir } from '../helpers/sample.js';
import { buildDocumentFor } from '../../src/pipeline.js';
import type { BriefDocument } from '../../src/6-document/types.js';

function tool(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${name} is not installed: run test/e2e/install-tools.sh (npm run test:e2e does)`);
  return r.stdout.trim();
}
const sh = (cmd: string, args: string[], cwd?: string) => execFileSync(tool(cmd), args, { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });

let tmp: ReturnType<typeof tempDir>;
let deck: string;
let memo: string;
let deckPdf: string;
let docx: string;
let docxPdf: string;
let doc: BriefDocument;

beforeAll(async () => {
  tmp = tempDir('briefsmith-e2e-');
  const r = spawnSync(process.execPath, [shippedCli, 'build', sampleDir, '--out', tmp.dir, '--format', 'pptx,pdf,docx'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const dir = path.join(tmp.dir, '2024-W21');
  deck = path.join(dir, 'dprk-russia-munitions-2024-W21.pptx');
  memo = path.join(dir, 'dprk-russia-munitions-2024-W21.pdf');
  sh('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${tmp.dir}/lo-profile`, '--convert-to', 'pdf', '--outdir', path.join(tmp.dir, 'deck-pdf'), deck]);
  deckPdf = path.join(tmp.dir, 'deck-pdf', 'dprk-russia-munitions-2024-W21.pdf');
  docx = path.join(dir, 'dprk-russia-munitions-2024-W21.docx');
  sh('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${tmp.dir}/lo-profile`, '--convert-to', 'pdf', '--outdir', path.join(tmp.dir, 'docx-pdf'), docx]);
  docxPdf = path.join(tmp.dir, 'docx-pdf', 'dprk-russia-munitions-2024-W21.pdf');
  ({ document: doc } = await buildDocumentFor({ input: sampleDir }));
}, 180_000);
afterAll(() => tmp?.cleanup());

const statements = () => doc.memo.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'judgment' && b.mode === 'summary' ? [b.judgment.statement] : []));

describe('the deck in LibreOffice', () => {
  it('converts to PDF with one page per slide', () => {
    expect(statSync(deckPdf).size).toBeGreaterThan(10_000);
    const pages = Number(/Pages:\s+(\d+)/.exec(sh('pdfinfo', [deckPdf]))![1]);
    expect(pages).toBeGreaterThanOrEqual(10);
  });

  it('keeps every word inside the slide and outside the banners', () => {
    const xml = sh('pdftotext', ['-bbox', deckPdf, '-']);
    const pages = xml.split('<page ').slice(1);
    expect(pages.length).toBeGreaterThan(0);
    for (const [i, page] of pages.entries()) {
      const width = Number(/width="([\d.]+)"/.exec(page)![1]);
      const height = Number(/height="([\d.]+)"/.exec(page)![1]);
      const banner = 0.3 * 72;
      for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
        const [xMin, yMin, xMax, yMax] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
        const word = m[5]!;
        expect(xMin, `slide ${i + 1} "${word}"`).toBeGreaterThanOrEqual(0);
        expect(xMax, `slide ${i + 1} "${word}"`).toBeLessThanOrEqual(width + 0.5);
        if (word === 'UNCLASSIFIED' && (yMax <= banner + 1 || yMin >= height - banner - 1)) continue;
        expect(yMin, `slide ${i + 1} "${word}" enters the top banner`).toBeGreaterThanOrEqual(banner);
        expect(yMax, `slide ${i + 1} "${word}" enters the bottom banner`).toBeLessThanOrEqual(height - banner);
      }
    }
  });

  it('shows every judgment as text', () => {
    const text = squash(sh('pdftotext', [deckPdf, '-']));
    for (const s of statements()) expect(text).toContain(squash(s));
  });
});

describe('the Word memo in LibreOffice', () => {
  it('opens and lays out, with every judgment, heading and source as text', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(sh('pdfinfo', [docxPdf]))![1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    const text = squash(sh('pdftotext', [docxPdf, '-']));
    for (const s of statements()) expect(text).toContain(squash(s));
    for (const h of ['MEMORANDUM FOR', 'BOTTOM LINE UP FRONT', 'KEY JUDGMENTS', 'SOURCES']) expect(text).toContain(h);
    for (const s of doc.sources) expect(text).toContain(squash(s.title));
  });

  it('fills the page fields and draws the banners on every page', () => {
    const pages = sh('pdftotext', ['-layout', docxPdf, '-'])
      .split('\f')
      .filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((p, i) => {
      expect(p, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p.split('UNCLASSIFIED').length - 1, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
    });
  });

  it('shows the figures as pictures', () => {
    const list = sh('pdfimages', ['-list', docxPdf]);
    expect(list.trim().split('\n').length - 2).toBeGreaterThanOrEqual(5);
  });
});

describe('the memo in qpdf and poppler', () => {
  it('passes qpdf --check', () => {
    expect(sh('qpdf', ['--check', memo])).toContain('No syntax or stream encoding errors');
  });

  it('embeds every font', () => {
    const rows = sh('pdffonts', [memo]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row, row).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
  });

  it('yields every judgment and heading through pdftotext', () => {
    const text = squash(sh('pdftotext', [memo, '-']));
    for (const s of statements()) expect(text).toContain(squash(s));
    for (const h of ['MEMORANDUM FOR', 'BOTTOM LINE UP FRONT', 'KEY JUDGMENTS', 'SOURCES']) expect(text).toContain(h);
  });

  it('carries its metadata', () => {
    const info = sh('pdfinfo', [memo]);
    expect(info).toMatch(/Title:\s+North Korean shells keep Russia's guns firing/);
    expect(info).toMatch(/Author:\s+A. Analyst, B. Reviewer/);
    expect(info).toMatch(/CreationDate:\s+Mon May 20 00:00:00 2024/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Pages:\s+\d+/);
    const struct = sh('pdfinfo', ['-struct', memo]);
    for (const tag of ['Sect', 'H1', 'Figure', 'Table', 'TH', 'L', 'LI']) expect(struct, tag).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
  });

  it('renders every page of both files to non-blank PNGs', () => {
    const out = path.join(tmp.dir, 'png');
    sh('pdftoppm', ['-png', '-r', '30', memo, path.join(out + '-memo')]);
    sh('pdftoppm', ['-png', '-r', '30', deckPdf, path.join(out + '-deck')]);
    const pngs = readdirSync(tmp.dir).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBeGreaterThan(12);
    for (const f of pngs) expect(statSync(path.join(tmp.dir, f)).size, f).toBeGreaterThan(3000);
  });
});
