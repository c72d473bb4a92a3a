import type { ChannelConfig, ChannelKind } from './notify-config';
import { sendDingTalk } from './dingtalk-sender';
import type { OutgoingMessage } from './robot-http';
import { sendWebhook } from './webhook-sender';
import { sendWeCom } from './wecom-sender';

const SENDERS: Record<ChannelKind, (channel: ChannelConfig, message: OutgoingMessage, timeoutMs: number) => Promise<void>> = {
  dingtalk: sendDingTalk,
  wecom: sendWeCom,
  webhook: sendWebhook,
};

/** Sends one message; throws a SendError (or a network error) when the channel did not take it. */
export function sendTo(channel: ChannelConfig, message: OutgoingMessage, timeoutMs: number): Promise<void> {
  return SENDERS[channel.name](channel, message, timeoutMs);
}
