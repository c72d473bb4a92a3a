import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

/** Below this many events to fold, a thread costs more than it saves (it starts in ~50 ms). */
const WORTH_A_THREAD = 20_000;

type Message = { upTo: number; bad: [number, string][] } | { done: true };

/** A worker's script: a file, or (eval) the code itself. */
interface WorkerScript {
  file: string;
  eval?: boolean;
}

/** What a precheck reads, and (for tests running from source) which worker script runs it. */
export interface PrecheckOptions {
  /** The SQLite store's file. */
  path: string;
  worker?: WorkerScript;
  /** Fewer events to fold than this: no thread (default 20,000). */
  minimum?: number;
}

/**
 * A cold start's schema checks, on a second core: while the board folds the log on the main thread, a
 * worker thread reads the same rows of the SQLite file ahead of it and checks them (about a third of
 * the fold's time on one thread). The board asks for each event's verdict; where the worker has not got
 * that far yet (or could not run), it hears `undefined` and checks the event itself, so the worker only
 * ever saves time. Its messages are taken synchronously (the fold does not yield to the event loop).
 */
export class Precheck {
  private checkedUpTo = -1;
  private readonly bad = new Map<number, string>();
  private done = false;
  /** Events whose verdict came from the thread. */
  answered = 0;
  /** Why the thread stopped early, if it did. */
  failure: Error | null = null;
  /** Settles when the thread has ended (done, failed or stopped). */
  readonly finished: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
  ) {
    this.finished = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Starts checking the rows after `after` of the SQLite file at `path`; null when not worth it or not possible. */
  static start(options: PrecheckOptions, after: string | undefined, head: string | null): Precheck | null {
    const from = after === undefined ? 0 : Number(after);
    if (head === null || !Number.isSafeInteger(from) || Number(head) - from < (options.minimum ?? WORTH_A_THREAD)) return null;
    const script = options.worker ?? compiledWorker();
    if (!script) return null;
    const { port1, port2 } = new MessageChannel();
    let worker: Worker;
    try {
      worker = new Worker(script.file, {
        eval: script.eval ?? false,
        workerData: { path: options.path, after: from, port: port2 },
        transferList: [port2],
      });
    } catch {
      return null;
    }
    const precheck = new Precheck(worker, port1);
    // A thread that fails (no file, no module) only means the board checks every event itself.
    worker.on('error', (error) => {
      precheck.failure = error;
      precheck.stop();
    });
    worker.unref();
    return precheck;
  }

  /** The worker's verdict on the event at `position`: null (passes), the reason it fails, or undefined (not yet known). */
  verdict(position: string): string | null | undefined {
    const at = Number(position);
    if (at > this.checkedUpTo) this.drain();
    if (at > this.checkedUpTo) return undefined;
    this.answered += 1;
    return this.bad.get(at) ?? null;
  }

  stop(): void {
    if (this.done) return;
    this.done = true;
    this.port.close();
    void this.worker.terminate();
  }

  private drain(): void {
    if (this.done) return;
    for (let received = receiveMessageOnPort(this.port); received; received = receiveMessageOnPort(this.port)) {
      const message = received.message as Message;
      if ('done' in message) return this.stop();
      for (const [position, reason] of message.bad) this.bad.set(position, reason);
      this.checkedUpTo = message.upTo;
    }
  }
}

/** The compiled worker beside this file; run from source under tsx (the benches), the TypeScript one through tsx. */
function compiledWorker(): WorkerScript | null {
  const js = join(__dirname, 'precheck-worker.js');
  if (existsSync(js)) return { file: js };
  return process.execArgv.some((arg) => arg.includes('tsx')) ? precheckWorkerFromSource() : null;
}

/** The TypeScript worker, compiled as it loads by tsx's require hook (a dev dependency: benches and tests only). */
export function precheckWorkerFromSource(): WorkerScript {
  const ts = join(__dirname, 'precheck-worker.ts');
  return { file: `require('tsx/cjs'); require(${JSON.stringify(ts)});`, eval: true };
}
