/**
 * Text in an organisation's template's placeholders: each shape says which
 * placeholder of the layout it fills (`p:ph` type and idx) and has an empty
 * `p:spPr`, so the template places it; its runs have no colour, face or size
 * of their own (a size only where fitting needed a smaller one), so the
 * template's styles apply. Paragraphs carry the exact line pitch and spacing
 * they were measured with. pptxgenjs cannot write such shapes; they are added
 * to the slide XML after it.
 */
import type JSZip from 'jszip';
import type { DeckPara, LaidOutSlide, PlaceholderFill, TextBox } from '../../8-layout/deck/types.js';

const EMU = 914400;
const HLINK = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const emu = (inches: number) => Math.round(inches * EMU);

/** Placeholder shapes of one slide, and the hyperlinks they use. */
export interface SlidePlaceholders {
  shapes: string[];
  links: { id: string; url: string }[];
}

function ph(fill: PlaceholderFill): string {
  return `<p:ph${fill.type !== 'obj' ? ` type="${fill.type}"` : ''}${fill.idx !== undefined ? ` idx="${fill.idx}"` : ''}/>`;
}

function spPr(fill: PlaceholderFill): string {
  const f = fill.frame;
  return f ? `<p:spPr><a:xfrm><a:off x="${emu(f.x)}" y="${emu(f.y)}"/><a:ext cx="${emu(f.w)}" cy="${emu(f.h)}"/></a:xfrm></p:spPr>` : '<p:spPr/>';
}

/**
 * The shape's list style: empty, or the colour the template shows only in its sample text (LibreOffice's exports
 * have no text styles, so readers would draw black on any background).
 */
function listStyle(fill: PlaceholderFill): string {
  if (!fill.color) return '<a:lstStyle/>';
  const solid = `<a:defRPr><a:solidFill><a:srgbClr val="${fill.color.replace('#', '').toUpperCase()}"/></a:solidFill></a:defRPr>`;
  return `<a:lstStyle>${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((l) => `<a:lvl${l}pPr>${solid}</a:lvl${l}pPr>`).join('')}</a:lstStyle>`;
}

function shape(id: number, name: string, fill: PlaceholderFill, paras: string): string {
  return (
    `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${esc(name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>${ph(fill)}</p:nvPr></p:nvSpPr>` +
    // Why noAutofit: the text was fitted when laid out; LibreOffice shrinks a normAutofit body's text even when it fits.
    `${spPr(fill)}<p:txBody><a:bodyPr><a:noAutofit/></a:bodyPr>${listStyle(fill)}${paras}</p:txBody></p:sp>`
  );
}

/** Builds the placeholder shapes of every slide; `footer` is the footer text. */
export function placeholderShapes(slides: LaidOutSlide[], footer: string, lang: string): SlidePlaceholders[] {
  return slides.map((s) => {
    const out: SlidePlaceholders = { shapes: [], links: [] };
    let id = 900;
    const link = (url: string): string => {
      const hit = out.links.find((l) => l.url === url);
      if (hit) return hit.id;
      const next = { id: `rIdBsLink${out.links.length + 1}`, url };
      out.links.push(next);
      return next.id;
    };
    for (const b of s.boxes) if (b.kind === 'text' && b.placeholder) out.shapes.push(shape(id++, b.name, b.placeholder, paragraphs(b, lang, link)));
    const size = (f: PlaceholderFill) => (f.size ? ` sz="${Math.round(f.size * 100)}"` : '');
    if (s.base?.footer) out.shapes.push(shape(id++, 'Footer', s.base.footer, `<a:p><a:r><a:rPr lang="${lang}"${size(s.base.footer)}/><a:t>${esc(footer)}</a:t></a:r></a:p>`));
    if (s.base?.slideNumber)
      out.shapes.push(
        shape(
          id++,
          'Slide number',
          s.base.slideNumber,
          `<a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum"><a:rPr lang="${lang}"${size(s.base.slideNumber)}/><a:t>‹#›</a:t></a:fld></a:p>`,
        ),
      );
    return out;
  });
}

/** A box's paragraphs with nothing of their own but structure, spacing and emphasis. */
function paragraphs(box: TextBox, lang: string, link: (url: string) => string): string {
  const sz = box.placeholder?.size ? ` sz="${Math.round(box.placeholder.size * 100)}"` : '';
  const title = box.role === 'title';
  return box.paras
    .map((p: DeckPara) => {
      const m = p.margins;
      const attrs = [
        p.bullet ? ` lvl="${Math.min(8, p.bullet - 1)}"` : '',
        m ? ` marL="${emu(m.left)}" marR="${emu(m.right)}" indent="${emu(m.indent)}"` : '',
        p.align ? ` algn="${p.align === 'center' ? 'ctr' : p.align === 'right' ? 'r' : 'l'}"` : '',
      ].join('');
      const spacing =
        `<a:lnSpc><a:spcPts val="${Math.round(box.lineHeightPt * 100)}"/></a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef>` +
        `<a:spcAft><a:spcPts val="${Math.round((p.spaceAfterPt ?? 0) * 100)}"/></a:spcAft>${m ? (p.bullet ? '<a:buChar char="•"/>' : '<a:buNone/>') : ''}`;
      const runs = p.runs
        .flatMap((r) => (r.url ? r.text.split(/(?<=\s)(?=\S)/).map((text) => ({ ...r, text })) : [r]))
        .map((r) => {
          const style = [!title && r.bold ? ' b="1"' : '', r.italic ? ' i="1"' : '', r.underline ? ' u="sng"' : '', r.strike ? ' strike="sngStrike"' : ''].join('');
          const inner = r.url ? `<a:hlinkClick r:id="${link(r.url)}"/>` : '';
          return `<a:r><a:rPr lang="${lang}"${sz}${style} dirty="0"${inner ? `>${inner}</a:rPr>` : '/>'}<a:t>${esc(r.text)}</a:t></a:r>`;
        })
        .join('');
      return `<a:p><a:pPr${attrs}>${spacing}</a:pPr>${runs}<a:endParaRPr lang="${lang}"${sz} dirty="0"/></a:p>`;
    })
    .join('');
}

/** Puts each slide's placeholder shapes first in its shape tree (under the banners and chips), with their links. */
export async function addPlaceholderShapes(zip: JSZip, slides: SlidePlaceholders[]): Promise<void> {
  for (const [i, s] of slides.entries()) {
    if (!s.shapes.length) continue;
    const part = `ppt/slides/slide${i + 1}.xml`;
    const xml = await zip.file(part)!.async('string');
    const at = xml.indexOf('</p:grpSpPr>');
    if (at < 0) throw new Error(`${part} has no shape tree`);
    zip.file(part, xml.slice(0, at + 12) + s.shapes.join('') + xml.slice(at + 12));
    if (!s.links.length) continue;
    const relsPart = `ppt/slides/_rels/slide${i + 1}.xml.rels`;
    const rels = await zip.file(relsPart)!.async('string');
    zip.file(relsPart, rels.replace('</Relationships>', `${s.links.map((l) => `<Relationship Id="${l.id}" Type="${HLINK}" Target="${esc(l.url)}" TargetMode="External"/>`).join('')}</Relationships>`));
  }
}
