// Baseline for the cold-build ratio: a bare script that only renders the sample's
// charts with vega + resvg (no validation, templates, deck or memo).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';

const dir = process.argv[2];
const fontFiles = process.argv.slice(3);
for (const f of ['fired-vs-produced', 'daily-consumption', 'container-equivalents', 'timeline']) {
  const spec = JSON.parse(readFileSync(path.join(dir, `${f}.vl.json`), 'utf8'));
  if (spec.data?.name)
    spec.data = {
      values: [
        { calibre: 'a', shells: 1 },
        { calibre: 'b', shells: 2 },
      ],
    };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', loader: vega.loader({ baseURL: `${dir}/`, mode: 'file' }) });
  const svg = await view.toSVG();
  new Resvg(svg, { fitTo: { mode: 'zoom', value: 3 }, font: { fontFiles, loadSystemFonts: false } }).render().asPng();
}
