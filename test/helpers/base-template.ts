/** Makes an organisation's PowerPoint template for tests: distinctive theme color and font, custom layouts with a logo, one sample slide. */
import JSZip from 'jszip';
import pptxModule from 'pptxgenjs';
import type * as PptxTypes from 'pptxgenjs';

const PptxGenJS = ((pptxModule as unknown as { default?: unknown }).default ?? pptxModule) as typeof PptxTypes.default.default;

/** The theme color and font the test template carries. */
export const BASE_ACCENT = 'FF00AA';
export const BASE_FONT = 'Georgia';

/** A .pptx (or, with `template`, a .potx) buffer. */
export async function makeBaseTemplate(template = false): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  const logo = { rect: { x: 11.9, y: 0.45, w: 1.0, h: 0.5, fill: { color: BASE_ACCENT } } };
  const logoText = { text: { text: 'ACME', options: { x: 11.9, y: 0.45, w: 1.0, h: 0.5, color: 'FFFFFF', bold: true, align: 'center' as const, fontSize: 14 } } };
  for (const title of ['Title Slide', 'Title and Content', 'Title Only', 'Section Header', 'ACME Wide Chart']) {
    pptx.defineSlideMaster({ title, background: { color: 'FDF6E3' }, objects: [logo, logoText, { rect: { x: 0, y: 7.2, w: 13.333, h: 0.3, fill: { color: '5A2D82' } } }] } as never);
  }
  const sample = pptx.addSlide({ masterName: 'Title Slide' });
  sample.addText('Delete me: the template sample slide', { x: 1, y: 2, w: 8, h: 1 });
  const buffer = (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
  const zip = await JSZip.loadAsync(buffer);
  const theme = await zip.file('ppt/theme/theme1.xml')!.async('string');
  zip.file(
    'ppt/theme/theme1.xml',
    theme.replace(/<a:accent1>[\s\S]*?<\/a:accent1>/, `<a:accent1><a:srgbClr val="${BASE_ACCENT}"/></a:accent1>`).replace(/<a:latin typeface="[^"]*"/g, `<a:latin typeface="${BASE_FONT}"`),
  );
  if (template) {
    const types = await zip.file('[Content_Types].xml')!.async('string');
    zip.file('[Content_Types].xml', types.replace('presentationml.presentation.main+xml', 'presentationml.template.main+xml'));
  }
  return zip.generateAsync({ type: 'nodebuffer' });
}

/**
 * A template whose layouts have placeholders, as PowerPoint's own do (text styles in the master, frames in the
 * layouts): "Title Slide" (title and subtitle), "Title and Content", "Title Only", "Two Content" and
 * "Section Header", laid out differently from Briefsmith's own slides.
 */
export async function makePlaceholderTemplate(): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  const ph = (name: string, type: string, x: number, y: number, w: number, h: number) => ({ placeholder: { options: { name, type, x, y, w, h }, text: '' } });
  const layouts: [string, object[]][] = [
    ['Title Slide', [ph('title', 'title', 1.0, 2.2, 11.3, 1.4), ph('subtitle', 'body', 1.0, 3.8, 11.3, 1.6)]],
    ['Title and Content', [ph('title', 'title', 0.8, 0.5, 11.7, 1.0), ph('body', 'body', 0.8, 1.7, 11.7, 5.0)]],
    ['Title Only', [ph('title', 'title', 0.8, 0.5, 11.7, 1.0)]],
    ['Two Content', [ph('title', 'title', 0.8, 0.5, 11.7, 1.0), ph('left', 'body', 0.8, 1.7, 5.7, 5.0), ph('right', 'body', 6.8, 1.7, 5.7, 5.0)]],
    ['Section Header', [ph('title', 'title', 0.8, 2.5, 11.7, 1.4), ph('text', 'body', 0.8, 4.0, 11.7, 1.0)]],
  ];
  for (const [title, objects] of layouts) pptx.defineSlideMaster({ title, background: { color: 'FDF6E3' }, objects } as never);
  pptx.addSlide({ masterName: 'Title Slide' }).addText('Delete me', { x: 1, y: 1, w: 4, h: 1 });
  const zip = await JSZip.loadAsync((await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  // pptxgenjs has no subtitle placeholder: the title slide's second one becomes one, as PowerPoint writes it.
  for (const name of Object.keys(zip.files).filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    if (xml.includes('name="Title Slide"')) zip.file(name, xml.replace('type="title"', 'type="ctrTitle"').replace('type="body"', 'type="subTitle"'));
    if (xml.includes('name="Section Header"')) zip.file(name, xml.replace(/<p:sldLayout\b/, '<p:sldLayout type="secHead"'));
  }
  return zip.generateAsync({ type: 'nodebuffer' });
}
