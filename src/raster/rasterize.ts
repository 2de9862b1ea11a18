/** Chart SVG → PNG with resvg (used only here), given the theme's font files so text is drawn. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Resvg, ResvgRenderOptions } from '@resvg/resvg-js';
import { BoundedCache } from '../util/bounded-cache.js';

type ResvgModule = typeof import('@resvg/resvg-js');

/** resvg, loaded on first use. Why: it is a native addon, which a V8 start-up snapshot (src/bin/snapshot.ts) cannot hold. */
function resvg(): ResvgModule {
  return createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
}

/** A picture resvg could not draw: it failed, or crashed in a process of its own. The caller reports it at its chart. */
export class PictureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PictureError';
  }
}

/** Attributes that make resvg draw an element on a layer of its own (the only drawing that can crash it). */
const LAYERED = /\s(?:opacity|clip-path|mask|filter)="/;

/**
 * True when resvg can draw the SVG in this process. Why ask: resvg 2.6 panics, and a panic in a native addon
 * aborts the whole process, when an element drawn on a layer (with opacity, a clip, a mask or a filter) lies
 * wholly outside the picture (a map projected off the chart, for one). Content inside the picture is safe.
 */
function drawableHere(svg: string, options: ResvgRenderOptions, tree?: Resvg): boolean {
  if (!LAYERED.test(svg)) return true;
  const t = tree ?? new (resvg().Resvg)(svg, options);
  const b = t.getBBox();
  return !b || (b.x >= -1 && b.y >= -1 && b.x + b.width <= t.width + 1 && b.y + b.height <= t.height + 1);
}

/**
 * Moves `opacity` on single shapes and text into their fill and stroke opacity, so resvg draws them without a
 * layer (exact for a shape with a fill or a stroke; for one with both, the stroke no longer shows the fill under it).
 */
export function opacityWithoutLayers(svg: string): string {
  return svg.replace(/<(path|rect|circle|ellipse|line|polyline|polygon|text)\b[^>]*>/g, (tag) => {
    const m = /\sopacity="([\d.eE+-]+)"/.exec(tag);
    if (!m) return tag;
    const a = Number(m[1]);
    if (!Number.isFinite(a)) return tag;
    let out = tag.replace(m[0], '');
    for (const kind of ['fill', 'stroke']) {
      const own = new RegExp(`\\s${kind}-opacity="([\\d.eE+-]+)"`).exec(out);
      const value = String(+(a * (own ? Number(own[1]) : 1)).toFixed(4));
      out = own ? out.replace(own[0], ` ${kind}-opacity="${value}"`) : out.replace(/^<\w+/, (name) => `${name} ${kind}-opacity="${value}"`);
    }
    return out;
  });
}

/** Draws an SVG in a process of its own, so that a crash of resvg fails this picture and not the build. */
function drawApart(svg: string, options: ResvgRenderOptions): Buffer {
  const code =
    "const c=[];process.stdin.on('data',(d)=>c.push(d)).on('end',()=>{const {svg,options}=JSON.parse(Buffer.concat(c).toString('utf8'));" +
    'process.stdout.write(new (require(process.argv[1]).Resvg)(svg,options).render().asPng());});';
  const r = spawnSync(process.execPath, ['-e', code, createRequire(import.meta.url).resolve('@resvg/resvg-js')], {
    input: JSON.stringify({ svg: opacityWithoutLayers(svg), options }),
    maxBuffer: 1 << 30,
    timeout: 300_000,
  });
  if (r.status === 0 && r.stdout.length > 0) return r.stdout;
  const why = /panicked at[^\n]*\n([^\n]+)/.exec(r.stderr?.toString('utf8') ?? '')?.[1] ?? r.error?.message ?? `it stopped with ${r.signal ?? `exit code ${r.status}`}`;
  throw new PictureError(`resvg, which draws chart pictures, crashed drawing this chart (${why.trim()}); a mark probably lies far outside the chart's area`);
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
    let png: Buffer;
    try {
      const tree = new (resvg().Resvg)(svg, options);
      png = drawableHere(svg, options, tree) ? tree.render().asPng() : drawApart(svg, options);
    } catch (err) {
      throw err instanceof PictureError ? err : new PictureError(`resvg could not draw this chart: ${(err as Error).message.split('\n')[0]}`);
    }
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
        // A picture resvg could crash on is left for png() to draw in a process of its own.
        .then(() => (drawableHere(svg, options) ? resvg().renderAsync(svg, options) : undefined))
        .then((image) => image && this.pngs.set(key, image.asPng()))
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
