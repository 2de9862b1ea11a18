/**
 * The output index: `manifest.json` (machine-readable) and `index.html` (for
 * people) in the output folder, listing every edition built there with its
 * files, sizes and SHA-256, so a distributed copy can be checked by its hash.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { escapeHtml as esc } from '../util/escape-html.js';

/** One built edition in the index. */
export interface IndexedEdition {
  edition: string;
  date: string;
  title: string;
  marking: string;
  files: { format: string; file: string; bytes: number; sha256: string }[];
}

/** The manifest's shape. */
export interface Manifest {
  series: string;
  title: string;
  editions: IndexedEdition[];
}

/** Adds or replaces editions in the output folder's manifest and rewrites index.html. */
export async function updateOutputIndex(outDir: string, series: { id: string; title: string }, built: IndexedEdition[]): Promise<void> {
  const manifestFile = path.join(outDir, 'manifest.json');
  let manifest: Manifest = { series: series.id, title: series.title, editions: [] };
  try {
    const old = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
    // Why: an output folder shared by two series keeps only the series being built.
    if (old.series === series.id && Array.isArray(old.editions)) manifest = { ...manifest, editions: old.editions };
  } catch {
    // no index yet, or an unreadable one: start afresh
  }
  const byId = new Map(manifest.editions.map((e) => [e.edition, e]));
  for (const e of built) byId.set(e.edition, { ...e, files: e.files.map((f) => ({ ...f, file: path.relative(outDir, f.file).split(path.sep).join('/') })) });
  manifest.editions = [...byId.values()].sort((a, b) => b.edition.localeCompare(a.edition));
  await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFileAtomic(path.join(outDir, 'index.html'), indexHtml(manifest));
}

function indexHtml(m: Manifest): string {
  const rows = m.editions
    .map(
      (e) =>
        `<tr><td>${esc(e.edition)}</td><td>${esc(e.date)}</td><td>${esc(e.title)}</td><td>${esc(e.marking)}</td><td>${e.files
          .map((f) => `<a href="${esc(encodeURI(f.file))}">${esc(f.format.toUpperCase())}</a> <span class="size">${(f.bytes / 1024).toFixed(0)} KB</span><br><code>${f.sha256}</code>`)
          .join('<br>')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(m.title)}: editions</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#1c1c1c}h1{color:#1F3A5F}table{border-collapse:collapse}th,td{border-bottom:1px solid #ccd;padding:.5rem .8rem;text-align:left;vertical-align:top}th{background:#1F3A5F;color:#fff}code{font-size:11px;color:#5b6770}.size{color:#5b6770}</style>
</head><body><h1>${esc(m.title)}</h1><p>Every edition built into this folder, newest first. Verify a copy with <code>sha256sum</code>.</p>
<table><thead><tr><th>Edition</th><th>Date</th><th>Title</th><th>Marking</th><th>Files (SHA-256)</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
