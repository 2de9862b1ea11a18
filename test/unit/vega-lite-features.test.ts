// Vega-Lite features the official gallery uses (test/gallery/run-gallery.mjs measures the gallery itself), each with a
// spec written here: fields made by transforms, a spec's own datasets, image marks, links made from data, vega's
// solid dash pattern and colors with alpha in the PDF, a picture resvg would crash on, and long legends.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChart, type RenderedChart } from '../../src/4-charts/render-chart.js';
import { BriefError, DiagnosticSink, formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { FontSet } from '../../src/text/font-set.js';
import { loadTheme, type Theme } from '../../src/2-validate/theme.js';
import { BuildContext } from '../../src/build-context.js';
import { renderChartFile } from '../../src/cli/chart-command.js';
import { repoRoot, tempDir } from '../helpers/sample.js';
import { fittingColumns } from '../../src/4-charts/legend-wrap.js';

const ctx = new BuildContext();
let theme: Theme;
let fonts: FontSet;
let tmp: ReturnType<typeof tempDir>;
let n = 0;

beforeAll(async () => {
  const sink = new DiagnosticSink();
  theme = (await loadTheme('default', repoRoot, repoRoot, { file: 'x', line: 1, column: 1 }, sink, ctx))!;
  fonts = new FontSet(theme.fonts, ctx.fonts);
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

/** A fresh folder holding the spec (and the given files); returns the spec's path. */
function folder(spec: unknown, files: Record<string, string | Buffer> = {}): string {
  const dir = path.join(tmp.dir, `case-${++n}`);
  for (const [name, data] of Object.entries({ 'chart.vl.json': JSON.stringify(spec, null, 1), ...files })) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return path.join(dir, 'chart.vl.json');
}

async function render(spec: unknown, files: Record<string, string | Buffer> = {}): Promise<{ chart?: RenderedChart; errors: string[] }> {
  const specFile = folder(spec, files);
  const sink = new DiagnosticSink();
  const chart = await renderChart({ specFile, root: path.dirname(specFile) }, { theme, fonts, cache: ctx.charts, schemas: ctx.schemas }, sink);
  return { chart, errors: sink.items.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, path.dirname(specFile))) };
}

const cars = [
  { name: 'a', hp: 130, mpg: 18, origin: 'USA' },
  { name: 'b', hp: 165, mpg: 15, origin: 'Europe' },
  { name: 'c', hp: 95, mpg: 24, origin: 'Japan' },
  { name: 'd', hp: 88, mpg: 27, origin: 'Japan' },
];
const xy = (x: string, y: string) => ({ x: { field: x, type: 'quantitative' }, y: { field: y, type: 'quantitative' } });

describe('fields made by transforms', () => {
  const cases: [string, unknown][] = [
    ['bare numbers are the field "data"', { data: { values: [1, 2, 2, 3] }, mark: 'bar', encoding: { x: { field: 'data', type: 'ordinal' }, y: { aggregate: 'count' } } }],
    ['density makes "value" and "density"', { data: { values: cars }, transform: [{ density: 'hp' }], mark: 'area', encoding: xy('value', 'density') }],
    [
      'a bin transform makes "<as>_end"',
      {
        data: { values: cars },
        transform: [{ bin: true, field: 'hp', as: 'binned' }],
        mark: 'bar',
        encoding: { x: { field: 'binned', bin: 'binned', type: 'quantitative' }, x2: { field: 'binned_end' }, y: { aggregate: 'count' } },
      },
    ],
    [
      'fold makes "key" and "value"',
      { data: { values: cars }, transform: [{ fold: ['hp', 'mpg'] }], mark: 'bar', encoding: { x: { field: 'key', type: 'nominal' }, y: { field: 'value', type: 'quantitative' } } },
    ],
    ['pivot makes a field per value', { data: { values: cars }, transform: [{ pivot: 'origin', value: 'hp', groupby: ['name'] }], mark: 'point', encoding: xy('Japan', 'USA') }],
    [
      'regression keeps its fields and makes params',
      { data: { values: cars }, transform: [{ regression: 'mpg', on: 'hp', params: true }], mark: 'text', encoding: { text: { field: 'rSquared', type: 'quantitative' } } },
    ],
    ['loess keeps its fields', { data: { values: cars }, transform: [{ loess: 'mpg', on: 'hp' }], mark: 'line', encoding: xy('hp', 'mpg') }],
    ['quantile makes "prob" and "value"', { data: { values: cars }, transform: [{ quantile: 'hp' }], mark: 'point', encoding: xy('prob', 'value') }],
    [
      'an aggregate read with a bracketed path',
      {
        data: { values: cars },
        transform: [{ aggregate: [{ op: 'argmax', field: 'hp', as: 'top' }], groupby: ['origin'] }],
        mark: 'bar',
        encoding: { x: { field: "top['name']", type: 'nominal' }, y: { field: 'origin', type: 'nominal' } },
      },
    ],
    [
      'an escaped dot names a column with a dot',
      {
        data: {
          values: [
            { 'a.b': 1, c: 2 },
            { 'a.b': 3, c: 1 },
          ],
        },
        mark: 'point',
        encoding: xy('a\\.b', 'c'),
      },
    ],
  ];
  for (const [what, spec] of cases)
    it(`accepts: ${what}`, async () => {
      const { chart, errors } = await render(spec);
      expect(errors).toEqual([]);
      expect(chart!.svg).toMatch(/^<svg/);
    });

  it('accepts the fields a lookup brings from a file beside the spec', async () => {
    const { errors } = await render(
      {
        data: { values: cars },
        transform: [{ lookup: 'origin', from: { data: { url: 'regions.csv' }, key: 'country', fields: ['region'] } }],
        mark: 'bar',
        encoding: { x: { field: 'region', type: 'nominal' }, y: { aggregate: 'count' } },
      },
      { 'regions.csv': 'country,region\nUSA,Americas\nEurope,Europe\nJapan,Asia\n' },
    );
    expect(errors).toEqual([]);
  });

  it('still reports a misspelled field next to a transform', async () => {
    const { errors } = await render({
      data: { values: cars },
      transform: [{ fold: ['hp', 'mpg'] }],
      mark: 'bar',
      encoding: { x: { field: 'kye', type: 'nominal' }, y: { field: 'value', type: 'quantitative' } },
    });
    expect(errors).toEqual([expect.stringContaining('field "kye" is not in the chart\'s data')]);
    expect(errors[0]).toContain('chart/unknown-field');
  });

  it('still reports a misspelled escaped field', async () => {
    const { errors } = await render({ data: { values: [{ 'a.b': 1, c: 2 }] }, mark: 'point', encoding: xy('a\\.c', 'c') });
    expect(errors).toEqual([expect.stringContaining('field "a\\.c" is not in the chart\'s data (columns: a.b, c)')]);
  });
});

describe("a spec's own datasets", () => {
  it('resolves data {name} against the top-level datasets, in layers too', async () => {
    const { chart, errors } = await render({
      datasets: { mine: cars, lines: [{ y: 20 }] },
      layer: [
        { data: { name: 'mine' }, mark: 'point', encoding: xy('hp', 'mpg') },
        { data: { name: 'lines' }, mark: 'rule', encoding: { y: { field: 'y', type: 'quantitative' } } },
      ],
    });
    expect(errors).toEqual([]);
    expect(chart!.svg).toContain('<path');
  });

  it('uses top-level named data as the rows the fields are checked against', async () => {
    const { errors } = await render({ datasets: { mine: cars }, data: { name: 'mine' }, mark: 'point', encoding: xy('hp', 'mgp') });
    expect(errors).toEqual([expect.stringContaining('field "mgp" is not in the chart\'s data (did you mean "mpg"? columns: name, hp, mpg, origin)')]);
  });

  it('names both lists when a name is in neither', async () => {
    const { errors } = await render({ datasets: { mine: cars }, data: { name: 'yours' }, mark: 'point', encoding: xy('hp', 'mpg') });
    expect(errors).toEqual([expect.stringContaining(`unknown dataset "yours" (the spec's datasets and edition.yaml datasets: mine)`)]);
  });
});

// A 1×1 PNG.
const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('image marks', () => {
  it("embeds a picture named by the mark's own url, inside the spec's folder", async () => {
    const { chart, errors } = await render(
      { data: { values: [{ x: 1, y: 2 }] }, mark: { type: 'image', url: 'pics/dot.png', width: 20, height: 20 }, encoding: xy('x', 'y') },
      { 'pics/dot.png': pixel },
    );
    expect(errors).toEqual([]);
    expect(chart!.svg).toContain('href="data:image/png;base64,');
  });

  it('embeds pictures named by a field of the data', async () => {
    const { chart, errors } = await render(
      { data: { values: [{ x: 1, y: 2, img: 'pics/dot.png' }] }, mark: { type: 'image', width: 20, height: 20 }, encoding: { ...xy('x', 'y'), url: { field: 'img', type: 'nominal' } } },
      { 'pics/dot.png': pixel },
    );
    expect(errors).toEqual([]);
    expect(chart!.svg).toContain('href="data:image/png;base64,');
  });

  it("refuses a missing or outside picture without naming this machine's folders", async () => {
    for (const url of ['pics/none.png', '../outside.png']) {
      const { errors } = await render({ data: { values: [{ x: 1, y: 2 }] }, mark: { type: 'image', url, width: 20, height: 20 }, encoding: xy('x', 'y') });
      expect(errors).toHaveLength(1);
      expect(errors[0]).not.toContain(tmp.dir);
      expect(errors[0]).toMatch(/file not found: none\.png|leaves the brief folder/);
    }
  });
});

describe('links made from data', () => {
  it('percent-encodes the spaces of a link made from a name, instead of crashing', async () => {
    const { chart, errors } = await render({
      data: { values: cars.map((c) => ({ ...c, name: `${c.name} car` })) },
      transform: [{ calculate: "'https://example.org/search?q=' + datum.name", as: 'url' }],
      mark: 'point',
      encoding: { ...xy('hp', 'mpg'), href: { field: 'url', type: 'nominal' } },
    });
    expect(errors).toEqual([]);
    expect(chart!.svg).toContain('xlink:href="https://example.org/search?q=a%20car"');
  });

  it('reports a link made from data that is not a web address', async () => {
    const { errors } = await render({
      data: { values: cars },
      transform: [{ calculate: "'javascript:alert(' + datum.hp + ')'", as: 'url' }],
      mark: 'point',
      encoding: { ...xy('hp', 'mpg'), href: { field: 'url', type: 'nominal' } },
    });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.includes('chart/link'))).toBe(true);
  });
});

/** `brief chart` of a spec in a format; the file's bytes. */
async function chartFile(spec: unknown, format: 'pdf' | 'png' | 'svg'): Promise<Buffer> {
  const specFile = folder(spec);
  const out = path.join(path.dirname(specFile), `out.${format}`);
  await renderChartFile({ spec: specFile, output: out, theme: 'default', render: 'auto' }, ctx);
  return readFileSync(out);
}

/** The fill colors (r,g,b in 0–255) and fill opacities a PDF's first page sets, read back with pdf.js. */
async function pdfFills(pdf: Buffer): Promise<{ fills: string[]; alphas: number[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const page = await doc.getPage(1);
  const ops = await page.getOperatorList();
  const fills: string[] = [];
  const alphas: number[] = [];
  ops.fnArray.forEach((fn, i) => {
    const args = ops.argsArray[i] as unknown[];
    if (fn === pdfjs.OPS.setFillRGBColor) fills.push(args.join(','));
    if (fn === pdfjs.OPS.setGState) for (const [k, v] of args[0] as [string, unknown][]) if (k === 'ca') alphas.push(v as number);
  });
  await doc.destroy();
  return { fills, alphas };
}

describe('the PDF of a chart', () => {
  it("draws vega's solid dash pattern [1,0] instead of failing", async () => {
    const pdf = await chartFile(
      {
        data: { values: cars },
        mark: 'line',
        encoding: {
          ...xy('hp', 'mpg'),
          strokeDash: {
            field: 'origin',
            type: 'nominal',
            scale: {
              range: [
                [1, 0],
                [4, 2],
                [0, 3],
              ],
            },
          },
        },
      },
      'pdf',
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('draws a color with alpha (#RRGGBBAA) as the color at that opacity', async () => {
    const pdf = await chartFile(
      { data: { values: cars }, mark: { type: 'bar', fill: '#ff000080' }, encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'hp', type: 'quantitative' } } },
      'pdf',
    );
    const { fills, alphas } = await pdfFills(pdf);
    expect(fills).toContain('255,0,0');
    expect(alphas.some((a) => Math.abs(a - 128 / 255) < 0.01)).toBe(true);
  });
});

describe('pictures resvg would crash on', () => {
  // A point with opacity far outside the picture made resvg 2.6 panic, which aborted the whole process.
  const offside = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="50" height="50" fill="#123456"/><path transform="translate(5000,50)" d="M2,0A2,2,0,1,1,-2,0A2,2,0,1,1,2,0" fill="#ff0000" opacity="0.7"/></svg>`;

  it('draws them in a process of its own', async () => {
    const { rasterFonts } = await import('../../src/pipeline.js');
    const png = ctx.rasters.png(offside, rasterFonts(theme), 1);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('reports one it cannot draw as an error at its figure, and the process goes on', async () => {
    const { pictures } = await import('../../src/pipeline.js');
    const group = offside.replace('<path', '<g opacity="0.5"><path').replace('/></svg>', '/></g></svg>');
    const at = { file: 'figures/map.vl.json', line: 1, column: 1 };
    const err = await pictures([{ mode: 'picture', svg: group, width: 100, height: 100, hash: 'map' }], theme, ctx, undefined, new Map([['map', at]])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BriefError);
    const d = (err as BriefError).diagnostics[0]!;
    expect(d.position).toEqual(at);
    expect(d.rule).toBe('chart/picture');
    expect(d.message).toContain('resvg');
  });
});

describe('long legends', () => {
  const categories = (k: number) => Array.from({ length: k }, (_, i) => ({ c: `Category number ${i}`, v: i + 1 }));
  const bars = (k: number, width = 300) => ({
    width,
    data: { values: categories(k) },
    mark: 'bar',
    encoding: { x: { field: 'c', type: 'nominal', axis: null }, y: { field: 'v', type: 'quantitative' }, color: { field: 'c', type: 'nominal' } },
  });

  it('wrap into rows as wide as the chart instead of one long row', async () => {
    const { chart, errors } = await render(bars(30));
    expect(errors).toEqual([]);
    expect(chart!.width).toBeLessThan(300 * 1.5);
    expect(chart!.svg).toContain('Category number 29');
  });

  it('keep a short legend in one row', async () => {
    const { chart } = await render({ ...bars(3), encoding: { ...bars(3).encoding, color: { field: 'v', type: 'nominal' } } });
    const rows = new Set([...chart!.svg.matchAll(/role-legend-label[\s\S]*?<text[^>]*transform="translate\([\d.]+,([\d.]+)\)"/g)].map((m) => m[1]));
    expect(chart!.width).toBeLessThan(420);
    expect(rows.size).toBeLessThanOrEqual(1);
  });

  it('take as many columns as fit, each as wide as its widest entry', () => {
    expect(fittingColumns([10, 100, 10, 100], 130)).toBe(2);
    expect(fittingColumns([10, 100, 10, 100], 250)).toBe(4);
    expect(fittingColumns([300, 10], 100)).toBe(1);
  });

  it('leave a legend whose spec sets its columns alone', async () => {
    const spec = bars(30);
    const { chart } = await render({ ...spec, encoding: { ...spec.encoding, color: { field: 'c', type: 'nominal', legend: { columns: 10 } } } });
    expect(chart!.width).toBeGreaterThan(600);
  });
});
