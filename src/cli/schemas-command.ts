/**
 * `brief schemas`: a series keeps its own copy of Briefsmith's JSON Schemas in `.briefsmith/schemas/`, and every
 * `$schema` in its YAML names that copy by a relative path. Why: a path into the tool's install folder broke as soon as
 * the series or the tool moved; a copy inside the series moves with it (and is refreshed after upgrading the tool).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { schemaDir } from '../2-validate/schema-validator.js';

/** Where a series keeps its copy of the schemas. */
export function schemaCopyDir(seriesDir: string): string {
  return path.join(seriesDir, '.briefsmith', 'schemas');
}

/** The `$schema` value for a file of the series: the copy's `<name>.schema.json`, relative to the file, with forward slashes. */
export function schemaRef(seriesDir: string, file: string, name: string): string {
  return path
    .relative(path.dirname(path.resolve(seriesDir, file)), path.join(schemaCopyDir(seriesDir), `${name}.schema.json`))
    .split(path.sep)
    .join('/');
}

/** Copies the built-in schemas into the series; returns the files written (those that were missing or differed). */
export function copySchemas(seriesDir: string): string[] {
  const dest = schemaCopyDir(seriesDir);
  mkdirSync(dest, { recursive: true });
  const written: string[] = [];
  for (const name of readdirSync(schemaDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()) {
    const text = readFileSync(path.join(schemaDir, name), 'utf8');
    const file = path.join(dest, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    writeFileSync(file, text);
    written.push(file);
  }
  return written;
}

// A top-level `$schema:` line naming a local file, e.g. `$schema: ../../.briefsmith/schemas/edition.schema.json`.
const SCHEMA_LINE = /^\$schema:[ \t]*(["']?)([^\s"'#]+)\1[ \t]*$/m;
// Folders of a series that hold no brief YAML: outputs, dependencies, and hidden ones (the schemas' own copy among them).
const SKIP_DIR = /^(\.|node_modules$|output$)/;

/** YAML files of a series, in a stable order. */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIP_DIR.test(entry.name)) out.push(...yamlFiles(file));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) out.push(file);
  }
  return out;
}

/**
 * Points every `$schema` of the series' YAML files that names one of Briefsmith's schemas by a file path (not a URL)
 * at the series' copy; returns the files changed. Series made before the copy existed named the tool's install folder.
 */
export function repointSchemas(seriesDir: string): string[] {
  const names = new Set(readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json')));
  const changed: string[] = [];
  for (const file of yamlFiles(seriesDir)) {
    const text = readFileSync(file, 'utf8');
    const m = SCHEMA_LINE.exec(text);
    if (!m || m[2]!.includes('://') || !names.has(path.posix.basename(m[2]!))) continue;
    const ref = schemaRef(seriesDir, file, path.posix.basename(m[2]!).replace(/\.schema\.json$/, ''));
    if (m[2] === ref) continue;
    writeFileSync(file, `${text.slice(0, m.index)}$schema: ${ref}${text.slice(m.index + m[0].length)}`);
    changed.push(file);
  }
  return changed;
}

/** `brief schemas`: refreshes the series' copy of the schemas and repoints its files at it. */
export function refreshSchemas(seriesDir: string): { copied: string[]; repointed: string[] } {
  return { copied: copySchemas(seriesDir), repointed: repointSchemas(seriesDir) };
}
