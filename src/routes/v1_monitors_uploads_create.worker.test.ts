import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, createMonitor, errorOf, lhcoBatch, postNpy, storedState } from '../../test/worker/helpers.js';

const UPLOADS = '/v1/monitors/lhco-dream/uploads';
const dataAvailable = lhcoBatch('background') !== null;

interface UploadBody {
  id: string;
  duplicate: boolean;
  sha256: string;
  result: { auc: number; auc_ci: [number, number]; p_value: number; jsd: number; n: number; features: { name: string; importance: number }[] };
}

describe.runIf(dataAvailable)('POST /v1/monitors/:id/uploads — happy path on real LHCO data', () => {
  it('scores held-back real background as indistinguishable from the reference', async () => {
    const res = await postNpy(UPLOADS, lhcoBatch('background')!);
    expect(res.status).toBe(201);
    const body = (await res.json()) as UploadBody;
    expect(body.result.n).toBe(5000);
    expect(body.result.auc_ci[0]).toBeLessThan(0.5);
    expect(body.result.auc_ci[1]).toBeGreaterThan(0.5);
    expect(body.result.p_value).toBeGreaterThan(0.01);
    expect(body.result.features.map((f) => f.name).sort()).toEqual(['delta_mj', 'mj1', 'tau21_j1', 'tau21_j2']);
  });

  it('sees mis-modelled background and names the mis-modelled features first', async () => {
    const body = (await (await postNpy(UPLOADS, lhcoBatch('mismodelled')!)).json()) as UploadBody;
    expect(body.result.auc_ci[0]).toBeGreaterThan(0.53);
    expect(body.result.p_value).toBeLessThan(1e-6);
    expect(body.result.features.at(-1)?.name).toBe('tau21_j2');
    expect(body.result.jsd).toBeGreaterThan(0);
  });

  it('sees signal events far from the reference', async () => {
    const body = (await (await postNpy(UPLOADS, lhcoBatch('signal')!)).json()) as UploadBody;
    expect(Math.abs(body.result.auc - 0.5)).toBeGreaterThan(0.2);
    expect(body.result.jsd).toBeGreaterThan(0.05);
  });

  it('stores the batch once and recognises a repeat, in any format', async () => {
    const countBefore = ((await (await call(UPLOADS)).json()) as { uploads: UploadBody[] }).uploads.length;
    const first = (await (await postNpy(UPLOADS, lhcoBatch('background')!)).json()) as UploadBody;
    const again = await postNpy(UPLOADS, lhcoBatch('background')!);
    expect(again.status).toBe(200);
    expect(((await again.json()) as UploadBody).id).toBe(first.id);
    const viaColumns = await postNpy(`${UPLOADS}?columns=1,2,3,4`, lhcoBatch('background6')!);
    const viaColumnsBody = (await viaColumns.json()) as UploadBody;
    expect(viaColumnsBody.duplicate).toBe(true);
    expect(viaColumnsBody.id).toBe(first.id);
    const object = await env.SAMPLES.head(`samples/${first.sha256}.npy`);
    expect(object?.size).toBeGreaterThan(5000 * 4 * 4);
    const history = (await (await call(UPLOADS)).json()) as { uploads: UploadBody[] };
    expect(history.uploads.length - countBefore).toBeLessThanOrEqual(1);
    expect(history.uploads.filter((u) => u.sha256 === first.sha256)).toHaveLength(1);
  });

  it('lists the history newest first', async () => {
    const monitor = await createMonitor('history-order');
    await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('background')!);
    await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('signal')!);
    const history = (await (await call(`/v1/monitors/${monitor}/uploads`)).json()) as { uploads: UploadBody[] };
    expect(history.uploads).toHaveLength(2);
    expect(history.uploads[0].result.auc).toBeLessThan(0.4);
  });
});

describe('POST /v1/monitors/:id/uploads — errors change nothing stored', () => {
  const cases: [string, RequestInit, number, string][] = [
    ['not an npy file', { body: 'not an array', headers: { 'content-type': 'application/x-npy' } }, 400, 'npy_bad_magic'],
    ['no content type', { body: new Uint8Array(16) }, 415, 'unsupported_media_type'],
    ['raw float32 without a shape', { body: new Uint8Array(16), headers: { 'content-type': 'application/octet-stream' } }, 400, 'missing_shape'],
    ['wrong feature count', { body: JSON.stringify([[1, 2, 3]]), headers: { 'content-type': 'application/json' } }, 422, 'feature_count_mismatch'],
    ['NaN in JSON', { body: '[[1,2,3,null]]', headers: { 'content-type': 'application/json' } }, 422, 'non_finite'],
    ['ragged CSV', { body: '1,2,3,4\n1,2\n', headers: { 'content-type': 'text/csv' } }, 400, 'ragged_csv'],
    ['empty JSON batch', { body: '[]', headers: { 'content-type': 'application/json' } }, 422, 'empty_batch'],
  ];
  for (const [name, init, status, code] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const before = await storedState(env);
      const res = await call(UPLOADS, { method: 'POST', ...init });
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
      expect(await storedState(env)).toBe(before);
    });
  }

  it('unknown monitor → 404', async () => {
    const res = await call('/v1/monitors/nope/uploads', { method: 'POST', body: '[[1,2,3,4]]', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('monitor_not_found');
  });
});

describe('POST /v1/monitors/:id/uploads — security', () => {
  it('refuses a body over the byte limit before reading it', async () => {
    const before = await storedState(env);
    const res = await call(UPLOADS, {
      method: 'POST',
      headers: { 'content-type': 'application/x-npy', 'content-length': String(64 * 1024 * 1024) },
      body: new Uint8Array(8),
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('body_too_large');
    expect(await storedState(env)).toBe(before);
  });

  it('rejects ids with path separators, quotes or unicode', async () => {
    for (const id of ['..%2F..%2Fetc', '%22%3Bdrop', 'caf%C3%A9', 'a'.repeat(80)]) {
      const res = await call(`/v1/monitors/${id}/uploads`, { method: 'POST', body: '[[1,2,3,4]]', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_id');
    }
  });
});
