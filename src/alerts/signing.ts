/**
 * Standard Webhooks v1 signing (https://www.standardwebhooks.com): a secret is `whsec_` + base64
 * of random bytes; a delivery carries `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, with one space-separated
 * signature per valid secret while a rotation is in progress.
 *
 * @example
 *   const secret = generateSecret();                       // 'whsec_…', shown to the user once
 *   const headers = await signedHeaders('msg_abc', Math.floor(Date.now() / 1000), body, [secret]);
 */

const SECRET_PREFIX = 'whsec_';
/** 32 bytes: the spec asks for 24–64. */
const SECRET_BYTES = 32;

/**
 * A new signing secret.
 *
 * @example
 *   generateSecret(); // 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw…'
 */
export function generateSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/**
 * The HMAC key bytes of a `whsec_` secret.
 *
 * @example
 *   secretKeyBytes(generateSecret()).length; // 32
 */
export function secretKeyBytes(secret: string): Uint8Array<ArrayBuffer> {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('webhook secrets start with whsec_');
  return fromBase64(secret.slice(SECRET_PREFIX.length));
}

/**
 * One `v1,<signature>` for the message under one secret.
 *
 * @example
 *   await sign('whsec_…', 'msg_1', 1700000000, '{"type":"webhook.test"}'); // 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='
 */
export async function sign(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secretKeyBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/**
 * The three Standard Webhooks headers for one attempt; `secrets` are all currently valid secrets
 * (newest first), each contributing one signature.
 *
 * @example
 *   await signedHeaders('msg_1', 1700000000, body, [newSecret, oldSecret]);
 *   // { 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000', 'webhook-signature': 'v1,… v1,…' }
 */
export async function signedHeaders(id: string, timestamp: number, body: string, secrets: string[]): Promise<Record<string, string>> {
  if (secrets.length === 0) throw new Error('no signing secret');
  const signatures = await Promise.all(secrets.map((s) => sign(s, id, timestamp, body)));
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatures.join(' ') };
}

/**
 * Standard base64 (with padding) of bytes.
 *
 * @example
 *   toBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/**
 * Bytes of a standard base64 string.
 *
 * @example
 *   fromBase64('AQID'); // Uint8Array [1, 2, 3]
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
