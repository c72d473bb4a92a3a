import { entityIdOf, parseStream, streams } from './streams';

describe('stream catalogue', () => {
  it('reads back every name it makes', () => {
    expect(parseStream(streams.project('p-1'))).toEqual({ kind: 'project', id: 'p-1' });
    expect(parseStream(streams.problem('i1-q2'))).toEqual({ kind: 'problem', id: 'i1-q2' });
    expect(parseStream(streams.inspection('i1'))).toEqual({ kind: 'inspection', id: 'i1' });
    expect(parseStream(streams.taskForce('tf-materials'))).toEqual({ kind: 'taskForce', id: 'tf-materials' });
    expect(parseStream(streams.region('zhaohua-ip'))).toEqual({ kind: 'region', id: 'zhaohua-ip' });
    expect(parseStream(streams.account('li_wei'))).toEqual({ kind: 'account', id: 'li_wei' });
    expect(parseStream(streams.redFlag('2026-03'))).toEqual({ kind: 'redFlag', month: '2026-03' });
    expect(parseStream(streams.lightRules())).toEqual({ kind: 'lightRules' });
    expect(parseStream(streams.auditSeal('2026-04'))).toEqual({ kind: 'auditSeal', month: '2026-04' });
    expect(parseStream(streams.indicator('lizhou', 'industrial-output', 2025))).toEqual({
      kind: 'indicator',
      regionId: 'lizhou',
      metric: 'industrial-output',
      year: 2025,
    });
  });

  it('keeps the first release names where they were already unambiguous', () => {
    expect(streams.indicator('lizhou', 'industrial-output', 2025)).toBe('indicator-lizhou-industrial-output-2025');
    expect(streams.taskForce('x')).toBe('taskforce-x');
  });

  it("never lets a metric with a dash write into another region's indicator stream", () => {
    const park = streams.indicator('zhaohua-ip', 'taxRevenue', 2026);
    const county = streams.indicator('zhaohua', 'ip-taxRevenue', 2026);
    expect(park).not.toBe(county);
    expect(parseStream(park)).toEqual({ kind: 'indicator', regionId: 'zhaohua-ip', metric: 'taxRevenue', year: 2026 });
    expect(parseStream(county)).toEqual({ kind: 'indicator', regionId: 'zhaohua', metric: 'ip-taxRevenue', year: 2026 });
  });

  it('returns null for names it does not make', () => {
    for (const name of [
      '$all',
      'project-',
      'unknown-x',
      'redflag-2026',
      'indicator-a-2026',
      'constructor-x',
      'nodash',
      'audit-2026-04',
      'audit-seal-2026',
    ]) {
      expect(parseStream(name)).toBeNull();
    }
  });

  it('names the entity a command answers with, for each kind of stream', () => {
    expect(entityIdOf({ stream: 'problem-i1-q2', data: {} })).toBe('i1-q2');
    expect(entityIdOf({ stream: 'redflag-2026-10', data: { taskForceId: 'aluminum' } })).toBe('aluminum');
    expect(entityIdOf({ stream: 'indicator-cangxi-taxRevenue-2026', data: {} })).toBe('cangxi-taxRevenue-2026');
    expect(entityIdOf({ stream: 'config-light-rules', data: {} })).toBe('light-rules');
    expect(entityIdOf({ stream: 'audit-seal-2026-04', data: {} })).toBe('2026-04');
  });
});
