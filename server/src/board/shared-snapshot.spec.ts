import { gunzipSync } from 'node:zlib';
import { type BoardState, evolveBoard, initialBoard, snapshotState } from '@battlemap/events';
import { Server } from 'socket.io';
import { SharedSnapshot } from './shared-snapshot';

/** A board whose strings need escaping in JSON: quotes, backslashes, line separators, CJK and astral characters. */
function awkwardBoard(): BoardState {
  const envelope = (position: number, type: string, data: unknown) =>
    ({
      id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      stream: `test-${position}`,
      revision: 0,
      position: String(position),
      type,
      data,
      meta: {
        actor: { id: 'admin', name: '管理员', role: 'admin' },
        recordedAt: Date.UTC(2026, 0, 5, 2) + position,
        correlationId: 'c',
        schema: 1,
        prevHash: '',
        hash: '',
      },
    }) as unknown as Parameters<typeof evolveBoard>[1];
  const events = [
    envelope(1, 'RegionDefined', { regionId: 'lz', name: '利州区 "城区" \\ 片区', kind: 'county' }),
    envelope(2, 'TaskForceFormed', {
      taskForceId: 'tf',
      name: '专班\u2028第二行',
      industry: '食品饮料',
      chiefId: 'c',
      leadUnit: '市经信局 🏭',
    }),
    envelope(3, 'ProjectRegistered', {
      projectId: 'p-1',
      name: '项目 </script> \t 制表',
      taskForceId: 'tf',
      regionId: 'lz',
      owner: '某某公司',
      kind: '新建',
      totalInvestment: 100_000,
      annualPlanInvestment: 12_000,
      location: [105.8, 32.4],
      stage: 'signed',
      stageOn: '2026-01-05',
    }),
  ];
  return events.reduce(evolveBoard, initialBoard());
}

describe('SharedSnapshot', () => {
  // Never attached to an HTTP server: only its encoder is used.
  const io = new Server();

  it('writes the plain packet byte for byte as socket.io encodes `snapshot {position, state}` for one socket', () => {
    const state = awkwardBoard();
    const shared = new SharedSnapshot(state.position, state, '/board');
    const perSocket = io.encoder.encode({ type: 2, nsp: '/board', data: ['snapshot', { position: state.position, state }] });
    expect(perSocket).toEqual([shared.plainPacket()]);
    // An empty board (position null) too.
    const empty = initialBoard();
    expect(io.encoder.encode({ type: 2, nsp: '/board', data: ['snapshot', { position: null, state: empty }] })).toEqual([
      new SharedSnapshot(null, empty, '/board').plainPacket(),
    ]);
  });

  it('packs the same JSON once, as ASCII: the gzip bytes unpack to the state’s JSON with its other characters escaped, and a client reads back the state', async () => {
    const state = awkwardBoard();
    const shared = new SharedSnapshot(state.position, state, '/board');
    const bytes = await shared.packedBytes('gzip');
    expect(shared.packedBytes('gzip')).toBe(shared.packedBytes('gzip'));
    expect(await shared.packedBytes('gzip')).toBe(bytes);
    const unpacked = gunzipSync(bytes).toString('latin1');
    expect([...unpacked].every((c) => c.charCodeAt(0) <= 0x7e)).toBe(true);
    expect(unpacked).toContain('\\u5229\\u5dde\\u533a'); // 利州区
    expect(unpacked).toContain('\\ud83c\\udfed'); // 🏭, as its surrogate pair
    expect(JSON.stringify(JSON.parse(unpacked))).toBe(JSON.stringify(state));
    expect(shared.rawBytes).toBe(Buffer.byteLength(JSON.stringify(state)));
    expect(await snapshotState({ position: state.position, encoding: 'gzip', bytes })).toEqual(state);
  });

  it('keeps the board as it was when taken, whatever the fold does to the state afterwards', async () => {
    const state = awkwardBoard();
    const before = JSON.stringify(state);
    const shared = new SharedSnapshot(state.position, state, '/board');
    state.regions.lz.name = '改了';
    state.position = '99';
    expect(JSON.stringify(JSON.parse(gunzipSync(await shared.packedBytes('gzip')).toString('latin1')))).toBe(before);
    expect(shared.plainPacket()).toBe(`2/board,["snapshot",{"position":"3","state":${before}}]`);
  });
});
