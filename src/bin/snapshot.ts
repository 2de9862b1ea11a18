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
import { BuildContext } from '../build-context.js';
import { build, buildDocumentFor } from '../pipeline.js';
import { initSeries } from '../cli/templates-command.js';
import { styleFile } from '../text/font-set.js';

// Latin and Cyrillic, so the main fonts' shaping tables for both scripts are decoded here, once.
const LATIN_CYRILLIC = 'Warm-up: Shoigu met Kim in Pyongyang (“fi” ffl) — Шойгу встретился с Ким Чен Ыном в Пхеньяне. 1,234.5%';

/** Warms a build context on a throw-away starter series, then makes it forget that series. */
async function warmUp(ctx: BuildContext): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefsmith-snapshot-'));
  try {
    const series = path.join(dir, 'starter');
    initSeries(series, new Date(Date.UTC(2026, 0, 5)));
    // Not the Word memo: something the docx package keeps after writing cannot go into a snapshot.
    await build({ input: series, outDir: path.join(dir, 'out'), formats: ['pptx', 'pdf'] }, ctx);
    const { fonts } = await buildDocumentFor({ input: series }, ctx);
    const { heading, body, fallbacks } = fonts.families;
    for (const family of [heading, body]) {
      for (const style of [{}, { bold: true }, { italic: true }, { bold: true, italic: true }]) {
        ctx.fonts.open(styleFile(family, style)).layout(LATIN_CYRILLIC);
        fonts.width(LATIN_CYRILLIC, 10, 'body', style);
      }
    }
    // Why: the Hangul fallback is 12 MB of font data that every start would have to map in; briefs that need it load it on first use.
    ctx.fonts.forgetFonts(fallbacks.flatMap((f) => [f.regular, f.bold, f.italic, f.boldItalic]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    ctx.forgetContent();
  }
}

if (v8.startupSnapshot.isBuildingSnapshot()) {
  const ctx = new BuildContext();
  warmUp(ctx).catch((err: unknown) => {
    process.stderr.write(`briefsmith: the snapshot's warm-up build failed:\n${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    // A snapshot starts with no script in argv; commander expects [node, script, ...args].
    process.argv.splice(1, 0, process.env.BRIEFSMITH_LAUNCHER ?? 'brief');
    void main(ctx);
  });
} else {
  void main();
}
