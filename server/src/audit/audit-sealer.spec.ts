import { type BoardState, type EventData, type EventEnvelope, evolveBoard, initialBoard, streams, upcastEvent } from '@battlemap/events';
import { LiveBoard } from '../board/live-board';
import { RecordedEvent } from '../store/event-store.port';
import { AuditSealer } from './audit-sealer';
import { AuditTrail } from './audit-trail';
import { AuditWorld, TEST_KEY, checkpointOf, rehash, verify } from './audit.fixture';
import { boardDigest } from './board-digest';

/** A node: the live board with the audit trail on its subscription, and a sealer. */
async function startNode(world: AuditWorld, graceMs = 0) {
  const live = new LiveBoard(world.store);
  const trail = new AuditTrail(TEST_KEY, { file: null, checkpoint: null, storeHead: await world.raw.headPosition() });
  live.alsoApply(trail);
  const errors: Error[] = [];
  live.onError = (error) => errors.push(error);
  live.start();
  await live.ready;
  const sealer = new AuditSealer(trail, () => live.state, world.commands, {
    clock: () => world.now,
    graceMs,
    onError: (e) => errors.push(e),
  });
  const settle = async () => {
    const head = await world.raw.headPosition();
    for (let i = 0; i < 200 && live.position !== head; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { live, trail, sealer, errors, settle, stop: () => Promise.all([sealer.stop(), live.stop()]) };
}

const fold = (events: RecordedEvent[]): BoardState =>
  events.reduce((board, event) => evolveBoard(board, upcastEvent(event) as unknown as EventEnvelope), initialBoard());
const sealsOf = (events: RecordedEvent[]) => events.filter((e) => e.type === 'AuditSealed');

describe('monthly audit seal', () => {
  it('seals a month once a later one has begun: the chain and the board at its last event, and verification holds', async () => {
    const world = new AuditWorld().at('2026-04-10T02:00:00Z');
    const node = await startNode(world);
    await world.raise('q1');
    await world.raise('q2');
    await world.assign('q1', '自然资源局');
    world.at('2026-05-03T02:00:00Z');
    await world.raise('q3', '2026-05-02');
    await node.settle();
    await node.sealer.run();
    await node.settle();
    const events = await world.events();
    const april = events.slice(0, 3);
    const [seal] = sealsOf(events);
    expect(seal.stream).toBe(streams.auditSeal('2026-04'));
    expect(seal.data).toEqual({
      month: '2026-04',
      position: april[2].position,
      head: checkpointOf(april).head,
      events: 3,
      boardDigest: boardDigest(fold(april)),
    } satisfies EventData<'AuditSealed'>);
    expect(seal.meta.mac).toBe(TEST_KEY.mac(seal.meta.hash as string));
    // The board fold ignores the seal; May is not over, so there is nothing more to seal.
    expect(node.live.state.position).toBe(seal.position);
    await node.sealer.run();
    expect(sealsOf(await world.events())).toHaveLength(1);

    const report = verify(events, node.trail.snapshot());
    expect(report).toMatchObject({ ok: true, breaks: [], seals: [{ month: '2026-04', position: seal.position, ok: true }] });
    expect(node.errors).toEqual([]);
    await node.stop();
  });

  it('finds a sealed month edited afterwards, by the seal alone (no checkpoint)', async () => {
    const world = new AuditWorld().at('2026-04-10T02:00:00Z');
    const node = await startNode(world);
    await world.raise('q1');
    await world.assign('q1', '自然资源局');
    world.at('2026-05-03T02:00:00Z');
    await world.raise('q2', '2026-05-02');
    await node.settle();
    await node.sealer.run();
    const events = await world.events();
    const seal = sealsOf(events)[0];
    await node.stop();

    // Data changed and the stream's hashes recomputed: the chain and the board both differ from the seal.
    const rewritten = verify(rehash(events, 'problem-q1', 1, (data) => ({ ...data, unit: '住建局' })));
    expect(rewritten.seals).toEqual([{ month: '2026-04', position: seal.position, ok: false }]);
    expect(rewritten.breaks).toContainEqual({
      stream: 'audit-seal-2026-04',
      revision: 0,
      position: seal.position,
      kind: 'seal_mismatch',
      reason: 'the seal of 2026-04 does not match the store: the global chain differs; the board differs',
    });
    // An April event moved into May (re-timed): April's last event is no longer the sealed one.
    const retimed = events.map((e, i) => (i === 1 ? { ...e, meta: { ...e.meta, recordedAt: Date.parse('2026-05-01T00:00:00Z') } } : e));
    expect(verify(retimed).breaks).toEqual([
      expect.objectContaining({
        kind: 'seal_mismatch',
        reason: expect.stringContaining(`it names position ${events[1].position}, the month's last event is at ${events[0].position}`),
      }),
    ]);
  });

  it('seals a month that ends with no event after it once the calendar is past it (and the grace)', async () => {
    const world = new AuditWorld().at('2026-04-10T02:00:00Z');
    const node = await startNode(world, 5 * 60_000);
    await world.raise('q1');
    await node.settle();
    world.at('2026-04-30T16:02:00Z'); // 2026-05-01 00:02 in China: within the grace
    await node.sealer.run();
    expect(sealsOf(await world.events())).toEqual([]);
    world.at('2026-04-30T16:10:00Z');
    await node.sealer.run();
    await node.settle();
    const events = await world.events();
    expect(sealsOf(events).map((e) => e.data)).toEqual([
      expect.objectContaining({ month: '2026-04', position: events[0].position, events: 1 }),
    ]);
    expect(verify(events, node.trail.snapshot())).toMatchObject({ ok: true, seals: [{ month: '2026-04', ok: true }] });
    await node.stop();
  });

  it('two nodes seal a month exactly once', async () => {
    const world = new AuditWorld().at('2026-04-10T02:00:00Z');
    const [a, b] = [await startNode(world), await startNode(world)];
    await world.raise('q1');
    world.at('2026-05-02T02:00:00Z');
    await world.raise('q2', '2026-05-02');
    await Promise.all([a.settle(), b.settle()]);
    await Promise.all([a.sealer.run(), b.sealer.run()]);
    await Promise.all([a.settle(), b.settle()]);
    expect(sealsOf(await world.events())).toHaveLength(1);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await Promise.all([a.stop(), b.stop()]);
  });
});
