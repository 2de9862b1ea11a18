/**
 * Every user-facing message, as functions (Vega-Lite's log/message.ts habit):
 * tests assert against these, not against copied strings.
 */
import path from 'node:path';

const rel = (file: string): string => (path.isAbsolute(file) ? path.relative(process.cwd(), file) || file : file);

/** The catalogue of diagnostic messages. */
export const messages = {
  yamlSyntax: (detail: string) => `YAML syntax error: ${detail}`,
  fileMissing: (file: string) => `file not found: ${path.basename(file)}`,
  notAnEdition: (dir: string) => `not an edition folder (no edition.yaml): ${rel(dir)}`,
  noSeries: (dir: string) => `no series.yaml found above ${rel(dir)}`,
  noEditions: (dir: string) => `the series has no editions under ${rel(dir)}/editions`,
  unknownEdition: (id: string, known: string[]) => `no edition "${id}" in this series (editions: ${known.join(', ') || 'none'})`,
  schemaRequired: (prop: string) => `missing required property "${prop}"`,
  schemaUnknownProperty: (prop: string, known: string[]) => `unknown property "${prop}"${known.length ? ` (expected one of: ${known.join(', ')})` : ''}`,
  schemaEnum: (value: unknown, allowed: unknown[]) => `${JSON.stringify(value)} is not allowed here (expected one of: ${allowed.map((a) => JSON.stringify(a)).join(', ')})`,
  schemaType: (expected: string, value: unknown) => `expected ${expected}, got ${describeValue(value)}`,
  schemaPattern: (value: unknown, what: string) => `${JSON.stringify(value)} is not a valid ${what}`,
  schemaOther: (detail: string) => detail,
  duplicateId: (kind: string, id: string, first: string) => `duplicate ${kind} id "${id}" (first used on ${first})`,
  unknownSource: (id: string, known: string[]) => `cites unknown source "${id}"${known.length ? ` (sources: ${known.join(', ')})` : ''}`,
  unknownFigure: (id: string) => `unknown figure "${id}"`,
  unknownJudgment: (id: string) => `unknown judgment "${id}"`,
  pathEscape: (p: string) => `path "${p}" leaves the brief folder; only files inside it may be read`,
  pathAbsolute: (p: string) => `absolute path "${p}" is not allowed; use a path relative to the file`,
  urlRefused: (url: string) => `refused to load "${url}": only files inside the brief folder may be read (no network, no file://)`,
  chartLoadFailed: (url: string, detail: string) => `could not load "${url}": ${detail}`,
  chartCompile: (detail: string) => `Vega-Lite error: ${detail}`,
  chartRuntime: (detail: string) => `chart failed to render: ${detail}`,
  chartWarning: (detail: string) => `Vega warning: ${detail}`,
  nativeFallback: (reason: string) => `drawn as a picture, not a native chart: ${reason}`,
  unknownDataset: (name: string, known: string[]) => `unknown dataset "${name}" (edition.yaml datasets: ${known.join(', ') || 'none'})`,
  unknownIndicator: (id: string, known: string[]) => `unknown indicator "${id}" (series.yaml indicators: ${known.join(', ') || 'none'})`,
  previousEditionInvalid: (id: string) => `edition ${id} has errors, so changes since it are not shown; build it to see them`,
  tooLarge: (file: string, size: string, limit: string, key: string) => `${path.basename(file)} is ${size}, over the limit of ${limit} (raise limits.${key} in series.yaml if this is intended)`,
  tooMany: (what: string, count: number, limit: number, key: string) => `${count} ${what}, over the limit of ${limit} (raise limits.${key} in series.yaml if this is intended)`,
  unknownField: (field: string, columns: string[]) => `field "${field}" is not in the chart's data (columns: ${columns.join(', ')})`,
  csvMalformed: (detail: string) => `malformed CSV: ${detail}`,
  jsonMalformed: (detail: string) => `malformed JSON: ${detail}`,
  dataEmpty: (file: string) => `the chart's data has no rows (${path.basename(file)})`,
  templateSyntax: (detail: string) => `template syntax error: ${detail}`,
  templateRuntime: (detail: string) => `template error: ${detail}`,
  markupInvalid: (detail: string) => `template produced invalid markup: ${detail}`,
  markupUnknownElement: (name: string, parent: string, allowed: string[]) => `<${name}> is not allowed inside <${parent}> (allowed: ${allowed.map((a) => `<${a}>`).join(', ')})`,
  markupMissingAttribute: (element: string, attr: string) => `<${element}> needs the attribute ${attr}="…"`,
  markupBadAttribute: (element: string, attr: string, value: string, allowed: string[]) => `<${element} ${attr}="${value}"> is not valid (expected one of: ${allowed.join(', ')})`,
  missingGlyphs: (chars: string, text: string) => `no font in the theme has a glyph for ${chars} in "${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`,
  themeUnknown: (name: string, known: string[]) => `unknown theme "${name}" (built-in themes: ${known.join(', ')})`,
  fontMissing: (file: string) => `font file not found: ${file}`,
  fontInvalid: (file: string, detail: string) => `font file cannot be read: ${file} (${detail})`,
  badFormat: (format: string) => `unknown output format "${format}" (expected pptx, pdf, docx)`,
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
