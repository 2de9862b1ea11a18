/**
 * Stage 3, templates: Handlebars (used only here) merges the brief into the
 * deck and memo templates. Templates emit a small XML markup that the
 * document stage parses; Handlebars' escaping keeps brief text from adding markup.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import Handlebars from 'handlebars';
import { DiagnosticSink, codeFrame, fileStart, type Position } from '../diagnostics/diagnostic.js';
import { listInputDir, readInputTextSync } from '../1-load/input-files.js';
import { bytes, defaultLimits, type Limits } from '../1-load/limits.js';
import { messages } from '../diagnostics/messages.js';
import { packageRoot } from '../package-root.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { helpers } from './helpers.js';
import { strictContext, UnknownFieldError } from './strict-context.js';

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

/**
 * Every template of a kind, with the file that wins for each name: the main
 * template, its partials (slides and sections), and its node templates (how
 * each domain node, such as a judgment or the source list, is realized).
 */
export function resolveTemplates(kind: TemplateKind, seriesDir: string): TemplateFile[] {
  const found = new Map<string, TemplateFile>();
  for (const { dir, origin } of templateSearchPath(seriesDir)) {
    // Files are listed only inside their own folder; whether each may be read is decided when it is read.
    const roots = [origin === 'series' ? seriesDir : builtInTemplateDir];
    const main = path.join(dir, kind, `${kind}.hbs`);
    if (!found.has(kind) && listInputDir(path.dirname(main), { roots }).includes(`${kind}.hbs`)) found.set(kind, { name: kind, file: main, origin });
    for (const sub of ['partials', 'nodes']) {
      const partialDir = path.join(dir, kind, sub);
      for (const f of listInputDir(partialDir, { roots })) {
        if (!f.endsWith('.hbs')) continue;
        const name = f.replace(/\.hbs$/, '');
        if (!found.has(name)) found.set(name, { name, file: path.join(partialDir, f), origin });
      }
    }
  }
  return [...found.values()];
}

/** A template and its partials, compiled in their own Handlebars environment. */
export interface CompiledTemplates {
  hb: typeof Handlebars;
  compiled: Map<string, Handlebars.TemplateDelegate>;
  /** Text the partials have produced in the current run, against its limit: partials that call each other can expand exponentially. */
  budget: { used: number; max: number; trace?: string[] };
}

/** Thrown when a run of templates expands past its limit. */
class ExpansionLimit extends Error {}

/**
 * Compiled template sets of a build context. Why: compiling is most of the template stage when a process builds
 * many editions (batch, preview); the key is the files' names, paths and contents, so an edited template compiles again.
 */
export class TemplateCache {
  private readonly sets = new BoundedCache<string, CompiledTemplates>(16);

  /** The compiled set under `key`. */
  get(key: string): CompiledTemplates | undefined {
    return this.sets.get(key);
  }

  /** Remembers a compiled set. */
  set(key: string, set: CompiledTemplates): void {
    this.sets.set(key, set);
  }
}

function compileTemplates(kind: TemplateKind, files: TemplateFile[], sources: Map<string, string>, sink: DiagnosticSink): CompiledTemplates | undefined {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  let ok = true;
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const budget: CompiledTemplates['budget'] = { used: 0, max: Infinity };
  for (const f of files) {
    const source = sources.get(f.file)!;
    try {
      // Why: parse now so syntax errors surface for every file, not only the ones used.
      hb.parse(source);
      compiled.set(f.name, hb.compile(source, { strict: true, noEscape: false, preventIndent: true }));
    } catch (err) {
      ok = false;
      const unclosed = /got 'EOF'/.test((err as Error).message) ? unclosedBlock(source, f.file) : undefined;
      const at = unclosed?.position ?? errorPosition(err as Error, f.file);
      const message = unclosed ? `{{#${unclosed.name}}} is never closed (add {{/${unclosed.name}}})` : firstLine(err as Error);
      sink.items.push({ severity: 'error', message: messages.templateSyntax(message), rule: 'template/syntax', position: at, frame: codeFrame(source, at.line, at.column) });
    }
  }
  if (!ok) return undefined;
  // Partials are registered as compiled functions, so a runtime error is traced to the file it happened in.
  for (const [name, fn] of compiled) {
    if (name === kind) continue;
    const file = files.find((f) => f.name === name)!.file;
    hb.registerPartial(name, ((ctx: unknown, opts: unknown) => {
      try {
        const plain = fn(ctx, opts as Handlebars.RuntimeOptions);
        // When tracing, each partial's output is wrapped in markers naming its file (they hold no newline).
        const out = budget.trace ? `${TRACE_OPEN}${String.fromCharCode(TRACE_FILE + traceIndex(budget.trace, file))}${plain}${TRACE_CLOSE}` : plain;
        budget.used += plain.length;
        if (budget.used > budget.max) throw new ExpansionLimit();
        return out;
      } catch (err) {
        (err as { templateFile?: string }).templateFile ??= file;
        throw err;
      }
    }) as unknown as Handlebars.Template);
  }
  return { hb, compiled, budget };
}

/** A kind's templates, read and compiled, ready to run; `maxOutput` bounds what one run may expand to. */
export type TemplateSet = CompiledTemplates & { kind: TemplateKind; seriesDir: string; files: TemplateFile[]; sources: Map<string, string>; maxOutput: number };

/** Reads and compiles the templates of a kind (or takes them from the cache); undefined after reporting unreadable files or syntax errors. */
export function templateSet(kind: TemplateKind, seriesDir: string, sink: DiagnosticSink, cache: TemplateCache, limits: Limits = defaultLimits): TemplateSet | undefined {
  const files = resolveTemplates(kind, seriesDir);
  const sources = new Map<string, string>();
  for (const f of files) {
    const root = f.origin === 'series' ? seriesDir : builtInTemplateDir;
    const read = readInputTextSync(f.file, 'template', { roots: [root], limits }, path.relative(root, f.file));
    if (read.ok) sources.set(f.file, read.value);
    else sink.error(read.at ? { file: f.file, ...read.at } : fileStart(f.file), read.message, read.rule);
  }
  if (sources.size < files.length) return undefined;
  const hash = createHash('sha256').update(kind);
  for (const f of files) hash.update(`\0${f.name}\0${f.file}\0${sources.get(f.file)}`);
  const key = hash.digest('hex');
  let set = cache.get(key);
  if (!set) {
    set = compileTemplates(kind, files, sources, sink);
    if (!set) return undefined;
    cache.set(key, set);
  }
  return { ...set, kind, seriesDir, files, sources, maxOutput: limits.maxTemplateOutputBytes };
}

/** Runs a compiled template; a runtime error is reported at its place in the template that raised it. */
function run(set: TemplateSet, kind: TemplateKind, name: string, data: object, locale: string | undefined, sink: DiagnosticSink): string | undefined {
  const main = set.files.find((f) => f.name === name)!;
  set.budget.used = 0;
  set.budget.max = set.maxOutput;
  try {
    // Without a locale the helpers follow the data's `series.language`.
    const out = set.compiled.get(name)!(strictContext(data), { data: locale ? { locale } : {} });
    if (out.length > set.maxOutput) throw new ExpansionLimit();
    return out;
  } catch (err) {
    const file = (err as { templateFile?: string }).templateFile ?? main.file;
    if (err instanceof ExpansionLimit) {
      sink.error(fileStart(file), messages.templateTooLarge(path.basename(file), bytes(set.maxOutput)), 'limits/template-output');
      return undefined;
    }
    const source = set.sources.get(file) ?? '';
    const { message, position } = runtimeProblem(
      err as Error,
      file,
      source,
      set.hb,
      set.files.map((f) => f.name).filter((n) => n !== kind),
    );
    sink.items.push({ severity: 'error', message, rule: 'template/runtime', position, frame: codeFrame(source, position.line, position.column) });
    return undefined;
  }
}

/** Private-use characters marking where a partial's output starts and ends in a traced run. */
const TRACE_OPEN = '\uE000';
const TRACE_CLOSE = '\uE001';
const TRACE_FILE = 0xe100;

function traceIndex(files: string[], file: string): number {
  const i = files.indexOf(file);
  if (i >= 0) return i;
  files.push(file);
  return files.length - 1;
}

/** A run of a set's main template with each partial's output marked. */
export interface TemplateTrace {
  traced: string;
  files: string[];
}

/** Runs the main template again with each partial's output marked (for templatePlace). */
export function traceTemplate(set: TemplateSet, context: object, locale: string | undefined): TemplateTrace | undefined {
  const files: string[] = [];
  set.budget.trace = files;
  try {
    const traced = run(set, set.kind, set.kind, context, locale, new DiagnosticSink());
    return traced === undefined ? undefined : { traced, files };
  } finally {
    delete set.budget.trace;
  }
}

/**
 * Where in the templates a place in the merged output of `mergeTemplate` came from: the templates are run again
 * with each partial's output marked, so the partial that wrote that line is known, and the line inside it is found
 * from the element named at that place (the nearest line of the partial that writes it). Undefined when it cannot
 * be told. Why not always: markers cost a second run, so only a build with a markup error pays for it.
 */
export function templatePlace(set: TemplateSet, trace: TemplateTrace | undefined, at: { line: number; column: number }, merged: string): Position | undefined {
  const main = set.files.find((f) => f.name === set.kind);
  if (!main || !trace) return undefined;
  const { traced, files } = trace;
  // Walk the traced output in the merged output's coordinates, keeping the partials open at each place.
  const stack: { file: string; line: number; column: number }[] = [];
  let line = 1;
  let column = 1;
  let found: { file: string; line: number; column: number } | undefined;
  for (let i = 0; i < traced.length; i++) {
    const c = traced[i]!;
    if (c === TRACE_OPEN) {
      stack.push({ file: files[traced.charCodeAt(i + 1) - TRACE_FILE]!, line, column });
      i++;
      continue;
    }
    if (c === TRACE_CLOSE) {
      stack.pop();
      continue;
    }
    if (line === at.line && column === at.column) {
      found = stack.at(-1) ?? { file: main.file, line: 1, column: 1 };
      break;
    }
    if (c === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  found ??= stack.at(-1) ?? { file: main.file, line: 1, column: 1 };
  const source = set.sources.get(found.file) ?? '';
  const guess = at.line - found.line + 1;
  // The element at that place (the last tag opened on the line before the column), looked for in the partial.
  const text = (merged.split('\n')[at.line - 1] ?? '').slice(0, Math.max(0, at.column - 1));
  const tag = [...text.matchAll(/<\/?([A-Za-z][\w-]*)/g)].at(-1)?.[0];
  const lines = source.split('\n');
  let best: number | undefined;
  if (tag)
    lines.forEach((l, i) => {
      if (l.includes(tag) && (best === undefined || Math.abs(i + 1 - guess) < Math.abs(best - guess))) best = i + 1;
    });
  const lineNo = best ?? Math.min(Math.max(1, guess), lines.length);
  const col = tag && best !== undefined ? lines[best - 1]!.indexOf(tag) + 1 : 1;
  return { file: found.file, line: lineNo, column: col };
}

/** Merges `context` into the main template of a set (deck.hbs or memo.hbs); errors are reported with template positions. */
export function mergeTemplate(set: TemplateSet, context: object, sink: DiagnosticSink, locale?: string): MergedTemplate | undefined {
  const main = set.files.find((f) => f.name === set.kind);
  if (!main) {
    sink.error({ file: path.join(set.seriesDir, 'templates', set.kind, `${set.kind}.hbs`), line: 1, column: 1 }, messages.fileMissing(`${set.kind}.hbs`), 'template/missing');
    return undefined;
  }
  const markup = run(set, set.kind, set.kind, context, locale, sink);
  return markup === undefined ? undefined : { kind: set.kind, file: main.file, markup };
}

/**
 * Renders one node template (e.g. `judgment-full` of the memo) with a node's data: how
 * the realize stage turns a domain node into markup of the generic vocabulary.
 */
export function renderNode(set: TemplateSet, name: string, data: object, sink: DiagnosticSink, locale?: string): MergedTemplate | undefined {
  const node = set.files.find((f) => f.name === name);
  if (!node) {
    sink.error({ file: path.join(set.seriesDir, 'templates', set.kind, 'nodes', `${name}.hbs`), line: 1, column: 1 }, messages.fileMissing(`${name}.hbs`), 'template/missing');
    return undefined;
  }
  const markup = run(set, set.kind, name, data, locale, sink);
  return markup === undefined ? undefined : { kind: set.kind, file: node.file, markup };
}

/** Message and place of a runtime template error; errors without a location are found in the template's syntax tree. */
function runtimeProblem(err: Error, file: string, source: string, hb: typeof Handlebars, partials: string[]): { message: string; position: Position } {
  const find = (match: (node: HbNode) => boolean): Position => {
    const loc = findNode(hb.parse(source) as unknown as HbNode, match)?.loc;
    return loc ? { file, line: loc.start.line, column: loc.start.column + 1 } : { file, line: 1, column: 1 };
  };
  if (err instanceof UnknownFieldError) {
    // A name used as a helper (with arguments) that is neither a helper nor a field is an unknown helper.
    const call = findNode(
      hb.parse(source) as unknown as HbNode,
      (n) =>
        (n.type === 'MustacheStatement' || n.type === 'SubExpression' || n.type === 'BlockStatement') &&
        (n.path as HbNode | undefined)?.original === err.field &&
        Array.isArray(n.params) &&
        n.params.length > 0,
    );
    if (call?.loc)
      return {
        message: messages.templateRuntime(messages.unknownHelper(err.field, Object.keys(helpers).sort())),
        position: { file, line: call.loc.start.line, column: call.loc.start.column + 1 },
      };
    return { message: messages.templateRuntime(err.message), position: find((n) => n.type === 'PathExpression' && (n.parts ?? []).includes(err.field)) };
  }
  const helper = /Missing helper: "([^"]+)"/.exec(err.message)?.[1];
  if (helper) return { message: messages.templateRuntime(messages.unknownHelper(helper, Object.keys(helpers).sort())), position: find((n) => n.type === 'PathExpression' && n.original === helper) };
  const partial = /The partial (\S+) could not be found/.exec(err.message)?.[1];
  if (partial)
    return {
      message: messages.templateRuntime(messages.unknownPartial(partial, partials)),
      position: find((n) => n.type === 'PartialStatement' && (n.name as HbNode | undefined)?.original === partial),
    };
  return { message: messages.templateRuntime(cleanRuntime(err)), position: errorPosition(err, file) };
}

/** The innermost block opened and never closed, found by scanning the tags (the parser only says "got EOF"). */
function unclosedBlock(source: string, file: string): { name: string; position: Position } | undefined {
  const stack: { name: string; index: number }[] = [];
  for (const m of source.matchAll(/\{\{~?([#/^])\s*>?\s*([\w-]+)|\{\{~?else\b/g)) {
    if (m[1] === '#') stack.push({ name: m[2]!, index: m.index! });
    else if (m[1] === '/') {
      const i = stack.map((b) => b.name).lastIndexOf(m[2]!);
      if (i >= 0) stack.splice(i);
    }
  }
  const open = stack.at(-1);
  if (!open) return undefined;
  const before = source.slice(0, open.index).split('\n');
  return { name: open.name, position: { file, line: before.length, column: before.at(-1)!.length + 1 } };
}

interface HbNode {
  type?: string;
  loc?: { start: { line: number; column: number } };
  parts?: string[];
  original?: string;
  name?: unknown;
  [key: string]: unknown;
}

/** Depth-first search of a Handlebars AST, in source order. */
function findNode(node: unknown, match: (n: HbNode) => boolean): HbNode | undefined {
  if (!node || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const hit = findNode(n, match);
      if (hit) return hit;
    }
    return undefined;
  }
  const n = node as HbNode;
  if (n.type && match(n)) return n;
  for (const [k, v] of Object.entries(n)) {
    if (k === 'loc') continue;
    const hit = findNode(v, match);
    if (hit) return hit;
  }
  return undefined;
}

function firstLine(err: Error): string {
  const lines = err.message.split('\n');
  const detail = lines.find((l) => /^Expecting|^Parse error/.test(l) && !/^Parse error on line/.test(l)) ?? lines.at(-1) ?? err.message;
  return detail.replace(/^Parse error on line \d+:\s*/, '').trim();
}

function cleanRuntime(err: Error): string {
  return err.message.replace(/ - \d+:\d+$/, '').replace(/"([^"]+)" not defined in .*/, '"$1" is not a field here');
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
