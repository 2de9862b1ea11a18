import { describe, expect, it, beforeAll } from 'vitest';
import JSZip from 'jszip';
import path from 'node:path';
import type { BriefDocument } from '../../src/6-document/types.js';
import type { DeckLayout } from '../../src/8-layout/deck/types.js';
import type { MemoLayout } from '../../src/8-layout/memo/types.js';
import { slideGeometry } from '../../src/8-layout/deck/layout-deck.js';
import { writePptx } from '../../src/9-emit/pptx/index.js';
import { writePdf } from '../../src/9-emit/pdf/index.js';
import { FontBook } from '../../src/text/font-book.js';
import { BuildContext } from '../../src/build-context.js';
import { chartsOf, pictures } from '../../src/pipeline.js';
import { outputsFor, pdfPageTexts, pptxSlideTexts, repoRoot, sampleDir, squash } from '../helpers/sample.js';

let doc: BriefDocument;
let deck: DeckLayout;
let memo: MemoLayout;
let pptx: Buffer;
let pdf: Buffer;
let ctx: BuildContext;
let logo: Awaited<ReturnType<typeof outputsFor>>['built']['logo'];

beforeAll(async () => {
  let built;
  ({ document: doc, deck, memo, pptx, pdf, ctx, built } = await outputsFor(sampleDir));
  logo = built.logo;
});

const judgments = () => doc.deck.slides.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'judgment' ? [b.judgment] : []));
const deckPictures = () => pictures(chartsOf(deck), doc.theme, ctx, logo);
const memoPictures = () => pictures(chartsOf(memo), doc.theme, ctx);

describe('shared shaping', () => {
  it('hands every caller its own positions: pdfkit scales them in place (a 2048-unit font shows it)', () => {
    const book = new FontBook();
    const file = path.join(repoRoot, 'node_modules', 'pdfjs-dist', 'standard_fonts', 'LiberationSans-Regular.ttf');
    expect(book.open(file).unitsPerEm).toBe(2048);
    const first = book.shape(file, 'Tower AVA');
    const x = first.positions.map((p) => p.xAdvance);
    for (const p of first.positions) p.xAdvance *= 1000 / 2048; // what pdfkit does to the run it gets
    const second = book.shape(file, 'Tower AVA');
    expect(second.positions.map((p) => p.xAdvance)).toEqual(x);
    expect(second.glyphs.map((g) => g.advanceWidth)).toEqual(first.glyphs.map((g) => g.advanceWidth));
    expect(second.advanceWidth).toBe(x.reduce((a, b) => a + b, 0));
  });

  it('gives a second memo written in the same build context (shaping remembered from the first) the same bytes', async () => {
    const again = await writePdf(memo, ctx.fonts, await memoPictures(), {});
    expect(again.equals(pdf)).toBe(true);
  });

  it('gives a memo written in a fresh build context the same bytes', async () => {
    const fresh = await outputsFor(sampleDir, { formats: ['pdf'] });
    expect(fresh.pdf.equals(pdf)).toBe(true);
  });
});

describe('pptx writer', () => {
  it('gives the same bytes when two decks are written at once in one process (as the preview server may)', async () => {
    const [a, b] = await Promise.all([writePptx(deck, await deckPictures()), writePptx(deck, await deckPictures())]);
    expect(a.equals(pptx)).toBe(true);
    expect(b.equals(pptx)).toBe(true);
  });

  it('numbers the ids pptxgenjs makes up at random, and leaves fixed GUIDs alone', async () => {
    const zip = await JSZip.loadAsync(pptx);
    const xml = (
      await Promise.all(
        Object.keys(zip.files)
          .filter((n) => /^ppt\/(charts|slides)\/[^/]+\.xml$/.test(n))
          .map((n) => zip.file(n)!.async('string')),
      )
    ).join('');
    for (const m of xml.matchAll(/<c16:uniqueId val="\{([^}]+)\}"/g)) expect(m[1]).toMatch(/^00000000-0000-4000-8000-[0-9A-F]{12}$/);
    expect(xml).toContain('{96DAC541-7B7A-43D3-8B79-37D633B846F1}');
  });

  it('puts every judgment, with its likelihood and confidence, in the slide XML as text', async () => {
    const slides = (await pptxSlideTexts(pptx)).map(squash);
    const all = slides.join(' ');
    for (const j of judgments()) {
      expect(all).toContain(squash(j.statement));
      const slide = slides.find((s) => s.startsWith('Key judgments') && s.includes(squash(j.statement)))!;
      expect(slide).toContain(j.likelihood.toUpperCase());
      expect(slide).toContain(`${j.confidence.toUpperCase()} CONFIDENCE`);
    }
  });

  it('has the marking banner and a slide number on every slide, via the master', async () => {
    const zip = await JSZip.loadAsync(pptx);
    const layout = await zip.file('ppt/slideLayouts/slideLayout2.xml')?.async('string');
    const master = Object.keys(zip.files).filter((n) => /slideLayouts\/slideLayout\d+\.xml$/.test(n));
    expect(master.length).toBeGreaterThan(0);
    const masterXml = (await Promise.all(master.map((n) => zip.file(n)!.async('string')))).join('');
    expect(masterXml.split('>UNCLASSIFIED<').length - 1).toBeGreaterThanOrEqual(2);
    expect(masterXml).toContain('type="sldNum"');
    expect(layout ?? masterXml).toBeTruthy();
  });

  it('draws charts that map cleanly as native charts, the rest as SVG pictures with a PNG fallback, all with alt text', async () => {
    const zip = await JSZip.loadAsync(pptx);
    const slideXml = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    const all = slideXml.join('');
    // Four pictures: figures 1, 2 and 4, and the trend figure; figure 3 is a native chart.
    expect(all.match(/<p:pic>/g)?.length).toBe(4);
    expect(all.match(/<asvg:svgBlip /g)?.length).toBe(4);
    expect(Object.keys(zip.files).filter((n) => /^ppt\/media\/.+\.svg$/.test(n)).length).toBe(4);
    expect(all).toContain('descr="Figure 1: Russia fires several times what it produces.');
    expect(all).toContain('Data: 4 rows; Rounds (millions) ranges from 1.7 (2022 Produced) to 11 (2022 Fired)');
    const charts = Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
    expect(charts.length).toBe(1);
    const chartXml = await zip.file(charts[0]!)!.async('string');
    expect(chartXml).toContain('<c:barDir val="bar"/>');
    expect(chartXml.match(/<c:ser>/g)?.length).toBe(1);
    expect(chartXml).toContain('<c:v>3000000</c:v>');
    expect(chartXml).toContain('<c:v>500000</c:v>');
    // Colored as in the memo: the color domain sorts "122mm shells" first, so it takes the first color of the range.
    // PowerPoint draws bars bottom-up, so the points are written 122mm (bottom) then 152mm (top).
    const points = [...chartXml.matchAll(/<c:dPt>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"/g)].map((m) => m[1]);
    expect(points).toEqual(['1F3A5F', '5B8DB8']);
    expect(chartXml).toContain('<c:min val="0"/>');
    expect(chartXml).toContain('<c:max val="3600000"/>');
    expect(all).toContain('descr="Figure 3: 6,700 containers could hold 0.5–3 million shells.');
  });

  it('writes speaker notes for the judgments', async () => {
    const zip = await JSZip.loadAsync(pptx);
    const notes = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /notesSlide\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    expect(notes.join('')).toContain('South Korea says it has observed North Korea sending about 6,700 containers');
  });

  it('lays out every text box so its measured text fits inside it and inside the content area', () => {
    const g = slideGeometry(doc.theme.slide);
    for (const slide of deck.slides) {
      for (const box of slide.boxes) {
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.w).toBeLessThanOrEqual(g.width + 1e-6);
        expect(box.y).toBeGreaterThanOrEqual(g.bannerHeight);
        expect(box.y + box.h).toBeLessThanOrEqual(g.footerY + 1e-6);
        if (box.kind === 'text') expect(box.measuredPt / 72).toBeLessThanOrEqual(box.h + 1e-6);
      }
    }
  });

  it('gives the same bytes for the same layout', async () => {
    expect((await writePptx(deck, await deckPictures())).equals(pptx)).toBe(true);
  });
});

describe('links to sources', () => {
  it("are live hyperlinks on the sources slide and in the memo's source list", async () => {
    const { copySample, editFile, tempDir } = await import('../helpers/sample.js');
    const tmp = tempDir();
    try {
      const series = copySample(tmp.dir);
      const url = 'https://example.org/guardian-2022-11';
      editFile(`${series}/editions/2024-W21/sources.yaml`, (t) => t.replace('    date: "2022-11"\n', `    date: "2022-11"\n    url: ${url}\n`));
      const built = await outputsFor(series);
      const zip = await JSZip.loadAsync(built.pptx);
      const rels = await Promise.all(
        Object.keys(zip.files)
          .filter((n) => /slides\/_rels\/slide\d+\.xml\.rels$/.test(n))
          .map((n) => zip.file(n)!.async('string')),
      );
      expect(rels.join('')).toContain(`Target="${url}" TargetMode="External"`);
      const pdfRaw = built.pdf.toString('latin1');
      expect(pdfRaw).toContain(`/URI (${url})`);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('pdf writer', () => {
  it('contains every judgment, heading and figure caption, in reading order', async () => {
    const text = squash((await pdfPageTexts(pdf)).join('\n'));
    let at = 0;
    for (const heading of ['BOTTOM LINE UP FRONT', 'KEY JUDGMENTS', 'DISCUSSION', 'INDICATORS TO WATCH', 'ESTIMATIVE LANGUAGE', 'SOURCES']) {
      const i = text.indexOf(heading, at);
      expect(i, heading).toBeGreaterThanOrEqual(at);
      at = i;
    }
    for (const j of judgments()) expect(text).toContain(squash(j.statement));
    for (const caption of ['Figure 1. Russia fires several times what it produces', 'Figure 4. From covert shipments to an open partnership']) expect(text).toContain(caption);
  });

  it('carries the memo header, banners and "Page X of Y" on every page', async () => {
    const pages = await pdfPageTexts(pdf);
    expect(pages[0]).toContain('MEMORANDUM FOR');
    expect(pages[0]).toContain('SUBJECT');
    pages.forEach((p, i) => {
      expect(p.split('UNCLASSIFIED').length - 1, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
      expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
    });
  });

  it('draws chart text as real, extractable text in the memo fonts', async () => {
    const text = (await pdfPageTexts(pdf)).join(' ');
    expect(text).toContain('Rounds (millions)');
    expect(text).toContain('Artillery shells per day');
  });

  it('gives the same bytes for the same layout', async () => {
    expect((await writePdf(memo, ctx.fonts, await memoPictures())).equals(pdf)).toBe(true);
  });
});
