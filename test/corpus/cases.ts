/**
 * The bad-input corpus: each case breaks a copy of the sample series in one way
 * and lists the diagnostics a user must see (file, the line holding `at`, rule).
 * `test/corpus/README.md` is generated from these cases (UPDATE=1).
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/sample.js';

/** One expected diagnostic: the file (relative to the series), a text on the reported line, and the rule. */
export interface Expect {
  file: string;
  /** A path relative to the series, or `@templates/…` for Briefsmith's built-in templates. */
  /** Text found on the reported line of the (mutated) file; `null` means line 1; `'any'` any line (markup errors are located in the merged template output). */
  at: string | null;
  rule: string;
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
    setup: (s) => spec(s, 'timeline', '"width": 520,', '"width": 520,,'),
    expect: [{ file: `${E}/figures/timeline.vl.json`, at: '"width": 520,,', rule: 'yaml/syntax' }],
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
    expect: [{ file: '@templates/deck/deck.hbs', at: 'any', rule: 'template/markup' }],
  },
  {
    id: 'template-bad-layout',
    wrong: 'a slide layout that does not exist',
    setup: (s) => override(s, 'bluf-slide', '<slide layout="fancy" title="x">\n  <p>x</p>\n</slide>\n'),
    expect: [{ file: '@templates/deck/deck.hbs', at: 'any', rule: 'template/markup' }],
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
    id: 'theme-missing-font',
    wrong: 'a theme naming a font file that does not exist',
    setup: (s) => themeFile(s, (t) => t.replace(/regular: npm:@expo-google-fonts\/noto-serif\/400Regular\/NotoSerif_400Regular.ttf/, 'regular: fonts/MySerif-Regular.ttf')),
    expect: [{ file: 'theme.yaml', at: 'fonts/MySerif-Regular.ttf', rule: 'theme/font-missing' }],
  },
  {
    id: 'theme-font-not-a-font',
    wrong: 'a theme font file that is not a font',
    setup: (s) => {
      write(s, 'fonts/Fake-Regular.ttf', 'this is not a font');
      themeFile(s, (t) => t.replace(/regular: npm:@expo-google-fonts\/noto-serif\/400Regular\/NotoSerif_400Regular.ttf/, 'regular: fonts/Fake-Regular.ttf'));
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
];
