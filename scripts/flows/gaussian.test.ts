import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/stats/rng.js';
import { cholesky, fitGaussian, gaussianLogProb, sampleGaussian } from './gaussian.js';

describe('multivariate Gaussian baseline', () => {
  it('recovers mean and covariance from its own samples and matches the bivariate density formula', () => {
    const truth = { mean: [1, -2], cholesky: cholesky([[4, 1.2], [1.2, 1]]), halfLogDet: 0 };
    truth.halfLogDet = Math.log(truth.cholesky[0][0]) + Math.log(truth.cholesky[1][1]);
    const fitted = fitGaussian(sampleGaussian(truth, 40000, new Rng(1)));
    expect(fitted.mean[0]).toBeCloseTo(1, 1);
    expect(fitted.mean[1]).toBeCloseTo(-2, 1);
    expect(fitted.cholesky[1][0] * fitted.cholesky[0][0]).toBeCloseTo(1.2, 1);
    // Bivariate normal density at one point, written out.
    const [x, y] = [0.5, -1];
    const [sx, sy, rho] = [2, 1, 1.2 / 2];
    const zx = (x - 1) / sx;
    const zy = (y + 2) / sy;
    const want = -Math.log(2 * Math.PI * sx * sy * Math.sqrt(1 - rho * rho)) - (zx * zx - 2 * rho * zx * zy + zy * zy) / (2 * (1 - rho * rho));
    expect(gaussianLogProb(truth, { rows: 1, cols: 2, data: Float32Array.from([x, y]) })[0]).toBeCloseTo(want, 6);
    expect(() => cholesky([[1, 2], [2, 1]])).toThrow(/positive definite/);
  });
});
