/**
 * End-to-end: the sample deck built on real organisation templates of different geometry (LibreOffice's own
 * gallery, saved as .pptx and .potx by LibreOffice at test time) puts its text in the templates' placeholders,
 * leaves their look to the template, and LibreOffice draws every text box with its words inside it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, copySample, editFile, repoRoot, tempDir } from '../helpers/sample.js';
import { escapedWords, pageWords, slideTextBoxes, tableWords } from '../helpers/slide-words.js';

const gallery = '/usr/lib/libreoffice/share/template/common/presnt';
/** Templates whose title and body sit in different places (and one of another slide size, as a .potx). */
const redSea = path.join(repoRoot, 'test', 'fixtures', 'series', 'red-sea-shipping');
const templates: { name: string; as: 'pptx' | 'potx'; about: string; series?: string }[] = [
  { name: 'Beehive', as: 'pptx', about: 'title and body across the slide, footer placeholders' },
  { name: 'Metropolis', as: 'pptx', about: 'a narrow centred title band, white text on dark blue' },
  { name: 'Yellow_Idea', as: 'pptx', about: 'the body in the right half beside artwork' },
  { name: 'Vintage', as: 'potx', about: 'a taller slide (11 × 8.3 in), the title low on the slide' },
  { name: 'Beehive', as: 'pptx', about: 'the Red Sea series: long linked source titles, many charts', series: redSea },
];
const MIN_SHARE = 0.7;

function tool(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${name} is not installed: run test/e2e/install-tools.sh (npm run test:e2e does)`);
  return r.stdout.trim();
}

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('briefsmith-org-templates-');
  tool('soffice');
  tool('pdftotext');
  if (!existsSync(gallery)) throw new Error(`LibreOffice's template gallery is missing (${gallery}): install libreoffice-impress`);
});
afterAll(() => tmp?.cleanup());

/** Shares and problems measured for the report at the end. */
const shares: string[] = [];
afterAll(() => {
  if (shares.length) process.stdout.write(`placeholder share of slide text: ${shares.join('; ')}\n`);
});

describe("the sample deck on LibreOffice's gallery templates", () => {
  for (const t of templates) {
    it(`${t.name} (.${t.as}): ${t.about}`, async () => {
      const dir = path.join(tmp.dir, `${t.name}${t.series ? `-${path.basename(t.series)}` : ''}`);
      mkdirSync(dir, { recursive: true });
      const lo = ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/lo-profile`];
      execFileSync(tool('soffice'), [...lo, '--convert-to', t.as, '--outdir', dir, path.join(gallery, `${t.name}.otp`)], { stdio: 'ignore' });
      const template = path.join(dir, `${t.name}.${t.as}`);
      expect(existsSync(template), `LibreOffice did not save ${t.name} as .${t.as}`).toBe(true);
      const series = t.series ? path.join(dir, 'series') : copySample(dir);
      if (t.series) cpSync(t.series, series, { recursive: true });
      copyFileSync(template, path.join(series, `org.${t.as}`));
      editFile(path.join(series, 'series.yaml'), (y) => `${y}deck:\n  base: org.${t.as}\n`);
      const out = path.join(dir, 'out');
      const built = spawnSync(process.execPath, [cliPath, 'build', series, '--out', out, '--format', 'pptx'], { encoding: 'utf8' });
      if (built.status !== 0) throw new Error(built.stderr);
      const pptx = /wrote (\S+\.pptx)/.exec(built.stdout + built.stderr)![1]!;

      const boxes = await slideTextBoxes(pptx);
      const text = boxes.filter((b) => !b.furniture);
      const inPlaceholders = text.filter((b) => b.placeholder).reduce((n, b) => n + b.words.length, 0);
      const all = text.reduce((n, b) => n + b.words.length, 0) + (await tableWords(pptx));
      const share = inPlaceholders / all;
      shares.push(`${t.name}${t.series ? ` (${path.basename(t.series)})` : ''} ${(share * 100).toFixed(0)}% (${inPlaceholders}/${all} words)`);
      expect(share, `${t.name}: ${inPlaceholders} of ${all} words in placeholders`).toBeGreaterThanOrEqual(MIN_SHARE);

      // The template's look applies: no placeholder run names a colour or a face of its own.
      const styled = boxes
        .filter((b) => b.placeholder)
        .flatMap((b) => (b.xml.match(/<a:rPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:rPr>)/g) ?? []).map((r) => ({ b, r })))
        .filter(({ r }) => /<a:solidFill|<a:latin|typeface=/.test(r));
      expect(styled.map(({ b, r }) => `slide ${b.slide} ${b.name}: ${r}`)).toEqual([]);
      // Placeholders are placed by the template: an empty p:spPr.
      expect(boxes.filter((b) => b.placeholder && !b.xml.includes('<p:spPr/>') && !b.xml.includes('<a:xfrm>')).map((b) => `${b.slide} ${b.name}`)).toEqual([]);

      // LibreOffice draws every word of every text box inside that box (placeholders where the layout puts them).
      execFileSync(tool('soffice'), [...lo, '--convert-to', 'pdf', '--outdir', out, pptx], { stdio: 'ignore' });
      const pages = pageWords(tool('pdftotext'), path.join(out, path.basename(pptx).replace(/\.pptx$/, '.pdf')));
      expect(pages.length).toBe(Math.max(...boxes.map((b) => b.slide)));
      const problems = boxes
        .filter((b) => !b.xml.includes('type="slidenum"'))
        .flatMap((b) =>
          escapedWords(b, pages[b.slide - 1]!).map((e) => `slide ${b.slide} "${b.name}" at ${[b.x0, b.y0, b.x1, b.y1].map((v) => v.toFixed(0)).join(',')} (${b.words.slice(0, 6).join(' ')}…): ${e}`),
        );
      writeFileSync(path.join(dir, 'problems.txt'), problems.join('\n'));
      expect(problems).toEqual([]);
    }, 300_000);
  }
});
