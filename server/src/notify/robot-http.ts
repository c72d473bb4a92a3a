import type { NotificationKind } from '@battlemap/events';

/** What goes out: the outbox's message, with its stable id. */
export interface OutgoingMessage {
  messageId: string;
  kind: NotificationKind;
  title: string;
  text: string;
}

/** A send that did not go through: the HTTP status or the robot's errcode, for the delivery record. */
class SendError extends Error {
  override readonly name = 'SendError';
}

/**
 * POSTs JSON and reads the answer. A robot answers 200 with `{errcode, errmsg}` even when it refuses
 * (a bad signature, a rate limit): a non-zero errcode is a failure like a 5xx.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const raw = await response.text();
  if (!response.ok) throw new SendError(`HTTP ${response.status}: ${raw.slice(0, 200)}`);
  if (!raw.trim()) return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new SendError(`HTTP ${response.status}: the answer is not JSON: ${raw.slice(0, 200)}`);
  }
}

/** DingTalk and WeCom robots: `{errcode: 0}` is success, anything else a failure worth retrying. */
export function checkErrcode(answer: unknown): void {
  const { errcode, errmsg } = (answer ?? {}) as { errcode?: unknown; errmsg?: unknown };
  if (errcode !== 0) throw new SendError(`errcode ${String(errcode)}: ${String(errmsg ?? '')}`.slice(0, 300));
}
