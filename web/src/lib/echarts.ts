/** Only the ECharts parts the wallboard draws with, so the bundle stays small enough for kiosk PCs. */
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// No TooltipComponent: the map answers hovering itself (see ProjectMap).
echarts.use([GeoComponent, ScatterChart, CanvasRenderer]);

export { echarts };
export type ECharts = echarts.ECharts;
