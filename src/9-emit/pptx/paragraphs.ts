/**
 * pptxgenjs writes an `<a:pPr>` before every run of a paragraph, but DrawingML
 * allows paragraph properties only as a paragraph's first child: PowerPoint
 * offers to repair such a file and LibreOffice drops the bullet. This keeps the
 * first, in first place, and removes the rest.
 */
import type JSZip from 'jszip';

const PARAGRAPH = /<a:p>([\s\S]*?)<\/a:p>/g;
const PROPERTIES = /<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)/g;

/** A slide's XML with at most one paragraph-properties element per paragraph, in first place. */
export function keepFirstParagraphProperties(xml: string): string {
  return xml.replace(PARAGRAPH, (whole, body: string) => {
    const all = body.match(PROPERTIES);
    if (!all || (all.length === 1 && body.startsWith(all[0]!))) return whole;
    return `<a:p>${all[0]!}${body.replace(PROPERTIES, '')}</a:p>`;
  });
}

/** Applies `keepFirstParagraphProperties` to every slide, layout and master of a deck being written. */
export async function oneParagraphProperties(zip: JSZip): Promise<void> {
  for (const name of Object.keys(zip.files)) {
    if (!/^ppt\/(slides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(name)) continue;
    const xml = await zip.file(name)!.async('string');
    const fixed = keepFirstParagraphProperties(xml);
    if (fixed !== xml) zip.file(name, fixed);
  }
}
