/**
 * Raw little-endian float32 bodies: no header at all, so the shape travels separately (a
 * `shape=rows,cols` parameter) and the byte length must match it exactly — a mismatch means the
 * sender and we disagree about the layout, and guessing would score garbage.
 */
import { FormatError } from './errors.js';
import { checkCols, checkRows, type MatrixLimits } from './limits.js';
import { assertFinite, HOST_LITTLE_ENDIAN, type Matrix } from './matrix.js';

export interface Shape {
  rows: number;
  cols: number;
}

/**
 * Parse a "rows,cols" shape parameter (non-negative decimal integers, optional spaces).
 *
 * @example
 *   parseShape('1000, 4'); // { rows: 1000, cols: 4 }
 *   parseShape('4');       // throws FormatError 'bad_shape'
 */
export function parseShape(spec: string): Shape {
  const match = /^\s*(\d{1,15})\s*,\s*(\d{1,15})\s*$/.exec(spec);
  if (!match) throw new FormatError('bad_shape', `shape must be "rows,cols" (e.g. "1000,4"), got ${JSON.stringify(spec)}`);
  return { rows: Number(match[1]), cols: Number(match[2]) };
}

/**
 * Decode a raw little-endian float32 body of the given shape. On a little-endian host with an
 * aligned body, `data` is a view on `bytes` (no copy); do not modify `bytes` afterwards.
 *
 * @example
 *   decodeRawFloat32(new Uint8Array(Float32Array.of(1, 2, 3, 4).buffer), { rows: 2, cols: 2 });
 *   // { rows: 2, cols: 2, data: Float32Array [1, 2, 3, 4] }
 */
export function decodeRawFloat32(bytes: Uint8Array, shape: Shape, limits?: MatrixLimits): Matrix {
  checkRows(shape.rows, limits);
  checkCols(shape.cols, limits);
  const count = shape.rows * shape.cols;
  if (bytes.length !== count * 4) {
    throw new FormatError(
      'size_mismatch',
      `raw float32 body has ${bytes.length} bytes; shape ${shape.rows}×${shape.cols} needs ${count * 4}`,
      { expected: count * 4, actual: bytes.length },
    );
  }
  let data: Float32Array;
  if (HOST_LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) {
    data = new Float32Array(bytes.buffer, bytes.byteOffset, count);
  } else if (HOST_LITTLE_ENDIAN) {
    data = new Float32Array(count);
    new Uint8Array(data.buffer).set(bytes);
  } else {
    data = new Float32Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(i * 4, true);
  }
  const matrix = { rows: shape.rows, cols: shape.cols, data };
  assertFinite(matrix);
  return matrix;
}
