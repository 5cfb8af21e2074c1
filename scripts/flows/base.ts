/**
 * The standard-normal base density.
 *
 * @example
 *   const logp = standardNormalLogProb(z); // [N] from z [N, D]
 */
import { mul, reduceSum, sub, type Tensor } from '../engine/index.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z; 0, I) per event: −½ Σ z² − (D/2) log 2π. */
export function standardNormalLogProb(z: Tensor): Tensor {
  const D = z.shape[1] as number;
  return sub(mul(reduceSum(mul(z, z), 1), -0.5), (D / 2) * LOG_2PI);
}

/** The same in plain JS for one event (for tests and baselines). */
export function standardNormalLogDensity(z: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) s += z[i] * z[i];
  return -0.5 * s - (z.length / 2) * LOG_2PI;
}
