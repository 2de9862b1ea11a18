/**
 * The bad-input corpus: each case breaks a copy of the sample series in one way
 * and lists the diagnostics a user must see (file, the line holding `at`, rule).
 * `test/corpus/README.md` is generated from these cases (UPDATE=1).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import path from 'node:path';
import { repoRoot } from '../helpers/sample.js';

/** One expected diagnostic: the file (relative to the series), a text on the reported line, and the rule. */
export interface Expect {
  file: string;
  /** A path relative to the series, or `@templates/…` for Briefsmith's built-in templates. */
  /** Text found on the reported line of the (mutated) file; `null` means line 1; `'any'` any line (markup errors are located in the merged template output). */
  at: string | null;
  rule: string;
  /** The line, when `at` cannot name it (many errors of one text). */
  line?: number;
}

/** A corpus case. */
export interface Case {
  id: string;
  wrong: string;
  setup: (series: string) => void;
  expect: Expect[];
}

const E = 'editions/2024-W21';
const edit = (series: string, file: string, from: string | RegExp, to: string) => {
  const f = path.join(series, file);
  const text = readFileSync(f, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`corpus setup: "${String(from)}" not found in ${file}`);
  writeFileSync(f, next);
};
const write = (series: string, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(series, file)), { recursive: true });
  writeFileSync(path.join(series, file), text);
};
const spec = (series: string, name: string, from: string | RegExp, to: string) => edit(series, `${E}/figures/${name}.vl.json`, from, to);
const override = (series: string, partial: string, text: string) => write(series, `templates/deck/partials/${partial}.hbs`, text);
const themeFile = (series: string, change: (t: string) => string) => {
  const t = readFileSync(path.join(repoRoot, 'templates', 'themes', 'default.yaml'), 'utf8');
  write(series, 'theme.yaml', change(t.replace('$schema: ../../src/2-validate/schemas/theme.schema.json\n', '').replace('logo: briefsmith-mark.svg\n', '')));
  edit(series, 'series.yaml', 'theme: default', 'theme: theme.yaml');
};

/** Replaces a file of the series with a symlink to `target`. */
const symlink = (series: string, file: string, target: string) => {
  rmSync(path.join(series, file), { force: true, recursive: true });
  symlinkSync(target, path.join(series, file));
};
/** Replaces a file of the series with a named pipe (a FIFO), which blocks whoever opens it for reading. */
const fifo = (series: string, file: string) => {
  rmSync(path.join(series, file), { force: true });
  execFileSync('mkfifo', [path.join(series, file)]);
};
/** Replaces a file of the series with a folder of the same name. */
const folderInstead = (series: string, file: string) => {
  rmSync(path.join(series, file), { force: true });
  mkdirSync(path.join(series, file));
};
const LAYER_AFTER = '"layer": [\n';
const addLayer = (series: string, layer: string) => spec(series, 'container-equivalents', LAYER_AFTER, `${LAYER_AFTER}    ${layer},\n`);
const limitsIn = (series: string, yaml: string) => edit(series, 'series.yaml', 'cadence: weekly', `cadence: weekly\nlimits:\n${yaml}`);

/** A zip file made by hand (synchronously, for a corpus setup): deflated entries with the names given, even unsafe ones. */
function zipOf(entries: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const packed = deflateRawSync(data);
    const n = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc32(data) >>> 0, 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data) >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, n, packed);
    centrals.push(central, n);
    offset += head.length + n.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
const pptxParts: [string, Buffer][] = [
  ['[Content_Types].xml', Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')],
  ['ppt/presentation.xml', Buffer.from('<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>')],
];
const baseDeck = (series: string, entries: [string, Buffer][], limitKb?: number) => {
  writeFileSync(path.join(series, 'corporate.pptx'), zipOf(entries));
  edit(series, 'series.yaml', 'theme: default', `theme: default\ndeck:\n  base: corporate.pptx${limitKb ? `\nlimits:\n  maxBaseBytes: ${limitKb * 1024}` : ''}`);
};

/** The cases. */
export const cases: Case[] = [
  // YAML syntax
  {
    id: 'yaml-nested-mapping',
    wrong: 'a value that is itself "key: value" on one line',
    setup: (s) => edit(s, `${E}/judgments.yaml`, '  - id: shell-quality', '  - id: shell-quality: oops'),
    expect: [{ file: `${E}/judgments.yaml`, at: 'shell-quality: oops', rule: 'yaml/syntax' }],
  },
  {
    id: 'yaml-unclosed-quote',
    wrong: 'a quoted string never closed',
    setup: (s) => edit(s, `${E}/edition.yaml`, 'title: North Korean shells', 'title: "North Korean shells'),
    expect: [{ file: `${E}/edition.yaml`, at: 'title: "North', rule: 'yaml/syntax' }],
  },
  {
    id: 'yaml-tab-indent',
    wrong: 'a tab used for indentation',
    setup: (s) => edit(s, `${E}/sources.yaml`, '    publisher: The Guardian', '\tpublisher: The Guardian'),
    expect: [{ file: `${E}/sources.yaml`, at: '\tpublisher: The Guardian', rule: 'yaml/syntax' }],
  },
  {
    id: 'yaml-duplicate-key',
    wrong: 'the same key twice in one mapping',
    setup: (s) => edit(s, `${E}/sources.yaml`, '    publisher: The Guardian\n', '    publisher: The Guardian\n    publisher: Guardian\n'),
    expect: [{ file: `${E}/sources.yaml`, at: 'publisher: Guardian', rule: 'yaml/syntax' }],
  },
  {
    id: 'yaml-series-syntax',
    wrong: 'a syntax error in series.yaml',
    setup: (s) => edit(s, 'series.yaml', 'cadence: weekly', 'cadence: [weekly'),
    expect: [{ file: 'series.yaml', at: 'language: en-US', rule: 'yaml/syntax' }],
  },
  // schema
  {
    id: 'likelihood-unknown',
    wrong: 'a likelihood that is not an ICD 203 term',
    setup: (s) => edit(s, `${E}/judgments.yaml`, 'likelihood: almost certain', 'likelihood: probably'),
    expect: [{ file: `${E}/judgments.yaml`, at: 'likelihood: probably', rule: 'judgments/enum' }],
  },
  {
    id: 'confidence-very-high',
    wrong: 'confidence "very high"',
    setup: (s) => edit(s, `${E}/judgments.yaml`, 'confidence: high', 'confidence: very high'),
    expect: [{ file: `${E}/judgments.yaml`, at: 'very high', rule: 'judgments/enum' }],
  },
  {
    id: 'grade-g7',
    wrong: 'source grade G7',
    setup: (s) => edit(s, `${E}/sources.yaml`, 'reliability: B\n    credibility: 2', 'reliability: G\n    credibility: 7'),
    expect: [
      { file: `${E}/sources.yaml`, at: 'reliability: G', rule: 'sources/enum' },
      { file: `${E}/sources.yaml`, at: 'credibility: 7', rule: 'sources/maximum' },
    ],
  },
  {
    id: 'missing-statement',
    wrong: 'a judgment without a statement',
    setup: (s) => edit(s, `${E}/judgments.yaml`, / {4}statement: North Korea is supplying[^\n]*\n/, ''),
    expect: [{ file: `${E}/judgments.yaml`, at: '- id: dprk-supply', rule: 'judgments/required' }],
  },
  {
    id: 'missing-bluf',
    wrong: 'an edition without its bottom line',
    setup: (s) => edit(s, `${E}/edition.yaml`, /bluf: >-\n( {2}.*\n)+/, ''),
    expect: [{ file: `${E}/edition.yaml`, at: null, rule: 'edition/required' }],
  },
  {
    id: 'missing-sources-file',
    wrong: 'the edition has no sources.yaml',
    setup: (s) => rmSync(path.join(s, E, 'sources.yaml')),
    expect: [{ file: `${E}/sources.yaml`, at: null, rule: 'file/missing' }],
  },
  {
    id: 'authors-not-a-list',
    wrong: 'authors given as a string',
    setup: (s) => edit(s, `${E}/edition.yaml`, 'authors: [A. Analyst, B. Reviewer]', 'authors: A. Analyst'),
    expect: [{ file: `${E}/edition.yaml`, at: 'authors: A. Analyst', rule: 'edition/type' }],
  },
  {
    id: 'credibility-word',
    wrong: 'credibility written as a word',
    setup: (s) => edit(s, `${E}/sources.yaml`, 'credibility: 3', 'credibility: three'),
    expect: [{ file: `${E}/sources.yaml`, at: 'credibility: three', rule: 'sources/type' }],
  },
  {
    id: 'judgment-typo',
    wrong: 'a misspelled key in a judgment',
    setup: (s) => edit(s, `${E}/judgments.yaml`, '    discussion: >-\n      Deliveries', '    discusion: >-\n      Deliveries'),
    expect: [{ file: `${E}/judgments.yaml`, at: 'discusion:', rule: 'judgments/unknown-property' }],
  },
  {
    id: 'series-typo',
    wrong: 'a misspelled key in series.yaml',
    setup: (s) => edit(s, 'series.yaml', 'cadence: weekly', 'cadance: weekly'),
    expect: [{ file: 'series.yaml', at: 'cadance:', rule: 'series/unknown-property' }],
  },
  {
    id: 'date-format',
    wrong: 'a date written 2024/05/20',
    setup: (s) => edit(s, `${E}/edition.yaml`, 'date: "2024-05-20"', 'date: "2024/05/20"'),
    expect: [{ file: `${E}/edition.yaml`, at: '2024/05/20', rule: 'edition/pattern' }],
  },
  {
    id: 'marking-unknown',
    wrong: 'a marking that is not a known banner',
    setup: (s) => edit(s, `${E}/edition.yaml`, 'marking: UNCLASSIFIED', 'marking: PUBLIC'),
    expect: [{ file: `${E}/edition.yaml`, at: 'marking: PUBLIC', rule: 'edition/enum' }],
  },
  {
    id: 'id-with-space',
    wrong: 'an id with a space',
    setup: (s) => edit(s, `${E}/judgments.yaml`, '- id: dprk-supply', '- id: dprk supply'),
    expect: [{ file: `${E}/judgments.yaml`, at: 'dprk supply', rule: 'judgments/pattern' }],
  },
  {
    id: 'evidence-empty',
    wrong: 'a judgment with no evidence',
    setup: (s) => edit(s, `${E}/judgments.yaml`, /( {2}- id: battlefield-effect\n(?: {4}.*\n){3}) {4}evidence:\n(?: {6}.*\n)+/, '$1    evidence: []\n'),
    expect: [{ file: `${E}/judgments.yaml`, at: 'evidence: []', rule: 'judgments/minItems' }],
  },
  {
    id: 'url-not-http',
    wrong: 'a source URL that is not http(s)',
    setup: (s) => edit(s, `${E}/sources.yaml`, '    date: "2024"\n', '    date: "2024"\n    url: ftp://example.org/x\n'),
    expect: [{ file: `${E}/sources.yaml`, at: 'ftp://', rule: 'sources/pattern' }],
  },
  {
    id: 'render-unknown',
    wrong: 'a figure render option that does not exist',
    setup: (s) => edit(s, `${E}/figures.yaml`, '    spec: figures/timeline.vl.json\n', '    spec: figures/timeline.vl.json\n    render: vector\n'),
    expect: [{ file: `${E}/figures.yaml`, at: 'render: vector', rule: 'figures/enum' }],
  },
  {
    id: 'judgments-empty',
    wrong: 'an empty list of judgments',
    setup: (s) => write(s, `${E}/judgments.yaml`, 'judgments: []\n'),
    expect: [{ file: `${E}/judgments.yaml`, at: 'judgments: []', rule: 'judgments/minItems' }],
  },
  // links between files
  {
    id: 'duplicate-judgment',
    wrong: 'two judgments with one id',
    setup: (s) => edit(s, `${E}/judgments.yaml`, '- id: transactional', '- id: dprk-supply   # second use'),
    expect: [{ file: `${E}/judgments.yaml`, at: '# second use', rule: 'ref/duplicate-judgment' }],
  },
  {
    id: 'duplicate-source',
    wrong: 'two sources with one id',
    setup: (s) =>
      appendFileSync(path.join(s, E, 'sources.yaml'), '  - id: bi-2024   # second use\n    publisher: Business Insider\n    title: Another article\n    reliability: B\n    credibility: 2\n'),
    expect: [{ file: `${E}/sources.yaml`, at: '# second use', rule: 'ref/duplicate-source' }],
  },
  {
    id: 'duplicate-figure',
    wrong: 'a figure id used twice',
    setup: (s) => edit(s, `${E}/figures.yaml`, '- id: timeline', '- id: fired-vs-produced   # second use'),
    expect: [{ file: `${E}/figures.yaml`, at: '# second use', rule: 'ref/duplicate-figure' }],
  },
  {
    id: 'unknown-source-evidence',
    wrong: 'evidence citing a source that does not exist',
    setup: (s) => edit(s, `${E}/judgments.yaml`, 'sources: [guardian-2022-11]', 'sources: [guardian-2022]'),
    expect: [{ file: `${E}/judgments.yaml`, at: 'guardian-2022]', rule: 'ref/unknown-source' }],
  },
  {
    id: 'unknown-source-figure',
    wrong: 'a figure citing a source that does not exist',
    setup: (s) => edit(s, `${E}/figures.yaml`, 'sources: [bi-2024]', 'sources: [bi-2025]'),
    expect: [{ file: `${E}/figures.yaml`, at: 'bi-2025', rule: 'ref/unknown-source' }],
  },
  {
    id: 'unknown-indicator',
    wrong: 'an indicator value for an indicator the series does not declare',
    setup: (s) => edit(s, `${E}/edition.yaml`, '  shells-delivered:', '  shells-sent:'),
    expect: [{ file: `${E}/edition.yaml`, at: 'shells-sent:', rule: 'ref/unknown-indicator' }],
  },
  {
    id: 'indicator-unknown-source',
    wrong: 'an indicator value citing an unknown source',
    setup: (s) => edit(s, `${E}/edition.yaml`, 'high: 3000000, sources: [bi-2024]', 'high: 3000000, sources: [bi-2023]'),
    expect: [{ file: `${E}/edition.yaml`, at: 'bi-2023', rule: 'ref/unknown-source' }],
  },
  // Vega-Lite
  {
    id: 'chart-unknown-field',
    wrong: 'an encoding naming a column the data does not have',
    setup: (s) => spec(s, 'fired-vs-produced', '"field": "year"', '"field": "yaer"'),
    expect: [{ file: `${E}/figures/fired-vs-produced.vl.json`, at: '"yaer"', rule: 'chart/unknown-field' }],
  },
  {
    id: 'chart-vega-lite-crash',
    wrong: 'a spec the schema accepts but Vega-Lite crashes on (x as a datum with x2)',
    setup: (s) =>
      write(
        s,
        `${E}/figures/fired-vs-produced.vl.json`,
        '{\n  "data": { "url": "fired-vs-produced.csv" },\n  "mark": "bar",\n  "encoding": {\n    "x": { "datum": 0 },\n    "x2": { "field": "low" },\n    "y": { "field": "year", "type": "nominal" }\n  }\n}\n',
      ),
    expect: [{ file: `${E}/figures/fired-vs-produced.vl.json`, at: '"x2"', rule: 'chart/compile' }],
  },
  {
    id: 'chart-invalid-mark',
    wrong: 'a mark type that does not exist',
    setup: (s) => spec(s, 'container-equivalents', '"type": "bar"', '"type": "barr"'),
    expect: [{ file: `${E}/figures/container-equivalents.vl.json`, at: '"barr"', rule: 'chart/compile' }],
  },
  {
    id: 'chart-missing-data',
    wrong: 'a data file that does not exist',
    setup: (s) => rmSync(path.join(s, E, 'figures', 'timeline.csv')),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '"url": "timeline.csv"', rule: 'chart/data-missing' }],
  },
  {
    id: 'chart-malformed-csv',
    wrong: 'a CSV row with a missing column',
    setup: (s) => edit(s, `${E}/figures/fired-vs-produced.csv`, '2022,Produced,1.7,1.7,1.7M,afp-2023-09', '2022,Produced,1.7'),
    expect: [{ file: `${E}/figures/fired-vs-produced.vl.json`, at: '"url": "fired-vs-produced.csv"', rule: 'chart/csv' }],
  },
  {
    id: 'chart-empty-data',
    wrong: 'a CSV with a header and no rows',
    setup: (s) => write(s, `${E}/figures/daily-consumption.csv`, 'estimate,low,high,kind,source\n'),
    expect: [{ file: `${E}/figures.yaml`, at: '- id: daily-consumption', rule: 'chart/data-empty' }],
  },
  {
    id: 'chart-json-syntax',
    wrong: 'a Vega-Lite spec that is not valid JSON',
    setup: (s) => spec(s, 'timeline', '"height": 220,', '"height": 220,,'),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '"height": 220,,', rule: 'yaml/syntax' }],
  },
  {
    id: 'chart-malformed-json-data',
    wrong: 'a JSON data file that does not parse',
    setup: (s) => {
      write(s, `${E}/figures/bad.json`, '[{"a": 1,}');
      spec(s, 'timeline', '"url": "timeline.csv"', '"url": "bad.json"');
    },
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '"url": "bad.json"', rule: 'chart/json' }],
  },
  {
    id: 'chart-unknown-dataset',
    wrong: 'a figure naming a dataset the edition does not have',
    setup: (s) => spec(s, 'container-equivalents', '"name": "containers"', '"name": "container"'),
    expect: [{ file: `${E}/figures/container-equivalents.vl.json`, at: '"container"', rule: 'chart/unknown-dataset' }],
  },
  // templates
  {
    id: 'template-unclosed-block',
    wrong: 'a template block that is never closed',
    setup: (s) => override(s, 'bluf-slide', '<slide layout="bluf" title="x">\n  <p>{{#if edition.bluf}}{{edition.bluf}}</p>\n</slide>\n'),
    expect: [{ file: 'templates/deck/partials/bluf-slide.hbs', at: '{{#if edition.bluf}}', rule: 'template/syntax' }],
  },
  {
    id: 'template-unknown-helper',
    wrong: 'a helper that does not exist',
    setup: (s) => override(s, 'bluf-slide', '<slide layout="bluf" title="x">\n  <p>{{shout edition.bluf}}</p>\n</slide>\n'),
    expect: [{ file: 'templates/deck/partials/bluf-slide.hbs', at: '{{shout', rule: 'template/runtime' }],
  },
  {
    id: 'template-unknown-partial',
    wrong: 'a partial that does not exist',
    setup: (s) => override(s, 'bluf-slide', '<slide layout="bluf" title="x">\n  {{> bluf-text}}\n</slide>\n'),
    expect: [{ file: 'templates/deck/partials/bluf-slide.hbs', at: '{{> bluf-text}}', rule: 'template/runtime' }],
  },
  {
    id: 'template-misspelled-field',
    wrong: 'a misspelled field',
    setup: (s) => override(s, 'bluf-slide', '<slide layout="bluf" title="x">\n  <p>{{edition.bluff}}</p>\n</slide>\n'),
    expect: [{ file: 'templates/deck/partials/bluf-slide.hbs', at: 'edition.bluff', rule: 'template/runtime' }],
  },
  {
    id: 'template-misspelled-if',
    wrong: 'a misspelled field inside {{#if}}',
    setup: (s) => override(s, 'bluf-slide', '<slide layout="bluf" title="x">\n  {{#if edition.blfu}}<p>x</p>{{/if}}\n</slide>\n'),
    expect: [{ file: 'templates/deck/partials/bluf-slide.hbs', at: 'edition.blfu', rule: 'template/runtime' }],
  },
  {
    id: 'template-unknown-element',
    wrong: 'markup the deck does not know',
    setup: (s) => override(s, 'bluf-slide', '<slide layout="bluf" title="x">\n  <blink>x</blink>\n</slide>\n'),
    expect: [{ file: 'templates/deck/partials/bluf-slide.hbs', at: '<blink>', rule: 'template/markup' }],
  },
  {
    id: 'template-bad-layout',
    wrong: 'a slide layout that does not exist',
    setup: (s) => override(s, 'bluf-slide', '<slide layout="fancy" title="x">\n  <p>x</p>\n</slide>\n'),
    expect: [{ file: 'templates/deck/partials/bluf-slide.hbs', at: 'layout="fancy"', rule: 'template/markup' }],
  },
  {
    id: 'template-memo-p-misplaced',
    wrong: 'a <p> inside a <list> of a memo template, reported at its line in the template',
    setup: (s) => write(s, 'templates/memo/partials/bluf-section.hbs', '<section id="bluf" title="Summary">\n  <list>\n    <item>{{edition.bluf}}</item>\n    <p>x</p>\n  </list>\n</section>\n'),
    expect: [{ file: 'templates/memo/partials/bluf-section.hbs', at: '<p>x</p>', rule: 'template/markup' }],
  },
  {
    id: 'template-memo-p-unclosed',
    wrong: 'a <p> never closed in a memo template (invalid XML), reported at its line in the template',
    setup: (s) => write(s, 'templates/memo/partials/bluf-section.hbs', '<section id="bluf" title="Summary">\n  <p portion="U">{{edition.bluf}}\n\n</section>\n'),
    expect: [{ file: 'templates/memo/partials/bluf-section.hbs', at: '</section>', rule: 'template/markup' }],
  },
  // themes
  {
    id: 'theme-unknown',
    wrong: 'a theme name that is not built in',
    setup: (s) => edit(s, 'series.yaml', 'theme: default', 'theme: corporate'),
    expect: [{ file: 'series.yaml', at: 'theme: corporate', rule: 'theme/unknown' }],
  },
  {
    id: 'theme-bad-color',
    wrong: 'a theme color that is not #RRGGBB',
    setup: (s) => edit(s, 'series.yaml', 'theme: default', 'theme: default\nthemeOverrides:\n  colors:\n    primary: navy'),
    expect: [{ file: 'series.yaml', at: 'primary: navy', rule: 'theme/pattern' }],
  },
  {
    id: 'theme-unknown-bad-color',
    wrong: "an unknown theme name and a bad colour among the series' theme tokens: both reported",
    setup: (s) => edit(s, 'series.yaml', 'theme: default', 'theme: minstry\nthemeOverrides:\n  colors:\n    primary: "#12345"'),
    expect: [
      { file: 'series.yaml', at: 'theme: minstry', rule: 'theme/unknown' },
      { file: 'series.yaml', at: 'primary: "#12345"', rule: 'theme/pattern' },
    ],
  },
  {
    id: 'theme-missing-font',
    wrong: 'a theme naming a font file that does not exist',
    setup: (s) => themeFile(s, (t) => t.replace(/regular: npm:@expo-google-fonts\/caladea\/400Regular\/Caladea_400Regular.ttf/, 'regular: fonts/MySerif-Regular.ttf')),
    expect: [{ file: 'theme.yaml', at: 'fonts/MySerif-Regular.ttf', rule: 'theme/font-missing' }],
  },
  {
    id: 'theme-font-not-a-font',
    wrong: 'a theme font file that is not a font',
    setup: (s) => {
      write(s, 'fonts/Fake-Regular.ttf', 'this is not a font');
      themeFile(s, (t) => t.replace(/regular: npm:@expo-google-fonts\/caladea\/400Regular\/Caladea_400Regular.ttf/, 'regular: fonts/Fake-Regular.ttf'));
    },
    expect: [{ file: 'theme.yaml', at: 'fonts/Fake-Regular.ttf', rule: 'theme/font-invalid' }],
  },
  {
    id: 'theme-logo-not-an-image',
    wrong: 'a logo file that is not an image',
    setup: (s) => {
      write(s, 'crest.png', 'not a png');
      themeFile(s, (t) => t.replace('name: default\n', 'name: mine\nlogo: crest.png\n'));
    },
    expect: [{ file: 'theme.yaml', at: 'logo: crest.png', rule: 'theme/logo-invalid' }],
  },
  {
    id: 'theme-missing-logo',
    wrong: 'a theme naming a logo that does not exist',
    setup: (s) => themeFile(s, (t) => t.replace('name: default\n', 'name: mine\nlogo: crest.svg\n')),
    expect: [{ file: 'theme.yaml', at: 'logo: crest.svg', rule: 'theme/logo-missing' }],
  },
  {
    id: 'theme-bad-size',
    wrong: 'a slide title size out of range',
    setup: (s) => edit(s, 'series.yaml', 'theme: default', 'theme: default\nthemeOverrides:\n  sizes:\n    slideTitle: 200'),
    expect: [{ file: 'series.yaml', at: 'slideTitle: 200', rule: 'theme/maximum' }],
  },
  // path escapes
  {
    id: 'escape-theme-file',
    wrong: 'a theme file outside the series folder',
    setup: (s) => edit(s, 'series.yaml', 'theme: default', 'theme: ../../../../etc/theme.yaml'),
    expect: [{ file: 'series.yaml', at: 'etc/theme.yaml', rule: 'sandbox/escape' }],
  },
  {
    id: 'escape-spec-relative',
    wrong: 'a figure spec outside the series folder',
    setup: (s) => edit(s, `${E}/figures.yaml`, 'spec: figures/timeline.vl.json', 'spec: ../../../../../etc/x.vl.json'),
    expect: [{ file: `${E}/figures.yaml`, at: 'etc/x.vl.json', rule: 'sandbox/escape' }],
  },
  {
    id: 'escape-spec-absolute',
    wrong: 'a figure spec given as an absolute path',
    setup: (s) => edit(s, `${E}/figures.yaml`, 'spec: figures/timeline.vl.json', 'spec: /etc/x.vl.json'),
    expect: [{ file: `${E}/figures.yaml`, at: '/etc/x.vl.json', rule: 'sandbox/absolute' }],
  },
  {
    id: 'escape-data-file-url',
    wrong: 'chart data from file:///etc/passwd',
    setup: (s) => spec(s, 'timeline', '"url": "timeline.csv"', '"url": "file:///etc/passwd"'),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: 'file:///etc/passwd', rule: 'sandbox/url' }],
  },
  {
    id: 'escape-data-http',
    wrong: 'chart data from the network',
    setup: (s) => spec(s, 'timeline', '"url": "timeline.csv"', '"url": "http://127.0.0.1:9/x.csv"'),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '127.0.0.1:9', rule: 'sandbox/url' }],
  },
  {
    id: 'escape-data-relative',
    wrong: 'chart data from ../../x.csv outside the series',
    setup: (s) => spec(s, 'timeline', '"url": "timeline.csv"', '"url": "../../../../../x.csv"'),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: 'x.csv', rule: 'sandbox/escape' }],
  },
  {
    id: 'escape-data-uri',
    wrong: 'chart data as a data: URI',
    setup: (s) => spec(s, 'timeline', '"url": "timeline.csv"', '"url": "data:text/csv,a%0A1"'),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: 'data:text/csv', rule: 'sandbox/url' }],
  },
  {
    id: 'escape-chart-image',
    wrong: 'an image mark pointing outside the series',
    setup: (s) =>
      spec(
        s,
        'container-equivalents',
        '{ "mark": { "type": "text", "align": "left", "dx": 6, "fontSize": 11 }, "encoding": { "text": { "field": "label" } } }',
        '{ "mark": { "type": "image", "width": 20, "height": 20 }, "encoding": { "url": { "value": "file:///etc/passwd" } } }',
      ),
    expect: [{ file: `${E}/figures/container-equivalents.vl.json`, at: 'file:///etc/passwd', rule: 'sandbox/url' }],
  },
  {
    id: 'escape-logo',
    wrong: 'a logo outside the series folder',
    setup: (s) => edit(s, 'series.yaml', 'theme: default', 'theme: default\nthemeOverrides:\n  logo: ../../../../etc/logo.svg'),
    expect: [{ file: 'series.yaml', at: 'logo: ../../', rule: 'sandbox/escape' }],
  },
  {
    id: 'escape-font',
    wrong: 'a font given as an absolute path',
    setup: (s) => edit(s, 'series.yaml', 'theme: default', 'theme: default\nthemeOverrides:\n  fonts:\n    body:\n      name: X\n      regular: /usr/share/fonts/x.ttf'),
    expect: [{ file: 'series.yaml', at: '/usr/share/fonts/x.ttf', rule: 'sandbox/absolute' }],
  },
  // oversized inputs
  {
    id: 'huge-judgments-file',
    wrong: '100,000 judgments (a 20 MB YAML file)',
    setup: (s) => {
      const one = '  - {id: j$, statement: "Generated judgment number $ to test the size limit of Briefsmith.", likelihood: likely, confidence: low, evidence: [{text: "x", sources: [bi-2024]}]}\n';
      const body = Array.from({ length: 100_000 }, (_, i) => one.replace(/\$/g, String(i))).join('');
      write(s, `${E}/judgments.yaml`, `judgments:\n${body}`);
    },
    expect: [{ file: `${E}/judgments.yaml`, at: null, rule: 'limits/file-size' }],
  },
  {
    id: 'too-many-judgments',
    wrong: 'more judgments than the series allows',
    setup: (s) => edit(s, 'series.yaml', 'cadence: weekly', 'cadence: weekly\nlimits:\n  maxJudgments: 5'),
    expect: [{ file: `${E}/judgments.yaml`, at: '- id: dprk-supply', rule: 'limits/judgments' }],
  },
  {
    id: 'huge-csv',
    wrong: 'a 50 MB CSV behind a chart',
    setup: (s) => {
      const f = path.join(s, E, 'figures', 'timeline.csv');
      const row = '2023-01-01,month,An event that repeats to make a very large data file for the limit test,1,bi-2024\n';
      const chunk = row.repeat(10_000);
      for (let i = 0; i < (50 * 1024 * 1024) / chunk.length; i++) appendFileSync(f, chunk);
    },
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '"url": "timeline.csv"', rule: 'limits/data-size' }],
  },
  {
    id: 'too-many-rows',
    wrong: 'more chart rows than the series allows',
    setup: (s) => edit(s, 'series.yaml', 'cadence: weekly', 'cadence: weekly\nlimits:\n  maxDataRows: 3'),
    expect: [
      { file: `${E}/figures.yaml`, at: '- id: fired-vs-produced', rule: 'limits/data-rows' },
      { file: `${E}/figures.yaml`, at: '- id: timeline', rule: 'limits/data-rows' },
    ],
  },

  // reading outside the folder, through links and references
  {
    id: 'symlink-yaml-out',
    wrong: 'sources.yaml is a symlink to a system file',
    setup: (s) => symlink(s, `${E}/sources.yaml`, '/etc/passwd'),
    expect: [{ file: `${E}/sources.yaml`, at: null, rule: 'sandbox/escape' }],
  },
  {
    id: 'symlink-partial-out',
    wrong: 'a template partial that is a symlink to a system file',
    setup: (s) => {
      mkdirSync(path.join(s, 'templates', 'deck', 'partials'), { recursive: true });
      symlinkSync('/etc/hostname', path.join(s, 'templates', 'deck', 'partials', 'bluf-slide.hbs'));
    },
    expect: [{ file: 'templates/deck/partials/bluf-slide.hbs', at: null, rule: 'sandbox/escape' }],
  },
  {
    id: 'symlink-data-out-missing',
    wrong: 'a data file that is a dangling symlink to a place outside',
    setup: (s) => symlink(s, `${E}/figures/timeline.csv`, '/nonexistent-briefsmith/secret.csv'),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '"url": "timeline.csv"', rule: 'sandbox/escape' }],
  },
  {
    id: 'symlink-data-out-present',
    wrong: 'a data file that is a symlink to a system file (the same message as a missing one)',
    setup: (s) => symlink(s, `${E}/figures/timeline.csv`, '/etc/passwd'),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '"url": "timeline.csv"', rule: 'sandbox/escape' }],
  },
  {
    id: 'font-npm-absolute',
    wrong: 'a font reference npm: with an absolute path',
    setup: (s) => edit(s, 'series.yaml', 'theme: default', 'theme: default\nthemeOverrides:\n  fonts:\n    body:\n      name: X\n      regular: npm:/etc/passwd'),
    expect: [{ file: 'series.yaml', at: 'npm:/etc/passwd', rule: 'theme/font-ref' }],
  },
  {
    id: 'font-npm-climbing',
    wrong: 'a font reference npm: that climbs out of its package',
    setup: (s) =>
      edit(s, 'series.yaml', 'theme: default', 'theme: default\nthemeOverrides:\n  fonts:\n    body:\n      name: X\n      regular: npm:@expo-google-fonts/carlito/../../../../../etc/x.ttf'),
    expect: [{ file: 'series.yaml', at: 'npm:@expo-google-fonts/carlito/../', rule: 'theme/font-ref' }],
  },
  {
    id: 'href-javascript',
    wrong: 'a javascript: link on a chart mark',
    setup: (s) => addLayer(s, '{ "mark": "point", "encoding": { "href": { "value": "javascript:alert(1)" } } }'),
    expect: [{ file: `${E}/figures/container-equivalents.vl.json`, at: 'javascript:alert(1)', rule: 'chart/link' }],
  },
  {
    id: 'href-relative',
    wrong: "a relative link on a chart mark (it would become this machine's path)",
    setup: (s) => addLayer(s, '{ "mark": "point", "encoding": { "href": { "value": "../notes.html" } } }'),
    expect: [{ file: `${E}/figures/container-equivalents.vl.json`, at: '../notes.html', rule: 'chart/link' }],
  },
  // files that are not files
  {
    id: 'fifo-data',
    wrong: "a chart's data file is a named pipe (reading it would block for ever)",
    setup: (s) => fifo(s, `${E}/figures/timeline.csv`),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '"url": "timeline.csv"', rule: 'file/not-regular' }],
  },
  {
    id: 'fifo-yaml',
    wrong: 'judgments.yaml is a named pipe',
    setup: (s) => fifo(s, `${E}/judgments.yaml`),
    expect: [{ file: `${E}/judgments.yaml`, at: null, rule: 'file/not-regular' }],
  },
  {
    id: 'folder-as-yaml',
    wrong: 'sources.yaml is a folder',
    setup: (s) => folderInstead(s, `${E}/sources.yaml`),
    expect: [{ file: `${E}/sources.yaml`, at: null, rule: 'file/not-regular' }],
  },
  {
    id: 'folder-as-spec',
    wrong: "a figure's spec is a folder",
    setup: (s) => folderInstead(s, `${E}/figures/timeline.vl.json`),
    expect: [{ file: `${E}/figures.yaml`, at: 'spec: figures/timeline.vl.json', rule: 'file/not-regular' }],
  },
  // encodings
  {
    id: 'invalid-utf8-yaml',
    wrong: 'judgments.yaml saved in Latin-1 (a byte that is not UTF-8)',
    setup: (s) => {
      const f = path.join(s, E, 'judgments.yaml');
      const text = readFileSync(f, 'utf8').replace('despite the UN sanctions', 'despite the UN sanctions \u0000MARK');
      writeFileSync(f, Buffer.from(text.replace('\u0000MARK', 'caf\u00e9'), 'latin1'));
    },
    expect: [{ file: `${E}/judgments.yaml`, at: 'despite the UN sanctions caf', rule: 'file/encoding' }],
  },
  {
    id: 'invalid-utf8-csv',
    wrong: 'a CSV saved in Latin-1',
    setup: (s) => appendFileSync(path.join(s, E, 'figures', 'timeline.csv'), Buffer.from('2023-12-01,month,Caf\xe9 summit,1,bi-2024\n', 'latin1')),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '"url": "timeline.csv"', rule: 'file/encoding' }],
  },
  {
    id: 'invalid-utf8-template',
    wrong: 'a template partial saved in Latin-1',
    setup: (s) => {
      mkdirSync(path.join(s, 'templates', 'deck', 'partials'), { recursive: true });
      writeFileSync(path.join(s, 'templates', 'deck', 'partials', 'bluf-slide.hbs'), Buffer.from('<slide layout="bluf" title="Bottom line">\n  <p>R\xe9sum\xe9</p>\n</slide>\n', 'latin1'));
    },
    expect: [{ file: 'templates/deck/partials/bluf-slide.hbs', at: '<p>R', rule: 'file/encoding' }],
  },
  // work bombs
  {
    id: 'yaml-alias-bomb',
    wrong: 'aliases of aliases in YAML (a "billion laughs" bomb)',
    setup: (s) => {
      const levels = Array.from({ length: 9 }, (_, i) => `    l${i + 1}: &l${i + 1} [*l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}]`).join('\n');
      edit(s, `${E}/edition.yaml`, '# Numbers used by figures', `bomb:\n  x:\n    l0: &l0 "lol"\n${levels}\n# Numbers used by figures`);
    },
    expect: [{ file: `${E}/edition.yaml`, at: 'l1: &l1 [*l0', rule: 'yaml/aliases' }],
  },
  {
    id: 'regex-catastrophic',
    wrong: 'a regular expression with catastrophic backtracking in a chart expression',
    setup: (s) => addLayer(s, '{ "transform": [{ "calculate": "test(/(a+)+$/, datum.label)", "as": "t" }], "mark": "point" }'),
    expect: [{ file: `${E}/figures/container-equivalents.vl.json`, at: '(a+)+$', rule: 'chart/expression' }],
  },
  {
    id: 'expression-pad-bomb',
    wrong: 'pad() to a billion characters in a chart expression',
    setup: (s) => addLayer(s, '{ "transform": [{ "calculate": "pad(datum.label, 1e9)", "as": "t" }], "mark": "point" }'),
    expect: [{ file: `${E}/figures/container-equivalents.vl.json`, at: 'pad(datum.label', rule: 'chart/expression' }],
  },
  {
    id: 'sequence-bomb',
    wrong: 'a sequence generator of a billion rows in a layer',
    setup: (s) => addLayer(s, '{ "data": { "sequence": { "start": 0, "stop": 1000000000, "as": "n" } }, "mark": "point", "encoding": { "x": { "field": "n", "type": "quantitative" } } }'),
    expect: [{ file: `${E}/figures.yaml`, at: '- id: container-equivalents', rule: 'limits/data-rows' }],
  },
  {
    id: 'layer-rows',
    wrong: "a layer's own inline data over the row limit (only top-level data was counted)",
    setup: (s) => {
      limitsIn(s, '  maxDataRows: 20');
      addLayer(s, `{ "data": { "values": [${Array.from({ length: 25 }, (_, i) => `{"n": ${i}}`).join(', ')}] }, "mark": "point", "encoding": { "x": { "field": "n", "type": "quantitative" } } }`);
    },
    expect: [{ file: `${E}/figures.yaml`, at: '- id: container-equivalents', rule: 'limits/data-rows' }],
  },
  {
    id: 'huge-chart',
    wrong: 'a chart 100,000 points square (its picture would need tens of gigabytes)',
    setup: (s) => spec(s, 'container-equivalents', '"width": 520,\n  "height": 120,', '"width": 100000,\n  "height": 100000,'),
    expect: [{ file: `${E}/figures.yaml`, at: '- id: container-equivalents', rule: 'limits/raster-pixels' }],
  },
  {
    id: 'huge-spec',
    wrong: 'a 3 MB Vega-Lite spec',
    setup: (s) => spec(s, 'container-equivalents', '"width": 520,', `"description": "${'x'.repeat(3 * 1024 * 1024)}",\n  "width": 520,`),
    expect: [{ file: `${E}/figures.yaml`, at: 'spec: figures/container-equivalents.vl.json', rule: 'limits/file-size' }],
  },
  {
    id: 'template-expansion',
    wrong: 'template partials that call each other twice over, 40 deep',
    setup: (s) => {
      for (let i = 0; i < 40; i++) override(s, `boom${i}`, `{{> boom${i + 1}}}{{> boom${i + 1}}}`);
      override(s, 'boom40', 'boom ');
      override(s, 'bluf-slide', '<slide layout="bluf" title="Bottom line"><p>{{> boom0}}</p></slide>');
    },
    expect: [{ file: 'templates/deck/partials/boom40.hbs', at: null, rule: 'limits/template-output' }],
  },
  {
    id: 'many-errors',
    wrong: 'a sources.yaml of 5,000 wrong entries (every one an error)',
    setup: (s) => write(s, `${E}/sources.yaml`, `sources:\n${'  - x\n'.repeat(5000)}`),
    expect: [
      { file: `${E}/sources.yaml`, at: null, rule: 'limits/errors' },
      ...Array.from({ length: 50 }, (_, i) => ({ file: `${E}/sources.yaml`, at: null as string | null, rule: 'sources/type', line: i + 2 })),
    ],
  },
  // crashes that were
  {
    id: 'spec-yaml-compile-error',
    wrong: 'a spec written as YAML, with a mark that does not exist',
    setup: (s) => write(s, `${E}/figures/container-equivalents.vl.json`, 'data: {values: [{a: 1}]}\nmark: barr\nencoding: {x: {field: a, type: quantitative}}\n'),
    expect: [{ file: `${E}/figures/container-equivalents.vl.json`, at: 'mark: barr', rule: 'chart/compile' }],
  },
  {
    id: 'dataset-named-constructor',
    wrong: 'a spec naming a dataset "constructor" that the edition does not have',
    setup: (s) => spec(s, 'container-equivalents', '"data": { "name": "containers" }', '"data": { "name": "constructor" }'),
    expect: [{ file: `${E}/figures/container-equivalents.vl.json`, at: '"name": "constructor"', rule: 'chart/unknown-dataset' }],
  },
  {
    id: 'base-unsafe-entry',
    wrong: 'a base deck whose zip holds a part named ../../evil',
    setup: (s) => baseDeck(s, [...pptxParts, ['../../evil.txt', Buffer.from('x')]]),
    expect: [{ file: 'series.yaml', at: 'base: corporate.pptx', rule: 'deck/base' }],
  },
  {
    id: 'base-zip-bomb',
    wrong: 'a base deck that unpacks to far more than its size (a zip bomb)',
    setup: (s) => baseDeck(s, [...pptxParts, ['ppt/media/zeros.bin', Buffer.alloc(2 * 1024 * 1024)]], 16),
    expect: [{ file: 'series.yaml', at: 'base: corporate.pptx', rule: 'deck/base' }],
  },
  // all problems in one pass: four mistakes in four stages (schema, references, charts, theme) come back together
  {
    id: 'four-stages-at-once',
    wrong: 'a schema error in judgments.yaml, an unknown source id, a chart field typo and a bad theme colour, in one brief',
    setup: (s) => {
      edit(s, `${E}/judgments.yaml`, 'confidence: high', 'confidence: very high');
      edit(s, `${E}/figures.yaml`, 'sources: [bi-2024]', 'sources: [bi-2025]');
      spec(s, 'fired-vs-produced', '"field": "year"', '"field": "yaer"');
      edit(s, 'series.yaml', 'theme: default', 'theme: default\nthemeOverrides:\n  colors:\n    primary: "#12345"');
    },
    expect: [
      { file: `${E}/figures.yaml`, at: 'bi-2025', rule: 'ref/unknown-source' },
      { file: `${E}/figures/fired-vs-produced.vl.json`, at: '"yaer"', rule: 'chart/unknown-field' },
      { file: `${E}/judgments.yaml`, at: 'very high', rule: 'judgments/enum' },
      { file: 'series.yaml', at: 'primary: "#12345"', rule: 'theme/pattern' },
    ],
  },
  {
    id: 'chart-and-template-at-once',
    wrong: 'a chart field typo and a template never closed: both reported',
    setup: (s) => {
      spec(s, 'fired-vs-produced', '"field": "year"', '"field": "yaer"');
      override(s, 'bluf-slide', '<slide layout="bluf" title="x">\n  {{#if edition.bluf}}<p>x</p>\n</slide>\n');
    },
    expect: [
      { file: `${E}/figures/fired-vs-produced.vl.json`, at: '"yaer"', rule: 'chart/unknown-field' },
      { file: 'templates/deck/partials/bluf-slide.hbs', at: '{{#if', rule: 'template/syntax' },
    ],
  },
  // silently wrong before
  {
    id: 'edition-id-folder',
    wrong: 'an edition copied from another folder with its id unchanged',
    setup: (s) => edit(s, `${E}/edition.yaml`, 'id: 2024-W21', 'id: 2023-W37'),
    expect: [{ file: `${E}/edition.yaml`, at: 'id: 2023-W37', rule: 'edition/id-folder' }],
  },
  {
    id: 'dataset-infinite',
    wrong: 'a dataset value written .inf',
    setup: (s) => edit(s, `${E}/edition.yaml`, 'shells: 3000000,', 'shells: .inf,'),
    expect: [{ file: `${E}/edition.yaml`, at: 'shells: .inf', rule: 'data/not-finite' }],
  },
  {
    id: 'dataset-unquoted-comma',
    wrong: 'a dataset value with an unquoted comma, which YAML reads as a new key',
    setup: (s) => edit(s, `${E}/edition.yaml`, 'label: about 0.5 million,', 'label: about 0.5 million, Hapag-Lloyd,'),
    expect: [{ file: `${E}/edition.yaml`, at: 'Hapag-Lloyd', rule: 'data/unquoted-comma' }],
  },
  {
    id: 'yaml-colon-in-value',
    wrong: 'an unquoted judgment statement with ": " in it',
    setup: (s) => edit(s, `${E}/judgments.yaml`, /statement: (.*)\n/, 'statement: Officials said: $1\n'),
    expect: [{ file: `${E}/judgments.yaml`, at: 'statement: Officials said:', rule: 'yaml/syntax' }],
  },
  {
    id: 'csv-nan',
    wrong: 'a CSV value NaN',
    setup: (s) => {
      const f = path.join(s, E, 'figures', 'fired-vs-produced.csv');
      const lines = readFileSync(f, 'utf8').split('\n');
      lines[1] = lines[1]!.replace(/^([^,]*,[^,]*,)[^,]*/, '$1NaN');
      writeFileSync(f, lines.join('\n'));
    },
    expect: [{ file: `${E}/figures/fired-vs-produced.vl.json`, at: '"data"', rule: 'data/not-finite' }],
  },
];
