/**
 * Reads what the deck layout needs from an organisation's template before any
 * slide is laid out: the theme's faces, and for each layout its placeholders,
 * with the frame and text size the layout gives them or inherits from its
 * slide master (by type and idx, as PowerPoint resolves them).
 */
import type JSZip from 'jszip';
import type { BaseLayout, BasePlaceholder, BaseProfile, PlaceholderType } from '../../8-layout/deck/types.js';
import { BaseTemplateError, openBase, unescapeXml } from './base-template.js';

const EMU = 914400;
const TYPES = new Set<PlaceholderType>(['title', 'ctrTitle', 'subTitle', 'body', 'obj', 'chart', 'tbl', 'pic', 'dgm', 'media', 'clipArt', 'dt', 'ftr', 'sldNum', 'hdr']);

/** A placeholder as one part (layout or master) writes it; missing values are inherited. */
interface RawPlaceholder {
  type: PlaceholderType;
  idx?: number;
  frame?: [number, number, number, number];
  /** lvl1…lvl9 sizes in points from the shape's list style, else from its sample text. */
  sizes: (number | undefined)[];
  sampleSizes: (number | undefined)[];
  /** The colour of the sample text (LibreOffice's exports keep a master's text colour only there). */
  sampleColor?: string;
  insets: (number | undefined)[];
  anchor?: BasePlaceholder['anchor'];
}

function attr(xml: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(xml);
  return m ? m[1] : undefined;
}

/** Sizes by level from an `a:lstStyle`, `p:titleStyle` or `p:bodyStyle`. */
function levelSizes(style: string | undefined): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  if (!style) return out;
  for (let l = 1; l <= 9; l++) {
    const m = new RegExp(`<a:lvl${l}pPr\\b[^>]*?(?:/>|>([\\s\\S]*?)</a:lvl${l}pPr>)`).exec(style);
    const sz = m?.[1] ? /<a:defRPr\b[^>]*\bsz="(\d+)"/.exec(m[1])?.[1] : undefined;
    out[l - 1] = sz ? Number(sz) / 100 : undefined;
  }
  return out;
}

/** The placeholders of a layout or master part. */
function placeholders(xml: string): RawPlaceholder[] {
  const out: RawPlaceholder[] = [];
  for (const sp of xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []) {
    const ph = /<p:ph\b[^>]*?\/?>/.exec(sp)?.[0];
    if (!ph) continue;
    const t = (attr(ph, 'type') ?? 'obj') as PlaceholderType;
    const idx = attr(ph, 'idx');
    const off = /<a:xfrm\b[^>]*>\s*<a:off x="(-?\d+)" y="(-?\d+)"\s*\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\s*\/>/.exec(sp);
    const body = /<a:bodyPr\b[^>]*?\/?>/.exec(sp)?.[0] ?? '';
    const ins = ['lIns', 'tIns', 'rIns', 'bIns'].map((a) => {
      const v = attr(body, a);
      return v === undefined ? undefined : Number(v) / EMU;
    });
    const anchor = attr(body, 'anchor');
    // Sample text: LibreOffice writes a master's styles as the sizes of its sample paragraphs, one per level.
    const sample: (number | undefined)[] = [];
    for (const p of sp.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []) {
      const lvl = Number(attr(/<a:pPr\b[^>]*>/.exec(p)?.[0] ?? '', 'lvl') ?? 0);
      const sz = /<a:rPr\b[^>]*\bsz="(\d+)"/.exec(p)?.[1];
      if (sz && sample[lvl] === undefined) sample[lvl] = Number(sz) / 100;
    }
    const color = /<a:(?:rPr|endParaRPr)\b[^>]*>\s*<a:solidFill>\s*<a:srgbClr val="([0-9a-fA-F]{6})"/.exec(sp)?.[1];
    out.push({
      ...(color ? { sampleColor: `#${color.toUpperCase()}` } : {}),
      type: TYPES.has(t) ? t : 'obj',
      ...(idx !== undefined ? { idx: Number(idx) } : {}),
      ...(off ? { frame: [Number(off[1]) / EMU, Number(off[2]) / EMU, Number(off[3]) / EMU, Number(off[4]) / EMU] as [number, number, number, number] } : {}),
      sizes: levelSizes(/<a:lstStyle>[\s\S]*?<\/a:lstStyle>/.exec(sp)?.[0]),
      sampleSizes: sample,
      insets: ins,
      ...(anchor ? { anchor: anchor === 'ctr' ? 'middle' : anchor === 'b' ? 'bottom' : 'top' } : {}),
    });
  }
  return out;
}

/** The kind of master placeholder a layout placeholder inherits from. */
const masterKind = (t: PlaceholderType): 'title' | 'body' | PlaceholderType => (t === 'title' || t === 'ctrTitle' ? 'title' : t === 'dt' || t === 'ftr' || t === 'sldNum' || t === 'hdr' ? t : 'body');

/** Resolves each layout placeholder against its master: frame, sizes, insets, anchor. */
function resolve(layout: RawPlaceholder[], master: RawPlaceholder[], txStyles: { title: (number | undefined)[]; body: (number | undefined)[]; other: (number | undefined)[] }): BasePlaceholder[] {
  return layout.flatMap((p): BasePlaceholder[] => {
    const kind = masterKind(p.type);
    const m = master.find((q) => masterKind(q.type) === kind && (kind === 'title' || kind === 'body' || q.idx === p.idx)) ?? master.find((q) => masterKind(q.type) === kind);
    const frame = p.frame ?? m?.frame;
    if (!frame) return [];
    const style = kind === 'title' ? txStyles.title : kind === 'body' ? txStyles.body : txStyles.other;
    const sizes: number[] = [];
    // Whether the template's styles (not merely its sample text) say how large the text is.
    const styled = (p.sizes[0] ?? m?.sizes[0] ?? style[0]) !== undefined;
    for (let l = 0; l < 9; l++) {
      const s = p.sizes[l] ?? m?.sizes[l] ?? style[l] ?? m?.sampleSizes[l] ?? (l === 0 ? p.sampleSizes[0] : undefined);
      if (s === undefined) break;
      sizes.push(s);
    }
    if (!sizes.length) sizes.push(kind === 'title' ? 44 : kind === 'body' ? 18 : 12);
    // DrawingML's default insets: 0.1 in left and right, 0.05 in top and bottom.
    const defaults = [0.1, 0.05, 0.1, 0.05];
    const insets = [0, 1, 2, 3].map((i) => p.insets[i] ?? m?.insets[i] ?? defaults[i]!) as [number, number, number, number];
    const [x, y, w, h] = frame;
    const ink = p.sampleColor ?? m?.sampleColor;
    const ambiguous = layout.filter((q) => q.type === p.type && q.idx === p.idx).length > 1;
    return [
      {
        type: p.type,
        ...(p.idx !== undefined ? { idx: p.idx } : {}),
        x,
        y,
        w,
        h,
        sizes,
        insets,
        anchor: p.anchor ?? m?.anchor ?? (kind === 'title' ? 'middle' : 'top'),
        styled,
        ...(ambiguous ? { ambiguous } : {}),
        ...(!styled && ink ? { color: ink } : {}),
      },
    ];
  });
}

function themeFace(theme: string, which: 'major' | 'minor'): string {
  const block = new RegExp(`<a:${which}Font>([\\s\\S]*?)</a:${which}Font>`).exec(theme)?.[1] ?? '';
  return unescapeXml(/<a:latin\b[^>]*\btypeface="([^"]*)"/.exec(block)?.[1] ?? '') || 'Calibri';
}

/** The part a relationship in `relsPart` points at, as a package path. */
function target(rels: string, type: string, from: string): string | undefined {
  const m = new RegExp(`<Relationship\\b[^>]*Type="[^"]*/${type}"[^>]*>`).exec(rels)?.[0];
  const t = m ? attr(m, 'Target') : undefined;
  if (!t) return undefined;
  if (t.startsWith('/')) return t.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** Reads the profile of an organisation's template. */
export async function readBaseProfile(buffer: Buffer, mapping: Record<string, string> = {}): Promise<BaseProfile> {
  const zip: JSZip = await openBase(buffer, 'the deck base');
  const read = async (part: string): Promise<string> => (await zip.file(part)?.async('string')) ?? '';
  const pres = await read('ppt/presentation.xml');
  const size = /<p:sldSz[^>]*\bcx="(\d+)"[^>]*\bcy="(\d+)"/.exec(pres);
  if (!size) throw new BaseTemplateError('the deck base has no slide size (p:sldSz)');
  const themePart = Object.keys(zip.files).find((n) => /^ppt\/theme\/theme1\.xml$/.test(n)) ?? Object.keys(zip.files).find((n) => /^ppt\/theme\/[^/]+\.xml$/.test(n));
  const theme = themePart ? await read(themePart) : '';
  const masters = new Map<string, { phs: RawPlaceholder[]; styles: { title: (number | undefined)[]; body: (number | undefined)[]; other: (number | undefined)[] } }>();
  const layouts: BaseLayout[] = [];
  const seen = new Set<string>();
  for (const part of Object.keys(zip.files)
    .filter((n) => /^ppt\/slideLayouts\/[^/]+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1] ?? 0) - Number(/(\d+)\.xml$/.exec(b)?.[1] ?? 0))) {
    const xml = await read(part);
    const name = unescapeXml(/<p:cSld[^>]*\bname="([^"]*)"/.exec(xml)?.[1] ?? '');
    if (!name || seen.has(part)) continue;
    const masterPart = target(await read(part.replace(/slideLayouts\/([^/]+)$/, 'slideLayouts/_rels/$1.rels')), 'slideMaster', part);
    let master = masterPart ? masters.get(masterPart) : undefined;
    if (masterPart && !master) {
      const mx = await read(masterPart);
      const tx = /<p:txStyles>[\s\S]*?<\/p:txStyles>/.exec(mx)?.[0] ?? '';
      master = {
        phs: placeholders(mx.replace(/<p:txStyles>[\s\S]*?<\/p:txStyles>/, '')),
        styles: {
          title: levelSizes(/<p:titleStyle>[\s\S]*?<\/p:titleStyle>/.exec(tx)?.[0]),
          body: levelSizes(/<p:bodyStyle>[\s\S]*?<\/p:bodyStyle>/.exec(tx)?.[0]),
          other: levelSizes(/<p:otherStyle>[\s\S]*?<\/p:otherStyle>/.exec(tx)?.[0]),
        },
      };
      masters.set(masterPart, master);
    }
    seen.add(part);
    const type = attr(/<p:sldLayout\b[^>]*>/.exec(xml)?.[0] ?? '', 'type');
    layouts.push({ name, part, ...(type ? { type } : {}), placeholders: resolve(placeholders(xml), master?.phs ?? [], master?.styles ?? { title: [], body: [], other: [] }) });
  }
  if (!layouts.length) throw new BaseTemplateError('the deck base has no slide layouts');
  return { width: Number(size[1]) / EMU, height: Number(size[2]) / EMU, fonts: { major: themeFace(theme, 'major'), minor: themeFace(theme, 'minor') }, layouts, mapping };
}
