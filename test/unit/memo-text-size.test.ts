/**
 * No text in a memo is smaller than 7 pt, chart text included: charts are laid out
 * at the memo column's width, not drawn larger and scaled down. Read back with
 * pdf.js from the PDFs of every edition of the sample and of the fixture series
 * (vector charts are drawn as text, so their labels are text items too).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/build-context.js';
import { MIN_CHART_TEXT_PT } from '../../src/4-charts/fit-spec.js';
import { outputsFor, repoRoot, sampleDir } from '../helpers/sample.js';

const seriesDirs = [sampleDir, ...readdirSync(path.join(repoRoot, 'test', 'fixtures', 'series')).map((s) => path.join(repoRoot, 'test', 'fixtures', 'series', s))];

/** Every text item of a PDF with its font size in points (the transform's scale) and page. */
async function textSizes(pdf: Buffer): Promise<{ page: number; size: number; text: string }[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const out: { page: number; size: number; text: string }[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const it of content.items) {
      if (!('str' in it) || !it.str.trim()) continue;
      const [a, b, c, d] = it.transform as number[];
      out.push({ page: i, size: Math.max(Math.hypot(a!, b!), Math.hypot(c!, d!)), text: it.str });
    }
  }
  await doc.destroy();
  return out;
}

describe('memo text is never under 7 pt', () => {
  const ctx = new BuildContext();
  for (const dir of seriesDirs)
    for (const edition of readdirSync(path.join(dir, 'editions')).sort())
      it(`${path.basename(dir)} ${edition}`, { timeout: 180_000 }, async () => {
        const { pdf, realizedMemo } = await outputsFor(dir, { edition, formats: ['pdf'], ctx });
        const items = await textSizes(pdf);
        expect(items.length).toBeGreaterThan(100);
        const small = items.filter((t) => t.size < MIN_CHART_TEXT_PT - 0.01).map((t) => `page ${t.page}: ${t.size.toFixed(2)} pt "${t.text}"`);
        expect(small).toEqual([]);
        // The charts' text is among what was read (vector charts draw text), so the check covers them.
        const figures = JSON.stringify(realizedMemo).match(/"kind":"figure"/g)?.length ?? 0;
        if (figures > 0) expect(items.some((t) => /^\d[\d,.]*$/.test(t.text))).toBe(true);
      });
});
