/**
 * Corporate templates: the generated slides moved into the organisation's own
 * .pptx/.potx, so the deck keeps its theme, slide masters and layouts. Each
 * slide is re-pointed at a layout of the base (mapped by name), and its media,
 * charts and notes come along. The base's own sample slides are dropped.
 */
import JSZip from 'jszip';
import type { RealizedSlide } from '../../7-realize/types.js';

type SlideLayout = RealizedSlide['layout'];

/** A problem with the base template, reported at `deck.base` in series.yaml. */
export class BaseTemplateError extends Error {}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = {
  slide: 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml',
  notesSlide: 'application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml',
  notesMaster: 'application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  presentation: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  template: 'application/vnd.openxmlformats-officedocument.presentationml.template.main+xml',
};

/** Default base layout names for each Briefsmith layout, best first (PowerPoint's standard names). */
export const defaultLayoutNames: Record<SlideLayout, string[]> = {
  title: ['Title Slide'],
  section: ['Section Header', 'Title Only'],
  bluf: ['Title and Content', 'Title Only'],
  bullets: ['Title and Content', 'Title Only'],
  judgments: ['Title and Content', 'Title Only'],
  figure: ['Title Only', 'Title and Content'],
  'two-column': ['Two Content', 'Title Only', 'Title and Content'],
  table: ['Title Only', 'Title and Content'],
  changes: ['Title and Content', 'Title Only'],
  sources: ['Title and Content', 'Title Only'],
};

/** Most parts a base may hold (PowerPoint's own templates have a few hundred). */
const MAX_PARTS = 10_000;

/** A part name no PowerPoint file has: absolute, with a drive or backslash, or climbing out with "..". */
function unsafePartName(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || name.includes('\0') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..');
}

/** Opens a base package, refusing what no PowerPoint file is. */
export async function openBase(buffer: Buffer, what: string, maxUnpacked = Infinity): Promise<JSZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch {
    throw new BaseTemplateError(`${what} is not a PowerPoint file (it is not a zip package)`);
  }
  const names = Object.keys(zip.files);
  if (names.length > MAX_PARTS) throw new BaseTemplateError(`${what} has ${names.length} parts, more than a PowerPoint file has (${MAX_PARTS} at most)`);
  // JSZip tidies "../x" to "x" as it reads, and keeps the name as written in `unsafeOriginalName`.
  const bad = Object.values(zip.files)
    .map((f) => (f as JSZip.JSZipObject & { unsafeOriginalName?: string }).unsafeOriginalName ?? f.name)
    .find(unsafePartName);
  if (bad !== undefined) throw new BaseTemplateError(`${what} has a part named "${bad.replace(/[^\x20-\x7e]/g, '?')}", which no PowerPoint file has`);
  if (Number.isFinite(maxUnpacked)) await checkUnpackedSize(zip, maxUnpacked, what);
  if (!zip.file('ppt/presentation.xml') || !zip.file('[Content_Types].xml')) throw new BaseTemplateError(`${what} is not a PowerPoint presentation or template (no ppt/presentation.xml)`);
  return zip;
}

/** Unpacks every part, counting, and stops past `max` bytes: a zip "bomb" of a few KB can unpack to gigabytes. */
async function checkUnpackedSize(zip: JSZip, max: number, what: string): Promise<void> {
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > max) {
          stream.pause();
          reject(
            new BaseTemplateError(
              `${what} unpacks to more than ${max >= 1024 * 1024 ? `${Math.round(max / 1024 / 1024)} MB` : `${Math.round(max / 1024)} KB`} (four times limits.maxBaseBytes); it is not an ordinary PowerPoint file`,
            ),
          );
        }
      });
      stream.on('end', () => resolve());
      stream.on('error', () => reject(new BaseTemplateError(`${what} is damaged: a part cannot be unpacked`)));
    });
  }
}

/** An XML part without a document type declaration: PowerPoint never writes one, and its entities could pull in other files. */
function withoutDtd(xml: string): string {
  return xml.replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/gi, '');
}

/** The base's slide size in inches. */
export async function baseSlideSize(buffer: Buffer): Promise<{ width: number; height: number }> {
  const zip = await openBase(buffer, 'the deck base');
  const pres = await zip.file('ppt/presentation.xml')!.async('string');
  const m = /<p:sldSz[^>]*\bcx="(\d+)"[^>]*\bcy="(\d+)"/.exec(pres);
  if (!m) throw new BaseTemplateError('the deck base has no slide size (p:sldSz)');
  return { width: Number(m[1]) / 914400, height: Number(m[2]) / 914400 };
}

/** Checks the base and the series' layout mapping before anything is written; returns the slide size in inches. */
export async function checkBase(buffer: Buffer, mapping: Record<string, string>, maxUnpacked = 4 * 50 * 1024 * 1024): Promise<{ width: number; height: number }> {
  await openBase(buffer, 'the deck base', maxUnpacked);
  const size = await baseSlideSize(buffer);
  const available = await baseLayouts(await openBase(buffer, 'the deck base'));
  if (available.size === 0) throw new BaseTemplateError('the deck base has no slide layouts');
  for (const [layout, name] of Object.entries(mapping)) {
    if (!findLayout(available, name)) throw new BaseTemplateError(`the deck base has no layout named "${name}" (for ${layout} slides); its layouts are: ${[...available.keys()].join(', ')}`);
  }
  return size;
}

/** A layout name reduced to its words, so "Title, Content" names "Title and Content" (as 8-layout/deck/base-layouts.ts compares them). */
const looseName = (name: string) =>
  name
    .toLowerCase()
    .replace(/&|,|\+|\band\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The part of the layout with this name, compared loosely. */
function findLayout(available: Map<string, string>, name: string): string | undefined {
  return available.get(name) ?? [...available].find(([n]) => looseName(n) === looseName(name))?.[1];
}

/** Names of the base's layouts, with their part names. */
export async function baseLayouts(zip: JSZip): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files)
    .filter((n) => /^ppt\/slideLayouts\/[^/]+\.xml$/.test(n))
    .sort()) {
    const xml = await zip.file(name)!.async('string');
    const m = /<p:cSld[^>]*\bname="([^"]*)"/.exec(xml);
    if (m && !out.has(unescapeXml(m[1]!))) out.set(unescapeXml(m[1]!), name);
  }
  return out;
}

/** Text of an XML attribute or element with its five predefined entities decoded. */
export const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * Moves the generated deck's slides into the base package. `layouts` gives the
 * Briefsmith layout of each slide in order; `mapping` the series' layout names.
 */
export async function mergeIntoBase(generated: Buffer, base: Buffer, layouts: SlideLayout[], mapping: Record<string, string>, parts: (string | undefined)[] = []): Promise<Buffer> {
  const gen = await JSZip.loadAsync(generated);
  const out = await openBase(base, 'the deck base');
  const available = await baseLayouts(out);
  if (available.size === 0) throw new BaseTemplateError('the deck base has no slide layouts');
  const layoutFor = (l: SlideLayout): string => {
    const wanted = mapping[l];
    if (wanted) {
      const hit = findLayout(available, wanted);
      if (!hit) throw new BaseTemplateError(`the deck base has no layout named "${wanted}" (for ${l} slides); its layouts are: ${[...available.keys()].join(', ')}`);
      return hit;
    }
    for (const n of defaultLayoutNames[l]) if (findLayout(available, n)) return findLayout(available, n)!;
    return available.values().next().value!;
  };

  // 1. Drop the base's own slides (and their notes).
  let pres = await out.file('ppt/presentation.xml')!.async('string');
  let presRels = await out.file('ppt/_rels/presentation.xml.rels')!.async('string');
  let types = await out.file('[Content_Types].xml')!.async('string');
  for (const m of [...presRels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Type="[^"]*\/slide"[^>]*Target="([^"]+)"[^>]*\/>/g)]) {
    const part = `ppt/${m[2]!.replace(/^\//, '').replace(/^ppt\//, '')}`;
    const rels = part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels');
    const relXml = await out.file(rels)?.async('string');
    for (const n of [...(relXml ?? '').matchAll(/Target="\.\.\/notesSlides\/([^"]+)"/g)]) {
      out.remove(`ppt/notesSlides/${n[1]}`);
      out.remove(`ppt/notesSlides/_rels/${n[1]}.rels`);
      types = types.replace(new RegExp(`<Override PartName="/ppt/notesSlides/${n[1]!.replace('.', '\\.')}"[^>]*/>`), '');
    }
    out.remove(part);
    out.remove(rels);
    presRels = presRels.replace(m[0], '');
    types = types.replace(new RegExp(`<Override PartName="/${part.replace(/\./g, '\\.')}"[^>]*/>`), '');
  }
  pres = pres.replace(/<p:sldIdLst>[\s\S]*?<\/p:sldIdLst>|<p:sldIdLst\/>/, '');
  types = types.replace(CT.template, CT.presentation);

  // 2. A notes master for the speaker notes, if the base has none.
  const themePart = Object.keys(out.files).find((n) => /^ppt\/theme\/[^/]+\.xml$/.test(n)) ?? 'ppt/theme/theme1.xml';
  let notesMaster = Object.keys(out.files).find((n) => /^ppt\/notesMasters\/[^/]+\.xml$/.test(n));
  let nextRel = 1000;
  const rel = () => `rIdBs${nextRel++}`;
  if (!notesMaster && gen.file('ppt/notesMasters/notesMaster1.xml')) {
    notesMaster = 'ppt/notesMasters/notesMaster1.xml';
    out.file(notesMaster, await gen.file(notesMaster)!.async('uint8array'));
    out.file(
      'ppt/notesMasters/_rels/notesMaster1.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/theme" Target="../${themePart.slice(4)}"/></Relationships>`,
    );
    types = types.replace('</Types>', `<Override PartName="/${notesMaster}" ContentType="${CT.notesMaster}"/></Types>`);
    const id = rel();
    presRels = presRels.replace('</Relationships>', `<Relationship Id="${id}" Type="${REL}/notesMaster" Target="notesMasters/notesMaster1.xml"/></Relationships>`);
    const list = `<p:notesMasterIdLst><p:notesMasterId r:id="${id}"/></p:notesMasterIdLst>`;
    pres = /<p:notesMasterIdLst>/.test(pres) ? pres : pres.replace(/(<\/p:sldMasterIdLst>)/, `$1${list}`);
    // (notesMasterIdLst follows sldMasterIdLst directly, before any handoutMasterIdLst.)
  }

  // 3. The generated slides, with what they use, under names that cannot clash with the base's parts.
  const copied = new Map<string, string>(); // generated part → part in the output
  const copyPart = async (from: string, to: string, ct?: string): Promise<void> => {
    if (copied.has(from)) return;
    copied.set(from, to);
    const data = await gen.file(from)!.async('uint8array');
    out.file(to, data);
    if (ct) types = types.replace('</Types>', `<Override PartName="/${to}" ContentType="${ct}"/></Types>`);
  };
  const slideNames = Object.keys(gen.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
  let ids = '';
  for (const [i, slidePart] of slideNames.entries()) {
    const n = i + 1;
    const to = `ppt/slides/slide${n}.xml`;
    await copyPart(slidePart, to, CT.slide);
    let rels = (await gen.file(slidePart.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'))?.async('string')) ?? '';
    rels = await rewriteTargets(rels, 'ppt/slides', async (target, type) => {
      if (type === 'slideLayout') {
        const part = parts[i];
        return `../${(part && out.file(part) ? part : layoutFor(layouts[i] ?? 'bullets')).slice(4)}`;
      }
      if (type === 'notesSlide') {
        const src = `ppt/notesSlides/${target.split('/').pop()}`;
        const dest = `ppt/notesSlides/notesSlide${n}.xml`;
        await copyPart(src, dest, CT.notesSlide);
        const nRels = (await gen.file(src.replace(/notesSlides\/([^/]+)$/, 'notesSlides/_rels/$1.rels'))?.async('string')) ?? '';
        out.file(
          dest.replace(/notesSlides\/([^/]+)$/, 'notesSlides/_rels/$1.rels'),
          nRels.replace(/Target="[^"]*notesMaster[^"]*"/, `Target="../${notesMaster!.slice(4)}"`).replace(/Target="[^"]*slides\/slide\d+\.xml"/, `Target="../slides/slide${n}.xml"`),
        );
        return `../notesSlides/notesSlide${n}.xml`;
      }
      if (type === 'chart') {
        const file = target.split('/').pop()!;
        const dest = `ppt/charts/briefsmith-${file}`;
        await copyPart(`ppt/charts/${file}`, dest, CT.chart);
        const cRels = (await gen.file(`ppt/charts/_rels/${file}.rels`)?.async('string')) ?? '';
        const fixed = await rewriteTargets(cRels, 'ppt/charts', async (t) => {
          const e = t.split('/').pop()!;
          await copyPart(`ppt/embeddings/${e}`, `ppt/embeddings/briefsmith-${e}`);
          return `../embeddings/briefsmith-${e}`;
        });
        out.file(`ppt/charts/_rels/briefsmith-${file}.rels`, fixed);
        return `../charts/briefsmith-${file}`;
      }
      if (type === 'image') {
        const file = target.split('/').pop()!;
        await copyPart(`ppt/media/${file}`, `ppt/media/briefsmith-${file}`);
        return `../media/briefsmith-${file}`;
      }
      return target;
    });
    out.file(`ppt/slides/_rels/slide${n}.xml.rels`, rels);
    const id = rel();
    presRels = presRels.replace('</Relationships>', `<Relationship Id="${id}" Type="${REL}/slide" Target="slides/slide${n}.xml"/></Relationships>`);
    ids += `<p:sldId id="${256 + i}" r:id="${id}"/>`;
  }
  // Why: the schema orders sldMasterIdLst, notesMasterIdLst, handoutMasterIdLst, sldIdLst, sldSz; the list goes right before sldSz.
  pres = pres.replace(/<p:sldSz\b/, `<p:sldIdLst>${ids}</p:sldIdLst><p:sldSz`);
  for (const [ext, ct] of [
    ['png', 'image/png'],
    ['svg', 'image/svg+xml'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ] as const) {
    if (!new RegExp(`Extension="${ext}"`, 'i').test(types)) types = types.replace('</Types>', `<Default Extension="${ext}" ContentType="${ct}"/></Types>`);
  }
  out.file('ppt/presentation.xml', pres);
  out.file('ppt/_rels/presentation.xml.rels', presRels);
  out.file('[Content_Types].xml', types);
  for (const part of ['docProps/core.xml', 'docProps/app.xml']) if (gen.file(part)) out.file(part, await gen.file(part)!.async('uint8array'));
  for (const name of Object.keys(out.files)) {
    if (!/\.(xml|rels)$/i.test(name) || out.files[name]!.dir) continue;
    const xml = await out.file(name)!.async('string');
    if (/<!DOCTYPE/i.test(xml)) out.file(name, withoutDtd(xml));
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

/** Rewrites each relationship's target through `map(target, type)`. */
async function rewriteTargets(rels: string, _dir: string, map: (target: string, type: string) => Promise<string>): Promise<string> {
  let out = rels;
  for (const m of [...rels.matchAll(/<Relationship ([^>]*)\/>/g)]) {
    const attrs = m[1]!;
    const target = /Target="([^"]+)"/.exec(attrs)?.[1];
    const type = /Type="[^"]*\/([^"/]+)"/.exec(attrs)?.[1];
    if (!target || !type || /TargetMode="External"/.test(attrs)) continue;
    const next = await map(target, type);
    if (next !== target) out = out.replace(m[0], m[0].replace(`Target="${target}"`, `Target="${next}"`));
  }
  return out;
}
