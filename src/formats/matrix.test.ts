import { describe, expect, it } from 'vitest';
import { FORMAT_ERROR_STATUS, FormatError, formatErrorStatus } from './errors.js';
import { assertFinite, createMatrix, matrixColumn, matrixFromRows, matrixToRows } from './matrix.js';

describe('matrix helpers', () => {
  it('round-trips nested arrays and extracts columns', () => {
    const m = matrixFromRows([
      [1, 2],
      [3, 4],
    ]);
    expect(matrixToRows(m)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(matrixColumn(m, 1))).toEqual([2, 4]);
    expect(() => matrixColumn(m, 2)).toThrow(RangeError);
    expect(createMatrix(2, 3).data.length).toBe(6);
    expect(() => matrixFromRows([[1], [1, 2]])).toThrow(RangeError);
  });

  it('assertFinite reports the first offender and the count', () => {
    expect(() => assertFinite(matrixFromRows([[1, 2]]))).not.toThrow();
    const m = matrixFromRows([
      [1, 2, 3],
      [4, Infinity, NaN],
    ]);
    try {
      assertFinite(m, 'hint text');
      throw new Error('not thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      const fe = e as FormatError;
      expect(fe.code).toBe('non_finite');
      expect(fe.status).toBe(422);
      expect(fe.details).toEqual({ row: 1, column: 1, count: 2 });
      expect(fe.message).toMatch(/Infinity at row 1, column 1 .*2 non-finite values.*hint text/);
    }
  });
});

describe('FormatError', () => {
  it('maps every code to a 4xx status', () => {
    for (const [code, status] of Object.entries(FORMAT_ERROR_STATUS)) {
      expect([400, 413, 415, 422]).toContain(status);
      expect(formatErrorStatus(code as keyof typeof FORMAT_ERROR_STATUS)).toBe(status);
    }
    const e = new FormatError('too_many_rows', 'too many');
    expect(e.name).toBe('FormatError');
    expect(e.status).toBe(413);
    expect(e).toBeInstanceOf(Error);
  });
});
