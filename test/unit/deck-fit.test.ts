import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { slideGeometry } from '../../src/8-layout/deck/layout-deck.js';
import type { LaidOutSlide } from '../../src/8-layout/deck/types.js';
import { copySample, editFile, outputsFor, pptxSlideTexts, tempDir } from '../helpers/sample.js';
import type { BriefDocument } from '../../src/6-document/types.js';

let tmp: ReturnType<typeof tempDir>;
let doc: BriefDocument;
let slides: LaidOutSlide[];
let pptx: Buffer;

const long = (i: number) =>
  `Judgment ${i}: North Korean deliveries of artillery ammunition to Russia, counted by South Korea in containers and rail wagons, ` +
  `will continue at or above the pace seen since September 2023 for as long as Russia's war in Ukraine creates a demand that ` +
  `Russian industry cannot meet on its own, and Pyongyang will keep pressing Moscow for space, missile and submarine technology in return.`;

beforeAll(async () => {
  tmp = tempDir();
  const series = copySample(tmp.dir);
  const ed = path.join(series, 'editions', '2024-W21');
  editFile(path.join(ed, 'judgments.yaml'), (t) => {
    const extra = Array.from({ length: 10 }, (_, i) =>
      [
        `  - id: long-${i + 1}`,
        `    statement: "${long(i + 1)}"`,
        '    likelihood: likely',
        '    confidence: moderate',
        '    evidence:',
        '      - text: See the sources.',
        '        sources: [bi-2024]',
      ].join('\n'),
    ).join('\n');
    return `${t.trimEnd()}\n${extra}\n`;
  });
  editFile(path.join(ed, 'edition.yaml'), (t) => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `    - { measure: "Row ${i + 1}: shells observed at site number ${i + 1} during the reporting week", value: "${(i + 1) * 1250}", sources: bi-2024 }`,
    ).join('\n');
    return t.replace(/ {2}key-numbers:\n( {4}- .*\n)+/, `  key-numbers:\n${rows}\n`);
  });
  const o = await outputsFor(series, { formats: ['pptx'] });
  doc = o.document;
  slides = o.deck.slides;
  pptx = o.pptx;
});
afterAll(() => tmp.cleanup());

describe('deck fitting with long judgments and a 40-row table', () => {
  it('continues the key judgments onto numbered slides', () => {
    const titles = slides.map((s) => s.title).filter((t) => t.startsWith('Key judgments'));
    expect(titles.length).toBeGreaterThanOrEqual(3);
    titles.forEach((t, i) => expect(t).toBe(`Key judgments (${i + 1}/${titles.length})`));
  });

  it('paginates the table with the header row on every slide', () => {
    const pages = slides.filter((s) => s.layout === 'table');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    let rows = 0;
    for (const p of pages) {
      const t = p.boxes.find((b) => b.kind === 'table');
      expect(t?.kind).toBe('table');
      if (t?.kind !== 'table') continue;
      expect(t.header.map((h) => h.runs.map((r) => r.text).join(''))).toEqual(['Measure', 'Value', 'Sources']);
      rows += t.rows.length;
    }
    expect(rows).toBe(40);
  });

  it('never lets laid-out text exceed its box, nor a box leave the content area', () => {
    const g = slideGeometry(doc.theme.slide);
    for (const s of slides) {
      for (const b of s.boxes) {
        const where = `${s.title || s.layout} / ${b.name}`;
        expect(b.y, where).toBeGreaterThanOrEqual(g.bannerHeight);
        expect(b.y + b.h, where).toBeLessThanOrEqual(g.footerY + 1e-6);
        expect(b.x + b.w, where).toBeLessThanOrEqual(g.width + 1e-6);
        if (b.kind === 'text') expect(b.measuredPt / 72, where).toBeLessThanOrEqual(b.h + 1e-6);
        if (b.kind === 'table') b.measuredPt.forEach((pt, i) => expect(pt / 72, `${where} row ${i}`).toBeLessThanOrEqual(b.rowH[i]!));
      }
    }
  });

  it('keeps each judgment with its speaker notes on the slide where it lands', async () => {
    const texts = await pptxSlideTexts(pptx);
    const zip = await JSZip.loadAsync(pptx);
    for (let i = 1; i <= 10; i++) {
      const slideNo = texts.findIndex((t) => t.startsWith('Key judgments') && t.includes(`Judgment ${i}: North Korean deliveries`)) + 1;
      expect(slideNo).toBeGreaterThan(0);
      const rels = await zip.file(`ppt/slides/_rels/slide${slideNo}.xml.rels`)!.async('string');
      const notesFile = /notesSlides\/(notesSlide\d+\.xml)/.exec(rels)![1];
      const notes = await zip.file(`ppt/notesSlides/${notesFile}`)!.async('string');
      expect(notes).toContain(`Judgment ${i}: North Korean deliveries`);
    }
  });
});
