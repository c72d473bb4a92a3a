import {
  type EventData,
  type EventEnvelope,
  type IntegrityBreak,
  type SealCheck,
  evolveBoard,
  initialBoard,
  upcastEvent,
} from '@battlemap/events';
import { RecordedEvent } from '../store/event-store.port';
import { AuditKey } from './audit-key';
import { boardDigest } from './board-digest';
import { GENESIS_HEAD, MonthEnd, nextHead, recordedMonth } from './global-chain';
import { breakAt } from './stream-checks';

/**
 * Each monthly seal checked against the store alone (the key, no checkpoint): the global chain
 * recomputed from the first event, the board folded alongside, and at each month's last recorded
 * event (China time; a month never goes back) the position, head, count and board digest a seal of
 * that month must hold.
 */
export class SealChecks {
  private head = GENESIS_HEAD;
  private count = 0;
  private month: string | null = null;
  private last: RecordedEvent | null = null;
  private board = initialBoard();
  private boardBroken: string | null = null;
  private readonly ends = new Map<string, MonthEnd>();
  private readonly seals: RecordedEvent[] = [];

  constructor(private readonly key: AuditKey) {}

  add(event: RecordedEvent): void {
    const month = recordedMonth(event);
    if (month !== null && this.month !== null && this.last && month > this.month) {
      const digest = this.boardBroken ?? boardDigest(this.board);
      this.ends.set(this.month, { position: this.last.position, head: this.head, count: this.count, boardDigest: digest });
    }
    if (month !== null && (this.month === null || month > this.month)) this.month = month;
    this.fold(event);
    this.head = nextHead(this.key, this.head, event);
    this.count += 1;
    this.last = event;
    if (event.type === 'AuditSealed') this.seals.push(event);
  }

  results(): { checks: SealCheck[]; breaks: IntegrityBreak[] } {
    const checks: SealCheck[] = [];
    const breaks: IntegrityBreak[] = [];
    for (const seal of this.seals) {
      const data = (seal.data ?? {}) as EventData<'AuditSealed'>;
      const problem = this.compare(data, this.ends.get(data.month));
      checks.push({ month: data.month, position: seal.position, ok: problem === null });
      if (problem) breaks.push(breakAt(seal, 'seal_mismatch', `the seal of ${data.month} does not match the store: ${problem}`));
    }
    return { checks, breaks };
  }

  private compare(sealed: EventData<'AuditSealed'>, end: MonthEnd | undefined): string | null {
    if (!end) return `no event recorded in ${sealed.month} comes before the seal`;
    const differences: string[] = [];
    if (sealed.position !== end.position)
      differences.push(`it names position ${sealed.position}, the month's last event is at ${end.position}`);
    if (sealed.events !== end.count) differences.push(`it counts ${sealed.events} events, the store has ${end.count} by then`);
    if (sealed.head !== end.head) differences.push('the global chain differs');
    if (sealed.boardDigest !== end.boardDigest)
      differences.push(this.boardBroken ? `the board cannot be folded (${this.boardBroken})` : 'the board differs');
    return differences.length ? differences.join('; ') : null;
  }

  private fold(event: RecordedEvent): void {
    if (this.boardBroken) return;
    try {
      this.board = evolveBoard(this.board, upcastEvent(event) as unknown as EventEnvelope);
    } catch (error) {
      this.boardBroken = `at position ${event.position}: ${(error as Error).message}`;
    }
  }
}
