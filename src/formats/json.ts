/**
 * JSON bodies for small batches: `{"events": [[…], …]}` or a bare array of arrays, every row the
 * same length, every element a JSON number. `null` — how pandas and others write NaN — is
 * treated as a non-finite value (code 'non_finite'); strings, booleans and nested arrays are
 * 'not_numeric'.
 */
import { FormatError } from './errors.js';
import { checkCols, checkRows, type MatrixLimits } from './limits.js';
import { assertFinite, type Matrix } from './matrix.js';
import { decodeUtf8 } from './text.js';

/**
 * Decode a JSON batch body (UTF-8 bytes).
 *
 * @example
 *   decodeJson(new TextEncoder().encode('{"events": [[1, 2], [3, 4]]}'));
 *   // { rows: 2, cols: 2, data: Float32Array [1, 2, 3, 4] }
 */
export function decodeJson(bytes: Uint8Array, limits?: MatrixLimits): Matrix {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(bytes));
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError('bad_json', `body is not valid JSON: ${(e as Error).message}`);
  }
  return matrixFromJsonValue(parsed, limits);
}

/**
 * Validate an already-parsed JSON value as a batch and convert it.
 *
 * @example
 *   matrixFromJsonValue([[0.5], [1.5]]); // { rows: 2, cols: 1, data: Float32Array [0.5, 1.5] }
 */
export function matrixFromJsonValue(value: unknown, limits?: MatrixLimits): Matrix {
  const events = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object' && Array.isArray((value as { events?: unknown }).events)
      ? ((value as { events: unknown[] }).events)
      : undefined;
  if (!events) throw new FormatError('bad_json', 'JSON body must be {"events": [[…], …]} or an array of arrays');
  checkRows(events.length, limits);
  if (events.length === 0) return { rows: 0, cols: 0, data: new Float32Array(0) };

  const first = events[0];
  if (!Array.isArray(first)) throw new FormatError('bad_json', 'each event must be an array of numbers (row 0 is not)', { row: 0 });
  const cols = first.length;
  checkCols(cols, limits);
  const data = new Float32Array(events.length * cols);
  for (let r = 0; r < events.length; r++) {
    const row = events[r];
    if (!Array.isArray(row)) throw new FormatError('bad_json', `each event must be an array of numbers (row ${r} is not)`, { row: r });
    if (row.length !== cols) {
      throw new FormatError('ragged_json', `row ${r} has ${row.length} values; expected ${cols}`, {
        row: r,
        expected: cols,
        actual: row.length,
      });
    }
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (typeof v === 'number') data[r * cols + c] = v;
      else if (v === null) data[r * cols + c] = NaN; // reported with position by assertFinite
      else {
        throw new FormatError('not_numeric', `row ${r}, column ${c} (0-based) is ${describe(v)}, not a number`, {
          row: r,
          column: c,
        });
      }
    }
  }
  const matrix = { rows: events.length, cols, data };
  assertFinite(matrix, 'null counts as NaN, and values beyond ±3.4e38 overflow float32');
  return matrix;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (Array.isArray(v)) return 'an array';
  return `${typeof v === 'object' ? 'an object' : `the ${typeof v} ${String(v)}`}`;
}
