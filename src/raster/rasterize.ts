/** Chart SVG → PNG with resvg (used only here), given the theme's font files so text is drawn. */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { BoundedCache } from '../util/bounded-cache.js';

type ResvgModule = typeof import('@resvg/resvg-js');

/** resvg, loaded on first use. Why: it is a native addon, which a V8 start-up snapshot (src/bin/snapshot.ts) cannot hold. */
function resvg(): ResvgModule {
  return createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
}

/** The fonts a picture is drawn with: files for resvg, and the family that unstyled text falls back to. */
export interface RasterFonts {
  /** Font files always loaded (the theme's main faces). */
  main: string[];
  /** Fallback families, loaded only when the SVG names them (a Hangul font is 6 MB). */
  fallbacks: { name: string; files: string[] }[];
  defaultFamily: string;
  /** Background the picture is drawn on (the theme's), as #RRGGBB. */
  background: string;
}

/** SVG bytes drawn at once at most (unless a single picture is bigger): big pictures take memory as they are drawn. */
const DRAWING_BYTES = 2_000_000;
/** Pictures drawn at once at most: two keeps the second core busy while the main thread is, without holding every picture's pixels at once. */
const DRAWING_AT_ONCE = 2;

/** A picture to draw: an SVG at a scale, with fonts. */
interface Job {
  key: string;
  options: ResvgRenderOptions;
}

/**
 * PNG pictures of SVGs for a build context: drawn once, remembered (bounded), and
 * drawn ahead on a libuv thread when asked to. Why ahead: the deck's pictures can
 * then be drawn on the second core while the main thread writes the memo, and a
 * picture that two outputs need is drawn once.
 */
export class Rasterizer {
  private readonly pngs = new BoundedCache<string, Buffer>(200);
  private readonly pending = new Map<string, Promise<void>>();
  /** Pictures waiting for room on the drawing threads, and the SVG bytes being drawn now. */
  private readonly waiting: (() => void)[] = [];
  private drawing = 0;
  private drawingCount = 0;
  // Why: a 50,000-point chart's SVG is 11 MB; hashing it once per request cost ~70 ms in a large brief.
  private readonly digests = new BoundedCache<string, string>(200);

  private digest(svg: string): string {
    let d = this.digests.get(svg);
    if (!d) {
      d = createHash('sha256').update(svg).digest('hex');
      this.digests.set(svg, d);
    }
    return d;
  }

  private job(svg: string, fonts: RasterFonts, scale: number): Job {
    const used = fonts.fallbacks.filter((f) => svg.includes(`font-family="${f.name}"`));
    const fontFiles = [...new Set([...fonts.main, ...used.flatMap((f) => f.files)])];
    const key = `${this.digest(svg)}\0${scale}\0${fontFiles.join('\0')}\0${fonts.defaultFamily}\0${fonts.background}`;
    return { key, options: { fitTo: { mode: 'zoom', value: scale }, font: { fontFiles, loadSystemFonts: false, defaultFontFamily: fonts.defaultFamily }, background: fonts.background } };
  }

  /** Draws an SVG at `scale`× its size now (or takes the picture drawn ahead); text uses the given fonts, never the machine's. */
  png(svg: string, fonts: RasterFonts, scale = 2): Buffer {
    const { key, options } = this.job(svg, fonts, scale);
    const hit = this.pngs.get(key);
    if (hit) return hit;
    const png = new (resvg().Resvg)(svg, options).render().asPng();
    this.pngs.set(key, png);
    return png;
  }

  /**
   * Starts drawing an SVG on a libuv thread; resolves once `png` of the same SVG will find it. Two small pictures
   * are drawn at once; a big one waits until what is being drawn stays under DRAWING_BYTES. Why not strictly
   * one at a time: the next picture would start only when the main thread is free to start it, and the main
   * thread is busy laying out and writing the memo, so the second core sat idle.
   */
  prefetch(svg: string, fonts: RasterFonts, scale = 2): Promise<void> {
    const { key, options } = this.job(svg, fonts, scale);
    if (this.pngs.has(key)) return Promise.resolve();
    let done = this.pending.get(key);
    if (!done) {
      done = this.room(svg.length)
        .then(() => resvg().renderAsync(svg, options))
        .then((image) => this.pngs.set(key, image.asPng()))
        // A bad SVG is left for png() to draw again, where its error surfaces in order.
        .catch(() => undefined)
        .finally(() => {
          this.pending.delete(key);
          this.drawing -= svg.length;
          this.drawingCount--;
          this.waiting.shift()?.();
        });
      this.pending.set(key, done);
    }
    return done;
  }

  /** Resolves when a picture of `bytes` may start drawing (and counts it as drawing). */
  private room(bytes: number): Promise<void> {
    const start = (resolve: () => void) => {
      this.drawing += bytes;
      this.drawingCount++;
      resolve();
    };
    return new Promise((resolve) => {
      if (this.drawing === 0 || (this.drawing + bytes <= DRAWING_BYTES && this.drawingCount < DRAWING_AT_ONCE && this.waiting.length === 0)) start(resolve);
      else this.waiting.push(() => start(resolve));
    });
  }

  /** Resolves when every picture asked for ahead is drawn. */
  async ready(): Promise<void> {
    await Promise.all(this.pending.values());
  }

  /** Forgets every picture. */
  clear(): void {
    this.pngs.clear();
    this.digests.clear();
  }
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
