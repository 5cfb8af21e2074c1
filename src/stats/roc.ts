/**
 * A compact ROC curve of "batch vs reference" scores, small enough to store with every upload
 * summary and draw on the monitor page.
 *
 * Convention as in auc.ts: the batch is the positive class. Sweeping a threshold t from high to
 * low, TPR(t) = share of the batch scoring ≥ t and FPR(t) = share of the reference scoring ≥ t.
 * Tied scores are crossed together, so the full curve's trapezoidal area is exactly the
 * Mann–Whitney AUC with ties counted ½. The stored curve keeps at most `maxPoints` of its vertices,
 * spaced evenly in pooled rank, so its area stays within a fraction of a percent of the AUC.
 */
import { sortedCopy } from './tie-groups.js';

export interface RocCurve {
  /** False-positive rate (share of the reference above the threshold), from 0 up to 1. */
  fpr: number[];
  /** True-positive rate (share of the batch above the threshold), same length as fpr. */
  tpr: number[];
}

/** Four decimals: finer than a screen pixel on any ROC plot, and half the JSON of full floats. */
const DECIMALS = 1e4;

/**
 * The ROC curve of `batch` (positive) against `reference` (negative), at most `maxPoints` points,
 * starting at (0, 0) and ending at (1, 1). Null when either sample is empty. NaN is a RangeError.
 *
 * @example
 *   rocCurve([0.9, 0.8], [0.1, 0.2]);
 *   // { fpr: [0, 0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1, 1] } — perfect separation, area 1
 *   rocCurve([0.5], [0.5]); // { fpr: [0, 1], tpr: [0, 1] } — one tie, area ½
 */
export function rocCurve(batch: ArrayLike<number>, reference: ArrayLike<number>, maxPoints = 101): RocCurve | null {
  if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) throw new RangeError(`rocCurve: maxPoints must be an integer ≥ 2, got ${maxPoints}`);
  const pos = sortedCopy(batch);
  const neg = sortedCopy(reference);
  const n1 = pos.length;
  const n0 = neg.length;
  if (n1 === 0 || n0 === 0) return null;
  const fpr = [0];
  const tpr = [0];
  // A vertex is kept each time the pooled count above the threshold passes the next step.
  const step = (n1 + n0) / (maxPoints - 1);
  let next = step;
  let i = n1 - 1;
  let j = n0 - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const value = i >= 0 && (j < 0 || pos[i] >= neg[j]) ? pos[i] : neg[j];
    while (i >= 0 && pos[i] === value) {
      i--;
      tp++;
    }
    while (j >= 0 && neg[j] === value) {
      j--;
      fp++;
    }
    const last = i < 0 && j < 0;
    if (tp + fp >= next || last) {
      fpr.push(Math.round((fp / n0) * DECIMALS) / DECIMALS);
      tpr.push(Math.round((tp / n1) * DECIMALS) / DECIMALS);
      while (next <= tp + fp) next += step;
    }
  }
  return { fpr, tpr };
}

/**
 * Trapezoidal area under a ROC curve — the AUC it represents.
 *
 * @example
 *   rocArea({ fpr: [0, 1], tpr: [0, 1] }); // 0.5
 */
export function rocArea(curve: RocCurve): number {
  let area = 0;
  for (let k = 1; k < curve.fpr.length; k++) {
    area += (curve.fpr[k] - curve.fpr[k - 1]) * (curve.tpr[k] + curve.tpr[k - 1]) * 0.5;
  }
  return area;
}
