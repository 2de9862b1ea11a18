/** Organisation templates read for their placeholders, slides chosen by what layouts hold, text in placeholders styled by the template (no LibreOffice needed). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaseProfile } from '../../src/9-emit/pptx/base-profile.js';
import { writePptx } from '../../src/9-emit/pptx/index.js';
import { chartsOf, pictures } from '../../src/pipeline.js';
import { chooseLayout, layoutKey, slideKinds } from '../../src/8-layout/deck/base-layouts.js';
import { inspectTemplate } from '../../src/cli/templates-command.js';
import { templateFaceFiles } from '../../src/2-validate/theme.js';
import type { BaseProfile } from '../../src/8-layout/deck/types.js';
import { makeBaseTemplate, makePlaceholderTemplate } from '../helpers/base-template.js';
import { slideTextBoxes } from '../helpers/slide-words.js';
import { copySample, editFile, outputsFor, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-org-');
afterAll(() => tmp.cleanup());
let template: Buffer;
let profile: BaseProfile;
beforeAll(async () => {
  template = await makePlaceholderTemplate();
  profile = await readBaseProfile(template);
});

describe("a template's profile", () => {
  it('lists each layout with its placeholders, frames in inches and the sizes the master styles give', () => {
    const names = profile.layouts.map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['Title Slide', 'Title and Content', 'Title Only', 'Two Content', 'Section Header']));
    const content = profile.layouts.find((l) => l.name === 'Title and Content')!;
    const body = content.placeholders.find((p) => p.type === 'body')!;
    expect([body.x, body.y, body.w, body.h].map((v) => Math.round(v * 10) / 10)).toEqual([0.8, 1.7, 11.7, 5]);
    expect(body.styled).toBe(true);
    expect(body.sizes[0]).toBeGreaterThan(0);
    const title = content.placeholders.find((p) => p.type === 'title')!;
    expect(title.sizes[0]).toBe(44);
    expect(profile.layouts.find((l) => l.name === 'Title Slide')!.placeholders.map((p) => p.type)).toEqual(['ctrTitle', 'subTitle']);
    expect(profile.fonts.major).toBeTruthy();
  });

  it('chooses layouts by what their placeholders hold, and names from series.yaml (compared loosely) win', () => {
    const chosen = Object.fromEntries(slideKinds.map((k) => [k, chooseLayout(profile, k).name]));
    expect(chosen).toMatchObject({
      title: 'Title Slide',
      section: 'Section Header',
      bluf: 'Title and Content',
      bullets: 'Title and Content',
      judgments: 'Title and Content',
      figure: 'Title Only',
      table: 'Title Only',
      'two-column': 'Two Content',
    });
    expect(layoutKey('Title, Content')).toBe(layoutKey('Title and Content'));
    // A picture placeholder holds no text: a title-and-picture layout is no place for bullets.
    const content = profile.layouts.find((l) => l.name === 'Title and Content')!;
    const picture = {
      ...content,
      name: 'Picture',
      part: 'ppt/slideLayouts/picture.xml',
      type: 'picTx',
      placeholders: content.placeholders.map((p) => (p.type === 'body' ? { ...p, type: 'pic' as const } : p)),
    };
    expect(chooseLayout({ ...profile, layouts: [picture, ...profile.layouts] }, 'bullets').name).toBe('Title and Content');
    expect(chooseLayout({ ...profile, mapping: { figure: 'title, content' } }, 'figure').name).toBe('Title and Content');
  });

  it('`brief templates inspect` reports layouts, placeholders and the slides that would use each', async () => {
    const file = path.join(tmp.dir, 'inspect.pptx');
    writeFileSync(file, template);
    const report = await inspectTemplate(file);
    expect(report).toMatch(/Title and Content .*← bluf, bullets, judgments, changes, sources/);
    expect(report).toMatch(/body idx=101 +0\.80, 1\.70, 11\.70, 5\.00/);
    expect(report).toMatch(/Two Content .*← two-column/);
  });

  it("measures a template's faces with their metric twins, other faces with the nearest and room to spare", () => {
    const twin = (name: string) => {
      const f = templateFaceFiles(name);
      return [path.basename(f.family.regular), f.exact, f.family.name];
    };
    expect(twin('Calibri')).toEqual(['Carlito_400Regular.ttf', true, 'Calibri']);
    expect(twin('Arial')).toEqual(['Arimo_400Regular.ttf', true, 'Arial']);
    expect(twin('Times New Roman')).toEqual(['Tinos_400Regular.ttf', true, 'Times New Roman']);
    expect(twin('Calibri Light')).toEqual(['Carlito_400Regular.ttf', false, 'Calibri Light']);
    expect(twin('Georgia')).toEqual(['Tinos_400Regular.ttf', false, 'Georgia']);
    expect(twin('Segoe UI')).toEqual(['Arimo_400Regular.ttf', false, 'Segoe UI']);
  });

  it('a template without placeholders still maps slides by the usual names', async () => {
    const bare = await readBaseProfile(await makeBaseTemplate());
    expect(chooseLayout(bare, 'title').name).toBe('Title Slide');
    expect(chooseLayout(bare, 'section').name).toBe('Section Header');
  });
});

describe('the sample deck on a template with placeholders', () => {
  it('puts the text in the layouts’ placeholders, placed and styled by the template', async () => {
    const series = copySample(path.join(tmp.dir, 'deck'));
    writeFileSync(path.join(series, 'corporate.pptx'), template);
    editFile(path.join(series, 'series.yaml'), (t) => `${t}deck:\n  base: corporate.pptx\n`);
    const { pptx, deck, built, ctx } = await outputsFor(series, { formats: ['pptx'] });
    // Same input, same bytes.
    expect((await writePptx(deck, await pictures(chartsOf(deck), built.document.theme, ctx, built.logo), { base: built.base! })).equals(pptx)).toBe(true);
    const boxes = await slideTextBoxes(pptx);
    const text = boxes.filter((b) => !b.furniture);
    const inPh = text.filter((b) => b.placeholder).reduce((n, b) => n + b.words.length, 0);
    const all = text.reduce((n, b) => n + b.words.length, 0);
    expect(inPh / all).toBeGreaterThan(0.7);
    const placeholders = boxes.filter((b) => b.placeholder && !b.furniture);
    // Placed by the layout, and no colour, face or size of their own (the master's styles give the size here).
    for (const b of placeholders) {
      expect(b.xml).toContain('<p:spPr/>');
      for (const r of b.xml.match(/<a:rPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:rPr>)/g) ?? []) expect(r).not.toMatch(/<a:solidFill|<a:latin|typeface=/);
    }
    // A size only where fitting needed one smaller than the master's (44 pt titles, 32 pt text here).
    const sizes = placeholders.flatMap((b) => (b.xml.match(/<a:rPr\b[^>]*>/g) ?? []).map((r) => ({ title: /title|ctrTitle/i.test(b.placeholder!), sz: /\bsz="(\d+)"/.exec(r)?.[1] })));
    expect(sizes.filter((r) => r.sz === undefined).length).toBeGreaterThan(0);
    for (const r of sizes) if (r.sz) expect(Number(r.sz)).toBeLessThan(r.title ? 4400 : 3200);
    // Each slide sits on the layout chosen for it.
    const zip = await JSZip.loadAsync(pptx);
    const layoutName = async (n: number) => {
      const rels = await zip.file(`ppt/slides/_rels/slide${n}.xml.rels`)!.async('string');
      const part = `ppt/slideLayouts/${/slideLayouts\/([^"]+)"/.exec(rels)![1]}`;
      return /<p:cSld[^>]*name="([^"]*)"/.exec(await zip.file(part)!.async('string'))![1];
    };
    expect(await layoutName(1)).toBe('Title Slide');
    expect(await layoutName(2)).toBe('Title and Content');
    const titles = boxes.filter((b) => b.placeholder === 'title' || b.placeholder === 'ctrTitle');
    expect(titles.length).toBeGreaterThan(10);
    expect(boxes.find((b) => b.slide === 1 && b.placeholder === 'subTitle')!.words.join(' ')).toContain('Weekly');
    const slide = await zip.file('ppt/slides/slide2.xml')!.async('string');
    expect(slide).toContain('<p:ph type="title" idx="100"/>');
  }, 60_000);
});
