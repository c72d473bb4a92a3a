import { COMMAND_BODIES, toFieldErrors, type BoardState, type CommandName, type FieldError } from '@battlemap/events';
import { newIdempotencyKey, type ApiClient, type CommandAnswer } from './api';
import { describeEvent, type HistoryLine } from './history';

/** A 409: what happened to the stream since the person loaded it, and the revision to re-apply on. */
export interface Conflict {
  changes: HistoryLine[];
  latestRevision: number;
}

export interface CommandTarget {
  command: CommandName;
  method?: 'POST' | 'PATCH';
  path: string;
  /** The stream the command writes to, for the 409 view; null for a new stream. */
  stream: string | null;
  /** The stream's last revision the person loaded; undefined sends no expectedRevision. */
  revision?: number;
}

/** A command handed to the offline queue: sent later, with the same key, in order. */
export interface QueueRequest {
  key: string;
  command: CommandName;
  method: 'POST' | 'PATCH';
  path: string;
  stream: string | null;
  revision?: number;
  /** The parsed body, without expectedRevision. */
  body: Record<string, unknown>;
}

/** Where commands go when there is no network (see offline/outbox.svelte.ts). */
export interface CommandOutbox {
  /** Commands on this stream are already waiting: a new one queues behind them, to keep their order. */
  holds(stream: string | null): boolean;
  /** Checks the command on top of those queued and keeps it; the refusal in words, or null. */
  enqueue(request: QueueRequest): Promise<string | null>;
}

export interface CommandRunOptions {
  api: ApiClient;
  board: () => BoardState | null;
  target: () => CommandTarget;
  /** The decider's verdict on the parsed body (without expectedRevision): a refusal in words, or null. */
  precheck?: (data: Record<string, unknown>) => string | null;
  onDone?: (answer: CommandAnswer) => void;
  /** With no network, the command is queued here instead of failing; without it, it fails as unsure. */
  outbox?: CommandOutbox;
}

/** Field errors keyed by path ("stage", "location.0", "problems.1.description") and by their first segment. */
export function errorsByField(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors) {
    out[error.field] ??= error.message;
    out[error.field.split('.')[0]] ??= error.message;
  }
  return out;
}

/**
 * One command form's sending: validated in the browser with the server's own zod schema, sent once
 * (a second tap while in flight does nothing), with an Idempotency-Key made once per attempt and kept
 * for a retry when the answer never came, and `expectedRevision` so a concurrent edit ends in a 409
 * that shows what changed and can be re-applied on top.
 */
export class CommandRun {
  inFlight = $state(false);
  fieldErrors = $state.raw<Record<string, string>>({});
  /** A refusal (403, 404, 422) or failure, in the server's Chinese words. */
  problem = $state<string | null>(null);
  conflict = $state.raw<Conflict | null>(null);
  /** True after the last attempt succeeded. */
  done = $state(false);
  /** An attempt whose answer never came: retrying re-sends it with the same key. */
  unsure = $state(false);
  /** Kept in the offline queue: it is sent when the network is back. */
  queued = $state(false);

  #options: CommandRunOptions;
  #key: string | null = null;
  #lastBody: Record<string, unknown> | null = null;
  #revisionOverride: number | undefined;

  constructor(options: CommandRunOptions) {
    this.#options = options;
  }

  /** Validates and sends; returns the answer, or null when it did not go through. */
  async submit(body: Record<string, unknown>, options: { precheck?: boolean } = {}): Promise<CommandAnswer | null> {
    if (this.inFlight || this.queued) return null;
    const target = this.#options.target();
    const revision = this.#revisionOverride ?? target.revision;
    const full = revision === undefined ? body : { ...body, expectedRevision: revision };
    const parsed = COMMAND_BODIES[target.command].safeParse(full);
    if (!parsed.success) {
      this.#reset();
      this.fieldErrors = errorsByField(toFieldErrors(parsed.error));
      this.problem = '请按提示修改标出的内容';
      return null;
    }
    const { expectedRevision: _revision, ...data } = parsed.data as Record<string, unknown>;
    const refusal = options.precheck === false ? null : (this.#options.precheck?.(data) ?? null);
    if (refusal) {
      this.reject(refusal);
      return null;
    }
    // Same content after an unanswered attempt: the same key, so the server answers it only once.
    const sameAsUnsure = this.unsure && this.#lastBody !== null && JSON.stringify(this.#lastBody) === JSON.stringify(full);
    if (!sameAsUnsure) this.#key = newIdempotencyKey();
    this.#lastBody = full;
    this.#reset();
    this.inFlight = true;
    const outbox = this.#options.outbox;
    const queue = (sent: boolean) => this.#queue(outbox!, { target, revision, data, sent });
    try {
      // Offline, or behind commands already waiting on this stream: into the queue, in order.
      if (outbox && (!navigator.onLine || outbox.holds(target.stream))) return await queue(false);
      const answer = await this.#options.api.request<CommandAnswer>(target.method ?? 'POST', target.path, parsed.data, {
        'idempotency-key': this.#key!,
      });
      // No answer at all: queued with the same key, so it lands once whether or not this attempt did.
      if (answer.status === 0 && outbox) return await queue(true);
      if (answer.ok) {
        this.done = true;
        this.#key = null;
        this.#revisionOverride = undefined;
        this.#options.onDone?.(answer.body);
        return answer.body;
      }
      if (answer.status === 0 || answer.status >= 500) {
        this.unsure = true;
        this.problem = answer.error.message;
        return null;
      }
      this.#key = null;
      if (answer.status === 400 && answer.error.fields?.length) {
        this.fieldErrors = errorsByField(answer.error.fields);
        this.problem = '请按提示修改标出的内容';
      } else if (answer.status === 409 && target.stream) {
        this.conflict = await this.#describeConflict(target.stream, revision ?? -1);
        if (!this.conflict) this.problem = answer.error.message;
      } else {
        this.problem = answer.error.message;
      }
      return null;
    } finally {
      this.inFlight = false;
    }
  }

  async #queue(
    outbox: CommandOutbox,
    { target, revision, data, sent }: { target: CommandTarget; revision: number | undefined; data: Record<string, unknown>; sent: boolean },
  ): Promise<null> {
    const refusal = await outbox.enqueue({
      key: this.#key!,
      command: target.command,
      method: target.method ?? 'POST',
      path: target.path,
      stream: target.stream,
      ...(revision !== undefined && { revision }),
      body: data,
    });
    this.problem = refusal;
    // Not queued after an attempt that may have landed: a retry must keep its key.
    if (refusal && sent) this.unsure = true;
    else this.#key = null;
    this.queued = refusal === null;
    return null;
  }

  /** 在最新数据上重新提交: the same content, on top of what changed, as a new attempt. */
  reapply(): Promise<CommandAnswer | null> {
    if (!this.conflict || !this.#lastBody) return Promise.resolve(null);
    this.#revisionOverride = this.conflict.latestRevision;
    const { expectedRevision: _stale, ...body } = this.#lastBody;
    // The person re-applies knowingly on top of what changed: the server decides on the latest state.
    return this.submit(body, { precheck: false });
  }

  /** A refusal decided in the browser before anything is sent (e.g. nothing was changed). */
  reject(message: string): void {
    this.#reset();
    this.problem = message;
  }

  /** Forgets the outcome (a form opened again starts clean). */
  clear(): void {
    this.#reset();
    this.done = false;
    this.unsure = false;
    this.queued = false;
    this.#revisionOverride = undefined;
  }

  #reset(): void {
    this.fieldErrors = {};
    this.problem = null;
    this.conflict = null;
    this.done = false;
    this.unsure = false;
  }

  async #describeConflict(stream: string, loaded: number): Promise<Conflict | null> {
    const history = await this.#options.api.history(stream);
    const state = this.#options.board();
    if (!history.ok || !state) return null;
    const after = history.body.events.filter((e) => e.revision > loaded);
    const latestRevision = history.body.events.at(-1)?.revision ?? loaded;
    return { changes: after.map((e) => describeEvent(state, e)), latestRevision };
  }
}
