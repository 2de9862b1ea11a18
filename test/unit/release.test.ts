/**
 * Release control (issue 19): a reader's copy carries nothing they are not cleared for — not in its pages, its
 * metadata, outline, links or attachments, nor in the speaker notes of a deck built for them — and an item that
 * became restricted is not "dropped" for them. Random restrictions over two series (property test), and a copy
 * compared with a build of the brief whose restricted items were deleted by hand.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { BuildContext } from '../../src/build-context.js';
import { loadDistributionList } from '../../src/distribute/distribution-list.js';
import { makeCopies } from '../../src/distribute/make-copies.js';
import { buildDocumentFor, produce } from '../../src/pipeline.js';
import { copySample, pdfPageTexts, repoRoot, sampleDir, tempDir, unescapeXml } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-release-');
afterAll(() => tmp.cleanup());
let n = 0;
const baltic = path.join(repoRoot, 'test', 'fixtures', 'series', 'baltic-seabed');
const copyOf = (series: string) => {
  const dest = path.join(tmp.dir, `s${n++}`);
  cpSync(series, dest, { recursive: true });
  return dest;
};
const latest = (series: string) => path.join(series, 'editions', readdirSync(path.join(series, 'editions')).sort().at(-1)!);
const bare = (s: string) => s.replace(/\s+/g, '');

/** Everything a reader of a PDF can get at: page text, metadata, outline, link targets, attachments. */
async function pdfEverything(pdf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const parts = [...(await pdfPageTexts(pdf))];
  const info = (await doc.getMetadata()).info as Record<string, unknown>;
  parts.push(...['Title', 'Subject', 'Keywords', 'Author'].map((k) => String(info[k] ?? '')));
  const walk = (items: { title: string; items: unknown[] }[] | null): void => items?.forEach((o) => (parts.push(o.title), walk(o.items as never)));
  walk((await doc.getOutline()) as never);
  for (let i = 1; i <= doc.numPages; i++)
    for (const a of await (await doc.getPage(i)).getAnnotations()) parts.push(String((a as { url?: string }).url ?? ''), String((a as { title?: string }).title ?? ''));
  parts.push(JSON.stringify((await doc.getAttachments()) ?? {}));
  await doc.destroy();
  return parts.join('\n');
}

/** A deck's slide text, speaker notes and properties. */
async function deckEverything(pptx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(pptx);
  const names = Object.keys(zip.files).filter((f) => /^(ppt\/(slides|notesSlides)\/[^/]+\.xml|docProps\/core\.xml)$/.test(f));
  const xml = await Promise.all(names.map((f) => zip.file(f)!.async('string')));
  return xml.map((x) => unescapeXml(x.replace(/<[^>]+>/g, ' '))).join('\n');
}

type Restrictable = { map: YAMLMap; strings: string[] };

/** The items of the latest edition that can carry `releasableTo`, with the strings each holds. */
function restrictables(docs: Record<string, Document>): Restrictable[] {
  const out: Restrictable[] = [];
  const str = (m: YAMLMap, ...keys: string[]) => keys.flatMap((k) => (typeof m.get(k) === 'string' ? [m.get(k) as string] : []));
  const seq = (d: Document | undefined, key: string) => (d?.get(key) as YAMLSeq | undefined)?.items.filter(isMap) ?? [];
  for (const j of seq(docs.judgments, 'judgments')) {
    out.push({ map: j, strings: str(j, 'statement', 'discussion') });
    for (const e of (j.get('evidence') as YAMLSeq).items.filter(isMap)) out.push({ map: e, strings: str(e, 'text') });
  }
  for (const f of seq(docs.figures, 'figures'))
    out.push({ map: f, strings: [...str(f, 'title', 'takeaway', 'description'), ...(((f.get('points') as YAMLSeq | undefined)?.toJSON() as string[]) ?? [])] });
  const sets = docs.edition?.get('datasets') as YAMLMap | undefined;
  for (const pair of sets?.items ?? [])
    for (const row of isSeq(pair.value) ? pair.value.items.filter(isMap) : [])
      out.push({ map: row, strings: row.items.flatMap((p) => (typeof p.value === 'object' && p.value && 'value' in p.value && typeof p.value.value === 'string' ? [p.value.value] : [])) });
  return out;
}

describe('release control', () => {
  const tags = ['general', 'korea-desk', 'europe-desk', 'nordic-baltic', 'energy', 'maritime-ops'];

  for (const [name, source] of [
    ['the sample', sampleDir],
    ['the Baltic series', baltic],
  ] as const) {
    it(`leaves nothing restricted in any numbered copy or audience deck, for random restrictions on ${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom('none', 'none', ...tags.slice(1)), { minLength: 60, maxLength: 60 }), async (choice) => {
          const series = copyOf(source);
          const ed = latest(series);
          const files = ['judgments', 'figures', 'edition'] as const;
          const docs = Object.fromEntries(files.map((f) => [f, parseDocument(readFileSync(path.join(ed, `${f}.yaml`), 'utf8'))]));
          const items = restrictables(docs);
          items.forEach((it, i) => {
            const tag = choice[i % choice.length]!;
            if (tag !== 'none') it.map.set('releasableTo', [tag]);
            else it.map.delete('releasableTo');
          });
          // Every figure and judgment needs at least one item left for the general reader to read.
          for (const f of files) writeFileSync(path.join(ed, `${f}.yaml`), docs[f]!.toString());
          const list = await loadDistributionList(series);
          const ctx = new BuildContext();
          let copies;
          try {
            copies = await makeCopies({ input: series, outDir: path.join(tmp.dir, `out${n++}`) }, list, {}, ctx);
          } catch (err) {
            // A restriction can empty a list the schema needs (every judgment of a reader gone): a located error, not a leak.
            expect((err as { diagnostics?: unknown[] }).diagnostics?.length).toBeGreaterThan(0);
            return;
          }
          for (const c of copies.copies) {
            const cleared = (tagsOf: unknown) => !Array.isArray(tagsOf) || tagsOf.some((t) => c.audiences.includes(String(t)));
            const hidden = items.filter((it) => !cleared((it.map.toJSON() as { releasableTo?: unknown }).releasableTo));
            // A string is restricted only if nothing the reader may see has it too: the series' files with the hidden
            // items deleted (other editions, CSVs and the items they may see included).
            const hiddenAt = new Set(hidden.map((h) => items.indexOf(h)));
            const elsewhere = bare(
              [
                ...readdirSync(series, { recursive: true })
                  .map(String)
                  .filter((f) => /\.(ya?ml|csv|json)$/.test(f) && !files.some((k) => path.join(series, f) === path.join(ed, `${k}.yaml`)))
                  .map((f) => readFileSync(path.join(series, f), 'utf8')),
                withoutHidden(docs, hiddenAt),
              ].join('\n'),
            );
            const secrets = hidden.flatMap((h) => h.strings).filter((s) => s.length > 12 && !elsewhere.includes(bare(s)));
            const texts = [await pdfEverything(readFileSync(c.file))];
            const deck = (await produce(await buildDocumentFor({ input: series, audiences: c.audiences }, ctx), ['pptx'], ctx)).get('pptx')!;
            texts.push(await deckEverything(deck));
            const seen = bare(texts.join('\n'));
            for (const s of secrets) expect(seen.includes(bare(s)), `copy ${c.copy} (${c.audiences.join(', ')}) shows "${s.slice(0, 60)}"`).toBe(false);
          }
        }),
        { numRuns: Number(process.env.RELEASE_RUNS ?? 3), seed: Number(process.env.FUZZ_SEED ?? 20261202) },
      );
    }, 300_000);
  }

  it('gives a general reader the same pages as a build of the brief with its restricted items deleted by hand', async () => {
    for (const source of [sampleDir, baltic]) {
      const series = copyOf(source);
      const ed = latest(series);
      // Restrict only items new in this edition (an item restricted since the last one is the next test's case).
      editYaml(path.join(ed, 'judgments.yaml'), (d) => {
        for (const j of (d.get('judgments') as YAMLSeq).items.filter(isMap)) {
          if (j.get('id') === 'detection-gap' || j.get('id') === 'dprk-gains') j.delete('releasableTo');
          if (j.get('id') === 'transactional') j.set('releasableTo', ['korea-desk']);
        }
      });
      const list = await loadDistributionList(series);
      const general = list.recipients.find((r) => r.audiences.length === 1 && r.audiences[0] === 'general')!;
      const copies = await makeCopies({ input: series, outDir: path.join(tmp.dir, `eq${n++}`) }, { ...list, recipients: [general] }, {});
      const copyPages = (await pdfPageTexts(readFileSync(copies.copies[0]!.file))).map((p) => p.replace(/^.*Copy \d+ of 1 — .*\n?/gm, '').trim());

      const byHand = copyOf(series);
      deleteRestricted(latest(byHand));
      const full = (await produce(await buildDocumentFor({ input: byHand }), ['pdf'], new BuildContext())).get('pdf')!;
      const fullPages = (await pdfPageTexts(full)).map((p) => p.trim());
      expect(copyPages.length).toBe(fullPages.length);
      copyPages.forEach((p, i) => expect(p, `${path.basename(source)} page ${i + 1}`).toBe(fullPages[i]));
    }
  }, 120_000);

  it('does not tell an uncleared reader that a judgment restricted since last week was dropped, nor show its note', async () => {
    const list = await loadDistributionList(baltic);
    const copies = await makeCopies({ input: baltic, outDir: path.join(tmp.dir, `drop${n++}`) }, list, {});
    const note = 'Baltic Sentry adds patrol aircraft and ships over the cable routes, though not yet a way to see an anchor drop.';
    for (const c of copies.copies) {
      const text = bare((await pdfPageTexts(readFileSync(c.file))).join(' '));
      const cleared = c.audiences.includes('maritime-ops');
      expect(text.includes(bare("The coastal states' monitoring will still not detect")), c.name).toBe(cleared);
      expect(text.includes(bare(note)), c.name).toBe(cleared);
      expect(text.includes(bare('Judgment 5 of 2024-W47')), c.name).toBe(false);
    }
  }, 120_000);

  it('reports a source that nothing cites any more as dropped, once', async () => {
    const series = copySample(path.join(tmp.dir, `src${n++}`));
    const ed = path.join(series, 'editions', '2024-W21');
    // The opinion column (cited once, by judgment 1's evidence and the timeline) is cited no more.
    editYaml(path.join(ed, 'judgments.yaml'), (d) => {
      for (const j of (d.get('judgments') as YAMLSeq).items.filter(isMap))
        for (const e of (j.get('evidence') as YAMLSeq).items.filter(isMap)) {
          const s = (e.get('sources') as YAMLSeq).items.map((x) => String((x as { value: unknown }).value));
          if (s.includes('opinion-2024-05')) e.set('sources', s.filter((x) => x !== 'opinion-2024-05').length ? s.filter((x) => x !== 'opinion-2024-05') : ['bi-2024']);
        }
    });
    // Make the next edition: the 2024-W21 sources with the opinion column, then one without it.
    const w22 = path.join(series, 'editions', '2024-W22');
    cpSync(ed, w22, { recursive: true });
    writeFileSync(path.join(w22, 'edition.yaml'), readFileSync(path.join(w22, 'edition.yaml'), 'utf8').replace('id: 2024-W21', 'id: 2024-W22').replace('date: "2024-05-20"', 'date: "2024-05-27"'));
    writeFileSync(path.join(w22, 'figures.yaml'), readFileSync(path.join(w22, 'figures.yaml'), 'utf8').replace(', opinion-2024-05]', ']'));
    const { document } = await buildDocumentFor({ input: series, edition: '2024-W22' });
    const changes = document.memo.sections.flatMap((s) => s.blocks).find((b) => b.type === 'changes');
    expect(changes?.type === 'changes' && changes.items.filter((i) => i.kind === 'source-dropped').map((i) => i.id)).toEqual(['opinion-2024-05']);
  }, 60_000);
});

/** The text of the edition's files with the restrictable items at the given indexes deleted. */
function withoutHidden(docs: Record<string, Document>, at: Set<number>): string {
  const clone = Object.fromEntries(Object.entries(docs).map(([k, d]) => [k, parseDocument(d.toString())]));
  const doomed = new Set<unknown>(
    restrictables(clone)
      .filter((_, i) => at.has(i))
      .map((r) => r.map),
  );
  const prune = (node: unknown): void => {
    if (isSeq(node)) node.items = node.items.filter((x) => !doomed.has(x));
    if (isSeq(node) || isMap(node)) for (const x of node.items) prune(isMap(node) ? (x as { value: unknown }).value : x);
  };
  for (const d of Object.values(clone)) prune(d.contents);
  return Object.values(clone)
    .map((d) => d.toString())
    .join('\n');
}

function editYaml(file: string, fn: (d: Document) => void): void {
  const d = parseDocument(readFileSync(file, 'utf8'));
  fn(d);
  writeFileSync(file, d.toString());
}

/** Deletes by hand every item of an edition that has `releasableTo`, and the analyst's notes about them. */
function deleteRestricted(ed: string): void {
  const gone = new Set<string>();
  const prune = (seq: YAMLSeq | undefined) => {
    if (!seq) return;
    seq.items = seq.items.filter((it) => {
      if (!isMap(it)) return true;
      for (const p of it.items) if (isSeq(p.value)) prune(p.value);
      if (!it.has('releasableTo')) return true;
      if (typeof it.get('id') === 'string') gone.add(it.get('id') as string);
      return false;
    });
  };
  for (const f of ['judgments', 'figures']) editYaml(path.join(ed, `${f}.yaml`), (d) => prune(d.get(f) as YAMLSeq));
  editYaml(path.join(ed, 'edition.yaml'), (d) => {
    const sets = d.get('datasets') as YAMLMap | undefined;
    for (const p of sets?.items ?? []) if (isSeq(p.value)) prune(p.value);
    const ind = d.get('indicators') as YAMLMap | undefined;
    for (const p of [...(ind?.items ?? [])]) if (isMap(p.value) && p.value.has('releasableTo')) ind!.delete(p.key);
    const notes = d.get('changeNotes') as YAMLMap | undefined;
    for (const kind of ['judgments', 'figures']) {
      const m = notes?.get(kind) as YAMLMap | undefined;
      for (const id of gone) m?.delete(id);
    }
  });
}
