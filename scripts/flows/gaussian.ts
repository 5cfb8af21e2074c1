/**
 * The multivariate Gaussian baseline, fitted in closed form (sample mean and covariance, i.e. the
 * maximum-likelihood fit), with its exact log-density and seeded sampling, in plain JS (float64).
 *
 * @example
 *   const model = fitGaussian(train);
 *   const logp = gaussianLogProb(model, test); // Float64Array [N]
 *   const samples = sampleGaussian(model, 10000, new Rng(1)); // Matrix
 */
import type { Matrix } from '../../src/formats/matrix.js';
import type { Rng } from '../../src/stats/rng.js';

export interface GaussianModel {
  mean: number[];
  /** Lower Cholesky factor of the covariance. */
  cholesky: number[][];
  /** Σ log L_ii = ½ log det Σ. */
  halfLogDet: number;
}

/** Maximum-likelihood mean and covariance (divided by N) of the rows of m. */
export function fitGaussian(m: Matrix): GaussianModel {
  const D = m.cols;
  const mean = new Array<number>(D).fill(0);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < D; j++) mean[j] += m.data[i * D + j];
  for (let j = 0; j < D; j++) mean[j] /= m.rows;
  const cov = Array.from({ length: D }, () => new Array<number>(D).fill(0));
  for (let i = 0; i < m.rows; i++) {
    for (let a = 0; a < D; a++) {
      const da = m.data[i * D + a] - mean[a];
      for (let b = 0; b <= a; b++) cov[a][b] += da * (m.data[i * D + b] - mean[b]);
    }
  }
  for (let a = 0; a < D; a++) for (let b = 0; b <= a; b++) cov[b][a] = cov[a][b] /= m.rows;
  const L = cholesky(cov);
  return { mean, cholesky: L, halfLogDet: L.reduce((s, row, i) => s + Math.log(row[i]), 0) };
}

/** Cholesky factor L (lower) with L Lᵀ = a; throws when a is not positive definite. */
export function cholesky(a: number[][]): number[][] {
  const n = a.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error('covariance is not positive definite');
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  return L;
}

/** log N(x; μ, Σ) for every row of m. */
export function gaussianLogProb(model: GaussianModel, m: Matrix): Float64Array {
  const D = m.cols;
  const L = model.cholesky;
  const out = new Float64Array(m.rows);
  const z = new Float64Array(D);
  const constant = -0.5 * D * Math.log(2 * Math.PI) - model.halfLogDet;
  for (let i = 0; i < m.rows; i++) {
    // Solve L z = x − μ.
    let q = 0;
    for (let a = 0; a < D; a++) {
      let s = m.data[i * D + a] - model.mean[a];
      for (let k = 0; k < a; k++) s -= L[a][k] * z[k];
      z[a] = s / L[a][a];
      q += z[a] * z[a];
    }
    out[i] = constant - 0.5 * q;
  }
  return out;
}

/** n rows μ + L u with u ~ N(0, I) drawn from rng. */
export function sampleGaussian(model: GaussianModel, n: number, rng: Rng): Matrix {
  const D = model.mean.length;
  const data = new Float32Array(n * D);
  const u = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < D; a++) u[a] = rng.normal();
    for (let a = 0; a < D; a++) {
      let s = model.mean[a];
      for (let k = 0; k <= a; k++) s += model.cholesky[a][k] * u[k];
      data[i * D + a] = s;
    }
  }
  return { rows: n, cols: D, data };
}
