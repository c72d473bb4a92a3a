/**
 * The console's administration (/console/admin) in a real browser against the real server: an admin
 * makes a screen, reads its address and QR code, opens it as the wallboard and revokes it (the screen
 * says 已停用); makes a supervisor with a region scope who then sees only that region; previews light
 * rules (the count matches what the server's board then changes) and adopts them; keeps the reference
 * data; and no page has a serious axe-core violation. Screenshots (390×844, 1440×900) go to test/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import type { BoardViewDetail, EventEnvelope } from '@battlemap/events';
import { artifactPath, axeViolations, launchBrowser } from './support/browser';
import { ConsoleDevices, DESK, PHONE, noHorizontalScroll, type Viewport } from './support/console-devices';
import { ADMIN_PASSWORD, PROJECTS, startConsoleWorld, type ConsoleWorld } from './support/console-world';

jest.setTimeout(90_000);

const WALL = { width: 1920, height: 1080 };
/** A revoked screen's socket is refused at its next handshake: the browser logs it, the screen says why. */
const REVOKED_NOISE = [/WebSocket|socket\.io/i];
const SECTIONS = [
  ['accounts', '账号', '账号管理'],
  ['screens', '大屏', '大屏管理'],
  ['taskforces', '产业专班', '产业专班'],
  ['indicators', '经济指标', '经济指标'],
  ['regions', '属地', '属地'],
  ['light-rules', '红黄绿灯规则', '红黄绿灯规则'],
] as const;

let world: ConsoleWorld;
let browser: Browser;
const devices = new ConsoleDevices(
  () => browser,
  () => world,
  'console-admin',
);
const scenario = devices.scenario.bind(devices);

beforeAll(async () => {
  const started = await Promise.allSettled([startConsoleWorld().then((w) => (world = w)), launchBrowser().then((b) => (browser = b))]);
  for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
}, 120_000);

afterAll(async () => {
  await devices.closeAll();
  await browser?.close().catch(() => undefined);
  await world?.dispose().catch(() => undefined);
});

afterEach(async () => {
  expect(await devices.closeAll()).toEqual([]);
});

/** The admin, signed in, on one administration page reached as a person does: 管理, then its tab. */
async function adminOn(viewport: Viewport, tab: (typeof SECTIONS)[number][1]): Promise<Page> {
  const { page } = await devices.device(viewport);
  await devices.logIn(page, 'admin', '', ADMIN_PASSWORD);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
  await page.getByRole('navigation', { name: '管理分页' }).getByRole('link', { name: tab, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: SECTIONS.find((s) => s[1] === tab)![2] }).waitFor();
  return page;
}

async function events(query: string): Promise<EventEnvelope[]> {
  return (await world.api.must<{ events: EventEnvelope[] }>('GET', `/api/events?${query}&limit=1000`, undefined, world.admin, 200)).events;
}

function board(): Promise<BoardViewDetail> {
  return world.api.must<BoardViewDetail>('GET', '/api/board', undefined, world.admin, 200);
}

async function boardLights(): Promise<Record<string, string>> {
  return Object.fromEntries((await board()).projects.map((p) => [p.id, p.light]));
}

/**
 * The QR code as drawn, read back module by module (the centre pixel of each cell, dark or light), next
 * to the reference encoding of `text` at the console's error-correction level: equal when the image
 * encodes exactly that text.
 */
async function readQr(page: Page, text: string): Promise<{ drawn: boolean[]; expected: boolean[] }> {
  const reference = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const drawn = await page.getByRole('img', { name: '大屏地址二维码' }).evaluate(async (img: HTMLImageElement, size: number) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const cell = img.naturalWidth / (size + 4); // margin: 2 modules on each side
    const dark: boolean[] = [];
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const [r] = context.getImageData(Math.floor((col + 2.5) * cell), Math.floor((row + 2.5) * cell), 1, 1).data;
        dark.push(r < 128);
      }
    }
    return dark;
  }, reference.size);
  return { drawn, expected: Array.from(reference.data, (bit) => bit === 1) };
}

describe('console administration', () => {
  scenario(
    'an admin makes a screen, shows its address and QR code, the wallboard opens it, a new address withdraws the old one, and revoking it shows 已停用',
    async () => {
      const page = await adminOn(DESK, '大屏');
      await page.getByRole('button', { name: '新建大屏' }).click();
      await page.getByLabel('大屏名称').fill('利州区作战室大屏');
      await page.getByLabel('大屏账号').fill('screen-lizhou');
      await page.getByLabel('显示属地').selectOption({ label: '利州区' });
      await page.getByRole('button', { name: '创建并签发令牌' }).dblclick();

      await page.getByText('令牌只显示这一次。').waitFor();
      await expect(page.title()).resolves.toBe('大屏 · 管理 · 挂图作战工作台');
      const url = await page.getByRole('textbox', { name: '大屏地址' }).inputValue();
      expect(url).toMatch(new RegExp(`^${world.server.url}/\\?token=[A-Za-z0-9_-]{40,}&region=lizhou$`));
      const qr = await readQr(page, url);
      expect(qr.drawn).toEqual(qr.expected);
      // Created once for the double tap, as a screen, with a password nobody saw; the token it was issued
      // is recorded for auditors (when, by whom), never the token itself.
      const created = await events('stream=account-screen-lizhou');
      expect(created.map((e) => [e.type, e.data])).toEqual([
        [
          'AccountCreated',
          { username: 'screen-lizhou', displayName: '利州区作战室大屏', role: 'screen', scopes: { taskForces: [], regions: [] } },
        ],
        ['ScreenTokenIssued', { username: 'screen-lizhou', expiresAt: expect.stringMatching(/^20\d\d-/) }],
      ]);
      expect(created[1].meta.actor).toMatchObject({ id: 'admin' });
      await page.getByRole('button', { name: '复制地址' }).click();
      await page.getByText(/已复制大屏地址|请按 Ctrl\+C/).waitFor();

      // The command room opens the address: the live board of 利州区.
      const { page: wall } = await devices.device(WALL, REVOKED_NOISE);
      await wall.goto(url);
      await wall.locator('section[aria-label="实时动态"]').waitFor();
      await wall.waitForFunction(() => (window.__battlemap?.view()?.projects.length ?? 0) > 0);
      const regions = await wall.evaluate(() => [...new Set(window.__battlemap!.view()!.projects.map((p) => p.regionId))]);
      expect(regions).toEqual(['lizhou']);

      await page.getByRole('button', { name: '我已保存，关闭' }).click();
      await page.getByText('已创建大屏“利州区作战室大屏”').waitFor();
      const item = page.getByRole('article', { name: '利州区作战室大屏' });
      await item.getByText('使用中').waitFor();

      // A new address, the earlier ones withdrawn (a leaked link): the open screen says its token no
      // longer works, and the new address shows the board, now rotating.
      await item.getByRole('button', { name: '签发新令牌' }).click();
      await item.getByLabel('轮播').selectOption({ label: '每 30 秒切换' });
      await item.getByRole('checkbox', { name: /同时作废此大屏已发出的所有令牌/ }).check();
      await item.getByRole('button', { name: '签发新令牌' }).last().click();
      const renewed = await item.getByRole('textbox', { name: '大屏地址' }).inputValue();
      expect(renewed).toMatch(new RegExp(`^${world.server.url}/\\?token=[A-Za-z0-9_-]{40,}&rotate=30$`));
      expect(renewed).not.toContain(new URL(url).searchParams.get('token')!);
      await wall.getByText('此大屏的令牌已失效').waitFor({ timeout: 5_000 });
      await wall.goto(renewed);
      await wall.waitForFunction(() => (window.__battlemap?.view()?.projects.length ?? 0) > 0);
      await item.getByRole('button', { name: '我已保存，关闭' }).click();
      await item.getByText('已为“利州区作战室大屏”签发新令牌，旧地址已失效').waitFor();
      // By keyboard: Enter opens the form and sends the reason; the question then holds the focus, so
      // a second Enter answers nothing; Tab reaches 确认停用.
      await item.getByRole('button', { name: '撤销大屏' }).focus();
      await page.keyboard.press('Enter');
      await item.getByLabel('停用原因').fill('作战室搬迁，旧屏拆除');
      await page.keyboard.press('Enter');
      await item.getByText('确认停用大屏“利州区作战室大屏”（screen-lizhou）？').waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('确认停用');
      // Nothing sent yet: the account is created and its tokens issued (the first, then a reset that withdrew it, then the new address's), not disabled.
      expect((await events('stream=account-screen-lizhou')).map((e) => e.type)).toEqual([
        'AccountCreated',
        'ScreenTokenIssued',
        'AccountPasswordReset',
        'ScreenTokenIssued',
      ]);
      const revokedAt = Date.now();
      await page.keyboard.press('Enter');
      await item.getByText('已停用大屏“利州区作战室大屏”').waitFor();
      await item.getByText('已停用', { exact: true }).waitFor();

      await wall
        .getByText(/已停用/)
        .first()
        .waitFor({ timeout: 5_000 });
      expect(Date.now() - revokedAt).toBeLessThan(5_000);
      await expect(wall.evaluate(() => window.__battlemap?.view() ?? null)).resolves.toBeNull();
      const accounts = await world.api.must<{ accounts: { username: string; status: string }[] }>(
        'GET',
        '/api/accounts',
        undefined,
        world.admin,
        200,
      );
      expect(accounts.accounts.find((a) => a.username === 'screen-lizhou')?.status).toBe('disabled');
    },
  );

  scenario('an admin makes a supervisor for one county, who signs in and sees only that county’s projects', async () => {
    const page = await adminOn(PHONE, '账号');
    await noHorizontalScroll(page);
    await page.getByRole('button', { name: '新建账号' }).click();
    const form = page.getByRole('form', { name: '新建账号' });
    await form.getByLabel('姓名').fill('钱进');
    await form.getByLabel('用户名（登录用）').fill('qian');
    await expect(form.getByLabel('角色').inputValue()).resolves.toBe('supervisor');
    await form.getByLabel('初始密码').fill('qian-password-1');
    // Ticked from the keyboard, as on a desk.
    await form
      .getByRole('group', { name: /负责的属地/ })
      .getByRole('checkbox', { name: '苍溪县' })
      .focus();
    await page.keyboard.press('Space');
    await noHorizontalScroll(page);
    await form.getByRole('button', { name: '创建账号' }).dblclick();
    await page.getByText('已创建账号 钱进（qian）').waitFor();
    const item = page.getByRole('article', { name: '钱进' });
    await item.getByText('负责范围：苍溪县').waitFor();
    expect((await events('stream=account-qian')).map((e) => e.type)).toEqual(['AccountCreated']);

    // Signed in on another phone, 钱进 sees 苍溪县's one project, and no administration.
    const { page: qian } = await devices.device(PHONE);
    await qian.goto(world.consoleUrl());
    await qian.fill('input[name="username"]', 'qian');
    await qian.fill('input[name="password"]', 'qian-password-1');
    await qian.getByRole('button', { name: '登录' }).click();
    await qian.getByText('负责范围：苍溪县').waitFor();
    await qian.locator('ul.list h2').first().waitFor();
    await expect(qian.locator('ul.list h2').allInnerTexts()).resolves.toEqual([PROJECTS.kiwi.name]);
    await expect(qian.getByRole('link', { name: '管理' }).count()).resolves.toBe(0);
    await qian.goto(world.consoleUrl('/admin/accounts'));
    await qian.getByText('只有管理员可以使用管理功能').waitFor();

    // The admin widens the scope by name; the server holds both.
    await item.getByRole('button', { name: '负责范围' }).click();
    await item.getByRole('checkbox', { name: '昭化区' }).check();
    await item.getByRole('button', { name: '保存负责范围' }).click();
    await item.getByText('已更新钱进的负责范围').waitFor();
    await item.getByText(/负责范围：(苍溪县、昭化区|昭化区、苍溪县)/).waitFor();
    const scopes = (await events('stream=account-qian')).filter((e) => e.type === 'AccountScopesGranted').map((e) => e.data);
    expect(scopes).toEqual([{ username: 'qian', scopes: { taskForces: [], regions: ['zhaohua'] } }]);
  });

  scenario(
    'reference data: a task force formed and amended, the month’s red flag awarded once (a second award refused in words), a region, an indicator target and report',
    async () => {
      const page = await adminOn(DESK, '产业专班');
      await page.getByRole('button', { name: '组建专班' }).click();
      await page.getByLabel('专班名称').fill('现代物流产业专班');
      await page.getByLabel('产业', { exact: true }).fill('现代物流');
      await page.getByLabel('班长').selectOption({ label: '王芳（wang）' });
      await page.getByLabel('牵头单位').fill('市商务局');
      await page.getByRole('button', { name: '组建专班', exact: true }).last().click();
      await page.getByText('已组建专班“现代物流产业专班”').waitFor();
      await page.getByRole('heading', { level: 2, name: '现代物流产业专班' }).waitFor();
      // Amended: only what changed is sent.
      await page.getByRole('button', { name: '修改现代物流产业专班' }).click();
      await page.getByLabel('牵头单位').fill('市发展改革委');
      await page.getByRole('button', { name: '保存修改' }).click();
      await page.getByText('已修改专班“现代物流产业专班”').waitFor();
      await page.getByText('牵头单位：市发展改革委').waitFor();
      const amended = await events('type=TaskForceAmended');
      expect(amended.map((e) => e.data)).toEqual([{ taskForceId: expect.any(String), changes: { leadUnit: '市发展改革委' } }]);

      const flag = page.getByRole('region', { name: '流动红旗' });
      const month = await flag.getByLabel('评比月份').inputValue();
      await flag.getByLabel('获旗专班').selectOption({ label: '铝基新材料产业专班' });
      await flag.getByRole('button', { name: '授予流动红旗' }).click();
      await flag.getByText(`${month} 的流动红旗已授予铝基新材料产业专班`).waitFor();
      await flag.getByLabel('获旗专班').selectOption({ label: '现代物流产业专班' });
      await flag.getByRole('button', { name: '授予流动红旗' }).click();
      await flag.getByRole('alert').getByText(`${month} 的流动红旗已授予专班 aluminum，每月只评一次`).waitFor();
      expect((await events(`stream=redflag-${month}`)).map((e) => e.data)).toEqual([
        expect.objectContaining({ taskForceId: 'aluminum', month }),
      ]);

      await page.getByRole('navigation', { name: '管理分页' }).getByRole('link', { name: '属地' }).click();
      await page.getByRole('button', { name: '新增属地' }).click();
      await page.getByLabel('名称', { exact: true }).fill('广元经济技术开发区');
      await page.getByLabel('编号').fill('gy-edz');
      await page.getByLabel('类型').selectOption({ label: '园区' });
      await page.getByLabel('上级属地').selectOption({ label: '利州区' });
      await page.getByRole('button', { name: '新增属地', exact: true }).last().click();
      await page.getByText('已新增属地“广元经济技术开发区”').waitFor();

      await page.getByRole('navigation', { name: '管理分页' }).getByRole('link', { name: '经济指标' }).click();
      const target = page.getByRole('form', { name: '设定年度目标' });
      await target.getByLabel('属地').selectOption({ label: '利州区' });
      await target.getByLabel('指标', { exact: true }).selectOption({ label: '新指标…' });
      await target.getByLabel('新指标编号').fill('taxRevenue');
      await target.getByLabel('指标名称').fill('税收收入');
      await target.getByLabel('年度目标').fill('520000');
      await target.getByRole('button', { name: '保存目标' }).click();
      await page.getByText(/已设定 \d{4} 年税收收入的目标/).waitFor();

      const report = page.getByRole('form', { name: '填报月度数据' });
      await report.getByLabel('属地').selectOption({ label: '利州区' });
      await report.getByLabel('指标').selectOption({ label: '税收收入' });
      const reportMonth = await report.getByLabel('月份').inputValue();
      await report.getByLabel('年初至当月累计值').fill('430000');
      await report.getByLabel('同比增长（%）').fill('6.2');
      await report.getByRole('button', { name: '提交数据' }).click();
      await page.getByText(`已填报利州区税收收入 ${reportMonth} 的数据`).waitFor();
      const row = page.getByRole('listitem').filter({ hasText: '税收收入 · 利州区' });
      if (reportMonth.startsWith(world.today.slice(0, 4))) await row.getByText(`截至 ${reportMonth}：43.0亿元，同比+6.2%`).waitFor();
    },
  );

  scenario(
    'light rules: the preview counts the projects that change colour, and adopting the rules changes the board as counted',
    async () => {
      const page = await adminOn(DESK, '红黄绿灯规则');
      await page.getByRole('heading', { name: '现行规则：默认规则' }).waitFor();
      const before = await boardLights();
      await page.getByLabel('红灯：开工滞后（月）').fill('1');
      await page.getByLabel('黄灯：落后序时进度（百分点）').fill('5');
      await page.getByRole('button', { name: '预览变化' }).click();
      const preview = page.getByRole('region', { name: /预览：采用第 1 版规则后/ });
      await preview.waitFor();
      const counted = Number(await preview.locator('strong.count').innerText());
      // 利州区绿色家居 slipped its start by a month: yellow under the defaults, red when one month is enough.
      await preview.getByRole('list', { name: '将变色的项目' }).getByText(PROJECTS.late.name).waitFor();
      await preview.getByText(/黄灯 → 红灯：\d+ 个/).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // Changed after the preview: it must be previewed again before it can be adopted.
      await page.getByLabel('红灯：落后序时进度（百分点）').fill('31');
      await page.getByText('规则已修改，请重新预览后再采用。').waitFor();
      await page.getByLabel('红灯：落后序时进度（百分点）').fill('30');
      await page.getByRole('button', { name: '确认采用新规则' }).dblclick();
      await page.getByText(`已采用第 1 版规则，自 ${world.today} 起生效`).waitFor();
      await page.getByRole('heading', { name: `现行规则：第 1 版（${world.today} 起）` }).waitFor();

      await world.api.eventually(async () => ((await board()).lightRulesVersion === 1 ? true : undefined));
      const after = await boardLights();
      const changed = Object.keys(after).filter((id) => after[id] !== before[id]);
      expect(changed.length).toBe(counted);
      expect(changed).toContain(PROJECTS.late.id);
      expect([before[PROJECTS.late.id], after[PROJECTS.late.id]]).toEqual(['yellow', 'red']);
      expect((await events('stream=config-light-rules')).map((e) => e.data)).toEqual([
        { version: 1, effectiveFrom: world.today, yellowLagPoints: 5, redLagPoints: 30, redStartSlipMonths: 1 },
      ]);
    },
  );

  scenario('no serious or critical axe-core violations on the administration pages, with their forms open', async () => {
    const page = await adminOn(DESK, '账号');
    await page.getByRole('button', { name: '新建账号' }).click();
    await page.getByRole('article', { name: '王芳' }).getByRole('button', { name: '负责范围' }).click();
    expect(await axeViolations(page)).toEqual([]);
    for (const [slug, tab, title] of SECTIONS.slice(1)) {
      await page.getByRole('navigation', { name: '管理分页' }).getByRole('link', { name: tab, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      if (slug === 'screens') await page.getByRole('button', { name: '新建大屏' }).click();
      if (slug === 'taskforces') await page.getByRole('button', { name: '组建专班' }).click();
      if (slug === 'regions') await page.getByRole('button', { name: '新增属地' }).click();
      expect(await axeViolations(page)).toEqual([]);
    }
  });

  scenario('screenshots of every administration page on a phone and a desk, with no sideways scroll', async () => {
    for (const [size, viewport] of [
      ['390x844', PHONE],
      ['1440x900', DESK],
    ] as const) {
      const page = await adminOn(viewport, '账号');
      for (const [slug, tab, title] of SECTIONS) {
        await page.getByRole('navigation', { name: '管理分页' }).getByRole('link', { name: tab, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        if (slug === 'accounts') await page.getByRole('button', { name: '新建账号' }).click();
        if (slug === 'screens') {
          await page.getByRole('button', { name: '新建大屏' }).click();
          await page.getByLabel('大屏名称').fill(`市指挥中心${size}`);
          await page.getByRole('button', { name: '创建并签发令牌' }).click();
          await page.getByRole('img', { name: '大屏地址二维码' }).waitFor();
        }
        if (slug === 'light-rules') {
          // Wide enough to turn the reds behind schedule green: a preview with changes to look at.
          await page.getByLabel('黄灯：落后序时进度（百分点）').fill('40');
          await page.getByLabel('红灯：落后序时进度（百分点）').fill('60');
          await page.getByRole('button', { name: '预览变化' }).click();
          await page.getByRole('region', { name: /预览/ }).waitFor();
        }
        await noHorizontalScroll(page);
        // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
        await page.evaluate(() => scrollTo(0, 0));
        await page.waitForTimeout(300);
        await page.screenshot({ path: artifactPath(`console-admin-${slug}-${size}.png`), fullPage: true });
      }
    }
  });
});
