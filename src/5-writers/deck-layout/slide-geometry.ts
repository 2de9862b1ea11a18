/** Slide dimensions and the fixed regions of every slide (banners, title, content, footer), in inches. */
import type { Theme } from '../../2-validate/theme.js';

/** The regions of a slide. */
export interface SlideGeometry {
  width: number;
  height: number;
  bannerHeight: number;
  marginX: number;
  titleY: number;
  titleH: number;
  contentY: number;
  contentH: number;
  footerY: number;
  footerH: number;
}

/** Geometry for the theme's slide size (16:9 is 13.333 × 7.5 in, 4:3 is 10 × 7.5 in), or for `size` when a template sets it. */
export function slideGeometry(theme: Theme, size?: { width: number; height: number }): SlideGeometry {
  const width = size?.width ?? (theme.slide === '4:3' ? 10 : 13.333);
  const height = size?.height ?? 7.5;
  const bannerHeight = 0.3;
  const footerH = 0.3;
  const footerY = height - bannerHeight - footerH - 0.05;
  const titleY = bannerHeight + 0.2;
  const titleH = 0.85;
  const contentY = titleY + titleH + 0.15;
  return { width, height, bannerHeight, marginX: 0.6, titleY, titleH, contentY, contentH: footerY - 0.1 - contentY, footerY, footerH };
}
