import { randomUUID } from 'node:crypto';
import { handleCommand } from '../commands/command-handler';
import { GENESIS_HASH } from '../commands/hash-chain';
import { problemDecider } from '@battlemap/events';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { ChainVerifier } from './chain-verifier';

const actor = { id: 'li', name: '李明', role: 'supervisor' as const };
const meta = { today: '2026-06-15' };

async function storeWithHistory() {
  const store = new SqliteEventStore(':memory:');
  const raise = {
    problemId: 'q1',
    regionId: 'cangxi',
    category: 'land' as const,
    description: '用地',
    deadline: '2026-06-30',
    severity: 'normal' as const,
    raisedOn: '2026-06-01',
  };
  await handleCommand(store, 'problem-q1', problemDecider, { type: 'RaiseProblem', data: raise, meta }, { actor });
  await handleCommand(
    store,
    'problem-q1',
    problemDecider,
    { type: 'AssignProblem', data: { unit: '自然资源局', on: '2026-06-02' }, meta },
    { actor },
  );
  await handleCommand(
    store,
    'problem-q1',
    problemDecider,
    { type: 'ResolveProblem', data: { resolution: '已解决', on: '2026-06-03' }, meta },
    { actor },
  );
  return store;
}

describe('hash chain', () => {
  it('the command handler chains every event to the previous one in its stream', async () => {
    const store = await storeWithHistory();
    const { events } = await store.readStream('problem-q1');
    expect(events[0].meta.prevHash).toBe(GENESIS_HASH);
    expect(events[1].meta.prevHash).toBe(events[0].meta.hash);
    expect(events[2].meta.prevHash).toBe(events[1].meta.hash);
    const verifier = new ChainVerifier();
    events.forEach((e) => verifier.add(e));
    expect(verifier.report()).toEqual({ ok: true, streams: 1, events: 3, breaks: [] });
  });

  it('detects a changed event', async () => {
    const store = await storeWithHistory();
    const { events } = await store.readStream('problem-q1');
    const verifier = new ChainVerifier();
    events.forEach((e, i) => verifier.add(i === 1 ? { ...e, data: { ...(e.data as object), unit: '住建局' } } : e));
    expect(verifier.report().breaks).toEqual([
      { stream: 'problem-q1', revision: 1, reason: 'hash does not match the event: the event was altered' },
    ]);
  });

  it('detects a removed event', async () => {
    const store = await storeWithHistory();
    const { events } = await store.readStream('problem-q1');
    const verifier = new ChainVerifier();
    [events[0], events[2]].forEach((e) => verifier.add(e));
    const reasons = verifier.report().breaks.map((b) => b.reason);
    expect(reasons).toContain('revision 2 follows 0: an event is missing');
    expect(reasons).toContain('prevHash does not match the previous event: the chain was altered');
  });

  it('detects a forged event appended with a made-up hash', async () => {
    const store = await storeWithHistory();
    const { events } = await store.readStream('problem-q1');
    const forged = {
      ...events[2],
      id: randomUUID(),
      revision: 3,
      meta: { ...events[2].meta, prevHash: events[2].meta.hash, hash: 'f'.repeat(64) },
    };
    const verifier = new ChainVerifier();
    [...events, forged].forEach((e) => verifier.add(e));
    expect(verifier.report().ok).toBe(false);
  });
});
