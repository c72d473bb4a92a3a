import { addDays, chinaDay, monthOf } from '@battlemap/events';
import { ADMIN_PASSWORD, AdminSession, REGION_A, TF_A, adminSession, projectBody } from './support/fixtures';
import { RobotReceiver, textOf } from './support/robot-receiver';
import { RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Time that acts and messages that arrive, against a local stand-in for DingTalk, WeCom and a webhook
 * that checks each request as documented. Real server processes on a real SQLite file.
 */
describe('notifications through the outbox', () => {
  const data = tempDataDir();
  const receiver = new RobotReceiver();
  const servers: RunningServer[] = [];
  let session: AdminSession;
  const today = chinaDay(Date.now());
  const fourMonthsAgo = monthOf(addDays(today, -122));

  const env = (extra: Record<string, string> = {}) => ({
    ADMIN_PASSWORD,
    ...receiver.env(),
    NOTIFY_TICK_MS: '300',
    NOTIFY_SEND_TIMEOUT_MS: '2000',
    NOTIFY_RETRY_BASE_MS: '100',
    PUBLIC_URL: 'https://board.example.cn',
    ...extra,
  });
  const start = async (extra: Record<string, string> = {}) => {
    const server = await startServer({ dataDir: data.dir, env: env(extra) });
    servers.push(server);
    return server;
  };
  const stopAll = async () => {
    while (servers.length) await servers.pop()!.stop();
  };
  const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    await receiver.start();
    const server = await start();
    session = await adminSession(server.url, ADMIN_PASSWORD);
    const { api, admin } = session;
    await api.must('POST', '/api/regions', { id: REGION_A, name: '利州区', kind: 'county' }, admin);
    await api.must(
      'POST',
      '/api/taskforces',
      { id: TF_A, name: '铝基新材料产业专班', industry: '铝基新材料', chiefId: 'chief-a', leadUnit: '市经信局' },
      admin,
    );
  }, 60_000);
  afterAll(async () => {
    await stopAll();
    await receiver.stop();
    data.remove();
  });

  const register = (id: string, name: string) =>
    session.api.must(
      'POST',
      '/api/projects',
      projectBody(id, TF_A, REGION_A, { name, stageOn: addDays(today, -130), plannedStart: fourMonthsAgo }),
      session.admin,
    );

  it('a project registered as signed with its planned start four months ago: one red-light message per channel, signed as documented', async () => {
    await register('p-red', '铝箔深加工项目');
    await session.api.eventually(
      async () =>
        receiver.accepted('wecom', '铝箔深加工项目').length > 0 &&
        receiver.accepted('dingtalk', '铝箔深加工项目').length > 0 &&
        receiver.accepted('webhook', '铝箔深加工项目').length > 0
          ? true
          : undefined,
      15_000,
    );
    await settle(1500); // a few more ticks: nothing more may come
    for (const channel of ['dingtalk', 'wecom', 'webhook'] as const) {
      const got = receiver.all(channel, '铝箔深加工项目');
      expect(got.map((r) => r.outcome)).toEqual(['accepted']);
      const text = textOf(got[0]);
      expect(text).toContain('红灯预警：铝箔深加工项目');
      expect(text).toContain('属地：利州区');
      expect(text).toContain('专班：铝基新材料产业专班');
      expect(text).toContain(`计划${fourMonthsAgo}开工，已滞后4个月`);
      expect(text).toContain('https://board.example.cn/console/projects/p-red');
    }
    expect(receiver.received.filter((r) => r.outcome === 'rejected')).toEqual([]);
    // Recorded as a light change, by the system.
    const events = await session.api.must('GET', '/api/events?stream=light-p-red', undefined, session.admin, 200);
    expect(events.events.map((e: any) => [e.type, e.data.from, e.data.to, e.meta.actor.role])).toEqual([
      ['ProjectLightChanged', null, 'red', 'system'],
    ]);
  }, 30_000);

  it('the receiver failing the first two attempts still gets exactly one delivery of that message id', async () => {
    receiver.failNext('webhook', 2);
    receiver.failNext('dingtalk', 2);
    await register('p-retry', '铝合金轮毂项目');
    const delivered = await session.api.eventually(async () => receiver.accepted('webhook', '铝合金轮毂项目')[0], 20_000);
    await session.api.eventually(async () => receiver.accepted('dingtalk', '铝合金轮毂项目')[0], 20_000);
    await settle(1500);
    const webhook = receiver.all('webhook', '铝合金轮毂项目');
    expect(webhook.map((r) => r.outcome)).toEqual(['failed', 'failed', 'accepted']);
    expect(new Set(webhook.map((r) => r.messageId))).toEqual(new Set([delivered.messageId]));
    expect(receiver.all('dingtalk', '铝合金轮毂项目').map((r) => r.outcome)).toEqual(['failed', 'failed', 'accepted']);
    const outbox = await session.api.must('GET', `/api/events?stream=outbox-${delivered.messageId}`, undefined, session.admin, 200);
    expect(outbox.events.map((e: any) => e.type)).toEqual([
      'NotificationQueued',
      'NotificationAttempted',
      'NotificationFailed',
      'NotificationAttempted',
      'NotificationFailed',
      'NotificationAttempted',
      'NotificationSent',
    ]);
    expect(JSON.stringify(outbox.events)).not.toContain('e2e-webhook-secret');
    const deliveries = await session.api.must('GET', '/api/notify/deliveries', undefined, session.admin, 200);
    const row = deliveries.deliveries.find((d: any) => d.messageId === delivered.messageId);
    expect(row).toMatchObject({
      channel: 'webhook',
      kind: 'red_light',
      status: 'sent',
      attempts: 3,
      lastError: expect.stringContaining('503'),
    });
  }, 40_000);

  it('kill -9 between recording and sending, then restart: delivered once', async () => {
    receiver.hangNext('webhook');
    await register('p-crash', '再生铝项目');
    const hung = await session.api.eventually(async () => receiver.all('webhook', '再生铝项目').find((r) => r.outcome === 'hung'), 15_000);
    await servers.pop()!.stop('SIGKILL');
    expect(receiver.accepted('webhook', '再生铝项目')).toEqual([]);
    const server = await start();
    session = await adminSession(server.url, ADMIN_PASSWORD);
    await session.api.eventually(async () => receiver.accepted('webhook', '再生铝项目')[0], 20_000);
    await settle(1500);
    const accepted = receiver.accepted('webhook', '再生铝项目');
    expect(accepted).toHaveLength(1);
    expect(accepted[0].messageId).toBe(hung.messageId);
    // The robots, which were not interrupted, got it once too.
    expect(receiver.accepted('dingtalk', '再生铝项目')).toHaveLength(1);
  }, 60_000);

  it('a problem passing its deadline is recorded overdue once with two nodes running, and escalated after N days', async () => {
    await register('p-late', '铝土矿项目');
    const problem = {
      id: 'q-late',
      projectId: 'p-late',
      category: 'land',
      description: '用地报批迟滞',
      deadline: today,
      severity: 'major',
      raisedOn: today,
    };
    await session.api.must('POST', '/api/problems', problem, session.admin);
    await stopAll();
    // Two nodes on one store, both two days later by the test clock.
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const [a, b] = await Promise.all([start({ BATTLEMAP_NOW: inTwoDays }), start({ BATTLEMAP_NOW: inTwoDays })]);
    session = await adminSession(a.url, ADMIN_PASSWORD);
    const deadlineEvents = async () =>
      (await session.api.must('GET', '/api/events?stream=deadline-q-late', undefined, session.admin, 200)).events.filter(
        (e: any) => e.type === 'ProblemWentOverdue',
      );
    await session.api.eventually(async () => ((await deadlineEvents()).length > 0 ? true : undefined), 15_000);
    await session.api.eventually(async () => (receiver.accepted('webhook', '问题超期').length > 0 ? true : undefined), 15_000);
    await settle(2000);
    const overdue = await deadlineEvents();
    expect(overdue).toHaveLength(1);
    expect(overdue[0].data).toMatchObject({ problemId: 'q-late', deadline: today, since: addDays(today, 1), on: addDays(today, 2) });
    expect(overdue[0].meta.actor).toEqual({ id: 'system', name: '系统', role: 'system' });
    expect(receiver.accepted('webhook', '问题超期')).toHaveLength(1);
    expect(receiver.accepted('dingtalk', '问题超期')).toHaveLength(1);
    // Not escalated yet: a major problem waits 3 days after it went overdue.
    const problemStream = async () =>
      (await session.api.must('GET', '/api/events?stream=problem-q-late', undefined, session.admin, 200)).events;
    expect((await problemStream()).map((e: any) => e.type)).toEqual(['ProblemRaised']);
    void b;

    await stopAll();
    const inFiveDays = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const later = await start({ BATTLEMAP_NOW: inFiveDays });
    session = await adminSession(later.url, ADMIN_PASSWORD);
    await session.api.eventually(async () => ((await problemStream()).length > 1 ? true : undefined), 15_000);
    await settle(1500);
    const events = await problemStream();
    expect(events.map((e: any) => e.type)).toEqual(['ProblemRaised', 'ProblemEscalated']);
    expect(events[1].data).toMatchObject({ level: 'county', rule: 'overdue-major-3d', on: addDays(today, 5) });
    expect(events[1].meta.actor.role).toBe('system');
    await session.api.eventually(async () => (receiver.accepted('dingtalk', '系统自动上报').length > 0 ? true : undefined), 15_000);
    expect(receiver.accepted('dingtalk', '系统自动上报')).toHaveLength(1);
    // Still once per fact: no second overdue record after the restart.
    expect(await deadlineEvents()).toHaveLength(1);
  }, 120_000);

  it('the admin lists channels without secrets and sends a test message; bad input is a 4xx in Chinese', async () => {
    const { api, admin } = session;
    const channels = await api.must('GET', '/api/notify/channels', undefined, admin, 200);
    expect(channels.channels.map((c: any) => c.name)).toEqual(['dingtalk', 'wecom', 'webhook']);
    expect(JSON.stringify(channels)).not.toMatch(/e2e-(token|wecom-key|webhook-secret)|SECe2e/);
    const sent = await api.must('POST', '/api/notify/test', { channel: 'wecom' }, admin);
    await api.eventually(async () => (receiver.accepted('wecom', '测试消息').length > 0 ? true : undefined), 10_000);
    expect(sent.messageId).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await api.post('/api/notify/test', { channel: 'sms' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].message).toContain('通知渠道');
    // Admins only: a supervisor or an auditor neither sees the channels nor sends.
    for (const role of ['supervisor', 'auditor'] as const) {
      const username = `notify-${role}`;
      const account = {
        username,
        displayName: '测试',
        role,
        password: 'notify-password-1',
        ...(role === 'supervisor' && { scopes: { regions: [REGION_A] } }),
      };
      await api.must('POST', '/api/accounts', account, admin);
      const token = await api.login(username, 'notify-password-1');
      expect((await api.get('/api/notify/channels', token)).status).toBe(403);
      expect((await api.get('/api/notify/deliveries', token)).status).toBe(403);
      expect((await api.post('/api/notify/test', { channel: 'wecom' }, token)).status).toBe(403);
    }
    expect((await api.get('/api/notify/deliveries')).status).toBe(401);
  }, 30_000);
});
