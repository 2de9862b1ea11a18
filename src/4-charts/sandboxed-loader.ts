/**
 * A vega loader that reads only files inside the brief folder. Vega's default
 * loader reads any local file or URL and only warns when a load fails; this one
 * refuses, and records each refusal so the build can fail with a clear message.
 */
import { readFile } from 'node:fs/promises';
import { resolveInside } from '../1-load/sandbox.js';

/** A refused or failed load, reported later as a diagnostic. */
export interface LoadFailure {
  url: string;
  message: string;
  rule: string;
}

/** A loader object with the methods vega's View calls. */
export interface SandboxedLoader {
  loader: {
    load(uri: string, options?: unknown): Promise<string>;
    sanitize(uri: string, options?: unknown): Promise<{ href: string }>;
    http(url: string): Promise<string>;
    file(filename: string): Promise<string>;
  };
  failures: LoadFailure[];
}

/** Builds a loader confined to `root`, resolving relative urls from `baseDir`; `preloaded` serves files already read. */
export function sandboxedLoader(root: string, baseDir: string, preloaded = new Map<string, string>()): SandboxedLoader {
  const failures: LoadFailure[] = [];
  const check = (uri: string): string => {
    const r = resolveInside(root, baseDir, uri);
    if (!r.ok) {
      failures.push({ url: uri, message: r.message, rule: r.rule });
      throw new Error(r.message);
    }
    return r.file;
  };
  const loader = {
    async sanitize(uri: string): Promise<{ href: string }> {
      return { href: check(uri) };
    },
    async load(uri: string): Promise<string> {
      const ready = preloaded.get(uri);
      if (ready !== undefined) return ready;
      const file = check(uri);
      try {
        return await readFile(file, 'utf8');
      } catch (err) {
        failures.push({ url: uri, message: `file not found: ${uri}`, rule: 'chart/data-missing' });
        throw err;
      }
    },
    async http(url: string): Promise<string> {
      check(url);
      throw new Error('unreachable');
    },
    async file(filename: string): Promise<string> {
      return loader.load(filename);
    },
  };
  return { loader, failures };
}
