import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/stats/rng.js';
import { fitSidebandSpectrum } from './spectrum.js';
import { LHCO_WINDOW } from './window.js';

/** n masses on [3.3, 3.7) with density ∝ exp(−slope·(m − 3.3)), by inverse CDF. */
function exponential(rng: Rng, n: number, slope: number): Float64Array {
  const span = 0.4;
  const norm = 1 - Math.exp(-slope * span);
  return Float64Array.from({ length: n }, () => 3.3 - Math.log(1 - rng.uniform() * norm) / slope);
}

describe('sideband spectrum fit', () => {
  const rng = new Rng(11);
  const masses = exponential(rng, 60000, 3);
  const inSr = masses.filter((m) => m >= 3.4 && m < 3.6).length;

  it('recovers a falling exponential and predicts the SR yield within its uncertainty', () => {
    const fit = fitSidebandSpectrum(masses, LHCO_WINDOW, { degree: 1 });
    // log density slope in x = (m − 3.5)/0.2: −3 · 0.2.
    expect(fit.coef[1]).toBeCloseTo(-0.6, 1);
    const { n, sigma } = fit.expected(3.4, 3.6);
    expect(sigma).toBeGreaterThan(0);
    expect(Math.abs(n - inSr)).toBeLessThan(3 * Math.hypot(sigma, Math.sqrt(inSr)));
    expect(fit.chi2 / fit.ndf).toBeLessThan(2);
    expect(fit.nFit).toBe(masses.length - inSr);
  });

  it('a quadratic term costs precision but stays unbiased', () => {
    const fit = fitSidebandSpectrum(masses, LHCO_WINDOW, { degree: 2 });
    const one = fitSidebandSpectrum(masses, LHCO_WINDOW, { degree: 1 });
    const { n, sigma } = fit.expected(3.4, 3.6);
    expect(sigma).toBeGreaterThan(one.expected(3.4, 3.6).sigma);
    expect(Math.abs(n - inSr)).toBeLessThan(3 * Math.hypot(sigma, Math.sqrt(inSr)));
  });

  it('samples SR masses from the interpolated density', () => {
    const fit = fitSidebandSpectrum(masses, LHCO_WINDOW);
    const drawn = fit.sample(new Rng(3), 40000, 3.4, 3.6);
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(3.4);
    expect(Math.max(...drawn)).toBeLessThan(3.6);
    // Share below 3.5 for density ∝ e^{−3m} on [3.4, 3.6): (1 − e^{−0.3}) / (1 − e^{−0.6}).
    const below = drawn.filter((m) => m < 3.5).length / drawn.length;
    expect(below).toBeCloseTo((1 - Math.exp(-0.3)) / (1 - Math.exp(-0.6)), 2);
  });

  it('refuses empty sidebands and bad degrees', () => {
    expect(() => fitSidebandSpectrum([3.5, 3.45], LHCO_WINDOW)).toThrow(/no events/);
    expect(() => fitSidebandSpectrum(masses, LHCO_WINDOW, { degree: 7 })).toThrow(/degree/);
  });
});
