/**
 * Column selection: a `columns` parameter such as "1,2,3,4" or "0,5-9" picks (0-based, in the
 * given order) the features the model expects out of a wider upload.
 */
import { FormatError } from './errors.js';
import type { Matrix } from './matrix.js';

/** Longest selection accepted; bounds the work a single spec can ask for. */
const MAX_SELECTED = 100_000;

/**
 * Parse a column spec against a matrix of `available` columns. Items are comma-separated indices
 * or inclusive ranges "a-b" (a ≤ b); order is kept. Malformed → 'bad_columns_spec'; an index
 * ≥ available → 'column_out_of_range'; the same column twice → 'duplicate_column'.
 *
 * @example
 *   parseColumnSpec('0, 3-5', 8); // [0, 3, 4, 5]
 *   parseColumnSpec('2,2', 8);    // throws FormatError 'duplicate_column'
 */
export function parseColumnSpec(spec: string, available: number): number[] {
  const items = spec.split(',').map((s) => s.trim());
  const selected: number[] = [];
  const seen = new Set<number>();
  for (const item of items) {
    const match = /^(\d{1,9})(?:\s*-\s*(\d{1,9}))?$/.exec(item);
    if (!match) {
      throw new FormatError(
        'bad_columns_spec',
        `columns must be 0-based indices or ranges like "1,2,5-8"; ${item === '' ? 'found an empty item' : `cannot read ${JSON.stringify(item)}`}`,
      );
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new FormatError('bad_columns_spec', `column range "${item}" runs backwards`);
    if (to >= available) {
      throw new FormatError(
        'column_out_of_range',
        `column ${to} does not exist; the batch has ${available} column${available === 1 ? '' : 's'} (0-${available - 1})`,
        { column: to, expected: available },
      );
    }
    if (selected.length + (to - from + 1) > MAX_SELECTED) {
      throw new FormatError('bad_columns_spec', `columns selects more than ${MAX_SELECTED} columns`);
    }
    for (let c = from; c <= to; c++) {
      if (seen.has(c)) throw new FormatError('duplicate_column', `column ${c} is selected more than once`, { column: c });
      seen.add(c);
      selected.push(c);
    }
  }
  return selected;
}

/**
 * A new matrix holding the given columns, in that order.
 *
 * @example
 *   selectColumns(matrixFromRows([[1, 2, 3]]), [2, 0]).data; // Float32Array [3, 1]
 */
export function selectColumns(m: Matrix, columns: readonly number[]): Matrix {
  const cols = columns.length;
  for (const c of columns) {
    if (!(Number.isInteger(c) && c >= 0 && c < m.cols)) {
      throw new FormatError('column_out_of_range', `column ${c} does not exist (the batch has ${m.cols})`, { column: c });
    }
  }
  const data = new Float32Array(m.rows * cols);
  for (let r = 0; r < m.rows; r++) {
    const src = r * m.cols;
    const dst = r * cols;
    for (let k = 0; k < cols; k++) data[dst + k] = m.data[src + columns[k]];
  }
  return { rows: m.rows, cols, data };
}
