/** Chart SVG → PNG with resvg (used only here), given the theme's font files so text is drawn. */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import type { Theme } from '../theme/theme.js';

let resvgClass: typeof ResvgClass | undefined;
/** resvg's class, loaded on first use. Why: it is a native addon, which a V8 start-up snapshot (src/bin/snapshot.ts) cannot hold. */
function Resvg(...args: ConstructorParameters<typeof ResvgClass>): ResvgClass {
  resvgClass ??= (createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg;
  return new resvgClass(...args);
}

/**
 * Above this size an SVG (tens of thousands of marks) is placed as a picture:
 * drawn as vectors it takes seconds to write and seconds more to open.
 */
export const VECTOR_LIMIT_BYTES = 2_000_000;

// Why: rasterizing at 3× is the costliest step of a warm deck build; an unchanged chart keeps its PNG.
const cache = new Map<string, Buffer>();

/** Renders an SVG at `scale`× its size; text uses the theme's fonts, never the machine's. */
export function rasterizeSvg(svg: string, theme: Theme, scale = 2): Buffer {
  const { heading, body, fallbacks } = theme.fonts;
  // Why: loading a font file costs resvg time (a CJK font is 6 MB); load fallbacks only when the SVG names them.
  const used = fallbacks.filter((f) => svg.includes(`font-family="${f.name}"`));
  const fontFiles = [...new Set([heading.regular, heading.bold, heading.italic, body.regular, ...used.flatMap((f) => [f.regular, f.bold])])];
  const key = createHash('sha256').update(svg).update(`\0${scale}\0${fontFiles.join('\0')}\0${heading.name}`).digest('hex');
  const hit = cache.get(key);
  if (hit) return hit;
  const resvg = Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: heading.name },
    background: '#FFFFFF',
  });
  const png = resvg.render().asPng();
  if (cache.size > 200) cache.clear();
  cache.set(key, png);
  return png;
}

/** Forgets rasterized charts (the start-up snapshot must not carry its warm-up's pictures). */
export function clearRasterCache(): void {
  cache.clear();
}

/** Why an image file cannot be drawn (not a PNG, or an SVG resvg cannot parse), or undefined when it can. */
export function imageProblem(file: string, data: Buffer): string | undefined {
  if (file.toLowerCase().endsWith('.png')) return data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? undefined : 'not a PNG image';
  try {
    Resvg(data.toString('utf8'), { font: { loadSystemFonts: false } });
    return undefined;
  } catch (err) {
    return `not a readable SVG image (${(err as Error).message.split('\n')[0]})`;
  }
}
