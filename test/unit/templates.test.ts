import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import Handlebars from 'handlebars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocumentFor } from '../../src/pipeline.js';
import { helpers, formatDate, formatNumber, formatPercent, formatRange, likelihoodWithRange } from '../../src/5-template/helpers.js';
import { ejectTemplate, initSeries, listTemplates } from '../../src/cli/templates-command.js';
import type { BriefDocument } from '../../src/6-document/types.js';
import { copySample, diagnosticsFor, editFile, outputsFor, pdfPageTexts, sampleDir, tempDir } from '../helpers/sample.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const strip = (doc: BriefDocument) =>
  JSON.parse(JSON.stringify(doc, (k, v: unknown) => (['position', 'theme', 'svg', 'specFile', 'dir', 'at', 'takeawayAt', 'blufPosition'].includes(k) ? undefined : v))) as BriefDocument;

function writeOverride(series: string, rel: string, text: string): void {
  const file = path.join(series, 'templates', rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('template overrides', () => {
  it('a series partial replaces only its part of the deck and of the memo', async () => {
    const series = copySample(path.join(tmp.dir, 'override'));
    writeOverride(series, 'deck/partials/bluf-slide.hbs', '<slide layout="bluf" title="The bottom line, our way">\n  <p>{{edition.bluf}}</p>\n</slide>\n');
    writeOverride(series, 'memo/partials/bluf-section.hbs', '<section id="bluf" title="Summary">\n  <p portion="{{portionMark}}">{{edition.bluf}}</p>\n</section>\n');
    const base = strip((await buildDocumentFor({ input: sampleDir })).document);
    const built = await outputsFor(series, { formats: ['pdf'] });
    const custom = strip(built.document);
    const changedSlides = custom.deck.slides.map((s, i) => JSON.stringify(s) !== JSON.stringify(base.deck.slides[i])).flatMap((c, i) => (c ? [i] : []));
    expect(changedSlides).toEqual([1]);
    expect(custom.deck.slides[1]!.title).toBe('The bottom line, our way');
    const changedSections = custom.memo.sections.map((s, i) => JSON.stringify(s) !== JSON.stringify(base.memo.sections[i])).flatMap((c, i) => (c ? [i] : []));
    expect(changedSections).toEqual([0]);
    expect(custom.memo.sections[0]!.title).toBe('Summary');
    const pdfText = (await pdfPageTexts(built.pdf)).join(' ');
    expect(pdfText).toContain('SUMMARY');
    expect(pdfText).not.toContain('BOTTOM LINE UP FRONT');
  });

  it('takes a template edited between two builds in one process (the compiled templates are kept by content)', async () => {
    const series = copySample(path.join(tmp.dir, 'edit-between'));
    writeOverride(series, 'deck/partials/bluf-slide.hbs', '<slide layout="bluf" title="First title">\n  <p>{{edition.bluf}}</p>\n</slide>\n');
    expect((await buildDocumentFor({ input: series })).document.deck.slides[1]!.title).toBe('First title');
    writeOverride(series, 'deck/partials/bluf-slide.hbs', '<slide layout="bluf" title="Second title">\n  <p>{{edition.bluf}}</p>\n</slide>\n');
    expect((await buildDocumentFor({ input: series })).document.deck.slides[1]!.title).toBe('Second title');
    writeOverride(series, 'deck/partials/bluf-slide.hbs', '<slide layout="bluf" title="{{#if edition.bluf}}Broken">\n</slide>\n');
    expect((await diagnosticsFor(series)).map((d) => d.rule)).toContain('template/syntax');
  });

  it('lists which file wins, and ejects a built-in for editing', () => {
    const series = copySample(path.join(tmp.dir, 'eject'));
    const dest = ejectTemplate(series, 'memo/sources-section');
    expect(dest).toBe(path.join(series, 'templates', 'memo', 'partials', 'sources-section.hbs'));
    expect(existsSync(dest)).toBe(true);
    const list = listTemplates(series);
    expect(list).toMatch(/sources-section\s+series\s+/);
    expect(list).toMatch(/bluf-section\s+built-in\s+/);
    expect(() => ejectTemplate(series, 'memo/sources-section')).toThrow();
    expect(() => ejectTemplate(series, 'no-such-partial')).toThrow();
  });
});

describe('themes', () => {
  it('a different theme, with a single token overridden by the series, restyles both outputs', async () => {
    const series = copySample(path.join(tmp.dir, 'theme'));
    editFile(path.join(series, 'series.yaml'), (t) => t.replace('theme: default', 'theme: ministry\nthemeOverrides:\n  colors:\n    accent: "#AA3377"'));
    const { document, pptx, pdf } = await outputsFor(series);
    expect(document.theme.colors.accent).toBe('#AA3377');
    expect(document.theme.colors.primary).toBe('#00586B');
    const zip = await JSZip.loadAsync(pptx);
    const pres = await zip.file('ppt/presentation.xml')!.async('string');
    expect(pres).toContain('<p:sldSz cx="9144000" cy="6858000"'); // 4:3
    const slides = (
      await Promise.all(
        Object.keys(zip.files)
          .filter((n) => /slides\/slide\d+\.xml$/.test(n))
          .map((n) => zip.file(n)!.async('string')),
      )
    ).join('');
    expect(slides).toContain('typeface="Times New Roman"');
    expect(slides).toContain('AA3377');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(raw).toMatch(/\+Tinos-Bold/);
  });

  it('reports a bad override at its line in series.yaml', async () => {
    const series = copySample(path.join(tmp.dir, 'theme-bad'));
    editFile(path.join(series, 'series.yaml'), (t) => t.replace('theme: default', 'theme: default\nthemeOverrides:\n  colors:\n    primary: navy'));
    const diags = await diagnosticsFor(series);
    expect(diags.map((d) => [path.basename(d.position.file), d.position.line, d.rule])).toEqual([
      [
        'series.yaml',
        readFileSync(path.join(series, 'series.yaml'), 'utf8')
          .split('\n')
          .findIndex((l) => l.includes('primary: navy')) + 1,
        'theme/pattern',
      ],
    ]);
  });

  it('reports an unknown theme name with the built-in names', async () => {
    const series = copySample(path.join(tmp.dir, 'theme-unknown'));
    editFile(path.join(series, 'series.yaml'), (t) => t.replace('theme: default', 'theme: corporate'));
    const diags = await diagnosticsFor(series);
    expect(diags[0]!.message).toContain('default, ministry');
    expect(diags[0]!.rule).toBe('theme/unknown');
  });
});

describe('template errors point at the template file and line', () => {
  const cases: [string, string, number, RegExp][] = [
    ['an unclosed block', '<slide layout="bluf" title="x">\n  <p>{{#if edition.bluf}}{{edition.bluf}}</p>\n</slide>\n', 2, /\{\{#if\}\} is never closed/],
    ['a misspelled field inside #if', '<slide layout="bluf" title="x">\n  {{#if edition.blfu}}<p>x</p>{{/if}}\n</slide>\n', 2, /"blfu" is not a field of edition/],
    ['a misspelled field', '<slide layout="bluf" title="x">\n\n  <p>{{edition.bluff}}</p>\n</slide>\n', 3, /"bluff" is not a field of edition/],
    ['an unknown helper', '<slide layout="bluf" title="x">\n  <p>{{shout edition.bluf}}</p>\n</slide>\n', 2, /unknown helper "shout"/],
    ['an unknown partial', '<slide layout="bluf" title="x">\n  <p>x</p>\n  {{> nothing-here}}\n</slide>\n', 3, /unknown partial "nothing-here"/],
    ['markup the deck does not know', '<slide layout="bluf" title="x">\n  <blink>x</blink>\n</slide>\n', 0, /<blink> is not allowed inside <slide>/],
  ];
  for (const [name, text, line, message] of cases) {
    it(name, async () => {
      const series = copySample(path.join(tmp.dir, `err-${name.replace(/\W+/g, '-')}`));
      writeOverride(series, 'deck/partials/bluf-slide.hbs', text);
      const diags = await diagnosticsFor(series);
      expect(diags.length).toBe(1);
      expect(diags[0]!.message).toMatch(message);
      if (line > 0) {
        expect(diags[0]!.position.file).toBe(path.join(series, 'templates', 'deck', 'partials', 'bluf-slide.hbs'));
        expect(diags[0]!.position.line).toBe(line);
        expect(diags[0]!.frame).toContain(`> ${line} |`);
      }
    });
  }
});

describe('helpers', () => {
  const render = (src: string, ctx: object = {}) => {
    const hb = Handlebars.create();
    for (const [n, fn] of Object.entries(helpers)) hb.registerHelper(n, fn as Handlebars.HelperDelegate);
    return hb.compile(src)(ctx);
  };
  it('formats dates, numbers, percents and ranges for a locale', () => {
    expect(formatDate('2024-05-20')).toBe('May 20, 2024');
    expect(formatDate('2024-05-20', 'en-GB')).toBe('20 May 2024');
    expect(formatDate('2024-05')).toBe('May 2024');
    expect(formatDate('2024')).toBe('2024');
    expect(formatNumber(40000)).toBe('40,000');
    expect(formatNumber(40000, 'de-DE')).toBe('40.000');
    expect(formatPercent(0.255, 'en-US', 1)).toBe('25.5%');
    expect(formatRange(40000, 60000)).toBe('40,000–60,000');
    expect(formatRange(5, 5)).toBe('5');
    expect(render('{{range 40000 60000 locale="fr-FR"}}')).toBe('40\u202f000–60\u202f000');
    expect(render('{{formatDate d style="short"}}', { d: '2023-09-13' })).toBe('Sep 13, 2023');
  });
  it('speaks ICD 203', () => {
    expect(likelihoodWithRange('very likely')).toBe('very likely (80–95%)');
    expect(likelihoodWithRange('highly probable')).toBe('highly probable (80–95%)');
    expect(render('{{confidenceLabel "moderate"}}')).toBe('moderate confidence');
  });
  it('cites sources, embeds figures and tests markings', () => {
    expect(render('{{cite "a" "b"}}')).toBe('<cite ref="a b"/>');
    expect(render('{{cite ids}}', { ids: ['x', 'y'] })).toBe('<cite ref="x y"/>');
    expect(render('{{figure "timeline"}}')).toBe('<figure ref="timeline"/>');
    expect(render('{{#ifMarking "TLP:*"}}tlp{{else}}other{{/ifMarking}}', { marking: 'TLP:AMBER' })).toBe('tlp');
    expect(render('{{#ifMarking "UNCLASSIFIED"}}u{{else}}other{{/ifMarking}}', { marking: 'SECRET' })).toBe('other');
    expect(render('{{plural n "figure" "figures"}}', { n: 1 })).toBe('figure');
  });
  it('escapes brief text so it cannot add markup', () => {
    expect(render('<p>{{t}}</p>', { t: '<b>x</b> & "y"' })).toBe('<p>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</p>');
  });
});

describe('brief init', () => {
  it('creates a series that builds as it is', async () => {
    const dir = path.join(tmp.dir, 'new-series');
    const files = initSeries(dir, new Date(Date.UTC(2026, 10, 21)));
    expect(files.map((f) => path.relative(dir, f))).toContain(path.join('editions', '2026-W47', 'judgments.yaml'));
    const { document, sink } = await buildDocumentFor({ input: dir });
    expect(sink.items).toEqual([]);
    expect(document.meta.editionId).toBe('2026-W47');
    expect(() => initSeries(dir)).toThrow();
  });
});
