/**
 * AUC of "batch vs reference" scores by Mann–Whitney, with the DeLong variance and confidence
 * interval, and the Mann–Whitney two-sided p-value for "same distribution".
 *
 * Convention: the positive class is the uploaded batch (the candidate simulation), the negative
 * class the reference. AUC = P(batch score > reference score) + ½ P(equal): 0.5 means the
 * classifier cannot tell them apart. Ties count one half whatever their order (mid-ranks).
 *
 * Everything works on two separately sorted Float64Arrays walked together by tie group
 * (see tie-groups.ts): O(n log n) for the sorts, O(n) after, no per-element allocation — a
 * million scores per side take a fraction of a second.
 */
import { bootstrapAucCiSorted } from './auc-bootstrap.js';
import { normalQuantile, normalSf } from './normal.js';
import { countNaN, sortedCopy } from './tie-groups.js';

/** Mann–Whitney U of `pos` over `neg` (ties counted ½) and Σ(t³ − t) over tie groups. */
interface RankSums {
  u: number;
  tieSum: number;
}

/** One merge walk over both sorted samples (inlined rather than a callback: this is the hot path). */
function rankSums(pos: Float64Array, neg: Float64Array): RankSums {
  const n1 = pos.length;
  const n0 = neg.length;
  let i = 0;
  let j = 0;
  let u = 0;
  let tieSum = 0;
  while (i < n1 || j < n0) {
    const value = i < n1 && (j >= n0 || pos[i] <= neg[j]) ? pos[i] : neg[j];
    const posStart = i;
    const negBelow = j;
    while (i < n1 && pos[i] === value) i++;
    while (j < n0 && neg[j] === value) j++;
    const cp = i - posStart;
    const cn = j - negBelow;
    u += cp * (negBelow + 0.5 * cn);
    const t = cp + cn;
    tieSum += (t - 1) * t * (t + 1);
  }
  return { u, tieSum };
}

/**
 * Mann–Whitney AUC of two ascending samples (positive = `pos`). Both must be non-empty.
 * Exact for perfect separation (1), reversal (0) and all-equal scores (0.5).
 *
 * @example
 *   aucSorted(sortedCopy([0.7, 0.9]), sortedCopy([0.1, 0.7])); // 0.875
 */
export function aucSorted(pos: Float64Array, neg: Float64Array): number {
  if (pos.length === 0 || neg.length === 0) throw new RangeError('aucSorted: both samples must be non-empty');
  return rankSums(pos, neg).u / (pos.length * neg.length);
}

/**
 * Mann–Whitney AUC of `batch` (positive) against `reference`, or null when a class is empty.
 * Throws a RangeError on NaN scores.
 *
 * @example
 *   auc([0.9, 0.5], [0.5]); // 0.75  (one win, one tie)
 *   auc([], [0.5]);         // null
 */
export function auc(batch: ArrayLike<number>, reference: ArrayLike<number>): number | null {
  if (batch.length === 0 || reference.length === 0) return null;
  return aucSorted(sortedCopy(batch), sortedCopy(reference));
}

/**
 * DeLong variance of the AUC from the structural components (each event's placement value: the
 * share of the other class it beats, ties ½ — a mid-rank fraction). Needs ≥ 2 events per class,
 * since the components' sample variances are undefined below that; returns null otherwise.
 *
 * @example
 *   delongVarianceSorted(sortedCopy([0.2, 0.8]), sortedCopy([0.1, 0.5]), 0.75); // 0.125
 */
export function delongVarianceSorted(pos: Float64Array, neg: Float64Array, aucValue: number): number | null {
  const n1 = pos.length;
  const n0 = neg.length;
  if (n1 < 2 || n0 < 2) return null;
  let s10 = 0; // Σ over batch events of (V10 − AUC)²
  let s01 = 0; // Σ over reference events of (V01 − AUC)²
  let i = 0;
  let j = 0;
  while (i < n1 || j < n0) {
    const value = i < n1 && (j >= n0 || pos[i] <= neg[j]) ? pos[i] : neg[j];
    const posBelow = i;
    const negBelow = j;
    while (i < n1 && pos[i] === value) i++;
    while (j < n0 && neg[j] === value) j++;
    const cp = i - posBelow;
    const cn = j - negBelow;
    if (cp > 0) {
      const d10 = (negBelow + 0.5 * cn) / n0 - aucValue;
      s10 += cp * d10 * d10;
    }
    if (cn > 0) {
      const d01 = (n1 - i + 0.5 * cp) / n1 - aucValue; // n1 − i batch events lie strictly above
      s01 += cn * d01 * d01;
    }
  }
  return s10 / (n1 - 1) / n1 + s01 / (n0 - 1) / n0;
}

/**
 * Two-sided p-value for H0 "both samples come from one distribution" from the normal
 * approximation to Mann–Whitney U, with the tie-corrected variance and a ½ continuity
 * correction. Exactly 1 when every score is tied (U has zero variance and sits at its mean).
 *
 * @example
 *   mannWhitneyPValueSorted(sortedCopy([1, 2, 3]), sortedCopy([1, 2, 3])); // 1
 */
export function mannWhitneyPValueSorted(pos: Float64Array, neg: Float64Array): number {
  if (pos.length === 0 || neg.length === 0) throw new RangeError('mannWhitneyPValueSorted: both samples must be non-empty');
  return pValueFromRankSums(rankSums(pos, neg), pos.length, neg.length);
}

function pValueFromRankSums({ u, tieSum }: RankSums, n1: number, n0: number): number {
  const total = n1 + n0;
  const deviation = Math.max(0, Math.abs(u - (n1 * n0) / 2) - 0.5);
  if (deviation === 0) return 1;
  const tieFactor = total > 1 ? tieSum / (total * (total - 1)) : 0;
  const variance = ((n1 * n0) / 12) * (total + 1 - tieFactor);
  if (!(variance > 0)) return 1; // all tied: U cannot move away from its mean
  return Math.min(1, 2 * normalSf(deviation / Math.sqrt(variance)));
}

/** How the confidence interval of the AUC is computed. */
export type AucCiMethod = 'delong' | 'bootstrap';

export interface CompareOptions {
  /** Default 'delong'. */
  ciMethod?: AucCiMethod;
  /** Confidence level of the interval; default 0.95. */
  level?: number;
  /** Bootstrap replicates when ciMethod is 'bootstrap'; default 1000. */
  bootstrapReplicates?: number;
  /** Seed of the bootstrap resampling; default 0, so results are reproducible. */
  seed?: number;
}

/** JSON-safe summary of a batch-vs-reference comparison: undefined quantities are null, never NaN. */
export interface ScoreComparison {
  auc: number | null;
  /** Standard error of the AUC (DeLong), or null when undefined or bootstrap was used. */
  auc_se: number | null;
  auc_ci: [number, number] | null;
  ci_method: AucCiMethod;
  ci_level: number;
  /** Two-sided Mann–Whitney p-value for "same distribution". */
  p_value: number | null;
  /** 2·AUC − 1. */
  gini: number | null;
  n: number;
  n_reference: number;
  /** Why something is null, when it is. */
  note?: string;
}

/**
 * Compare a batch's classifier scores with the reference scores: AUC (batch = positive class),
 * its confidence interval (DeLong by default, clamped to [0, 1]), the Mann–Whitney p-value and
 * 2·AUC − 1. Each score array is sorted once.
 *
 * @example
 *   compareScores([0.7, 0.8, 0.9], [0.1, 0.2, 0.3]);
 *   // { auc: 1, auc_se: 0, auc_ci: [1, 1], ci_method: 'delong', ci_level: 0.95,
 *   //   p_value: 0.0809…, gini: 1, n: 3, n_reference: 3 }
 */
export function compareScores(
  batch: ArrayLike<number>,
  reference: ArrayLike<number>,
  opts: CompareOptions = {},
): ScoreComparison {
  const ciMethod = opts.ciMethod ?? 'delong';
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`compareScores: level must be in (0, 1), got ${level}`);
  const result: ScoreComparison = {
    auc: null,
    auc_se: null,
    auc_ci: null,
    ci_method: ciMethod,
    ci_level: level,
    p_value: null,
    gini: null,
    n: batch.length,
    n_reference: reference.length,
  };

  const nanBatch = countNaN(batch);
  const nanReference = countNaN(reference);
  if (nanBatch > 0 || nanReference > 0) {
    result.note = `scores contain NaN (batch: ${nanBatch}, reference: ${nanReference}); AUC undefined`;
    return result;
  }
  if (batch.length === 0 || reference.length === 0) {
    const empty = batch.length === 0 ? 'batch' : 'reference';
    result.note = `single class: AUC undefined (the ${empty} has no scores)`;
    return result;
  }

  const pos = sortedCopy(batch);
  const neg = sortedCopy(reference);
  const sums = rankSums(pos, neg);
  const aucValue = sums.u / (pos.length * neg.length);
  result.auc = aucValue;
  result.gini = 2 * aucValue - 1;
  result.p_value = pValueFromRankSums(sums, pos.length, neg.length);

  if (ciMethod === 'delong') {
    const variance = delongVarianceSorted(pos, neg, aucValue);
    if (variance === null) {
      result.note = 'DeLong variance undefined (a class has 1 sample)';
    } else {
      const se = Math.sqrt(variance);
      const z = normalQuantile(0.5 + level / 2);
      result.auc_se = se;
      result.auc_ci = [clamp01(aucValue - z * se), clamp01(aucValue + z * se)];
    }
  } else {
    const ci = bootstrapAucCiSorted(pos, neg, {
      level,
      replicates: opts.bootstrapReplicates,
      seed: opts.seed,
    });
    if (ci === null) result.note = 'bootstrap interval undefined (a class has 1 sample)';
    // A percentile interval can, in small skewed samples, miss its own point estimate; widen it
    // to include the estimate, since an interval that excludes what is reported misleads.
    else result.auc_ci = [Math.min(ci.lower, aucValue), Math.max(ci.upper, aucValue)];
  }
  return result;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
