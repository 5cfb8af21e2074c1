import { describe, expect, it } from 'vitest';
import { readBody } from './body.js';
import { ApiError } from './errors.js';

describe('readBody — a client that goes away mid-body', () => {
  it('is a 400 body_incomplete, not an unhandled error', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
        controller.error(new Error('Network connection lost.'));
      },
    });
    const request = new Request('http://dreamwatch.test/v1/score/x', { method: 'POST', body });
    const err = await readBody(request, 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'body_incomplete' });
  });
});
