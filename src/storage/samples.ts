/**
 * Sample batches in R2, content-addressed: the key is the SHA-256 of the canonical float32 .npy
 * encoding of the (column-selected) batch, so the same events sent as .npy, raw float32, CSV or
 * JSON are stored once.
 *
 * @example
 *   const key = await samples.put(sha256, npyBytes, { rows: '5000', cols: '4' });
 */
export interface SampleStore {
  /** Stores the batch under its hash unless already present; returns the key. */
  put(sha256: string, npy: Uint8Array, metadata: Record<string, string>): Promise<string>;
  get(key: string): Promise<Uint8Array | null>;
}

export class R2SampleStore implements SampleStore {
  constructor(private readonly bucket: R2Bucket) {}

  async put(sha256: string, npy: Uint8Array, metadata: Record<string, string>): Promise<string> {
    const key = sampleKey(sha256);
    if ((await this.bucket.head(key)) === null) {
      await this.bucket.put(key, npy, {
        httpMetadata: { contentType: 'application/x-npy' },
        customMetadata: metadata,
        sha256,
      });
    }
    return key;
  }

  async get(key: string): Promise<Uint8Array | null> {
    const object = await this.bucket.get(key);
    return object ? new Uint8Array(await object.arrayBuffer()) : null;
  }
}

export function sampleKey(sha256: string): string {
  return `samples/${sha256}.npy`;
}

/** Lowercase hex SHA-256. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
