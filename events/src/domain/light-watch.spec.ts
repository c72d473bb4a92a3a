import type { DomainEvent } from '../index';
import { specFor } from '../testing/specification';
import { lightWatchDecider } from './light-watch';

const spec = specFor(lightWatchDecider);
const record = (to: 'red' | 'yellow' | 'green', reasons: string[] = []) => ({
  type: 'RecordProjectLight' as const,
  data: { projectId: 'p1', to, reasons, on: '2026-06-15' },
  meta: { today: '2026-06-15' },
});
const changed = (from: 'red' | 'yellow' | 'green' | null, to: 'red' | 'yellow' | 'green', reasons: string[] = []): DomainEvent => ({
  type: 'ProjectLightChanged',
  data: { projectId: 'p1', from, to, reasons, on: '2026-06-15' },
});

describe('light watcher: a change is recorded once, with where it came from', () => {
  it('records the first light from nothing, then only changes', () => {
    spec
      .given([])
      .when(record('red', ['计划2026-02开工，已滞后4个月']))
      .then([changed(null, 'red', ['计划2026-02开工，已滞后4个月'])]);
    spec
      .given([changed(null, 'red')])
      .when(record('red'))
      .thenThrows(422, 'light_unchanged');
    spec
      .given([changed(null, 'red')])
      .when(record('green'))
      .then([changed('red', 'green')]);
  });
});
