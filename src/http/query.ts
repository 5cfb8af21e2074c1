/**
 * Query parameters of the list routes, read the same way everywhere: a parameter given twice is
 * ambiguous and refused, and `limit` is decimal digits only (Number() would also take "1e2",
 * "0x10" or " 5").
 *
 * @example
 *   const limit = limitQuery(c.req.queries('limit'), 50, 500);
 *   const before = singleQuery(c.req.queries('before'), 'before');
 */
import { ApiError } from './errors.js';

/** The one value of a query parameter (from Hono's `c.req.queries(name)`), or undefined. */
export function singleQuery(values: string[] | undefined, name: string): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw new ApiError(400, 'invalid_query', `${name} given ${values.length} times`);
  return values[0];
}

/** ?limit= as an integer from 1 to `max`; `fallback` when absent. */
export function limitQuery(values: string[] | undefined, fallback: number, max: number): number {
  const value = singleQuery(values, 'limit');
  if (value === undefined) return fallback;
  const n = /^[0-9]{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= max)) throw new ApiError(400, 'invalid_limit', `limit must be an integer from 1 to ${max}`);
  return n;
}
