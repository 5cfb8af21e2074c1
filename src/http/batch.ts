/**
 * Reading an event batch from a request: size-limited body, decoder chosen by Content-Type,
 * `?columns=` selection and, for raw float32, the shape from `?shape=rows,cols` or the
 * `X-Shape: rows,cols` header.
 *
 * A CSV header names its columns, and names are trusted over positions: when the model's feature
 * names are given, a batch with a header is reordered to them (extra columns dropped), and a
 * header that lacks one of them is refused — a file with its columns in another order must never be
 * scored silently by position.
 *
 * @example
 *   const batch = await readBatch(c.req.raw, c.var.services.limits, ['mj1', 'delta_mj']);
 */
import { decodeBatch, type DecodedBatch } from '../formats/decode.js';
import { selectColumns } from '../formats/columns.js';
import type { Limits } from '../services.js';
import { readBody } from './body.js';
import { ApiError } from './errors.js';

export async function readBatch(request: Request, limits: Limits, features?: readonly string[]): Promise<DecodedBatch> {
  const url = new URL(request.url);
  const contentType = request.headers.get('content-type');
  const bytes = await readBody(request, limits.maxBodyBytes);
  const decoded = decodeBatch(bytes, contentType, {
    columns: url.searchParams.get('columns') ?? undefined,
    shape: url.searchParams.get('shape') ?? request.headers.get('x-shape') ?? undefined,
    maxRows: limits.maxRows,
    maxCols: limits.maxCols,
  });
  return features && decoded.columnNames ? alignByName(decoded, features) : decoded;
}

/** Picks and orders the named columns of a batch to match `features`. */
export function alignByName(decoded: DecodedBatch, features: readonly string[]): DecodedBatch {
  const names = decoded.columnNames!;
  const indices = features.map((f) => names.indexOf(f));
  const missing = features.filter((_, i) => indices[i] < 0);
  if (missing.length > 0) {
    throw new ApiError(
      422,
      'feature_names_mismatch',
      `the CSV header names ${JSON.stringify(names)}, but the model needs ${JSON.stringify(features)} (missing: ${missing.join(', ')}); rename the header, or drop it to match columns by position`,
      { expected: [...features], actual: names },
    );
  }
  const inOrder = indices.every((c, i) => c === i) && names.length === features.length;
  if (inOrder) return decoded;
  return { ...decoded, matrix: selectColumns(decoded.matrix, indices), columnNames: [...features] };
}
