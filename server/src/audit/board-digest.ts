import { createHash } from 'node:crypto';
import type { BoardState } from '@battlemap/events';
import { canonicalJson } from '../commands/hash-chain';

/** SHA-256 of the canonical JSON of a board state (plain JSON by contract, so this is well defined). */
export function boardDigest(state: BoardState): string {
  return createHash('sha256').update(canonicalJson(state)).digest('hex');
}
