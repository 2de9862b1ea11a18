/**
 * The Word memo: Word's own heading styles, real lists and tables (header rows
 * repeat), figures as SVG pictures with a PNG fallback and alt text, banners in
 * the header and footer with "Page X of Y" fields, links from citations to the
 * source list, document properties, and the same bytes for the same memo.
 */
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline.js';
import { copySample, editFile, outputsFor, sampleDir, tempDir } from '../helpers/sample.js';

let zip: JSZip;
let body: string;
let docx: Buffer;

beforeAll(async () => {
  docx = (await outputsFor(sampleDir, { formats: ['docx'] })).docx!;
  zip = await JSZip.loadAsync(docx);
  body = await zip.file('word/document.xml')!.async('string');
});

describe('the Word memo', () => {
  it('uses Word heading styles for sections and judgments', () => {
    expect(body.match(/<w:pStyle w:val="Heading1"\/>/g)?.length).toBeGreaterThanOrEqual(6);
    expect(body.match(/<w:pStyle w:val="Heading2"\/>/g)?.length).toBe(7);
  });

  it('has real bulleted lists and a table whose header row repeats on every page', () => {
    expect(body.match(/<w:numPr>/g)?.length).toBeGreaterThan(10);
    expect(body).toContain('<w:tblHeader/>');
  });

  it('shows figures as SVG pictures with a PNG fallback and alt text', async () => {
    expect(body.match(/<asvg:svgBlip /g)?.length).toBe(5);
    expect(body).toMatch(/descr="Figure 1: Russia fires several times what it produces\./);
    expect(Object.keys(zip.files).filter((n) => /^word\/media\/.+\.svg$/.test(n)).length).toBe(5);
    expect(Object.keys(zip.files).filter((n) => /^word\/media\/.+\.png$/.test(n)).length).toBe(5);
  });

  it('links citations to bookmarked entries of the source list', () => {
    const anchors = [...body.matchAll(/<w:hyperlink [^>]*w:anchor="([^"]+)"/g)].map((m) => m[1]);
    const marks = new Set([...body.matchAll(/<w:bookmarkStart [^>]*w:name="([^"]+)"/g)].map((m) => m[1]));
    expect(anchors.length).toBeGreaterThan(15);
    for (const a of anchors) expect(marks, a).toContain(a);
  });

  it('carries the banners, footer and "Page X of Y" fields in the header and footer', async () => {
    const parts = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^word\/(header|footer)\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    const all = parts.join('');
    expect(all.split('>UNCLASSIFIED<').length - 1).toBeGreaterThanOrEqual(2);
    expect(all).toMatch(/PAGE/);
    expect(all).toMatch(/NUMPAGES/);
    expect(all).toContain('w:fill="007A33"');
  });

  it('records the document properties, dated the edition', async () => {
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dc:title>North Korean shells keep Russia&apos;s guns firing</dc:title>');
    expect(core).toContain('2024-05-20T00:00:00Z');
  });

  describe('bytes', () => {
    let tmp: ReturnType<typeof tempDir>;
    beforeAll(() => {
      tmp = tempDir();
    });
    afterAll(() => tmp.cleanup());

    it('is built by default when the series asks for it in memo.formats', async () => {
      const series = copySample(path.join(tmp.dir, 'formats'));
      editFile(path.join(series, 'series.yaml'), (t) => t.replace(/^memo:\n/m, 'memo:\n  formats: [docx, pdf]\n'));
      const r = await build({ input: series, outDir: path.join(tmp.dir, 'formats-out') });
      expect(r.files.map((f) => f.format).sort()).toEqual(['docx', 'pdf', 'pptx']);
    });

    it('are the same for the same memo, also with external links (whose ids the docx package draws at random)', async () => {
      const series = copySample(path.join(tmp.dir, 'links'));
      editFile(path.join(series, 'editions', '2024-W21', 'sources.yaml'), (t) => t.replace('    date: "2022-11"\n', '    date: "2022-11"\n    url: https://example.org/guardian\n'));
      const a = (await outputsFor(series, { formats: ['docx'] })).docx!;
      const b = (await outputsFor(series, { formats: ['docx'] })).docx!;
      expect(a.equals(b)).toBe(true);
      const rels = await (await JSZip.loadAsync(a)).file('word/_rels/document.xml.rels')!.async('string');
      expect(rels).toContain('Target="https://example.org/guardian" TargetMode="External"');
      expect(rels).not.toMatch(/Id="rId[A-Za-z0-9_-]{21}"/);
      expect((await outputsFor(sampleDir, { formats: ['docx'] })).docx!.equals(docx)).toBe(true);
    });
  });
});
