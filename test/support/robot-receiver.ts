import { createHmac } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DINGTALK_SECRET = 'SECe2e-dingtalk-secret+/=';
export const WEBHOOK_SECRET = 'e2e-webhook-secret';
export const DINGTALK_TOKEN = 'e2e-token';
export const WECOM_KEY = 'e2e-wecom-key';

export type RobotChannel = 'dingtalk' | 'wecom' | 'webhook';

export interface Received {
  channel: RobotChannel;
  body: any;
  /** The webhook's stable message id header (the robots carry none). */
  messageId?: string;
  /** What the stand-in answered: accepted, or why not. */
  outcome: 'accepted' | 'failed' | 'rejected' | 'hung';
  reason?: string;
}

/**
 * A local stand-in for DingTalk's and WeCom's group robots and a generic webhook receiver. It checks
 * each request as the real service documents it and answers like it: a DingTalk robot with 加签
 * refuses a wrong `sign` or a timestamp over an hour off with a non-zero errcode (HTTP 200); a WeCom
 * robot wants its key and a markdown `content`; the webhook checks the HMAC header. Tests can make
 * the next requests of a channel fail, or hang (to kill the sender mid-request).
 */
export class RobotReceiver {
  readonly received: Received[] = [];
  private readonly failures: Record<RobotChannel, number> = { dingtalk: 0, wecom: 0, webhook: 0 };
  private readonly hangs: Record<RobotChannel, number> = { dingtalk: 0, wecom: 0, webhook: 0 };
  private readonly hung: ServerResponse[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  env(): Record<string, string> {
    return {
      NOTIFY_DINGTALK_URL: `${this.url}/robot/send?access_token=${DINGTALK_TOKEN}`,
      NOTIFY_DINGTALK_SECRET: DINGTALK_SECRET,
      NOTIFY_WECOM_URL: `${this.url}/cgi-bin/webhook/send?key=${WECOM_KEY}`,
      NOTIFY_WEBHOOK_URL: `${this.url}/hook`,
      NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
  }

  failNext(channel: RobotChannel, times: number): void {
    this.failures[channel] = times;
  }

  hangNext(channel: RobotChannel): void {
    this.hangs[channel] = 1;
  }

  accepted(channel: RobotChannel, contains?: string): Received[] {
    return this.received.filter((r) => r.channel === channel && r.outcome === 'accepted' && (!contains || textOf(r).includes(contains)));
  }

  all(channel: RobotChannel, contains?: string): Received[] {
    return this.received.filter((r) => r.channel === channel && (!contains || textOf(r).includes(contains)));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const channel: RobotChannel | null =
      url.pathname === '/robot/send'
        ? 'dingtalk'
        : url.pathname === '/cgi-bin/webhook/send'
          ? 'wecom'
          : url.pathname === '/hook'
            ? 'webhook'
            : null;
    if (!channel || req.method !== 'POST') return answer(res, 404, { errcode: 404, errmsg: 'not found' });
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return this.reject(res, { channel, body: raw, outcome: 'rejected', reason: 'not JSON' });
    }
    const messageId = req.headers['x-battlemap-message-id'] as string | undefined;
    const record: Received = { channel, body, messageId, outcome: 'accepted' };
    const problem = check(channel, req, url, raw, body);
    if (problem) return this.reject(res, { ...record, outcome: 'rejected', reason: problem });
    if (this.hangs[channel] > 0) {
      this.hangs[channel]--;
      this.received.push({ ...record, outcome: 'hung' });
      this.hung.push(res);
      return;
    }
    if (this.failures[channel] > 0) {
      this.failures[channel]--;
      this.received.push({ ...record, outcome: 'failed' });
      // The robots answer a refusal with HTTP 200 and a non-zero errcode; a webhook with a 5xx.
      if (channel === 'webhook') return answer(res, 503, { error: 'unavailable' });
      return answer(res, 200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
    }
    this.received.push(record);
    answer(res, 200, channel === 'webhook' ? { ok: true } : { errcode: 0, errmsg: 'ok' });
  }

  private reject(res: ServerResponse, record: Received): void {
    this.received.push(record);
    answer(res, 200, { errcode: 310000, errmsg: `rejected: ${record.reason}` });
  }
}

/** DingTalk: sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))), timestamp in ms within an hour. */
function check(channel: RobotChannel, req: IncomingMessage, url: URL, raw: string, body: any): string | null {
  if (!String(req.headers['content-type']).startsWith('application/json')) return 'content-type is not JSON';
  if (channel === 'dingtalk') {
    if (url.searchParams.get('access_token') !== DINGTALK_TOKEN) return 'access_token';
    const timestamp = url.searchParams.get('timestamp');
    const rawSign = /[?&]sign=([^&]*)/.exec(req.url ?? '')?.[1];
    if (!timestamp || !rawSign) return 'timestamp and sign missing';
    if (Math.abs(Date.now() - Number(timestamp)) > 3600_000) return 'timestamp over an hour off';
    const expected = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`, 'utf8').digest('base64');
    if (decodeURIComponent(rawSign) !== expected) return 'sign does not match';
    if (/[+/=]/.test(rawSign)) return 'sign is not URL-encoded';
    if (body.msgtype !== 'markdown' || typeof body.markdown?.title !== 'string' || typeof body.markdown?.text !== 'string')
      return 'not a markdown message';
    return null;
  }
  if (channel === 'wecom') {
    if (url.searchParams.get('key') !== WECOM_KEY) return 'key';
    if (body.msgtype !== 'markdown' || typeof body.markdown?.content !== 'string') return 'not a markdown message';
    if (Buffer.byteLength(body.markdown.content, 'utf8') > 4096) return 'content over 4096 bytes';
    return null;
  }
  const timestamp = req.headers['x-battlemap-timestamp'] as string | undefined;
  const signature = req.headers['x-battlemap-signature'] as string | undefined;
  if (!timestamp || !signature || !req.headers['x-battlemap-message-id']) return 'headers missing';
  const expected = createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${raw}`, 'utf8').digest('hex');
  if (signature !== `sha256=${expected}`) return 'signature does not match';
  if (body.id !== req.headers['x-battlemap-message-id']) return 'body id differs from the header';
  return null;
}

export function textOf(r: Received): string {
  if (r.channel === 'dingtalk') return `${r.body?.markdown?.title ?? ''}\n${r.body?.markdown?.text ?? ''}`;
  if (r.channel === 'wecom') return String(r.body?.markdown?.content ?? '');
  return `${r.body?.title ?? ''}\n${r.body?.text ?? ''}`;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
