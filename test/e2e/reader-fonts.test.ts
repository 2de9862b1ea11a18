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

const readerPackages = ['fonts-dejavu-core', 'fonts-liberation2', 'fonts-crosextra-carlito', 'fonts-crosextra-caladea'];
const EMU_PER_PT = 12700;
/** Horizontal slack: pdftotext's word boxes are the glyphs' advances, rounded. */
const TOLERANCE_PT = 2;
/** Vertical slack, as a share of the word's height: pdftotext's word boxes take the face's full ascent and descent, taller than its line. */
const LINE_SLACK = 0.25;

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

interface TextBox {
  slide: number;
  name: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  words: string[];
}
interface Word {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Every shape with text on every slide, in points, with the words it holds. */
async function textBoxes(pptx: string): Promise<TextBox[]> {
  const zip = await JSZip.loadAsync(await readFile(pptx));
  const slides = Object.keys(zip.files)
    .filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
  const boxes: TextBox[] = [];
  for (const [i, f] of slides.entries()) {
    const xml = await zip.file(f)!.async('string');
    for (const sp of xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []) {
      if (!sp.includes('<p:txBody>')) continue;
      const off = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(sp);
      const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(sp);
      if (!off || !ext) continue;
      const text = (sp.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []).map((p) => (p.match(/<a:t>([^<]*)<\/a:t>/g) ?? []).map((t) => unescape(t.slice(5, -6))).join(''));
      const words = text.join(' ').split(/\s+/).filter(Boolean).flatMap(pieces);
      if (!words.length) continue;
      const [x, y, w, h] = [off[1], off[2], ext[1], ext[2]].map((v) => Number(v) / EMU_PER_PT) as [number, number, number, number];
      boxes.push({ slide: i + 1, name: /name="([^"]*)"/.exec(sp)?.[1] ?? '', x0: x, y0: y, x1: x + w, y1: y + h, words });
    }
  }
  return boxes;
}

/** The words LibreOffice drew on each page, with their boxes in points. */
function pageWords(pdf: string): Word[][] {
  const html = execFileSync(tool('pdftotext'), ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      // A broken-up word keeps the box of the whole: pieces are only compared by where they lie.
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].flatMap((m) =>
        pieces(unescape(m[5]!)).map((text) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text })),
      ),
    );
}

/** Pieces a word may be broken into at the end of a line (after a hyphen, dash or slash), so both sides compare alike. */
const pieces = (word: string) => word.split(/(?<=[-–—/])(?=.)/);

const inside = (w: Word, b: TextBox) => {
  const slack = (w.y1 - w.y0) * LINE_SLACK;
  return w.x0 >= b.x0 - TOLERANCE_PT && w.x1 <= b.x1 + TOLERANCE_PT && w.y0 >= b.y0 - slack && w.y1 <= b.y1 + slack;
};

/** Words of a box that LibreOffice did not draw inside it, with where they went. */
function escaped(box: TextBox, words: Word[]): string[] {
  const wanted = new Map<string, number>();
  for (const w of box.words) wanted.set(w, (wanted.get(w) ?? 0) + 1);
  const out: string[] = [];
  for (const [text, count] of wanted) {
    const found = words.filter((w) => w.text === text && inside(w, box)).length;
    if (found < count) {
      const elsewhere = words.find((w) => w.text === text && !inside(w, box));
      out.push(`"${text}"${elsewhere ? ` drawn at ${elsewhere.x0.toFixed(0)},${elsewhere.y0.toFixed(0)}–${elsewhere.x1.toFixed(0)},${elsewhere.y1.toFixed(0)}` : ' not drawn'}`);
    }
  }
  return out;
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
        const pages = pageWords(path.join(out, path.basename(pptx).replace(/\.pptx$/, '.pdf')));
        const boxes = await textBoxes(pptx);
        expect(boxes.length).toBeGreaterThan(20);
        expect(pages.length).toBe(Math.max(...boxes.map((b) => b.slide)));
        const problems = boxes.flatMap((b) =>
          escaped(b, pages[b.slide - 1]!).map((e) => `slide ${b.slide} "${b.name}" at ${[b.x0, b.y0, b.x1, b.y1].map((v) => v.toFixed(0)).join(',')} (${b.words.slice(0, 6).join(' ')}…): ${e}`),
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
