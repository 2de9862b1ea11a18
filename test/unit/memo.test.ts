import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySample, editFile, outputsFor, pdfPageTexts, sampleDir, squash, tempDir } from '../helpers/sample.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

async function memoFor(input: string, edition?: string, pdfa = false) {
  const o = await outputsFor(input, { edition, pdfa, formats: ['pdf'] });
  return { pdf: o.pdf, document: o.document, layout: o.memo, warnings: o.warnings };
}

async function pdfjs(buffer: Buffer) {
  const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return lib.getDocument({ data: new Uint8Array(buffer), isEvalSupported: false }).promise;
}

describe('memo typography', () => {
  it('renders Cyrillic and Hangul names with embedded fallback fonts, without warnings', async () => {
    const { pdf, warnings } = await memoFor(sampleDir, '2022-W45');
    const text = (await pdfPageTexts(pdf)).join(' ');
    expect(text).toContain('Tumangang (두만강) to Khasan (Хасан)');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansKR/);
    expect(warnings).toEqual([]);
  });

  it('warns, naming the text, when no font has a glyph', async () => {
    const series = copySample(path.join(tmp.dir, 'glyph'));
    editFile(path.join(series, 'editions', '2022-W45', 'judgments.yaml'), (t) => t.replace('in return.', 'in return ሰላም.'));
    const { warnings } = await memoFor(series, '2022-W45');
    expect(warnings.map((w) => w.rule)).toContain('font/missing-glyph');
    expect(warnings.find((w) => w.rule === 'font/missing-glyph')!.message).toContain('ሰላም');
  });
});

describe('memo pagination', () => {
  it('continues a long table across pages with the header row repeated', async () => {
    const series = copySample(path.join(tmp.dir, 'table'));
    editFile(path.join(series, 'editions', '2024-W21', 'edition.yaml'), (t) => {
      const rows = Array.from({ length: 70 }, (_, i) => `    - { measure: "Site ${i + 1} shells observed", value: "${(i + 1) * 10}", sources: bi-2024 }`).join('\n');
      return t.replace(/ {2}key-numbers:\n( {4}- .*\n)+/, `  key-numbers:\n${rows}\n`);
    });
    const { pdf } = await memoFor(series);
    const pages = (await pdfPageTexts(pdf)).map(squash);
    const withRows = pages.filter((p) => /Site \d+ shells observed/.test(p));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const p of withRows) expect(p).toMatch(/Measure Value Sources/);
    const all = withRows.join(' ');
    for (let i = 1; i <= 70; i++) expect(all.match(new RegExp(`Site ${i} shells observed`, 'g'))?.length, `row ${i}`).toBe(1);
  });

  it('never splits a figure from its caption, takeaway and source line, wherever the page breaks fall', async () => {
    for (let extra = 0; extra < 8; extra++) {
      const series = copySample(path.join(tmp.dir, `fig-${extra}`));
      editFile(path.join(series, 'editions', '2024-W21', 'judgments.yaml'), (t) =>
        t.replace(
          '        sources: [afp-2023-09]\n  - id: transactional',
          `        sources: [afp-2023-09]\n${Array.from({ length: extra * 2 }, (_, i) => `      - text: Extra evidence line ${i} to move the page breaks of the memo by a few lines each time.\n        sources: [afp-2023-09]`).join('\n')}\n  - id: transactional`,
        ),
      );
      const { pdf } = await memoFor(series);
      const pages = (await pdfPageTexts(pdf)).map(squash);
      const pageOf = (needle: string) => pages.findIndex((p) => p.includes(needle));
      const checks: [string, string, string][] = [
        ['Figure 1. Russia fires several times', 'Rounds (millions)', 'Even at the higher 2023 production estimate'],
        ['Figure 2. Estimates of Russian daily shell use', 'Artillery shells per day', 'Estimates run from 30,000'],
        ['Figure 3. 6,700 containers could hold', 'If all ~6,700 containers held one calibre', 'The calibre mix decides'],
        ['Figure 4. From covert shipments', 'Shoigu visits Pyongyang', 'Supply moved from deniable shipments'],
      ];
      for (const [caption, chartText, takeaway] of checks) {
        const p = pageOf(caption);
        expect(p, `${caption} (extra ${extra})`).toBeGreaterThanOrEqual(0);
        expect(pageOf(chartText), `${chartText} (extra ${extra})`).toBe(p);
        expect(pageOf(takeaway), `${takeaway} (extra ${extra})`).toBe(p);
      }
    }
  });
});

describe('memo structure', () => {
  it('has bookmarks for each section and a tagged structure tree', async () => {
    const { pdf, document } = await memoFor(sampleDir);
    const doc = await pdfjs(pdf);
    const outline = (await doc.getOutline()) ?? [];
    expect(outline.map((o) => o.title)).toEqual(document.memo.sections.map((s) => s.title));
    const roles = new Set<string>();
    for (let i = 1; i <= doc.numPages; i++) {
      const walk = (n: { role?: string; children?: unknown[] } | null) => {
        if (!n) return;
        if (n.role) roles.add(n.role);
        for (const c of n.children ?? []) walk(c as never);
      };
      walk((await (await doc.getPage(i)).getStructTree()) as never);
    }
    for (const r of ['Sect', 'H1', 'H2', 'P', 'L', 'LI', 'LBody', 'Figure', 'Caption', 'Table', 'TR', 'TH', 'TD']) expect(roles, r).toContain(r);
    const meta = await doc.getMetadata();
    expect((meta.info as { Title: string }).Title).toBe(document.meta.title);
    await doc.destroy();
  });

  it('writes PDF/A-2b identification and an output intent on request', async () => {
    const { pdf } = await memoFor(sampleDir, undefined, true);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(raw).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(raw).toContain('/OutputIntents');
  });

  it('links each citation to its entry in the source list', async () => {
    const { pdf } = await memoFor(sampleDir);
    const doc = await pdfjs(pdf);
    const dests = await doc.getDestinations();
    for (let n = 1; n <= 5; n++) expect(Object.keys(dests)).toContain(`source-${n}`);
    let links = 0;
    for (let i = 1; i <= doc.numPages; i++) links += (await (await doc.getPage(i)).getAnnotations()).filter((a: { subtype: string; dest?: unknown }) => a.subtype === 'Link' && a.dest).length;
    expect(links).toBeGreaterThan(15);
    await doc.destroy();
  });
});
