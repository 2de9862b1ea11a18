// `npm run bench`: Briefsmith's performance figures, as a markdown table of
// medians over repeated runs (min–max and peak RSS alongside). Uses the built
// CLI in dist/ (npm ci / npm run prepare builds it). BENCH_RUNS sets the runs.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'brief.mjs');
const dist = (p) => path.join(root, 'dist', 'src', p);
const reporter = path.join(root, 'test', 'bench', 'rss-reporter.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const sample = path.join(root, 'data', 'dprk-russia-munitions');
const tmp = mkdtempSync(path.join(tmpdir(), 'briefsmith-bench-'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const rows = [];
const row = (name, times, rssKiB, note = '') =>
  rows.push(`| ${name} | ${fmtMs(median(times))} | ${fmtMs(Math.min(...times))}–${fmtMs(Math.max(...times))} | ${rssKiB ? `${Math.round(rssKiB / 1024)} MB` : '–'} | ${note} |`);

function timedProcess(args, env = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', reporter, ...args], { encoding: 'utf8', cwd: tmp, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  // Worker threads share the process, so the last (process-wide) figure is the peak.
  const rss = [...r.stderr.matchAll(/@@maxrss (\d+)/g)].map((m) => Number(m[1]));
  return { ms, rss: Math.max(0, ...rss), stdout: r.stdout };
}
function repeat(args, n = runs, env = {}) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = timedProcess(args, env);
    times.push(r.ms);
    rss = Math.max(rss, r.rss);
  }
  return { times, rss };
}

// 1. Cold CLI build: a new process each run; then the baseline, a bare vega + resvg script for the same charts.
timedProcess([cli, 'build', sample, '--out', path.join(tmp, 'warmup')]); // fill the OS file cache once
const cold = repeat([cli, 'build', sample, '--out', path.join(tmp, 'out')]);
row('1. cold build of the latest edition: deck + memo, 5 charts (new process, `brief` from its start-up snapshot)', cold.times, cold.rss);
const plain = repeat([cli, 'build', sample, '--out', path.join(tmp, 'out')], runs, { BRIEFSMITH_NO_SNAPSHOT: '1' });
row('   the same without the snapshot (BRIEFSMITH_NO_SNAPSHOT=1: the plain bundle)', plain.times, plain.rss);
const fontDir = path.join(root, 'node_modules', '@expo-google-fonts');
const fonts = [path.join(fontDir, 'carlito', '400Regular', 'Carlito_400Regular.ttf'), path.join(fontDir, 'carlito', '700Bold', 'Carlito_700Bold.ttf')];
const bare = repeat([path.join(root, 'test', 'bench', 'bare-charts.mjs'), path.join(sample, 'editions', '2024-W21', 'figures'), ...fonts]);
row('   baseline: the same charts alone, a bare vega + resvg script', bare.times, bare.rss, `cold build ÷ baseline = ${(median(cold.times) / median(bare.times)).toFixed(2)}×`);

// 2. Warm rebuild after a text-only edit, in one long-lived process (the preview's path, chart cache warm).
{
  const series = path.join(tmp, 'series');
  cpSync(sample, series, { recursive: true });
  const { buildDocumentFor, build, deckSlides, memoPages } = await import(dist('pipeline.js'));
  const { BuildContext } = await import(dist('build-context.js'));
  const { FontFaces, renderDeckHtml, renderMemoHtml } = await import(dist('9-emit/html/index.js'));
  const ctx = new BuildContext();
  const judgments = path.join(series, 'editions', '2024-W21', 'judgments.yaml');
  const original = readFileSync(judgments, 'utf8');
  await build({ input: series, outDir: path.join(tmp, 'warm'), formats: ['pptx', 'pdf'] }, ctx);
  const preview = [];
  const full = [];
  for (let i = 0; i < runs; i++) {
    writeFileSync(judgments, original.replace('at scale', `at scale (edit ${i})`));
    let t0 = performance.now();
    const built = await buildDocumentFor({ input: series }, ctx);
    const faces = new FontFaces();
    renderDeckHtml(deckSlides(built, ctx).layout, faces);
    renderMemoHtml(memoPages(built, ctx).layout, faces);
    preview.push(performance.now() - t0);
    writeFileSync(judgments, original.replace('at scale', `at scale (second edit ${i})`));
    t0 = performance.now();
    await build({ input: series, outDir: path.join(tmp, 'warm'), formats: ['pptx', 'pdf'] }, ctx);
    full.push(performance.now() - t0);
  }
  const rss = process.resourceUsage().maxRSS;
  row('2. warm rebuild after a text edit, preview path (document + HTML)', preview, rss);
  row('   warm rebuild after a text edit, writing the .pptx and .pdf', full, rss);
}

// 3. A year of weekly editions: 52 editions generated from the sample, built with --all on worker threads.
{
  const series = path.join(tmp, 'year');
  cpSync(sample, series, { recursive: true });
  const editions = path.join(series, 'editions');
  const template = path.join(editions, '2024-W21');
  for (const e of readdirSync(editions)) if (e !== '2024-W21') rmSync(path.join(editions, e), { recursive: true });
  for (let w = 1; w <= 52; w++) {
    const id = `2024-W${String(w).padStart(2, '0')}`;
    if (id === '2024-W21') continue;
    const dir = path.join(editions, id);
    cpSync(template, dir, { recursive: true });
    const date = new Date(Date.UTC(2024, 0, 1 + 7 * (w - 1))).toISOString().slice(0, 10);
    const ed = path.join(dir, 'edition.yaml');
    writeFileSync(
      ed,
      readFileSync(ed, 'utf8')
        .replace('id: 2024-W21', `id: ${id}`)
        .replace('date: "2024-05-20"', `date: "${date}"`)
        .replace('low: 500000, high: 3000000', `low: ${500000 + w * 20000}, high: ${3000000 + w * 50000}`),
    );
    const csv = path.join(dir, 'figures', 'fired-vs-produced.csv');
    writeFileSync(csv, readFileSync(csv, 'utf8').replace('2022,Fired,11.0,11.0', `2022,Fired,${(10 + w / 26).toFixed(1)},${(10 + w / 26).toFixed(1)}`));
  }
  const batch = repeat([cli, 'build', series, '--all', '--out', path.join(tmp, 'year-out')], Math.min(runs, 3));
  row(`3. 52 editions with --all, default workers on ${cpus().length} cores (new process)`, batch.times, batch.rss, `${fmtMs(median(batch.times) / 52)} per edition`);
}

// 4. A large brief: 200 judgments, 20 figures, one of them a 50,000-point chart.
{
  const series = path.join(tmp, 'large');
  cpSync(sample, series, { recursive: true });
  const ed = path.join(series, 'editions', '2024-W21');
  const j = Array.from(
    { length: 200 },
    (_, i) =>
      `  - id: large-${i}\n    statement: Generated judgment ${i}, North Korean deliveries of artillery ammunition continue at the pace observed by South Korea since September 2023, and Russia keeps firing far more than it makes.\n    likelihood: likely\n    confidence: moderate\n    evidence:\n      - text: South Korea counted about 6,700 containers.\n        sources: [bi-2024]\n    discussion: Generated discussion for judgment ${i}, long enough to wrap onto a second line of the memo and of the speaker notes.\n`,
  ).join('');
  writeFileSync(path.join(ed, 'judgments.yaml'), `judgments:\n${j}`);
  const figs = readFileSync(path.join(ed, 'figures.yaml'), 'utf8');
  let more = '';
  for (let i = 0; i < 15; i++)
    more += `  - id: extra-${i}\n    spec: figures/fired-vs-produced.vl.json\n    title: Extra figure ${i}\n    takeaway: An extra figure to make the brief large.\n    sources: [afp-2023-09]\n`;
  more += `  - id: big-scatter\n    spec: figures/big.vl.json\n    title: Fifty thousand points\n    takeaway: A chart with 50,000 points.\n    sources: [bi-2024]\n`;
  writeFileSync(path.join(ed, 'figures.yaml'), `${figs.trimEnd()}\n${more}`);
  const big = path.join(ed, 'figures', 'big.csv');
  writeFileSync(big, 'x,y\n');
  let chunk = '';
  for (let i = 0; i < 50_000; i++) chunk += `${(i * 7919) % 10007},${(i * 104729) % 10009}\n`;
  appendFileSync(big, chunk);
  writeFileSync(
    path.join(ed, 'figures', 'big.vl.json'),
    JSON.stringify({
      data: { url: 'big.csv' },
      width: 500,
      height: 300,
      mark: { type: 'point', size: 4, opacity: 0.3 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    }),
  );
  const large = repeat([cli, 'build', series, '--out', path.join(tmp, 'large-out')], Math.min(runs, 3));
  const { buildDocumentFor, deckSlides } = await import(dist('pipeline.js'));
  const { BuildContext } = await import(dist('build-context.js'));
  const ctx = new BuildContext();
  const overflow = deckSlides(await buildDocumentFor({ input: series }, ctx), ctx)
    .layout.slides.flatMap((s) => s.boxes)
    .filter((b) => b.kind === 'text' && b.measuredPt / 72 > b.h + 1e-6).length;
  row('4. large brief: 200 judgments, 20 figures, one with 50,000 points', large.times, large.rss, `${overflow} text boxes overflow`);
}

// 5. Single-chart cost: first chart in a new process, and warm charts per second.
{
  const gallery = path.join(root, 'test', 'fixtures', 'gallery');
  const first = repeat([cli, 'chart', path.join(gallery, '01-grouped-bar.vl.json'), '-o', path.join(tmp, 'c.svg')]);
  row('5. first chart, new process (`brief chart … -o x.svg`)', first.times, first.rss);
  const { renderChart } = await import(dist('4-charts/render-chart.js'));
  const { loadTheme } = await import(dist('2-validate/theme.js'));
  const { FontSet } = await import(dist('text/font-set.js'));
  const { BuildContext } = await import(dist('build-context.js'));
  const { DiagnosticSink } = await import(dist('diagnostics/diagnostic.js'));
  const sink = new DiagnosticSink();
  const ctx = new BuildContext();
  const theme = await loadTheme('default', root, root, { file: '', line: 1, column: 1 }, sink, ctx);
  const env = { theme, fonts: new FontSet(theme.fonts, ctx.fonts), cache: ctx.charts, schemas: ctx.schemas };
  const specs = readdirSync(gallery).filter((f) => f.endsWith('.vl.json'));
  const copy = path.join(tmp, 'gallery');
  cpSync(gallery, copy, { recursive: true });
  const perChart = [];
  for (let i = 0; i < runs; i++) {
    // A fresh title each round defeats the render cache, so every chart is really rendered.
    for (const f of specs) {
      const file = path.join(copy, f);
      const s = JSON.parse(readFileSync(file, 'utf8'));
      s.title = `${typeof s.title === 'string' ? s.title : 'chart'} ${i}`;
      writeFileSync(file, JSON.stringify(s));
    }
    const t0 = performance.now();
    for (const f of specs) await renderChart({ specFile: path.join(copy, f), root: copy }, env, sink);
    perChart.push((performance.now() - t0) / specs.length);
  }
  row(`   warm chart render, ${specs.length}-spec gallery (same process)`, perChart, 0, `${(1000 / median(perChart)).toFixed(0)} charts/s`);
}

rmSync(tmp, { recursive: true, force: true });
console.log(`Briefsmith benchmarks — median of ${runs} runs (3 for items 3 and 4), ${cpus().length} cores, Node ${process.version}\n`);
console.log('| measure | median | min–max | peak RSS | note |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
