import { writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartsOf, pictures } from '../../src/pipeline.js';
import { writePptx } from '../../src/9-emit/pptx/index.js';
import { BASE_ACCENT, BASE_FONT, makeBaseTemplate } from '../helpers/base-template.js';
import { copySample, diagnosticsFor, editFile, outputsFor, pptxSlideTexts, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-base-');
afterAll(() => tmp.cleanup());
let base: Buffer;
beforeAll(async () => {
  base = await makeBaseTemplate();
});

async function seriesOn(name: string, file: string, data: Buffer, layouts = ''): Promise<string> {
  const series = copySample(path.join(tmp.dir, name));
  writeFileSync(path.join(series, file), data);
  editFile(path.join(series, 'series.yaml'), (t) => `${t}deck:\n  base: ${file}\n${layouts}`);
  return series;
}

async function layoutNames(zip: JSZip): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const n of Object.keys(zip.files).filter((f) => /^ppt\/slideLayouts\/[^/]+\.xml$/.test(f))) {
    names.set(n, /<p:cSld[^>]*name="([^"]*)"/.exec(await zip.file(n)!.async('string'))![1]!);
  }
  return names;
}

describe("decks on an organisation's template", () => {
  for (const [kind, file] of [
    ['pptx', 'corporate.pptx'],
    ['potx', 'corporate.potx'],
  ] as const) {
    it(`keeps the base's theme, masters and layouts (${kind}), maps each slide to a base layout, and drops the base's sample slides`, async () => {
      const series = await seriesOn(`ok-${kind}`, file, kind === 'potx' ? await makeBaseTemplate(true) : base, '  layouts:\n    figure: ACME Wide Chart\n');
      const { deck, pptx: out, built, ctx } = await outputsFor(series, { formats: ['pptx'] });
      const zip = await JSZip.loadAsync(out);
      const theme = await zip.file('ppt/theme/theme1.xml')!.async('string');
      expect(theme).toContain(BASE_ACCENT);
      expect(theme).toContain(`typeface="${BASE_FONT}"`);
      const types = await zip.file('[Content_Types].xml')!.async('string');
      expect(types).toContain('presentationml.presentation.main+xml');
      expect(types).not.toContain('template.main+xml');
      const names = await layoutNames(zip);
      expect([...names.values()]).toEqual(expect.arrayContaining(['Title Slide', 'Title and Content', 'Title Only', 'Section Header', 'ACME Wide Chart']));
      const slides = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
      expect(slides.length).toBe(deck.slides.length);
      const layoutOf = async (n: number) => names.get(`ppt/slideLayouts/${/slideLayouts\/([^"]+)"/.exec(await zip.file(`ppt/slides/_rels/slide${n}.xml.rels`)!.async('string'))![1]}`);
      expect(await layoutOf(1)).toBe('Title Slide');
      const texts = await pptxSlideTexts(out);
      const figureSlide = texts.findIndex((t) => t.includes('Russia fires several times what it produces')) + 1;
      expect(await layoutOf(figureSlide)).toBe('ACME Wide Chart');
      const section = texts.findIndex((t) => t.includes('The evidence')) + 1;
      expect(await layoutOf(section)).toBe('Section Header');
      expect(texts.join(' ')).not.toContain('Delete me');
      expect(texts[0]).toContain('UNCLASSIFIED');
      const masterRels = await zip.file('ppt/slideMasters/_rels/slideMaster1.xml.rels')!.async('string');
      expect(masterRels).toContain('slideLayout');
      // Charts, pictures and notes came along.
      expect(Object.keys(zip.files).some((n) => /^ppt\/charts\/briefsmith-chart\d+\.xml$/.test(n))).toBe(true);
      expect(Object.keys(zip.files).filter((n) => /^ppt\/media\/briefsmith-.+\.svg$/.test(n)).length).toBe(4);
      expect(Object.keys(zip.files).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).length).toBeGreaterThan(5);
      // Same input, same bytes.
      expect((await writePptx(deck, await pictures(chartsOf(deck), built.document.theme, ctx, built.logo), { base: built.base! })).equals(out)).toBe(true);
    });
  }

  it('names a layout the base lacks, and lists the ones it has', async () => {
    const series = await seriesOn('missing-layout', 'corporate.pptx', base, '  layouts:\n    figure: Big Picture\n');
    const diags = await diagnosticsFor(series);
    expect(diags.map((d) => d.rule)).toEqual(['deck/base']);
    expect(diags[0]!.message).toContain('no layout named "Big Picture" (for figure slides)');
    expect(diags[0]!.message).toContain('ACME Wide Chart');
  });

  it('refuses a base that is not a presentation', async () => {
    const series = await seriesOn('not-pptx', 'corporate.pptx', Buffer.from('this is not a zip'));
    const diags = await diagnosticsFor(series);
    expect(diags.map((d) => [path.basename(d.position.file), d.rule])).toEqual([['series.yaml', 'deck/base']]);
    expect(diags[0]!.message).toContain('not a PowerPoint file');
  });
});
