import { type IntegrityBreak, comparePositions } from '@battlemap/events';
import { GENESIS_HASH, eventHash } from '../commands/hash-chain';
import { RecordedEvent } from '../store/event-store.port';
import { AuditKey } from './audit-key';

export interface StreamAt {
  revision: number;
  hash: string;
  position: string;
}

interface Gap {
  from: number;
  to: number;
}

interface StreamState extends StreamAt {
  /** Revisions skipped so far: a later event may fill one (reordered), else they are missing. */
  gaps: Gap[];
  /** The stream as of the checkpoint's position (null: no event of it by then). */
  atCheckpoint: StreamAt | null;
}

/** A break about one stored event. */
export function breakAt(event: RecordedEvent, kind: IntegrityBreak['kind'], reason: string): IntegrityBreak {
  return { stream: event.stream, revision: event.revision, reason, kind, position: event.position };
}

/**
 * Each stream's own chain, walked in position order: revisions consecutive from 0 (a gap that a later
 * event fills was reordered; one that stays is missing), each prevHash the previous event's hash, each
 * hash recomputed from the event, each MAC the key's over the hash. Events without a MAC are counted
 * while they come before the first signed one; after it, a missing MAC is a break.
 */
export class StreamChecks {
  private readonly streams = new Map<string, StreamState>();
  readonly breaks: IntegrityBreak[] = [];
  unsigned = 0;

  constructor(
    private readonly key: AuditKey,
    private readonly checkpointPosition: string | null,
    private signedFrom: string | null,
  ) {}

  get streamCount(): number {
    return this.streams.size;
  }

  add(event: RecordedEvent): void {
    let state = this.streams.get(event.stream);
    if (state && event.revision <= state.revision) return this.addOutOfOrder(event, state);
    if (!state) {
      state = { revision: -1, hash: GENESIS_HASH, position: event.position, gaps: [], atCheckpoint: null };
      this.streams.set(event.stream, state);
    }
    if (event.revision > state.revision + 1) state.gaps.push({ from: state.revision + 1, to: event.revision - 1 });
    else if (event.meta.prevHash !== state.hash) {
      this.breaks.push(breakAt(event, 'altered', 'prevHash does not match the previous event: the chain was altered'));
    }
    this.checkContent(event);
    const at = { revision: event.revision, hash: String(event.meta.hash), position: event.position };
    Object.assign(state, at);
    if (this.checkpointPosition !== null && comparePositions(event.position, this.checkpointPosition) <= 0) state.atCheckpoint = at;
  }

  /** Each stream as of the checkpoint's position. */
  atCheckpoint(): Map<string, StreamAt | null> {
    return new Map([...this.streams].map(([name, state]) => [name, state.atCheckpoint]));
  }

  /** Gaps nothing filled: events missing from the middle of their stream. */
  finish(): void {
    for (const [stream, state] of this.streams) {
      for (const gap of state.gaps) {
        const revisions = gap.from === gap.to ? `revision ${gap.from} is` : `revisions ${gap.from}–${gap.to} are`;
        this.breaks.push({
          stream,
          revision: gap.from,
          kind: 'missing_event',
          position: null,
          reason: `${revisions} missing from the middle of the stream`,
        });
      }
    }
  }

  private addOutOfOrder(event: RecordedEvent, state: StreamState): void {
    const index = state.gaps.findIndex((g) => g.from <= event.revision && event.revision <= g.to);
    if (index < 0) {
      this.breaks.push(breakAt(event, 'altered', `revision ${event.revision} appears a second time`));
    } else {
      const gap = state.gaps[index];
      const rest = [
        { from: gap.from, to: event.revision - 1 },
        { from: event.revision + 1, to: gap.to },
      ].filter((g) => g.from <= g.to);
      state.gaps.splice(index, 1, ...rest);
      const where = `revision ${event.revision} is at position ${event.position}, after revision ${state.revision} at position ${state.position}`;
      this.breaks.push(breakAt(event, 'reordered', `${where}: the stream's events were moved or swapped`));
    }
    this.checkContent(event);
  }

  private checkContent(event: RecordedEvent): void {
    const meta = event.meta as Record<string, unknown> & { prevHash?: string; hash?: string; mac?: unknown };
    if (meta.hash !== eventHash(event, meta.prevHash ?? '')) {
      this.breaks.push(breakAt(event, 'altered', 'hash does not match the event: the event was altered'));
    } else if (meta.mac !== undefined) {
      if (!this.key.verifies(meta.hash, meta.mac)) {
        const why =
          "MAC does not match the hash: the event was altered and its stream's hashes recomputed (or it was signed with another key)";
        this.breaks.push(breakAt(event, 'altered', why));
      } else if (this.signedFrom === null) {
        this.signedFrom = event.position;
      }
    } else if (this.signedFrom !== null && comparePositions(event.position, this.signedFrom) > 0) {
      const why = `no MAC, though every event since position ${this.signedFrom} is signed: the event was altered and its MAC removed`;
      this.breaks.push(breakAt(event, 'altered', why));
    } else {
      this.unsigned += 1;
    }
  }
}
