/** The preview server over plain HTTP (the browser test is in test/e2e): escaping, headers, host check, live content. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type Preview } from '../../src/preview/server.js';
import { FontFaces, renderDeckHtml, renderMemoHtml } from '../../src/9-emit/html/index.js';
import { copySample, editFile, outputsFor, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-preview-unit-');
let series: string;
let preview: Preview;
beforeAll(async () => {
  series = copySample(tmp.dir);
  editFile(path.join(series, 'editions', '2024-W21', 'judgments.yaml'), (t) =>
    t.replace('statement: North Korea is supplying Russia', 'statement: <script>alert(1)</script> North Korea is supplying Russia'),
  );
  preview = await startPreview({ input: series, port: 0 });
});
afterAll(async () => {
  await preview.close();
  tmp.cleanup();
});

describe('HTML writer', () => {
  it('escapes brief text in the deck and the memo', async () => {
    const { deck, memo } = await outputsFor(series, { formats: [] });
    const faces = new FontFaces();
    for (const html of [renderDeckHtml(deck, faces), renderMemoHtml(memo, faces)]) {
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; North Korea is supplying Russia');
      expect(html).not.toMatch(/<script/i);
    }
  });
});

describe('preview server', () => {
  it('serves the page with a CSP that forbids inline scripts, only on 127.0.0.1', async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(preview.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<script src="/assets/preview.js"></script>');
  });

  it('serves the rendered deck and memo as JSON, with the edition title', async () => {
    const data = (await (await fetch(new URL('/api/content', preview.url))).json()) as { ok: boolean; title: string; deck: string; memo: string };
    expect(data.ok).toBe(true);
    expect(data.title).toBe("North Korean shells keep Russia's guns firing");
    expect(data.deck).toContain('class="slide');
    expect(data.memo).toContain('MEMORANDUM FOR');
  });

  it('reports an error with its location and keeps the last good render, then recovers', async () => {
    const file = path.join(series, 'editions', '2024-W21', 'sources.yaml');
    editFile(file, (t) => t.replace('reliability: B', 'reliability: Q'));
    await preview.rebuild();
    let data = (await (await fetch(new URL('/api/content', preview.url))).json()) as { ok: boolean; deck?: string; diagnostics: { text: string }[] };
    expect(data.ok).toBe(false);
    expect(data.diagnostics[0]!.text).toMatch(/sources\.yaml:\d+:\d+ {2}error {2}"Q" is not allowed/);
    expect(data.deck).toContain('class="slide');
    editFile(file, (t) => t.replace('reliability: Q', 'reliability: B'));
    await preview.rebuild();
    data = (await (await fetch(new URL('/api/content', preview.url))).json()) as { ok: boolean; diagnostics: { text: string }[] };
    expect(data.ok).toBe(true);
  });

  it('answers only requests addressed to its own host, and only GET', async () => {
    const { request } = await import('node:http');
    const status = (headers: Record<string, string>, method = 'GET') =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(preview.url);
        const req = request({ host: '127.0.0.1', port: Number(u.port), path: '/', method, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status({ host: 'evil.example' })).toBe(421);
    expect(await status({ host: new URL(preview.url).host }, 'POST')).toBe(405);
    expect((await fetch(new URL('/fonts/99', preview.url))).status).toBe(404);
    expect((await fetch(new URL('/../../etc/passwd', preview.url))).status).toBe(404);
  });
});
