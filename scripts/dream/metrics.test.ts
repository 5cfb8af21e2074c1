import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';
import { dreamMetrics, fitCalibration } from './evaluate.js';
import { referenceHistograms } from './histograms.js';
import { rankFeatures, roundSignificant } from './ranking.js';

describe('rankFeatures', () => {
  it('weighs mean |gradient| by the feature spread and sorts largest first', () => {
    const x = matrixFromRows([[0, 10], [2, 30]]); // std 1 and 10
    const grad = Float32Array.from([1, -0.5, -1, 0.5]); // mean |g|: 1 and 0.5
    expect(rankFeatures(grad, x, ['a', 'b'])).toEqual([
      { name: 'b', importance: 5 },
      { name: 'a', importance: 1 },
    ]);
  });

  it('rounds to significant digits', () => {
    expect(roundSignificant(0.123456789)).toBe(0.1234568);
    expect(roundSignificant(0)).toBe(0);
  });
});

describe('dreamMetrics', () => {
  const rng = new Rng(3);
  const draw = (n: number, shift: number) => Array.from({ length: n }, () => rng.normal() + shift);

  it('reports chance level for indistinguishable scores and a positive JSD for separated ones', () => {
    const same = dreamMetrics(
      { candidate: draw(4000, 0), reference: draw(4000, 0) },
      { candidate: draw(4000, 0), reference: draw(4000, 0) },
    );
    expect(same.auc_ci[0]).toBeLessThan(0.5);
    expect(same.auc_ci[1]).toBeGreaterThan(0.5);
    expect(Math.abs(same.jsd)).toBeLessThan(0.01);
    const apart = dreamMetrics(
      { candidate: draw(4000, 1), reference: draw(4000, 0) },
      { candidate: draw(4000, 1), reference: draw(4000, 0) },
    );
    // Two unit Gaussians one sigma apart: AUC = Φ(1/√2) ≈ 0.760.
    expect(apart.auc).toBeCloseTo(0.76, 1);
    expect(apart.two_auc_minus_1).toBeCloseTo(2 * apart.auc - 1, 12);
    expect(apart.jsd).toBeGreaterThan(0.1);
  });

  it('calibrates with class-balanced weights, whatever the class sizes', () => {
    const fit = fitCalibration({ candidate: [1], reference: [1, 1, 1] });
    expect(fit.y[0]).toBeCloseTo(0.5, 12);
  });
});

describe('referenceHistograms', () => {
  it('gives ≈ equal-count quantile bins whose counts add up to the events', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [i / 1000, i % 7 === 0 ? 0 : 1]);
    const [a, b] = referenceHistograms(matrixFromRows(rows), ['a', 'b'], 20);
    expect(a.edges.length).toBe(21);
    expect(a.counts.every((c) => c === 50)).toBe(true);
    expect(b.counts.reduce((s, c) => s + c, 0)).toBe(1000);
    expect(b.edges.length).toBeGreaterThanOrEqual(2);
  });
});
