/**
 * Reading a job's source object from R2 one slice of rows at a time, so that a batch far larger
 * than a Worker's memory (100k × 533 float32 is 213 MB) is never held at once. Binary layouts are
 * read with ranged GETs: `.npy` (C order; float32 or float64, either byte order) and raw
 * little-endian float32 with a known shape. CSV has no fixed row size, so a CSV source is read
 * whole and must fit in one request body.
 *
 * Slices decode with the same decoders as a one-request upload, so every value is the same float32.
 *
 * @example
 *   const layout = await readLayout(bucket, job, limits);
 *   const first = await readRows(bucket, job.r2_key, layout, 0, 1000);
 */
import { parseColumnSpec, selectColumns } from '../formats/columns.js';
import { decodeCsv } from '../formats/csv.js';
import type { DecodedBatch } from '../formats/decode.js';
import { FormatError } from '../formats/errors.js';
import type { Matrix } from '../formats/matrix.js';
import { decodeNpyRows, readNpyHeader, type NpyHeader } from '../formats/npy.js';
import { decodeRawFloat32, parseShape } from '../formats/raw.js';
import { alignByName } from '../http/batch.js';
import { ApiError } from '../http/errors.js';
import type { JobFormat } from '../storage/jobs.js';

/** The first bytes read to find a .npy header (numpy writes headers of a few hundred bytes). */
const HEADER_PROBE_BYTES = 64 * 1024;
/** Widest source accepted (CaloChallenge dataset 3 has 40,500 voxels per shower). */
export const MAX_SOURCE_COLS = 65_536;

export interface SourceLayout {
  format: JobFormat;
  size: number;
  rows: number;
  cols: number;
  dataOffset: number;
  rowBytes: number;
  npy?: NpyHeader;
  /**
   * A CSV source, decoded whole (CSV cannot be sliced by byte range), with the column selection
   * and the match of header names to the model's features already applied.
   */
  csv?: Matrix;
}

export interface SourceSpec {
  r2_key: string;
  format: JobFormat;
  shape: string | null;
  columns: string | null;
}

export interface SourceLimits {
  maxBytes: number;
  maxRows: number;
  /** Largest CSV source (it is decoded in one piece). */
  maxCsvBytes: number;
}

/**
 * Reads and checks the source's layout; throws FormatError/ApiError for anything unusable. A CSV
 * header is matched to the model's `features` by name, as for one-request uploads (http/batch.ts).
 */
export async function readLayout(bucket: R2Bucket, spec: SourceSpec, limits: SourceLimits, features?: readonly string[]): Promise<SourceLayout> {
  const head = await bucket.head(spec.r2_key);
  if (!head) throw new ApiError(422, 'source_missing', `the uploaded object ${spec.r2_key} is gone`);
  const size = head.size;
  if (size > limits.maxBytes) {
    throw new ApiError(413, 'source_too_large', `the source has ${size} bytes; jobs accept at most ${limits.maxBytes}`, { limit: limits.maxBytes, actual: size });
  }
  let layout: SourceLayout;
  if (spec.format === 'npy') {
    const probe = await readRange(bucket, spec.r2_key, 0, Math.min(size, HEADER_PROBE_BYTES));
    const header = readNpyHeader(probe);
    if (header.fortranOrder && header.rows > 1 && header.cols > 1) {
      throw new FormatError('npy_fortran_order', 'large .npy files are read in row slices and must be in C order (np.ascontiguousarray)');
    }
    const needed = header.dataOffset + header.rows * header.cols * header.itemSize;
    if (size < needed) throw new FormatError('npy_truncated', `.npy data is truncated: shape needs ${needed} bytes, the object has ${size}`, { expected: needed, actual: size });
    if (size > needed) throw new FormatError('npy_trailing_bytes', `.npy object has ${size - needed} bytes beyond the ${needed} its shape accounts for`, { expected: needed, actual: size });
    layout = { format: 'npy', size, rows: header.rows, cols: header.cols, dataOffset: header.dataOffset, rowBytes: header.cols * header.itemSize, npy: header };
  } else if (spec.format === 'raw') {
    if (!spec.shape) throw new FormatError('missing_shape', 'a raw float32 source needs its shape "rows,cols"');
    const { rows, cols } = parseShape(spec.shape);
    if (size !== rows * cols * 4) {
      throw new FormatError('size_mismatch', `raw float32 source has ${size} bytes; shape ${rows}×${cols} needs ${rows * cols * 4}`, { expected: rows * cols * 4, actual: size });
    }
    layout = { format: 'raw', size, rows, cols, dataOffset: 0, rowBytes: cols * 4 };
  } else {
    if (size > limits.maxCsvBytes) {
      throw new ApiError(413, 'source_too_large', `a CSV source is read whole and may have at most ${limits.maxCsvBytes} bytes; convert it to .npy (npx dreamwatch upload does)`);
    }
    const object = await bucket.get(spec.r2_key);
    if (!object) throw new ApiError(422, 'source_missing', `the uploaded object ${spec.r2_key} is gone`);
    const { matrix, columnNames } = decodeCsv(new Uint8Array(await object.arrayBuffer()), { maxRows: limits.maxRows, maxCols: MAX_SOURCE_COLS });
    let decoded: DecodedBatch = columnNames ? { matrix, format: 'csv', columnNames } : { matrix, format: 'csv' };
    if (spec.columns !== null) {
      const selected = parseColumnSpec(spec.columns, matrix.cols);
      decoded = { ...decoded, matrix: selectColumns(matrix, selected), ...(columnNames ? { columnNames: selected.map((c) => columnNames[c]) } : {}) };
    }
    if (features && decoded.columnNames) decoded = alignByName(decoded, features);
    const m = decoded.matrix;
    layout = { format: 'csv', size, rows: m.rows, cols: m.cols, dataOffset: 0, rowBytes: 0, csv: m };
  }
  if (layout.rows > limits.maxRows) throw new FormatError('too_many_rows', `the source has ${layout.rows} events; jobs accept at most ${limits.maxRows}`);
  if (layout.cols > MAX_SOURCE_COLS) throw new FormatError('too_many_cols', `the source has ${layout.cols} columns; at most ${MAX_SOURCE_COLS}`);
  if (layout.rows === 0) throw new FormatError('empty_batch', 'the batch has no events');
  if (layout.cols === 0) throw new FormatError('bad_shape', 'the batch has events but no features (0 columns)');
  return layout;
}

/**
 * Rows [start, start + count) of the source, decoded to float32 and column-selected. A non-finite
 * value is reported with its row in the whole file.
 */
export async function readRows(bucket: R2Bucket, key: string, layout: SourceLayout, start: number, count: number, columns: string | null): Promise<Matrix> {
  let m: Matrix;
  try {
    if (layout.csv) {
      const cols = layout.cols;
      m = { rows: count, cols, data: layout.csv.data.subarray(start * cols, (start + count) * cols) };
    } else {
      const bytes = await readRange(bucket, key, layout.dataOffset + start * layout.rowBytes, count * layout.rowBytes);
      m = layout.npy ? decodeNpyRows(bytes, layout.npy, count) : decodeRawFloat32(bytes, { rows: count, cols: layout.cols });
    }
  } catch (err) {
    if (err instanceof FormatError && err.code === 'non_finite' && typeof err.details.row === 'number') {
      const row = err.details.row + start;
      throw new FormatError('non_finite', `non-finite value at row ${row}, column ${err.details.column} (0-based)`, { ...err.details, row });
    }
    throw err;
  }
  return columns === null || layout.csv ? m : selectColumns(m, parseColumnSpec(columns, layout.cols));
}

async function readRange(bucket: R2Bucket, key: string, offset: number, length: number): Promise<Uint8Array> {
  if (length === 0) return new Uint8Array(0);
  const object = await bucket.get(key, { range: { offset, length } });
  if (!object) throw new ApiError(422, 'source_missing', `the uploaded object ${key} is gone`);
  const bytes = new Uint8Array(await object.arrayBuffer());
  if (bytes.length !== length) throw new FormatError('npy_truncated', `read ${bytes.length} bytes at ${offset}, expected ${length}`);
  return bytes;
}
