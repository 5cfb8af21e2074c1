/**
 * Calorimeter-scale DREAM at reduced size: generated dataset-1 pion showers (533 voxels + E_inc)
 * through the whole protocol with a small network, K = 4 steps per run. A few seconds each.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CALO_DEFAULTS, CALO_FEATURES, parseCaloDreamArgs, runCaloDream } from './calo.js';

const small = { ...CALO_DEFAULTS, events: 1500, hidden: [32], epochs: 4, batch: 100, lr: 1e-3, stepsPerRun: 4 };

describe('calorimeter-scale DREAM (reduced size)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sees a strong mis-modelling and ranks the tile layers it moves energy into above the EM layers', async () => {
    const o = await runCaloDream({ ...small, mismodel: 3 });
    expect(o.metrics.auc_ci[0]).toBeGreaterThan(0.6);
    expect(o.counts.train).toEqual({ reference: 900, candidate: 900 });
    expect(o.ranking).toHaveLength(CALO_FEATURES);
    // The candidate's showers start later and spread wider in the tile layers: summed over
    // their voxels, those carry clearly more of the importance than the EM layers.
    const sum = (prefixes: string[]) => o.ranking.filter((f) => prefixes.some((p) => f.name.startsWith(p))).reduce((a, f) => a + f.importance, 0);
    expect(sum(['L12_', 'L13_', 'L14_'])).toBeGreaterThan(1.4 * sum(['L0_', 'L1_', 'L2_', 'L3_']));
    expect(o.history).toHaveLength(4);
    expect(o.provider).toBe('cpu');
  });

  it('cannot tell two samples of the same model apart (s = 0): the AUC interval contains 0.5', async () => {
    const o = await runCaloDream({ ...small, mismodel: 0 });
    expect(o.metrics.auc_ci[0]).toBeLessThan(0.5);
    expect(o.metrics.auc_ci[1]).toBeGreaterThan(0.5);
  });

  it('plumbs --provider through: an unloadable GPU provider trains on cpu and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const o = await runCaloDream({ ...small, events: 300, epochs: 1, provider: 'cuda' });
    expect(o.provider).toBe('cpu');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/'cuda' failed to load .*falling back to 'cpu'/));
  });

  it('parses the command line with the CaloChallenge defaults', () => {
    expect(parseCaloDreamArgs([])).toMatchObject({ events: 100_000, hidden: [2048, 2048, 2048], batch: 1000, lr: 2e-4, epochs: 50, provider: 'cpu' });
    expect(parseCaloDreamArgs(['--provider', 'webgpu', '--steps-per-run', '8', '--threads', '4', '--hidden', '64,64', '--mismodel', '0.5'])).toMatchObject({
      provider: 'webgpu',
      stepsPerRun: 8,
      threads: 4,
      hidden: [64, 64],
      mismodel: 0.5,
    });
    expect(() => parseCaloDreamArgs(['--provider', 'tpu'])).toThrow(/--provider/);
    expect(() => parseCaloDreamArgs(['--steps-per-run', '0'])).toThrow(/--steps-per-run/);
  });
});
