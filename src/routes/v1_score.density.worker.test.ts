/**
 * A density model at the edge: GET /v1/models lists the committed Funnel with kind 'density', and
 * POST /v1/score/lhco-funnel returns per-event log-likelihoods for raw features, equal to what
 * onnxruntime-node computes from the same ONNX file (the expected values come from the global
 * setup, which runs in Node).
 */
import { describe, expect, inject, it } from 'vitest';
import { call, errorOf, lhcoBatch, postNpy } from '../../test/worker/helpers.js';

interface ScoreBody {
  model: string;
  kind: string;
  n: number;
  scores: number[];
}

const parity = inject('densityParity');
const background = lhcoBatch('background');
const signal = lhcoBatch('signal');
// A client address of its own, so the public endpoint's rate limit never mixes with other files.
const client = { 'cf-connecting-ip': '203.0.113.77' };
const npyBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

describe('density models in GET /v1/models', () => {
  it('lists lhco-funnel with kind density, the log-likelihood output and its reference', async () => {
    const { models } = (await (await call('/v1/models')).json()) as { models: { id: string; kind: string; onnx: { score_output: string; gradient_output?: string }; reference: { n: number } }[] };
    const funnel = models.find((m) => m.id === 'lhco-funnel');
    expect(funnel).toMatchObject({ kind: 'density', onnx: { score_output: 'log_prob' } });
    expect(funnel!.onnx.gradient_output).toBeUndefined();
    expect(funnel!.reference.n).toBe(10000);
    const one = (await (await call('/v1/models/lhco-funnel')).json()) as { kind: string; features: { name: string }[] };
    expect(one.kind).toBe('density');
    expect(one.features.map((f) => f.name)).toEqual(['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2']);
  });
});

describe.runIf(parity !== null)('POST /v1/score/lhco-funnel', () => {
  it('returns log_prob per event equal to onnxruntime-node on the same ONNX file (≤ 1e-5), edge cases included', async () => {
    const res = await postNpy('/v1/score/lhco-funnel', npyBase64(parity!.npy), client);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ScoreBody;
    expect(body).toMatchObject({ model: 'lhco-funnel', kind: 'density', n: parity!.logProb.length });
    let worst = 0;
    body.scores.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - parity!.logProb[i]))));
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it('accepts JSON rows of raw features and gives the same log-likelihoods', async () => {
    const events = [
      [0.135, 0.172, 0.579, 0.48],
      [0.3, 0.05, 0.2, 0.9],
    ];
    const json = await call('/v1/score/lhco-funnel', { method: 'POST', headers: { 'content-type': 'application/json', ...client }, body: JSON.stringify(events) });
    expect(json.status).toBe(200);
    const body = (await json.json()) as ScoreBody;
    expect(body.n).toBe(2);
    expect(body.scores.every(Number.isFinite)).toBe(true);
    // Near the background means the density is high; a heavy, two-pronged light jet is rare in QCD.
    expect(body.scores[0]).toBeGreaterThan(body.scores[1]);
  });

  it('refuses events so extreme that their log-likelihood overflows (422), and wrong feature counts', async () => {
    const huge = await call('/v1/score/lhco-funnel', { method: 'POST', headers: { 'content-type': 'application/json', ...client }, body: '[[1e30, 0, 0, 0]]' });
    expect(huge.status).toBe(422);
    expect((await errorOf(huge)).code).toBe('non_finite_scores');
    const narrow = await call('/v1/score/lhco-funnel', { method: 'POST', headers: { 'content-type': 'application/json', ...client }, body: '[[1, 2, 3]]' });
    expect(narrow.status).toBe(422);
    expect((await errorOf(narrow)).code).toBe('feature_count_mismatch');
  });
});

describe.runIf(background !== null && signal !== null)('POST /v1/score/lhco-funnel on real events', () => {
  it('finds signal events far less likely than held-back background', async () => {
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const bg = (await (await postNpy('/v1/score/lhco-funnel', background!, client)).json()) as ScoreBody;
    const sig = (await (await postNpy('/v1/score/lhco-funnel', signal!, client)).json()) as ScoreBody;
    expect(bg.n).toBe(5000);
    expect(mean(bg.scores) - mean(sig.scores)).toBeGreaterThan(1);
  });
});
