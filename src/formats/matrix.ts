/**
 * The decoded form of every upload: a dense row-major float32 matrix, one row per event and one
 * column per feature — the layout the ONNX model's [N, F] input takes directly.
 */
import { FormatError } from './errors.js';

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major: element (r, c) is data[r * cols + c]. */
  data: Float32Array;
}

/**
 * A zero-filled matrix.
 *
 * @example
 *   createMatrix(2, 3).data.length; // 6
 */
export function createMatrix(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float32Array(rows * cols) };
}

/**
 * A matrix from nested arrays (tests, small scripts). Rows must have equal length.
 *
 * @example
 *   matrixFromRows([[1, 2], [3, 4]]); // { rows: 2, cols: 2, data: Float32Array [1, 2, 3, 4] }
 */
export function matrixFromRows(rows: ArrayLike<number>[]): Matrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const m = createMatrix(rows.length, cols);
  rows.forEach((row, r) => {
    if (row.length !== cols) throw new RangeError(`matrixFromRows: row ${r} has ${row.length} values, expected ${cols}`);
    for (let c = 0; c < cols; c++) m.data[r * cols + c] = row[c];
  });
  return m;
}

/**
 * Nested arrays of a matrix (tests, JSON output of small results).
 *
 * @example
 *   matrixToRows(matrixFromRows([[1, 2]])); // [[1, 2]]
 */
export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

/**
 * One column as a new Float32Array (per-feature histograms and distances).
 *
 * @example
 *   matrixColumn(matrixFromRows([[1, 2], [3, 4]]), 1); // Float32Array [2, 4]
 */
export function matrixColumn(m: Matrix, col: number): Float32Array {
  if (!(Number.isInteger(col) && col >= 0 && col < m.cols)) throw new RangeError(`matrixColumn: no column ${col}`);
  const out = new Float32Array(m.rows);
  for (let r = 0, i = col; r < m.rows; r++, i += m.cols) out[r] = m.data[i];
  return out;
}

/**
 * Throw FormatError 'non_finite' if any element is NaN or ±Infinity, naming the first offending
 * row and column and how many there are. Every decoder calls this, so no decoded matrix ever
 * carries a non-finite value into scoring. `hint` is appended to the message.
 *
 * @example
 *   assertFinite(matrixFromRows([[1, NaN]])); // throws: "… row 0, column 1 (1 non-finite value) …"
 */
export function assertFinite(m: Matrix, hint = ''): void {
  const data = m.data;
  let first = -1;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      // NaN - NaN and Inf - Inf are both NaN; every finite v gives 0.
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return;
  const row = Math.floor(first / m.cols);
  const column = first - row * m.cols;
  const value = data[first];
  throw new FormatError(
    'non_finite',
    `non-finite value ${value} at row ${row}, column ${column} (0-based); ${count} non-finite value${count === 1 ? '' : 's'} in total` +
      (hint ? `; ${hint}` : ''),
    { row, column, count },
  );
}

/** True when this machine stores typed arrays little-endian (then LE bytes can be copied as-is). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
