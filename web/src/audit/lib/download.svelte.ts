/**
 * A file download with progress: the exports are streamed (no Content-Length), so the page counts
 * what has arrived (rows for CSV, bytes for the rest) and, when the server gave one, the share of rows.
 */
export class Download {
  busy = $state(false);
  received = $state(0);
  rows = $state(0);
  estimate = $state<number | null>(null);
  error = $state<string | null>(null);
  done = $state<string | null>(null);

  async run(path: string, token: string | null, fileName: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.received = 0;
    this.rows = 0;
    this.error = null;
    this.done = null;
    try {
      const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        this.error = body?.message ?? `下载失败（${response.status}）`;
        return;
      }
      const estimate = response.headers.get('x-row-estimate');
      this.estimate = estimate === null ? null : Number(estimate);
      const counting = (response.headers.get('content-type') ?? '').startsWith('text/csv');
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        this.received += value.byteLength;
        if (counting) for (const byte of value) if (byte === 10) this.rows++;
      }
      const url = URL.createObjectURL(new Blob(chunks, { type: response.headers.get('content-type') ?? 'application/octet-stream' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.hidden = true;
      // In the document while it is clicked, as a link a person clicks would be: the browser takes the file's name from it.
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.done = fileName;
    } catch {
      this.error = '网络中断，下载未完成，请重试';
    } finally {
      this.busy = false;
    }
  }

  /** "已接收 12,345 行（约 40%）" or "已接收 1.2 MB". */
  get progress(): string {
    const mb = `${(this.received / 1048576).toFixed(1)} MB`;
    if (this.rows > 0) {
      const data = Math.max(0, this.rows - 1);
      const share = this.estimate ? `，约 ${Math.min(100, Math.round((data / this.estimate) * 100))}%` : '';
      return `已接收 ${data.toLocaleString('zh-CN')} 行（${mb}${share}）`;
    }
    return `已接收 ${mb}`;
  }
}
