import { describe, expect, it } from 'vitest';
import { parseColumnSpec, selectColumns } from './columns.js';
import { matrixFromRows, matrixToRows } from './matrix.js';
import { expectFormatError } from './testing.js';

describe('parseColumnSpec', () => {
  it('indices and inclusive ranges, order kept', () => {
    expect(parseColumnSpec('1,2,3,4', 5)).toEqual([1, 2, 3, 4]);
    expect(parseColumnSpec('1-4', 5)).toEqual([1, 2, 3, 4]);
    expect(parseColumnSpec(' 4, 0 , 2 - 3 ', 5)).toEqual([4, 0, 2, 3]);
    expect(parseColumnSpec('3-3', 5)).toEqual([3]);
  });
  it.each(['', ',', '1,', 'a', '1-', '-1', '1.5', '2-1', '1--3', '1;2'])('malformed %j → bad_columns_spec', (spec) => {
    expectFormatError(() => parseColumnSpec(spec, 5), 'bad_columns_spec');
  });
  it('out of range and duplicates', () => {
    expectFormatError(() => parseColumnSpec('5', 5), 'column_out_of_range');
    expectFormatError(() => parseColumnSpec('2-9', 5), 'column_out_of_range');
    expectFormatError(() => parseColumnSpec('1,1', 5), 'duplicate_column');
    expectFormatError(() => parseColumnSpec('0-2,2', 5), 'duplicate_column');
    expectFormatError(() => parseColumnSpec('0-999999999', 5), 'column_out_of_range');
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
    expectFormatError(() => selectColumns(matrixFromRows([[1]]), [1]), 'column_out_of_range');
  });
});
