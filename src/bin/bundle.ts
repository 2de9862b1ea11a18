/**
 * `npm run bundle` (part of `npm ci`): makes the shipped CLI in dist/ from tsc's output.
 *   brief.mjs         the `brief` launcher (src/bin/launch.ts)
 *   brief-main.mjs    the whole CLI as one ES module (fallback, and what tests of the bundle run)
 *   brief-worker.mjs  the worker thread of `build --all`
 *   brief-preview-worker.mjs  the worker thread of `brief preview`
 *   brief-snapshot.cjs  the CLI as one CommonJS file, from which the snapshot is made
 *   brief-make-snapshot.mjs  makes the snapshot (src/bin/make-snapshot.ts), here and where Briefsmith is installed
 *   brief.blob        a V8 start-up snapshot of the CLI (src/bin/snapshot.ts), with brief.blob.json
 *                     naming the Node binary and folder it fits
 * Why bundle: Node resolves and compiles hundreds of files otherwise (~0.2 s a start);
 * why a snapshot: it also skips compiling, font parsing and warm-up work (see README, Benchmarks).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { makeSnapshot } from './make-snapshot.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = (p: string): string => path.join(dist, 'src', p);

/**
 * Source fix-ups so that every module can live in one file and in a snapshot,
 * which can only `require` Node's own modules: pdfkit's standard-font data is
 * required through an aliased `require`, and pptxgenjs imports fs/https dynamically.
 */
const snapshotFriendly: esbuild.Plugin = {
  name: 'briefsmith-snapshot-friendly',
  setup(b) {
    b.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.(node\.mjs|js)$/ }, (a) => ({
      contents: readFileSync(a.path, 'utf8').replace(/require\$1\((['"])#standard-fonts/g, 'require($1#standard-fonts'),
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]pptxgenjs[\\/]dist[\\/][^\\/]+\.js$/ }, (a) => ({
      contents: readFileSync(a.path, 'utf8')
        .replace(/import\((['"])node:fs\1\)/g, "Promise.resolve({ default: require('node:fs') })")
        // Only for remote images, which Briefsmith never passes; loading https itself would break the snapshot.
        .replace(/import\((['"])node:https\1\)/g, "Promise.resolve({ default: { get: (...args) => require('node:https').get(...args) } })"),
      loader: 'js',
    }));
  },
};

const common: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // Why: vega-canvas's Node build awaits import('canvas') at load (top-level await, no CJS); its DOM build gives the
  // same answer without a DOM — no canvas — and text is measured with the theme's fonts anyway (src/charts).
  alias: { 'vega-canvas': path.join(path.dirname(createRequire(import.meta.url).resolve('vega-canvas')), 'vega-canvas.browser.js') },
  plugins: [snapshotFriendly],
  absWorkingDir: path.dirname(dist),
};

await esbuild.build({
  ...common,
  entryPoints: { 'brief-main': src('cli.js'), 'brief-worker': src('batch/build-worker.js'), 'brief-preview-worker': src('preview/preview-worker.js') },
  format: 'esm',
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  // Native (resvg) or loading data files relative to themselves; test-only tools stay out.
  external: ['@resvg/resvg-js', 'pdfkit', 'fontkit', 'pdfjs-dist', 'playwright-core', 'chokidar'],
  banner: { js: "import { createRequire as __briefsmithRequire } from 'node:module'; const require = __briefsmithRequire(import.meta.url);" },
});

// The snapshot: one CommonJS file holding every module but the native resvg, which is loaded at run time.
const snapshotEntry = path.join(dist, 'brief-snapshot.cjs');
const snapshotBundle = await esbuild.build({
  ...common,
  entryPoints: [src('bin/snapshot.js')],
  format: 'cjs',
  outfile: snapshotEntry,
  write: false,
  // Why docx, nodemailer and brotli are left out: only `--format docx`, `distribute --send` and WOFF2 fonts need
  // them, and their 2.5 MB of code (brotli's dictionary alone is 0.75 MB) made every start slower and bigger.
  external: ['@resvg/resvg-js', 'pdfjs-dist', 'playwright-core', 'docx', 'nodemailer', 'brotli/decompress.js'],
  define: { 'import.meta.url': '__briefsmithUrl' },
  banner: { js: "const __briefsmithUrl = require('node:url').pathToFileURL(__filename).href;\nconst __briefsmithRequire = (id) => require('node:module').createRequire(__filename)(id);" },
});
// Why: V8 keeps a script's source in the heap, two bytes a character if a single character is not Latin-1. esbuild escapes
// strings but keeps comments as they are (a few ’ and →), which doubled the source to 14 MB in the snapshot. \u escapes
// are inert in comments and mean the same character in strings, regular expressions and identifiers.
// A snapshot's own `require` reaches only Node's built-in modules, so the external packages are required from the package's folder.
const source = snapshotBundle.outputFiles[0]!.text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  .replace(/\brequire\("nodemailer"\)/g, '__briefsmithRequire("nodemailer")')
  .replace(/\brequire\("docx"\)/g, '__briefsmithRequire("./brief-docx.cjs")')
  // fontkit requires brotli as it loads; only a WOFF2 font calls it, so it is required then.
  .replace(/\b(?:__)?require\("brotli\/decompress\.js"\)/g, '((...args) => __briefsmithRequire("brotli/decompress.js")(...args))');
writeFileSync(snapshotEntry, source);
// The snapshot's docx, as one file beside it. Why: docx is then a dev dependency, bundled here and into the other
// bundles, so an installed Briefsmith does not install it, nor its nanoid, whose package wants Node 22 (npm warned of
// that at every install) although docx's build carries its own copy.
await esbuild.build({ ...common, entryPoints: { 'brief-docx': createRequire(import.meta.url).resolve('docx') }, format: 'cjs', outdir: dist, outExtension: { '.js': '.cjs' } });
// The launcher, and the script that makes the snapshot from brief-snapshot.cjs (also run on its own where Briefsmith is installed).
await esbuild.build({
  ...common,
  entryPoints: { brief: src('bin/launch.js'), 'brief-make-snapshot': src('bin/make-snapshot.js') },
  format: 'esm',
  outdir: dist,
  outExtension: { '.js': '.mjs' },
});
if (!makeSnapshot(dist)) process.stderr.write('briefsmith: WARNING: could not build the start-up snapshot; `brief` will start more slowly.\n');
