/**
 * The wallboard's map at province scale, in Debian's Chromium against the real server: once the board
 * holds more projects than one screen can draw legibly, the zoomed-out map draws one bubble per county
 * (its count and its red lights) and every red project still has its own marker, drawn on top; a
 * screen zoomed into one county draws each of that county's projects. The thousands of extra projects
 * reach the screen through the probe's `feed`, exactly as a socket `events` message would.
 */
import type { Browser, Page } from 'playwright-core';
import type { EventEnvelope, LngLat } from '@battlemap/events';
import { countyAt } from '@battlemap/seeds';
import { artifactPath, launchBrowser, openPage } from './support/browser';
import { COUNTIES, startWallboardWorld, type WallboardWorld } from './support/wallboard-world';

jest.setTimeout(90_000);

const HD = { width: 1920, height: 1080 };
/** More than the map draws one by one (AGGREGATE_ABOVE in web/src/lib/map-clusters.ts is 1,500). */
const EXTRA_PROJECTS = 2_100;
/** Every seventh extra project is stalled: a red light. */
const RED_EVERY = 7;

let world: WallboardWorld;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  const started = await Promise.allSettled([startWallboardWorld().then((w) => (world = w)), launchBrowser().then((b) => (browser = b))]);
  for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
}, 90_000);

afterAll(async () => {
  for (const page of pages) await page.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await world?.dispose().catch(() => undefined);
});

interface Extra {
  id: string;
  county: (typeof COUNTIES)[number];
  red: boolean;
}

/** The extra projects: spread over the seven counties (unevenly, as a province's are), a few red. */
function extraProjects(): Extra[] {
  return Array.from({ length: EXTRA_PROJECTS }, (_, i) => ({
    id: `prov-${String(i).padStart(4, '0')}`,
    // Skewed: 利州区 gets the most, 苍溪县 the fewest.
    county: COUNTIES[Math.floor(COUNTIES.length * (i / EXTRA_PROJECTS) ** 1.6)],
    red: i % RED_EVERY === 3,
  }));
}

/** Spots around a county's seat that lie inside its polygon (by the seeds' own point-in-polygon). */
function spotsIn(county: (typeof COUNTIES)[number]): LngLat[] {
  const spots: LngLat[] = [];
  for (let dx = -6; dx <= 6; dx++)
    for (let dy = -6; dy <= 6; dy++) {
      const at: LngLat = [county.seat[0] + dx * 0.01, county.seat[1] + dy * 0.01];
      if (countyAt(at) === county.id) spots.push(at);
    }
  if (spots.length < 20) throw new Error(`too few spots inside ${county.name}`);
  return spots;
}

/** One envelope as the server would send it. */
function envelopeOf(type: string, data: unknown, position: bigint, n: string): EventEnvelope {
  return {
    id: `province-${n}`,
    stream: `province-${n}`,
    revision: 0,
    position: String(position),
    type,
    data,
    meta: {
      actor: { id: 'load', name: '压测', role: 'system' },
      recordedAt: Date.now(),
      correlationId: `province-${n}`,
      schema: 1,
      prevHash: '',
      hash: '',
    },
  } as EventEnvelope;
}

/** Feeds one event after the screen's last position and waits until its view holds it. */
async function feedOne(page: Page, type: string, data: unknown): Promise<void> {
  const position = BigInt((await page.evaluate(() => window.__battlemap!.position()))!) + 1n;
  const json = JSON.stringify([envelopeOf(type, data, position, `one-${position}`)]);
  await page.evaluate((text) => window.__battlemap!.feed(JSON.parse(text)), json);
  await page.waitForFunction((target) => window.__battlemap?.view()?.position === target, String(position), { timeout: 10_000 });
}

/** A ProjectRegistered (and a ProjectStalled for a red one) after `start`, as the server would send them. */
function envelopesFor(extras: Extra[], start: bigint, today: string): EventEnvelope[] {
  const out: EventEnvelope[] = [];
  const recordedAt = Date.now();
  const push = (type: string, data: unknown) => {
    const n = out.length;
    out.push({
      id: `province-${n}`,
      stream: `province-${n}`,
      revision: 0,
      position: String(start + BigInt(n + 1)),
      type,
      data,
      meta: {
        actor: { id: 'load', name: '压测', role: 'system' },
        recordedAt,
        correlationId: `province-${n}`,
        schema: 1,
        prevHash: '',
        hash: '',
      },
    } as EventEnvelope);
  };
  const spots = new Map(COUNTIES.map((c) => [c.id, spotsIn(c)]));
  extras.forEach((p, i) => {
    const inCounty = spots.get(p.county.id)!;
    const location = inCounty[i % inCounty.length];
    push('ProjectRegistered', {
      projectId: p.id,
      name: `${p.county.name}重点项目${i + 1}号`,
      taskForceId: 'food',
      regionId: p.county.id,
      owner: '某某实业有限公司',
      kind: '新建',
      totalInvestment: 10_000 + (i % 50) * 1_000,
      annualPlanInvestment: 2_000,
      location,
      // 洽谈 has no schedule to lag behind: only the stalled ones are red.
      stage: 'negotiating',
      stageOn: today,
    });
    if (p.red) push('ProjectStalled', { projectId: p.id, reason: '资金链紧张', on: today });
  });
  return out;
}

async function openFed(url: string, extras: Extra[]): Promise<Page> {
  const { page, trouble } = await openPage(browser, url, HD);
  pages.push(page);
  await page.waitForFunction(() => window.__battlemap?.view() && window.__battlemap.connection() === 'connected', null, {
    timeout: 15_000,
  });
  // Fed far past the server's head: facts the time keeper records meanwhile (paced, 10 a commit) reach the
  // screen too, and one that took a fed position first would make the screen skip that fed event.
  const start = BigInt((await page.evaluate(() => window.__battlemap!.position()))!) + 1_000_000n;
  const envelopes = envelopesFor(extras, start, world.today);
  await page.evaluate((json) => window.__battlemap!.feed(JSON.parse(json)), JSON.stringify(envelopes));
  const last = envelopes[envelopes.length - 1].position;
  await page.waitForFunction((target) => window.__battlemap?.view()?.position === target, last, { timeout: 10_000 });
  expect(trouble.errors).toEqual([]);
  return page;
}

/**
 * Whether the map's canvases show the red light's colour within 2 px of a page point: a red dot is
 * visible when it shows (over the bubbles and their labels); 2 px of slack for antialiasing.
 */
function showsRed(page: Page, point: { x: number; y: number }): Promise<boolean> {
  return page.evaluate(({ x, y }) => {
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('.map canvas')) {
      const box = canvas.getBoundingClientRect();
      const scale = canvas.width / box.width;
      const [cx, cy] = [Math.round((x - box.left) * scale), Math.round((y - box.top) * scale)];
      const pixels = canvas.getContext('2d')!.getImageData(cx - 2, cy - 2, 5, 5).data;
      for (let i = 0; i < pixels.length; i += 4) {
        // #ff4d4f, the red light, fully opaque
        if (pixels[i + 3] === 255 && pixels[i] > 220 && pixels[i + 1] < 110 && pixels[i + 2] < 110) return true;
      }
    }
    return false;
  }, point);
}

/**
 * The markers are drawn on a chart of their own over the one that draws the counties (so events redraw
 * only the markers): both must put every location on the very same pixel, zoomed out or into a county.
 */
/** The area two boxes share. */
function sharedArea(a: { left: number; top: number; right: number; bottom: number }, b: typeof a): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? Math.round(w * h) : 0;
}

async function expectMarkersOnTheirCounties(page: Page, locations: LngLat[]): Promise<void> {
  const apart = await page.evaluate((list) => {
    const probe = window.__battlemap!;
    return list.map((location) => {
      const [marker, map] = [probe.mapPoint(location), probe.baseMapPoint(location)];
      return marker && map ? Math.hypot(marker.x - map.x, marker.y - map.y) : Infinity;
    });
  }, locations);
  expect(apart.length).toBeGreaterThan(0);
  expect(Math.max(...apart)).toBeLessThan(0.5);
}

describe('the province-scale map', () => {
  test('zoomed out, draws one bubble per county with its count and red lights, and every red project on top', async () => {
    const extras = extraProjects();
    const page = await openFed(world.boardUrl(), extras);
    const view = (await page.evaluate(() => window.__battlemap!.view()))!;
    const live = view.projects.filter((p) => !p.terminated);
    expect(live.length).toBe(world.projectIds.length + EXTRA_PROJECTS);
    const reds = live.filter((p) => p.light === 'red');
    expect(reds.length).toBeGreaterThan(EXTRA_PROJECTS / RED_EVERY - 1);

    await page.waitForFunction(() => (window.__battlemap!.mapCounties() ?? []).length > 0, null, { timeout: 5_000 });
    // Thousands of projects landed at once: only the newest dozen ring (each ring costs every frame).
    await page.waitForFunction(() => document.querySelectorAll('.pulses .pulse').length > 0, null, { timeout: 5_000 });
    expect(await page.evaluate(() => document.querySelectorAll('.pulses .pulse').length)).toBe(12);
    const counties = (await page.evaluate(() => window.__battlemap!.mapCounties()))!;
    // Each county's bubble counts the projects drawn inside it: the extras and the seeded five (one of
    // which the world places just outside every shape: it counts for its own county).
    const countyOf = (p: (typeof live)[number]) => countyAt(p.location) ?? p.regionId;
    const expected = COUNTIES.map((c) => {
      const mine = live.filter((p) => countyOf(p) === c.id);
      return { name: c.name, count: mine.length, red: mine.filter((p) => p.light === 'red').length };
    }).filter((c) => c.count > 0);
    expect([...counties].sort((a, b) => a.name.localeCompare(b.name))).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));

    // Only the red projects keep markers, and all of them do.
    const drawn = (await page.evaluate(() => window.__battlemap!.mapProjectIds()))!;
    expect([...drawn].sort()).toEqual(reds.map((p) => p.id).sort());

    // Visible: at every red project's spot the map shows red, over the county bubbles and their labels.
    await page.waitForTimeout(500);
    const hidden: string[] = [];
    for (const p of reds) {
      const at = await page.evaluate((location) => window.__battlemap!.mapPoint(location), p.location);
      if (!at || !(await showsRed(page, at))) hidden.push(p.id);
    }
    expect(hidden).toEqual([]);
    await expectMarkersOnTheirCounties(
      page,
      reds.map((p) => p.location),
    );

    // Every county's label can be read: none lies on another, all inside the map, each beside its own bubble.
    const labels = (await page.evaluate(() => window.__battlemap!.mapLabelBoxes()))!;
    expect(labels.map((l) => l.name).sort()).toEqual(counties.map((c) => c.name).sort());
    const mapBox = (await page.locator('.map .canvas').boundingBox())!;
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) expect([a.name, b.name, sharedArea(a, b)]).toEqual([a.name, b.name, 0]);
      expect(a.left).toBeGreaterThanOrEqual(mapBox.x - 1);
      expect(a.top).toBeGreaterThanOrEqual(mapBox.y - 1);
      expect(a.right).toBeLessThanOrEqual(mapBox.x + mapBox.width + 1);
      expect(a.bottom).toBeLessThanOrEqual(mapBox.y + mapBox.height + 1);
      const seat = (await page.evaluate((name) => window.__battlemap!.mapCountyPoint(name), a.name))!;
      const gap = Math.hypot(Math.max(a.left - seat.x, 0, seat.x - a.right), Math.max(a.top - seat.y, 0, seat.y - a.bottom));
      expect([a.name, gap <= 5 * (a.bottom - a.top)]).toEqual([a.name, true]);
    }
    // And they are painted where they are said to be: each plate opaque across its first line, with the
    // name's white on it; the bubbles' canvas clear far from any bubble or label.
    const painted = await page.evaluate((boxes) => {
      const canvas = document.querySelector<HTMLCanvasElement>('.map canvas.bubbles')!;
      const box = canvas.getBoundingClientRect();
      const scale = canvas.width / box.width;
      const ctx = canvas.getContext('2d')!;
      const pixel = (x: number, y: number) => [
        ...ctx.getImageData(Math.round((x - box.left) * scale), Math.round((y - box.top) * scale), 1, 1).data,
      ];
      return {
        plates: boxes.map((b) => {
          // Through the middle of the first line, the county's name.
          const line = b.top + (b.bottom - b.top) * 0.3;
          const row = Array.from({ length: Math.round(b.right - b.left) - 4 }, (_, i) => pixel(b.left + 2 + i, line));
          return { name: b.name, opaque: row.every((p) => p[3] > 150), white: row.some((p) => p[0] > 200 && p[1] > 200 && p[2] > 200) };
        }),
        corner: pixel(box.left + 1, box.top + 1),
      };
    }, labels);
    expect(painted.plates).toEqual(labels.map((l) => ({ name: l.name, opaque: true, white: true })));
    expect(painted.corner[3]).toBe(0);

    // A bubble's tooltip gives its county's count, wherever no red dot lies over it.
    const busiest = [...counties].sort((a, b) => b.count - a.count)[0];
    const centre = (await page.evaluate((name) => window.__battlemap!.mapCountyPoint(name), busiest.name))!;
    expect(centre).not.toBeNull();
    let said = '';
    for (let r = 6; r <= 30 && !said.includes('在库项目'); r += 6)
      for (let k = 0; k < 8 && !said.includes('在库项目'); k++) {
        await page.mouse.move(centre.x + r * Math.cos((k * Math.PI) / 4), centre.y + r * Math.sin((k * Math.PI) / 4));
        said = await page.evaluate(() => document.querySelector<HTMLElement>('.map [role="tooltip"]')?.innerText ?? '');
      }
    expect(said).toContain(busiest.name);
    expect(said).toContain(`在库项目 ${busiest.count.toLocaleString('zh-CN')} 个`);
    expect(said).toContain(`红灯 ${busiest.red} 个`);
    await page.mouse.move(5, 5);

    // The legend says what a bubble is, in words a command room reads.
    await expect(page.locator('.legend').innerText()).resolves.toContain('按县区汇总');
    await page.screenshot({ path: artifactPath('province-map-1920x1080.png') });
  });

  test('zoomed out, a project that turns red gets its red dot at its own pixel, with its tooltip, and loses it when revived', async () => {
    const page = await openFed(world.boardUrl(), extraProjects());
    await page.waitForFunction(() => (window.__battlemap!.mapCounties() ?? []).length > 0, null, { timeout: 5_000 });
    await page.waitForTimeout(500);

    // A spot inside 苍溪县 away from its bubble, its label and every other marker: nothing red is drawn there yet.
    const cangxi = COUNTIES.find((c) => c.id === 'cangxi')!;
    const taken = (await page.evaluate(() => window.__battlemap!.view()!.projects.map((p) => p.location))) as LngLat[];
    let spot: LngLat | null = null;
    for (const [dx, dy] of [
      [0.2, -0.15],
      [-0.2, -0.15],
      [0.2, 0.1],
      [-0.15, 0.1],
      [0.1, -0.25],
    ]) {
      const at: LngLat = [cangxi.seat[0] + dx, cangxi.seat[1] + dy];
      if (countyAt(at) !== cangxi.id || taken.some((t) => Math.hypot(t[0] - at[0], t[1] - at[1]) < 0.03)) continue;
      const point = await page.evaluate((location) => window.__battlemap!.markerPoint(location), at);
      if (point && !(await showsRed(page, point))) {
        spot = at;
        break;
      }
    }
    expect(spot).not.toBeNull();
    const point = (await page.evaluate((location) => window.__battlemap!.markerPoint(location), spot!))!;
    // The markers canvas places a location exactly where the county map under it does.
    const onMap = (await page.evaluate((location) => window.__battlemap!.baseMapPoint(location), spot!))!;
    expect(Math.hypot(point.x - onMap.x, point.y - onMap.y)).toBeLessThan(0.5);

    // 苍溪县's bubble as drawn: its count and red lights follow the project (only its data is updated in place).
    const bubble = () => page.evaluate((county) => window.__battlemap!.mapCounties()?.find((c) => c.name === county) ?? null, cangxi.name);
    const bubbleBecomes = (count: number, red: number) =>
      page.waitForFunction(
        ([county, n, r]) => {
          const c = window.__battlemap!.mapCounties()?.find((b) => b.name === county);
          return c?.count === n && c.red === r;
        },
        [cangxi.name, count, red] as const,
        { timeout: 5_000 },
      );
    const before = (await bubble())!;
    expect(before.count).toBeGreaterThan(0);
    const labelCentres = async () =>
      Object.fromEntries(
        ((await page.evaluate(() => window.__battlemap!.mapLabelBoxes())) ?? []).map((l) => [
          l.name,
          [Math.round((l.left + l.right) / 2), Math.round((l.top + l.bottom) / 2)],
        ]),
      );
    const labelsBefore = await labelCentres();
    expect(Object.keys(labelsBefore).length).toBeGreaterThan(1);

    const id = 'prov-turns-red';
    const name = '苍溪县转红测试项目';
    await feedOne(page, 'ProjectRegistered', {
      projectId: id,
      name,
      taskForceId: 'food',
      regionId: cangxi.id,
      owner: '某某实业有限公司',
      kind: '新建',
      totalInvestment: 20_000,
      annualPlanInvestment: 2_000,
      location: spot,
      stage: 'negotiating',
      stageOn: world.today,
    });
    // Green: counted in its county's bubble, no dot of its own.
    await bubbleBecomes(before.count + 1, before.red);
    await page.waitForTimeout(1_500);
    expect(await page.evaluate(() => window.__battlemap!.mapProjectIds())).not.toContain(id);
    expect(await showsRed(page, point)).toBe(false);

    await feedOne(page, 'ProjectStalled', { projectId: id, reason: '资金链紧张', on: world.today });
    await page.waitForFunction((target) => window.__battlemap!.mapProjectIds()?.includes(target), id, { timeout: 5_000 });
    expect(await showsRed(page, point)).toBe(true);
    await bubbleBecomes(before.count + 1, before.red + 1);
    // A count and a red dot more do not send the labels hopping about the map.
    expect(await labelCentres()).toEqual(labelsBefore);
    // Not some other dot: the pixels a dot's width away are not red.
    for (const [dx, dy] of [
      [12, 0],
      [-12, 0],
      [0, 12],
      [0, -12],
    ])
      expect(await showsRed(page, { x: point.x + dx, y: point.y + dy })).toBe(false);

    // Its tooltip names it, over the county's bubble.
    await page.mouse.move(point.x, point.y);
    await page.waitForFunction((text) => document.querySelector<HTMLElement>('.map [role="tooltip"]')?.innerText.includes(text), name, {
      timeout: 3_000,
    });
    await page.screenshot({ path: artifactPath('province-map-tooltip-1920x1080.png') });
    await page.mouse.move(5, 5);
    await expect(page.locator('.map [role="tooltip"]').count()).resolves.toBe(0);

    await feedOne(page, 'ProjectRevitalized', { projectId: id, how: '引入新投资方', on: world.today });
    await page.waitForFunction((target) => !window.__battlemap!.mapProjectIds()?.includes(target), id, { timeout: 5_000 });
    expect(await showsRed(page, point)).toBe(false);
    await bubbleBecomes(before.count + 1, before.red);
  });

  test('the red and yellow list, longer than its panel, rests at the top and then scrolls down by itself', async () => {
    const page = await openFed(world.boardUrl(), extraProjects());
    const list = page.locator('.list').first();
    await list.waitFor();
    // Longer than its frame: there is somewhere to scroll to.
    const reach = await list.evaluate((node) => (node.firstElementChild as HTMLElement).offsetHeight - node.clientHeight);
    expect(reach).toBeGreaterThan(100);
    // How far the list is moved up now (its transform, as the running animation has it).
    const shift = () =>
      list.evaluate((node) => {
        const transform = getComputedStyle(node.firstElementChild!).transform;
        return transform === 'none' ? 0 : -new DOMMatrixReadOnly(transform).m42;
      });
    expect(await shift()).toBe(0);
    // A rest of 4 s at the top, then down at 0.9 rem a second: under way within the next few seconds.
    await page.waitForFunction(
      () => {
        const node = document.querySelector('.list')!.firstElementChild!;
        const transform = getComputedStyle(node).transform;
        return transform !== 'none' && new DOMMatrixReadOnly(transform).m42 < -5;
      },
      null,
      { timeout: 12_000, polling: 200 },
    );
    const first = await shift();
    await page.waitForTimeout(1_000);
    expect(await shift()).toBeGreaterThan(first);
    expect(await shift()).toBeLessThanOrEqual(reach);
  });

  test('zoomed into one county, draws each of its projects and no bubble', async () => {
    const extras = extraProjects();
    const page = await openFed(`${world.boardUrl()}&region=lizhou`, extras);
    await page.waitForFunction(
      () => {
        const probe = window.__battlemap!;
        const view = probe.view();
        return view !== null && probe.mapMarkers() === view.projects.filter((p) => !p.terminated).length;
      },
      null,
      { timeout: 5_000 },
    );
    const view = (await page.evaluate(() => window.__battlemap!.view()))!;
    const inCounty = extras.filter((p) => p.county.id === 'lizhou').length + 1; // and the seeded p-alu
    expect(view.projects.filter((p) => !p.terminated).length).toBe(inCounty);
    expect(inCounty).toBeGreaterThan(100);
    expect(await page.evaluate(() => window.__battlemap!.mapCounties())).toEqual([]);
    await expectMarkersOnTheirCounties(
      page,
      view.projects.map((p) => p.location),
    );
    await expect(page.locator('.legend').innerText()).resolves.toContain('圆越大 总投资越大');
    await page.screenshot({ path: artifactPath('province-map-county-1920x1080.png') });
  });
});
