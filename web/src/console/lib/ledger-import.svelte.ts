import type { ImportReport } from '@battlemap/events';
import type { Credentials } from './api';

/** Which ledger: the projects themselves, or a month of figures. */
export type LedgerKind = 'projects' | 'progress';

export type ImportPhase = 'idle' | 'checking' | 'checked' | 'importing' | 'done' | 'failed';

/** The import's steps, as the page shows them: pick a file, check it (dry run), confirm, see what was written. */
export class LedgerImport {
  kind = $state<LedgerKind>('projects');
  file = $state.raw<File | null>(null);
  /** For figures without a 月份 column. */
  month = $state('');
  phase = $state<ImportPhase>('idle');
  /** Share of the file sent, 0..1; the server's part shows as indeterminate once it is all sent. */
  sent = $state(0);
  report = $state.raw<ImportReport | null>(null);
  message = $state('');

  #credentials: Credentials;

  constructor(credentials: Credentials) {
    this.#credentials = credentials;
  }

  choose(kind: LedgerKind, file: File | null): void {
    this.kind = kind;
    this.file = file;
    this.phase = 'idle';
    this.report = null;
    this.message = '';
  }

  get busy(): boolean {
    return this.phase === 'checking' || this.phase === 'importing';
  }

  /** Rows with at least one problem. */
  get badRows(): number {
    return new Set(this.report?.errors.map((e) => e.row)).size;
  }

  check(): Promise<void> {
    return this.#send(true, false);
  }

  /** After a clean check, everything; after a check with errors, only the rows that passed. */
  confirm(): Promise<void> {
    return this.#send(false, this.badRows > 0);
  }

  async #send(dryRun: boolean, partial: boolean): Promise<void> {
    if (!this.file) return;
    this.phase = dryRun ? 'checking' : 'importing';
    this.sent = 0;
    this.message = '';
    const query = new URLSearchParams({ dryRun: String(dryRun), ...(partial && { partial: 'true' }) });
    if (this.kind === 'progress' && this.month) query.set('month', this.month);
    const answer = await upload(`/api/imports/${this.kind}?${query}`, this.file, this.#credentials.token, (share) => (this.sent = share));
    if (answer.status === 401) this.#credentials.expire('登录已失效，请重新登录');
    const body = answer.body as (ImportReport & { message?: string }) | { message?: string } | undefined;
    if (body && 'rows' in body) {
      this.report = body;
      this.phase = dryRun ? 'checked' : 'done';
      if (!dryRun && !body.written) this.phase = 'failed';
      this.message = body.message ?? '';
      return;
    }
    this.phase = 'failed';
    this.message = body?.message ?? (answer.status === 0 ? '网络连接失败，请检查网络后重试' : `服务器返回错误（${answer.status}）`);
  }

  /** The check's findings as an Excel sheet, made by the server. */
  async downloadReport(): Promise<void> {
    if (!this.report) return;
    await download('/api/imports/report.xlsx', '导入检查结果.xlsx', this.#credentials.token, { errors: this.report.errors });
  }
}

/** fetch cannot tell how much of a body is sent; XMLHttpRequest can, for the progress bar. */
function upload(
  url: string,
  file: File,
  token: string | null,
  onSent: (share: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => event.lengthComputable && onSent(event.loaded / event.total);
    request.upload.onload = () => onSent(1);
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => resolve({ status: 0, body: undefined });
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

/** Saves what the server makes (a template, the ledger, a report) under a file name. */
export async function download(url: string, name: string, token: string | null, body?: unknown): Promise<boolean> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => undefined);
  if (!response?.ok) return false;
  const href = URL.createObjectURL(await response.blob());
  // In the document while it is clicked, as a link a person clicks would be: the browser takes the file's name from it.
  const anchor = Object.assign(document.createElement('a'), { href, download: name, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return true;
}
