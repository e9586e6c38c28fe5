/**
 * ECharts, with only the chart types and components the lab uses (tree-shaken), and one helper
 * that mounts a chart in an element, resizes it with the element and disposes it when replaced.
 */
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, HeatmapChart, LineChart, DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type ChartOption = EChartsCoreOption;

const charts = new WeakMap<HTMLElement, echarts.ECharts>();
/** Options for charts whose element has no size yet (a hidden tab): drawn when it gets one. */
const pending = new WeakMap<HTMLElement, ChartOption>();
const observer = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const element = entry.target as HTMLElement;
    const option = pending.get(element);
    if (option && element.clientWidth > 0 && element.clientHeight > 0) {
      pending.delete(element);
      chart(element, option);
    } else charts.get(element)?.resize();
  }
});

/** Shows `option` in `element` (a chart of its own, reused on later calls; animation off: data first). */
export function chart(element: HTMLElement, option: ChartOption): void {
  if (element.clientWidth === 0 || element.clientHeight === 0) {
    pending.set(element, option);
    observer.observe(element);
    return;
  }
  let instance = charts.get(element);
  if (!instance || instance.isDisposed()) {
    instance = echarts.init(element, undefined, { renderer: 'canvas' });
    charts.set(element, instance);
    observer.observe(element);
  }
  instance.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, { notMerge: true });
}

/** A div sized for a chart; class names set the height (see lab.css). */
export function chartBox(className = 'chart'): HTMLDivElement {
  const div = document.createElement('div');
  div.className = className;
  return div;
}

export const PALETTE = { isolated: '#9aa5b1', cross: '#5b8def', portfolio: '#1f9d6b', loss: '#d64545', var: '#e8a33d', es: '#d64545' };
