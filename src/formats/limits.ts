/**
 * Size limits applied while decoding, as early as each format allows (before allocating for a
 * .npy or raw body, row by row for CSV), so an oversized upload costs little to refuse.
 */
import { FormatError } from './errors.js';

export interface MatrixLimits {
  maxRows?: number;
  maxCols?: number;
}

/** Throw 'too_many_rows' when `rows` exceeds the limit. */
export function checkRows(rows: number, limits: MatrixLimits | undefined): void {
  if (limits?.maxRows !== undefined && rows > limits.maxRows) {
    throw new FormatError('too_many_rows', `batch has more than ${limits.maxRows} rows (the limit)`, {
      actual: rows,
      expected: limits.maxRows,
    });
  }
}

/** Throw 'too_many_cols' when `cols` exceeds the limit. */
export function checkCols(cols: number, limits: MatrixLimits | undefined): void {
  if (limits?.maxCols !== undefined && cols > limits.maxCols) {
    throw new FormatError('too_many_cols', `batch has ${cols} columns; the limit is ${limits.maxCols}`, {
      actual: cols,
      expected: limits.maxCols,
    });
  }
}
