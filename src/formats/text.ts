/** UTF-8 body text for the text formats (CSV, JSON). */
import { FormatError } from './errors.js';

/**
 * Decode UTF-8 strictly (invalid bytes are an error, not U+FFFD) and drop a leading BOM.
 *
 * @example
 *   decodeUtf8(new TextEncoder().encode('a,b\n1,2')); // 'a,b\n1,2'
 */
export function decodeUtf8(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new FormatError('bad_encoding', 'body is not valid UTF-8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
