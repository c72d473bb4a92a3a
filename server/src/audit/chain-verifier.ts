import { type IntegrityBreak, type VerifyReport, comparePositions } from '@battlemap/events';
import { RecordedEvent } from '../store/event-store.port';
import { AnchorChecks, ChainGap } from './anchor-checks';
import { AuditKey } from './audit-key';
import { Checkpoint } from './global-chain';
import { SealChecks } from './seal-checks';
import { StreamAt, StreamChecks, breakAt } from './stream-checks';

/** A report names at most this many breaks. */
const MAX_BREAKS = 1000;

/**
 * Verifies the whole store in one pass in position order (feed it batches): each stream's chain and
 * each event's MAC (StreamChecks), the global chain against the checkpoint kept outside the store
 * (AnchorChecks, and each stream's last revision and hash there), and each monthly seal (SealChecks).
 */
export class ChainVerifier {
  private readonly streams: StreamChecks;
  private readonly anchors: AnchorChecks;
  private readonly seals: SealChecks;
  private count = 0;

  constructor(
    private readonly key: AuditKey,
    private readonly checkpoint: Checkpoint | null = null,
  ) {
    this.streams = new StreamChecks(key, checkpoint?.position ?? null, checkpoint?.signedFrom ?? null);
    this.anchors = new AnchorChecks(key, checkpoint);
    this.seals = new SealChecks(key);
  }

  add(event: RecordedEvent): void {
    this.count += 1;
    this.streams.add(event);
    this.anchors.add(event);
    this.seals.add(event);
  }

  report(): VerifyReport {
    this.streams.finish();
    this.anchors.finish();
    const seals = this.seals.results();
    const breaks = [...this.streams.breaks, ...this.againstCheckpoint(), ...seals.breaks];
    breaks.push(...this.unexplained(this.anchors.gaps, breaks));
    const { checkpoint } = this;
    return {
      ok: breaks.length === 0,
      streams: this.streams.streamCount,
      events: this.count,
      breaks: breaks.slice(0, MAX_BREAKS),
      unsigned: this.streams.unsigned,
      keyFingerprint: this.key.fingerprint,
      seals: seals.checks,
      checkpoint: checkpoint && { position: checkpoint.position, events: checkpoint.count, followedFrom: checkpoint.followedFrom },
    };
  }

  /** Each stream as the checkpoint recorded it against the store up to the checkpoint's position. */
  private againstCheckpoint(): IntegrityBreak[] {
    const checkpoint = this.checkpoint;
    if (!checkpoint?.position) return [];
    const at = this.streams.atCheckpoint();
    const altered = new Set(this.streams.breaks.filter((b) => b.kind === 'altered').map((b) => b.stream));
    const breaks: IntegrityBreak[] = [];
    const by = `the checkpoint at position ${checkpoint.position}`;
    for (const [stream, recorded] of Object.entries(checkpoint.streams)) {
      const stored = at.get(stream) ?? null;
      const kept = revisionsText(0, recorded.revision);
      if (!stored) {
        breaks.push({ stream, revision: 0, kind: 'missing_stream', position: null, reason: `the stream is gone: ${by} recorded ${kept}` });
      } else if (stored.revision < recorded.revision) {
        const gone = revisionsText(stored.revision + 1, recorded.revision);
        const reason = `${gone} ${stored.revision + 1 === recorded.revision ? 'is' : 'are'} gone from the end: ${by} recorded ${kept}`;
        breaks.push({ stream, revision: stored.revision + 1, kind: 'missing_tail', position: null, reason });
      } else if (stored.revision > recorded.revision) {
        breaks.push(insertedBreak(stream, stored, `${by} recorded ${kept}, the store has up to revision ${stored.revision} by then`));
      } else if (stored.hash !== recorded.hash && !altered.has(stream)) {
        breaks.push({
          stream,
          revision: stored.revision,
          kind: 'altered',
          position: stored.position,
          reason: `the stream's last hash differs from ${by}: its events were rewritten`,
        });
      }
    }
    for (const [stream, stored] of at) {
      if (stored && !Object.hasOwn(checkpoint.streams, stream)) breaks.push(insertedBreak(stream, stored, `${by} has no such stream`));
    }
    for (const d of checkpoint.discontinuities) {
      if (d.revision > d.expected) {
        const reason = `${revisionsText(d.expected, d.revision - 1)} never reached the global chain before revision ${d.revision} at position ${d.position}`;
        breaks.push({ stream: d.stream, revision: d.expected, kind: 'missing_event', position: null, reason });
        continue;
      }
      const kind = d.revision === 0 ? 'missing_stream' : 'missing_tail';
      const reason = `${revisionsText(d.revision, d.expected - 1)} had gone when revision ${d.revision} was appended again at position ${d.position}`;
      breaks.push({ stream: d.stream, revision: d.revision, kind, position: d.position, reason });
    }
    return breaks;
  }

  /**
   * Stretches of the global chain that break with no other break to explain them: events moved,
   * swapped or re-timed (same count), gone (fewer) or never recorded (more).
   */
  private unexplained(gaps: ChainGap[], found: IntegrityBreak[]): IntegrityBreak[] {
    const anyMissing = found.some((b) => b.kind.startsWith('missing'));
    const inside = (gap: ChainGap) => (b: IntegrityBreak) =>
      b.position !== null && comparePositions(b.position, gap.to) <= 0 && (gap.from === null || comparePositions(b.position, gap.from) > 0);
    const breaks: IntegrityBreak[] = [];
    for (const gap of gaps) {
      if (gap.stored < gap.recorded && anyMissing) continue;
      if (gap.stored >= gap.recorded && found.some(inside(gap))) continue;
      const span = `between positions ${gap.from ?? 'the start'} and ${gap.to}`;
      if (gap.stored === gap.recorded) {
        const reason = `the global chain breaks ${span}: events there were moved, swapped or re-timed`;
        breaks.push(gap.only ? breakAt(gap.only, 'reordered', reason) : chainBreak('reordered', gap.to, reason));
      } else if (gap.stored < gap.recorded) {
        breaks.push(
          chainBreak(
            'missing_event',
            gap.to,
            `the global chain breaks ${span}: ${gap.recorded - gap.stored} of the events recorded there are gone`,
          ),
        );
      } else {
        breaks.push(
          chainBreak('inserted', gap.to, `the global chain breaks ${span}: ${gap.stored - gap.recorded} events there were never recorded`),
        );
      }
    }
    return breaks;
  }
}

function revisionsText(from: number, to: number): string {
  return from === to ? `revision ${from}` : `revisions ${from}–${to}`;
}

function insertedBreak(stream: string, stored: StreamAt, reason: string): IntegrityBreak {
  return { stream, revision: stored.revision, kind: 'inserted', position: stored.position, reason };
}

/** A break of the global chain no single event explains. */
function chainBreak(kind: IntegrityBreak['kind'], position: string, reason: string): IntegrityBreak {
  return { stream: '$all', revision: -1, kind, position, reason };
}
