/** The series' language is the default locale of every date and number a brief prints, ejected templates or not. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import JSZip from 'jszip';
import { helpers } from '../../src/5-template/helpers.js';
import { copySample, editFile, outputsFor, pptxSlideTexts, pdfPageTexts, repoRoot, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-locale-');
afterAll(() => tmp.cleanup());

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)';

describe('language: en-GB in series.yaml', () => {
  it('prints dates day-first in the deck and the memo, with the built-in templates', async () => {
    const series = copySample(path.join(tmp.dir, 'gb'));
    editFile(path.join(series, 'series.yaml'), (t) => t.replace('language: en-US', 'language: en-GB'));
    const o = await outputsFor(series, { formats: ['pptx', 'pdf'] });
    const texts = [...(await pptxSlideTexts(o.pptx)), ...(await pdfPageTexts(o.pdf))].join('\n');
    // US order, "May 20, 2024", nowhere; British order, "20 May 2024", somewhere.
    const us = texts.match(new RegExp(`${MONTH}\\.? \\d{1,2}, \\d{4}`, 'g')) ?? [];
    expect(us).toEqual([]);
    expect(texts).toMatch(new RegExp(`\\d{1,2} ${MONTH} \\d{4}`));
  }, 120_000);

  it('prints dates day-first in the Baltic series (en-GB) everywhere: deck, memo, Word memo', async () => {
    const o = await outputsFor(path.join(repoRoot, 'test', 'fixtures', 'series', 'baltic-seabed'), { formats: ['pptx', 'pdf', 'docx'] });
    const docx = await (await JSZip.loadAsync(o.docx!)).file('word/document.xml')!.async('string');
    const texts = [...(await pptxSlideTexts(o.pptx)), ...(await pdfPageTexts(o.pdf)), docx.replace(/<[^>]+>/g, '')].join('\n');
    const us = texts.match(new RegExp(`${MONTH}\\.? \\d{1,2}, \\d{4}`, 'g')) ?? [];
    expect(us).toEqual([]);
  }, 120_000);

  it("is the helpers' default even in a template run without a locale (a node template, say)", () => {
    const run = (source: string, data: object) => {
      const hb = Handlebars.create();
      for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
      return hb.compile(source)(data);
    };
    expect(run('{{formatDate edition.date}} {{formatNumber 40000.5}}', { series: { language: 'en-GB' }, edition: { date: '2024-12-27' } })).toBe('27 December 2024 40,000.5');
    expect(run('{{formatNumber 40000.5}}', { series: { language: 'de-DE' } })).toBe('40.000,5');
  });
});
