import { comparePositions } from '@battlemap/events';
import { RecordedEvent } from '../store/event-store.port';
import { AuditKey } from './audit-key';
import { Anchor, Checkpoint, GENESIS_HEAD, nextHead } from './global-chain';

/** A stretch of the log, between two anchors, whose global chain does not come out as recorded. */
export interface ChainGap {
  /** The anchor before (null: the beginning of the log). */
  from: string | null;
  to: string;
  /** Events the store holds in the stretch, and how many the chain recorded there. */
  stored: number;
  recorded: number;
  /** The stretch's one event, when both the store and the chain have exactly one there. */
  only: RecordedEvent | null;
}

/**
 * The global chain recomputed from the store between the checkpoint's anchors. Each stretch starts
 * from the head the checkpoint recorded at the anchor before it, so one change breaks one stretch and
 * the rest still check (with small stores every event is an anchor: a break names its position).
 */
export class AnchorChecks {
  private readonly anchors: Anchor[];
  private next = 0;
  private previous: { position: string | null; head: string; count: number } = { position: null, head: GENESIS_HEAD, count: 0 };
  private head = GENESIS_HEAD;
  private stored = 0;
  private first: RecordedEvent | null = null;
  readonly gaps: ChainGap[] = [];

  constructor(
    private readonly key: AuditKey,
    checkpoint: Checkpoint | null,
  ) {
    const anchors = checkpoint ? [...checkpoint.anchors] : [];
    const last = anchors.at(-1);
    if (checkpoint?.position && last?.position !== checkpoint.position) {
      anchors.push({ position: checkpoint.position, head: checkpoint.head, count: checkpoint.count });
    }
    this.anchors = anchors;
  }

  add(event: RecordedEvent): void {
    while (this.next < this.anchors.length && comparePositions(event.position, this.anchors[this.next].position) > 0) this.close();
    if (this.next >= this.anchors.length) return;
    this.head = nextHead(this.key, this.head, event);
    this.stored += 1;
    this.first ??= event;
    if (event.position === this.anchors[this.next].position) this.close();
  }

  finish(): void {
    while (this.next < this.anchors.length) this.close();
  }

  private close(): void {
    const anchor = this.anchors[this.next++];
    const recorded = anchor.count - this.previous.count;
    if (this.head !== anchor.head) {
      const only = this.stored === 1 && recorded === 1 ? this.first : null;
      this.gaps.push({ from: this.previous.position, to: anchor.position, stored: this.stored, recorded, only });
    }
    this.previous = anchor;
    this.head = anchor.head;
    this.stored = 0;
    this.first = null;
  }
}
