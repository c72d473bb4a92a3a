import { createHmac } from 'node:crypto';
import { type OutgoingMessage, postJson } from './robot-http';
import type { ChannelConfig } from './notify-config';

/**
 * A generic JSON webhook. Headers: `X-Battlemap-Message-Id` (stable across retries: deduplicate on
 * it), `X-Battlemap-Timestamp` (ms) and `X-Battlemap-Signature: sha256=<hex HMAC-SHA256 keyed with
 * NOTIFY_WEBHOOK_SECRET over timestamp + "." + the raw body>`. Any 2xx is success.
 */
export async function sendWebhook(channel: ChannelConfig, message: OutgoingMessage, timeoutMs: number): Promise<void> {
  const timestamp = String(Date.now());
  const body = JSON.stringify({ id: message.messageId, kind: message.kind, title: message.title, text: message.text });
  await postJson(
    channel.url,
    body,
    {
      'x-battlemap-message-id': message.messageId,
      'x-battlemap-timestamp': timestamp,
      'x-battlemap-signature': `sha256=${webhookSignature(channel.secret ?? '', timestamp, body)}`,
    },
    timeoutMs,
  );
}

function webhookSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}
