import type { Light, Stage } from '@battlemap/events';

/** Colours ECharts needs as values (it cannot read CSS variables); kept equal to app.css. */
export const STAGE_COLORS: Record<Stage, string> = {
  negotiating: '#8fa3ff',
  signed: '#36c9ff',
  started: '#ff8f3f',
  completed: '#c58bff',
  operating: '#2ee6d6',
};

export const LIGHT_COLORS: Record<Light, string> = {
  red: '#ff4d4f',
  yellow: '#ffc53d',
  green: '#3ddc84',
};

export const STAGE_ORDER: Stage[] = ['negotiating', 'signed', 'started', 'completed', 'operating'];
