/** Native, editable PowerPoint charts from the writer-neutral NativeChart description (pptxgenjs charts). */
import type * as PptxTypes from 'pptxgenjs';
import type { NativeChart } from '../../7-realize/types.js';

type Pptx = InstanceType<typeof PptxTypes.default.default>;
type Slide = PptxTypes.default.Slide;

/** Where and how to draw the chart. */
export interface NativeChartPlacement {
  x: number;
  y: number;
  w: number;
  h: number;
  name: string;
  alt: string;
  font: string;
  size: number;
  textColor: string;
  gridColor: string;
}

const hex = (c: string) => c.replace('#', '').toUpperCase();

/** Adds `chart` to the slide as a real PowerPoint chart whose data the user can edit. */
export function addNativeChart(pptx: Pptx, slide: Slide, chart: NativeChart, at: NativeChartPlacement): void {
  const type = {
    bar: pptx.ChartType.bar,
    line: pptx.ChartType.line,
    area: pptx.ChartType.area,
    pie: pptx.ChartType.pie,
    doughnut: pptx.ChartType.doughnut,
    scatter: pptx.ChartType.scatter,
  }[chart.kind];
  // Why: PowerPoint draws horizontal bars bottom-up; reversing the data keeps the spec's top-to-bottom order
  // while the value axis stays at the bottom. Side-by-side horizontal series are reversed for the same reason.
  const order = <T>(list: T[]): T[] => (chart.horizontal ? [...list].reverse() : list);
  const series = chart.horizontal && chart.grouping === 'clustered' ? [...chart.series].reverse() : chart.series;
  const data =
    chart.kind === 'scatter'
      ? [{ name: 'X', values: series[0]?.xValues ?? [] }, ...series.map((s) => ({ name: s.name, values: s.values }))]
      : series.map((s) => ({ name: s.name, labels: order(chart.categories), values: order(s.values) }));
  const text = { fontFace: at.font, fontSize: at.size, color: hex(at.textColor) };
  // Why: one color per series; pptxgenjs colors the points of a one-series bar chart one by one only when given
  // several colors, which the chart asks for (pointColors) only when Vega-Lite colors the bars by their category.
  const colors = chart.pointColors ? order(chart.pointColors) : series.map((s) => s.color);
  const value = chart.valueAxis;
  const x = chart.xAxis;
  slide.addChart(
    type as never,
    data as never,
    {
      x: at.x,
      y: at.y,
      w: at.w,
      h: at.h,
      objectName: at.name,
      altText: at.alt,
      chartColors: colors.map(hex),
      valAxisMinVal: value?.min,
      valAxisMaxVal: value?.max,
      valAxisMajorUnit: value?.majorUnit,
      catAxisMinVal: x?.min,
      catAxisMaxVal: x?.max,
      catAxisMajorUnit: x?.majorUnit,
      barDir: chart.horizontal ? 'bar' : 'col',
      barGrouping: chart.grouping,
      showLegend: chart.showLegend,
      legendPos: 'b',
      legendFontFace: text.fontFace,
      legendFontSize: text.fontSize,
      legendColor: text.color,
      showValue: chart.showValues,
      dataLabelFormatCode: chart.labelFormat,
      dataLabelFontFace: text.fontFace,
      dataLabelFontSize: text.fontSize,
      dataLabelColor: text.color,
      // Why: PowerPoint repairs a file whose stacked bars have labels outside their ends.
      dataLabelPosition: chart.kind === 'bar' ? (chart.grouping === 'clustered' ? 'outEnd' : 'ctr') : undefined,
      valAxisLabelFormatCode: value?.numberFormat ?? chart.labelFormat,
      catAxisLabelFontFace: text.fontFace,
      catAxisLabelFontSize: text.fontSize,
      catAxisLabelColor: text.color,
      valAxisLabelFontFace: text.fontFace,
      valAxisLabelFontSize: text.fontSize,
      valAxisLabelColor: text.color,
      showCatAxisTitle: !!chart.categoryTitle,
      catAxisTitle: chart.categoryTitle,
      showValAxisTitle: !!chart.valueTitle,
      valAxisTitle: chart.valueTitle,
      catAxisTitleFontFace: text.fontFace,
      valAxisTitleFontFace: text.fontFace,
      catAxisTitleFontSize: text.fontSize,
      valAxisTitleFontSize: text.fontSize,
      valGridLine: { color: hex(at.gridColor), size: 0.75 },
      catGridLine: { style: 'none' },
      lineDataSymbol: chart.kind === 'scatter' || chart.markers ? 'circle' : 'none',
      chartColorsOpacity: chart.opacity === undefined ? undefined : Math.round(chart.opacity * 100),
      lineSize: chart.kind === 'scatter' ? 0 : 2,
      holeSize: chart.kind === 'doughnut' ? (chart.holeSize ?? 55) : undefined,
    } as never,
  );
}
