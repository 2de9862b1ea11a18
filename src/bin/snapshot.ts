/**
 * Entry of the V8 start-up snapshot (dist/brief.blob, made by src/bin/bundle.ts).
 * Why: most of a cold build is Node loading and compiling vega, pdfkit and the
 * rest, then parsing fonts and compiling schemas and templates. The snapshot is
 * a heap saved after all of that, and after one throw-away build of a starter
 * series, so `brief` starts where a warm process would. Only content-free state
 * is kept: the warm-up's parsed files, charts, pictures and shaped text are forgotten.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { main } from '../cli/program.js';
import { clearParseCache } from '../1-load/yaml-source.js';
import { clearChartCache } from '../4-charts/render-chart.js';
import { clearRasterCache } from '../raster/rasterize.js';
import { forgetFonts, forgetShaping, openFont, styleFile } from '../fonts/font-set.js';
import { buildDocumentFor } from '../pipeline.js';
import { writePdf } from '../5-writers/pdf/index.js';
import { writePptx } from '../5-writers/pptx/index.js';
import { initSeries } from '../cli/templates-command.js';

// Latin and Cyrillic, so the main fonts' shaping tables for both scripts are decoded here, once.
const LATIN_CYRILLIC = 'Warm-up: Shoigu met Kim in Pyongyang (“fi” ffl) — Шойгу встретился с Ким Чен Ыном в Пхеньяне. 1,234.5%';

async function warmUp(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefsmith-snapshot-'));
  try {
    const series = path.join(dir, 'starter');
    initSeries(series, new Date(Date.UTC(2026, 0, 5)));
    const { document, fonts } = await buildDocumentFor({ input: series });
    await writePptx(document, fonts);
    await writePdf(document, fonts);
    const { heading, body, fallbacks } = fonts.theme.fonts;
    for (const family of [heading, body]) {
      for (const style of [{}, { bold: true }, { italic: true }, { bold: true, italic: true }]) {
        openFont(styleFile(family, style)).layout(LATIN_CYRILLIC);
        fonts.width(LATIN_CYRILLIC, 10, 'body', style);
      }
    }
    // Why: the Hangul fallback is 12 MB of font data that every start would have to map in; briefs that need it load it on first use.
    forgetFonts(fallbacks.flatMap((f) => [f.regular, f.bold, f.italic, f.boldItalic]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    clearParseCache();
    clearChartCache();
    clearRasterCache();
    forgetShaping();
  }
}

if (v8.startupSnapshot.isBuildingSnapshot()) {
  warmUp().catch((err: unknown) => {
    process.stderr.write(`briefsmith: the snapshot's warm-up build failed:\n${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    // A snapshot starts with no script in argv; commander expects [node, script, ...args].
    process.argv.splice(1, 0, process.env.BRIEFSMITH_LAUNCHER ?? 'brief');
    void main();
  });
} else {
  void main();
}
