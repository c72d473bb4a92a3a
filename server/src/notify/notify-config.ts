import { z } from 'zod';
import { type EscalationPolicy, parseEscalationPolicy } from '@battlemap/events';
import { ConfigError } from '../config/config';

export type ChannelKind = 'dingtalk' | 'wecom' | 'webhook';

/** A notification channel, from the environment. The URL and secret never leave the process. */
export interface ChannelConfig {
  name: ChannelKind;
  url: string;
  secret?: string;
  /** Only facts about this region and/or task force (a digest is filtered the same way). */
  scope: { regionId?: string; taskForceId?: string };
  /** Minutes after midnight, China time: messages wait while [from, to) holds (wrapping midnight). */
  quiet?: { from: number; to: number };
}

export interface NotifyConfig {
  channels: ChannelConfig[];
  /** The console's public address for links in messages ('' for none). */
  link: string;
  escalation: EscalationPolicy;
  /** How often the deadline manager, the light watcher and the notifier look at the clock. */
  tickMs: number;
  /** How long one send may take; an attempt's claim lasts a little longer. */
  sendTimeoutMs: number;
  /** The first retry's wait; each next one doubles (at most 30 minutes). */
  retryBaseMs: number;
}

const KINDS: { name: ChannelKind; url: string; secret?: string }[] = [
  { name: 'dingtalk', url: 'NOTIFY_DINGTALK_URL', secret: 'NOTIFY_DINGTALK_SECRET' },
  { name: 'wecom', url: 'NOTIFY_WECOM_URL' },
  { name: 'webhook', url: 'NOTIFY_WEBHOOK_URL', secret: 'NOTIFY_WEBHOOK_SECRET' },
];

export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const channels: ChannelConfig[] = [];
  for (const kind of KINDS) {
    const url = env[kind.url]?.trim();
    if (!url) continue;
    if (!/^https?:\/\//.test(url)) throw new ConfigError(`${kind.url} must be an http(s) URL`);
    const prefix = kind.url.replace(/_URL$/, '');
    const secret = kind.secret ? env[kind.secret]?.trim() || undefined : undefined;
    if (kind.name === 'webhook' && !secret)
      throw new ConfigError('NOTIFY_WEBHOOK_SECRET is required with NOTIFY_WEBHOOK_URL (receivers check the signature)');
    channels.push({
      name: kind.name,
      url,
      secret,
      scope: parseScope(env[`${prefix}_SCOPE`], `${prefix}_SCOPE`),
      quiet: parseQuiet(env[`${prefix}_QUIET`], `${prefix}_QUIET`),
    });
  }
  let escalation: EscalationPolicy;
  try {
    escalation = parseEscalationPolicy(env.NOTIFY_ESCALATE_AFTER_DAYS);
  } catch (error) {
    throw new ConfigError(`NOTIFY_ESCALATE_AFTER_DAYS: ${(error as Error).message}`);
  }
  return {
    channels,
    link: (env.PUBLIC_URL ?? '').trim().replace(/\/+$/, ''),
    escalation,
    tickMs: positive(env.NOTIFY_TICK_MS, 10_000, 'NOTIFY_TICK_MS'),
    sendTimeoutMs: positive(env.NOTIFY_SEND_TIMEOUT_MS, 10_000, 'NOTIFY_SEND_TIMEOUT_MS'),
    retryBaseMs: positive(env.NOTIFY_RETRY_BASE_MS, 5_000, 'NOTIFY_RETRY_BASE_MS'),
  };
}

/** `region:<id>`, `taskforce:<id>` or both, comma-separated. */
function parseScope(spec: string | undefined, name: string): ChannelConfig['scope'] {
  const scope: ChannelConfig['scope'] = {};
  for (const part of (spec ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(region|taskforce):([A-Za-z0-9][A-Za-z0-9_-]*)$/.exec(part);
    if (!match) throw new ConfigError(`${name}: "${part}" is not understood: use region:<id> and/or taskforce:<id>`);
    if (match[1] === 'region') scope.regionId = match[2];
    else scope.taskForceId = match[2];
  }
  return scope;
}

/** `22:00-07:30`, China time. */
function parseQuiet(spec: string | undefined, name: string): ChannelConfig['quiet'] {
  if (!spec?.trim()) return undefined;
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(spec.trim());
  const minutes = match?.slice(1).map(Number);
  if (!minutes || minutes[0] > 23 || minutes[2] > 23 || minutes[1] > 59 || minutes[3] > 59) {
    throw new ConfigError(`${name}: "${spec}" is not understood: use HH:MM-HH:MM in China time, e.g. 22:00-07:30`);
  }
  return { from: minutes[0] * 60 + minutes[1], to: minutes[2] * 60 + minutes[3] };
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10) throw new ConfigError(`${name} must be a whole number of milliseconds (≥ 10), got "${value}"`);
  return n;
}

/** Whether `instant` falls in the channel's quiet hours (China time, UTC+8 all year). */
export function inQuietHours(channel: ChannelConfig, instant: number): boolean {
  if (!channel.quiet) return false;
  const minute = Math.floor(((instant + 8 * 3600_000) % 86_400_000) / 60_000);
  const { from, to } = channel.quiet;
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** `POST /api/notify/test`: which channel to send a test message to. */
export const TEST_NOTIFICATION_BODY = z.strictObject({
  channel: z.enum(['dingtalk', 'wecom', 'webhook'], { error: 'invalid_channel' }),
});
