/**
 * Per-monitor upload tokens in D1. Only the SHA-256 of a token is stored: the token itself is
 * shown once, when it is created, and a leaked database does not let anyone upload. Tokens are
 * 256-bit random strings, so an unsalted hash is enough (there is no dictionary to try).
 *
 * @example
 *   const { token, record } = await store.create('calo-v2');   // give `token` to the uploader once
 *   const ok = await store.verify('calo-v2', tokenFromRequest); // constant-time over the hashes
 */
import { constantTimeEqual, sha256HexOf } from '../http/secrets.js';

export interface UploadTokenRecord {
  id: string;
  monitor_id: string;
  created_at: string;
  revoked_at: string | null;
}

export interface TokenStore {
  /** Creates a token for the monitor; the plain token is returned here and nowhere else. */
  create(monitorId: string): Promise<{ token: string; record: UploadTokenRecord }>;
  /** True when `token` is a live upload token of this monitor. */
  verify(monitorId: string, token: string): Promise<boolean>;
  /** The monitor a live upload token belongs to (to tell "wrong scope" from "wrong token"), or null. */
  monitorOf(token: string): Promise<string | null>;
  /** Revokes a token; false when the monitor has no such live token. */
  revoke(monitorId: string, tokenId: string): Promise<boolean>;
}

/** Upload tokens start with this prefix, so a leaked one is recognisable in logs and scanners. */
export const UPLOAD_TOKEN_PREFIX = 'dwu_';

export class D1TokenStore implements TokenStore {
  constructor(private readonly db: D1Database) {}

  async create(monitorId: string): Promise<{ token: string; record: UploadTokenRecord }> {
    const token = `${UPLOAD_TOKEN_PREFIX}${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
    const record: UploadTokenRecord = {
      id: `tok_${hex(crypto.getRandomValues(new Uint8Array(8)))}`,
      monitor_id: monitorId,
      created_at: new Date().toISOString(),
      revoked_at: null,
    };
    await this.db
      .prepare('INSERT INTO upload_tokens (id, monitor_id, sha256, created_at) VALUES (?1, ?2, ?3, ?4)')
      .bind(record.id, monitorId, await sha256HexOf(token), record.created_at)
      .run();
    return { token, record };
  }

  async verify(monitorId: string, token: string): Promise<boolean> {
    const digest = await sha256HexOf(token);
    const { results } = await this.db
      .prepare('SELECT sha256 FROM upload_tokens WHERE monitor_id = ?1 AND revoked_at IS NULL')
      .bind(monitorId)
      .all<{ sha256: string }>();
    // Every live hash is compared, without stopping at a match, so the time taken does not say
    // which (or whether an early) token matched.
    let match = false;
    for (const row of results) match = constantTimeEqual(row.sha256, digest) || match;
    return match;
  }

  async monitorOf(token: string): Promise<string | null> {
    const row = await this.db
      .prepare('SELECT monitor_id FROM upload_tokens WHERE sha256 = ?1 AND revoked_at IS NULL')
      .bind(await sha256HexOf(token))
      .first<{ monitor_id: string }>();
    return row?.monitor_id ?? null;
  }

  async revoke(monitorId: string, tokenId: string): Promise<boolean> {
    const result = await this.db
      .prepare('UPDATE upload_tokens SET revoked_at = ?3 WHERE monitor_id = ?1 AND id = ?2 AND revoked_at IS NULL')
      .bind(monitorId, tokenId, new Date().toISOString())
      .run();
    return result.meta.changes === 1;
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
