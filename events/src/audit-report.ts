/**
 * What GET /api/audit/verify answers (public contract v1, extended): every break in the store's
 * integrity, named by stream, revision and position, with its kind. The schema for the API document
 * mirrors these interfaces (catalogue/responses.ts).
 */

/**
 * - `altered`: an event's content, hash or MAC does not hold (changed after it was written, or its
 *   stream's hashes were recomputed without the key);
 * - `missing_event`: revisions missing from the middle of a stream;
 * - `missing_tail`: the newest revisions of a stream are gone;
 * - `missing_stream`: a whole stream is gone;
 * - `reordered`: events are not where the global chain recorded them (moved, swapped or re-timed);
 * - `inserted`: events the global chain never recorded;
 * - `seal_mismatch`: a monthly seal no longer matches the store.
 */
export const BREAK_KINDS = [
  'altered',
  'missing_event',
  'missing_tail',
  'missing_stream',
  'reordered',
  'inserted',
  'seal_mismatch',
] as const;

export type BreakKind = (typeof BREAK_KINDS)[number];

export interface IntegrityBreak {
  /** The stream; `$all` for a break of the global chain that no single event explains. */
  stream: string;
  /** The revision in that stream (for gone events: the first one gone); -1 when no single event is meant. */
  revision: number;
  reason: string;
  kind: BreakKind;
  /** Where the event is in the store; null for events that are gone. */
  position: string | null;
}

export interface SealCheck {
  month: string;
  /** Where the seal event is. */
  position: string;
  ok: boolean;
}

export interface CheckpointSummary {
  /** The last position the checkpoint vouches for (null: it has seen no event yet). */
  position: string | null;
  events: number;
  /** Null when the checkpoint followed the store from its first event; else the head it was first built at. */
  followedFrom: string | null;
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  breaks: IntegrityBreak[];
  /** Events written before the audit key signed every event (no MAC): counted, not breaks. */
  unsigned: number;
  /** First 16 hex digits of SHA-256 of the audit key. */
  keyFingerprint: string;
  seals: SealCheck[];
  /** The record kept outside the store that deletions and reordering are found against; null when none. */
  checkpoint: CheckpointSummary | null;
}
