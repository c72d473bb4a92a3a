import { advance, frame, given, inspection, project, terminated } from './board-test-kit';
import { selectLeaderLinks } from './leader-links';

describe("挂点联系: leaders, their linked projects and this month's visits", () => {
  const state = given(
    ...frame,
    project('p1', { leaderId: 'wang', name: '甲项目' }),
    project('p2', { leaderId: 'wang', name: '乙项目' }),
    project('p3', { leaderId: 'li', name: '丙项目' }),
    project('p4', { name: '无挂点领导' }),
    project('p5', { leaderId: 'li', name: '已终止' }),
    terminated('p5', '2026-02-01'),
    advance('p2', 'signed', 'started', '2026-03-01'),
    inspection('i1', 'p1', '2026-05-03', 'wang'),
    inspection('i2', 'p2', '2026-04-28', 'wang'),
    inspection('i3', 'p3', '2026-05-10', 'zhao'),
  );
  const leaders = selectLeaderLinks(state, { today: '2026-05-20' });

  it("lists each leader's links with this month's visits and the last one, leaving out terminated and unlinked projects", () => {
    expect(leaders.map((l) => l.leaderId).sort()).toEqual(['li', 'wang']);
    const wang = leaders.find((l) => l.leaderId === 'wang')!;
    expect(wang.links.map((l) => [l.projectId, l.visitsThisMonth, l.lastVisit])).toEqual([
      ['p2', 0, '2026-04-28'],
      ['p1', 1, '2026-05-03'],
    ]);
    expect(wang).toMatchObject({ visited: 1, due: 1 });
  });

  it("counts only the linked leader's own visits", () => {
    const li = leaders.find((l) => l.leaderId === 'li')!;
    expect(li.links).toEqual([expect.objectContaining({ projectId: 'p3', visitsThisMonth: 0, lastVisit: null, due: true })]);
  });

  it('wants a weekly visit while a project is under construction', () => {
    const visited = given(
      ...frame,
      project('p2', { leaderId: 'wang' }),
      advance('p2', 'signed', 'started', '2026-03-01'),
      inspection('i1', 'p2', '2026-05-02', 'wang'),
    );
    const [early] = selectLeaderLinks(visited, { today: '2026-05-06' });
    const [late] = selectLeaderLinks(visited, { today: '2026-05-20' });
    expect(early.links[0]).toMatchObject({ weekly: true, visitsThisMonth: 1, due: false });
    expect(late.links[0]).toMatchObject({ weekly: true, visitsThisMonth: 1, due: true });
  });

  it('puts the leaders with links due first and keeps to a scope when asked', () => {
    expect(leaders[0].due).toBeGreaterThanOrEqual(leaders[1].due);
    const scoped = selectLeaderLinks(state, { today: '2026-05-20', include: (p) => p.id === 'p1' });
    expect(scoped).toEqual([expect.objectContaining({ leaderId: 'wang', visited: 1, due: 0 })]);
  });
});
