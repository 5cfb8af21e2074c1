/**
 * GET /v1/models/:model/onnx — the exact ONNX bytes the Worker scores with, so a browser (the
 * public scoring page) or a script can run the same model locally. The ETag is the SHA-256 from
 * the model card, so a browser revalidates with If-None-Match and downloads the model once.
 *
 * @example
 *   curl -o lhco-dream.onnx http://127.0.0.1:8787/v1/models/lhco-dream/onnx
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { checkId } from '../http/ids.js';

export function registerModelOnnx(app: Hono<AppEnv>): void {
  app.get('/v1/models/:model/onnx', (c) => {
    const model = c.var.services.registry.get(checkId(c.req.param('model'), 'model'));
    const etag = `"${model.card.onnx.sha256}"`;
    const headers = { etag, 'cache-control': 'public, max-age=300, must-revalidate' };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(model.onnx, 200, {
      ...headers,
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${model.card.id}.onnx"`,
    });
  });
}
