import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { type NotifyChannelsAnswer, type NotifyDeliveriesAnswer, rejected } from '@battlemap/events';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { parseBody } from '../http/validation';
import { TEST_NOTIFICATION_BODY } from './notify-config';
import { NotifyService } from './notify.service';

const RECENT_DELIVERIES = 50;

/** The notification channels (from the environment, never their URL or secret), recent deliveries, a test message. */
@Controller('api/notify')
@Roles('admin')
export class NotifyController {
  constructor(private readonly notify: NotifyService) {}

  @Get('channels')
  channels(): NotifyChannelsAnswer {
    return {
      channels: this.notify.config.channels.map((c) => ({
        name: c.name,
        host: new URL(c.url).host,
        signed: Boolean(c.secret),
        regionId: c.scope.regionId ?? null,
        taskForceId: c.scope.taskForceId ?? null,
        quiet: c.quiet ? `${hhmm(c.quiet.from)}-${hhmm(c.quiet.to)}` : null,
      })),
    };
  }

  @Get('deliveries')
  deliveries(): NotifyDeliveriesAnswer {
    const all = [...this.notify.ledger.outbox.values()];
    const status = (d: (typeof all)[number]) =>
      d.state.status === 'none' ? 'queued' : d.state.status === 'failed' && d.state.retryAt === null ? 'gave_up' : d.state.status;
    const counts = { sent: 0, pending: 0, failed: 0 };
    for (const d of all) {
      const s = status(d);
      if (s === 'sent') counts.sent++;
      else if (s === 'gave_up') counts.failed++;
      else counts.pending++;
    }
    const recent = all.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, RECENT_DELIVERIES);
    return {
      counts,
      deliveries: recent.map((d) => ({
        messageId: d.queued.messageId,
        channel: d.queued.channel,
        kind: d.queued.kind,
        title: d.queued.title,
        status: status(d),
        attempts: d.state.status === 'none' ? 0 : d.state.attempts,
        lastError: d.state.status === 'none' ? null : d.state.lastError,
        queuedAt: new Date(d.queuedAt).toISOString(),
        updatedAt: new Date(d.updatedAt).toISOString(),
      })),
    };
  }

  @Post('test')
  @HttpCode(201)
  async test(@Body() raw: unknown, @CurrentActor() actor: AuthenticatedActor): Promise<{ messageId: string }> {
    const { channel: name } = parseBody(TEST_NOTIFICATION_BODY, raw);
    const channel = this.notify.config.channels.find((c) => c.name === name);
    if (!channel) throw rejected('channel_not_configured', `通知渠道 ${name} 未配置：请在服务器环境变量中设置其地址`);
    const messageId = await this.notify.notifier.queueTest(channel, actor.name);
    void this.notify.poke();
    return { messageId };
  }
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
