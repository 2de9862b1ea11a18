/**
 * Stage 1, load: finds the series and edition folders and parses their YAML
 * files with positions. Nothing is interpreted here; that is validation's job.
 */
import { existsSync, lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { DiagnosticSink, fileStart, BriefError } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import { loadYamlFile, type ParsedFiles, type SourceFile } from './yaml-source.js';
import { packageRoot } from '../package-root.js';
import { defaultLimits, limitsFrom, type Limits } from './limits.js';
import type { InputScope } from './input-files.js';

/** The built-in sample series, built when asked for (`--sample`). */
export const sampleSeriesDir = path.join(packageRoot, 'data', 'dprk-russia-munitions');

/** The raw files of one edition, parsed but not yet validated. */
export interface LoadedBrief {
  seriesDir: string;
  editionDir: string;
  /** Edition ids of the whole series, oldest first. */
  editionIds: string[];
  series: SourceFile;
  edition: SourceFile;
  judgments: SourceFile;
  sources: SourceFile;
  figures?: SourceFile;
  /** Size limits in force for this series. */
  limits: Limits;
  /** Where the brief's files may be read from: its series folder, under its limits. */
  scope: InputScope;
}

/** Where the build should look: a series folder plus one of its editions. */
export interface BuildTarget {
  seriesDir: string;
  editionDir: string;
  editionIds: string[];
}

/** Lists a series' editions (folders under `editions/` holding edition.yaml), oldest first. */
export function listEditions(seriesDir: string): string[] {
  const dir = path.join(seriesDir, 'editions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, 'edition.yaml')))
    .sort();
}

/** A series folder found from a folder in it, and the edition that folder is in, if any. */
export interface FoundSeries {
  seriesDir: string;
  editionDir?: string;
}

/**
 * The series a folder belongs to: the nearest folder at or above `from` that holds series.yaml.
 * When `from` is an edition folder (`editions/<id>/`) or inside one, that edition too.
 */
export function findSeries(from: string): FoundSeries | undefined {
  const start = path.resolve(from);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'series.yaml'))) {
      const [first, id] = path.relative(dir, start).split(path.sep);
      const editionDir = first === 'editions' && id ? path.join(dir, 'editions', id) : undefined;
      return editionDir && existsSync(path.join(editionDir, 'edition.yaml')) ? { seriesDir: dir, editionDir } : { seriesDir: dir };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Resolves a CLI path (a series folder, an edition folder or any folder inside a series; with none, the
 * working directory) and an optional edition id to the folders to build. The built-in sample is built only
 * when named (`--sample` passes sampleSeriesDir).
 */
export function resolveTarget(input: string | undefined, editionId?: string): BuildTarget {
  const given = path.resolve(input ?? process.cwd());
  const fail = (message: string, rule: string): never => {
    throw new BriefError([{ severity: 'error', message, rule, position: fileStart(given) }]);
  };
  if (!existsSync(given) || !statSync(given).isDirectory()) fail(messages.fileMissing(given), 'cli/path');
  let seriesDir: string;
  let editionDir: string | undefined;
  if (existsSync(path.join(given, 'edition.yaml')) && existsSync(path.join(given, '..', '..', 'series.yaml'))) {
    // An edition folder, wherever its series keeps it.
    editionDir = given;
    seriesDir = path.dirname(path.dirname(given));
  } else {
    const found = findSeries(given);
    if (!found) return fail(existsSync(path.join(given, 'edition.yaml')) ? messages.noSeries(given) : messages.noSeriesHere(given), 'cli/no-series');
    ({ seriesDir, editionDir } = found);
  }
  const editionIds = listEditions(seriesDir);
  if (editionId) {
    if (!editionIds.includes(editionId)) fail(messages.unknownEdition(editionId, editionIds), 'cli/unknown-edition');
    editionDir = path.join(seriesDir, 'editions', editionId);
  }
  if (!editionDir) {
    const latest = editionIds.at(-1);
    if (!latest) return fail(messages.noEditions(seriesDir), 'cli/no-editions');
    editionDir = path.join(seriesDir, 'editions', latest);
  }
  return { seriesDir, editionDir, editionIds };
}

/** Parses the series and edition YAML files; every syntax error is collected in `sink`. */
export async function loadBrief(target: BuildTarget, sink: DiagnosticSink, cache?: ParsedFiles): Promise<LoadedBrief> {
  const { seriesDir, editionDir } = target;
  const figuresFile = path.join(editionDir, 'figures.yaml');
  // The series file comes first: it may set the limits the other files are read under.
  const series = await loadYamlFile(path.join(seriesDir, 'series.yaml'), sink, { scope: seriesScope(seriesDir, defaultLimits), cache });
  const limits = limitsFrom((series?.value as { limits?: unknown } | undefined)?.limits);
  const scope = seriesScope(seriesDir, limits);
  const [edition, judgments, sources, figures] = await Promise.all([
    loadYamlFile(path.join(editionDir, 'edition.yaml'), sink, { scope, cache }),
    loadYamlFile(path.join(editionDir, 'judgments.yaml'), sink, { scope, cache }),
    loadYamlFile(path.join(editionDir, 'sources.yaml'), sink, { scope, cache }),
    lstatOrUndefined(figuresFile) ? loadYamlFile(figuresFile, sink, { scope, cache }) : Promise.resolve(undefined),
  ]);
  sink.throwIfErrors();
  return { ...target, limits, scope, series: series!, edition: edition!, judgments: judgments!, sources: sources!, figures };
}

/** What a series may read: files in its own folder, under its limits. */
export function seriesScope(seriesDir: string, limits: Limits): InputScope {
  return { roots: [seriesDir], limits };
}

/** Briefsmith's own files (built-in themes, templates, fonts), read under the series' limits. */
export function builtInScope(limits: Limits): InputScope {
  return { roots: [packageRoot], limits };
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}
