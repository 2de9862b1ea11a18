/**
 * Gives chart pictures an SVG original with their PNG as the fallback, the way
 * PowerPoint 2016+ stores SVG pictures (an `asvg:svgBlip` extension on the blip).
 * pptxgenjs cannot do this in Node: it writes the SVG bytes into the PNG part.
 */
import { createHash } from 'node:crypto';
import type JSZip from 'jszip';

const SVG_EXT_URI = '{96DAC541-7B7A-43D3-8B79-37D633B846F1}';
const SVG_NS = 'http://schemas.microsoft.com/office/drawing/2016/SVG/main';
const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';

/** Key of a PNG, to find the SVG it was rendered from. */
export function pngKey(png: Buffer | Uint8Array): string {
  return createHash('sha256').update(png).digest('hex');
}

/** Adds each chart's SVG beside its PNG and links it from every slide that shows the PNG. */
export async function addSvgOriginals(zip: JSZip, svgByPng: Map<string, string>): Promise<void> {
  const svgFor = new Map<string, string>(); // media png path → media svg path
  for (const name of Object.keys(zip.files).filter((n) => /^ppt\/media\/.+\.png$/.test(n))) {
    const svg = svgByPng.get(pngKey(await zip.file(name)!.async('uint8array')));
    if (!svg) continue;
    const svgName = name.replace(/\.png$/, '.svg');
    zip.file(svgName, svg);
    svgFor.set(name, svgName);
  }
  if (svgFor.size === 0) return;
  for (const relsName of Object.keys(zip.files).filter((n) => /^ppt\/slides\/_rels\/slide\d+\.xml\.rels$/.test(n))) {
    let rels = await zip.file(relsName)!.async('string');
    const slideName = relsName.replace('_rels/', '').replace(/\.rels$/, '');
    let slide = await zip.file(slideName)!.async('string');
    let changed = false;
    for (const m of [...rels.matchAll(/<Relationship Id="([^"]+)" Type="[^"]+\/image" Target="\.\.\/media\/([^"]+\.png)"\/>/g)]) {
      const svgName = svgFor.get(`ppt/media/${m[2]}`);
      if (!svgName) continue;
      const svgId = `${m[1]}svg`;
      rels = rels.replace('</Relationships>', `<Relationship Id="${svgId}" Type="${IMAGE_REL}" Target="../media/${svgName.slice('ppt/media/'.length)}"/></Relationships>`);
      slide = slide.replace(
        new RegExp(`<a:blip r:embed="${m[1]}"(?:/>|></a:blip>)`, 'g'),
        `<a:blip r:embed="${m[1]}"><a:extLst><a:ext uri="${SVG_EXT_URI}"><asvg:svgBlip xmlns:asvg="${SVG_NS}" r:embed="${svgId}"/></a:ext></a:extLst></a:blip>`,
      );
      changed = true;
    }
    if (changed) {
      zip.file(relsName, rels);
      zip.file(slideName, slide);
    }
  }
  const typesName = '[Content_Types].xml';
  const types = await zip.file(typesName)!.async('string');
  if (!types.includes('Extension="svg"')) zip.file(typesName, types.replace('<Types ', '<Types ').replace(/(<Types[^>]*>)/, '$1<Default Extension="svg" ContentType="image/svg+xml"/>'));
}
