/**
 * The one error type of upload decoding. `code` is stable and machine-readable (clients and
 * tests match on it); `message` is for people; `details` carries positions (row, column, …).
 * The HTTP layer turns it into `{error: {code, message}}` with the status from `formatErrorStatus`.
 */

/** Every code decoding can produce, with the HTTP status it maps to. */
export const FORMAT_ERROR_STATUS = {
  /** Content-Type missing, unknown, or with an unsupported charset. */
  unsupported_media_type: 415,
  /** Body bytes are not valid UTF-8 (CSV, JSON). */
  bad_encoding: 400,
  /** .npy: the first 6 bytes are not \x93NUMPY. */
  npy_bad_magic: 400,
  /** .npy: format version other than 1.0, 2.0, 3.0. */
  npy_bad_version: 400,
  /** .npy: the header is not a well-formed dict literal with exactly descr/fortran_order/shape. */
  npy_bad_header: 400,
  /** .npy: fewer bytes than the header or the shape needs. */
  npy_truncated: 400,
  /** .npy: more data bytes than the shape accounts for. */
  npy_trailing_bytes: 400,
  /** .npy in Fortran order read one row slice at a time (large jobs need C order). */
  npy_fortran_order: 422,
  /** Element type other than little/big-endian float32/float64. */
  unsupported_dtype: 415,
  /** Not a 2-D (or 1-D) array, a zero-width matrix, or a malformed shape parameter. */
  bad_shape: 422,
  /** Raw float32 body sent without the rows,cols shape it needs. */
  missing_shape: 400,
  /** Raw float32 body whose byte length is not rows·cols·4. */
  size_mismatch: 400,
  /** CSV rows with differing field counts. */
  ragged_csv: 400,
  /** JSON rows with differing lengths. */
  ragged_json: 400,
  /** Not JSON, or JSON that is not an array of arrays (or {"events": …}). */
  bad_json: 400,
  /** A field that is not a number (text, empty field, JSON string/bool). */
  not_numeric: 422,
  /** NaN or ±Infinity in the data (including values beyond the float32 range). */
  non_finite: 422,
  /** The batch has no events. */
  empty_batch: 422,
  too_many_rows: 413,
  too_many_cols: 413,
  /** The `columns` parameter is malformed. */
  bad_columns_spec: 400,
  /** A selected column does not exist. */
  column_out_of_range: 422,
  /** A column selected twice. */
  duplicate_column: 422,
} as const;

export type FormatErrorCode = keyof typeof FORMAT_ERROR_STATUS;

/** Positions and counts that locate the fault; all optional. */
export interface FormatErrorDetails {
  row?: number;
  column?: number;
  line?: number;
  count?: number;
  expected?: number;
  actual?: number;
}

/**
 * A rejected upload body.
 *
 * @example
 *   throw new FormatError('non_finite', 'NaN at row 0, column 1', { row: 0, column: 1, count: 3 });
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  readonly code: FormatErrorCode;
  readonly details: FormatErrorDetails;

  constructor(code: FormatErrorCode, message: string, details: FormatErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** The HTTP status this error should be answered with. */
  get status(): number {
    return FORMAT_ERROR_STATUS[this.code];
  }
}

/**
 * HTTP status for a decoding error code (400, 413, 415 or 422).
 *
 * @example
 *   formatErrorStatus('too_many_rows'); // 413
 */
export function formatErrorStatus(code: FormatErrorCode): number {
  return FORMAT_ERROR_STATUS[code];
}
