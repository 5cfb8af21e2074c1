import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';
import { JET_MASS_SCALE, TAU21_SHIFT, mismodelJets } from './mismodel.js';

/** Synthetic LHCO-like rows: mj1, delta_mj (≥ 0), tau21_j1, tau21_j2. */
function jets(n: number, seed = 11): Matrix {
  const rng = new Rng(seed);
  const data = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    data.set([0.05 + 0.2 * rng.uniform(), 0.3 * rng.uniform(), rng.uniform(), rng.uniform()], i * 4);
  }
  return { rows: n, cols: 4, data };
}

const column = (m: Matrix, j: number) =>
  Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe('mismodelJets', () => {
  const base = jets(4000);

  it('leaves tau21_j2 bit-for-bit untouched and does not change its input', () => {
    const copy = new Float32Array(base.data);
    const out = mismodelJets(base, { strength: 2, seed: 3 });
    expect(column(out, 3)).toEqual(column(base, 3));
    expect(base.data).toEqual(copy);
  });

  it('is deterministic given the seed, and the seed matters', () => {
    const a = mismodelJets(base, { strength: 1, seed: 3 });
    expect(mismodelJets(base, { strength: 1, seed: 3 }).data).toEqual(a.data);
    expect(mismodelJets(base, { strength: 1, seed: 4 }).data).not.toEqual(a.data);
  });

  it('is a no-op at strength 0 (to float32 rounding)', () => {
    const out = mismodelJets(base, { strength: 0, seed: 3 });
    for (let i = 0; i < base.data.length; i++) expect(out.data[i]).toBeCloseTo(base.data[i], 6);
  });

  it('moves mj1, delta_mj and tau21_j1 by the documented amounts and keeps the conventions', () => {
    const s = 2;
    const out = mismodelJets(base, { strength: s, seed: 3 });
    const heavier = (m: Matrix) => {
      const delta = column(m, 1);
      return column(m, 0).map((v, i) => v + delta[i]);
    };
    // The scale shifts the mean jet masses by ≈ s·3 %; smearing averages out.
    expect(mean(heavier(out)) / mean(heavier(base))).toBeCloseTo(1 + JET_MASS_SCALE * s, 1);
    expect(Math.abs(mean(heavier(out)) / mean(heavier(base)) - (1 + JET_MASS_SCALE * s))).toBeLessThan(0.01);
    // tau21_j1 shifts by s·0.02 except where clipped at 1.
    const tauBefore = column(base, 2);
    const shifted = column(out, 2).map((v, i) => v - tauBefore[i]);
    const unclipped = shifted.filter((_, i) => tauBefore[i] < 1 - TAU21_SHIFT * s);
    for (const d of unclipped) expect(d).toBeCloseTo(TAU21_SHIFT * s, 6);
    expect(Math.max(...column(out, 2))).toBeLessThanOrEqual(1);
    // mj1 stays the lighter jet.
    expect(Math.min(...column(out, 1))).toBeGreaterThanOrEqual(0);
    expect(column(out, 0)).not.toEqual(column(base, 0));
  });

  it('rejects a negative strength and a layout outside the matrix', () => {
    expect(() => mismodelJets(base, { strength: -1, seed: 1 })).toThrow(/≥ 0/);
    expect(() => mismodelJets(base, { strength: 1, seed: 1, layout: { mj1: 0, deltaMj: 1, tau21J1: 9 } })).toThrow(/out of range/);
  });
});
