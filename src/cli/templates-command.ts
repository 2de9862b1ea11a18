/** `brief templates list|eject` and `brief init`: see which template files win, copy built-ins for editing, start a series. */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BriefError, fileStart } from '../diagnostics/diagnostic.js';
import { resolveTemplates, templateSearchPath, type TemplateKind } from '../5-template/template-engine.js';
import { builtInThemes } from '../2-validate/theme.js';
import { packageRoot } from '../package-root.js';
import { usageError } from './options.js';
import { copySchemas, schemaRef } from './schemas-command.js';
import { readInputSync } from '../1-load/input-files.js';
import { defaultLimits } from '../1-load/limits.js';

const kinds: TemplateKind[] = ['deck', 'memo'];

/** One line per template and partial: its name, which file wins and where that file comes from. */
export function listTemplates(seriesDir: string): string {
  const lines = ['Search order (first match wins):', ...templateSearchPath(seriesDir).map((p, i) => `  ${i + 1}. ${p.dir} (${p.origin})`), ''];
  for (const kind of kinds) {
    lines.push(`${kind}:`);
    for (const t of resolveTemplates(kind, seriesDir)) lines.push(`  ${t.name.padEnd(22)} ${t.origin.padEnd(9)} ${path.relative(process.cwd(), t.file) || t.file}`);
  }
  lines.push('', `themes (built-in): ${builtInThemes().join(', ')}`);
  return lines.join('\n');
}

/** Copies a built-in template or partial (e.g. "bluf-slide" or "deck/bluf-slide") into the series' templates folder. */
export function ejectTemplate(seriesDir: string, name: string): string {
  const [kindPart, namePart] = name.includes('/') ? name.split('/', 2) : [undefined, name];
  const candidates = kinds
    .filter((k) => !kindPart || k === kindPart)
    .flatMap((k) => resolveTemplates(k, path.join(packageRoot, '__none__')).map((t) => ({ ...t, kind: k })))
    .filter((t) => t.name === namePart);
  if (candidates.length !== 1) {
    const all = kinds.flatMap((k) => resolveTemplates(k, path.join(packageRoot, '__none__')).map((t) => `${k}/${t.name}`));
    throw new BriefError([
      {
        severity: 'error',
        rule: 'cli/template',
        position: fileStart('<command line>'),
        message: candidates.length ? `"${name}" is ambiguous; use one of ${candidates.map((c) => `${c.kind}/${c.name}`).join(', ')}` : `no built-in template "${name}" (templates: ${all.join(', ')})`,
      },
    ]);
  }
  const t = candidates[0]!;
  const rel = path.relative(path.join(packageRoot, 'templates'), t.file);
  const dest = path.join(seriesDir, 'templates', rel);
  if (existsSync(dest))
    throw new BriefError([{ severity: 'error', rule: 'cli/template-exists', position: fileStart(dest), message: 'the series already has this file; edit it, or delete it to eject again' }]);
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(t.file, dest);
  return dest;
}

/** What `brief init` may be told: the first edition's id and date (by default, this ISO week and today). */
export interface InitChoice {
  edition?: string;
  date?: string;
}

/** The first edition's id and date from `--edition` and `--date`, kept consistent: a week id and a date in another week are refused. */
export function firstEdition(today: Date, choice: InitChoice = {}): { id: string; date: string } {
  const fail = (message: string): never => {
    throw new BriefError([usageError(message, 'cli/option')]);
  };
  let date: Date | undefined;
  if (choice.date !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(choice.date);
    date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
    if (!date || date.toISOString().slice(0, 10) !== choice.date) return fail(`--date takes a date as YYYY-MM-DD, e.g. 2024-02-01, not "${choice.date}"`);
  }
  if (choice.edition === undefined) {
    const d = date ?? today;
    return { id: isoWeek(d), date: d.toISOString().slice(0, 10) };
  }
  const id = choice.edition;
  if (!/^[0-9A-Za-z][0-9A-Za-z_-]*$/.test(id)) fail(`--edition takes an id of letters, digits, - and _ (usually the ISO week, e.g. 2024-W05), not "${id}"`);
  const week = /^(\d{4})-W(\d{2})$/.exec(id);
  if (!week) return { id, date: (date ?? today).toISOString().slice(0, 10) };
  const monday = weekMonday(Number(week[1]), Number(week[2]));
  if (!monday) return fail(`--edition ${id}: ${week[1]} has no week ${week[2]}`);
  if (date && isoWeek(date) !== id) fail(`--date ${choice.date} is in ${isoWeek(date)}, not in --edition ${id}; give one of them, or a date in that week`);
  // Without --date, an edition dated by its week: the week's Monday.
  return { id, date: (date ?? monday).toISOString().slice(0, 10) };
}

/** Monday of ISO week `week` of `year`, or undefined when the year has no such week. */
function weekMonday(year: number, week: number): Date | undefined {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86400000 + (week - 1) * 7 * 86400000);
  return week >= 1 && isoWeek(monday) === `${year}-W${String(week).padStart(2, '0')}` ? monday : undefined;
}

/**
 * Creates a new series with one edition and its own theme file, which builds as it is. The JSON Schemas are copied
 * into the series (`.briefsmith/schemas/`) and every `$schema` names that copy, so editors keep checking the files
 * when the series or Briefsmith moves.
 */
export function initSeries(dir: string, today = new Date(), choice: InitChoice = {}): string[] {
  const target = path.resolve(dir);
  if (existsSync(path.join(target, 'series.yaml')))
    throw new BriefError([{ severity: 'error', rule: 'cli/init-exists', position: fileStart(path.join(target, 'series.yaml')), message: 'a series already exists here' }]);
  const { id: week, date: iso } = firstEdition(today, choice);
  const ed = path.join(target, 'editions', week);
  const schema = (file: string, name: string) => `$schema: ${schemaRef(target, file, name)}`;
  const edFile = (name: string) => `editions/${week}/${name}.yaml`;
  const files: Record<string, string> = {
    'series.yaml': `${schema('series.yaml', 'series')}\nid: ${
      path
        .basename(target)
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^[^a-z]+/, 's') || 'series'
    }\ntitle: My Weekly Brief\norganisation: My Organisation\ncadence: weekly\ntheme: theme.yaml\nmarking: UNCLASSIFIED\nmemo:\n  for: Distribution\n  from: My Organisation, Analysis Team\n`,
    'theme.yaml': readFileSync(path.join(packageRoot, 'templates', 'themes', 'default.yaml'), 'utf8')
      .replace(/^\$schema: .*$/m, schema('theme.yaml', 'theme'))
      .replace('name: default', 'name: my-theme')
      .replace(/^logo: .*\n/m, ''),
    [edFile('edition')]:
      `${schema(edFile('edition'), 'edition')}\nid: ${week}\ndate: "${iso}"\ntitle: The first edition\nauthors: [Your Name]\nbluf: >-\n  Write the bottom line first: the one thing the reader must take away, in active voice.\n`,
    [edFile('judgments')]:
      `${schema(edFile('judgments'), 'judgments')}\njudgments:\n  - id: first-judgment\n    statement: State the judgment plainly, without hedging words; the likelihood goes below.\n    likelihood: likely\n    confidence: moderate\n    evidence:\n      - text: What the source reports, in one sentence.\n        sources: [example-source]\n    discussion: Why the evidence supports the judgment, and what would change it.\n`,
    [edFile('sources')]:
      `${schema(edFile('sources'), 'sources')}\nsources:\n  - id: example-source\n    publisher: Example Publisher\n    title: Example report title\n    date: "${iso}"\n    reliability: B\n    credibility: 2\n`,
    [edFile('figures')]:
      `${schema(edFile('figures'), 'figures')}\nfigures:\n  - id: example-figure\n    spec: figures/example.vl.json\n    title: An example figure\n    description: Bar chart of example values by category.\n    takeaway: Say in one sentence what the chart shows.\n    sources: [example-source]\n`,
    [`editions/${week}/figures/example.vl.json`]: `${JSON.stringify({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { url: 'example.csv' }, width: 480, height: 220, mark: 'bar', encoding: { x: { field: 'category', type: 'nominal', title: null }, y: { field: 'value', type: 'quantitative', title: 'Value' } } }, null, 2)}\n`,
    [`editions/${week}/figures/example.csv`]: 'category,value,source\nAlpha,12,example-source\nBravo,7,example-source\nCharlie,15,example-source\n',
  };
  mkdirSync(ed, { recursive: true });
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(target, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  }
  written.push(...copySchemas(target));
  return written;
}

/** ISO week id of a date, e.g. 2026-W47. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((t.getTime() - yearStart.getTime()) / 86400000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** `brief templates inspect`: an organisation's template's layouts, their placeholders (inches) and the slide kinds that would use each. */
export async function inspectTemplate(file: string): Promise<string> {
  const { readBaseProfile } = await import('../9-emit/pptx/base-profile.js');
  const { BaseTemplateError } = await import('../9-emit/pptx/base-template.js');
  const { chooseLayout, slideKinds } = await import('../8-layout/deck/base-layouts.js');
  // The one way in: a regular file, within the size limit of a base deck, whatever the name given.
  const read = readInputSync(path.resolve(file), 'base', { roots: [path.dirname(path.resolve(file))], limits: defaultLimits }, file);
  if (!read.ok) throw new BriefError([{ severity: 'error', rule: read.rule, position: fileStart(file), message: read.message }]);
  let profile;
  try {
    profile = await readBaseProfile(read.value);
  } catch (err) {
    if (err instanceof BaseTemplateError) throw new BriefError([{ severity: 'error', rule: 'deck/base', position: fileStart(file), message: err.message }]);
    throw err;
  }
  const users = new Map<string, string[]>();
  for (const kind of slideKinds) {
    const l = chooseLayout(profile, kind);
    users.set(l.part, [...(users.get(l.part) ?? []), kind]);
  }
  const n = (v: number) => v.toFixed(2);
  const lines = [
    `${path.basename(file)}: ${n(profile.width)} × ${n(profile.height)} in, heading face ${profile.fonts.major}, body face ${profile.fonts.minor}`,
    `${profile.layouts.length} layouts (x, y, w, h in inches; text size in points):`,
  ];
  for (const l of profile.layouts) {
    const used = users.get(l.part);
    lines.push('', `${l.name}  (${l.part.replace(/^ppt\//, '')}${l.type ? `, ${l.type}` : ''})${used ? `  ← ${used.join(', ')}` : ''}`);
    for (const p of l.placeholders)
      lines.push(
        `  ${`${p.type}${p.idx !== undefined ? ` idx=${p.idx}` : ''}`.padEnd(16)} ${[p.x, p.y, p.w, p.h].map(n).join(', ').padEnd(26)} ${p.sizes[0]} pt${p.styled ? '' : ' (sample text)'}, ${p.anchor}`,
      );
  }
  return lines.join('\n');
}
