/**
 * Record ids for webhooks, deliveries, events and jobs: a prefix, the time in base 36 and 64 random
 * bits — unique, roughly time-ordered, and matching `^[a-z]+_[a-z0-9]+$` for path checks.
 *
 * @example
 *   newId('wh');                        // 'wh_lq3k2v0f4x9c1r7m2p'
 *   await stableId('msg', 'degraded:lhco-dream:up_…'); // the same id every time for this key
 */
export function newId(prefix: string): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `${prefix}_${Date.now().toString(36)}${Array.from(random, (v) => v.toString(36).padStart(7, '0')).join('')}`;
}

/** An id derived from a key (128 bits of its SHA-256): retries of the same work get the same id. */
export async function stableId(prefix: string, key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  return `${prefix}_${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** True for an id made by newId or stableId with this prefix. */
export function isRecordId(value: string, prefix: string): boolean {
  return new RegExp(`^${prefix}_[a-z0-9]{8,40}$`).test(value);
}
