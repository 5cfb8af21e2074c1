import { describe, expect, it } from 'vitest';
import { call, errorOf } from '../../test/worker/helpers.js';

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('GET /v1/models/:model/onnx', () => {
  it('serves the bytes the model card names, with the hash as ETag', async () => {
    const card = (await (await call('/v1/models/lhco-dream')).json()) as { onnx: { sha256: string } };
    const res = await call('/v1/models/lhco-dream/onnx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('etag')).toBe(`"${card.onnx.sha256}"`);
    expect(await sha256Hex(await res.arrayBuffer())).toBe(card.onnx.sha256);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const etag = (await call('/v1/models/lhco-dream/onnx')).headers.get('etag')!;
    const res = await call('/v1/models/lhco-dream/onnx', { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
  });

  it('404 for an unknown model, 400 for a bad id', async () => {
    const missing = await call('/v1/models/nope/onnx');
    expect([missing.status, (await errorOf(missing)).code]).toEqual([404, 'model_not_found']);
    const bad = await call('/v1/models/Bad%20Id/onnx');
    expect([bad.status, (await errorOf(bad)).code]).toEqual([400, 'invalid_id']);
  });
});
