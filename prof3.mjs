import { BuildContext } from './dist/src/build-context.js';
import { buildDocumentFor, deckSlides, memoPages } from './dist/src/pipeline.js';
const ctx = new BuildContext();
const input = './data/dprk-russia-munitions';
const built = await buildDocumentFor({ input }, ctx);
deckSlides(built, ctx); memoPages(built, ctx);
ctx.timings.clear();
for (let i = 0; i < 20; i++) { deckSlides(built, ctx); memoPages(built, ctx); }
console.log([...ctx.timings].map(([k, v]) => `${k} ${(v / 20).toFixed(1)}`).join('\n'));
