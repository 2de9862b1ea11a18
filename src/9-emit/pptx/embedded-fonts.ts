/**
 * Embeds faces in the deck the way PowerPoint does: each font file wrapped as
 * Embedded OpenType (uncompressed, version 2.1) in a ppt/fonts/*.fntdata part,
 * listed in presentation.xml's p:embeddedFontLst. PowerPoint and LibreOffice
 * (through libeot) draw the slides with them.
 */
import { readFileSync } from 'node:fs';
import type JSZip from 'jszip';
import type { EmbeddedFace } from '../../8-layout/deck/types.js';
import type { FontEmbeddingInfo } from '../../text/font-book.js';

const FONT_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/font';
const EOT_VERSION = 0x00020001;
const EOT_MAGIC = 0x504c;

/** A TrueType or OpenType file as an EOT: a little-endian header describing it, then the font unchanged. */
export function embeddedOpenType(font: Buffer, info: FontEmbeddingInfo): Buffer {
  const name = (s: string) => {
    const text = Buffer.from(s, 'utf16le');
    const size = Buffer.alloc(2);
    size.writeUInt16LE(text.length);
    return Buffer.concat([Buffer.alloc(2), size, text]); // padding, size, UTF-16LE name
  };
  const fixed = Buffer.alloc(82);
  let o = 0;
  const u32 = (v: number) => ((o = fixed.writeUInt32LE(v >>> 0, o)), undefined);
  const u16 = (v: number) => ((o = fixed.writeUInt16LE(v, o)), undefined);
  const u8 = (v: number) => ((o = fixed.writeUInt8(v, o)), undefined);
  u32(0); // EOTSize, set below
  u32(font.length);
  u32(EOT_VERSION);
  u32(0); // flags: not compressed, not obfuscated, no subset
  for (let i = 0; i < 10; i++) u8(info.panose[i] ?? 0);
  u8(1); // DEFAULT_CHARSET
  u8(info.italic ? 1 : 0);
  u32(info.weight);
  u16(info.fsType);
  u16(EOT_MAGIC);
  for (const r of info.unicodeRange) u32(r);
  for (const r of info.codePageRange) u32(r);
  u32(info.checkSumAdjustment);
  for (let i = 0; i < 4; i++) u32(0); // reserved
  const names = Buffer.concat([name(info.family), name(info.style), name(info.version), name(info.fullName), name('')]);
  const out = Buffer.concat([fixed.subarray(0, o), names, font]);
  out.writeUInt32LE(out.length, 0);
  return out;
}

/** Adds the faces to a written deck: parts, content type, relationships and the list in presentation.xml. */
export async function addEmbeddedFonts(zip: JSZip, faces: readonly EmbeddedFace[]): Promise<void> {
  if (!faces.length) return;
  const relsPath = 'ppt/_rels/presentation.xml.rels';
  let rels = await zip.file(relsPath)!.async('string');
  let pres = await zip.file('ppt/presentation.xml')!.async('string');
  let types = await zip.file('[Content_Types].xml')!.async('string');
  let n = 0;
  const list = faces.map((face) => {
    const refs = face.styles.map(({ style, file, info }) => {
      n += 1;
      const id = `rIdFont${n}`;
      zip.file(`ppt/fonts/font${n}.fntdata`, embeddedOpenType(readFileSync(file), info));
      rels = rels.replace('</Relationships>', `<Relationship Id="${id}" Type="${FONT_REL}" Target="fonts/font${n}.fntdata"/></Relationships>`);
      return `<p:${style} r:id="${id}"/>`;
    });
    return `<p:embeddedFont><p:font typeface="${xmlAttr(face.name)}"/>${refs.join('')}</p:embeddedFont>`;
  });
  if (!types.includes('Extension="fntdata"')) types = types.replace('<Default ', '<Default Extension="fntdata" ContentType="application/x-fontdata"/><Default ');
  // The list goes after the notes size (and smart tags), as CT_Presentation orders its children.
  const list_ = `<p:embeddedFontLst>${list.join('')}</p:embeddedFontLst>`;
  pres = /<p:smartTags[^>]*\/>/.test(pres) ? pres.replace(/(<p:smartTags[^>]*\/>)/, `$1${list_}`) : pres.replace(/(<p:notesSz[^>]*\/>)/, `$1${list_}`);
  pres = pres.replace(/<p:presentation\b/, '<p:presentation embedTrueTypeFonts="1"');
  zip.file(relsPath, rels);
  zip.file('ppt/presentation.xml', pres);
  zip.file('[Content_Types].xml', types);
}

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
