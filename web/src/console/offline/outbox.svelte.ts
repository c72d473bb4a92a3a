import { parseStream, type BoardState, type CommandName, type DomainEvent, type EventEnvelope } from '@battlemap/events';
import type { ApiClient, CommandAnswer } from '../lib/api';
import type { CommandOutbox, QueueRequest } from '../lib/command-run.svelte';
import { today } from '../lib/form-values';
import { describeEvent } from '../lib/history';
import type { SessionUser } from '../lib/session.svelte';
import type { HistoryCache } from './history-cache';
import { decideLocally } from './local-fold';
import { offlineDb, type QueuedCommand } from './offline-db';

/** While commands wait and the network is up, they are tried again this often (a server restarting). */
const RETRY_EVERY_MS = 20_000;
const CHANNEL = 'battlemap-console-outbox';
const LOCK = 'battlemap-console-outbox';

const UNAVAILABLE_MESSAGE = '无法在本机保存待同步的操作（浏览器禁止了本地存储），请联网后再提交。';

export interface OutboxOptions {
  api: ApiClient;
  board: () => BoardState | null;
  user: () => SessionUser | null;
  histories: HistoryCache;
}

/** What the person did, before what the board will show: "推进阶段：开工". An inspection says it itself. */
const COMMAND_LABELS: Partial<Record<CommandName, string>> = {
  advanceStage: '推进阶段',
  reportProgress: '填报进度',
  amendProject: '修改信息',
  markStalled: '列为问题项目',
  revitalize: '盘活',
  terminate: '终止项目',
  assignLeader: '调整挂点领导',
  assignProblem: '交办问题',
  escalateProblem: '上报问题',
  resolveProblem: '标记问题解决',
  closeProblem: '问题核实销号',
  reopenProblem: '重新打开问题',
};

const isPending = (item: QueuedCommand) => item.state === 'queued' || item.state === 'sending';

/**
 * Commands made with no network, kept in IndexedDB until they are sent: each checked on the device
 * first (see local-fold.ts), then sent in order, one at a time, with its own Idempotency-Key on every
 * attempt, so nothing is lost (a failed attempt leaves it queued) and nothing lands twice (a retry of
 * one that did land gets the first answer). Each ends as 已同步, 冲突 (a 409: what changed meanwhile,
 * and re-apply) or 被拒绝 (the server's reason). Tabs of the console share the queue, and only one of
 * them sends at a time (a Web Lock), so two tabs never race one command into a false 409.
 */
export class Outbox implements CommandOutbox {
  /** Oldest first. */
  items = $state.raw<QueuedCommand[]>([]);
  syncing = $state(false);
  /** What the browser says of the network (navigator.onLine, kept current). */
  online = $state(navigator.onLine);

  #options: OutboxOptions;
  #running = false;
  #again = false;
  #channel: BroadcastChannel | null = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

  constructor(options: OutboxOptions) {
    this.#options = options;
  }

  /** Waiting to be sent (or being sent), by anyone who used this device. */
  get waiting(): number {
    return this.items.filter(isPending).length;
  }

  /** Ended in a conflict or a refusal: the person has to look at them. */
  get attention(): number {
    return this.items.filter((i) => i.state === 'conflict' || i.state === 'rejected').length;
  }

  /** Reads the queue and keeps it in step with the network and the other tabs; returns the stop. */
  start(): () => void {
    void this.load();
    const online = () => {
      this.online = navigator.onLine;
      if (this.online) void this.sync();
    };
    const timer = setInterval(() => {
      if (this.waiting > 0 && navigator.onLine) void this.sync();
    }, RETRY_EVERY_MS);
    const changed = () => void this.load();
    addEventListener('online', online);
    addEventListener('offline', online);
    this.#channel?.addEventListener('message', changed);
    return () => {
      clearInterval(timer);
      removeEventListener('online', online);
      removeEventListener('offline', online);
      this.#channel?.removeEventListener('message', changed);
    };
  }

  async load(): Promise<void> {
    const db = await offlineDb().catch(() => null);
    if (db) this.items = await db.getAll('outbox');
  }

  holds(stream: string | null): boolean {
    return stream !== null && this.items.some((i) => i.stream === stream && isPending(i));
  }

  /** Queues a command after checking it on top of those already queued; the refusal in words, or null. */
  async enqueue(request: QueueRequest): Promise<string | null> {
    const user = this.#options.user();
    if (!user) return '登录已失效，请重新登录';
    const db = await offlineDb().catch(() => null);
    if (!db) return UNAVAILABLE_MESSAGE;
    await this.load();
    // Checked on top of this person's commands still waiting on the stream (another's go with their own login).
    const earlier = request.stream
      ? this.items.filter((i) => i.stream === request.stream && isPending(i) && i.by.username === user.username)
      : [];
    const previous = earlier.at(-1);
    const history = request.stream
      ? (this.#options.histories.peek(request.stream) ?? (await this.#options.histories.read(request.stream))?.events)
      : undefined;
    const board = this.#options.board();
    const verdict = decideLocally({
      command: request.command,
      stream: request.stream,
      data: request.body,
      today: today(),
      history: history ? (history as unknown as DomainEvent[]) : null,
      queued: earlier.flatMap((i) => i.predicted),
      board,
    });
    if (!verdict.ok) return verdict.refusal;

    const item: QueuedCommand = {
      key: request.key,
      command: request.command,
      method: request.method,
      path: request.path,
      stream: request.stream,
      body: request.body,
      // On top of the queued ones: the revision the stream will have once they have landed.
      expectedRevision: previous
        ? previous.expectedRevision === undefined
          ? undefined
          : previous.expectedRevision + previous.predicted.length
        : request.revision,
      loadedRevision: request.revision,
      after: previous?.key ?? null,
      predicted: verdict.events,
      ...describeItem(board, request, verdict.events, user),
      queuedAt: Date.now(),
      by: { username: user.username, displayName: user.displayName },
      state: 'queued',
      attempts: 0,
    };
    if (item.expectedRevision === undefined) delete item.expectedRevision;
    if (item.loadedRevision === undefined) delete item.loadedRevision;
    // A retry of a request whose answer never came: the key is already queued, keep the first.
    if (!(await db.getKeyFromIndex('outbox', 'key', item.key))) await db.add('outbox', item);
    await this.#changed();
    if (navigator.onLine) void this.sync();
    return null;
  }

  /** Sends what waits, oldest first, one at a time, until the queue is empty or the network fails. */
  async sync(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.syncing = true;
    try {
      do {
        this.#again = false;
        await exclusively(() => this.#drain());
      } while (this.#again);
    } catch {
      // The device's storage failed mid-way: every command stays as IndexedDB last recorded it, to be tried again.
    } finally {
      this.#running = false;
      this.syncing = false;
    }
  }

  /** 在最新数据上重新提交: the same command on top of what changed meanwhile, with the same key. */
  async reapply(key: string): Promise<void> {
    const item = this.items.find((i) => i.key === key);
    if (!item || item.state !== 'conflict' || !item.conflict) return;
    const { conflict: _conflict, message: _message, ...rest } = item;
    const latest = item.conflict.latestRevision;
    await this.#put({ ...rest, state: 'queued', expectedRevision: latest, loadedRevision: latest, after: null });
    if (navigator.onLine) await this.sync();
  }

  /** Drops a command that will not be sent (a conflict the person gives up, a refusal read). */
  async discard(key: string): Promise<void> {
    const item = this.items.find((i) => i.key === key);
    if (!item || isPending(item) || item.seq === undefined) return;
    const db = await offlineDb();
    await db.delete('outbox', item.seq);
    await this.#changed();
  }

  /** Forgets the commands that were sent. */
  async clearSynced(): Promise<void> {
    const db = await offlineDb();
    for (const item of this.items) if (item.state === 'synced' && item.seq !== undefined) await db.delete('outbox', item.seq);
    await this.#changed();
  }

  async #drain(): Promise<void> {
    // Fresh from the device: another tab may have sent some while this one waited for the lock.
    await this.load();
    // A 'sending' found here was cut off (the page closed mid-request): it is sent again, same key.
    for (;;) {
      const user = this.#options.user();
      if (!user || !navigator.onLine) return;
      const next = this.items.find((i) => isPending(i) && i.by.username === user.username);
      if (!next) return;
      if (!(await this.#send(next))) return;
    }
  }

  /** One attempt; false when sending should stop for now (no network, server down, session ended). */
  async #send(item: QueuedCommand): Promise<boolean> {
    const sending: QueuedCommand = { ...item, state: 'sending', attempts: item.attempts + 1, lastTriedAt: Date.now() };
    await this.#put(sending);
    const expected = this.#expectedRevision(item);
    const body = expected === undefined ? item.body : { ...item.body, expectedRevision: expected };
    const answer = await this.#options.api.request<CommandAnswer>(item.method, item.path, body, { 'idempotency-key': item.key });
    if (answer.ok) {
      await this.#put({ ...sending, state: 'synced', answer: answer.body, syncedAt: Date.now(), message: undefined });
      return true;
    }
    if (answer.status === 0 || answer.status === 401 || answer.status === 429 || answer.status >= 500) {
      await this.#put({ ...sending, state: 'queued', message: answer.error.message });
      return false;
    }
    if (answer.status === 409 && item.stream) {
      const from = expected ?? item.loadedRevision ?? -1;
      const conflict = await this.#describeConflict(item.stream, from, answer.error.actualRevision);
      await this.#put({ ...sending, state: 'conflict', conflict, message: answer.error.message });
      return true;
    }
    const fields = answer.error.fields?.map((f) => f.message) ?? [];
    await this.#put({ ...sending, state: 'rejected', message: [answer.error.message, ...fields].join('；') });
    return true;
  }

  /** Chained on a queued command that has landed: exactly on the revision it made. */
  #expectedRevision(item: QueuedCommand): number | undefined {
    const previous = item.after ? this.items.find((i) => i.key === item.after) : undefined;
    if (previous?.state === 'synced' && previous.answer) return previous.answer.revision;
    return item.expectedRevision;
  }

  async #describeConflict(stream: string, from: number, actual?: number): Promise<NonNullable<QueuedCommand['conflict']>> {
    const history = await this.#options.api.history(stream);
    const state = this.#options.board();
    if (!history.ok) return { changes: [], latestRevision: actual ?? from };
    const events: EventEnvelope[] = history.body.events;
    const after = events.filter((e) => e.revision > from);
    return {
      changes: state ? after.map((e) => describeEvent(state, e)) : [],
      latestRevision: events.at(-1)?.revision ?? actual ?? from,
    };
  }

  async #put(item: QueuedCommand): Promise<void> {
    const db = await offlineDb();
    const clean = Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)) as unknown as QueuedCommand;
    await db.put('outbox', clean);
    await this.#changed();
  }

  async #changed(): Promise<void> {
    await this.load();
    this.#channel?.postMessage('changed');
  }
}

/** One sender across the device's tabs, where the browser has Web Locks. */
async function exclusively(work: () => Promise<void>): Promise<void> {
  if (navigator.locks) await navigator.locks.request(LOCK, work);
  else await work();
}

/** What the queue page says about a command: the project, and what the board will show once it lands. */
function describeItem(
  board: BoardState | null,
  request: QueueRequest,
  predicted: DomainEvent[],
  user: SessionUser,
): Pick<QueuedCommand, 'text' | 'subject' | 'projectId'> {
  const ref = request.stream ? parseStream(request.stream) : null;
  const problem = ref?.kind === 'problem' && board ? board.problems[ref.id] : undefined;
  const projectId = ref?.kind === 'project' ? ref.id : (problem?.projectId ?? ((request.body.projectId as string | undefined) || null));
  const project = projectId && board ? board.projects[projectId] : undefined;
  const subject = [project?.name ?? projectId ?? '', problem ? `问题：${problem.description}` : ''].filter(Boolean).join(' · ');
  const shown = predicted.filter((e) => !(e.data as { skipped?: boolean }).skipped);
  const text = board
    ? shown
        .map(
          (event, i) =>
            describeEvent(board, {
              id: `${request.key}-${i}`,
              stream: request.stream ?? '',
              revision: -1,
              position: '0',
              type: event.type,
              data: event.data,
              meta: {
                actor: { id: user.username, name: user.displayName, role: user.role },
                recordedAt: Date.now(),
                correlationId: request.key,
                schema: 1,
                prevHash: '',
                hash: '',
              },
            }).text,
        )
        .join('；')
    : '';
  const label = COMMAND_LABELS[request.command];
  return { text: label ? (text ? `${label}：${text}` : label) : text || request.command, subject, projectId };
}
