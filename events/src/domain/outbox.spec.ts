import type { DomainEvent } from '../index';
import { specFor } from '../testing/specification';
import { type OutboxCommand, outboxDecider } from './outbox';

const meta = { today: '2026-06-15' };
const cmd = (c: Omit<OutboxCommand, 'meta'>) => ({ ...c, meta }) as OutboxCommand;
const queued: DomainEvent = {
  type: 'NotificationQueued',
  data: {
    messageId: 'm1',
    channel: 'dingtalk',
    kind: 'red_light',
    factId: 'e1',
    title: '红灯预警',
    text: '### 红灯预警',
    on: '2026-06-15',
  },
};
const attempted = (attempt: number, leaseUntil: number): DomainEvent => ({
  type: 'NotificationAttempted',
  data: { messageId: 'm1', attempt, leaseUntil },
});
const spec = specFor(outboxDecider);

describe('outbox decider: queued once, one attempt at a time, concluded by its claimant', () => {
  it('queues a message once', () => {
    spec
      .given([])
      .when(cmd({ type: 'QueueNotification', data: queued.data as never }))
      .then([queued]);
    spec
      .given([queued])
      .when(cmd({ type: 'QueueNotification', data: queued.data as never }))
      .thenThrows(422, 'already_queued');
  });

  it('claims an attempt; a second claim waits for the lease to run out (a node killed mid-send)', () => {
    spec
      .given([queued])
      .when(cmd({ type: 'AttemptNotification', data: { now: 1000, leaseMs: 500 } }))
      .then([attempted(1, 1500)]);
    spec
      .given([queued, attempted(1, 1500)])
      .when(cmd({ type: 'AttemptNotification', data: { now: 1400, leaseMs: 500 } }))
      .thenThrows(422, 'attempt_not_due');
    spec
      .given([queued, attempted(1, 1500)])
      .when(cmd({ type: 'AttemptNotification', data: { now: 1500, leaseMs: 500 } }))
      .then([attempted(2, 2000)]);
  });

  it('retries a failure after its backoff, and never after giving up or after success', () => {
    const failed: DomainEvent = {
      type: 'NotificationFailed',
      data: { messageId: 'm1', attempt: 1, error: 'errcode 130101', retryAt: 2000 },
    };
    spec
      .given([queued, attempted(1, 1500), failed])
      .when(cmd({ type: 'AttemptNotification', data: { now: 1900, leaseMs: 500 } }))
      .thenThrows(422, 'attempt_not_due');
    spec
      .given([queued, attempted(1, 1500), failed])
      .when(cmd({ type: 'AttemptNotification', data: { now: 2000, leaseMs: 500 } }))
      .then([attempted(2, 2500)]);
    const gaveUp: DomainEvent = { type: 'NotificationFailed', data: { messageId: 'm1', attempt: 1, error: 'HTTP 404', retryAt: null } };
    spec
      .given([queued, attempted(1, 1500), gaveUp])
      .when(cmd({ type: 'AttemptNotification', data: { now: 9e12, leaseMs: 500 } }))
      .thenThrows(422, 'attempt_not_due');
    const sent: DomainEvent = { type: 'NotificationSent', data: { messageId: 'm1', attempt: 1 } };
    spec
      .given([queued, attempted(1, 1500), sent])
      .when(cmd({ type: 'AttemptNotification', data: { now: 9e12, leaseMs: 500 } }))
      .thenThrows(422, 'attempt_not_due');
  });

  it('lets only the current attempt record its outcome', () => {
    spec
      .given([queued, attempted(1, 1500)])
      .when(cmd({ type: 'RecordNotificationSent', data: { attempt: 1 } }))
      .then([{ type: 'NotificationSent', data: { messageId: 'm1', attempt: 1 } }]);
    spec
      .given([queued, attempted(1, 1500), attempted(2, 2500)])
      .when(cmd({ type: 'RecordNotificationSent', data: { attempt: 1 } }))
      .thenThrows(422, 'attempt_superseded');
  });
});
