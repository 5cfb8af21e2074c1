/**
 * Optimal-transport-type distances between two batches of events, as engine graph functions (so
 * they differentiate with the engine's autodiff and train inside one ONNX step graph):
 *
 * - `mmdRbf`: squared maximum mean discrepancy with a sum of Gaussian (RBF) kernels at several
 *   length scales, the biased (V-statistic) estimate, which is ≥ 0 and exactly 0 for identical
 *   batches. Several scales make it sensitive both to the bulk and to the tails.
 * - `slicedWasserstein`: the squared 2-Wasserstein distance averaged over random one-dimensional
 *   projections; in one dimension optimal transport pairs sorted values, so each projection costs
 *   one sort (the engine's TopK op) of each batch.
 *
 * Both take x [N, D] and y [M, D] in the same (standardised) units; the sliced Wasserstein needs
 * N = M. `otLoss` picks one by name, the selectable loss of the CURTAINS transport.
 *
 * @example
 *   const loss = mmdRbf(transformed, target, { scales: [0.1, 0.5, 1, 2] });
 *   const sw = slicedWasserstein(transformed, target, g.input('theta', [4, 32])); // fresh θ per step
 */
import { add, clip, exp, gemm, matmul, mul, reduceMean, reduceSum, sort, sub, transpose, type Tensor } from '../engine/index.js';

export type OtLossName = 'mmd' | 'sliced-wasserstein';
export const OT_LOSSES: readonly OtLossName[] = ['mmd', 'sliced-wasserstein'];

/** Kernel length scales (in standardised units) of the default multi-scale MMD. */
export const DEFAULT_MMD_SCALES = [0.05, 0.1, 0.2, 0.5, 1, 2, 5];

/**
 * Squared Euclidean distances between the rows of a [N, D] and b [M, D]: [N, M], clipped at 0
 * (the expansion |a|² + |b|² − 2a·b can go slightly negative in floating point).
 *
 * @example pairwiseSquaredDistances(x, y); // [N, M]
 */
export function pairwiseSquaredDistances(a: Tensor, b: Tensor): Tensor {
  const na = reduceSum(mul(a, a), 1, true); // [N, 1]
  const nb = transpose(reduceSum(mul(b, b), 1, true)); // [1, M]
  const cross = a.rank === 2 && b.rank === 2 ? gemm(a, b, { transB: true, alpha: -2 }) : mul(matmul(a, transpose(b)), -2);
  return clip(add(add(na, nb), cross), 0);
}

/** Σ_s exp(−d / (2 s²)) over the scales, elementwise on squared distances d. */
function rbfSum(d: Tensor, scales: readonly number[]): Tensor {
  let k: Tensor | undefined;
  for (const s of scales) {
    const term = exp(mul(d, -1 / (2 * s * s)));
    k = k ? add(k, term) : term;
  }
  if (!k) throw new Error('mmdRbf needs at least one scale');
  return k;
}

export interface MmdOptions {
  /** Kernel length scales (default DEFAULT_MMD_SCALES). */
  scales?: readonly number[];
}

/**
 * Biased multi-scale RBF MMD²: mean k(x, x') + mean k(y, y') − 2 mean k(x, y) with
 * k = Σ_s exp(−|a − b|² / 2s²). Zero for identical batches, positive otherwise.
 *
 * @example
 *   mmdRbf(x, y, { scales: [1] }); // one point each, 1-D, distance δ: 2 − 2·exp(−δ²/2)
 */
export function mmdRbf(x: Tensor, y: Tensor, options: MmdOptions = {}): Tensor {
  checkPair(x, y);
  const scales = options.scales ?? DEFAULT_MMD_SCALES;
  const kxx = reduceMean(rbfSum(pairwiseSquaredDistances(x, x), scales));
  const kyy = reduceMean(rbfSum(pairwiseSquaredDistances(y, y), scales));
  const kxy = reduceMean(rbfSum(pairwiseSquaredDistances(x, y), scales));
  return sub(add(kxx, kyy), mul(kxy, 2));
}

/**
 * Squared sliced 2-Wasserstein distance: for each projection direction θ_p (a column of theta
 * [D, P]), the mean squared difference of the sorted projections of x and y; averaged over p.
 * Columns of unit length make it the usual definition; theta is typically a graph input redrawn
 * every step (see `randomDirections`) so that the projections do not overfit.
 *
 * @example
 *   // 1-D, θ = [[1]]: x = {0, 1, 2}, y = {3, 1, 2} → sorted pairs (0,1), (1,2), (2,3) → 1
 *   slicedWasserstein(x, y, g.constant([1], [1, 1]));
 */
export function slicedWasserstein(x: Tensor, y: Tensor, theta: Tensor): Tensor {
  checkPair(x, y);
  if (x.shape[0] !== y.shape[0]) throw new Error(`slicedWasserstein needs batches of one size, got ${x} and ${y}`);
  if (theta.rank !== 2 || theta.shape[0] !== x.shape[1]) throw new Error(`theta must be [${x.shape[1]}, P], got ${theta}`);
  const px = sort(matmul(x, theta), 0);
  const py = sort(matmul(y, theta), 0);
  const d = sub(px, py);
  return reduceMean(mul(d, d));
}

/**
 * P random unit vectors in R^D as a [D, P] row-major Float32Array (Gaussian directions,
 * normalised: uniform on the sphere).
 *
 * @example const theta = randomDirections(rng, 4, 64); // feed as the 'theta' input each step
 */
export function randomDirections(rng: { normal(): number }, dims: number, count: number): Float32Array {
  const out = new Float32Array(dims * count);
  for (let p = 0; p < count; p++) {
    let norm = 0;
    const v = Array.from({ length: dims }, () => {
      const z = rng.normal();
      norm += z * z;
      return z;
    });
    norm = Math.sqrt(norm) || 1;
    v.forEach((z, d) => (out[d * count + p] = z / norm));
  }
  return out;
}

export interface OtLossOptions extends MmdOptions {
  /** Projection directions [D, P] for the sliced Wasserstein (required for it). */
  theta?: Tensor;
}

/**
 * The selectable transport loss.
 *
 * @example otLoss('mmd', x, y); otLoss('sliced-wasserstein', x, y, { theta });
 */
export function otLoss(name: OtLossName, x: Tensor, y: Tensor, options: OtLossOptions = {}): Tensor {
  if (name === 'mmd') return mmdRbf(x, y, options);
  if (name === 'sliced-wasserstein') {
    if (!options.theta) throw new Error('the sliced-Wasserstein loss needs projection directions (theta)');
    return slicedWasserstein(x, y, options.theta);
  }
  throw new Error(`unknown transport loss "${name as string}" (expected ${OT_LOSSES.join(' or ')})`);
}

function checkPair(x: Tensor, y: Tensor): void {
  if (x.rank !== 2 || y.rank !== 2 || x.shape[1] !== y.shape[1]) throw new Error(`expected two [N, D] batches with one D, got ${x} and ${y}`);
}
