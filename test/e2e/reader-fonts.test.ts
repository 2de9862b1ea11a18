/**
 * End-to-end: a reader's LibreOffice, with only the fonts an office install has (DejaVu, Liberation, Carlito,
 * Caladea; fontconfig pointed at just those), keeps every word of every slide text box inside that box. Each
 * box's position comes from the slide XML, each word's from the rendered PDF (`pdftotext -bbox`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySample, editFile, repoRoot, sampleDir, shippedCli, tempDir } from '../helpers/sample.js';
import { escapedWords, pageWords, slideTextBoxes } from '../helpers/slide-words.js';

const readerPackages = ['fonts-dejavu-core', 'fonts-liberation2', 'fonts-crosextra-carlito', 'fonts-crosextra-caladea'];
function tool(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${name} is not installed: run test/e2e/install-tools.sh (npm run test:e2e does)`);
  return r.stdout.trim();
}

/** A fontconfig file that lists only the reader's font folders, with the system's aliases (Calibri → Carlito, …). */
function readerFontConfig(dir: string): string {
  const folders = new Set<string>();
  for (const pkg of readerPackages) {
    const r = spawnSync('dpkg', ['-L', pkg], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${pkg} is not installed: run test/e2e/install-tools.sh (npm run test:e2e does)`);
    for (const f of r.stdout.split('\n')) if (/\.(ttf|otf)$/.test(f)) folders.add(path.dirname(f));
  }
  const file = path.join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${[...folders].map((f) => `  <dir>${f}</dir>`).join('\n')}\n` +
      `  <cachedir>${path.join(dir, 'fc-cache')}</cachedir>\n  <include ignore_missing="yes">/etc/fonts/conf.d</include>\n</fontconfig>\n`,
  );
  return file;
}

let tmp: ReturnType<typeof tempDir>;
let fontsConf: string;

beforeAll(() => {
  tmp = tempDir('briefsmith-reader-fonts-');
  fontsConf = readerFontConfig(tmp.dir);
  const families = execFileSync(tool('fc-list'), [':', 'family'], { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: fontsConf } });
  // The reader has the twins and nothing of ours: no Noto, no Tinos or Arimo from npm.
  expect(families).toMatch(/Carlito/);
  expect(families).toMatch(/Caladea/);
  expect(families).toMatch(/Liberation Sans/);
  expect(families).not.toMatch(/Noto/);
});
afterAll(() => tmp?.cleanup());

describe("every slide text box holds its words on a reader's LibreOffice", () => {
  for (const [name, series] of [
    ['the sample', sampleDir],
    ['the Baltic series (ministry theme, Cyrillic)', path.join(repoRoot, 'test', 'fixtures', 'series', 'baltic-seabed')],
    ['the Red Sea series (long linked source titles, many chart kinds)', path.join(repoRoot, 'test', 'fixtures', 'series', 'red-sea-shipping')],
  ] as const) {
    it(
      name,
      async () => {
        const out = path.join(tmp.dir, path.basename(series));
        mkdirSync(out, { recursive: true });
        const built = spawnSync(process.execPath, [shippedCli, 'build', series, '--out', out, '--format', 'pptx'], { encoding: 'utf8' });
        if (built.status !== 0) throw new Error(built.stderr);
        const pptx = /wrote (\S+\.pptx)/.exec(built.stdout + built.stderr)![1]!;
        const env = { ...process.env, FONTCONFIG_FILE: fontsConf };
        execFileSync(tool('soffice'), ['--headless', '--norestore', `-env:UserInstallation=file://${out}/lo-profile`, '--convert-to', 'pdf', '--outdir', out, pptx], { env, stdio: 'ignore' });
        const pages = pageWords(tool('pdftotext'), path.join(out, path.basename(pptx).replace(/\.pptx$/, '.pdf')));
        const boxes = await slideTextBoxes(pptx);
        expect(boxes.length).toBeGreaterThan(20);
        expect(pages.length).toBe(Math.max(...boxes.map((b) => b.slide)));
        const problems = boxes.flatMap((b) =>
          escapedWords(b, pages[b.slide - 1]!).map((e) => `slide ${b.slide} "${b.name}" at ${[b.x0, b.y0, b.x1, b.y1].map((v) => v.toFixed(0)).join(',')} (${b.words.slice(0, 6).join(' ')}…): ${e}`),
        );
        expect(problems).toEqual([]);
      },
      240_000,
    );
  }
});

describe('a face office installs lack travels inside the deck', () => {
  it('as Embedded OpenType that libeot (LibreOffice’s reader) turns back into the very font file', async () => {
    const series = copySample(path.join(tmp.dir, 'embed'));
    const ttf = path.join(repoRoot, 'node_modules', '@expo-google-fonts', 'arimo', '400Regular', 'Arimo_400Regular.ttf');
    editFile(path.join(series, 'series.yaml'), (t) =>
      t.replace('theme: default', 'theme: default\nthemeOverrides:\n  fonts:\n    heading:\n      name: Arimo\n      regular: npm:@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf'),
    );
    const out = path.join(tmp.dir, 'embed-out');
    const built = spawnSync(process.execPath, [shippedCli, 'build', series, '--out', out, '--format', 'pptx'], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(built.stderr);
    const pptx = /wrote (\S+\.pptx)/.exec(built.stdout)![1]!;
    const zip = await JSZip.loadAsync(await readFile(pptx));
    const eot = path.join(tmp.dir, 'font1.fntdata');
    writeFileSync(eot, await zip.file('ppt/fonts/font1.fntdata')!.async('nodebuffer'));
    const decode = [
      'import ctypes, sys',
      "lib = ctypes.CDLL('libeot.so.0')",
      "data = open(sys.argv[1], 'rb').read()",
      'buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)',
      'out = ctypes.POINTER(ctypes.c_uint8)(); size = ctypes.c_uint()',
      'rc = lib.EOT2ttf_buffer(buf, len(data), ctypes.create_string_buffer(8192), ctypes.byref(out), ctypes.byref(size))',
      "sys.exit(1 if rc else (0 if bytes(out[:size.value]) == open(sys.argv[2], 'rb').read() else 2))",
    ].join('\n');
    const r = spawnSync(tool('python3'), ['-c', decode, eot, ttf], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status, 'libeot: 1 = refused the EOT, 2 = decoded another font').toBe(0);
  }, 120_000);
});
