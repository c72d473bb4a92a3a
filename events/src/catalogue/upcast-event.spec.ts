import { SCHEMA_VERSIONS } from './events';
import { registerUpcaster, upcastEvent } from './upcast';

// Registered for this file only (Jest gives each file its own modules): ProgressReported from a schema
// before the first, whose `percent` became `progress`.
const BEFORE = SCHEMA_VERSIONS.ProgressReported - 1;
registerUpcaster('ProgressReported', BEFORE, (data) => {
  const { percent, ...rest } = data as { percent: number };
  return { ...rest, progress: percent };
});

const event = (schema: number, data: object) => ({
  position: '7',
  stream: 'project-p1',
  type: 'ProgressReported',
  data,
  meta: { schema, recordedAt: 1 },
});

describe('upcastEvent', () => {
  it('answers the event itself when its data is at the current schema', () => {
    const current = event(SCHEMA_VERSIONS.ProgressReported, { projectId: 'p1', month: '2026-03', investment: 120, progress: 40 });
    expect(upcastEvent(current)).toBe(current);
  });

  it('answers a copy with the data upcast when it is older, and leaves the stored event as it was', () => {
    const old = event(BEFORE, { projectId: 'p1', month: '2026-03', investment: 120, percent: 40 });
    const upcast = upcastEvent(old);
    expect(upcast).not.toBe(old);
    expect(upcast).toEqual({ ...old, data: { projectId: 'p1', month: '2026-03', investment: 120, progress: 40 } });
    expect(old.data).toEqual({ projectId: 'p1', month: '2026-03', investment: 120, percent: 40 });
  });

  it('leaves an event of a type this build does not know as it is', () => {
    const unknown = { ...event(1, { x: 1 }), type: 'SomethingNewer' };
    expect(upcastEvent(unknown)).toBe(unknown);
  });
});
