/**
 * Property-based robustness: random mutations of the sample brief's YAML and
 * Vega-Lite values must end in a built document or in located diagnostics —
 * never in any other error. Bounded runs with a fixed seed (FUZZ_SEED, FUZZ_RUNS).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { BriefError } from '../../src/diagnostics/diagnostic.js';
import { buildDocumentFor, produce } from '../../src/pipeline.js';
import { BuildContext } from '../../src/build-context.js';
import { copySample, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-fuzz-');
afterAll(() => tmp.cleanup());

const files = [
  'series.yaml',
  'editions/2024-W21/edition.yaml',
  'editions/2024-W21/judgments.yaml',
  'editions/2024-W21/sources.yaml',
  'editions/2024-W21/figures.yaml',
  'editions/2024-W21/figures/daily-consumption.vl.json',
  'editions/2024-W21/figures/timeline.vl.json',
  'editions/2024-W21/figures/container-equivalents.vl.json',
];

/** Paths of every scalar in a YAML/JSON document. */
function scalarPaths(node: Node | null | undefined, at: (string | number)[] = []): (string | number)[][] {
  if (isMap(node)) return node.items.flatMap((p) => scalarPaths(p.value as Node, [...at, String((p.key as { value: unknown }).value)]));
  if (isSeq(node)) return node.items.flatMap((n, i) => scalarPaths(n as Node, [...at, i]));
  if (isScalar(node)) return [at];
  return [];
}

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '<script>alert(1)</script>', '../../../etc/passwd', 'file:///etc/passwd', 'http://127.0.0.1:9/x', '{{edition.bluf}}', 'Хасан 두만강', '\u0000', 'a'.repeat(5000)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);

describe('fuzzing', () => {
  it('mutated briefs build or fail with diagnostics, never crash', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.nat(), value, fc.boolean(), async (file, pick, v, remove) => {
        const series = copySample(path.join(tmp.dir, `run-${n++}`));
        const target = path.join(series, file);
        const doc = parseDocument(readFileSync(target, 'utf8'));
        const paths = scalarPaths(doc.contents as Node);
        const p = paths[pick % paths.length]!;
        if (remove) doc.deleteIn(p);
        else doc.setIn(p, v);
        writeFileSync(target, file.endsWith('.json') ? JSON.stringify(doc.toJS(), null, 2) : doc.toString());
        try {
          const ctx = new BuildContext();
          const built = await buildDocumentFor({ input: series }, ctx);
          // Every fourth brief that builds also goes through every emitter.
          if (n % 4 === 0) await produce(built, ['pptx', 'pdf', 'docx'], ctx);
        } catch (err) {
          if (!(err instanceof BriefError)) throw new Error(`${file} ${JSON.stringify(p)} = ${JSON.stringify(v)}${remove ? ' (removed)' : ''}: ${(err as Error).stack}`);
          expect(err.diagnostics.length).toBeGreaterThan(0);
          for (const d of err.diagnostics) expect(d.position.line).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: Number(process.env.FUZZ_SEED ?? 20261121) },
    );
  }, 300_000);

  // Every file a build reads, replaced by something that is not an ordinary file of that kind.
  const everyFile = [
    ...files,
    'editions/2024-W21/figures/timeline.csv',
    'editions/2024-W21/figures/fired-vs-produced.csv',
    'editions/2023-W37/edition.yaml',
    'templates/deck/partials/bluf-slide.hbs',
    'templates/memo/partials/bluf-section.hbs',
  ];
  const kind = fc.constantFrom('symlink-out', 'symlink-dangling', 'symlink-loop', 'fifo', 'folder', 'empty', 'huge', 'binary', 'latin1');

  it('files of every kind and size build or fail with located diagnostics, never hang or crash', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...everyFile), kind, async (file, k) => {
        const series = copySample(path.join(tmp.dir, `kind-${n++}`));
        const target = path.join(series, file);
        mkdirSync(path.dirname(target), { recursive: true });
        rmSync(target, { force: true, recursive: true });
        switch (k) {
          case 'symlink-out':
            symlinkSync('/etc/passwd', target);
            break;
          case 'symlink-dangling':
            symlinkSync('/nonexistent-briefsmith/x', target);
            break;
          case 'symlink-loop':
            symlinkSync(target, target);
            break;
          case 'fifo':
            execFileSync('mkfifo', [target]);
            break;
          case 'folder':
            mkdirSync(target);
            break;
          case 'empty':
            writeFileSync(target, '');
            break;
          case 'huge':
            writeFileSync(target, Buffer.alloc(25 * 1024 * 1024, 0x61));
            break;
          case 'binary':
            writeFileSync(target, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
            break;
          case 'latin1':
            writeFileSync(target, Buffer.from('title: caf\xe9\n', 'latin1'));
            break;
        }
        try {
          await buildDocumentFor({ input: series }, new BuildContext());
        } catch (err) {
          if (!(err instanceof BriefError)) throw new Error(`${file} as ${k}: ${(err as Error).stack}`);
          expect(err.diagnostics.length).toBeGreaterThan(0);
          for (const d of err.diagnostics) expect(d.position.line, `${file} as ${k}: ${d.message}`).toBeGreaterThan(0);
          // No refusal names what lies outside the folder.
          for (const d of err.diagnostics) expect(d.message, `${file} as ${k}`).not.toMatch(/root:|\/etc\/passwd|nonexistent-briefsmith/);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40), seed: Number(process.env.FUZZ_SEED ?? 20261202) },
    );
  }, 300_000);
});
