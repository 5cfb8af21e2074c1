import { describe, expect, it } from 'vitest';
import { decodeCsv, decodeCsvText } from './csv.js';
import { matrixToRows } from './matrix.js';
import { expectFormatError, formatErrorOf } from './testing.js';

describe('decodeCsv', () => {
  it('numbers without a header', () => {
    const r = decodeCsvText('1,2\n3,4\n5.5,-6.25\n');
    expect(matrixToRows(r.matrix)).toEqual([
      [1, 2],
      [3, 4],
      [5.5, -6.25],
    ]);
    expect(r.columnNames).toBeUndefined();
  });

  it('detects a header and returns its names (quotes stripped)', () => {
    const r = decodeCsvText('"px", py ,e\n1,2,3\n');
    expect(r.columnNames).toEqual(['px', 'py', 'e']);
    expect(matrixToRows(r.matrix)).toEqual([[1, 2, 3]]);
  });

  it('a header with some numeric-looking names is still a header', () => {
    expect(decodeCsvText('1,x\n1,2\n').columnNames).toEqual(['1', 'x']);
  });

  it('a first row of decimals with a typo is data, refused, not dropped as a header', () => {
    expect(() => decodeCsvText('0.5,0.25,O.625\n1,2,3\n')).toThrowError(expect.objectContaining({ code: 'not_numeric', details: expect.objectContaining({ row: 0, column: 2 }) }));
    expect(() => decodeCsvText('1e3,x\n1,2\n')).toThrowError(expect.objectContaining({ code: 'not_numeric' }));
  });

  it('tolerates \\r\\n, blank lines, a BOM, spaces, and a missing final newline', () => {
    const bytes = new TextEncoder().encode('\ufeffa,b\r\n 1 , 2\r\n\r\n3,4');
    const r = decodeCsv(bytes);
    expect(r.columnNames).toEqual(['a', 'b']);
    expect(matrixToRows(r.matrix)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('accepts every decimal form and exponents', () => {
    expect(Array.from(decodeCsvText('+1.5,.5,5.,1e3,-2E-2,0\n').matrix.data)).toEqual([1.5, 0.5, 5, 1000, Math.fround(-0.02), 0]);
  });

  it('ragged rows → ragged_csv with line and row', () => {
    const e = expectFormatError(() => decodeCsvText('a,b\n1,2\n3\n'), 'ragged_csv');
    expect(e.details).toMatchObject({ line: 3, row: 1, expected: 2, actual: 1 });
    expectFormatError(() => decodeCsvText('1,2\n3,4,5\n'), 'ragged_csv');
  });

  it('text in a numeric column → not_numeric with row and column', () => {
    const e = expectFormatError(() => decodeCsvText('a,b\n1,2\n3,abc\n'), 'not_numeric');
    expect(e.details).toEqual({ line: 3, row: 1, column: 1 });
    expect(e.message).toMatch(/"abc"/);
    for (const bad of ['0x10', '1e', '1,2.3.4', '"1"', '1 2', 'Infinityx']) {
      expect(formatErrorOf(() => decodeCsvText(`1,2\n1,${bad}\n`)).code).toMatch(/not_numeric|ragged_csv/);
    }
  });

  it('an empty field is not_numeric, not 0', () => {
    expect(expectFormatError(() => decodeCsvText('1,2\n3,\n'), 'not_numeric').message).toMatch(/empty field/);
  });

  it('nan/inf spelled out → non_finite with the first position and count', () => {
    const e = expectFormatError(() => decodeCsvText('a,b\n1,2\n3,nan\n-inf,4\n'), 'non_finite');
    expect(e.details).toEqual({ row: 1, column: 1, count: 2 });
    expectFormatError(() => decodeCsvText('1,1e39\n'), 'non_finite'); // overflows float32
  });

  it('invalid UTF-8 → bad_encoding', () => {
    expectFormatError(() => decodeCsv(Uint8Array.of(0x31, 0x2c, 0xff, 0x0a)), 'bad_encoding');
  });

  it('limits', () => {
    expectFormatError(() => decodeCsvText('1,2\n3,4\n5,6\n', { maxRows: 2 }), 'too_many_rows');
    expectFormatError(() => decodeCsvText('a,b,c\n1,2,3\n', { maxCols: 2 }), 'too_many_cols');
    expect(decodeCsvText('1,2\n3,4\n', { maxRows: 2 }).matrix.rows).toBe(2);
  });

  it('header only or empty → zero rows', () => {
    expect(decodeCsvText('a,b\n').matrix.rows).toBe(0);
    expect(decodeCsvText('').matrix.rows).toBe(0);
    expect(decodeCsvText('\n\n').matrix.rows).toBe(0);
  });

  it('grows its buffer across many rows', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i},${i / 2},${-i}`).join('\n');
    const m = decodeCsvText(lines).matrix;
    expect(m.rows).toBe(5000);
    expect(m.data.length).toBe(15000);
    expect(Array.from(m.data.subarray(3 * 4999))).toEqual([4999, 2499.5, -4999]);
  });
});
