import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ReportChart } from './report-section.js';

// Only what the report draws: keeps the loaded code small. `use` is idempotent.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, AriaComponent, SVGRenderer]);

/**
 * Renders a chart to a static SVG string with ECharts' server-side renderer: no DOM, no script in the
 * output, so the report reads with JavaScript disabled and under a strict content-security policy.
 */
export function renderChartSvg(chart: ReportChart): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chart.widthPx, height: chart.heightPx });
  try {
    instance.setOption(chart.option);
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}
