import { describe, expect, it } from 'vitest';
import {
  DS1_ENERGIES_MEV,
  DS1_PION_LAYERS,
  DS1_PION_VOXELS,
  VOXEL_THRESHOLD_MEV,
  caloFeatureNames,
  caloFeatures,
  gammaP,
  generateCalo,
  type CaloSample,
} from './calo-generator.js';

/** Mean per-layer share of the incident energy, optionally only for events at one energy. */
function layerShares(s: CaloSample, energy?: number): number[] {
  const shares = DS1_PION_LAYERS.map(() => 0);
  let n = 0;
  for (let ev = 0; ev < s.events; ev++) {
    if (energy !== undefined && s.energies[ev] !== energy) continue;
    n++;
    let offset = 0;
    DS1_PION_LAYERS.forEach((layer, l) => {
      const size = (layer.rEdges.length - 1) * layer.nAlpha;
      for (let i = 0; i < size; i++) shares[l] += s.voxels[ev * DS1_PION_VOXELS + offset + i] / s.energies[ev];
      offset += size;
    });
  }
  return shares.map((v) => v / n);
}

/** Energy-weighted mean depth (layer index) of the showers. */
function meanLayer(shares: number[]): number {
  const total = shares.reduce((a, b) => a + b, 0);
  return shares.reduce((a, v, l) => a + v * l, 0) / total;
}

describe('calorimeter shower generator (CaloChallenge ds1 pion geometry)', () => {
  const ref = generateCalo({ events: 3000, seed: 1 });

  it('has the dataset-1 pion binning: 533 voxels in 7 layers', () => {
    expect(DS1_PION_VOXELS).toBe(533);
    expect(DS1_PION_LAYERS.map((l) => l.id)).toEqual([0, 1, 2, 3, 12, 13, 14]);
    expect(DS1_PION_LAYERS.map((l) => (l.rEdges.length - 1) * l.nAlpha)).toEqual([8, 100, 100, 5, 150, 160, 10]);
    expect(caloFeatureNames()).toHaveLength(534);
    expect(caloFeatureNames().slice(0, 3)).toEqual(['log10_Einc', 'L0_a0_r0', 'L0_a0_r1']);
  });

  it('is deterministic given the seed, and the seed matters', () => {
    const again = generateCalo({ events: 50, seed: 1 });
    expect(again.voxels).toEqual(ref.voxels.subarray(0, 50 * DS1_PION_VOXELS));
    expect(generateCalo({ events: 50, seed: 2 }).voxels).not.toEqual(again.voxels);
  });

  it('draws the 15 dataset-1 energies and deposits a plausible, non-negative fraction of them', () => {
    expect(new Set(ref.energies)).toEqual(new Set(DS1_ENERGIES_MEV));
    expect(ref.voxels.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    const total = layerShares(ref).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0.4);
    expect(total).toBeLessThan(1);
    // Most outer voxels are (near) empty, as in real showers.
    const below = ref.voxels.filter((v) => v < VOXEL_THRESHOLD_MEV).length / ref.voxels.length;
    expect(below).toBeGreaterThan(0.2);
    expect(below).toBeLessThan(0.8);
  });

  it('depends on the energy: a larger EM fraction and a better relative resolution at higher energy', () => {
    const big = generateCalo({ events: 4000, seed: 5 });
    const em = (s: number[]) => s.slice(0, 4).reduce((a, b) => a + b, 0);
    expect(em(layerShares(big, 2 ** 20))).toBeGreaterThan(em(layerShares(big, 2 ** 10)) + 0.05);
    const spread = (energy: number) => {
      const totals: number[] = [];
      for (let ev = 0; ev < big.events; ev++) {
        if (big.energies[ev] !== energy) continue;
        let sum = 0;
        for (let i = 0; i < DS1_PION_VOXELS; i++) sum += big.voxels[ev * DS1_PION_VOXELS + i];
        totals.push(sum / energy);
      }
      const m = totals.reduce((a, b) => a + b, 0) / totals.length;
      return Math.sqrt(totals.reduce((a, b) => a + (b - m) ** 2, 0) / totals.length) / m;
    };
    expect(spread(2 ** 20)).toBeLessThan(0.5 * spread(2 ** 14));
    expect(spread(2 ** 14)).toBeLessThan(0.5 * spread(2 ** 10));
  });

  it('mis-models the candidate by the stated amount: s = 0 matches the reference, s > 0 moves energy deeper', () => {
    const same = layerShares(generateCalo({ events: 3000, seed: 2, mismodel: 0 }));
    const shifted = layerShares(generateCalo({ events: 3000, seed: 2, mismodel: 2 }));
    const base = layerShares(ref);
    // Layer shares agree to a few percent (relative) between independent reference-model samples.
    base.forEach((v, l) => expect(Math.abs(same[l] - v)).toBeLessThan(0.06 * v + 0.002));
    expect(meanLayer(shifted)).toBeGreaterThan(meanLayer(base) + 0.05);
    expect(shifted[2]).toBeLessThan(base[2]); // less in the second EM layer
    expect(shifted[5]).toBeGreaterThan(base[5]); // more in the second tile layer
    expect(() => generateCalo({ events: 1, seed: 1, mismodel: -1 })).toThrow(/≥ 0/);
  });

  it('builds the CaloChallenge classifier inputs: log10(E_inc), voxel/E_inc, below 1 MeV set to 0', () => {
    const small = generateCalo({ events: 20, seed: 3 });
    const x = caloFeatures(small);
    expect([x.rows, x.cols]).toEqual([20, 534]);
    for (let ev = 0; ev < 20; ev++) {
      expect(x.data[ev * 534]).toBeCloseTo(Math.log10(small.energies[ev]), 5);
      for (let i = 0; i < DS1_PION_VOXELS; i++) {
        const v = small.voxels[ev * DS1_PION_VOXELS + i];
        expect(x.data[ev * 534 + 1 + i]).toBeCloseTo(v < 1 ? 0 : v / small.energies[ev], 7);
      }
    }
  });

  it('integrates the Gamma depth profiles exactly where closed forms exist', () => {
    for (const x of [0.1, 1, 3, 10]) {
      expect(gammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 10);
      expect(gammaP(2, x)).toBeCloseTo(1 - (1 + x) * Math.exp(-x), 10);
    }
    expect(gammaP(2.7, 0)).toBe(0);
  });
});
