// Measures `brief chart` on a folder of Vega-Lite specs (the official gallery, vega-lite's examples/specs with
// vega-datasets' data/ folder inside it): renders every non-interactive spec as svg, png and pdf through the built
// library (run `npm run prepare` first), prints the pass rate per format and the failures grouped by message.
//
//   node test/gallery/run-gallery.mjs SPECS_DIR [--formats svg,png,pdf] [--only a,b] [--json FILE]
//
// Interactive specs (params with `select` or `bind`) are skipped and counted. Everything renders in one child
// process, for speed; if that process dies (a native crash), the spec is recorded as a crash and a new child
// carries on with the next one, so the measurement always finishes.
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** True when a spec has a selection or a bound input anywhere (it needs a browser to mean anything). */
function interactive(spec) {
  let found = false;
  const walk = (v, key) => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key));
    if (key === 'params' || Array.isArray(v.params)) {
      for (const p of Array.isArray(v.params) ? v.params : []) if (p && typeof p === 'object' && (p.select !== undefined || p.bind !== undefined)) found = true;
    }
    for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(spec, '');
  return found;
}

/** A message with its particulars (quoted names, numbers, lists) blanked, so like failures group together. */
function shape(d) {
  return `${d.message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\(columns: [^)]*\)/g, '(columns: …)')
    .replace(/\d+(\.\d+)?/g, 'N')
    .slice(0, 200)}  ${d.rule}`;
}

async function child() {
  const { renderChartFile } = await import(pathToFileURL(path.join(root, 'dist/src/cli/chart-command.js')).href);
  const { BuildContext } = await import(pathToFileURL(path.join(root, 'dist/src/build-context.js')).href);
  const { BriefError } = await import(pathToFileURL(path.join(root, 'dist/src/diagnostics/diagnostic.js')).href);
  const ctx = new BuildContext();
  const out = mkdtempSync(path.join(os.tmpdir(), 'gallery-'));
  process.on('message', async ({ dir, items }) => {
    for (const { spec, format } of items) {
      process.send({ start: { spec, format } });
      const t = performance.now();
      let result;
      try {
        await renderChartFile({ spec: path.join(dir, spec), output: path.join(out, `chart.${format}`), format, theme: 'default', render: 'auto' }, ctx);
        result = { ok: true };
      } catch (err) {
        if (err instanceof BriefError)
          result = { ok: false, diagnostics: err.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ message: d.message, rule: d.rule, line: d.position.line })) };
        else
          result = {
            ok: false,
            crash: true,
            diagnostics: [
              {
                message: `crash: ${String(err?.stack ?? err)
                  .split('\n')
                  .slice(0, 3)
                  .join(' | ')}`,
                rule: 'crash/exception',
              },
            ],
          };
      }
      process.send({ done: { spec, format, ms: performance.now() - t, ...result } });
    }
    rmSync(out, { recursive: true, force: true });
    process.exit(0);
  });
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const formats = (opt('--formats') ?? 'svg,png,pdf').split(',');
  const only = opt('--only')?.split(',');
  const jsonOut = opt('--json');
  const dir = path.resolve(args[0] ?? '');
  if (!args[0]) {
    console.error('usage: node test/gallery/run-gallery.mjs SPECS_DIR [--formats svg,png,pdf] [--only a,b] [--json FILE]');
    process.exit(2);
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.vl.json'))
    .filter((f) => !only || only.includes(f) || only.includes(f.replace(/\.vl\.json$/, '')))
    .sort();
  const skipped = [];
  const specs = [];
  for (const f of files) {
    let spec;
    try {
      spec = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    } catch {
      spec = undefined;
    }
    if (spec && interactive(spec)) skipped.push(f);
    else specs.push(f);
  }
  const items = specs.flatMap((spec) => formats.map((format) => ({ spec, format })));
  const results = [];
  const started = performance.now();
  let next = 0;
  while (next < items.length) {
    const batch = items.slice(next);
    const proc = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    proc.stderr.on('data', (c) => (stderr = (stderr + c).slice(-2000)));
    let current;
    proc.on('message', (m) => {
      if (m.start) current = m.start;
      if (m.done) {
        results.push(m.done);
        next++;
        current = undefined;
        if (results.length % 100 === 0) process.stderr.write(`${results.length}/${items.length}\n`);
      }
    });
    proc.send({ dir, items: batch });
    const [code, signal] = await new Promise((resolve) => proc.on('exit', (c, s) => resolve([c, s])));
    if (current) {
      const why = `crash: the process died (${signal ?? `exit code ${code}`}): ${stderr.trim().split('\n').slice(-2).join(' | ')}`.slice(0, 300);
      results.push({ ...current, ms: 0, ok: false, crash: true, diagnostics: [{ message: why, rule: 'crash/process' }] });
      next++;
    } else if (next < items.length) {
      console.error(`the child stopped early (${signal ?? code}): ${stderr}`);
      process.exit(2);
    }
  }

  const absolute = (d) => d.message.includes(dir) || d.message.includes(os.homedir()) || /(^|[\s"'(])\/(tmp|home|work|usr|etc|root)\//.test(d.message);
  console.log(`gallery: ${dir}`);
  console.log(`${files.length} specs, ${skipped.length} skipped as interactive (params with select or bind), ${specs.length} rendered; ${((performance.now() - started) / 1000).toFixed(0)} s`);
  for (const format of formats) {
    const of = results.filter((r) => r.format === format);
    const pass = of.filter((r) => r.ok).length;
    const crashes = of.filter((r) => r.crash).length;
    console.log(`  ${format.padEnd(4)} ${pass}/${of.length} = ${((100 * pass) / Math.max(1, of.length)).toFixed(1)}%  crashes: ${crashes}`);
  }
  const leaks = results.filter((r) => r.diagnostics?.some(absolute));
  console.log(`messages naming an absolute path: ${leaks.length}`);
  const groups = new Map();
  for (const r of results.filter((x) => !x.ok)) {
    for (const key of new Set(r.diagnostics.map(shape))) {
      const g = groups.get(key) ?? new Map();
      g.set(r.spec, [...(g.get(r.spec) ?? []), r.format]);
      groups.set(key, g);
    }
  }
  console.log(`\nfailures by message (${groups.size}):`);
  for (const [key, g] of [...groups].sort((a, b) => b[1].size - a[1].size)) {
    console.log(`\n[${g.size}] ${key}`);
    for (const [spec, fmts] of g) {
      const example = results.find((r) => r.spec === spec && !r.ok && r.diagnostics.some((d) => shape(d) === key)).diagnostics.find((d) => shape(d) === key);
      console.log(`    ${spec} (${fmts.join(',')})${example.line ? `:${example.line}` : ''}  ${example.message.slice(0, 160)}`);
    }
  }
  const slow = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`\nslowest: ${slow.map((r) => `${r.spec} ${r.format} ${(r.ms / 1000).toFixed(1)} s`).join('; ')}`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ skipped, results }, null, 1));
}

if (process.argv.includes('--child')) await child();
else await main();
