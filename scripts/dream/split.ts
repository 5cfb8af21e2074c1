/**
 * Per-class train / test / validation split of the CaloChallenge classifier protocol (60/20/20 by
 * default), plus class balancing by subsampling the larger class.
 *
 * Each class is shuffled with its own stream of the seeded RNG and cut into consecutive blocks,
 * so the three parts are disjoint, each holds the same share of both classes (stratified), and the
 * same seed always gives the same split.
 *
 * @example
 *   const split = splitClass(15000, { seed: 1 });   // { train: 9000 idx, test: 3000, validation: 3000 }
 *   const keep = balancedSubsample(60000, 15000, 3); // 15000 distinct indices of 0..59999, sorted
 */
import { Rng } from '../../src/stats/rng.js';

export interface SplitFractions {
  train: number;
  test: number;
  validation: number;
}

export const CALOCHALLENGE_FRACTIONS: SplitFractions = { train: 0.6, test: 0.2, validation: 0.2 };

/** Row indices of one class in each part. */
export interface ClassSplit {
  train: Uint32Array;
  test: Uint32Array;
  validation: Uint32Array;
}

export interface SplitOptions {
  seed: number;
  fractions?: SplitFractions;
}

/**
 * Splits n rows of one class. Rounding: train and test get floor(n·fraction); validation takes
 * the rest, so no row is lost.
 */
export function splitClass(n: number, { seed, fractions = CALOCHALLENGE_FRACTIONS }: SplitOptions): ClassSplit {
  const total = fractions.train + fractions.test + fractions.validation;
  if (Math.abs(total - 1) > 1e-9) throw new Error(`split fractions must sum to 1, got ${total}`);
  const perm = new Rng(seed).permutation(n);
  const nTrain = Math.floor(n * fractions.train);
  const nTest = Math.floor(n * fractions.test);
  return {
    train: perm.slice(0, nTrain),
    test: perm.slice(nTrain, nTrain + nTest),
    validation: perm.slice(nTrain + nTest),
  };
}

/**
 * k distinct indices drawn without replacement from 0..n−1 (seeded), in increasing order; all of
 * them when k ≥ n. Used to bring the larger class down to the size of the smaller one, so that both
 * classes count equally in the loss, the AUC and the JSD.
 */
export function balancedSubsample(n: number, k: number, seed: number): Uint32Array {
  if (k >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  return new Rng(seed).permutation(n).slice(0, k).sort();
}

/** Derived seeds for the independent random streams of one run, all fixed by the run's seed. */
export function streamSeeds(seed: number): { subsample: number; reference: number; candidate: number; training: number } {
  // 4·seed + k never collides across seeds or streams; Rng's splitmix seeding decorrelates them.
  return {
    subsample: (seed * 4 + 1) >>> 0,
    reference: (seed * 4 + 2) >>> 0,
    candidate: (seed * 4 + 3) >>> 0,
    training: (seed * 4 + 4) >>> 0,
  };
}
