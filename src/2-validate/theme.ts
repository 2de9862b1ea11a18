/**
 * Themes are data: a YAML file of design tokens, checked against its schema,
 * read by every writer. Built-in themes live in templates/themes/.
 */
import { own } from '../util/own.js';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DiagnosticSink, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import { loadYamlFile, type ParsedFiles, type SourceFile } from '../1-load/yaml-source.js';
import { inputRefusal, readInputSync, resolveRef } from '../1-load/input-files.js';
import { defaultLimits, type Limits } from '../1-load/limits.js';
import { validateAgainstSchema, type Schemas } from './schema-validator.js';
import { packageRoot } from '../package-root.js';
import type { FontBook } from '../text/font-book.js';
import type { FontFamily } from '../text/font-set.js';
import { imageProblem } from '../raster/rasterize.js';
import { isOfficeFace } from '../text/office-faces.js';

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
export async function loadTheme(
  nameOrPath: string,
  fromDir: string,
  root: string,
  at: Position,
  sink: DiagnosticSink,
  env: ValidateEnv,
  limits: Limits = defaultLimits,
  overrides?: ThemeOverrides,
): Promise<Theme | undefined> {
  // A theme file of the series reads inside the series; a built-in one inside Briefsmith's themes folder.
  let file: string;
  let themeRoot: string;
  let unknown = false;
  if (/\.ya?ml$/.test(nameOrPath)) {
    const r = resolveRef(root, fromDir, nameOrPath);
    if (!r.ok) {
      sink.error(at, r.message, r.rule);
      return undefined;
    }
    file = r.file;
    themeRoot = root;
  } else {
    // Why go on with the default theme: the series' own tokens (themeOverrides) are still checked in the same run.
    if (!builtInThemes().includes(nameOrPath)) {
      sink.error(at, messages.themeUnknown(nameOrPath, builtInThemes()), 'theme/unknown');
      unknown = true;
    }
    file = path.join(builtInThemeDir, `${unknown ? 'default' : nameOrPath}.yaml`);
    themeRoot = builtInThemeDir;
  }
  const loaded = await loadYamlFile(file, sink, { scope: { roots: [themeRoot], limits }, from: at, cache: env.files, shown: nameOrPath });
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
  // Relative paths (fonts, logo) resolve from the file that wrote them, inside that file's folder.
  const base = (where: (string | number)[]) => (fromOverride(where) ? { dir: overrides!.dir, root: overrides!.root } : { dir: path.dirname(file), root: themeRoot });
  let ok = true;
  const fail = (where: (string | number)[], message: string, rule: string): string => {
    sink.error(source.locate(where), message, rule);
    ok = false;
    return '';
  };
  const fontFile = (ref: string, where: (string | number)[]): string => {
    const resolved = resolveFontRef(ref, base(where));
    if (!resolved.ok) return fail(where, resolved.message, resolved.rule);
    const refused = inputRefusal(resolved.file, 'font', { roots: [resolved.root], limits }, ref);
    if (refused) return fail(where, refused.rule === 'file/missing' ? messages.fontMissing(ref) : refused.message, refused.rule === 'file/missing' ? 'theme/font-missing' : refused.rule);
    // A file that is there but is not a font is the user's mistake too, not a crash later.
    try {
      env.fonts.open(resolved.file);
    } catch (err) {
      return fail(where, messages.fontInvalid(ref, (err as Error).message), 'theme/font-invalid');
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
  // Readers see the deck's and the Word memo's faces only if their office install has them.
  for (const face of ['heading', 'body'] as const)
    if (!isOfficeFace(raw.fonts[face].name)) sink.warn(source.locate(['fonts', face, 'name']), messages.fontNotOnReaders(raw.fonts[face].name), 'theme/font-not-on-readers');
  let logo: string | undefined;
  if (raw.logo) {
    const { dir, root: logoRoot } = base(['logo']);
    const r = resolveRef(logoRoot, dir, raw.logo);
    const read = r.ok ? readInputSync(r.file, 'image', { roots: [logoRoot], limits }, raw.logo) : r;
    if (!read.ok) fail(['logo'], read.message, read.rule === 'file/missing' ? 'theme/logo-missing' : read.rule);
    else {
      const problem = imageProblem(read.file, read.value);
      if (problem) fail(['logo'], `logo ${raw.logo} is ${problem}`, 'theme/logo-invalid');
      else logo = read.file;
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
  return ok && !unknown ? theme : undefined;
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
  return own(theme.banners, marking) ?? { background: '#FFFFFF', text: '#000000' };
}

/** A font named in a theme: a path inside the theme's folder, or `npm:<package>/<file>` inside that installed package. */
function resolveFontRef(ref: string, from: { dir: string; root: string }): { ok: true; file: string; root: string } | { ok: false; message: string; rule: string } {
  if (ref.startsWith('npm:')) {
    const spec = ref.slice(4);
    // Why so strict: require.resolve takes absolute paths and "..", which would read any file on the disk.
    const m = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)\/([\w .@+-]+\/)*[\w .@+-]+\.(ttf|otf|ttc|woff2?)$/i.exec(spec);
    if (!m || spec.split('/').includes('..')) return { ok: false, message: messages.fontNpmRef(ref), rule: 'theme/font-ref' };
    let file: string;
    try {
      file = requireFromHere.resolve(spec);
    } catch {
      return { ok: false, message: messages.fontMissing(ref), rule: 'theme/font-missing' };
    }
    const marker = `${path.sep}node_modules${path.sep}${m[1]!.split('/').join(path.sep)}${path.sep}`;
    const at = file.lastIndexOf(marker);
    if (at < 0) return { ok: false, message: messages.fontNpmRef(ref), rule: 'theme/font-ref' };
    return { ok: true, file, root: file.slice(0, at + marker.length - 1) };
  }
  const r = resolveRef(from.root, from.dir, ref);
  return r.ok ? { ok: true, file: r.file, root: from.root } : r;
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

/** Open twins of office faces, by npm package and file stem: what a template's faces are measured with. */
const twinFiles: Record<string, { pkg: string; stem: string }> = {
  calibri: { pkg: 'carlito', stem: 'Carlito' },
  cambria: { pkg: 'caladea', stem: 'Caladea' },
  arial: { pkg: 'arimo', stem: 'Arimo' },
  'times new roman': { pkg: 'tinos', stem: 'Tinos' },
};

/**
 * The font files a template's face is measured with: its metric-compatible twin (Calibri → Carlito, Cambria →
 * Caladea, Arial → Arimo, Times New Roman → Tinos), exact; any other face the nearest twin (serif faces Tinos,
 * the rest Arimo), not exact, so the layout leaves room. The family keeps the template's face name.
 */
export function templateFaceFiles(name: string): { family: FontFamily; exact: boolean } {
  const key = name.trim().toLowerCase();
  const exact = twinFiles[key];
  const serif = /serif|times|roman|georgia|garamond|cambria|book|minion|palatino|caslon|baskerville/.test(key) && !/sans/.test(key);
  // A face of the same family (Calibri Light, Arial Narrow) is nearest to its family's twin.
  const family = Object.keys(twinFiles).find((k) => key.startsWith(`${k} `));
  const twin = exact ?? (family ? twinFiles[family]! : serif ? twinFiles['times new roman']! : twinFiles['arial']!);
  const file = (style: string, suffix: string) => requireFromHere.resolve(`@expo-google-fonts/${twin.pkg}/${style}/${twin.stem}_${suffix}.ttf`);
  return {
    family: {
      name,
      regular: file('400Regular', '400Regular'),
      bold: file('700Bold', '700Bold'),
      italic: file('400Regular_Italic', '400Regular_Italic'),
      boldItalic: file('700Bold_Italic', '700Bold_Italic'),
    },
    exact: !!exact,
  };
}
