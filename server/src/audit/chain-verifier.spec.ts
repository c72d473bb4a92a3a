import { randomUUID } from 'node:crypto';
import { GENESIS_HASH } from '../commands/hash-chain';
import { RecordedEvent } from '../store/event-store.port';
import { AuditKey } from './audit-key';
import { AuditWorld, TEST_KEY, checkpointOf, rehash, verify } from './audit.fixture';
import { GlobalChain } from './global-chain';

/** Three problems: q1 with three events, q2 and q3 with one each, interleaved in position order. */
async function history(): Promise<RecordedEvent[]> {
  const world = new AuditWorld();
  await world.raise('q1');
  await world.raise('q2');
  await world.assign('q1', '自然资源局');
  await world.raise('q3');
  await world.assign('q1', '住建局', '2026-04-03');
  return world.events();
}

const positionOf = (events: RecordedEvent[], stream: string, revision: number) =>
  events.find((e) => e.stream === stream && e.revision === revision)!.position;

describe('per-event MAC', () => {
  it('signs every event the command handler appends: meta.mac is the key’s HMAC of its hash', async () => {
    const events = await history();
    expect(events).toHaveLength(5);
    for (const event of events) expect(event.meta.mac).toBe(TEST_KEY.mac(event.meta.hash as string));
    const q1 = events.filter((e) => e.stream === 'problem-q1');
    expect(q1.map((e) => e.meta.prevHash)).toEqual([GENESIS_HASH, q1[0].meta.hash, q1[1].meta.hash]);
    expect(verify(events)).toMatchObject({
      ok: true,
      streams: 3,
      events: 5,
      breaks: [],
      unsigned: 0,
      keyFingerprint: TEST_KEY.fingerprint,
    });
  });

  it('names an event edited with its stream’s hashes recomputed: the MAC no longer holds (altered)', async () => {
    const events = await history();
    const edited = rehash(events, 'problem-q1', 1, (data) => ({ ...data, unit: '发改局' }));
    const { ok, breaks } = verify(edited);
    expect(ok).toBe(false);
    expect(breaks).toContainEqual({
      stream: 'problem-q1',
      revision: 1,
      position: positionOf(events, 'problem-q1', 1),
      kind: 'altered',
      reason: expect.stringContaining('MAC does not match'),
    });
    // Revision 2 was re-hashed too (its prevHash changed); nothing else is named.
    expect(breaks.map((b) => [b.stream, b.revision, b.kind])).toEqual([
      ['problem-q1', 1, 'altered'],
      ['problem-q1', 2, 'altered'],
    ]);
  });

  it('names an event edited without recomputing anything (its hash no longer holds)', async () => {
    const events = await history();
    const edited = events.map((e) => (e.stream === 'problem-q2' ? { ...e, data: { ...(e.data as object), severity: 'urgent' } } : e));
    expect(verify(edited).breaks).toEqual([
      {
        stream: 'problem-q2',
        revision: 0,
        position: positionOf(events, 'problem-q2', 0),
        kind: 'altered',
        reason: 'hash does not match the event: the event was altered',
      },
    ]);
  });

  it('names an event whose MAC was removed after signing began, and counts events written before the key once', async () => {
    const world = new AuditWorld();
    // Written before the key existed: straight into the store, chained but unsigned.
    const legacy = new AuditWorld();
    await legacy.raise('old');
    const [old] = await legacy.events();
    await world.raw.append(old.stream, [{ id: old.id, type: old.type, data: old.data, meta: stripMac(old).meta }], 'no_stream');
    await world.raise('q1');
    await world.assign('q1', '自然资源局');
    const events = await world.events();
    expect(verify(events)).toMatchObject({ ok: true, unsigned: 1, breaks: [] });

    const stripped = events.map((e) => (e.stream === 'problem-q1' && e.revision === 1 ? stripMac(e) : e));
    expect(verify(stripped).breaks).toEqual([
      expect.objectContaining({
        stream: 'problem-q1',
        revision: 1,
        kind: 'altered',
        reason: expect.stringMatching(/^no MAC, though every event since position \d+ is signed/),
      }),
    ]);
  });

  it('finds every event altered under another key (the wrong key is plain to see)', async () => {
    const events = await history();
    const report = verify(events, null, AuditKey.random());
    expect(report.breaks).toHaveLength(5);
    expect(report.keyFingerprint).not.toBe(TEST_KEY.fingerprint);
  });

  it('finds a forged event appended with a made-up hash', async () => {
    const events = await history();
    const last = events[4];
    const forged = {
      ...last,
      id: randomUUID(),
      revision: 3,
      position: '99',
      meta: { ...last.meta, prevHash: last.meta.hash, hash: 'f'.repeat(64) },
    };
    expect(verify([...events, forged]).breaks).toEqual([
      expect.objectContaining({ stream: 'problem-q1', revision: 3, position: '99', kind: 'altered' }),
    ]);
  });
});

describe('global chain against the checkpoint', () => {
  it('holds for an untouched store', async () => {
    const events = await history();
    const checkpoint = checkpointOf(events);
    expect(checkpoint).toMatchObject({ position: events[4].position, count: 5, signedFrom: events[0].position, spacing: 1 });
    expect(checkpoint.anchors).toHaveLength(5);
    expect(checkpoint.streams['problem-q1']).toEqual({ revision: 2, hash: events[4].meta.hash });
    expect(verify(events, checkpoint)).toMatchObject({
      ok: true,
      breaks: [],
      checkpoint: { position: events[4].position, events: 5, followedFrom: null },
    });
  });

  it('names a deleted tail (missing_tail) and a deleted stream (missing_stream), which no chain inside the store can show', async () => {
    const events = await history();
    const checkpoint = checkpointOf(events);
    const withoutTail = events.filter((e) => !(e.stream === 'problem-q1' && e.revision >= 1));
    expect(verify(withoutTail).ok).toBe(true); // the streams' own chains still hold
    expect(verify(withoutTail, checkpoint).breaks).toEqual([
      {
        stream: 'problem-q1',
        revision: 1,
        position: null,
        kind: 'missing_tail',
        reason: expect.stringContaining('revisions 1–2 are gone from the end'),
      },
    ]);
    const withoutStream = events.filter((e) => e.stream !== 'problem-q2');
    expect(verify(withoutStream, checkpoint).breaks).toEqual([
      { stream: 'problem-q2', revision: 0, position: null, kind: 'missing_stream', reason: expect.stringContaining('the stream is gone') },
    ]);
  });

  it('names two events of different streams that swapped places (reordered, at both positions)', async () => {
    const events = await history();
    const checkpoint = checkpointOf(events);
    // q2's event (2nd) and q1's revision 1 (3rd) trade positions: each stream's own chain still holds.
    const [a, b] = [events[1], events[2]];
    const swapped = [events[0], { ...b, position: a.position }, { ...a, position: b.position }, events[3], events[4]];
    expect(verify(swapped).ok).toBe(true);
    const { breaks } = verify(swapped, checkpoint);
    expect(breaks).toEqual([
      {
        stream: 'problem-q1',
        revision: 1,
        position: a.position,
        kind: 'reordered',
        reason: expect.stringContaining(`between positions ${events[0].position} and ${a.position}`),
      },
      { stream: 'problem-q2', revision: 0, position: b.position, kind: 'reordered', reason: expect.stringContaining(`and ${b.position}`) },
    ]);
  });

  it('names two events of one stream that swapped places', async () => {
    const events = await history();
    const [a, b] = [events[2], events[4]]; // q1 revisions 1 and 2
    const swapped = [events[0], events[1], { ...b, position: a.position }, events[3], { ...a, position: b.position }];
    const { breaks } = verify(swapped, checkpointOf(events));
    expect(breaks).toContainEqual(expect.objectContaining({ stream: 'problem-q1', revision: 1, position: b.position, kind: 'reordered' }));
    expect(breaks.every((b) => b.kind === 'reordered')).toBe(true);
  });

  it('names an event whose recorded time was changed (the chain covers recordedAt)', async () => {
    const events = await history();
    const retimed = events.map((e, i) => (i === 3 ? { ...e, meta: { ...e.meta, recordedAt: e.meta.recordedAt - 86_400_000 } } : e));
    expect(verify(retimed, checkpointOf(events)).breaks).toEqual([
      expect.objectContaining({ stream: 'problem-q3', revision: 0, kind: 'reordered' }),
    ]);
  });

  it('names an event whose recorded time is no time at all, and still answers', async () => {
    const events = await history();
    const broken = events.map((e, i) => (i === 1 ? { ...e, meta: { ...e.meta, recordedAt: 'yesterday' as unknown as number } } : e));
    expect(verify(broken, checkpointOf(events)).breaks).toEqual([
      expect.objectContaining({ stream: 'problem-q2', revision: 0, kind: 'reordered' }),
    ]);
    expect(checkpointOf(broken).month).toBe('2026-04');
  });

  it('keeps at most 1,024 anchors, evenly spaced, so a break is still placed within a few events', () => {
    const chain = GlobalChain.start(TEST_KEY, null);
    for (let i = 1; i <= 5000; i++) chain.apply(syntheticEvent(i));
    const { anchors, spacing, count } = chain.snapshot();
    expect(count).toBe(5000);
    expect(spacing).toBe(8);
    expect(anchors.length).toBeLessThanOrEqual(1024);
    expect(anchors.every((a) => a.count % 8 === 0)).toBe(true);
  });
});

function stripMac(event: RecordedEvent): RecordedEvent {
  const { mac: _, ...meta } = event.meta;
  return { ...event, meta };
}

function syntheticEvent(i: number): RecordedEvent {
  return {
    id: `e${i}`,
    stream: `s-${i % 7}`,
    revision: Math.floor(i / 7),
    position: String(i),
    type: 'X',
    data: {},
    meta: { recordedAt: i, hash: 'a'.repeat(64) },
  };
}
