import { type OutgoingMessage, checkErrcode, postJson } from './robot-http';
import type { ChannelConfig } from './notify-config';

/** WeCom's markdown content is limited to 4096 bytes (UTF-8); a longer digest is cut with a note. */
const WECOM_MAX_BYTES = 4096;

/** A WeCom group robot (群机器人): the key is in the URL; markdown message, `{errcode: 0}` on success. */
export async function sendWeCom(channel: ChannelConfig, message: OutgoingMessage, timeoutMs: number): Promise<void> {
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: fitBytes(message.text, WECOM_MAX_BYTES) } });
  checkErrcode(await postJson(channel.url, body, {}, timeoutMs));
}

function fitBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const note = '\n……（内容过长，已截断）';
  let cut = text.slice(0, max);
  while (Buffer.byteLength(cut + note, 'utf8') > max) cut = cut.slice(0, -16);
  return cut + note;
}
