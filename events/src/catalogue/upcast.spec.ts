import { EVENT_SCHEMAS, SCHEMA_VERSIONS } from './events';
import { unfoldableReason, validateEventData, validateNewEventData } from './upcast';

const stored = (type: string, data: unknown, schema = SCHEMA_VERSIONS.ProgressReported) => ({ type, data, meta: { schema } });
const progress = () => ({ projectId: 'p1', month: '2026-03', investment: 120, progress: 40 });

describe('validated event data', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a data object that passed its schema for an append is not checked again as that type; a fresh or changed object is', () => {
    const parse = jest.spyOn(EVENT_SCHEMAS.ProgressReported, 'safeParse');
    const data = progress();
    expect(validateNewEventData('ProgressReported', data)).toEqual({ ok: true });
    expect(unfoldableReason(stored('ProgressReported', data))).toBeNull();
    expect(validateEventData('ProgressReported', data)).toEqual({ ok: true });
    expect(parse).toHaveBeenCalledTimes(1);
    // The same content in a new object (as a read from the file gives) is checked: here it is bad.
    const bad = { ...data, progress: 140 };
    expect(unfoldableReason(stored('ProgressReported', bad))).toMatch(/fails the ProgressReported schema/);
    expect(validateEventData('ProgressReported', bad)).toMatchObject({ ok: false });
  });

  it("a reader's check is not remembered (a cold start checks a million objects once each)", () => {
    const parse = jest.spyOn(EVENT_SCHEMAS.ProgressReported, 'safeParse');
    const data = progress();
    expect(validateEventData('ProgressReported', data)).toEqual({ ok: true });
    expect(unfoldableReason(stored('ProgressReported', data))).toBeNull();
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('passing as one type says nothing of another, nor of an older schema version', () => {
    const data = progress();
    expect(validateNewEventData('ProgressReported', data)).toEqual({ ok: true });
    expect(unfoldableReason(stored('ProjectStalled', data))).toMatch(/fails the ProjectStalled schema/);
    expect(validateEventData('ProjectStalled', data)).toMatchObject({ ok: false });
    // Stored under an older version it goes through the upcasters (none registered here: it cannot).
    expect(unfoldableReason(stored('ProgressReported', data, 0))).not.toBeNull();
  });

  it('a refused object is not remembered as checked', () => {
    const data = { ...progress(), month: '2026-13' };
    expect(validateNewEventData('ProgressReported', data)).toMatchObject({ ok: false });
    expect(validateNewEventData('ProgressReported', data)).toMatchObject({ ok: false });
    expect(unfoldableReason(stored('ProgressReported', data))).not.toBeNull();
  });
});
