/**
 * Hashing and comparing secrets. Secrets are compared through their SHA-256 digests, byte by byte
 * without an early exit, so neither the length nor a shared prefix of a secret shows in the time a
 * comparison takes.
 *
 * @example
 *   await sha256HexOf('dwu_…');                        // '9f86d0…' (64 hex digits)
 *   constantTimeEqual(storedDigest, await sha256HexOf(given));
 */

/** Lowercase hex SHA-256 of a string's UTF-8 bytes. */
export async function sha256HexOf(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let out = '';
  for (const b of digest) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * Equality of two strings in time that depends only on their lengths (pass digests, which all
 * have the same length, so the time says nothing at all).
 *
 * @example
 *   constantTimeEqual('ab12', 'ab12'); // true
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** Constant-time comparison of two secrets via their SHA-256 digests. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256HexOf(given), sha256HexOf(expected)]);
  return constantTimeEqual(a, b);
}
