/**
 * The layering of src/, checked in CI (`npm run lint:deps`): stages import only
 * earlier stages, emitters only serialize what realize and layout made, support
 * code depends on no stage, each heavy library is touched in one folder, and
 * there is no import cycle, type-only imports included.
 */
const stages = ['1-load', '2-validate', '3-editions', '4-charts', '5-template', '6-document', '7-realize', '8-layout', '9-emit'];
const later = (i) => stages.slice(i + 1).join('|');

/** One folder per heavy library: [library, folder that may use it]. */
const libraries = [
  ['pdfkit|svg-to-pdfkit', 'src/9-emit/pdf/'],
  ['pptxgenjs', 'src/9-emit/pptx/'],
  ['docx', 'src/9-emit/docx/'],
  ['jszip|yazl', 'src/9-emit/(pptx|zip)/'],
  ['fontkit|linebreak', 'src/text/'],
  ['handlebars', 'src/5-template/'],
  ['vega|vega-lite|redos-detector', 'src/4-charts/'],
  ['@resvg/resvg-js', 'src/raster/'],
  ['yaml', 'src/1-load/'],
  ['ajv', 'src/2-validate/'],
  ['saxes', 'src/6-document/'],
  ['nodemailer', 'src/distribute/'],
  ['chokidar', 'src/preview/'],
  ['commander', 'src/cli/'],
  ['cli-progress', 'src/batch/'],
  ['csv-parse', 'src/4-charts/'],
];

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make the stage order a lie.', from: {}, to: { circular: true } },
    {
      name: 'emitters-only-serialize',
      severity: 'error',
      comment: 'An emitter reads realized and laid-out documents and its own library; it knows nothing of briefs, templates, charts or editions.',
      from: { path: '^src/9-emit/' },
      to: { path: '^src/(1-load|2-validate|3-editions|4-charts|5-template|6-document|lint|distribute|batch|preview|cli|pipeline|build-context)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'emitters-only-read-types',
      severity: 'error',
      comment: 'From realize and layout, an emitter takes only their types: it never realizes or lays out again.',
      from: { path: '^src/9-emit/' },
      to: { path: '^src/(7-realize|8-layout)/', pathNot: '/types\\.ts$' },
    },
    ...stages.slice(0, -1).map((stage, i) => ({
      name: `stage-order-${stage}`,
      severity: 'error',
      comment: 'A stage imports only itself, earlier stages and support code: src/ reads in the order the stages run.',
      from: { path: `^src/${stage}/` },
      to: { path: `^src/(${later(i)})/` },
    })),
    {
      name: 'support-knows-no-stage',
      severity: 'error',
      comment: 'Support code (text engine, pictures, files, diagnostics, utilities) is used by stages and never uses one.',
      from: { path: '^src/(text|raster|util|diagnostics|files)/' },
      to: { path: '^src/([0-9]-|pipeline|build-context|cli|lint|batch|distribute|preview)' },
    },
    ...libraries.map(([lib, folder]) => ({
      name: `library-in-one-place-${lib.split('|')[0].replace(/[^a-z]/g, '')}`,
      severity: 'error',
      comment: `${lib} is used only in ${folder}.`,
      from: { path: '^src/', pathNot: `^${folder}` },
      to: { path: `node_modules/(${lib})/`, dependencyTypesNot: ['type-only'] },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'] },
    exclude: { path: '^src/types/' },
  },
};
