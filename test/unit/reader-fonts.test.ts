/**
 * Fonts that travel: the built-in themes name faces every office install has, a theme that names another face
 * is warned about and fitted with room for a substitute, and the Word memo names the face that has Hangul.
 */
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { builtInThemeDir, builtInThemes } from '../../src/2-validate/theme.js';
import { isOfficeFace } from '../../src/text/office-faces.js';
import { copySample, editFile, outputsFor, repoRoot, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-reader-fonts-');
afterAll(() => tmp.cleanup());

async function slideBoxes(pptx: Buffer): Promise<{ text: string; cy: number }[]> {
  const zip = await JSZip.loadAsync(pptx);
  const xml = await zip.file('ppt/slides/slide2.xml')!.async('string');
  return (xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).map((sp) => ({ text: (sp.match(/<a:t>([^<]*)<\/a:t>/g) ?? []).join(''), cy: Number(/<a:ext cx="\d+" cy="(\d+)"/.exec(sp)?.[1] ?? 0) }));
}

describe('fonts that travel', () => {
  it('the built-in themes name only faces office installs have', () => {
    for (const name of builtInThemes()) {
      const t = parse(readFileSync(path.join(builtInThemeDir, `${name}.yaml`), 'utf8')) as { fonts: Record<string, { name: string } | { name: string }[]> };
      const faces = [t.fonts.heading, t.fonts.body, ...((t.fonts.fallbacks as { name: string }[]) ?? [])].map((f) => (f as { name: string }).name);
      expect(
        faces.filter((f) => !isOfficeFace(f)),
        name,
      ).toEqual([]);
    }
  });

  it('warns at the face name when a theme names another face, and the deck leaves room for a substitute', async () => {
    const series = copySample(path.join(tmp.dir, 'custom'));
    const custom =
      'themeOverrides:\n  fonts:\n    heading:\n      name: Briefsmith Sans\n      regular: npm:@expo-google-fonts/carlito/400Regular/Carlito_400Regular.ttf\n      bold: npm:@expo-google-fonts/carlito/700Bold/Carlito_700Bold.ttf';
    editFile(path.join(series, 'series.yaml'), (t) => t.replace('theme: default', `theme: default\n${custom}`));
    const withCustom = await outputsFor(series, { formats: ['pptx'] });
    const warning = withCustom.warnings.find((w) => w.rule === 'theme/font-not-on-readers');
    expect(warning?.message).toContain('"Briefsmith Sans" is not a face office installs have');
    expect(path.basename(warning!.position.file)).toBe('series.yaml');
    // The same metrics under an office name: the BLUF box is shorter, because it needs no room for a substitute.
    const office = await outputsFor(path.join(repoRoot, 'data', 'dprk-russia-munitions'), { formats: ['pptx'] });
    const bluf = (boxes: { text: string; cy: number }[]) => boxes.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    expect(bluf(await slideBoxes(withCustom.pptx)).cy).toBeGreaterThan(bluf(await slideBoxes(office.pptx)).cy);
  }, 60_000);

  it('embeds a face office installs lack in the deck as Embedded OpenType, and none of the office faces', async () => {
    const series = copySample(path.join(tmp.dir, 'embed'));
    const styles = ['400Regular', '700Bold', '400Regular_Italic', '700Bold_Italic'];
    const files = styles.map((s) => `npm:@expo-google-fonts/arimo/${s}/Arimo_${s}.ttf`);
    const face = `themeOverrides:\n  fonts:\n    heading:\n      name: Arimo\n${['regular', 'bold', 'italic', 'boldItalic'].map((k, i) => `      ${k}: ${files[i]}`).join('\n')}`;
    editFile(path.join(series, 'series.yaml'), (t) => t.replace('theme: default', `theme: default\n${face}`));
    const zip = await JSZip.loadAsync((await outputsFor(series, { formats: ['pptx'] })).pptx);
    const parts = Object.keys(zip.files).filter((f) => f.startsWith('ppt/fonts/'));
    expect(parts).toHaveLength(4);
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('Extension="fntdata" ContentType="application/x-fontdata"');
    const pres = await zip.file('ppt/presentation.xml')!.async('string');
    expect(pres).toMatch(
      /<p:notesSz[^>]*\/><p:embeddedFontLst><p:embeddedFont><p:font typeface="Arimo"\/><p:regular r:id="(rIdFont1)"\/><p:bold r:id="rIdFont2"\/><p:italic r:id="rIdFont3"\/><p:boldItalic r:id="rIdFont4"\/><\/p:embeddedFont><\/p:embeddedFontLst>/,
    );
    expect(await zip.file('ppt/_rels/presentation.xml.rels')!.async('string')).toContain(
      'Id="rIdFont1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" Target="fonts/font1.fntdata"',
    );
    // The EOT header (little-endian): sizes, version 2.1, the magic number, the family name; then the font unchanged.
    const eot = await zip.file('ppt/fonts/font2.fntdata')!.async('nodebuffer');
    const ttf = readFileSync(path.join(repoRoot, 'node_modules', '@expo-google-fonts', 'arimo', '700Bold', 'Arimo_700Bold.ttf'));
    expect(eot.readUInt32LE(0)).toBe(eot.length);
    expect(eot.readUInt32LE(4)).toBe(ttf.length);
    expect(eot.readUInt32LE(8)).toBe(0x00020001);
    expect(eot.readUInt32LE(28)).toBe(700);
    expect(eot.readUInt16LE(34)).toBe(0x504c);
    const familySize = eot.readUInt16LE(82);
    expect(eot.subarray(84, 84 + familySize).toString('utf16le')).toBe('Arimo');
    expect(eot.subarray(eot.length - ttf.length).equals(ttf)).toBe(true);

    const office = await JSZip.loadAsync((await outputsFor(path.join(repoRoot, 'data', 'dprk-russia-munitions'), { formats: ['pptx'] })).pptx);
    expect(Object.keys(office.files).filter((f) => f.startsWith('ppt/fonts/'))).toEqual([]);
  }, 60_000);

  it('writes an exact line pitch on every slide paragraph', async () => {
    const { pptx } = await outputsFor(path.join(repoRoot, 'data', 'dprk-russia-munitions'), { formats: ['pptx'] });
    const zip = await JSZip.loadAsync(pptx);
    const xml = await zip.file('ppt/slides/slide2.xml')!.async('string');
    const paras = xml.match(/<a:p>[\s\S]*?<\/a:p>/g)!.filter((p) => p.includes('<a:t>') && !p.includes('<a:fld')); // the slide number is one line
    // Carlito's own line (1.22 em) is taller than 1.2 em: 18 pt text gets 21.97 pt lines.
    expect(paras.filter((p) => !/<a:lnSpc><a:spcPts val="\d+"\/><\/a:lnSpc>/.test(p))).toEqual([]);
  }, 60_000);

  it('names the Hangul face in the Word memo’s East Asian slot', async () => {
    const { docx } = await outputsFor(path.join(repoRoot, 'test', 'fixtures', 'series', 'chip-export-controls'), { formats: ['docx'] });
    const styles = await (await JSZip.loadAsync(docx!)).file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/w:eastAsia="Malgun Gothic"/);
    expect(styles).not.toMatch(/w:eastAsia="Cambria"/);
  }, 60_000);
});
