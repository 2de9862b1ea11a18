/**
 * Stage 3, templates: Handlebars (used only here) merges the brief into the
 * deck and memo templates. Templates emit a small XML markup that the
 * document stage parses; Handlebars' escaping keeps brief text from adding markup.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { DiagnosticSink, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import { packageRoot } from '../package-root.js';
import { helpers } from './helpers.js';

/** The two documents a template set produces. */
export type TemplateKind = 'deck' | 'memo';

/** Built-in templates folder. */
export const builtInTemplateDir = path.join(packageRoot, 'templates');

/** A merged template: the markup and the file it came from. */
export interface MergedTemplate {
  kind: TemplateKind;
  file: string;
  markup: string;
}

/** Where a template or partial was found. */
export interface TemplateFile {
  name: string;
  file: string;
  origin: 'series' | 'built-in';
}

/** Template folders in search order: the series' own `templates/` first, then the built-ins. */
export function templateSearchPath(seriesDir: string): { dir: string; origin: TemplateFile['origin'] }[] {
  return [
    { dir: path.join(seriesDir, 'templates'), origin: 'series' },
    { dir: builtInTemplateDir, origin: 'built-in' },
  ];
}

/** Every template and partial of a kind, with the file that wins for each name. */
export function resolveTemplates(kind: TemplateKind, seriesDir: string): TemplateFile[] {
  const found = new Map<string, TemplateFile>();
  for (const { dir, origin } of templateSearchPath(seriesDir)) {
    const main = path.join(dir, kind, `${kind}.hbs`);
    if (!found.has(kind) && existsSync(main)) found.set(kind, { name: kind, file: main, origin });
    const partialDir = path.join(dir, kind, 'partials');
    if (!existsSync(partialDir)) continue;
    for (const f of readdirSync(partialDir).sort()) {
      if (!f.endsWith('.hbs')) continue;
      const name = f.replace(/\.hbs$/, '');
      if (!found.has(name)) found.set(name, { name, file: path.join(partialDir, f), origin });
    }
  }
  return [...found.values()];
}

/** Merges `context` into the deck or memo template; errors are reported with template positions. */
export function mergeTemplate(kind: TemplateKind, seriesDir: string, context: object, sink: DiagnosticSink): MergedTemplate | undefined {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const files = resolveTemplates(kind, seriesDir);
  const main = files.find((f) => f.name === kind);
  if (!main) {
    sink.error({ file: path.join(seriesDir, 'templates', kind, `${kind}.hbs`), line: 1, column: 1 }, messages.fileMissing(`${kind}.hbs`), 'template/missing');
    return undefined;
  }
  let ok = true;
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const f of files) {
    const source = readFileSync(f.file, 'utf8');
    try {
      // Why: precompile now so syntax errors surface for every file, not only the ones used.
      hb.parse(source);
      compiled.set(f.name, hb.compile(source, { strict: true, noEscape: false, preventIndent: true }));
    } catch (err) {
      ok = false;
      sink.error(errorPosition(err as Error, f.file), messages.templateSyntax(firstLine(err as Error)), 'template/syntax');
    }
  }
  if (!ok) return undefined;
  // Partials are registered as compiled functions, so runtime errors can be traced to their file.
  let current = main.file;
  for (const [name, fn] of compiled) {
    if (name === kind) continue;
    const file = files.find((f) => f.name === name)!.file;
    hb.registerPartial(name, ((ctx: unknown, opts: unknown) => {
      const outer = current;
      current = file;
      try {
        return fn(ctx, opts as Handlebars.RuntimeOptions);
      } finally {
        current = outer;
      }
    }) as unknown as Handlebars.Template);
  }
  try {
    const markup = compiled.get(kind)!(context);
    return { kind, file: main.file, markup };
  } catch (err) {
    sink.error(errorPosition(err as Error, current), messages.templateRuntime(cleanRuntime(err as Error)), 'template/runtime');
    return undefined;
  }
}

function firstLine(err: Error): string {
  const lines = err.message.split('\n');
  const detail = lines.find((l) => /^Expecting|^Parse error/.test(l) && !/^Parse error on line/.test(l)) ?? lines.at(-1) ?? err.message;
  return detail.replace(/^Parse error on line \d+:\s*/, '').trim();
}

function cleanRuntime(err: Error): string {
  return err.message.replace(/ - \d+:\d+$/, '').replace(/ in \[object Object\]/, '');
}

function errorPosition(err: Error & { lineNumber?: number; column?: number }, file: string): Position {
  const hash = (err as { hash?: { loc?: { first_line: number; first_column: number } } }).hash;
  if (hash?.loc) return { file, line: hash.loc.first_line, column: hash.loc.first_column + 1 };
  const runtime = / - (\d+):(\d+)$/.exec(err.message);
  if (runtime) return { file, line: Number(runtime[1]), column: Number(runtime[2]) + 1 };
  if (err.lineNumber) return { file, line: err.lineNumber, column: (err.column ?? 0) + 1 };
  const parse = /line (\d+)/.exec(err.message);
  return { file, line: parse ? Number(parse[1]) : 1, column: 1 };
}
