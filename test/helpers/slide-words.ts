/**
 * Text boxes of a deck's slides, with the words each holds and its frame in points, and the words LibreOffice
 * drew on each page of the PDF it made of the deck: to check that every box holds its words. A placeholder
 * shape with no frame of its own takes its layout's (or, failing that, its master's) placeholder frame, matched
 * by idx, else by type, as PowerPoint and LibreOffice place it.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { unescapeXml } from './sample.js';

const EMU_PER_PT = 12700;
/** Horizontal slack: pdftotext's word boxes are the glyphs' advances, rounded. */
const TOLERANCE_PT = 2;
/** Vertical slack, as a share of the word's height: pdftotext's word boxes take the face's full ascent and descent. */
const LINE_SLACK = 0.25;

export interface SlideTextBox {
  slide: number;
  name: string;
  /** The placeholder type it fills (`obj` for a `p:ph` without one), if it is a placeholder. */
  placeholder?: string;
  /** Banners, footer, date and slide number: furniture, not the brief's text. */
  furniture: boolean;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  words: string[];
  /** The shape's XML. */
  xml: string;
}

export interface PageWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export { unescapeXml };

/** Pieces a word may be broken into at the end of a line (after a hyphen, dash or slash), so both sides compare alike. */
export const pieces = (word: string) => word.split(/(?<=[-–—/])(?=.)/);

function resolveTarget(from: string, target: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

interface Ph {
  type: string;
  idx?: string;
  frame?: [number, number, number, number];
}

function placeholdersOf(xml: string): Ph[] {
  return (xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).flatMap((sp) => {
    const ph = /<p:ph\b[^>]*?\/?>/.exec(sp)?.[0];
    if (!ph) return [];
    const off = /<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(sp);
    return [
      {
        type: /type="([^"]+)"/.exec(ph)?.[1] ?? 'obj',
        ...(/idx="(\d+)"/.test(ph) ? { idx: /idx="(\d+)"/.exec(ph)![1] } : {}),
        ...(off ? { frame: [1, 2, 3, 4].map((k) => Number(off[k]) / EMU_PER_PT) as [number, number, number, number] } : {}),
      },
    ];
  });
}

const kind = (t: string) => (t === 'ctrTitle' || t === 'title' ? 'title' : t === 'subTitle' || t === 'obj' || t === 'body' ? 'body' : t);

/** Every shape with text on every slide, in points, with the words it holds. */
export async function slideTextBoxes(pptx: string | Buffer): Promise<SlideTextBox[]> {
  const zip = await JSZip.loadAsync(typeof pptx === 'string' ? await readFile(pptx) : pptx);
  const read = async (part: string) => (await zip.file(part)?.async('string')) ?? '';
  const slides = Object.keys(zip.files)
    .filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
  const boxes: SlideTextBox[] = [];
  for (const [i, f] of slides.entries()) {
    const xml = await read(f);
    const rels = await read(f.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'));
    const layoutTarget = /Type="[^"]*\/slideLayout" Target="([^"]+)"/.exec(rels)?.[1];
    const layoutPart = layoutTarget ? resolveTarget(f, layoutTarget) : undefined;
    const layoutXml = layoutPart ? await read(layoutPart) : '';
    const layoutRels = layoutPart ? await read(layoutPart.replace(/slideLayouts\/([^/]+)$/, 'slideLayouts/_rels/$1.rels')) : '';
    const masterTarget = /Type="[^"]*\/slideMaster" Target="([^"]+)"/.exec(layoutRels)?.[1];
    const masterXml = masterTarget && layoutPart ? await read(resolveTarget(layoutPart, masterTarget)) : '';
    const inLayout = placeholdersOf(layoutXml);
    const inMaster = placeholdersOf(masterXml);
    for (const sp of xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []) {
      if (!sp.includes('<p:txBody>')) continue;
      const text = (sp.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []).map((p) => (p.match(/<a:t>([^<]*)<\/a:t>/g) ?? []).map((t) => unescapeXml(t.slice(5, -6))).join(''));
      const words = text.join(' ').split(/\s+/).filter(Boolean).flatMap(pieces);
      if (!words.length) continue;
      const phTag = /<p:ph\b[^>]*?\/?>/.exec(sp)?.[0];
      const type = phTag ? (/type="([^"]+)"/.exec(phTag)?.[1] ?? 'obj') : undefined;
      const idx = phTag ? /idx="(\d+)"/.exec(phTag)?.[1] : undefined;
      let frame: [number, number, number, number] | undefined;
      const off = /<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(sp);
      if (off) frame = [1, 2, 3, 4].map((k) => Number(off[k]) / EMU_PER_PT) as [number, number, number, number];
      else if (type) {
        const match = (list: Ph[]) =>
          (idx !== undefined ? list.find((p) => p.idx === idx) : undefined) ?? list.find((p) => p.type === type && p.idx === idx) ?? list.find((p) => kind(p.type) === kind(type));
        frame = match(inLayout)?.frame ?? match(inMaster)?.frame;
      }
      if (!frame) continue;
      const name = /<p:cNvPr [^>]*name="([^"]*)"/.exec(sp)?.[1] ?? '';
      const furniture = ['ftr', 'dt', 'sldNum', 'hdr'].includes(type ?? '') || /^(Marking|Footer)$/.test(name) || sp.includes('type="slidenum"');
      const [x, y, w, h] = frame;
      boxes.push({ slide: i + 1, name, ...(type ? { placeholder: type } : {}), furniture, x0: x, y0: y, x1: x + w, y1: y + h, words, xml: sp });
    }
  }
  return boxes;
}

/** Words in the slides' tables, per slide (text that is not in a shape). */
export async function tableWords(pptx: string | Buffer): Promise<number> {
  const zip = await JSZip.loadAsync(typeof pptx === 'string' ? await readFile(pptx) : pptx);
  let n = 0;
  for (const f of Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))) {
    const xml = await zip.file(f)!.async('string');
    for (const tbl of xml.match(/<a:tbl>[\s\S]*?<\/a:tbl>/g) ?? [])
      n += (tbl.match(/<a:t>([^<]*)<\/a:t>/g) ?? [])
        .map((t) => unescapeXml(t.slice(5, -6)))
        .join(' ')
        .split(/\s+/)
        .filter(Boolean).length;
  }
  return n;
}

/** The words a PDF draws on each page, with their boxes in points. */
export function pageWords(pdftotext: string, pdf: string): PageWord[][] {
  const html = execFileSync(pdftotext, ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].flatMap((m) =>
        pieces(unescapeXml(m[5]!)).map((text) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text })),
      ),
    );
}

const inside = (w: PageWord, b: SlideTextBox) => {
  const slack = (w.y1 - w.y0) * LINE_SLACK;
  return w.x0 >= b.x0 - TOLERANCE_PT && w.x1 <= b.x1 + TOLERANCE_PT && w.y0 >= b.y0 - slack && w.y1 <= b.y1 + slack;
};

/** Words of a box that were not drawn inside it, with where they went. */
export function escapedWords(box: SlideTextBox, words: PageWord[]): string[] {
  const wanted = new Map<string, number>();
  for (const w of box.words) wanted.set(w, (wanted.get(w) ?? 0) + 1);
  const out: string[] = [];
  for (const [text, count] of wanted) {
    const found = words.filter((w) => w.text === text && inside(w, box)).length;
    if (found < count) {
      const elsewhere = words.find((w) => w.text === text && !inside(w, box));
      out.push(`"${text}"${elsewhere ? ` drawn at ${elsewhere.x0.toFixed(0)},${elsewhere.y0.toFixed(0)}–${elsewhere.x1.toFixed(0)},${elsewhere.y1.toFixed(0)}` : ' not drawn'}`);
    }
  }
  return out;
}
