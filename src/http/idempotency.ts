/**
 * The `Idempotency-Key` request header of uploads (after the IETF httpapi draft): a client-chosen
 * key, 1–255 visible ASCII characters, optionally sent as a quoted structured-field string.
 *
 * A key is bound, per monitor, to the content hash of the first batch accepted with it. A retry
 * with the same key and the same events returns the first result (200, `duplicate: true`); the
 * same key with other events is refused with 422 `idempotency_key_reused` and changes nothing;
 * concurrent requests with one key and one batch create one upload (the D1 insert of the key and
 * of the upload is one transaction, see storage/uploads.ts). "The same body" means the same
 * events: the same batch sent once as .npy and once as JSON is the same body.
 *
 * @example
 *   const key = idempotencyKey(c.req.header('idempotency-key')); // 'a3c9…' or undefined
 */
import { ApiError } from './errors.js';

export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  const key = /^"[^"]*"$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice)');
  }
  return key;
}

export function idempotencyKeyReused(key: string): ApiError {
  return new ApiError(
    422,
    'idempotency_key_reused',
    `Idempotency-Key "${key.length > 64 ? `${key.slice(0, 64)}…` : key}" was already used with a different batch; use a new key for new events`,
  );
}
