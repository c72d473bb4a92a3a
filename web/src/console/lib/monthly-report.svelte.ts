import { COMMAND_BODIES, streams, toFieldErrors, type BoardState } from '@battlemap/events';
import { newIdempotencyKey, type ApiClient, type CommandAnswer } from './api';
import type { CommandOutbox } from './command-run.svelte';
import { canChange } from './my-projects';
import { compact, numberOrText, optional, reportMonth } from './form-values';
import type { SessionUser } from './session.svelte';

type RowStatus = 'idle' | 'invalid' | 'sending' | 'sent' | 'queued' | 'failed';

export interface ReportRow {
  projectId: string;
  name: string;
  place: string;
  /** What was reported last, e.g. "2026-02 投资1200万元，形象进度45%". */
  last: string | null;
  investment: string;
  progress: string;
  milestone: string;
  status: RowStatus;
  message: string | null;
  /** Kept while an answer is unknown, so a retry cannot report the month twice. */
  key: string | null;
}

/** Requests in flight at once: month end is busy, and the server is shared. */
const PARALLEL = 3;

/**
 * 月度填报: this month's investment, 形象进度 and milestone for every project the person may change,
 * sent as one reportProgress command per filled row, each with its own Idempotency-Key.
 */
export class MonthlyReport {
  month = $state(reportMonth());
  rows = $state<ReportRow[]>([]);
  sending = $state(false);
  /** Rows answered in the current sending, and how many it sends. */
  answered = $state(0);
  total = $state(0);

  /** Fills the list from the board (once: typing must not be overwritten by live updates). */
  load(state: BoardState, user: Pick<SessionUser, 'role' | 'scopes'>): void {
    if (this.rows.length > 0) return;
    this.rows = Object.values(state.projects)
      .filter((p) => !p.terminated && canChange(user, p))
      .sort((a, b) => a.regionId.localeCompare(b.regionId) || a.name.localeCompare(b.name, 'zh-CN'))
      .map((p) => {
        const months = Object.keys(p.reports).sort();
        const lastMonth = months.at(-1);
        const report = lastMonth ? p.reports[lastMonth] : null;
        return {
          projectId: p.id,
          name: p.name,
          place: `${state.regions[p.regionId]?.name ?? p.regionId} · ${state.taskForces[p.taskForceId]?.name ?? p.taskForceId}`,
          last: report ? `${lastMonth} 投资${report.investment}万元，形象进度${report.progress}%` : null,
          investment: '',
          progress: '',
          milestone: '',
          status: 'idle' as RowStatus,
          message: null,
          key: null,
        };
      });
  }

  /** A new session starts with an empty list (another person's typing never carries over). */
  reset(): void {
    this.rows = [];
    this.month = reportMonth();
    this.answered = 0;
    this.total = 0;
  }

  get filled(): ReportRow[] {
    return this.rows.filter((r) => r.investment.trim() || r.progress.trim() || r.milestone.trim());
  }

  /** A new month is a new report: earlier results no longer say anything about it. */
  changeMonth(month: string): void {
    this.month = month;
    for (const row of this.rows) if (row.status !== 'sending') Object.assign(row, { status: 'idle', message: null, key: null });
  }

  /** With an outbox, rows that cannot reach the server (offline, or no answer) wait in it with their keys. */
  async submitAll(api: ApiClient, outbox?: CommandOutbox): Promise<void> {
    if (this.sending) return;
    const queue: [ReportRow, Record<string, unknown>][] = [];
    for (const row of this.filled) {
      if (row.status === 'sent' || row.status === 'queued') continue;
      const body = compact({
        month: this.month,
        investment: numberOrText(row.investment),
        progress: numberOrText(row.progress),
        milestone: optional(row.milestone),
      });
      const parsed = COMMAND_BODIES.reportProgress.safeParse(body);
      if (!parsed.success) {
        row.status = 'invalid';
        row.message = toFieldErrors(parsed.error)
          .map((e) => e.message)
          .join('；');
        continue;
      }
      row.status = 'idle';
      row.message = null;
      queue.push([row, parsed.data]);
    }
    if (queue.length === 0) return;
    this.sending = true;
    this.answered = 0;
    this.total = queue.length;
    const next = async (): Promise<void> => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        await this.#send(api, item[0], item[1], outbox);
        this.answered++;
      }
    };
    try {
      await Promise.all(Array.from({ length: PARALLEL }, next));
    } finally {
      this.sending = false;
    }
  }

  async #send(api: ApiClient, row: ReportRow, body: Record<string, unknown>, outbox?: CommandOutbox): Promise<void> {
    row.key ??= newIdempotencyKey();
    row.status = 'sending';
    const path = `/api/projects/${encodeURIComponent(row.projectId)}/progress`;
    const stream = streams.project(row.projectId);
    // Behind this project's commands already waiting, or with no network: into the queue, in order.
    if (outbox && (!navigator.onLine || outbox.holds(stream))) return this.#queue(outbox, row, path, stream, body);
    const answer = await api.request<CommandAnswer>('POST', path, body, { 'idempotency-key': row.key });
    if (answer.ok) {
      Object.assign(row, { status: 'sent', message: null, key: null });
      return;
    }
    // No answer: queued with the same key, so the month is reported once whether or not this attempt landed.
    if (answer.status === 0 && outbox) return this.#queue(outbox, row, path, stream, body);
    const unknownOutcome = answer.status === 0 || answer.status >= 500;
    const fields = answer.error.fields?.map((f) => f.message).join('；');
    Object.assign(row, { status: 'failed', message: fields || answer.error.message, key: unknownOutcome ? row.key : null });
  }

  async #queue(outbox: CommandOutbox, row: ReportRow, path: string, stream: string, body: Record<string, unknown>): Promise<void> {
    const refusal = await outbox.enqueue({ key: row.key!, command: 'reportProgress', method: 'POST', path, stream, body });
    if (refusal === null) Object.assign(row, { status: 'queued', message: '无网络：已存入待同步队列，联网后自动提交' });
    else Object.assign(row, { status: 'failed', message: refusal });
  }
}
