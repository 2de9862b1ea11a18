/**
 * The live preview in a real browser: Debian's Chromium driven by
 * playwright-core. Chromium must be installed (test/e2e/install-tools.sh).
 */
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type Preview } from '../../src/preview/server.js';
import { copySample, editFile, tempDir } from '../helpers/sample.js';

const CHROMIUM = '/usr/bin/chromium';
let tmp: ReturnType<typeof tempDir>;
let series: string;
let preview: Preview;
let browser: Browser;
let page: Page;
let shots: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed: run test/e2e/install-tools.sh (npm run test:e2e does)`);
  tmp = tempDir('briefsmith-preview-');
  series = copySample(tmp.dir);
  shots = process.env.PREVIEW_SHOTS ?? tmp.dir;
  preview = await startPreview({ input: series, port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(preview.url);
  await page.waitForSelector('.slide');
});
afterAll(async () => {
  await browser?.close();
  await preview?.close();
  tmp?.cleanup();
});

const ed = () => path.join(series, 'editions', '2024-W21');

/** The words of each PDF page's content, as pdf.js reads them: banners, footers and chart text (artifacts and figures) left out. */
async function contentWords(pdf: Buffer): Promise<string[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const pages: string[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent({ includeMarkedContent: true });
    const skip: boolean[] = [];
    const words: string[] = [];
    for (const it of content.items as { type?: string; tag?: string; str?: string }[]) {
      if (it.type === 'beginMarkedContent' || it.type === 'beginMarkedContentProps') skip.push(it.tag === 'Artifact' || it.tag === 'Figure' || skip.at(-1) === true);
      else if (it.type === 'endMarkedContent') skip.pop();
      else if (typeof it.str === 'string' && !skip.at(-1)) words.push(...it.str.split(/[\s\u00A0]+/).filter(Boolean));
    }
    pages.push(words);
  }
  await doc.destroy();
  return pages;
}
const version = async () => Number(await page.evaluate(() => document.body.dataset.version ?? '-1'));
async function nextVersion(before: number): Promise<void> {
  await page.waitForFunction((v) => Number(document.body.dataset.version ?? '-1') > v, before, { timeout: 10_000 });
}

describe('brief preview', () => {
  it('shows the slides, the memo pages and the charts', async () => {
    expect(await page.locator('.slide').count()).toBeGreaterThanOrEqual(12);
    expect(await page.locator('.sheet').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.slide figure.chart svg').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.sheet svg.page svg').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.slide .banner').first().textContent()).toBe('UNCLASSIFIED');
    await page.screenshot({ path: path.join(shots, 'preview-1-loaded.png') });
  });

  it("shows the memo as the PDF's own pages: as many, each ending with the same words", async () => {
    const pdf = await (await page.request.get(new URL('/download/memo.pdf', preview.url).href)).body();
    const pdfPages = await contentWords(pdf);
    const sheets = await page.locator('.sheet svg.page').evaluateAll((svgs) =>
      svgs.map((svg) =>
        // A repeated table header is an artifact, hidden from readers as the PDF tags it.
        [...svg.querySelectorAll(':scope > text:not([aria-hidden]), :scope > a > text:not([aria-hidden])')]
          .map((t) => t.textContent ?? '')
          .join(' ')
          .split(/[\s\u00A0]+/)
          .filter(Boolean),
      ),
    );
    expect(pdfPages.length).toBeGreaterThanOrEqual(5);
    expect(sheets.length).toBe(pdfPages.length);
    sheets.forEach((words, i) => {
      expect(words.length, `page ${i + 1}`).toBeGreaterThan(20);
      expect(words.slice(0, 4), `page ${i + 1} starts`).toEqual(pdfPages[i]!.slice(0, 4));
      expect(words.slice(-4), `page ${i + 1} ends`).toEqual(pdfPages[i]!.slice(-4));
    });
  });

  it('updates itself within seconds when a data file changes', async () => {
    const before = await version();
    const started = Date.now();
    editFile(path.join(ed(), 'figures', 'fired-vs-produced.csv'), (t) => t.replace('2022,Fired,11.0,11.0,11.0M', '2022,Fired,12.5,12.5,12.5M'));
    await nextVersion(before);
    await page.waitForFunction(() => document.querySelector('#deck')!.innerHTML.includes('12.5M'), undefined, { timeout: 5000 });
    expect(Date.now() - started).toBeLessThan(5000);
    await page.screenshot({ path: path.join(shots, 'preview-2-data-edited.png') });
  });

  it('shows a broken YAML file as an error with file:line:col, over the last good render', async () => {
    const before = await version();
    const file = path.join(ed(), 'edition.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('title: North Korean shells', 'title: [North Korean shells'));
    await nextVersion(before);
    const errors = page.locator('#errors');
    await expect.poll(() => errors.isVisible()).toBe(true);
    expect(await errors.textContent()).toMatch(/edition\.yaml:\d+:\d+ {2}error {2}YAML syntax error/);
    expect(await page.locator('.slide').count()).toBeGreaterThanOrEqual(12);
    // The last good build keeps every face it was drawn in: each family its memo pages name is loaded, none failed.
    await page.evaluate(() => document.fonts.ready);
    const faces = await page.evaluate(() => {
      const used = new Set([...document.querySelectorAll('#memo text')].map((t) => t.getAttribute('font-family') ?? ''));
      const state = [...document.fonts].map((f) => `${f.family.replace(/"/g, '')}:${f.status}`);
      return { used: [...used], state, missing: [...used].filter((f) => !document.fonts.check(`12px "${f}"`)) };
    });
    expect(faces.used.length).toBeGreaterThanOrEqual(2);
    expect(faces.missing, faces.state.join(', ')).toEqual([]);
    expect(faces.state.filter((s) => s.endsWith(':error'))).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'preview-3-yaml-error.png') });
    const again = await version();
    writeFileSync(file, good);
    await nextVersion(again);
    await expect.poll(() => errors.isVisible()).toBe(false);
  });

  it('shows a judgment containing <script> as text, and runs nothing', async () => {
    const before = await version();
    editFile(path.join(ed(), 'judgments.yaml'), (t) =>
      t.replace('statement: North Korea is supplying Russia', 'statement: <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> North Korea is supplying Russia'),
    );
    await nextVersion(before);
    await page.waitForFunction(() => document.querySelector('#deck')!.textContent!.includes('<script>window.__pwned = 1</script>'), undefined, { timeout: 5000 });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#deck script, #memo script, #deck img, #memo img').count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'preview-4-script-as-text.png') });
  });

  it('serves the current deck and memo for download, and only to its own host name', async () => {
    const pptx = await page.request.get(new URL('/download/deck.pptx', preview.url).href);
    expect(pptx.status()).toBe(200);
    expect((await pptx.body()).subarray(0, 2).toString()).toBe('PK');
    const pdf = await page.request.get(new URL('/download/memo.pdf', preview.url).href);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const rebinding = await page.request.get(preview.url, { headers: { host: 'attacker.example:80' } });
    expect(rebinding.status()).toBe(421);
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
});
