/**
 * The extra series in test/fixtures/series (Baltic seabed security in en-GB on the ministry theme with
 * Cyrillic; chip export controls under CUI with Hangul; Red Sea shipping under TLP:GREEN with eleven chart
 * kinds), built in every format: what the sample alone does
 * not exercise — fallback fonts inside sentences and table cells, long figure titles, other locales.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BuildContext } from '../../src/build-context.js';
import { FontSet } from '../../src/text/font-set.js';
import { breakLines } from '../../src/text/paragraph.js';
import { outputsFor, pdfPageTexts, repoRoot } from '../helpers/sample.js';

const seriesRoot = path.join(repoRoot, 'test', 'fixtures', 'series');
const series = readdirSync(seriesRoot).sort();

async function slideXml(pptx: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(pptx);
  const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
  return Promise.all(names.map((n) => zip.file(n)!.async('string')));
}

describe('fixture series', () => {
  it('has at least two series besides the sample', () => {
    expect(series.length).toBeGreaterThanOrEqual(2);
  });

  for (const id of series) {
    describe(id, () => {
      const built = outputsFor(path.join(seriesRoot, id), { formats: ['pptx', 'pdf', 'docx'] });

      it('builds every format without a warning', async () => {
        const o = await built;
        expect(o.warnings.map((w) => `${w.rule}: ${w.message}`)).toEqual([]);
        expect(o.pptx.length).toBeGreaterThan(10_000);
        expect(o.pdf.length).toBeGreaterThan(10_000);
        expect(o.docx!.length).toBeGreaterThan(10_000);
      });

      it('writes one paragraph-properties element per slide paragraph, first, as DrawingML requires', async () => {
        for (const xml of await slideXml((await built).pptx)) {
          for (const [, body] of xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) {
            const count = body!.match(/<a:pPr\b/g)?.length ?? 0;
            expect(count).toBeLessThanOrEqual(1);
            if (count) expect(body!.startsWith('<a:pPr')).toBe(true);
          }
        }
      });

      it("tags the deck's and the Word memo's text with the series' language", async () => {
        const o = await built;
        const language = o.realizedDeck.meta.language;
        const langs = new Set((await slideXml(o.pptx)).flatMap((x) => [...x.matchAll(/<a:rPr lang="([^"]+)"/g)].map((m) => m[1])));
        expect([...langs]).toEqual([language]);
        const styles = await (await JSZip.loadAsync(o.docx!)).file('word/styles.xml')!.async('string');
        expect(styles).toContain(`<w:lang w:val="${language}"/>`);
      });

      it('fits every slide title in the title box', async () => {
        const o = await built;
        const { master } = o.deck;
        for (const s of o.deck.slides) {
          if (!s.title) continue;
          const size = s.titleSize ?? master.title.size;
          // At least as many lines as the title's width over the box's (the layout's breaker is stricter still).
          const lines = Math.ceil(o.fonts.width(s.title, size, 'heading', { bold: true, advances: true }) / (master.title.w * 72));
          expect(lines * o.fonts.lineHeight(size, 'heading'), s.title).toBeLessThanOrEqual(master.title.h * 72 + 1);
        }
      });

      it('carries the same judgment statements in the PDF as in the document', async () => {
        const o = await built;
        // Compared without white space: text extraction puts a space at each line end, also inside a broken word.
        const bare = (s: string) => s.replace(/\s+/g, '');
        const text = bare((await pdfPageTexts(o.pdf)).join(' '));
        const editions = readdirSync(path.join(seriesRoot, id, 'editions')).sort();
        const { judgments } = parse(readFileSync(path.join(seriesRoot, id, 'editions', editions.at(-1)!, 'judgments.yaml'), 'utf8')) as { judgments: { statement: string }[] };
        expect(judgments.length).toBeGreaterThan(3);
        for (const j of judgments) expect(text).toContain(bare(j.statement));
      });
    });
  }
});

describe('font fallback inside a sentence', () => {
  it('returns to the body face for Latin letters after a run of Hangul, keeping punctuation with the run before', async () => {
    const ctx = new BuildContext();
    const o = await outputsFor(path.join(seriesRoot, 'chip-export-controls'), { formats: ['pdf'], ctx });
    const fonts = new FontSet(o.document.theme.fonts, ctx.fonts);
    const runs = fonts.runs('SK hynix (SK하이닉스) sells nearly all', 'body');
    expect(runs.map((r) => r.text)).toEqual(['SK hynix (SK', '하이닉스) ', 'sells nearly all']);
    expect(runs[0]!.family).toBe(runs[2]!.family);
    expect(runs[1]!.family).not.toBe(runs[0]!.family);
  });

  it('breaks Korean between words, never inside one', async () => {
    const ctx = new BuildContext();
    const o = await outputsFor(path.join(seriesRoot, 'chip-export-controls'), { formats: ['pdf'], ctx });
    const fonts = new FontSet(o.document.theme.fonts, ctx.fonts);
    const text = '삼성전자 반도체 부문의 영업이익이 크게 줄었다 하이닉스는 역대 최대';
    const lines = breakLines(fonts, [{ text, style: { face: 'body', size: 10 }, payload: null }], { width: 60 });
    expect(lines.length).toBeGreaterThan(3);
    const words = new Set(text.split(' '));
    for (const l of lines)
      for (const w of l.pieces
        .map((p) => p.text)
        .join('')
        .trim()
        .split(' '))
        expect(words, w).toContain(w);
  });
});
