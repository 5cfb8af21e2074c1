/**
 * The single entry point for upload bodies: pick the decoder from the Content-Type, apply the
 * size limits, reject empty batches, and apply the optional column selection.
 *
 * | Content-Type                              | decoded as                                  |
 * |-------------------------------------------|---------------------------------------------|
 * | application/x-npy                         | .npy (must carry the magic string)          |
 * | application/octet-stream + \x93NUMPY      | .npy                                        |
 * | application/octet-stream, no magic        | raw little-endian float32, needs `shape`    |
 * | text/csv                                  | numeric CSV, header auto-detected           |
 * | application/json                          | {"events": [[…]]} or [[…]]                  |
 *
 * Any other or missing type is 'unsupported_media_type'; so is a charset other than UTF-8 on
 * the text types.
 */
import { parseColumnSpec, selectColumns } from './columns.js';
import { decodeCsv } from './csv.js';
import { FormatError } from './errors.js';
import { decodeJson } from './json.js';
import type { MatrixLimits } from './limits.js';
import type { Matrix } from './matrix.js';
import { decodeNpy, hasNpyMagic } from './npy.js';
import { decodeRawFloat32, parseShape } from './raw.js';

export type BatchFormat = 'npy' | 'raw' | 'csv' | 'json';

export interface DecodeOptions {
  /** Column selection, e.g. "1,2,3,4" or "0-15" (0-based, applied after decoding). */
  columns?: string;
  /** "rows,cols" — required for raw float32 bodies, ignored otherwise. */
  shape?: string;
  /** Most events accepted ('too_many_rows', 413, above). */
  maxRows: number;
  /** Most columns accepted in the body as sent, before any selection ('too_many_cols', 413). */
  maxCols: number;
}

export interface DecodedBatch {
  matrix: Matrix;
  format: BatchFormat;
  /** Column names from a CSV header (after selection), when there was one. */
  columnNames?: string[];
}

/**
 * Decode an upload body into an events × features float32 matrix.
 * Throws FormatError (with a stable `code` and an HTTP `status`) for anything it cannot accept.
 *
 * @example
 *   const { matrix, format } = decodeBatch(bytes, request.headers.get('content-type'), {
 *     columns: '0-3', maxRows: 1_000_000, maxCols: 1024,
 *   });
 */
export function decodeBatch(bytes: Uint8Array, contentType: string | null, opts: DecodeOptions): DecodedBatch {
  const limits: MatrixLimits = { maxRows: opts.maxRows, maxCols: opts.maxCols };
  const decoded = decodeByType(bytes, parseMediaType(contentType), opts, limits);
  const { matrix } = decoded;
  if (matrix.rows === 0) throw new FormatError('empty_batch', 'the batch has no events');
  if (matrix.cols === 0) throw new FormatError('bad_shape', 'the batch has events but no features (0 columns)');
  if (opts.columns === undefined) return decoded;

  const selected = parseColumnSpec(opts.columns, matrix.cols);
  const result: DecodedBatch = { matrix: selectColumns(matrix, selected), format: decoded.format };
  if (decoded.columnNames) result.columnNames = selected.map((c) => decoded.columnNames![c]);
  return result;
}

function decodeByType(bytes: Uint8Array, mediaType: string, opts: DecodeOptions, limits: MatrixLimits): DecodedBatch {
  switch (mediaType) {
    case 'application/x-npy':
      return { matrix: decodeNpy(bytes, limits), format: 'npy' };
    case 'application/octet-stream':
      if (hasNpyMagic(bytes)) return { matrix: decodeNpy(bytes, limits), format: 'npy' };
      if (opts.shape === undefined) {
        throw new FormatError(
          'missing_shape',
          'application/octet-stream without the .npy magic is read as raw float32 and needs shape=rows,cols',
        );
      }
      return { matrix: decodeRawFloat32(bytes, parseShape(opts.shape), limits), format: 'raw' };
    case 'text/csv': {
      const { matrix, columnNames } = decodeCsv(bytes, limits);
      return columnNames ? { matrix, format: 'csv', columnNames } : { matrix, format: 'csv' };
    }
    case 'application/json':
      return { matrix: decodeJson(bytes, limits), format: 'json' };
    default:
      throw new FormatError(
        'unsupported_media_type',
        `Content-Type ${mediaType ? JSON.stringify(mediaType) : 'is missing'}${mediaType ? ' is not supported' : ''}; ` +
          'use application/x-npy, application/octet-stream, text/csv or application/json',
      );
  }
}

const TEXT_TYPES = new Set(['text/csv', 'application/json']);
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * The lower-cased media type of a Content-Type header, without parameters; '' when missing.
 * A non-UTF-8 charset on a text type is refused here, since the text decoders read UTF-8 only.
 */
function parseMediaType(contentType: string | null): string {
  if (!contentType) return '';
  const [type, ...params] = contentType.split(';');
  const mediaType = type.trim().toLowerCase();
  if (TEXT_TYPES.has(mediaType)) {
    for (const param of params) {
      const [name, value = ''] = param.split('=');
      if (name.trim().toLowerCase() !== 'charset') continue;
      const charset = value.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
      if (!UTF8_CHARSETS.has(charset)) {
        throw new FormatError('unsupported_media_type', `charset ${JSON.stringify(charset)} is not supported; send UTF-8`);
      }
    }
  }
  return mediaType;
}
