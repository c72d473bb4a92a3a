/**
 * A small board for the browser suite, built through the public API on Guangyuan's real map: the city,
 * its seven counties (names match the GeoJSON features of GET /api/map), three task forces, a screen
 * account with its long-lived token, and five projects whose 四新一盘活 movements are known:
 *
 *   p-alu       利州区  signed      50亿       → 新签约 1 (签约金额 50亿)
 *   p-kiwi      苍溪县  started     12亿, stalled then revitalized → 新开工 1 (12亿), 盘活 1
 *   p-energy    剑阁县  negotiating  8亿       → 新洽谈
 *   p-depot     旺苍县  completed    3亿       → 新竣工 1
 *   p-hostile   青川县  negotiating  2亿, stalled (a red light) → 新洽谈 (2 in all)
 *
 * Every business date is today in China time, so the movements count in the board's default year and
 * no "date in the future" rule can reject them.
 */
import { chinaDay } from '@battlemap/events';
import { testWebDist } from './browser';
import { Api } from './http-client';
import { RunningServer, startServer, tempDataDir } from './server';

export const ADMIN_PASSWORD = 'browser-admin-password';
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

export const COUNTIES = [
  { id: 'lizhou', name: '利州区', seat: [105.845, 32.434] },
  { id: 'zhaohua', name: '昭化区', seat: [105.963, 32.323] },
  { id: 'chaotian', name: '朝天区', seat: [105.883, 32.651] },
  { id: 'wangcang', name: '旺苍县', seat: [106.29, 32.229] },
  { id: 'qingchuan', name: '青川县', seat: [105.239, 32.575] },
  { id: 'jiange', name: '剑阁县', seat: [105.525, 32.288] },
  { id: 'cangxi', name: '苍溪县', seat: [105.935, 31.732] },
] as const;

export type CountyId = (typeof COUNTIES)[number]['id'];

/**
 * A spot a little south-east of the county seat: the map writes each county's name at about its seat,
 * above the markers, so a project exactly there would hide behind the name.
 */
export function siteIn(county: CountyId): [number, number] {
  const seat = COUNTIES.find((c) => c.id === county)!.seat;
  return [seat[0] + 0.1, seat[1] - 0.08];
}

export const TASK_FORCES = [
  { id: 'aluminum', name: '铝基新材料产业专班', industry: '铝基新材料', chiefId: 'chief-alu', leadUnit: '市经信局' },
  { id: 'food', name: '食品饮料产业专班', industry: '食品饮料', chiefId: 'chief-food', leadUnit: '市农业农村局' },
  { id: 'energy', name: '清洁能源产业专班', industry: '清洁能源', chiefId: 'chief-energy', leadUnit: '市能源局' },
];

/** What the seeded board's 四新一盘活 panel must show. */
export const SEEDED_COUNTERS = {
  negotiated: 2,
  signed: 1,
  signedInvestment: 500_000,
  started: 1,
  startedInvestment: 120_000,
  completed: 1,
  revitalized: 1,
};

export interface WallboardWorld {
  server: RunningServer;
  api: Api;
  dataDir: string;
  admin: string;
  screenToken: string;
  /** Today in China time, YYYY-MM-DD: every business date of the world. */
  today: string;
  projectIds: string[];
  boardUrl(): string;
  /** Restarts the server on the same store and port (after `server.stop(...)`), and logs the admin in again. */
  restart(): Promise<void>;
  /** Stops whatever server is running and removes the store. Safe to call more than once. */
  dispose(): Promise<void>;
}

export function projectCommand(
  id: string,
  name: string,
  county: CountyId,
  taskForceId: string,
  stage: string,
  today: string,
  totalInvestment: number,
) {
  return {
    id,
    name,
    taskForceId,
    regionId: county,
    owner: `${name}建设单位`,
    kind: '新建',
    totalInvestment,
    annualPlanInvestment: Math.round(totalInvestment / 5),
    stage,
    stageOn: today,
    location: siteIn(county),
  };
}

export async function startWallboardWorld(): Promise<WallboardWorld> {
  const env = { ADMIN_PASSWORD, WEB_DIST: testWebDist() };
  const data = tempDataDir();
  const server = await startServer({ dataDir: data.dir, env });
  const world: WallboardWorld = {
    server,
    api: new Api(server.url),
    dataDir: data.dir,
    admin: '',
    screenToken: '',
    today: chinaDay(Date.now()),
    projectIds: [],
    boardUrl: () => `${world.server.url}/?token=${encodeURIComponent(world.screenToken)}`,
    async restart() {
      world.server = await startServer({ dataDir: data.dir, port: world.server.port, env });
      world.api = new Api(world.server.url);
      world.admin = await world.api.login('admin', ADMIN_PASSWORD);
    },
    async dispose() {
      await world.server.stop('SIGKILL');
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

/** The city, its counties and task forces, and the command room's screen account; answers the screen's token. */
export async function seedCityAndScreen(post: (path: string, body: unknown) => Promise<any>, screenPassword: string): Promise<string> {
  await post('/api/regions', { id: 'guangyuan', name: '广元市', kind: 'city' });
  for (const county of COUNTIES) await post('/api/regions', { id: county.id, name: county.name, kind: 'county', parentId: 'guangyuan' });
  for (const taskForce of TASK_FORCES) await post('/api/taskforces', taskForce);
  await post('/api/accounts', { username: 'screen-wall', displayName: '指挥中心大屏', role: 'screen', password: screenPassword });
  return (await post('/api/accounts/screen-wall/screen-token', {})).token;
}

async function seed(world: WallboardWorld): Promise<void> {
  const { api, today } = world;
  const admin = (world.admin = await api.login('admin', ADMIN_PASSWORD));
  const post = (path: string, body: unknown) => api.must('POST', path, body, admin);

  world.screenToken = await seedCityAndScreen(post, 'screen-password-1');

  const projects = [
    projectCommand('p-alu', '广元铝基新材料精深加工项目', 'lizhou', 'aluminum', 'signed', today, 500_000),
    projectCommand('p-kiwi', '苍溪红心猕猴桃精深加工项目', 'cangxi', 'food', 'started', today, 120_000),
    projectCommand('p-energy', '剑阁县风光储一体化项目', 'jiange', 'energy', 'negotiating', today, 80_000),
    projectCommand('p-depot', '旺苍县冷链物流中心项目', 'wangcang', 'food', 'completed', today, 30_000),
    projectCommand('p-hostile', HOSTILE_NAME, 'qingchuan', 'energy', 'negotiating', today, 20_000),
  ];
  for (const project of projects) {
    await post('/api/projects', project);
    world.projectIds.push(project.id);
  }
  await post('/api/projects/p-kiwi/stalled', { reason: '资金链紧张', on: today });
  await post('/api/projects/p-kiwi/revitalized', { how: '引入战略投资者', on: today });
  await post('/api/projects/p-hostile/stalled', { reason: '用地手续受阻', on: today });
}
