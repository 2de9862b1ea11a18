/**
 * A vega loader that reads only files inside the brief folder, through the one
 * way in. Vega's default loader reads any local file or URL and only warns when
 * a load fails; this one refuses, and records each refusal so the build fails
 * with a clear message. Links on marks must be web or mail addresses (a
 * relative one would become this machine's path inside the deck); pictures on
 * image marks are read from the folder and embedded, so no output names a path.
 */
import path from 'node:path';
import { readInputText, resolveRef, type InputScope } from '../1-load/input-files.js';
import { readPicture } from './chart-data.js';
import { messages } from '../diagnostics/messages.js';

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

const LINK = /^(https?:\/\/|mailto:)[^\s"'<>]+$/i;

/**
 * A link on a chart mark as it may go into an output, or undefined when it may not: a web or mail address, with
 * spaces and quotes percent-encoded (a link made from data, such as a search for a name, often has spaces).
 */
export function safeLink(url: string): string | undefined {
  const encoded = url.trim().replace(/[\s"'<>]/g, (c) => (c === "'" ? '%27' : encodeURIComponent(c)));
  return LINK.test(encoded) ? encoded : undefined;
}

/** True when a link on a chart mark may go into an output (see `safeLink`). */
export function isSafeLink(url: string): boolean {
  return safeLink(url) !== undefined;
}
/** Builds a loader confined to the scope's root, resolving relative urls from `baseDir`; `preloaded` serves files (text, or a picture's data URI) already read. */
export function sandboxedLoader(scope: InputScope, baseDir: string, preloaded = new Map<string, string>()): SandboxedLoader {
  const root = scope.roots[0]!;
  const failures: LoadFailure[] = [];
  const record = (url: string, message: string, rule: string): void => {
    if (!failures.some((f) => f.url === url && f.rule === rule)) failures.push({ url, message, rule });
  };
  const fail = (url: string, message: string, rule: string): never => {
    record(url, message, rule);
    throw new Error(message);
  };
  const inside = (uri: string): string => {
    const r = resolveRef(root, baseDir, uri);
    return r.ok ? r.file : fail(uri, r.message, r.rule);
  };
  const picture = async (uri: string): Promise<string> => {
    if (/^data:image\/(png|jpeg|gif);base64,[A-Za-z0-9+/=]+$/.test(uri)) return uri;
    const ready = preloaded.get(uri);
    if (ready?.startsWith('data:image/')) return ready;
    const pic = await readPicture(inside(uri), scope, uri);
    return 'problem' in pic ? fail(uri, pic.problem.message, pic.problem.rule) : pic.dataUri;
  };
  const loader = {
    async sanitize(uri: string, options?: unknown): Promise<{ href: string }> {
      const context = (options as { context?: string } | undefined)?.context;
      if (context === 'href') {
        // Why not throw: vega's SVG renderer reads the result of a refused link without a catch, and the unhandled
        // rejection ended the process. The refusal is recorded and fails the chart all the same.
        const link = safeLink(uri);
        if (link === undefined) record(uri, messages.chartLink(uri), 'chart/link');
        return { href: link ?? '' };
      }
      if (context === 'image') return { href: await picture(uri) };
      return { href: path.relative(root, inside(uri)) };
    },
    async load(uri: string): Promise<string> {
      const ready = preloaded.get(uri);
      if (ready !== undefined) return ready;
      const read = await readInputText(inside(uri), 'data', scope, uri);
      return read.ok ? read.value : fail(uri, read.message, read.rule === 'file/missing' ? 'chart/data-missing' : read.rule);
    },
    async http(url: string): Promise<string> {
      return fail(url, messages.urlRefused(url), 'sandbox/url');
    },
    async file(filename: string): Promise<string> {
      return loader.load(filename);
    },
  };
  return { loader, failures };
}
