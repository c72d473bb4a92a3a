import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type BoardState,
  type EventData,
  type MessageText,
  type NotificationKind,
  type OutboxCommand,
  type Place,
  RejectedError,
  StaleRevisionError,
  attemptDue,
  chinaDay,
  dailyDigest,
  escalatedMessage,
  outboxDecider,
  overdueMessage,
  problemPlace,
  projectPlace,
  redLightMessage,
  reminderMessage,
  streams,
} from '@battlemap/events';
import { SYSTEM_ACTOR } from '../auth/authenticated-actor';
import { handleCommand } from '../commands/command-handler';
import { deterministicUuid } from '../commands/hash-chain';
import type { EventStore } from '../store/event-store.port';
import { sendTo } from './channel-sender';
import type { Clock } from './clock';
import { type ChannelConfig, type NotifyConfig, inQuietHours } from './notify-config';
import type { Fact, NotifyLedger } from './notify-ledger';

/**
 * After this many failed attempts the notifier gives up on a message (recorded as failed). With the
 * default 5 s first retry doubling up to 30 min, that is about four hours of trying: a robot that is
 * rate-limited or a network that is down for a morning still gets the message.
 */
const MAX_ATTEMPTS = 12;
const MAX_RETRY_MS = 30 * 60_000;
/** The daily digest goes out at 08:30 China time; a node that was down then sends it until noon, not later. */
const DIGEST_MINUTE = 8 * 60 + 30;
const DIGEST_LAST_MINUTE = 12 * 60;

/**
 * The outbox: every fact (a light turned red, a problem overdue, escalated or near its deadline) and
 * each day's digest become one message per channel whose scope covers them, queued in their own stream
 * under an id derived from the channel and the fact, so a fact can never be queued twice for a
 * channel. Sending claims an attempt first (the stream's revision decides between nodes), then records
 * sent or failed; failures retry with backoff. Kill -9 anywhere leaves a queued or claimed message that
 * the next tick (on any node) sends once its claim runs out.
 */
export class Notifier {
  private readonly logger = new Logger('Notifier');

  constructor(
    private readonly store: EventStore,
    private readonly ledger: NotifyLedger,
    private readonly board: () => BoardState,
    private readonly clock: Clock,
    private readonly config: NotifyConfig,
  ) {}

  async tick(): Promise<void> {
    if (this.config.channels.length === 0) return;
    await this.queueFacts();
    await this.queueDigest();
    await this.deliver();
  }

  /** Queues a test message to a channel now; answers its message id. */
  async queueTest(channel: ChannelConfig, by: string): Promise<string> {
    const now = this.clock();
    const messageId = randomUUID();
    const text = `### 挂图作战平台测试消息\n\n- 渠道：${channel.name}\n- 发送人：${by}\n- 时间：${new Date(now).toISOString()}`;
    await this.queue(channel, messageId, 'test', `test:${now}`, { title: '挂图作战平台测试消息', text });
    return messageId;
  }

  private async queueFacts(): Promise<void> {
    const state = this.board();
    for (const fact of this.ledger.pendingFacts(Date.now())) {
      let all = true;
      for (const channel of this.config.channels) {
        if (!covers(channel, this.placeOf(state, fact))) continue;
        const messageId = deterministicUuid('notify', channel.name, fact.id);
        if (this.ledger.outbox.has(messageId)) continue;
        all = false;
        await this.queue(channel, messageId, fact.kind, fact.id, this.describe(state, fact));
      }
      if (all) this.ledger.facts.delete(fact.id);
    }
  }

  private async queueDigest(): Promise<void> {
    const now = this.clock();
    const minute = Math.floor(((now + 8 * 3600_000) % 86_400_000) / 60_000);
    if (minute < DIGEST_MINUTE || minute >= DIGEST_LAST_MINUTE) return;
    const today = chinaDay(now);
    const state = this.board();
    for (const channel of this.config.channels) {
      const messageId = deterministicUuid('digest', channel.name, today);
      if (this.ledger.outbox.has(messageId)) continue;
      const digest = dailyDigest(state, today, this.ledger.newReds, this.config.link, (place) => covers(channel, place));
      await this.queue(channel, messageId, 'digest', `digest:${today}`, digest);
    }
  }

  private async deliver(): Promise<void> {
    const now = Date.now();
    for (const [messageId, delivery] of this.ledger.outbox) {
      if (!attemptDue(delivery.state, now)) continue;
      const channel = this.config.channels.find((c) => c.name === delivery.queued.channel);
      // A channel no longer configured keeps its messages queued, for when it comes back.
      if (!channel) continue;
      if (delivery.queued.kind !== 'test' && inQuietHours(channel, this.clock())) continue;
      await this.attempt(channel, messageId, delivery.queued);
    }
  }

  private async attempt(channel: ChannelConfig, messageId: string, queued: EventData<'NotificationQueued'>): Promise<void> {
    const stream = streams.outbox(messageId);
    const claimed = await this.run(stream, {
      type: 'AttemptNotification',
      data: { now: Date.now(), leaseMs: this.config.sendTimeoutMs + 5_000 },
    });
    if (!claimed) return;
    const attempt = claimed;
    try {
      await sendTo(channel, { messageId, kind: queued.kind, title: queued.title, text: queued.text }, this.config.sendTimeoutMs);
      await this.run(stream, { type: 'RecordNotificationSent', data: { attempt } });
    } catch (error) {
      const message = describeError(error);
      const retryAt = attempt < MAX_ATTEMPTS ? Date.now() + retryDelayMs(this.config.retryBaseMs, attempt) : null;
      this.logger.warn(`${channel.name} message ${messageId} attempt ${attempt} failed: ${message}`);
      await this.run(stream, { type: 'RecordNotificationFailed', data: { attempt, error: message.slice(0, 500), retryAt } });
    }
  }

  private async queue(
    channel: ChannelConfig,
    messageId: string,
    kind: NotificationKind,
    factId: string,
    message: MessageText,
  ): Promise<void> {
    const on = chinaDay(this.clock());
    await this.run(streams.outbox(messageId), {
      type: 'QueueNotification',
      data: { messageId, channel: channel.name, kind, factId, title: message.title.slice(0, 120), text: message.text.slice(0, 4000), on },
    });
  }

  /**
   * Runs an outbox command with an idempotency key derived from the stream and its step, so two nodes
   * taking the same step store one event. Answers the attempt number claimed (or 1 for other steps),
   * 0 when another node or an earlier run got there first.
   */
  private async run(stream: string, command: Omit<OutboxCommand, 'meta'>): Promise<number> {
    const today = chinaDay(this.clock());
    try {
      const result = await handleCommand(this.store, stream, outboxDecider, { ...command, meta: { today } } as OutboxCommand, {
        actor: SYSTEM_ACTOR,
      });
      if (result.replayed) return 0;
      return command.type === 'AttemptNotification' ? await this.attemptNumber(stream) : 1;
    } catch (error) {
      if (error instanceof RejectedError || error instanceof StaleRevisionError) return 0;
      this.logger.warn(`outbox ${stream}: ${(error as Error).message}`);
      return 0;
    }
  }

  private async attemptNumber(stream: string): Promise<number> {
    const { events } = await this.store.readStream(stream, { direction: 'backwards', limit: 1 });
    const last = events[0];
    return last?.type === 'NotificationAttempted' ? (last.data as { attempt: number }).attempt : 0;
  }

  private placeOf(state: BoardState, fact: Fact): Place {
    if ('projectId' in fact.data) return projectPlace(state, fact.data.projectId);
    const problem = state.problems[fact.data.problemId];
    return problem ? problemPlace(state, problem) : { regionId: null, taskForceId: null };
  }

  private describe(state: BoardState, fact: Fact): MessageText {
    const link = this.config.link;
    switch (fact.kind) {
      case 'red_light':
        return redLightMessage(state, fact.data, link);
      case 'overdue':
        return overdueMessage(state, fact.data, link);
      case 'escalated':
        return escalatedMessage(state, fact.data, link);
      case 'reminder':
        return reminderMessage(state, fact.data, link);
    }
  }
}

/** The wait before the retry after the n-th failed attempt: the base, doubling, at most 30 minutes. */
function retryDelayMs(base: number, attempt: number): number {
  return Math.min(MAX_RETRY_MS, base * 2 ** Math.min(attempt - 1, 20));
}

/** fetch's "fetch failed" says nothing: the cause (ECONNREFUSED, a timeout) is what an admin can act on. */
function describeError(error: unknown): string {
  const { message, cause } = error as Error & { cause?: { code?: string; message?: string } };
  const why = cause?.code ?? cause?.message;
  return (why ? `${message}: ${why}` : message) || String(error);
}

/** Whether a channel's scope covers a place (no scope: everything). */
function covers(channel: ChannelConfig, place: Place): boolean {
  const { regionId, taskForceId } = channel.scope;
  if (regionId && place.regionId !== regionId) return false;
  if (taskForceId && place.taskForceId !== taskForceId) return false;
  return true;
}
