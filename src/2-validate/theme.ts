/**
 * Themes are data: a YAML file of design tokens, checked against its schema,
 * read by every writer. Built-in themes live in templates/themes/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DiagnosticSink, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import { loadYamlFile, type ParsedFiles, type SourceFile } from '../1-load/yaml-source.js';
import { resolveInside } from '../1-load/sandbox.js';
import { validateAgainstSchema, type Schemas } from './schema-validator.js';
import { packageRoot } from '../package-root.js';
import type { FontBook } from '../text/font-book.js';
import type { FontFamily } from '../text/font-set.js';
import { imageProblem } from '../raster/rasterize.js';

export type { FontFamily };

/** What validation needs from its build context: compiled schemas, the font book, and parsed files. */
export interface ValidateEnv {
  schemas: Schemas;
  fonts: FontBook;
  files?: ParsedFiles;
}

/** Colors of one marking banner. */
export interface BannerColors {
  background: string;
  text: string;
}

/** A normalized theme: every token present. */
export interface Theme {
  name: string;
  file: string;
  /** Absolute path of the logo (SVG or PNG), if the theme has one. */
  logo?: string;
  colors: {
    primary: string;
    accent: string;
    text: string;
    muted: string;
    background: string;
    panel: string;
    rule: string;
    chart: string[];
  };
  fonts: { heading: FontFamily; body: FontFamily; fallbacks: FontFamily[] };
  sizes: { slideTitle: number; slideBody: number; slideBodyMin: number; memoBody: number; memoHeading: number; chart: number };
  slide: '16:9' | '4:3';
  page: 'LETTER' | 'A4';
  banners: Record<string, BannerColors>;
  chips: { likelihood: string; confidence: { high: string; moderate: string; low: string } };
}

/** Folder of the built-in themes. */
export const builtInThemeDir = path.join(packageRoot, 'templates', 'themes');

/** Names of the built-in themes. */
export function builtInThemes(): string[] {
  return readdirSync(builtInThemeDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

const requireFromHere = createRequire(path.join(packageRoot, 'package.json'));

/**
 * Loads a theme by built-in name or by path (relative to `fromDir`, inside `root`).
 * Problems are reported at `at` (where the theme is named) or inside the theme file.
 */
export async function loadTheme(nameOrPath: string, fromDir: string, root: string, at: Position, sink: DiagnosticSink, env: ValidateEnv, overrides?: ThemeOverrides): Promise<Theme | undefined> {
  let file: string;
  let sandboxRoot: string | undefined;
  if (/\.ya?ml$/.test(nameOrPath)) {
    const r = resolveInside(root, fromDir, nameOrPath);
    if (!r.ok) {
      sink.error(at, r.message, r.rule);
      return undefined;
    }
    file = r.file;
    sandboxRoot = root;
  } else {
    file = path.join(builtInThemeDir, `${nameOrPath}.yaml`);
    if (!existsSync(file)) {
      sink.error(at, messages.themeUnknown(nameOrPath, builtInThemes()), 'theme/unknown');
      return undefined;
    }
  }
  const loaded = await loadYamlFile(file, sink, at, undefined, env.files);
  if (!loaded) return undefined;
  // Single tokens overridden by the series are merged in before validation; each value is located where it was written.
  const fromOverride = (p: ReadonlyArray<string | number>) => overrides !== undefined && hasPath(overrides.value, p);
  const source: SourceFile = overrides
    ? {
        file,
        value: deepMerge(loaded.value, overrides.value),
        locate: (p, o) => (fromOverride(p) ? overrides.source.locate([...overrides.path, ...p], o) : loaded.locate(p, o)),
      }
    : loaded;
  if (!validateAgainstSchema('theme', source, sink, env.schemas)) return undefined;
  const raw = source.value as WrittenTheme;
  const dir = path.dirname(file);
  let ok = true;
  const fontFile = (ref: string, where: (string | number)[]): string => {
    const resolved = fromOverride(where) ? resolveFontRef(ref, overrides!.dir, overrides!.root) : resolveFontRef(ref, dir, sandboxRoot);
    if ('error' in resolved) {
      sink.error(source.locate(where), resolved.error, resolved.rule);
      ok = false;
      return '';
    }
    // A file that is there but is not a font is the user's mistake too, not a crash later.
    try {
      env.fonts.open(resolved.file);
    } catch (err) {
      sink.error(source.locate(where), messages.fontInvalid(ref, (err as Error).message), 'theme/font-invalid');
      ok = false;
      return '';
    }
    return resolved.file;
  };
  const family = (f: WrittenFamily, where: (string | number)[]): FontFamily => {
    const regular = fontFile(f.regular, [...where, 'regular']);
    const bold = f.bold ? fontFile(f.bold, [...where, 'bold']) : regular;
    const italic = f.italic ? fontFile(f.italic, [...where, 'italic']) : regular;
    const boldItalic = f.boldItalic ? fontFile(f.boldItalic, [...where, 'boldItalic']) : bold;
    return { name: f.name, regular, bold, italic, boldItalic };
  };
  let logo: string | undefined;
  if (raw.logo) {
    const r = fromOverride(['logo'])
      ? resolveInside(overrides!.root, overrides!.dir, raw.logo)
      : sandboxRoot
        ? resolveInside(sandboxRoot, dir, raw.logo)
        : { ok: true as const, file: path.resolve(dir, raw.logo) };
    if (!r.ok) {
      sink.error(source.locate(['logo']), r.message, r.rule);
      ok = false;
    } else if (!existsSync(r.file)) {
      sink.error(source.locate(['logo']), messages.fileMissing(raw.logo), 'theme/logo-missing');
      ok = false;
    } else {
      const problem = imageProblem(r.file, readFileSync(r.file));
      if (problem) {
        sink.error(source.locate(['logo']), `logo ${path.basename(r.file)} is ${problem}`, 'theme/logo-invalid');
        ok = false;
      } else logo = r.file;
    }
  }
  const theme: Theme = {
    name: raw.name,
    file,
    logo,
    colors: { ...raw.colors, panel: raw.colors.panel ?? '#F2F2F2' },
    fonts: {
      heading: family(raw.fonts.heading, ['fonts', 'heading']),
      body: family(raw.fonts.body, ['fonts', 'body']),
      fallbacks: (raw.fonts.fallbacks ?? []).map((f, i) => family(f, ['fonts', 'fallbacks', i])),
    },
    sizes: { slideTitle: 28, slideBody: 18, slideBodyMin: 13, memoBody: 10.5, memoHeading: 12, chart: 11, ...raw.sizes },
    slide: raw.slide ?? '16:9',
    page: raw.page ?? 'LETTER',
    banners: raw.banners ?? {},
    chips: {
      likelihood: raw.chips?.likelihood ?? raw.colors.primary,
      confidence: { high: '#2E7D32', moderate: '#B7791F', low: '#B5452B', ...raw.chips?.confidence },
    },
  };
  return ok ? theme : undefined;
}

/** Theme tokens a series overrides (series.yaml `themeOverrides`), with where they were written. */
export interface ThemeOverrides {
  value: Record<string, unknown>;
  source: SourceFile;
  /** Path of the overrides inside `source`. */
  path: (string | number)[];
  /** Folder that relative paths in the overrides (fonts, logo) are resolved from, inside `root`. */
  dir: string;
  root: string;
}

function hasPath(obj: unknown, p: ReadonlyArray<string | number>): boolean {
  let cur: unknown = obj;
  for (const k of p) {
    if (!cur || typeof cur !== 'object' || !(String(k) in (cur as object))) return false;
    cur = (cur as Record<string, unknown>)[String(k)];
  }
  return true;
}

/** Deep merge of plain objects; arrays and scalars in `over` replace those in `base`. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!over || typeof over !== 'object' || Array.isArray(over) || !base || typeof base !== 'object' || Array.isArray(base)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
  return out;
}

/** Banner colors for a marking, with a neutral default for markings the theme does not list. */
export function bannerColors(theme: Theme, marking: string): BannerColors {
  return theme.banners[marking] ?? { background: '#FFFFFF', text: '#000000' };
}

function resolveFontRef(ref: string, dir: string, sandboxRoot: string | undefined): { file: string } | { error: string; rule: string } {
  if (ref.startsWith('npm:')) {
    try {
      return { file: requireFromHere.resolve(ref.slice(4)) };
    } catch {
      return { error: messages.fontMissing(ref), rule: 'theme/font-missing' };
    }
  }
  if (sandboxRoot) {
    const r = resolveInside(sandboxRoot, dir, ref);
    if (!r.ok) return { error: r.message, rule: r.rule };
    if (!existsSync(r.file)) return { error: messages.fontMissing(ref), rule: 'theme/font-missing' };
    return { file: r.file };
  }
  const file = path.resolve(dir, ref);
  return existsSync(file) ? { file } : { error: messages.fontMissing(ref), rule: 'theme/font-missing' };
}

interface WrittenFamily {
  name: string;
  regular: string;
  bold?: string;
  italic?: string;
  boldItalic?: string;
}

interface WrittenTheme {
  name: string;
  logo?: string;
  colors: Theme['colors'] & { panel?: string };
  fonts: { heading: WrittenFamily; body: WrittenFamily; fallbacks?: WrittenFamily[] };
  sizes?: Partial<Theme['sizes']>;
  slide?: Theme['slide'];
  page?: Theme['page'];
  banners?: Record<string, BannerColors>;
  chips?: { likelihood?: string; confidence?: Partial<Theme['chips']['confidence']> };
}
