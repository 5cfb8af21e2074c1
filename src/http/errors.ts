/**
 * The one error shape of the API: `{error: {code, message, details?}}` with a 4xx/5xx status.
 * Route code throws ApiError (or a FormatError from decoding); `errorResponse` renders either.
 *
 * @example
 *   throw new ApiError(404, 'monitor_not_found', `no monitor with id "${id}"`);
 */
import { FormatError } from '../formats/errors.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Renders any thrown value as the API's JSON error; unknown errors become a 500 without internals. */
export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) return json(err.status, err.code, err.message, err.details);
  if (err instanceof FormatError) {
    const details = Object.keys(err.details).length > 0 ? { ...err.details } : undefined;
    return json(err.status, err.code, err.message, details);
  }
  console.error('unhandled error', err);
  return json(500, 'internal_error', 'the server failed to handle this request');
}

function json(status: number, code: string, message: string, details?: Record<string, unknown>): Response {
  const body: ErrorBody = { error: details ? { code, message, details } : { code, message } };
  return Response.json(body, { status });
}
