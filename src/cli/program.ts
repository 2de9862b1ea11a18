/** The `brief` command line. User mistakes print located diagnostics and exit 1; bugs print a stack and exit 2. */

import { writeSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { audienceList, oneOf, usageError, wholeNumber } from './options.js';
import { BriefError, DiagnosticSink, formatDiagnostic, printable } from '../diagnostics/diagnostic.js';
import { build, parseFormats } from '../pipeline.js';
import { BuildContext } from '../build-context.js';

/** The command line, its commands sharing one build context. */
function createProgram(ctx: BuildContext): Command {
  const program = new Command();
  program.name('brief').description('Turn a structured analytic brief into a PowerPoint deck and a PDF memo.').version('0.1.0');
  // Usage mistakes are reported like every other mistake (see main), not printed by commander and exited on the spot.
  program.exitOverride().configureOutput({ outputError: () => undefined });

  program
    .command('build')
    .description('build an edition (default: the latest edition of the series the working directory is in)')
    .argument('[path]', 'a series folder, an edition folder, or a folder in one (default: the working directory)')
    .option('--sample', 'build the built-in sample series instead')
    .option('-e, --edition <id>', 'build this edition of the series')
    .option('-o, --out <dir>', 'output folder (files go into <dir>/<edition>/; default: output in the series folder found from the working directory, else ./output)')
    .option('-f, --format <list>', 'comma-separated formats: pptx,pdf,docx (default: pptx and the memo formats in series.yaml, memo.formats)')
    .option('--pdfa', 'write the memo as PDF/A-2b (archival)')
    .option('-a, --all', 'build every edition of the series, in parallel')
    .option('--strict', 'treat tradecraft warnings (brief lint) as errors')
    .option('-j, --jobs <n>', 'worker threads for --all (default: one per 24 editions, at most one per core)', wholeNumber('--jobs', 1, 256))
    .option(
      '--for <audiences>',
      'build for readers with these audience tags (comma-separated): what is not releasable to them is left out; files are named <series>-<edition>-for-<tags>',
      audienceList,
    )
    .option('--timings', 'print the time each stage took')
    .action(
      async (
        input: string | undefined,
        opts: { sample?: boolean; edition?: string; out?: string; format?: string; pdfa?: boolean; all?: boolean; jobs?: number; strict?: boolean; timings?: boolean; for?: string[] },
      ) => {
        input = await seriesInput(input, opts.sample);
        opts.out ??= await defaultOut(input);
        const sink = new DiagnosticSink();
        const formats = opts.format === undefined ? undefined : parseFormats(opts.format, sink);
        sink.throwIfErrors();
        if (opts.all) {
          const { buildAll, batchReport } = await import('../batch/build-all.js');
          const result = await buildAll({ input, outDir: opts.out!, formats, pdfa: opts.pdfa, strict: opts.strict, workers: opts.jobs, ...(opts.for ? { audiences: opts.for } : {}) });
          process.stdout.write(batchReport(result));
          const failed = result.replies.filter((r) => !r.ok);
          process.exitCode = failed.some((r) => !r.ok && r.internal) ? 2 : failed.length ? 1 : 0;
          return;
        }
        const started = performance.now();
        const result = await build({ input, edition: opts.edition, outDir: opts.out!, formats, pdfa: opts.pdfa, strict: opts.strict, index: true, ...(opts.for ? { audiences: opts.for } : {}) }, ctx);
        for (const w of result.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
        for (const f of result.files) process.stdout.write(printable(`wrote ${f.file} (${(f.bytes / 1024).toFixed(0)} KB)\n`));
        process.stdout.write(`built ${result.document.meta.editionId} in ${Math.round(performance.now() - started)} ms\n`);
        if (opts.timings) for (const [stage, ms] of [...ctx.timings].sort()) process.stdout.write(`  ${stage.padEnd(16)} ${ms.toFixed(1).padStart(7)} ms\n`);
      },
    );

  program
    .command('lint')
    .description('check the tradecraft of an edition: estimative language, sourcing, numbers, markings')
    .argument('[path]', 'a series or edition folder (default: the series the working directory is in)')
    .option('--sample', 'check the built-in sample series instead')
    .option('-e, --edition <id>', 'check this edition (default: the latest)')
    .option('--strict', 'exit 1 when there is any finding')
    .action(async (input: string | undefined, opts: { sample?: boolean; edition?: string; strict?: boolean }) => {
      input = await seriesInput(input, opts.sample);
      const { buildDocumentFor } = await import('../pipeline.js');
      const { sink } = await buildDocumentFor({ input, edition: opts.edition, strict: opts.strict }, ctx);
      for (const d of sink.warnings) process.stdout.write(`${formatDiagnostic(d)}\n`);
      process.stdout.write(sink.warnings.length ? `\n${sink.warnings.length} finding(s)\n` : 'no findings\n');
    });

  program
    .command('chart')
    .description('render one Vega-Lite spec, for trying a chart out (data paths relative to the spec)')
    .argument('<spec>', 'a Vega-Lite spec file (.vl.json)')
    .requiredOption('-o, --output <file>', 'file to write')
    .option('-f, --format <format>', 'svg, png, pdf or pptx (default: from the output file name)')
    .option('-t, --theme <name>', 'built-in theme name or theme file', 'default')
    .option('--render <mode>', 'pptx only: auto, native or image', oneOf('--render', ['auto', 'native', 'image']), 'auto')
    .action(async (spec: string, opts: { output: string; format?: string; theme: string; render: string }) => {
      const { renderChartFile } = await import('./chart-command.js');
      const result = await renderChartFile({ spec, output: opts.output, format: opts.format, theme: opts.theme, render: opts.render }, ctx);
      for (const w of result.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
      process.stdout.write(`wrote ${opts.output} (${result.format}, ${(result.bytes / 1024).toFixed(0)} KB${result.native !== undefined ? `, ${result.native ? 'native chart' : 'picture'}` : ''})\n`);
    });

  program
    .command('distribute')
    .description('make a numbered copy of the memo for every reader on the distribution list, and send them with --send')
    .argument('[path]', 'a series or edition folder (default: the series the working directory is in)')
    .option('--sample', 'use the built-in sample series instead')
    .option('-e, --edition <id>', 'distribute this edition (default: the latest)')
    .option('-o, --out <dir>', 'output folder (copies go into <dir>/<edition>/copies/; default as for build)')
    .option('--list <file>', 'distribution list (default: distribution.yaml in the series folder)')
    .option('--send', 'send over SMTP (without it, a dry run prints what would be sent)')
    .action(async (input: string | undefined, opts: { sample?: boolean; edition?: string; out?: string; list?: string; send?: boolean }) => {
      input = await seriesInput(input, opts.sample);
      opts.out ??= await defaultOut(input);
      const { distribute } = await import('../distribute/index.js');
      const { copies, outcomes } = await distribute({
        input,
        edition: opts.edition,
        outDir: opts.out,
        listFile: opts.list,
        send: !!opts.send,
        report: (l) => process.stdout.write(`${printable(l)}\n`),
        ctx,
      });
      const count = (r: string) => outcomes.filter((o) => o.result === r).length;
      process.stdout.write(`\n${copies.copies.length} copies in ${copies.dir} (manifest: copies.json, copies.csv)\n`);
      process.stdout.write(
        opts.send ? `${count('sent')} sent, ${count('already-sent')} already sent, ${count('failed')} failed\n` : `dry run: ${count('would-send')} messages would be sent; add --send to send them\n`,
      );
      if (count('failed') > 0) process.exitCode = 1;
    });

  program
    .command('preview')
    .description('serve a live preview of the deck and memo on 127.0.0.1, rebuilt on every save')
    .argument('[path]', 'a series or edition folder (default: the series the working directory is in)')
    .option('--sample', 'preview the built-in sample series instead')
    .option('-e, --edition <id>', 'preview this edition (default: the latest)')
    .option('-p, --port <n>', 'port on 127.0.0.1 (0: any free port)', wholeNumber('--port', 0, 65535), 4173)
    .action(async (input: string | undefined, opts: { sample?: boolean; edition?: string; port: number }) => {
      input = await seriesInput(input, opts.sample);
      const { startPreview } = await import('../preview/server.js');
      // Builds run on a watched worker thread, not in this context: no brief can stop the server.
      const preview = await startPreview({ input, edition: opts.edition, port: opts.port, log: (l) => process.stderr.write(`${printable(l)}\n`) });
      process.stdout.write(`preview: ${preview.url}  (Ctrl-C to stop)\n`);
      const stop = () => void preview.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  const templates = program.command('templates').description('see and copy the templates a series uses');
  templates
    .command('list')
    .description('list every template and partial, which file wins and where it comes from')
    .argument('[series]', 'a series folder, or a folder in one (default: the series the working directory is in)')
    .option('--sample', 'list those of the built-in sample series instead')
    .action(async (series: string | undefined, opts: { sample?: boolean }) => {
      const { listTemplates } = await import('./templates-command.js');
      const { resolveTarget } = await import('../1-load/load-brief.js');
      process.stdout.write(`${listTemplates(resolveTarget(await seriesInput(series, opts.sample)).seriesDir)}\n`);
    });
  templates
    .command('eject')
    .description("copy a built-in template or partial into the series' templates/ folder, to edit it")
    .argument('<name>', 'e.g. bluf-slide, memo/bluf-section, deck')
    .argument('[series]', 'a series folder, or a folder in one (default: the series the working directory is in)')
    .action(async (name: string, series: string | undefined) => {
      const { ejectTemplate } = await import('./templates-command.js');
      const { resolveTarget } = await import('../1-load/load-brief.js');
      process.stdout.write(`copied to ${ejectTemplate(resolveTarget(series).seriesDir, name)}\n`);
    });
  templates
    .command('inspect')
    .description("an organisation's PowerPoint template: its layouts, their placeholders, and which slides would use each")
    .argument('<file>', 'a .pptx or .potx')
    .action(async (file: string) => {
      const { inspectTemplate } = await import('./templates-command.js');
      process.stdout.write(`${await inspectTemplate(file)}\n`);
    });

  program
    .command('init')
    .description('create a new series with one edition and its own theme, ready to build')
    .argument('<dir>', 'folder for the new series')
    .option('-e, --edition <id>', 'id of the first edition (default: the ISO week of --date, or of today), e.g. 2024-W05')
    .option('--date <yyyy-mm-dd>', "date of the first edition (default: today, or the Monday of --edition's week)")
    .action(async (dir: string, opts: { edition?: string; date?: string }) => {
      const { initSeries } = await import('./templates-command.js');
      for (const f of initSeries(dir, new Date(), opts)) process.stdout.write(`created ${path.relative(process.cwd(), f) || f}\n`);
      process.stdout.write(`\nnext: cd ${dir} && brief build\n`);
    });

  program
    .command('schemas')
    .description("refresh the series' copy of the JSON Schemas (.briefsmith/schemas/) after upgrading Briefsmith, and point every $schema at it")
    .argument('[path]', 'a series folder, or a folder in one (default: the series the working directory is in)')
    .action(async (input: string | undefined) => {
      const { refreshSchemas } = await import('./schemas-command.js');
      const { resolveTarget } = await import('../1-load/load-brief.js');
      const { seriesDir } = resolveTarget(input);
      const { copied, repointed } = refreshSchemas(seriesDir);
      const show = (f: string) => path.relative(process.cwd(), f) || f;
      for (const f of copied) process.stdout.write(`updated ${show(f)}\n`);
      for (const f of repointed) process.stdout.write(`$schema now names the copy: ${show(f)}\n`);
      process.stdout.write(copied.length || repointed.length ? `schemas of ${show(seriesDir)} are current\n` : `schemas of ${show(seriesDir)} were already current\n`);
    });

  return program;
}

/**
 * The folder a command works on: the path given, the built-in sample with --sample, else undefined: the series the
 * working directory is in (found by walking up to series.yaml; see resolveTarget).
 */
async function seriesInput(input: string | undefined, sample: boolean | undefined): Promise<string | undefined> {
  if (!sample) return input;
  if (input !== undefined) throw new BriefError([usageError(`give a series folder or --sample, not both ("${input}")`, 'cli/usage')]);
  const { sampleSeriesDir } = await import('../1-load/load-brief.js');
  return sampleSeriesDir;
}

/**
 * The output folder when --out is not given: `output` in the series folder when the series was found from the working
 * directory (so building from an edition folder writes beside series.yaml, not inside the edition), else `./output`.
 */
async function defaultOut(input: string | undefined): Promise<string> {
  if (input !== undefined) return 'output';
  const { findSeries } = await import('../1-load/load-brief.js');
  const found = findSeries(process.cwd());
  return found ? path.join(found.seriesDir, 'output') : 'output';
}

/** Runs the command named in process.argv; `ctx` is a warmed build context (the start-up snapshot's), else a new one. */
export async function main(ctx = new BuildContext()): Promise<void> {
  const program = createProgram(ctx);
  // Under the launcher, each step is announced on a pipe, so that a step that hangs or runs out of memory is reported at its file.
  const stepsFd = Number(process.env.BRIEFSMITH_STEPS_FD);
  if (Number.isInteger(stepsFd) && stepsFd > 2) {
    ctx.onStep = (step) => {
      try {
        writeSync(stepsFd, `${JSON.stringify(step)}\n`);
      } catch {
        ctx.onStep = undefined; // the launcher has gone: nothing to tell
      }
    };
  }
  try {
    // Testing aid: makes the CLI fail the way a bug would, so the internal-error path can be tested.
    if (process.env.BRIEFSMITH_SIMULATE_BUG === '1')
      program.hook('preAction', () => {
        throw new TypeError('simulated bug');
      });
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (err.exitCode !== 0) {
        process.stderr.write(`${formatDiagnostic(usageError(err.message.replace(/^error: /, '')))}\n(brief --help lists the commands and options)\n`);
        process.exitCode = 1;
      }
      return;
    }
    if (err instanceof BriefError) {
      for (const d of err.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n${d.frame ? `${printable(d.frame)}\n` : ''}`);
      const n = err.diagnostics.filter((d) => d.severity === 'error').length;
      process.stderr.write(`\n${n} error${n === 1 ? '' : 's'}; nothing was written.\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`internal error (a bug in Briefsmith, please report it):\n${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 2;
  }
}
