import { SUBSCRIBE_REQUEST, type SubscribeAck, subscribeRefusal } from './wire';

/** What the gateway answers a `subscribe` body with when it is refused, or the filters it uses. */
function answer(body: unknown): SubscribeAck | object {
  const parsed = SUBSCRIBE_REQUEST.safeParse(body);
  return parsed.success ? parsed.data : subscribeRefusal(parsed.error);
}

const BAD_REQUEST = { ok: false, error: 'invalid_request', message: '订阅参数不正确' };
const BAD_POSITION = { ok: false, error: 'invalid_position', message: 'after 应为事件位置' };

describe('subscribe body', () => {
  it('takes a position to resume after and the filters, each optional', () => {
    expect(answer({})).toEqual({});
    expect(answer({ after: '18446744073709551615', region: 'lizhou', taskForce: 'tf-food_1' })).toEqual({
      after: '18446744073709551615',
      region: 'lizhou',
      taskForce: 'tf-food_1',
    });
  });

  it('reads null and empty filters as no filter, and ignores fields it does not know', () => {
    expect(answer({ after: null, region: null, taskForce: '' })).toEqual({ after: null, region: null, taskForce: '' });
    expect(answer({ region: 'lizhou', theme: 'dark' })).toEqual({ region: 'lizhou' });
  });

  it('takes a packed snapshot encoding it knows, and reads one it does not know as none (a plain snapshot)', () => {
    expect(answer({ snapshotEncoding: 'gzip' })).toEqual({ snapshotEncoding: 'gzip' });
    for (const snapshotEncoding of ['zstd', 7, null, {}]) {
      expect(answer({ region: 'lizhou', snapshotEncoding })).toMatchObject({ region: 'lizhou' });
      expect((answer({ region: 'lizhou', snapshotEncoding }) as { snapshotEncoding?: unknown }).snapshotEncoding ?? null).toBeNull();
    }
  });

  it('refuses a bad position with its own code, so the screen drops it and takes a snapshot', () => {
    for (const after of ['', '12a', '-1', '1'.repeat(21), 12, {}]) expect(answer({ after })).toEqual(BAD_POSITION);
  });

  it('refuses anything else that is not a subscription', () => {
    for (const body of [undefined, null, 'lizhou', [], 7]) expect(answer(body)).toEqual(BAD_REQUEST);
    for (const region of ['利州区', 'a'.repeat(65), 7, 'constructor', ['lizhou']]) expect(answer({ region })).toEqual(BAD_REQUEST);
    expect(answer({ taskForce: {} })).toEqual(BAD_REQUEST);
    expect(answer({ after: 'x', region: '利州区' })).toEqual(BAD_REQUEST);
  });
});
