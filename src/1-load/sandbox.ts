/**
 * The file sandbox: a brief may read only files inside its own series folder.
 * Every path written by a user (spec, data url, logo, partial) goes through here.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { messages } from '../diagnostics/messages.js';

/** Outcome of resolving a user-written reference. */
export type SandboxResult = { ok: true; file: string } | { ok: false; message: string; rule: string };

const schemeRe = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** Resolves `ref` relative to `fromDir`; refuses URLs, absolute paths and anything outside `root`. */
export function resolveInside(root: string, fromDir: string, ref: string): SandboxResult {
  if (schemeRe.test(ref) && !/^[a-zA-Z]:[\\/]/.test(ref)) return { ok: false, message: messages.urlRefused(ref), rule: 'sandbox/url' };
  if (path.isAbsolute(ref) || /^[a-zA-Z]:[\\/]/.test(ref) || ref.startsWith('\\')) {
    return { ok: false, message: messages.pathAbsolute(ref), rule: 'sandbox/absolute' };
  }
  const file = path.resolve(fromDir, ref);
  if (!isInside(root, file)) return { ok: false, message: messages.pathEscape(ref), rule: 'sandbox/escape' };
  // Why: a symlink inside the folder could still point outside it.
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return { ok: true, file }; // a missing file is reported by whoever reads it
  }
  if (!isInside(realpathSync(root), real)) return { ok: false, message: messages.pathEscape(ref), rule: 'sandbox/escape' };
  return { ok: true, file };
}

/** True when `file` is `root` itself or lies below it. */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
