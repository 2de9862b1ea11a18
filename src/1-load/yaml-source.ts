/**
 * YAML files parsed with their source positions, so that later stages can point
 * at the exact line and column of a value (the `yaml` library is used only here).
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, visit, type Document, type Node } from 'yaml';
import { DiagnosticSink, fileStart, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import { readInputText, type InputScope } from './input-files.js';
import { BoundedCache } from '../util/bounded-cache.js';

/** Path segments into a parsed value, as in a JSON pointer. */
export type ValuePath = ReadonlyArray<string | number>;

/** A parsed YAML file: its plain value plus a way to locate any path in it. */
export interface SourceFile<T = unknown> {
  file: string;
  value: T;
  /** Position of the value at `path`; of its key when `key` is true; nearest existing ancestor otherwise. */
  locate(path: ValuePath, options?: { key?: boolean }): Position;
}

/** Most alias expansions in one file: plenty for anchors reused by hand, far below a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;

/** Offset of the document's first alias, where an alias bomb is reported. */
function firstAlias(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      found = node.range?.[0];
      return visit.BREAK;
    },
  });
  return found;
}

/** Parses YAML text; syntax errors go to the sink with their positions. */
export function parseYaml<T = unknown>(file: string, text: string, sink: DiagnosticSink): SourceFile<T> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  // Why: after one syntax error the parser's recovery reports a cascade of follow-on errors; the first is the real one.
  const first = doc.errors[0];
  if (first) {
    const detail = (first.message.split('\n')[0] ?? first.message).replace(/ at line \d+, column \d+:?$/, '');
    const hint = quoteHint(first.code, text, first.pos[0]);
    sink.error(at(first.pos[0]), messages.yamlSyntax(hint ? `${detail}; ${hint}` : detail), 'yaml/syntax');
  }
  if (doc.errors.length > 0) return undefined;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // Why: an alias "bomb" (aliases of aliases) would expand to gigabytes; the yaml package stops it with an error.
    sink.error(at(firstAlias(doc) ?? 0), messages.yamlAliases((err as Error).message), 'yaml/aliases');
    return undefined;
  }
  return {
    file,
    value: (value ?? {}) as T,
    locate: (path, options) => locateIn(doc, path, options?.key ?? false, at),
  };
}

/** Characters that make YAML read a plain value as something else when they start it. */
const INDICATOR_START = /^[[\]{}*&!|>@`%]/;

/**
 * "quote the value, e.g. statement: "Officials said: no"", for the syntax errors an unquoted value causes: a ": "
 * inside it (read as a nested mapping) or a YAML indicator at its start ("[draft] …", "*", "@"). The example is
 * the user's own line, quoted.
 */
export function quoteHint(code: string, text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  // The first "key: " of the line (after a list dash), and the value after it.
  const m = /^(\s*(?:-\s+)?)([^\s:#'"{}[\],][^:#]*?):\s+(.+?)\s*$/.exec(line);
  if (!m) return undefined;
  const [, , key, value] = m;
  const example = `${key!.trim()}: ${JSON.stringify(value!.replace(/\s+#.*$/, ''))}`;
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') return `a value containing ": " must be quoted: quote the value, e.g. ${example}`;
  if (INDICATOR_START.test(value!) && !/^[[{].*[\]}]$/.test(value!)) return `a value starting with "${value![0]}" must be quoted: quote the value, e.g. ${example}`;
  return undefined;
}

/**
 * Parsed files by path, modification time and size, for a build context; a changed file is parsed again.
 * Why: batch builds and the preview read the same files again and again (each edition reads its predecessors).
 */
export class ParsedFiles {
  private readonly files = new BoundedCache<string, SourceFile>(2000);

  /** The parsed file under `key`, if it was parsed before. */
  get(key: string): SourceFile | undefined {
    return this.files.get(key);
  }

  /** Remembers a parsed file. */
  set(key: string, source: SourceFile): void {
    this.files.set(key, source);
  }

  /** Forgets every parsed file. */
  clear(): void {
    this.files.clear();
  }
}

/** How a YAML file is read: where it may come from, where it was named (for "not found"), the parse cache. */
export interface YamlRead {
  scope: InputScope;
  /** Where the file was named, to report a missing or refused file there rather than in the file. */
  from?: Position;
  cache?: ParsedFiles;
  /** The file's name as the user wrote it, for messages (default: its base name). */
  shown?: string;
}

/** Reads and parses a YAML file through the one way in; every problem goes to the sink, located. */
export async function loadYamlFile<T = unknown>(file: string, sink: DiagnosticSink, read: YamlRead): Promise<SourceFile<T> | undefined> {
  const r = await readInputText(file, 'yaml', read.scope, read.shown);
  if (!r.ok) {
    // Why: a file that is there but cannot be read is reported in it; one that is not there, where it was named.
    sink.error(r.rule === 'file/missing' || r.rule.startsWith('sandbox/') ? (read.from ?? fileStart(file)) : r.at ? { file, ...r.at } : fileStart(file), r.message, r.rule);
    return undefined;
  }
  const key = `${file}\0${r.stamp}`;
  const hit = read.cache?.get(key);
  if (hit) return hit as SourceFile<T>;
  const source = parseYaml<T>(file, r.value, sink);
  if (source) read.cache?.set(key, source as SourceFile);
  return source;
}

function locateIn(doc: Document, path: ValuePath, wantKey: boolean, at: (offset: number) => Position): Position {
  let node: Node | null | undefined = doc.contents;
  let best: number = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (last && wantKey && keyNode.range) return at(keyNode.range[0]);
      node = pair.value as Node | null;
      best = node?.range?.[0] ?? keyNode.range?.[0] ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      node = item;
      best = item.range?.[0] ?? best;
    } else {
      break;
    }
  }
  return at(best);
}
