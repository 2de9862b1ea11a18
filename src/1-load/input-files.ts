/**
 * The one way in: every file a build reads (YAML, templates and partials,
 * themes, fonts, logos, chart specs and data, the base deck, the distribution
 * list) comes through here. A file must resolve, symlinks followed, inside the
 * folder it may come from (the series folder, or Briefsmith's own package for
 * built-ins), be a regular file (a FIFO would block for ever, a directory is a
 * mistake), fit the size limit for its kind, and text must be UTF-8. A refusal
 * reads the same whatever lies outside the folder, so an error never tells
 * what exists there.
 */
import { lstatSync, readFileSync, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { messages } from '../diagnostics/messages.js';
import { bytes, type Limits } from './limits.js';

/** What a file is read as; each kind has its own size limit. */
export type InputKind = 'yaml' | 'spec' | 'data' | 'template' | 'font' | 'image' | 'base' | 'list';

/** The limit (and its `limits:` key) for each kind of input. */
const limitKey: Record<InputKind, keyof Limits> = {
  yaml: 'maxYamlBytes',
  spec: 'maxSpecBytes',
  data: 'maxDataBytes',
  template: 'maxTemplateBytes',
  font: 'maxFontBytes',
  image: 'maxImageBytes',
  base: 'maxBaseBytes',
  list: 'maxYamlBytes',
};

/** Where a build may read from, and how much. */
export interface InputScope {
  /** Folders files may come from (the series folder; Briefsmith's package for built-ins). */
  roots: readonly string[];
  limits: Limits;
}

/** A refused or failed read, reported by the caller where the file was named. */
export interface Refusal {
  ok: false;
  message: string;
  rule: string;
  /** Where in the file the problem is, when it is inside it (the first byte that is not UTF-8). */
  at?: { line: number; column: number };
}

/** The outcome of a read; `stamp` changes when the file does (modification time and size). */
export type InputResult<T> = { ok: true; file: string; value: T; stamp: string } | Refusal;

/** The outcome of resolving a path a user wrote. */
export type Resolved = { ok: true; file: string } | Refusal;

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const DRIVE = /^[a-zA-Z]:[\\/]/;

/**
 * Resolves `ref`, written by a user in a file in `fromDir`, to a path inside `root`. URLs, absolute paths and
 * paths that leave the folder (also through a symlink, also a dangling one) are refused with the same words.
 */
export function resolveRef(root: string, fromDir: string, ref: string): Resolved {
  if (SCHEME.test(ref) && !DRIVE.test(ref)) return { ok: false, message: messages.urlRefused(ref), rule: 'sandbox/url' };
  if (path.isAbsolute(ref) || DRIVE.test(ref) || ref.startsWith('\\')) return { ok: false, message: messages.pathAbsolute(ref), rule: 'sandbox/absolute' };
  if (ref.includes('\0')) return { ok: false, message: messages.pathEscape(ref), rule: 'sandbox/escape' };
  const file = path.resolve(fromDir, ref);
  if (!isInside(root, file) || !isInside(realTarget(root), realTarget(file))) return { ok: false, message: messages.pathEscape(ref), rule: 'sandbox/escape' };
  return { ok: true, file };
}

/** True when `file` is `root` itself or lies below it (by name; see `realTarget` for symlinks). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Where `p` really leads, following symlinks as far as they exist: a missing file's path under its real folder,
 * and a dangling symlink's target, so that a link pointing outside is caught whether or not its target exists.
 */
export function realTarget(p: string, hops = 0): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = path.dirname(p);
    if (parent === p) return p;
    const candidate = path.join(realTarget(parent, hops), path.basename(p));
    try {
      if (hops < 40 && lstatSync(candidate).isSymbolicLink()) return realTarget(path.resolve(path.dirname(candidate), readlinkSync(candidate)), hops + 1);
    } catch {
      // not there at all
    }
    return candidate;
  }
}

/** Why `file` may not be read, or undefined when it may: outside every root, missing, not a regular file, or too large. */
function refusal(file: string, st: Stats | undefined, kind: InputKind, scope: InputScope, shown: string): Refusal | undefined {
  const real = realTarget(file);
  if (!scope.roots.some((r) => isInside(realTarget(r), real))) return { ok: false, message: messages.pathEscape(shown), rule: 'sandbox/escape' };
  if (!st) return { ok: false, message: messages.fileMissing(shown), rule: 'file/missing' };
  if (!st.isFile())
    return { ok: false, message: messages.notAFile(shown, st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : 'a device'), rule: 'file/not-regular' };
  const key = limitKey[kind];
  const max = scope.limits[key];
  if (st.size > max) return { ok: false, message: messages.tooLarge(shown, bytes(st.size), bytes(max), key), rule: 'limits/file-size' };
  return undefined;
}

async function statOf(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

function statOfSync(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Reads a file's bytes through the checks above. `shown` names it in messages (the path as the user wrote it). */
export async function readInput(file: string, kind: InputKind, scope: InputScope, shown = path.basename(file)): Promise<InputResult<Buffer>> {
  const st = await statOf(file);
  const no = refusal(file, st, kind, scope, shown);
  if (no) return no;
  try {
    return { ok: true, file, value: await readFile(file), stamp: `${st!.mtimeMs}:${st!.size}` };
  } catch {
    return { ok: false, message: messages.fileMissing(shown), rule: 'file/missing' };
  }
}

/** As `readInput`, for a file that must be UTF-8 text (a byte-order mark is dropped). */
export async function readInputText(file: string, kind: InputKind, scope: InputScope, shown = path.basename(file)): Promise<InputResult<string>> {
  const r = await readInput(file, kind, scope, shown);
  return r.ok ? utf8(r.file, r.value, shown, r.stamp) : r;
}

/** As `readInputText`, without waiting (for template files, read while compiling). */
export function readInputTextSync(file: string, kind: InputKind, scope: InputScope, shown = path.basename(file)): InputResult<string> {
  const st = statOfSync(file);
  const no = refusal(file, st, kind, scope, shown);
  if (no) return no;
  try {
    return utf8(file, readFileSync(file), shown, `${st!.mtimeMs}:${st!.size}`);
  } catch {
    return { ok: false, message: messages.fileMissing(shown), rule: 'file/missing' };
  }
}

/** Why `file` may not be read (as `readInput` would refuse it), without reading it; undefined when it may. */
export function inputRefusal(file: string, kind: InputKind, scope: InputScope, shown = path.basename(file)): Refusal | undefined {
  return refusal(file, statOfSync(file), kind, scope, shown);
}

/** As `readInput`, without waiting. */
export function readInputSync(file: string, kind: InputKind, scope: InputScope, shown = path.basename(file)): InputResult<Buffer> {
  const st = statOfSync(file);
  const no = refusal(file, st, kind, scope, shown);
  if (no) return no;
  try {
    return { ok: true, file, value: readFileSync(file), stamp: `${st!.mtimeMs}:${st!.size}` };
  } catch {
    return { ok: false, message: messages.fileMissing(shown), rule: 'file/missing' };
  }
}

/** True when `file` exists as a regular file inside one of the roots. */
export function isInputFile(file: string, scope: Pick<InputScope, 'roots'>): boolean {
  const st = statOfSync(file);
  return !!st && st.isFile() && scope.roots.some((r) => isInside(realTarget(r), realTarget(file)));
}

/** Names in a folder inside one of the roots (none when it is missing, not a folder, or outside), sorted. */
export function listInputDir(dir: string, scope: Pick<InputScope, 'roots'>): string[] {
  const st = statOfSync(dir);
  if (!st?.isDirectory() || !scope.roots.some((r) => isInside(realTarget(r), realTarget(dir)))) return [];
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Decodes UTF-8, refusing invalid bytes with the line and column of the first. */
function utf8(file: string, data: Buffer, shown: string, stamp: string): InputResult<string> {
  const bad = firstInvalidUtf8(data);
  if (bad >= 0) {
    const before = data.subarray(0, bad).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { ok: false, message: messages.notUtf8(shown, line, column), rule: 'file/encoding', at: { line, column } };
  }
  const text = data.toString('utf8');
  return { ok: true, file, value: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, stamp };
}

/** Index of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlongs, surrogates or values past U+10FFFF), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined) return i;
      if (k === 1 ? x < lo || x > hi : x < 0x80 || x > 0xbf) return i;
    }
    i += n + 1;
  }
  return -1;
}
