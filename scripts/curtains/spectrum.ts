/**
 * The background mass spectrum in the signal region, estimated from the sidebands only: a
 * binned Poisson maximum-likelihood fit of log(dN/dm) as a polynomial in m (degree 1 = a falling
 * exponential, degree 2 adds curvature) to the sideband bins, interpolated across the SR.
 *
 * It serves twice: target masses for the CURTAINS template are drawn from it (the SR data's own
 * masses are never used), and it predicts the number of background events in the SR, with the
 * fit's uncertainty (delta method on the inverse Fisher information), for the bump hunt.
 *
 * @example
 *   const fit = fitSidebandSpectrum(masses, window, { degree: 1 });
 *   fit.expected(window.sr.lo, window.sr.hi); // { n: 29710, sigma: 140 }
 *   fit.sample(rng, 50000, window.sr.lo, window.sr.hi); // Float64Array of SR masses
 */
import { Rng } from '../../src/stats/rng.js';
import type { WindowSpec } from './window.js';

export interface SpectrumOptions {
  /** Polynomial degree of log(dN/dm) (default 1). */
  degree?: number;
  /** Bin width of the fit (default 0.005, i.e. 5 GeV for masses in TeV). */
  binWidth?: number;
}

export interface SpectrumFit {
  degree: number;
  binWidth: number;
  /** Coefficients of log(counts per bin) in x = (m − centre) / halfWidth. */
  coef: number[];
  /** Their covariance (inverse Fisher information at the optimum). */
  cov: number[][];
  centre: number;
  halfWidth: number;
  /** Pearson χ² of the fit over the sideband bins and its degrees of freedom. */
  chi2: number;
  ndf: number;
  /** Sideband events the fit used. */
  nFit: number;
  /** Predicted events in [lo, hi) and the fit's 1σ uncertainty on that number. */
  expected(lo: number, hi: number): { n: number; sigma: number };
  /** `n` masses drawn from the fitted density restricted to [lo, hi). */
  sample(rng: Rng, n: number, lo: number, hi: number): Float64Array;
}

/** Fits the sideband mass spectrum (SB1 and SB2; SR excluded; outer bands included when present). */
export function fitSidebandSpectrum(masses: ArrayLike<number>, w: WindowSpec, options: SpectrumOptions = {}): SpectrumFit {
  const degree = options.degree ?? 1;
  const binWidth = options.binWidth ?? 0.005;
  if (!(Number.isInteger(degree) && degree >= 0 && degree <= 4)) throw new Error(`spectrum degree must be 0–4, got ${degree}`);
  const lo = (w.ob1 ?? w.sb1).lo;
  const hi = (w.ob2 ?? w.sb2).hi;
  const centre = (lo + hi) / 2;
  const halfWidth = (hi - lo) / 2;
  const fitBands = [w.ob1, w.sb1, w.sb2, w.ob2].filter((b): b is NonNullable<typeof b> => b !== undefined);

  // Bins tile each band exactly (the last bin of a band may be narrower): counts and widths.
  const centres: number[] = [];
  const widths: number[] = [];
  const counts: number[] = [];
  for (const band of fitBands) {
    const nb = Math.max(1, Math.round((band.hi - band.lo) / binWidth));
    const width = (band.hi - band.lo) / nb;
    const offset = counts.length;
    for (let k = 0; k < nb; k++) {
      centres.push(band.lo + (k + 0.5) * width);
      widths.push(width);
      counts.push(0);
    }
    for (let i = 0; i < masses.length; i++) {
      const m = masses[i];
      if (m >= band.lo && m < band.hi) counts[offset + Math.min(nb - 1, Math.floor((m - band.lo) / width))]++;
    }
  }
  const nFit = counts.reduce((a, b) => a + b, 0);
  const p = degree + 1;
  if (nFit === 0) throw new Error('spectrum fit: no events in the sidebands');
  if (centres.length <= p) throw new Error(`spectrum fit: ${centres.length} bins for ${p} parameters`);

  // μ_k = width_k · exp(Σ c_j x_k^j): Newton's method on the concave Poisson log-likelihood.
  const design = centres.map((m) => powers((m - centre) / halfWidth, degree));
  const coef = new Array<number>(p).fill(0);
  coef[0] = Math.log(nFit / (hi - lo));
  const mu = (k: number) => widths[k] * Math.exp(dot(coef, design[k]));
  const logLik = () => counts.reduce((s, y, k) => s + y * Math.log(mu(k)) - mu(k), 0);
  let fisher: number[][] = [];
  for (let iter = 0; iter < 100; iter++) {
    const grad = new Array<number>(p).fill(0);
    fisher = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    counts.forEach((y, k) => {
      const m = mu(k);
      for (let a = 0; a < p; a++) {
        grad[a] += (y - m) * design[k][a];
        for (let b = 0; b < p; b++) fisher[a][b] += m * design[k][a] * design[k][b];
      }
    });
    const step = solve(fisher, grad);
    const before = logLik();
    // Halve the step until the likelihood does not drop (Newton can overshoot far from the optimum).
    let t = 1;
    const old = [...coef];
    for (let h = 0; h < 30; h++) {
      for (let a = 0; a < p; a++) coef[a] = old[a] + t * step[a];
      if (logLik() >= before - 1e-9) break;
      t /= 2;
    }
    if (Math.max(...step.map((s) => Math.abs(s * t))) < 1e-10) break;
  }
  const cov = invert(fisher);
  const chi2 = counts.reduce((s, y, k) => s + (y - mu(k)) ** 2 / mu(k), 0);

  const density = (m: number) => Math.exp(dot(coef, powers((m - centre) / halfWidth, degree)));
  /** Fine bins over [a, b): centres, per-bin expected counts and their coefficient gradients. */
  const grid = (a: number, b: number) => {
    const nb = Math.max(1, Math.ceil((b - a) / (binWidth / 5)));
    const width = (b - a) / nb;
    const cells = Array.from({ length: nb }, (_, k) => {
      const m = a + (k + 0.5) * width;
      return { lo: a + k * width, width, n: width * density(m), x: powers((m - centre) / halfWidth, degree) };
    });
    return cells;
  };
  return {
    degree,
    binWidth,
    coef,
    cov,
    centre,
    halfWidth,
    chi2,
    ndf: centres.length - p,
    nFit,
    expected(a, b) {
      const cells = grid(a, b);
      const n = cells.reduce((s, c) => s + c.n, 0);
      // ∂n/∂c_j = Σ n_k x_k^j; σ² = gᵀ C g.
      const g = new Array<number>(p).fill(0);
      for (const c of cells) for (let j = 0; j < p; j++) g[j] += c.n * c.x[j];
      let v = 0;
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) v += g[i] * cov[i][j] * g[j];
      return { n, sigma: Math.sqrt(Math.max(0, v)) };
    },
    sample(rng, n, a, b) {
      // Inverse CDF over fine cells; uniform within a cell (5× finer than the fit's bins).
      const cells = grid(a, b);
      const cdf = new Float64Array(cells.length);
      let total = 0;
      cells.forEach((c, k) => (cdf[k] = total += c.n));
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const u = rng.uniform() * total;
        let l = 0;
        let r = cells.length - 1;
        while (l < r) {
          const mid = (l + r) >> 1;
          if (cdf[mid] > u) r = mid;
          else l = mid + 1;
        }
        out[i] = cells[l].lo + rng.uniform() * cells[l].width;
      }
      return out;
    },
  };
}

function powers(x: number, degree: number): number[] {
  const out = [1];
  for (let j = 1; j <= degree; j++) out.push(out[j - 1] * x);
  return out;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Solves A·x = b for a small symmetric positive-definite A (Gaussian elimination, partial pivoting). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    if (M[c][c] === 0) throw new Error('spectrum fit: singular Fisher matrix');
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

function invert(A: number[][]): number[][] {
  const n = A.length;
  const cols = Array.from({ length: n }, (_, j) => solve(A, Array.from({ length: n }, (_, i) => (i === j ? 1 : 0))));
  return Array.from({ length: n }, (_, i) => cols.map((col) => col[i]));
}
