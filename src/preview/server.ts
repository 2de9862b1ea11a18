/**
 * `brief preview`: a local web page that shows the deck and memo as they will
 * come out and rebuilds on every save. It listens on 127.0.0.1 only, answers
 * only requests addressed to that host, and sends a Content-Security-Policy that
 * forbids inline scripts, so nothing from a brief can run in the page.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { watch } from 'chokidar';
import { BriefError, formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildDownload, buildPreview, type PreviewContent } from './preview-build.js';
import { PreviewRunner } from './preview-runner.js';
import { resolveTarget } from '../1-load/load-brief.js';
import type { BuildContext } from '../build-context.js';
import type { OutputFormat } from '../pipeline.js';
import { packageRoot } from '../package-root.js';

/** Options of the preview server. */
export interface PreviewOptions {
  input?: string;
  edition?: string;
  port?: number;
  log?: (line: string) => void;
  /** Builds in this build context, in this thread (tests); by default builds run on a watched worker thread. */
  ctx?: BuildContext;
}

/** A running preview. */
export interface Preview {
  url: string;
  /** Rebuilds now (also happens on every file change). */
  rebuild(): Promise<void>;
  close(): Promise<void>;
}

type Good = PreviewContent;

const assetDir = path.join(packageRoot, 'src', 'preview', 'assets');
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Starts the preview server and the file watcher; resolves once the first build is done. */
export async function startPreview(o: PreviewOptions): Promise<Preview> {
  const log = o.log ?? (() => undefined);
  const target = resolveTarget(o.input, o.edition);
  let version = 0;
  let good: Good | undefined;
  let diagnostics: Diagnostic[] = [];
  const downloads = new Map<string, Buffer>();
  const clients = new Set<ServerResponse>();
  // One build context for the server's life (on its worker): unchanged charts, fonts and templates are not made again on each save.
  const inThread = o.ctx;
  const runner = inThread ? undefined : new PreviewRunner(target.editionDir);

  const build = async () => {
    const started = performance.now();
    const outcome = inThread ? await buildPreview(target.editionDir, inThread) : await runner!.build();
    if (outcome.ok) {
      good = outcome.content;
      diagnostics = outcome.warnings;
      downloads.clear();
      log(`rebuilt in ${Math.round(performance.now() - started)} ms`);
    } else {
      diagnostics = outcome.diagnostics;
      log(`${diagnostics.filter((d) => d.severity === 'error').length} problem(s); showing the last good build`);
    }
    version++;
    for (const c of clients) c.write(`event: update\ndata: ${version}\n\n`);
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(build);
    }, 60);
  };
  const watcher = watch([target.seriesDir, path.join(packageRoot, 'templates')], {
    ignoreInitial: true,
    ignored: (p: string) => /(^|[\\/])(node_modules|\.git|output)([\\/]|$)/.test(p) || /\.tmp-\d+/.test(p),
    awaitWriteFinish: { stabilityThreshold: 30, pollInterval: 10 },
  });
  watcher.on('all', schedule);
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  await build();

  const fontFiles = () => good?.fonts ?? [];

  /** Builds one output of the current edition, as `brief build` would. */
  const download = (format: OutputFormat): Promise<Buffer> => (inThread ? buildDownload(target.editionDir, format, inThread) : runner!.download(format));

  let address = '';
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal error: ${err.message}`);
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Why: refuse requests for any other host name (DNS rebinding).
    if (req.headers.host !== address && req.headers.host !== address.replace('127.0.0.1', 'localhost')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${address}`);
    const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };
    if (req.method !== 'GET') {
      res.writeHead(405, headers).end();
      return;
    }
    switch (url.pathname) {
      case '/':
        res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(shell(good));
        return;
      case '/assets/preview.js':
      case '/assets/preview.css': {
        const file = path.join(assetDir, path.basename(url.pathname));
        res.writeHead(200, { ...headers, 'content-type': url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css' }).end(readFileSync(file));
        return;
      }
      case '/favicon.ico':
        res.writeHead(204, headers).end();
        return;
      case '/api/content':
        res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(
          JSON.stringify({
            version,
            ok: !diagnostics.some((d) => d.severity === 'error'),
            diagnostics: diagnostics.map((d) => ({ text: formatDiagnostic(d), frame: d.frame, severity: d.severity })),
            ...(good ? { title: good.title, deck: good.deck, memo: good.memo, pages: good.pages, style: pageStyle(good) } : {}),
          }),
        );
        return;
      case '/api/events':
        res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', connection: 'keep-alive' });
        res.write(`event: update\ndata: ${version}\n\n`);
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      case '/download/deck.pptx':
      case '/download/memo.pdf': {
        if (!good) {
          res.writeHead(409, headers).end('no successful build yet');
          return;
        }
        const pptx = url.pathname.endsWith('.pptx');
        let data = downloads.get(url.pathname);
        if (!data) {
          data = await download(pptx ? 'pptx' : 'pdf');
          downloads.set(url.pathname, data);
        }
        const name = `${good.seriesId}-${good.editionId}.${pptx ? 'pptx' : 'pdf'}`;
        res
          .writeHead(200, {
            ...headers,
            'content-type': pptx ? 'application/vnd.openxmlformats-officedocument.presentationml.presentation' : 'application/pdf',
            'content-disposition': `attachment; filename="${name}"`,
          })
          .end(data);
        return;
      }
      default: {
        const font = /^\/fonts\/(\d+)$/.exec(url.pathname);
        const file = font ? fontFiles()[Number(font[1])] : undefined;
        if (file) {
          res.writeHead(200, { ...headers, 'content-type': 'font/ttf', 'cache-control': 'max-age=3600' }).end(readFileSync(file));
          return;
        }
        res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
      }
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 4173, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await watcher.close();
    await runner?.close();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new BriefError([
        {
          severity: 'error',
          rule: 'preview/port',
          position: { file: '<command line>', line: 1, column: 1 },
          message: `port ${o.port ?? 4173} on 127.0.0.1 is ${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}; choose another with --port`,
        },
      ]);
    }
    throw err;
  }
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${address}/`,
    rebuild: async () => {
      running = running.then(build);
      await running;
    },
    close: async () => {
      clearTimeout(timer);
      for (const c of clients) c.end();
      await watcher.close();
      await runner?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The page's own style: the theme's colors (validated #RRGGBB, safe in CSS) and the fonts the slides and pages use. */
function pageStyle(good: Good | undefined): string {
  const c = good?.colors;
  return `${c ? `:root{--primary:${c.primary};--muted:${c.muted};--rule:${c.rule};--panel:${c.panel};--ink:${c.text}}` : ''}${good?.fontCss ?? ''}`;
}

function shell(good: Good | undefined): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Briefsmith preview</title><link rel="stylesheet" href="/assets/preview.css"><style id="theme">${pageStyle(good)}</style></head>
<body>
<header class="bar"><h1 id="title">Briefsmith preview</h1><span class="status" id="status">building…</span><a href="/download/deck.pptx">Download .pptx</a><a href="/download/memo.pdf">Download .pdf</a></header>
<div id="errors" role="alert"><h2>The brief has problems: the last good build is shown below</h2><div id="error-list"></div></div>
<main><section><h2 class="pane">Deck</h2><div id="deck"></div></section><section><h2 class="pane">Memo</h2><div id="memo"></div></section></main>
<script src="/assets/preview.js"></script>
</body></html>
`;
}
