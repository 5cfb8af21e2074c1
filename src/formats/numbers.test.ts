import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from './numbers.js';

describe('parseDecimal', () => {
  it.each([
    ['0', 0],
    ['-1.5e3', -1500],
    ['+.5', 0.5],
    ['5.', 5],
    ['1E+2', 100],
    ['007', 7],
  ])('%s → %d', (s, v) => expect(parseDecimal(s)).toBe(v));

  it('spelled-out non-finite values', () => {
    expect(parseDecimal('nan')).toBeNaN();
    expect(parseDecimal('NaN')).toBeNaN();
    expect(parseDecimal('-inf')).toBe(-Infinity);
    expect(parseDecimal('Infinity')).toBe(Infinity);
    expect(parseDecimal('+INF')).toBe(Infinity);
  });

  it.each(['', ' ', '.', '-', 'e5', '1e', '1e+', '0x10', '0b1', '1_000', '1 2', '1.2.3', '--1', 'infinit', 'nana', '١'])(
    'rejects %j',
    (s) => expect(parseDecimal(s)).toBeUndefined(),
  );

  it('property: reads back every finite double as JS prints it (String(-0) is "0")', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => parseDecimal(String(x)) === x));
  });
});
