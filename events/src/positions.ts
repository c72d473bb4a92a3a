/** Positions are decimal strings that may exceed 2^53 (KurrentDB commit positions): compare as BigInt. */
export function comparePositions(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
