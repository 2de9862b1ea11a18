/** The series theme as a Vega-Lite config, so charts share the deck's and memo's fonts and colors. */
import type { Config } from 'vega-lite';
import type { Theme } from '../2-validate/theme.js';

/** Vega-Lite config derived from the theme's design tokens. */
export function vegaLiteConfig(theme: Theme): Config {
  const font = theme.fonts.heading.name;
  const size = theme.sizes.chart;
  const { colors } = theme;
  const axis = {
    labelFont: font,
    titleFont: font,
    labelFontSize: size,
    titleFontSize: size,
    labelColor: colors.muted,
    titleColor: colors.text,
    titleFontWeight: 'bold' as const,
    domainColor: colors.muted,
    tickColor: colors.muted,
    gridColor: colors.rule,
    gridOpacity: 0.6,
  };
  return {
    font,
    background: colors.background,
    padding: 8,
    view: { stroke: null, continuousWidth: 520, continuousHeight: 260 },
    range: { category: colors.chart },
    mark: { color: colors.chart[0] },
    axis,
    legend: { labelFont: font, titleFont: font, labelFontSize: size, titleFontSize: size, labelColor: colors.text, titleColor: colors.text, orient: 'bottom', symbolOpacity: 1 },
    header: { labelFont: font, titleFont: font, labelFontSize: size, titleFontSize: size },
    title: { font, fontSize: size + 2, color: colors.text, anchor: 'start', subtitleFont: font, subtitleColor: colors.muted },
    text: { font, fontSize: size, color: colors.text },
  } as Config;
}
