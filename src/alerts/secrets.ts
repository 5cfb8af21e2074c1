/**
 * Webhook signing secrets at rest. HMAC signing needs the secret itself, so it cannot be stored as
 * a one-way hash; instead each secret is encrypted with AES-256-GCM under a key derived (HKDF-SHA-256)
 * from the deployment secret `WEBHOOK_SECRET_KEY` (`wrangler secret put`, `.dev.vars` locally).
 * A database dump alone does not reveal any secret, the API never returns one after creation or
 * rotation, and the endpoint id is the GCM associated data, so a ciphertext copied onto another
 * endpoint's row does not decrypt. Each stored secret records the id of the deployment key that
 * sealed it, so a changed key is reported clearly instead of as a corrupt row.
 *
 * @example
 *   const box = await SecretBox.fromKey(env.WEBHOOK_SECRET_KEY);
 *   const sealed = await box.seal('whsec_…', 'wh_123');
 *   await box.open(sealed, 'wh_123'); // 'whsec_…'
 */
import { fromBase64, toBase64 } from './signing.js';

export interface SealedSecret {
  /** Key id: the first 8 hex digits of SHA-256 of the deployment key. */
  kid: string;
  iv: string;
  ct: string;
  created_at: string;
  /** After this time the secret no longer signs (set when it is rotated out); null = current. */
  expires_at: string | null;
}

export class SecretBox {
  private constructor(
    private readonly key: CryptoKey,
    readonly kid: string,
  ) {}

  /** Derives the encryption key; throws on a missing or short deployment key. */
  static async fromKey(deploymentKey: string | undefined): Promise<SecretBox> {
    if (!deploymentKey || deploymentKey.length < 16) {
      throw new Error('WEBHOOK_SECRET_KEY must be set (at least 16 characters) to store webhook secrets');
    }
    const raw = new TextEncoder().encode(deploymentKey);
    const material = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
    const key = await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('dreamwatch'), info: new TextEncoder().encode('webhook-secrets/v1') },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
    const kid = Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    return new SecretBox(key, kid);
  }

  async seal(secret: string, endpointId: string, now = Date.now()): Promise<SealedSecret> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(endpointId) },
      this.key,
      new TextEncoder().encode(secret),
    );
    return { kid: this.kid, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)), created_at: new Date(now).toISOString(), expires_at: null };
  }

  async open(sealed: SealedSecret, endpointId: string): Promise<string> {
    if (sealed.kid !== this.kid) {
      throw new Error(`webhook secret was sealed with deployment key ${sealed.kid}, the current key is ${this.kid}; rotate the endpoint's secret`);
    }
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: new TextEncoder().encode(endpointId) },
      this.key,
      fromBase64(sealed.ct),
    );
    return new TextDecoder().decode(plain);
  }
}

/**
 * The sealed secrets that still sign at `now`, newest first.
 *
 * @example
 *   activeSecrets(endpoint.secrets, Date.now()).length; // 2 during a rotation, else 1
 */
export function activeSecrets(secrets: SealedSecret[], now: number): SealedSecret[] {
  return secrets
    .filter((s) => s.expires_at === null || Date.parse(s.expires_at) > now)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}
