// `npm run bench`: Briefsmith's performance figures, as a markdown table of
// medians over repeated runs (min–max and peak RSS alongside). Uses the compiled
// CLI in dist/ (npm ci / npm run prepare builds it).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'src', 'cli.js');
const reporter = path.join(root, 'test', 'bench', 'rss-reporter.mjs');
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

function timedProcess(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', reporter, ...args], { encoding: 'utf8', cwd: tmp });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  return { ms, rss: Number(/@@maxrss (\d+)/.exec(r.stderr)?.[1] ?? 0) };
}

// 1. Cold CLI build: a new process each run.
{
  const times = [];
  let rss = 0;
  timedProcess([cli, 'build', sample, '--out', path.join(tmp, 'out')]); // warm the OS file cache once
  for (let i = 0; i < runs; i++) {
    const r = timedProcess([cli, 'build', sample, '--out', path.join(tmp, 'out')]);
    times.push(r.ms);
    rss = Math.max(rss, r.rss);
  }
  row('cold build, deck + memo, 4 charts (new process)', times, rss);

  // Baseline: the same four charts through a bare vega + resvg script.
  const { FontSet } = await import(path.join(root, 'dist', 'src', 'fonts', 'font-set.js'));
  void FontSet;
  const fontDir = path.join(root, 'node_modules', '@expo-google-fonts');
  const fonts = [path.join(fontDir, 'noto-sans', '400Regular', 'NotoSans_400Regular.ttf'), path.join(fontDir, 'noto-sans', '700Bold', 'NotoSans_700Bold.ttf')];
  const bare = [];
  for (let i = 0; i < runs; i++) bare.push(timedProcess([path.join(root, 'test', 'bench', 'bare-charts.mjs'), path.join(sample, 'editions', '2024-W21', 'figures'), ...fonts]).ms);
  row('baseline: the 4 charts alone, bare vega + resvg script', bare, 0, `cold build ÷ baseline = ${(median(times) / median(bare)).toFixed(2)}×`);
}

// 2. Warm rebuild after a text-only edit, in one long-lived process (chart cache warm).
{
  const series = path.join(tmp, 'series');
  cpSync(sample, series, { recursive: true });
  const { build } = await import(path.join(root, 'dist', 'src', 'pipeline.js'));
  const judgments = path.join(series, 'editions', '2024-W21', 'judgments.yaml');
  const original = readFileSync(judgments, 'utf8');
  await build({ input: series, outDir: path.join(tmp, 'warm'), formats: ['pptx', 'pdf'] });
  const times = [];
  for (let i = 0; i < runs; i++) {
    writeFileSync(judgments, original.replace('at scale', `at scale (edit ${i})`));
    const t0 = performance.now();
    await build({ input: series, outDir: path.join(tmp, 'warm'), formats: ['pptx', 'pdf'] });
    times.push(performance.now() - t0);
  }
  row('warm rebuild after a text edit (same process, chart cache warm)', times, process.resourceUsage().maxRSS);
}

// 3. Charts: first chart in a new process, and warm throughput.
{
  const gallery = path.join(root, 'test', 'fixtures', 'gallery');
  const spec = path.join(gallery, '01-grouped-bar.vl.json');
  const first = [];
  for (let i = 0; i < runs; i++) first.push(timedProcess([cli, 'chart', spec, '-o', path.join(tmp, 'c.svg')]).ms);
  row('first chart, new process (`brief chart … -o x.svg`)', first, 0);

  const { renderChart } = await import(path.join(root, 'dist', 'src', 'charts', 'render-chart.js'));
  const { loadTheme } = await import(path.join(root, 'dist', 'src', 'theme', 'theme.js'));
  const { FontSet } = await import(path.join(root, 'dist', 'src', 'fonts', 'font-set.js'));
  const { DiagnosticSink } = await import(path.join(root, 'dist', 'src', 'diagnostics', 'diagnostic.js'));
  const sink = new DiagnosticSink();
  const fonts = new FontSet(await loadTheme('default', root, root, { file: '', line: 1, column: 1 }, sink));
  const specs = readdirSync(gallery).filter((f) => f.endsWith('.vl.json'));
  const copy = path.join(tmp, 'gallery');
  cpSync(gallery, copy, { recursive: true });
  const perSec = [];
  for (let i = 0; i < runs; i++) {
    // A fresh title per round defeats the render cache, so every chart is really rendered.
    for (const f of specs) {
      const file = path.join(copy, f);
      const s = JSON.parse(readFileSync(file, 'utf8'));
      s.title = `${typeof s.title === 'string' ? s.title : 'chart'} ${i}`;
      writeFileSync(file, JSON.stringify(s));
    }
    const t0 = performance.now();
    for (const f of specs) await renderChart({ specFile: path.join(copy, f), root: copy }, fonts, sink);
    perSec.push(performance.now() - t0);
  }
  const ms = median(perSec) / specs.length;
  rows.push(`| warm chart render, ${specs.length}-spec gallery (same process) | ${fmtMs(ms)} per chart | – | – | ${(1000 / ms).toFixed(0)} charts/s |`);
}

rmSync(tmp, { recursive: true, force: true });
console.log(`Briefsmith benchmarks — median of ${runs} runs, ${cpus().length} cores, Node ${process.version}\n`);
console.log('| measure | median | min–max | peak RSS | note |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
