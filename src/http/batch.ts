/**
 * Reading an event batch from a request: size-limited body, decoder chosen by Content-Type,
 * `?columns=` selection and, for raw float32, the shape from `?shape=rows,cols` or the
 * `X-Shape: rows,cols` header.
 *
 * @example
 *   const batch = await readBatch(c.req.raw, c.var.services.limits);
 */
import { decodeBatch, type DecodedBatch } from '../formats/decode.js';
import type { Limits } from '../services.js';
import { readBody } from './body.js';

export async function readBatch(request: Request, limits: Limits): Promise<DecodedBatch> {
  const url = new URL(request.url);
  const contentType = request.headers.get('content-type');
  const bytes = await readBody(request, limits.maxBodyBytes);
  return decodeBatch(bytes, contentType, {
    columns: url.searchParams.get('columns') ?? undefined,
    shape: url.searchParams.get('shape') ?? request.headers.get('x-shape') ?? undefined,
    maxRows: limits.maxRows,
    maxCols: limits.maxCols,
  });
}
