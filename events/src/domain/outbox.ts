import { assertNever, type DomainEvent, type EventData, type EventOf } from '../catalogue/events';
import type { Command, Decider } from './decider';
import { rejected } from './errors';

/**
 * One notification on one channel (stream outbox-<messageId>): queued once, then attempted until it is
 * sent or the notifier gives up. An attempt is claimed by appending it with the stream's revision, so
 * of several nodes only one sends at a time; a node that dies mid-send leaves a claim whose lease runs
 * out, and the next attempt goes out then (delivery is at least once, with the same message id).
 */
export type OutboxState =
  | { status: 'none' }
  | {
      status: 'queued' | 'attempting' | 'sent' | 'failed';
      messageId: string;
      channel: string;
      attempts: number;
      /** While attempting: no other attempt before this instant (UTC ms). */
      leaseUntil: number;
      /** After a failure: the next attempt may start then; null once the notifier gave up. */
      retryAt: number | null;
      lastError: string | null;
    };

export type OutboxCommand =
  | Command<'QueueNotification', EventData<'NotificationQueued'>>
  | Command<'AttemptNotification', { now: number; leaseMs: number }>
  | Command<'RecordNotificationSent', { attempt: number }>
  | Command<'RecordNotificationFailed', { attempt: number; error: string; retryAt: number | null }>;

type OutboxEvent = EventOf<'NotificationQueued' | 'NotificationAttempted' | 'NotificationSent' | 'NotificationFailed'>;

export const outboxDecider: Decider<OutboxState, OutboxCommand, OutboxEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

function evolve(state: OutboxState, event: DomainEvent): OutboxState {
  if (event.type === 'NotificationQueued') {
    const { messageId, channel } = event.data;
    return { status: 'queued', messageId, channel, attempts: 0, leaseUntil: 0, retryAt: 0, lastError: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'NotificationAttempted':
      return { ...state, status: 'attempting', attempts: event.data.attempt, leaseUntil: event.data.leaseUntil };
    case 'NotificationSent':
      return { ...state, status: 'sent', retryAt: null };
    case 'NotificationFailed':
      return { ...state, status: 'failed', retryAt: event.data.retryAt, lastError: event.data.error };
    default:
      return state;
  }
}

/** Whether an attempt may start now (the decider's rule, also used to pick what to try). */
export function attemptDue(state: OutboxState, now: number): boolean {
  switch (state.status) {
    case 'queued':
      return true;
    case 'attempting':
      return state.leaseUntil <= now;
    case 'failed':
      return state.retryAt !== null && state.retryAt <= now;
    default:
      return false;
  }
}

function decide(command: OutboxCommand, state: OutboxState): OutboxEvent[] {
  if (command.type === 'QueueNotification') {
    if (state.status !== 'none') throw rejected('already_queued', `消息 ${command.data.messageId} 已入队`);
    return [{ type: 'NotificationQueued', data: command.data }];
  }
  if (state.status === 'none') throw rejected('not_queued', '消息不存在');
  const { messageId } = state;
  switch (command.type) {
    case 'AttemptNotification': {
      const { now, leaseMs } = command.data;
      if (!attemptDue(state, now)) throw rejected('attempt_not_due', `消息 ${messageId} 现在不能发送（${state.status}）`);
      return [{ type: 'NotificationAttempted', data: { messageId, attempt: state.attempts + 1, leaseUntil: now + leaseMs } }];
    }
    case 'RecordNotificationSent':
    case 'RecordNotificationFailed': {
      // Only the attempt that holds the claim may conclude it: a node that outlived its lease reports nothing.
      if (state.status !== 'attempting' || state.attempts !== command.data.attempt) {
        throw rejected('attempt_superseded', `消息 ${messageId} 的第${command.data.attempt}次发送已被接替`);
      }
      return command.type === 'RecordNotificationSent'
        ? [{ type: 'NotificationSent', data: { messageId, attempt: command.data.attempt } }]
        : [{ type: 'NotificationFailed', data: { messageId, ...command.data } }];
    }
    default:
      return assertNever(command);
  }
}
