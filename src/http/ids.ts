/**
 * Identifiers in paths and bodies: lowercase letters, digits and dashes, 1–63 characters, starting
 * with a letter or digit. Anything else (path separators, quotes, unicode, very long strings) is a
 * 400 before any storage is touched.
 *
 * @example
 *   const id = checkId(c.req.param('id'), 'monitor');
 */
import { ApiError } from './errors.js';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function checkId(value: string, what: string): string {
  if (!ID_PATTERN.test(value)) {
    throw new ApiError(400, 'invalid_id', `${what} ids are 1–63 characters of a-z, 0-9 and "-", starting with a letter or digit`);
  }
  return value;
}
