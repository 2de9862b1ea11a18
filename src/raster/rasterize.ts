/** Chart SVG → PNG with resvg (used only here), given the theme's font files so text is drawn. */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { Theme } from '../2-validate/theme.js';
import type { Figure } from '../2-validate/brief.js';
import type { RenderedChart } from '../4-charts/render-chart.js';

type ResvgModule = typeof import('@resvg/resvg-js');
let resvgModule: ResvgModule | undefined;
/** resvg, loaded on first use. Why: it is a native addon, which a V8 start-up snapshot (src/bin/snapshot.ts) cannot hold. */
function resvg(): ResvgModule {
  resvgModule ??= createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  return resvgModule;
}

/**
 * Above this size an SVG (tens of thousands of marks) is placed as a picture:
 * drawn as vectors it takes seconds to write and seconds more to open.
 */
export const VECTOR_LIMIT_BYTES = 2_000_000;

/** Whether the deck draws the chart as an editable PowerPoint chart: it maps to one, and its figure does not ask for a picture. */
export function drawnNative(chart: Pick<RenderedChart, 'native'>, render: Figure['render'] | undefined): boolean {
  return render !== 'image' && !!chart.native;
}

/** Whether a writer places the chart as a PNG: the deck when it is not native, the memo when it is too big for vectors. */
export function drawnAsPicture(chart: Pick<RenderedChart, 'native' | 'svg'>, render: Figure['render'] | undefined, writer: 'deck' | 'memo'): boolean {
  return writer === 'deck' ? !drawnNative(chart, render) : chart.svg.length > VECTOR_LIMIT_BYTES;
}

// Why: rasterizing at 3× is the costliest step of a warm deck build; an unchanged chart keeps its PNG.
const cache = new Map<string, Buffer>();
const pending = new Map<string, Promise<void>>();
let queue: Promise<void> = Promise.resolve();

// Why: both writers and the prefetch ask for the same SVGs; hashing a 50,000-point chart (11 MB) five times cost ~70 ms.
// V8 keeps a string's own hash, so looking an SVG up here is cheap.
const svgDigests = new Map<string, string>();

function svgDigest(svg: string): string {
  let digest = svgDigests.get(svg);
  if (!digest) {
    digest = createHash('sha256').update(svg).digest('hex');
    if (svgDigests.size > 200) svgDigests.clear();
    svgDigests.set(svg, digest);
  }
  return digest;
}

function job(svg: string, theme: Theme, scale: number): { key: string; options: ResvgRenderOptions } {
  const { heading, body, fallbacks } = theme.fonts;
  // Why: loading a font file costs resvg time (a CJK font is 6 MB); load fallbacks only when the SVG names them.
  const used = fallbacks.filter((f) => svg.includes(`font-family="${f.name}"`));
  const fontFiles = [...new Set([heading.regular, heading.bold, heading.italic, body.regular, ...used.flatMap((f) => [f.regular, f.bold])])];
  const key = `${svgDigest(svg)}\0${scale}\0${fontFiles.join('\0')}\0${heading.name}`;
  return { key, options: { fitTo: { mode: 'zoom', value: scale }, font: { fontFiles, loadSystemFonts: false, defaultFontFamily: heading.name }, background: '#FFFFFF' } };
}

function remember(key: string, png: Buffer): void {
  if (cache.size > 200) cache.clear();
  cache.set(key, png);
}

/** Renders an SVG at `scale`× its size; text uses the theme's fonts, never the machine's. */
export function rasterizeSvg(svg: string, theme: Theme, scale = 2): Buffer {
  const { key, options } = job(svg, theme, scale);
  const hit = cache.get(key);
  if (hit) return hit;
  const png = new (resvg().Resvg)(svg, options).render().asPng();
  remember(key, png);
  return png;
}

/**
 * Starts rendering an SVG on a libuv thread; resolves once rasterizeSvg of the same
 * SVG would find it in the cache. Why: the deck's pictures can then be drawn on the
 * second core while the main thread writes the memo, and a picture both writers
 * need is drawn once.
 */
export function prefetchRaster(svg: string, theme: Theme, scale = 2): Promise<void> {
  const { key, options } = job(svg, theme, scale);
  if (cache.has(key)) return Promise.resolve();
  let done = pending.get(key);
  if (!done) {
    // One picture at a time: a second core is all there is to overlap with, and big pictures take memory.
    done = queue
      .then(() => resvg().renderAsync(svg, options))
      .then((image) => remember(key, image.asPng()))
      // A bad SVG is left for rasterizeSvg to render again, where its error surfaces in order.
      .catch(() => undefined)
      .finally(() => pending.delete(key));
    queue = done;
    pending.set(key, done);
  }
  return done;
}

/** Resolves when every prefetched picture is in the cache. */
export async function rastersReady(): Promise<void> {
  await Promise.all(pending.values());
}

/** Forgets rasterized charts (the start-up snapshot must not carry its warm-up's pictures). */
export function clearRasterCache(): void {
  cache.clear();
  svgDigests.clear();
}

/** Why an image file cannot be drawn (not a PNG, or an SVG resvg cannot parse), or undefined when it can. */
export function imageProblem(file: string, data: Buffer): string | undefined {
  if (file.toLowerCase().endsWith('.png')) return data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? undefined : 'not a PNG image';
  try {
    new (resvg().Resvg)(data.toString('utf8'), { font: { loadSystemFonts: false } });
    return undefined;
  } catch (err) {
    return `not a readable SVG image (${(err as Error).message.split('\n')[0]})`;
  }
}
