/** Chart SVG → PNG with resvg (used only here), given the theme's font files so text is drawn. */
import { Resvg } from '@resvg/resvg-js';
import type { Theme } from '../theme/theme.js';

/** Renders an SVG at `scale`× its size; text uses the theme's fonts, never the machine's. */
export function rasterizeSvg(svg: string, theme: Theme, scale = 2): Buffer {
  const { heading, body, fallbacks } = theme.fonts;
  const fontFiles = [...new Set([heading.regular, heading.bold, heading.italic, body.regular, ...fallbacks.flatMap((f) => [f.regular, f.bold])])];
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: heading.name },
    background: '#FFFFFF',
  });
  return resvg.render().asPng();
}
