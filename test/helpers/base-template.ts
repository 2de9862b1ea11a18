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
