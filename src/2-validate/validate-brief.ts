/**
 * Stage 2, validate: checks every file against its schema, then the links
 * between files (ids, citations, figure paths), and returns the normalized brief.
 * All problems are collected before failing once.
 */
import path from 'node:path';
import { DiagnosticSink, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import type { LoadedBrief } from '../1-load/load-brief.js';
import type { SourceFile } from '../1-load/yaml-source.js';
import { inputRefusal, resolveRef } from '../1-load/input-files.js';
import { validateAgainstSchema } from './schema-validator.js';
import { normalizeLikelihood, type Confidence } from './estimative.js';
import { loadTheme, type ValidateEnv } from './theme.js';
import type { Brief, Evidence, Figure, Judgment, Source } from './brief.js';
import type { Theme } from './theme.js';

interface WrittenSeries {
  id: string;
  title: string;
  shortTitle?: string;
  organisation: string;
  cadence?: string;
  language?: string;
  theme?: string;
  marking?: string;
  memo?: { for?: string; from?: string; pdfa?: boolean; formats?: ('pdf' | 'docx')[] };
  themeOverrides?: Record<string, unknown>;
  indicators?: { id: string; title: string; unit: string; description?: string; takeaway?: string; scale?: 'linear' | 'log'; releasableTo?: string[] }[];
  lint?: { disable?: string[]; maxSourceAgeDays?: number; portionMarks?: 'required' | 'optional' };
  deck?: { base?: string; layouts?: Record<string, string> };
}
interface WrittenEdition {
  id: string;
  date: string;
  title: string;
  subject?: string;
  authors: string[];
  audience?: string;
  marking?: string;
  bluf: string;
  outlook?: string[];
  datasets?: Record<string, Record<string, unknown>[]>;
  indicators?: Record<string, { low: number; high?: number; sources: string[]; note?: string; releasableTo?: string[] }>;
  changeNotes?: { judgments?: Record<string, string>; sources?: Record<string, string>; figures?: Record<string, string> };
}
interface WrittenJudgment {
  id: string;
  statement: string;
  likelihood: string;
  confidence: Confidence;
  evidence: { text: string; sources: string[]; releasableTo?: string[] }[];
  discussion?: string;
  releasableTo?: string[];
  portion?: string;
  lintIgnore?: string[];
}
interface WrittenSource {
  id: string;
  publisher: string;
  title: string;
  date?: string;
  url?: string;
  reliability: string;
  credibility: number;
  note?: string;
  lintIgnore?: string[];
}
interface WrittenFigure {
  id: string;
  spec: string;
  title: string;
  description?: string;
  takeaway: string;
  points?: string[];
  sourceLine?: string;
  sources: string[];
  render?: Figure['render'];
  releasableTo?: string[];
  quotes?: { unit: string; fields: string[]; scale?: number }[];
  lintIgnore?: string[];
}

/** What of a brief with errors can still be checked by later stages: the figures, theme and datasets that are valid. */
export interface BriefParts {
  figures: Figure[];
  /** Undefined when the theme has errors (or series.yaml cannot name one). */
  theme?: Theme;
  /** Undefined when edition.yaml has errors, so charts reading a dataset cannot be checked. */
  datasets?: Record<string, Record<string, unknown>[]>;
  dir: string;
  limits: LoadedBrief['limits'];
}

/**
 * Validates the loaded files and returns the normalized brief, or throws a BriefError with every problem.
 * Before throwing, `checkParts` is given the parts that are valid (the figures, say, when only judgments.yaml
 * has errors), so later stages can check them too and one run reports every problem.
 */
export async function validateBrief(loaded: LoadedBrief, sink: DiagnosticSink, env: ValidateEnv, checkParts?: (parts: BriefParts) => Promise<void>): Promise<Brief> {
  const files: [Parameters<typeof validateAgainstSchema>[0], SourceFile | undefined][] = [
    ['series', loaded.series],
    ['edition', loaded.edition],
    ['judgments', loaded.judgments],
    ['sources', loaded.sources],
    ['figures', loaded.figures],
  ];
  const invalid = new Set(files.filter(([name, file]) => file && !validateAgainstSchema(name, file, sink, env.schemas)).map(([name]) => name));
  // Why: links between files are checked even when a schema failed, so one run reports every problem; but not
  // against a file that failed, whose every citation would otherwise be reported as unknown.
  checkCrossReferences(loaded, sink, invalid);
  const count = (file: SourceFile | undefined, key: string) => {
    const v = (file?.value as Record<string, unknown> | undefined)?.[key];
    return Array.isArray(v) ? v.length : 0;
  };
  const nJ = count(loaded.judgments, 'judgments');
  if (nJ > loaded.limits.maxJudgments) sink.error(loaded.judgments.locate(['judgments']), messages.tooMany('judgments', nJ, loaded.limits.maxJudgments, 'maxJudgments'), 'limits/judgments');
  const nF = count(loaded.figures, 'figures');
  if (nF > loaded.limits.maxFigures) sink.error(loaded.figures!.locate(['figures']), messages.tooMany('figures', nF, loaded.limits.maxFigures, 'maxFigures'), 'limits/figures');
  // Why go on after errors: every file that is valid is still read below (and its theme and charts checked), each
  // part only from a file whose schema passed, so one run reports every problem; the brief is returned only if none.
  const tooMany = nJ > loaded.limits.maxJudgments || nF > loaded.limits.maxFigures;
  const valid = (name: Parameters<typeof validateAgainstSchema>[0]) => !invalid.has(name) && !tooMany;

  const s = (valid('series') ? loaded.series.value : {}) as WrittenSeries;
  const e = (valid('edition') ? loaded.edition.value : {}) as WrittenEdition;
  const marking = e.marking ?? s.marking ?? 'UNCLASSIFIED';

  const overrides = isPlainObject(s.themeOverrides) ? { value: s.themeOverrides, source: loaded.series, path: ['themeOverrides'], dir: loaded.seriesDir, root: loaded.seriesDir } : undefined;
  let deckBase: Brief['series']['deckBase'];
  if (typeof s.deck?.base === 'string') {
    const at = loaded.series.locate(['deck', 'base']);
    const r = resolveRef(loaded.seriesDir, loaded.seriesDir, s.deck.base);
    const refused = r.ok ? inputRefusal(r.file, 'base', loaded.scope, s.deck.base) : r;
    if (refused) sink.error(at, refused.message, refused.rule === 'file/missing' ? 'deck/base-missing' : refused.rule);
    else if (r.ok) deckBase = { file: r.file, layouts: s.deck.layouts ?? {}, position: at };
  }
  const written = loaded.series.value as { theme?: unknown; themeOverrides?: unknown } | undefined;
  // The theme is checked even when series.yaml has other errors, as long as it names one.
  const themeName = valid('series') ? (s.theme ?? 'default') : typeof written?.theme === 'string' ? written.theme : written?.theme === undefined ? 'default' : undefined;
  const themeOverrides =
    !valid('series') && isPlainObject(written?.themeOverrides)
      ? { value: written.themeOverrides, source: loaded.series, path: ['themeOverrides'], dir: loaded.seriesDir, root: loaded.seriesDir }
      : undefined;
  const theme =
    themeName === undefined ? undefined : await loadTheme(themeName, loaded.seriesDir, loaded.seriesDir, loaded.series.locate(['theme']), sink, env, loaded.limits, overrides ?? themeOverrides);

  // Why: a folder copied from last week with its id left unchanged would overwrite last week's outputs.
  const folder = path.basename(loaded.editionDir);
  if (valid('edition') && e.id !== folder) sink.error(loaded.edition.locate(['id']), messages.editionIdFolder(e.id, folder), 'edition/id-folder');
  const errorsBeforeData = sink.items.length;
  checkFiniteData(e.datasets ?? {}, (p) => loaded.edition.locate(['datasets', ...p]), sink);
  checkDatasetColumns(e.datasets ?? {}, (p) => loaded.edition.locate(['datasets', ...p], { key: true }), sink);

  // Sources first: judgments and figures cite them.
  const sourceFile = loaded.sources;
  const sources: Source[] = (valid('sources') ? (sourceFile.value as { sources: WrittenSource[] }).sources : []).map((src, i) => {
    const position = sourceFile.locate(['sources', i, 'id']);
    return {
      id: src.id,
      number: i + 1,
      publisher: src.publisher,
      title: src.title,
      date: src.date,
      url: src.url,
      reliability: src.reliability,
      credibility: src.credibility,
      grade: `${src.reliability}${src.credibility}`,
      note: src.note,
      lintIgnore: src.lintIgnore ?? [],
      position,
    };
  });
  const jf = loaded.judgments;
  const judgments: Judgment[] = (valid('judgments') ? (jf.value as { judgments: WrittenJudgment[] }).judgments : []).map((j, i) => {
    const position = jf.locate(['judgments', i, 'id']);
    const evidence: Evidence[] = j.evidence.map((ev, k) => {
      return { text: ev.text, sourceIds: ev.sources, releasableTo: ev.releasableTo ?? [], position: jf.locate(['judgments', i, 'evidence', k]) };
    });
    const { canonical, rank } = normalizeLikelihood(j.likelihood);
    return {
      id: j.id,
      number: i + 1,
      statement: j.statement,
      likelihood: j.likelihood,
      likelihoodCanonical: canonical,
      likelihoodRank: rank,
      confidence: j.confidence,
      evidence,
      discussion: j.discussion,
      releasableTo: j.releasableTo ?? [],
      portion: j.portion,
      lintIgnore: j.lintIgnore ?? [],
      at: {
        statement: jf.locate(['judgments', i, 'statement']),
        discussion: j.discussion ? jf.locate(['judgments', i, 'discussion']) : undefined,
        evidence: j.evidence.map((_, k) => jf.locate(['judgments', i, 'evidence', k, 'text'])),
      },
      position,
    };
  });

  const figures: Figure[] = [];
  if (loaded.figures && valid('figures')) {
    const ff = loaded.figures;
    (ff.value as { figures: WrittenFigure[] }).figures.forEach((f, i) => {
      const position = ff.locate(['figures', i, 'id']);
      const spec = resolveRef(loaded.seriesDir, path.dirname(ff.file), f.spec);
      const refused = spec.ok ? inputRefusal(spec.file, 'spec', loaded.scope, f.spec) : spec;
      if (refused || !spec.ok) {
        if (refused) sink.error(ff.locate(['figures', i, 'spec']), refused.message, refused.rule === 'file/missing' ? 'figure/spec-missing' : refused.rule);
        return;
      }
      figures.push({
        id: f.id,
        number: figures.length + 1,
        specFile: spec.file,
        title: f.title,
        description: f.description,
        takeaway: f.takeaway,
        points: f.points ?? [],
        ...(f.sourceLine ? { sourceLine: f.sourceLine } : {}),
        sourceIds: f.sources,
        render: f.render ?? 'auto',
        releasableTo: f.releasableTo ?? [],
        quotes: (f.quotes ?? []).map((q) => ({ unit: q.unit, fields: q.fields, scale: q.scale ?? 1 })),
        lintIgnore: f.lintIgnore ?? [],
        takeawayAt: ff.locate(['figures', i, 'takeaway']),
        at: { points: (f.points ?? []).map((_, k) => ff.locate(['figures', i, 'points', k])) },
        position,
      });
    });
  }
  // Charts are not checked against datasets with errors: each would report the same value again.
  const datasetsOk = valid('edition') && !sink.items.slice(errorsBeforeData).some((d) => d.severity === 'error' && d.rule.startsWith('data/'));
  if (sink.hasErrors && checkParts) await checkParts({ figures, theme, ...(datasetsOk ? { datasets: e.datasets ?? {} } : {}), dir: loaded.seriesDir, limits: loaded.limits });
  sink.throwIfErrors();

  return {
    series: {
      id: s.id,
      title: s.title,
      shortTitle: s.shortTitle ?? s.title,
      organisation: s.organisation,
      cadence: s.cadence ?? 'weekly',
      language: s.language ?? 'en-US',
      marking: s.marking ?? 'UNCLASSIFIED',
      memoFor: s.memo?.for ?? 'DISTRIBUTION',
      memoFrom: s.memo?.from ?? s.organisation,
      pdfa: s.memo?.pdfa ?? false,
      memoFormats: s.memo?.formats ?? ['pdf'],
      indicators: (s.indicators ?? []).map((ind, i) => ({ ...ind, scale: ind.scale ?? 'linear', releasableTo: ind.releasableTo ?? [], position: loaded.series.locate(['indicators', i, 'id']) })),
      dir: loaded.seriesDir,
      limits: loaded.limits,
      deckBase,
      lint: { disable: s.lint?.disable ?? [], maxSourceAgeDays: s.lint?.maxSourceAgeDays ?? 400, portionMarks: s.lint?.portionMarks ?? 'required', position: loaded.series.locate(['lint']) },
    },
    edition: {
      id: e.id,
      date: e.date,
      title: e.title,
      subject: e.subject ?? e.title,
      authors: e.authors,
      audience: e.audience ?? 'General',
      marking,
      bluf: e.bluf,
      outlook: e.outlook ?? [],
      datasets: e.datasets ?? {},
      indicators: Object.fromEntries(Object.entries(e.indicators ?? {}).map(([id, v]) => [id, { low: v.low, high: v.high, sourceIds: v.sources, note: v.note, releasableTo: v.releasableTo ?? [] }])),
      changeNotes: { judgments: e.changeNotes?.judgments ?? {}, sources: e.changeNotes?.sources ?? {}, figures: e.changeNotes?.figures ?? {} },
      dir: loaded.editionDir,
      position: loaded.edition.locate([]),
      blufPosition: loaded.edition.locate(['bluf']),
    },
    judgments,
    sources,
    figures,
    theme: theme!,
    editionIds: loaded.editionIds,
  };
}

/** Duplicate ids and citations of unknown sources, read defensively from the raw files. */
function checkCrossReferences(loaded: LoadedBrief, sink: DiagnosticSink, invalid: ReadonlySet<string>): void {
  const list = (file: SourceFile | undefined, key: string): Record<string, unknown>[] => {
    const v = (file?.value as Record<string, unknown> | undefined)?.[key];
    return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];
  };
  const ids = (kind: string, file: SourceFile | undefined, key: string): Map<string, Position> => {
    const seen = new Map<string, Position>();
    list(file, key).forEach((item, i) => {
      if (typeof item.id === 'string') checkUnique(kind, item.id, file!.locate([key, i, 'id']), seen, sink);
    });
    return seen;
  };
  const sourceIds = ids('source', loaded.sources, 'sources');
  ids('judgment', loaded.judgments, 'judgments');
  ids('figure', loaded.figures, 'figures');
  const known = [...sourceIds.keys()];
  const checkCites = (cites: unknown, file: SourceFile, where: (string | number)[]): void => {
    if (!Array.isArray(cites) || invalid.has('sources')) return;
    cites.forEach((id, k) => {
      if (typeof id === 'string' && !sourceIds.has(id)) sink.error(file.locate([...where, k]), messages.unknownSource(id, known), 'ref/unknown-source');
    });
  };
  list(loaded.judgments, 'judgments').forEach((j, i) => {
    if (Array.isArray(j.evidence))
      j.evidence.forEach((ev: unknown, k: number) => checkCites((ev as { sources?: unknown } | null)?.sources, loaded.judgments, ['judgments', i, 'evidence', k, 'sources']));
  });
  list(loaded.figures, 'figures').forEach((f, i) => checkCites(f.sources, loaded.figures!, ['figures', i, 'sources']));
  const declared = new Set(list(loaded.series, 'indicators').map((ind) => String(ind.id)));
  const values = (loaded.edition.value as { indicators?: Record<string, { sources?: unknown }> } | undefined)?.indicators;
  if (values && typeof values === 'object') {
    for (const [id, v] of Object.entries(values)) {
      if (!declared.has(id) && !invalid.has('series')) sink.error(loaded.edition.locate(['indicators', id], { key: true }), messages.unknownIndicator(id, [...declared]), 'ref/unknown-indicator');
      checkCites(v?.sources, loaded.edition, ['indicators', id, 'sources']);
    }
  }
}

function checkUnique(kind: string, id: string, position: Position, seen: Map<string, Position>, sink: DiagnosticSink): void {
  const first = seen.get(id);
  if (first) {
    const where = first.file === position.file ? `line ${first.line}` : `${path.basename(first.file)} line ${first.line}`;
    sink.error(position, messages.duplicateId(kind, id, where), `ref/duplicate-${kind}`);
  } else {
    seen.set(id, position);
  }
}

/** Numbers in the edition's datasets must be finite: YAML's .inf and .nan would be drawn as 0 or not at all. */
function checkFiniteData(datasets: Record<string, Record<string, unknown>[]>, at: (p: (string | number)[]) => Position, sink: DiagnosticSink): void {
  for (const [name, rows] of Object.entries(datasets)) {
    if (!Array.isArray(rows)) continue;
    rows.forEach((row, i) => {
      for (const [key, v] of Object.entries(row ?? {})) if (typeof v === 'number' && !Number.isFinite(v)) sink.error(at([name, i, key]), messages.notFinite(key, v), 'data/not-finite');
    });
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A key in one row of a dataset that no other row has. Why: `{ ship: Maersk, Hapag-Lloyd, n: 3 }` is valid YAML
 * that silently makes "Hapag-Lloyd" a key with no value; with no value it is an error (quote the value), with one it
 * is a warning (a misspelt column, say, which the chart would read as missing).
 */
function checkDatasetColumns(datasets: Record<string, Record<string, unknown>[]>, at: (p: (string | number)[]) => Position, sink: DiagnosticSink): void {
  for (const [name, rows] of Object.entries(datasets)) {
    if (!Array.isArray(rows) || rows.length < 2) continue;
    const count = new Map<string, number>();
    for (const row of rows) for (const k of Object.keys(row ?? {})) count.set(k, (count.get(k) ?? 0) + 1);
    rows.forEach((row, i) => {
      const entries = Object.entries(row ?? {});
      entries.forEach(([key, value], k) => {
        if (key === 'releasableTo' || (count.get(key) ?? 0) > 1) return;
        const columns = [...count.keys()].filter((c) => c !== 'releasableTo' && (count.get(c) ?? 0) > 1);
        const before = entries[k - 1];
        if (value === null && before && typeof before[1] === 'string') sink.error(at([name, i, key]), messages.datasetStrayKey(key, name, i + 1, before[0], before[1]), 'data/unquoted-comma');
        else sink.warn(at([name, i, key]), messages.datasetStrayColumn(key, name, i + 1, columns), 'data/stray-column');
      });
    });
  }
}
