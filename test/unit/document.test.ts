import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocumentFor, deckSlides, memoPages } from '../../src/pipeline.js';
import { BuildContext } from '../../src/build-context.js';
import type { BriefDocument } from '../../src/6-document/types.js';
import { repoRoot, sampleDir } from '../helpers/sample.js';

/** The document model as stable JSON: paths relative to the repo, chart SVGs as hashes, theme by name. */
function serialize(doc: BriefDocument): string {
  return JSON.stringify(
    doc,
    (key, value: unknown) => {
      if (key === 'theme' && value && typeof value === 'object') return { name: (value as { name: string }).name };
      if (key === 'svg' && typeof value === 'string') return `<svg ${value.length} chars>`;
      if ((key === 'file' || key === 'specFile' || key === 'dir') && typeof value === 'string' && path.isAbsolute(value)) return path.relative(repoRoot, value);
      return value;
    },
    2,
  );
}

describe('document model', () => {
  for (const edition of ['2022-W45', '2024-W21']) {
    it(`matches the golden fixture for ${edition} (UPDATE=1 to regenerate)`, async () => {
      const { document } = await buildDocumentFor({ input: sampleDir, edition });
      const golden = path.join(repoRoot, 'test', 'fixtures', 'golden', `document-${edition}.json`);
      const actual = serialize(document);
      if (process.env.UPDATE === '1' || !existsSync(golden)) writeFileSync(golden, `${actual}\n`);
      expect(actual).toBe(readFileSync(golden, 'utf8').trimEnd());
    });
  }

  for (const edition of ['2022-W45', '2024-W21']) {
    it(`realizes the deck and the memo as in the golden fixture for ${edition} (UPDATE=1 to regenerate)`, async () => {
      const ctx = new BuildContext();
      const built = await buildDocumentFor({ input: sampleDir, edition }, ctx);
      const realized = { deck: deckSlides(built, ctx).deck, memo: memoPages(built, ctx).memo };
      const golden = path.join(repoRoot, 'test', 'fixtures', 'golden', `realized-${edition}.json`);
      const actual = JSON.stringify(realized, (key, value: unknown) => (key === 'svg' && typeof value === 'string' ? `<svg ${value.length} chars>` : value), 2);
      if (process.env.UPDATE === '1' || !existsSync(golden)) writeFileSync(golden, `${actual}\n`);
      expect(actual).toBe(readFileSync(golden, 'utf8').trimEnd());
    });
  }

  it('carries every judgment into both the deck and the memo, with positions', async () => {
    const { document } = await buildDocumentFor({ input: sampleDir });
    const deckIds = document.deck.slides.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'judgment' ? [b.judgment.id] : []));
    const memoIds = document.memo.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'judgment' && b.mode === 'summary' ? [b.judgment.id] : []));
    expect(deckIds).toEqual(['dprk-supply', 'russian-shortfall', 'delivery-volume', 'shell-quality', 'battlefield-effect', 'dprk-gains', 'transactional']);
    expect(memoIds).toEqual(deckIds);
    for (const s of document.deck.slides) expect(s.position?.line).toBeGreaterThan(0);
    const figures = document.memo.sections.flatMap((s) => s.blocks).filter((b) => b.type === 'figure');
    expect(figures.map((f) => (f.type === 'figure' ? f.figure.number : 0))).toEqual([1, 2, 3, 4, 5]); // four declared figures and the shells-delivered trend
    for (const f of figures) if (f.type === 'figure') expect(f.chart.svg).toMatch(/^<svg/);
  });
});
