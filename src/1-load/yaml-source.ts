/**
 * YAML files parsed with their source positions, so that later stages can point
 * at the exact line and column of a value (the `yaml` library is used only here).
 */
import { readFile, stat } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import { DiagnosticSink, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import { bytes, defaultLimits } from './limits.js';
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
  if (first) sink.error(at(first.pos[0]), messages.yamlSyntax(first.message.split('\n')[0] ?? first.message), 'yaml/syntax');
  if (doc.errors.length > 0) return undefined;
  return {
    file,
    value: (doc.toJS({ maxAliasCount: 100 }) ?? {}) as T,
    locate: (path, options) => locateIn(doc, path, options?.key ?? false, at),
  };
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

/** Reads and parses a YAML file; a missing file is reported at `from` when given. `cache` keeps parsed files across builds. */
export async function loadYamlFile<T = unknown>(file: string, sink: DiagnosticSink, from?: Position, maxBytes = defaultLimits.maxYamlBytes, cache?: ParsedFiles): Promise<SourceFile<T> | undefined> {
  let text: string;
  let key: string;
  try {
    const st = await stat(file);
    if (st.size > maxBytes) {
      sink.error({ file, line: 1, column: 1 }, messages.tooLarge(file, bytes(st.size), bytes(maxBytes), 'maxYamlBytes'), 'limits/file-size');
      return undefined;
    }
    key = `${file}\0${st.mtimeMs}\0${st.size}`;
    const hit = cache?.get(key);
    if (hit) return hit as SourceFile<T>;
    text = await readFile(file, 'utf8');
  } catch {
    sink.error(from ?? { file, line: 1, column: 1 }, messages.fileMissing(file), 'file/missing');
    return undefined;
  }
  const source = parseYaml<T>(file, text, sink);
  if (source) cache?.set(key, source as SourceFile);
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
