import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { decodeNpy } from '../formats/npy.js';
import { ort } from '../inference/ort.js';
import { bundledRegistry } from '../inference/registry.js';
import { call, errorOf, lhcoBatch, postNpy, storedState } from '../../test/worker/helpers.js';
import { env } from 'cloudflare:workers';

interface ScoreBody {
  model: string;
  kind: string;
  n: number;
  scores: number[];
}

const background = lhcoBatch('background');

describe.runIf(background !== null)('POST /v1/score/:model — happy path', () => {
  it('returns one score per event, equal to onnxruntime-node on the same ONNX file (≤ 1e-5)', async () => {
    const res = await postNpy('/v1/score/lhco-dream', background!);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ScoreBody;
    expect(body).toMatchObject({ model: 'lhco-dream', kind: 'classifier', n: 5000 });
    const expected = inject('nodeScores')!.score;
    expect(body.scores).toHaveLength(expected.length);
    let maxDiff = 0;
    for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(body.scores[i] - expected[i]));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('input gradients in the Worker equal onnxruntime-node too (≤ 1e-5)', async () => {
    const registry = bundledRegistry();
    const model = registry.get('lhco-dream');
    const session = await registry.session(model);
    const m = decodeNpy(background!);
    const out = await session.run({ x: new ort.Tensor('float32', m.data, [m.rows, m.cols]) });
    const grad = out.grad.data as Float32Array;
    const expected = inject('nodeScores')!.grad;
    let maxDiff = 0;
    for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(grad[i] - expected[i]));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('accepts the same events as JSON, CSV and raw float32 with the same scores', async () => {
    const m = decodeNpy(background!);
    const rows = Array.from({ length: 50 }, (_, r) => Array.from(m.data.subarray(r * 4, r * 4 + 4)));
    const viaNpy = (await (await postNpy('/v1/score/lhco-dream', background!)).json()) as ScoreBody;
    const json = await call('/v1/score/lhco-dream', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: rows }) });
    const csv = await call('/v1/score/lhco-dream', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `mj1,delta_mj,tau21_j1,tau21_j2\n${rows.map((r) => r.map((v) => v.toPrecision(9)).join(',')).join('\n')}\n`,
    });
    const raw = await call('/v1/score/lhco-dream?shape=50,4', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: m.data.slice(0, 200),
    });
    for (const res of [json, csv, raw]) {
      expect(res.status).toBe(200);
      const body = (await res.json()) as ScoreBody;
      expect(body.scores).toEqual(viaNpy.scores.slice(0, 50));
    }
  });

  it('matches CSV columns by header name, and refuses a header without the model features', async () => {
    const m = decodeNpy(background!);
    const rows = Array.from({ length: 20 }, (_, r) => Array.from(m.data.subarray(r * 4, r * 4 + 4)));
    const csv = (header: string[], order: number[]) =>
      call('/v1/score/lhco-dream', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: `${header.join(',')}\n${rows.map((r) => order.map((j) => r[j].toPrecision(9)).join(',')).join('\n')}\n`,
      });
    const straight = (await (await csv(['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2'], [0, 1, 2, 3])).json()) as ScoreBody;
    const reversed = await csv(['tau21_j2', 'extra', 'tau21_j1', 'delta_mj', 'mj1'], [3, 0, 2, 1, 0]);
    expect(reversed.status).toBe(200);
    expect(((await reversed.json()) as ScoreBody).scores).toEqual(straight.scores);
    const wrong = await csv(['pt', 'eta', 'phi', 'm'], [0, 1, 2, 3]);
    expect(wrong.status).toBe(422);
    expect((await errorOf(wrong)).code).toBe('feature_names_mismatch');
  });

  it('stores nothing', async () => {
    const before = await storedState(env);
    await postNpy('/v1/score/lhco-dream', background!);
    expect(await storedState(env)).toBe(before);
  });
});

describe('POST /v1/score/:model — errors', () => {
  it('unknown model → 404 model_not_found', async () => {
    const res = await call('/v1/score/no-such-model', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[[1,2,3,4]]' });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('model_not_found');
  });

  it('wrong column count names the expected features', async () => {
    const res = await call('/v1/score/lhco-dream', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[[1,2]]' });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('feature_count_mismatch');
    expect(error.message).toContain('mj1, delta_mj, tau21_j1, tau21_j2');
  });

  it('?columns= out of range → 422', async () => {
    const res = await call('/v1/score/lhco-dream?columns=1,2,3,9', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[[1,2,3,4,5]]' });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe('column_out_of_range');
  });

  it('finite values the model cannot score (overflow inside it) → 422 non_finite_scores', async () => {
    const res = await call('/v1/score/lhco-dream', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[[0.1,0.2,0.5,0.5],[3e38,-3e38,3e38,3e38]]' });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('non_finite_scores');
    expect(error.message).toContain('row 1');
  });

  it('truncated .npy → 400 npy_truncated', async () => {
    const res = await postNpy('/v1/score/lhco-dream', background ? background.slice(0, 1000) : new Uint8Array([0x93, 78, 85, 77, 80, 89, 1, 0]));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toMatch(/^npy_/);
  });
});
