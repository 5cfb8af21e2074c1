import { describe, expect, it } from 'vitest';
import { parseColumnSpec, selectColumns } from './columns.js';
import { FormatError } from './errors.js';
import { matrixFromRows, matrixToRows } from './matrix.js';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof FormatError) return e.code;
    throw e;
  }
  return 'no error';
};

describe('parseColumnSpec', () => {
  it('indices and inclusive ranges, order kept', () => {
    expect(parseColumnSpec('1,2,3,4', 5)).toEqual([1, 2, 3, 4]);
    expect(parseColumnSpec('1-4', 5)).toEqual([1, 2, 3, 4]);
    expect(parseColumnSpec(' 4, 0 , 2 - 3 ', 5)).toEqual([4, 0, 2, 3]);
    expect(parseColumnSpec('3-3', 5)).toEqual([3]);
  });
  it.each(['', ',', '1,', 'a', '1-', '-1', '1.5', '2-1', '1--3', '1;2'])('malformed %j → bad_columns_spec', (spec) => {
    expect(codeOf(() => parseColumnSpec(spec, 5))).toBe('bad_columns_spec');
  });
  it('out of range and duplicates', () => {
    expect(codeOf(() => parseColumnSpec('5', 5))).toBe('column_out_of_range');
    expect(codeOf(() => parseColumnSpec('2-9', 5))).toBe('column_out_of_range');
    expect(codeOf(() => parseColumnSpec('1,1', 5))).toBe('duplicate_column');
    expect(codeOf(() => parseColumnSpec('0-2,2', 5))).toBe('duplicate_column');
    expect(codeOf(() => parseColumnSpec('0-999999999', 5))).toBe('column_out_of_range');
  });
});

describe('selectColumns', () => {
  it('picks columns in the requested order', () => {
    const m = matrixFromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(matrixToRows(selectColumns(m, [2, 0]))).toEqual([
      [3, 1],
      [6, 4],
    ]);
  });
  it('rejects a missing column', () => {
    expect(codeOf(() => selectColumns(matrixFromRows([[1]]), [1]))).toBe('column_out_of_range');
  });
});
