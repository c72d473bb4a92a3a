/**
 * The board the console's browser suite works on, built through the public API: Guangyuan's city,
 * counties and task forces, a screen for the wallboard, and supervisors with their scopes:
 *
 *   王芳  wang   利州区 (region)        p-alu (signed), p-alu2 (started, with reports, an inspection
 *                                      and problems), p-lz-red (stalled: red), p-lz-late (start slipped: yellow)
 *   李强  li     铝基新材料 (task force)  p-alu, p-alu2 (the second person on one project)
 *   赵敏  zhao   昭化区 (region)        z-01 … z-20 (month-end reporting)
 *   孙立  sun    苍溪县 (region)        p-kiwi (out of 王芳's scope; revoked from 孙立 mid-edit)
 *
 * Every business date is today in China time, or earlier months for the progress history.
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chinaDay, streams } from '@battlemap/events';
import { Api } from './http-client';
import { ROOT, RunningServer, startServer, tempDataDir } from './server';
import { TASK_FORCES, seedCityAndScreen, siteIn, type CountyId } from './wallboard-world';

export const ADMIN_PASSWORD = 'console-admin-password';
export const PASSWORD = 'console-password-1';

export const PEOPLE = {
  wang: { displayName: '王芳', scopes: { taskForces: [], regions: ['lizhou'] } },
  li: { displayName: '李强', scopes: { taskForces: ['aluminum'], regions: [] } },
  zhao: { displayName: '赵敏', scopes: { taskForces: [], regions: ['zhaohua'] } },
  sun: { displayName: '孙立', scopes: { taskForces: [], regions: ['cangxi'] } },
} as const;
export type Person = keyof typeof PEOPLE;

export const PROJECTS = {
  alu: { id: 'p-alu', name: '广元铝基新材料精深加工项目' },
  alu2: { id: 'p-alu2', name: '利州铝合金轮毂智能制造项目' },
  red: { id: 'p-lz-red', name: '利州区电子信息产业园项目' },
  late: { id: 'p-lz-late', name: '利州区绿色家居产业园项目' },
  kiwi: { id: 'p-kiwi', name: '苍溪红心猕猴桃精深加工项目' },
} as const;

export const MONTH_END_PROJECTS = Array.from({ length: 20 }, (_, i) => ({
  id: `z-${String(i + 1).padStart(2, '0')}`,
  name: `昭化区重点项目${String(i + 1).padStart(2, '0')}号（${['食品', '物流', '能源', '建材'][i % 4]}）`,
}));

export interface ConsoleWorld {
  server: RunningServer;
  api: Api;
  admin: string;
  screenToken: string;
  today: string;
  consoleUrl(path?: string): string;
  boardUrl(): string;
  dispose(): Promise<void>;
}

/**
 * A copy of the browser suites' build (web/dist-test, else web/dist), beside the store: a rebuild of the
 * web while the suite runs (another suite, a developer) must not pull the pages out from under it.
 */
function webDist(dataDir: string): string {
  for (const dir of ['dist-test', 'dist']) {
    const dist = join(ROOT, 'web', dir);
    if (!existsSync(join(dist, 'console.html'))) continue;
    const copy = join(dataDir, 'web');
    cpSync(dist, copy, { recursive: true });
    return copy;
  }
  throw new Error('web/dist-test has no console.html: run npm run build:test -w web');
}

function monthsAgo(today: string, n: number): string {
  const [y, m] = today.split('-').map(Number);
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function project(
  id: string,
  name: string,
  county: CountyId,
  taskForceId: string,
  stage: string,
  today: string,
  totalInvestment: number,
  extra = {},
) {
  return {
    id,
    name,
    taskForceId,
    regionId: county,
    owner: `${name.slice(0, 4)}实业有限公司`,
    kind: '新建',
    totalInvestment,
    annualPlanInvestment: Math.round(totalInvestment / 4),
    stage,
    stageOn: today,
    location: siteIn(county),
    leadUnit: '市经信局',
    ...extra,
  };
}

export async function startConsoleWorld(): Promise<ConsoleWorld> {
  const data = tempDataDir();
  const server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD, WEB_DIST: webDist(data.dir) } });
  const world: ConsoleWorld = {
    server,
    api: new Api(server.url),
    admin: '',
    screenToken: '',
    today: chinaDay(Date.now()),
    consoleUrl: (path = '') => `${server.url}/console${path}`,
    boardUrl: () => `${server.url}/?token=${encodeURIComponent(world.screenToken)}`,
    async dispose() {
      await server.stop('SIGKILL');
      data.remove();
    },
  };
  try {
    await seed(world);
  } catch (error) {
    await world.dispose();
    throw error;
  }
  return world;
}

async function seed(world: ConsoleWorld): Promise<void> {
  const { api, today } = world;
  const admin = (world.admin = await api.login('admin', ADMIN_PASSWORD));
  const post = (path: string, body: unknown) => api.must('POST', path, body, admin);

  world.screenToken = await seedCityAndScreen(post, PASSWORD);
  for (const [username, person] of Object.entries(PEOPLE)) {
    await post('/api/accounts', {
      username,
      displayName: person.displayName,
      role: 'supervisor',
      password: PASSWORD,
      scopes: person.scopes,
    });
  }

  await post('/api/projects', project(PROJECTS.alu.id, PROJECTS.alu.name, 'lizhou', 'aluminum', 'signed', today, 500_000));
  await post('/api/projects', project(PROJECTS.alu2.id, PROJECTS.alu2.name, 'lizhou', 'aluminum', 'started', today, 86_000));
  await post('/api/projects', project(PROJECTS.red.id, PROJECTS.red.name, 'lizhou', 'energy', 'started', today, 42_000));
  await post('/api/projects/p-lz-red/stalled', { reason: '资金链紧张，融资未到位', on: today });
  await post(
    '/api/projects',
    project(PROJECTS.late.id, PROJECTS.late.name, 'lizhou', 'food', 'signed', today, 30_000, { plannedStart: monthsAgo(today, 1) }),
  );
  await post('/api/projects', project(PROJECTS.kiwi.id, PROJECTS.kiwi.name, 'cangxi', 'food', 'started', today, 120_000));

  // Six months of reports, an inspection that found a problem, and one raised by hand: a lived-in project page.
  for (let n = 6; n >= 1; n--) {
    const milestone = n === 4 ? '施工许可' : n === 2 ? '主体封顶' : undefined;
    await post('/api/projects/p-alu2/progress', {
      month: monthsAgo(today, n),
      investment: 1_200 + (6 - n) * 350,
      progress: 8 + (6 - n) * 9,
      ...(milestone && { milestone }),
    });
  }
  await post('/api/inspections', {
    projectId: 'p-alu2',
    kind: 'onsite',
    on: today,
    inspectorId: 'wang',
    findings: '主体结构施工推进顺利，二期用地手续尚未办结',
    rating: 4,
    problems: [{ category: 'land', description: '二期用地指标未落实', deadline: today, severity: 'major' }],
  });
  await post('/api/problems', {
    projectId: 'p-alu2',
    category: 'labour',
    description: '焊接技术工人短缺约40人',
    deadline: today,
    severity: 'normal',
  });

  for (const [i, p] of MONTH_END_PROJECTS.entries()) {
    await post(
      '/api/projects',
      project(p.id, p.name, 'zhaohua', TASK_FORCES[i % TASK_FORCES.length].id, 'started', today, 20_000 + i * 1_000),
    );
  }

  // The light watcher judges each new project at its next tick (every 10 s), and a burst of its 亮红灯
  // lines landing mid-scenario would push a person's line out of the wallboard's feed before it is seen.
  // The board is settled once it has judged the last project registered: it goes through them in order.
  const last = streams.light(MONTH_END_PROJECTS[MONTH_END_PROJECTS.length - 1].id);
  await api.eventually(
    async () => {
      const path = `/api/events?stream=${encodeURIComponent(last)}`;
      const { events } = await api.must<{ events: unknown[] }>('GET', path, undefined, admin, 200);
      return events.length > 0 ? true : undefined;
    },
    30_000,
    250,
  );
}
