import { comparePositions } from './positions';

const bigintOrder = (a: string, b: string) => {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

describe('comparePositions', () => {
  it('orders as BigInt does, short and long, across the 2^53 edge and with leading zeros', () => {
    const positions = [
      '0',
      '1',
      '9',
      '10',
      '99',
      '100',
      '007',
      '16692',
      '999999999999999',
      '1000000000000000',
      '9007199254740991',
      '9007199254740993',
      '18446744073709551615',
      '18446744073709551616',
    ];
    for (const a of positions) for (const b of positions) expect([a, b, comparePositions(a, b)]).toEqual([a, b, bigintOrder(a, b)]);
  });

  it('a random sample agrees with BigInt', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const a = String(next() % 10 ** (1 + (next() % 12)));
      const b = String(next() % 10 ** (1 + (next() % 12)));
      expect(comparePositions(a, b)).toBe(bigintOrder(a, b));
    }
  });

  it('what BigInt refuses it still refuses (no position is "1e3")', () => {
    expect(() => comparePositions('1e3', '5')).toThrow(SyntaxError);
    expect(() => comparePositions('5', '1.5')).toThrow(SyntaxError);
  });
});
