import { createHmac } from 'node:crypto';
import { type OutgoingMessage, checkErrcode, postJson } from './robot-http';
import type { ChannelConfig } from './notify-config';

/**
 * A DingTalk group robot (自定义机器人), markdown message. With 加签, DingTalk's documented scheme:
 * sign = urlEncode(base64(HmacSHA256(key = secret, timestamp + "\n" + secret))), timestamp in ms,
 * appended to the robot URL as `&timestamp=…&sign=…`; DingTalk refuses a timestamp over an hour off.
 */
export async function sendDingTalk(channel: ChannelConfig, message: OutgoingMessage, timeoutMs: number): Promise<void> {
  const url = channel.secret ? signedUrl(channel.url, channel.secret, Date.now()) : channel.url;
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: message.title, text: message.text } });
  checkErrcode(await postJson(url, body, {}, timeoutMs));
}

function dingTalkSign(secret: string, timestamp: number): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64'));
}

function signedUrl(url: string, secret: string, timestamp: number): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}timestamp=${timestamp}&sign=${dingTalkSign(secret, timestamp)}`;
}
