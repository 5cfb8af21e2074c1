import { describe, expect, it } from 'vitest';
import { call, errorOf } from '../../test/worker/helpers.js';
import { readBody } from './body.js';
import { ApiError } from './errors.js';

/** A body stream that never ends, counting what the reader pulled from it. */
function endless(chunk: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled += chunk;
        controller.enqueue(new Uint8Array(chunk));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

describe('readBody — byte limits before buffering', () => {
  it('cuts a streamed body off as soon as it passes the limit', async () => {
    const { stream, pulled } = endless(256);
    const request = new Request('http://x/', { method: 'POST', body: stream });
    const error = await readBody(request, 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(1000 + 2 * 256);
  });

  it('refuses a declared Content-Length over the limit without reading a byte', async () => {
    const { stream, pulled } = endless(256);
    const request = new Request('http://x/', { method: 'POST', body: stream, headers: { 'content-length': '5000' } });
    await expect(readBody(request, 1000)).rejects.toMatchObject({ status: 413, code: 'body_too_large' });
    expect(pulled()).toBe(0);
  });

  it('reads a body under the limit whole', async () => {
    const bytes = await readBody(new Request('http://x/', { method: 'POST', body: new Uint8Array(999).fill(7) }), 1000);
    expect(bytes.length).toBe(999);
    expect(bytes.every((b) => b === 7)).toBe(true);
  });

  it('through the Worker: an endless upload body is answered 413 after about the limit, not buffered', async () => {
    const { stream, pulled } = endless(1 << 20);
    const res = await call('/v1/score/lhco-dream', { method: 'POST', headers: { 'content-type': 'application/x-npy', 'cf-connecting-ip': '10.8.0.1' }, body: stream });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('body_too_large');
    expect(pulled()).toBeLessThanOrEqual(32 * (1 << 20) + 4 * (1 << 20));
  });
});
