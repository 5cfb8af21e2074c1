// The CURTAINS anomaly model served at the edge: listed with kind 'anomaly', per-event scores for
// raw LHCO events (signal-like events score higher), and monitors can be created on it.
import { describe, expect, it } from 'vitest';
import { ADMIN, call, lhcoBatch, postNpy } from '../../test/worker/helpers.js';

interface ScoreBody {
  model: string;
  kind: string;
  n: number;
  scores: number[];
}

const MODEL = 'curtains-lhco';
const background = lhcoBatch('background');
const signal = lhcoBatch('signal');

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('the CURTAINS anomaly model', () => {
  it('is listed by GET /v1/models with kind anomaly, its four raw features and reference scores', async () => {
    const res = await call('/v1/models');
    expect(res.status).toBe(200);
    const { models } = (await res.json()) as { models: { id: string; kind: string; features: { name: string }[]; reference: { n: number } | null }[] };
    const model = models.find((m) => m.id === MODEL);
    expect(model).toBeDefined();
    expect(model!.kind).toBe('anomaly');
    expect(model!.features.map((f) => f.name)).toEqual(['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2']);
    expect(model!.reference!.n).toBeGreaterThan(1000);
  });

  it('scores posted events as JSON: one score in (0, 1) per event', async () => {
    const events = [
      [0.105, 0.39, 0.32, 0.21],
      [0.1, 0.05, 0.7, 0.6],
    ];
    const res = await call(`/v1/score/${MODEL}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ScoreBody;
    expect(body).toMatchObject({ model: MODEL, kind: 'anomaly', n: 2 });
    for (const s of body.scores) expect(s > 0 && s < 1).toBe(true);
  });

  it.runIf(background !== null && signal !== null)('scores real signal events higher than real background on average', async () => {
    const [sig, bkg] = await Promise.all([postNpy(`/v1/score/${MODEL}`, signal!), postNpy(`/v1/score/${MODEL}`, background!)]);
    expect(sig.status).toBe(200);
    expect(bkg.status).toBe(200);
    const s = (await sig.json()) as ScoreBody;
    const b = (await bkg.json()) as ScoreBody;
    expect(s.n).toBe(5000);
    expect(b.n).toBe(5000);
    expect(mean(s.scores)).toBeGreaterThan(mean(b.scores));
  });

  it('a monitor can be created on it (its card carries reference scores)', async () => {
    const id = `curtains-${crypto.randomUUID().slice(0, 8)}`;
    const res = await call('/v1/monitors', {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ id, model: MODEL }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; model: { id: string }; baseline: { auc: number } };
    expect(created).toMatchObject({ id, model: { id: MODEL } });
    // The card's baseline: held-back background against the reference, close to 0.5.
    expect(Math.abs(created.baseline.auc - 0.5)).toBeLessThan(0.05);
  });
});
