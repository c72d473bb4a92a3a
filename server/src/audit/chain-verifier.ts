import { GENESIS_HASH, eventHash } from '../commands/hash-chain';
import { RecordedEvent } from '../store/event-store.port';

export interface ChainBreak {
  stream: string;
  revision: number;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  breaks: ChainBreak[];
}

/**
 * Walks events in position order and checks each stream's chain: revisions consecutive from 0, each
 * prevHash the previous event's hash, each hash recomputed from the event. Pure: feed it batches.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private count = 0;
  private readonly breaks: ChainBreak[] = [];

  add(event: RecordedEvent): void {
    this.count += 1;
    const head = this.heads.get(event.stream) ?? { revision: -1, hash: GENESIS_HASH };
    const meta = event.meta as Record<string, unknown> & { prevHash?: string; hash?: string };
    const fail = (reason: string) =>
      this.breaks.length < 1000 && this.breaks.push({ stream: event.stream, revision: event.revision, reason });
    if (event.revision !== head.revision + 1) fail(`revision ${event.revision} follows ${head.revision}: an event is missing`);
    if (meta.prevHash !== head.hash) fail('prevHash does not match the previous event: the chain was altered');
    const recomputed = eventHash(event, meta.prevHash ?? '');
    if (meta.hash !== recomputed) fail('hash does not match the event: the event was altered');
    this.heads.set(event.stream, { revision: event.revision, hash: meta.hash ?? recomputed });
  }

  report(): VerifyReport {
    return { ok: this.breaks.length === 0, streams: this.heads.size, events: this.count, breaks: this.breaks };
  }
}
