/**
 * Every user-facing message, as functions (Vega-Lite's log/message.ts habit):
 * tests assert against these, not against copied strings.
 */
import path from 'node:path';
import { nearest, suggestion } from './suggest.js';

const rel = (file: string): string => (path.isAbsolute(file) ? path.relative(process.cwd(), file) || file : file);

/** The catalogue of diagnostic messages. */
export const messages = {
  yamlSyntax: (detail: string) => `YAML syntax error: ${detail}`,
  yamlAliases: (detail: string) => `too many YAML aliases (${detail.replace(/\.$/, '')}); write the values out instead of nesting aliases`,
  fileMissing: (file: string) => `file not found: ${path.basename(file)}`,
  datasetStrayKey: (key: string, dataset: string, row: number, before: string, value: string) =>
    `"${key}" in row ${row} of dataset "${dataset}" is a key with no value that no other row has: a comma in an unquoted value starts a new key; quote the value, e.g. ${before}: "${value}, ${key}"`,
  datasetStrayColumn: (key: string, dataset: string, row: number, columns: string[]) =>
    `"${key}" in row ${row} of dataset "${dataset}" is not a column of its other rows (${didYouMean(key, columns)}columns: ${columns.join(', ')}); a chart reads it as missing in every other row`,
  editionIdFolder: (id: string, folder: string) =>
    `the edition id "${id}" differs from its folder "${folder}"; they must be the same (a copied folder keeps the old id, and its outputs would overwrite that edition's)`,
  notFiniteRow: (field: string, value: number, row: number) => `${field} in row ${row} of the chart's data is ${String(value)}, not a finite number; leave the cell empty, or give a number`,
  notFinite: (field: string, value: number) => `${field} is ${String(value)}, not a finite number; leave the value out, or give a number`,
  notMailbox: (email: string) => `"${email}" is not one e-mail address (name@example.org; no display name, comma, space or list)`,
  cannotWrite: (file: string, why: string) => `cannot write ${rel(file)}: ${why}; the earlier outputs are unchanged`,
  outputNotFolder: (dir: string) => `the output folder ${rel(dir)} is a file; name a folder with --out`,
  outputBusy: (dir: string, seconds: number) => `another Briefsmith process has been writing to ${rel(dir)} for ${seconds} s; wait for it to finish, or build into another folder with --out`,
  noSeriesHere: (dir: string) => `no series.yaml here or above ${dir}; run brief init NAME, or brief build --sample`,
  noSeries: (dir: string) => `no series.yaml found above ${rel(dir)}`,
  noEditions: (dir: string) => `the series has no editions under ${rel(dir)}/editions`,
  unknownEdition: (id: string, known: string[]) => `no edition "${id}" in this series (editions: ${known.join(', ') || 'none'})`,
  schemaRequired: (prop: string) => `missing required property "${prop}"`,
  schemaUnknownProperty: (prop: string, known: string[]) => `unknown property "${prop}"${orList(prop, known, 'expected one of')}`,
  schemaEnum: (value: unknown, allowed: unknown[]) => `${JSON.stringify(value)} is not allowed here (expected one of: ${allowed.map((a) => JSON.stringify(a)).join(', ')})`,
  schemaType: (expected: string, value: unknown) => `expected ${expected}, got ${describeValue(value)}`,
  schemaPattern: (value: unknown, what: string) => `${JSON.stringify(value)} is not a valid ${what}`,
  /** A value that does not match a schema pattern, said in words: what it should look like and an example. */
  schemaPatternHint: (value: unknown, hint: string) => `${JSON.stringify(value)} ${hint}`,
  schemaLimit: (what: string, keyword: string, limit: number, value: unknown) => {
    const items = (n: number) => `${n} item${n === 1 ? '' : 's'}`;
    const chars = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
    const said: Record<string, string> = {
      minItems: `needs at least ${items(limit)}${limit === 1 ? '; it is empty' : ''}`,
      maxItems: `may have at most ${items(limit)}`,
      minimum: `must be at least ${limit}`,
      maximum: `must be at most ${limit}`,
      exclusiveMinimum: `must be more than ${limit}`,
      exclusiveMaximum: `must be less than ${limit}`,
      minLength: `needs at least ${chars(limit)}`,
      maxLength: `may have at most ${chars(limit)}`,
    };
    const shown = typeof value === 'number' ? ` (it is ${value})` : '';
    return `${/^\d+$/.test(what) ? `item ${Number(what) + 1}` : what} ${said[keyword] ?? `is out of range (${keyword} ${limit})`}${shown}`;
  },
  schemaOther: (detail: string) => detail,
  duplicateId: (kind: string, id: string, first: string) => `duplicate ${kind} id "${id}" (first used on ${first})`,
  unknownSource: (id: string, known: string[]) => `cites unknown source "${id}"${idHint(id, known, 'sources', 'sources.yaml')}`,
  unknownFigure: (id: string, known: string[] = []) => `unknown figure "${id}"${idHint(id, known, 'figures', 'figures.yaml')}`,
  unknownJudgment: (id: string, known: string[] = []) => `unknown judgment "${id}"${idHint(id, known, 'judgments', 'judgments.yaml')}`,
  pathEscape: (p: string) => `path "${p}" leaves the brief folder; only files inside it may be read`,
  notAFile: (p: string, what: string) => `"${p}" is ${what}, not a file`,
  notUtf8: (p: string, line: number, column: number) => `${p} is not UTF-8 text: invalid bytes at line ${line}, column ${column} (save it as UTF-8)`,
  pathAbsolute: (p: string) => `absolute path "${p}" is not allowed; use a path relative to the file`,
  urlRefused: (url: string) => `refused to load "${url}": only files inside the brief folder may be read (no network, no file://)`,
  chartLoadFailed: (url: string, detail: string) => `could not load "${url}": ${detail}`,
  chartLink: (url: string) => `link "${url}" on a chart mark is not allowed: links must be web (https://…) or mail (mailto:…) addresses`,
  imageNotPicture: (url: string) => `"${url}" is not a PNG, JPEG or GIF picture`,
  chartCompile: (detail: string) => `Vega-Lite error: ${detail}`,
  chartCrash: (figure: string | undefined, detail: string, channels: string[]) =>
    `Vega-Lite could not compile ${figure ? `figure "${figure}"` : 'this chart'}: it failed inside Vega-Lite (${detail}, a Vega-Lite bug the schema does not catch)${
      channels.length
        ? ` on the encoding ${channels.length > 1 ? `channels ${channels.slice(0, -1).join(', ')} and ${channels.at(-1)!}` : `channel ${channels[0]!}`}, which it cannot draw as written; change or remove ${channels.length > 1 ? 'one of them' : 'it'}`
        : ''
    }`,
  chartRuntime: (detail: string) => `chart failed to render: ${detail}`,
  chartWarning: (detail: string) => `Vega warning: ${detail}`,
  nativeFallback: (reason: string) => `drawn as a picture, not a native chart: ${reason}`,
  unknownDataset: (name: string, known: string[], own: string[] = []) =>
    `unknown dataset "${name}"${orList(name, [...own, ...known], own.length ? "the spec's datasets and edition.yaml datasets" : 'edition.yaml datasets')}`,
  unknownIndicator: (id: string, known: string[]) => `unknown indicator "${id}"${orList(id, known, 'series.yaml indicators')}`,
  previousEditionInvalid: (id: string) => `edition ${id} has errors, so changes since it are not shown; build it to see them`,
  tooLarge: (file: string, size: string, limit: string, key: string) => `${path.basename(file)} is ${size}, over the limit of ${limit} (raise limits.${key} in series.yaml if this is intended)`,
  chartTooBig: (w: number, h: number, pixels: number, limit: number) =>
    `the chart is ${w.toLocaleString('en-US')} × ${h.toLocaleString('en-US')}; its picture would have ${pixels.toLocaleString('en-US')} pixels, over the limit of ${limit.toLocaleString('en-US')} (make it smaller, or raise limits.maxRasterPixels in series.yaml)`,
  templateTooLarge: (file: string, limit: string) =>
    `the templates expand to more than ${limit} of text (partials calling each other?), while running ${file} (raise limits.maxTemplateOutputBytes in series.yaml if this is intended)`,
  tooMany: (what: string, count: number, limit: number, key: string) => `${count} ${what}, over the limit of ${limit} (raise limits.${key} in series.yaml if this is intended)`,
  unknownField: (field: string, columns: string[]) => `field "${field}" is not in the chart's data (${didYouMean(field, columns)}columns: ${columns.join(', ')})`,
  csvMalformed: (detail: string) => `malformed CSV: ${detail}`,
  jsonMalformed: (detail: string) => `malformed JSON: ${detail}`,
  dataEmpty: (file: string) => `the chart's data has no rows (${path.basename(file)})`,
  templateSyntax: (detail: string) => `template syntax error: ${detail}`,
  templateRuntime: (detail: string) => `template error: ${detail}`,
  markupInvalid: (detail: string) => `template produced invalid markup: ${detail}`,
  markupUnknownElement: (name: string, parent: string, allowed: string[]) =>
    `<${name}> is not allowed inside <${parent}> (${didYouMean(name, allowed, (a) => `<${a}>`)}allowed: ${allowed.map((a) => `<${a}>`).join(', ')})`,
  markupMissingAttribute: (element: string, attr: string) => `<${element}> needs the attribute ${attr}="…"`,
  markupBadAttribute: (element: string, attr: string, value: string, allowed: string[]) =>
    `<${element} ${attr}="${value}"> is not valid (${didYouMean(value, allowed)}expected one of: ${allowed.join(', ')})`,
  unknownHelper: (name: string, known: string[]) => `unknown helper "${name}"${orList(name, known, 'helpers')}`,
  unknownPartial: (name: string, known: string[]) => `unknown partial "${name}"${orList(name, known, 'partials', 100)}`,
  missingGlyphs: (chars: string, text: string) => `no font in the theme has a glyph for ${chars} in "${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`,
  themeUnknown: (name: string, known: string[]) => `unknown theme "${name}" (${didYouMean(name, known)}built-in themes: ${known.join(', ')}; or a path to a theme .yaml file)`,
  fontMissing: (file: string) => `font file not found: ${file}`,
  fontNpmRef: (ref: string) => `"${ref}" is not a font in an installed package: write npm:<package>/<path to a .ttf, .otf, .ttc or .woff file>`,
  fontNotOnReaders: (name: string) =>
    `"${name}" is not a face office installs have: the deck embeds it (PowerPoint and recent LibreOffice draw it; other viewers and the Word memo show a substitute, so the deck leaves room for one) and the PDF embeds it. For exact fit everywhere name Calibri, Cambria, Arial or Times New Roman, measured with its open twin (Carlito, Caladea, Arimo, Tinos)`,
  fontInvalid: (file: string, detail: string) => `font file cannot be read: ${file} (${detail})`,
  badFormat: (format: string) => `unknown output format "${format}" (expected pptx, pdf, docx)`,
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** `did you mean "x"? ` before a list that follows in the same parentheses, or nothing. */
function didYouMean(word: string, known: readonly string[], show: (s: string) => string = (s) => JSON.stringify(s)): string {
  const near = nearest(word, known);
  return near.length ? `did you mean ${near.map(show).join(' or ')}? ` : '';
}

/** ` (did you mean "x"?)` when something is near, else ` (label: the whole list)` (lists of names a user picks from). */
function orList(word: string, known: readonly string[], label: string, maxListed = 1000): string {
  return suggestion(word, known, label, { maxListed });
}

/** For ids of a brief's own items: a near id, else the list when it is short, else how many there are. */
function idHint(id: string, known: readonly string[], label: string, file: string): string {
  const hint = suggestion(id, known, label);
  if (hint || known.length === 0) return hint;
  return ` (none of the ${known.length} ${label} in ${file} is close)`;
}
