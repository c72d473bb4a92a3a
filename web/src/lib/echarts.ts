/** Only the ECharts parts the wallboard draws with, so the bundle stays small enough for kiosk PCs. */
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([GeoComponent, TooltipComponent, ScatterChart, CanvasRenderer, LabelLayout]);

export { echarts };
export type ECharts = echarts.ECharts;
