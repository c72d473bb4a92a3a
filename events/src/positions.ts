/**
 * Positions are decimal strings that may exceed 2^53 (KurrentDB commit positions): compared as BigInt,
 * or, as for every SQLite position, as plain numbers when both are short enough to be exact (the board
 * compares two for every event it folds, and a BigInt each is most of that).
 */
export function comparePositions(a: string, b: string): number {
  if (a.length <= 15 && b.length <= 15) {
    const x = Number(a);
    const y = Number(b);
    if (Number.isInteger(x) && Number.isInteger(y) && isDecimal(a) && isDecimal(b)) return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Digits only (what BigInt and Number read alike): not "1e3", " 7", "0x1f" or "". */
function isDecimal(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
