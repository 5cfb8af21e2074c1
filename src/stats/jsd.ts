/**
 * Jensen–Shannon divergence, in the two forms dreamwatch reports:
 *  - of two histograms (per-feature comparisons), in bits, always within [0, 1];
 *  - of a classifier (the DREAM / CaloChallenge convention): JSD = (ln 2 − BCE) / ln 2, where BCE
 *    is the class-balanced binary cross-entropy of calibrated probabilities. A classifier that
 *    cannot tell the samples apart has BCE = ln 2, hence JSD = 0; a perfect one has JSD → 1.
 */
import { fitIsotonicPooled, predictIsotonic, type IsotonicFit } from './isotonic.js';
import { Rng } from './rng.js';
import { countNaN, sortedCopy } from './tie-groups.js';

/** Probabilities are clipped to [PROB_CLIP, 1 − PROB_CLIP] before taking logs. */
export const PROB_CLIP = 1e-7;

/**
 * Base-2 Jensen–Shannon divergence of two histograms (counts or probabilities; each is
 * normalised). Empty bins contribute 0 (0·log 0 = 0). Result in [0, 1]: 0 for identical shapes,
 * exactly 1 for disjoint supports. Throws a RangeError for mismatched lengths, negative or
 * non-finite entries, or an all-zero histogram.
 *
 * @example
 *   jsdHistograms([0.3, 0.3, 0.4], [0.5, 0.5, 0]); // 0.2364527976600279
 *   jsdHistograms([1, 0], [0, 1]);                 // 1
 */
export function jsdHistograms(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError(`jsdHistograms: lengths differ (${p.length} vs ${q.length})`);
  const sumP = histogramTotal(p, 'p');
  const sumQ = histogramTotal(q, 'q');
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sumP;
    const qi = q[i] / sumQ;
    // log2(2p / (p + q)) rather than log2(p / m): identical bins give a ratio of exactly 1.
    if (pi > 0) total += pi * Math.log2((2 * pi) / (pi + qi));
    if (qi > 0) total += qi * Math.log2((2 * qi) / (pi + qi));
  }
  const divergence = total / 2;
  return divergence < 0 ? 0 : divergence > 1 ? 1 : divergence; // rounding only
}

function histogramTotal(h: ArrayLike<number>, name: string): number {
  let sum = 0;
  for (let i = 0; i < h.length; i++) {
    const v = h[i];
    if (!(v >= 0 && v < Infinity)) throw new RangeError(`jsdHistograms: ${name}[${i}] = ${v} is not a finite non-negative count`);
    sum += v;
  }
  if (!(sum > 0)) throw new RangeError(`jsdHistograms: ${name} is empty (all bins zero)`);
  return sum;
}

/**
 * Class-balanced binary cross-entropy (natural log) of probabilities that an event belongs to the
 * batch: ½·mean(−ln p) over batch events + ½·mean(−ln(1 − p)) over reference events. Each class
 * weighs one half whatever its size, so unequal sample sizes do not shift the chance level
 * away from ln 2. Probabilities are clipped to [1e-7, 1 − 1e-7].
 *
 * @example
 *   balancedBinaryCrossEntropy([0.5], [0.5]); // ln 2 = 0.6931…
 */
export function balancedBinaryCrossEntropy(probBatch: ArrayLike<number>, probReference: ArrayLike<number>): number {
  if (probBatch.length === 0 || probReference.length === 0) {
    throw new RangeError('balancedBinaryCrossEntropy: both classes need at least one probability');
  }
  let batchLoss = 0;
  for (let i = 0; i < probBatch.length; i++) batchLoss -= Math.log(clipProbability(probBatch[i]));
  let referenceLoss = 0;
  for (let i = 0; i < probReference.length; i++) referenceLoss -= Math.log1p(-clipProbability(probReference[i]));
  return 0.5 * (batchLoss / probBatch.length) + 0.5 * (referenceLoss / probReference.length);
}

function clipProbability(p: number): number {
  if (p !== p) throw new RangeError('probability is NaN');
  return p < PROB_CLIP ? PROB_CLIP : p > 1 - PROB_CLIP ? 1 - PROB_CLIP : p;
}

/**
 * Classifier JSD from a class-balanced BCE in nats: (ln 2 − BCE) / ln 2. Not clipped at 0: on
 * held-out data an uninformative classifier scatters slightly below 0, and clipping would bias
 * averages of the estimate upwards.
 *
 * @example
 *   jsdFromBce(Math.LN2); // 0
 */
export function jsdFromBce(bce: number): number {
  return (Math.LN2 - bce) / Math.LN2;
}

/**
 * Classifier JSD of already-calibrated probabilities of the batch and reference events.
 *
 * @example
 *   classifierJsd([0.9, 0.8], [0.1, 0.3]);
 */
export function classifierJsd(probBatch: ArrayLike<number>, probReference: ArrayLike<number>): number {
  return jsdFromBce(balancedBinaryCrossEntropy(probBatch, probReference));
}

export interface CrossFittedJsd {
  /** (ln 2 − BCE) / ln 2, averaged over the two folds; null when undefined. */
  jsd: number | null;
  /** Mean held-out class-balanced BCE in nats. */
  bce: number | null;
  note?: string;
}

/**
 * Classifier JSD from raw scores with calibration that is not fitted on the events it scores:
 * each sample is split at random into two halves; an isotonic map (class-balanced weights) is
 * fitted on one half and the BCE evaluated on the other, both ways, and the two BCEs averaged.
 * In-sample isotonic calibration overfits and inflates the JSD, most visibly for small batches.
 * Needs ≥ 2 events per class; deterministic for a given seed.
 *
 * @example
 *   crossFittedJsd(batchScores, referenceScores, { seed: 1 }); // { jsd: 0.031…, bce: 0.671… }
 */
export function crossFittedJsd(
  batchScores: ArrayLike<number>,
  referenceScores: ArrayLike<number>,
  opts: { seed?: number } = {},
): CrossFittedJsd {
  const nanCount = countNaN(batchScores) + countNaN(referenceScores);
  if (nanCount > 0) return { jsd: null, bce: null, note: `scores contain ${nanCount} NaN values` };
  if (batchScores.length < 2 || referenceScores.length < 2) {
    return { jsd: null, bce: null, note: 'cross-fitted JSD needs at least 2 events per class' };
  }
  const rng = new Rng(opts.seed ?? 0);
  const [batchA, batchB] = splitInHalves(batchScores, rng);
  const [referenceA, referenceB] = splitInHalves(referenceScores, rng);
  const bceB = heldOutBce(calibrate(batchA, referenceA), batchB, referenceB);
  const bceA = heldOutBce(calibrate(batchB, referenceB), batchA, referenceA);
  const bce = (bceA + bceB) / 2;
  return { jsd: jsdFromBce(bce), bce };
}

/** Random split into two sorted halves (the first gets ⌊n/2⌋ events). */
function splitInHalves(values: ArrayLike<number>, rng: Rng): [Float64Array, Float64Array] {
  const order = rng.permutation(values.length);
  const half = values.length >> 1;
  const first = new Float64Array(half);
  const second = new Float64Array(values.length - half);
  for (let k = 0; k < half; k++) first[k] = values[order[k]];
  for (let k = half; k < values.length; k++) second[k - half] = values[order[k]];
  return [sortedCopy(first), sortedCopy(second)];
}

/**
 * Isotonic map score → P(batch), fitted with class-balanced weights (each class totals ½), from
 * sorted samples: one merge walk pools tied scores, then PAV.
 *
 * One pseudo-event of each class is added at both ends of the score range (rule of succession).
 * Without them the extreme PAV blocks, often a handful of events of one class, calibrate to
 * exactly 0 or 1, and every held-out event of the other class landing there costs −ln(1e-7) ≈ 16
 * nats, which drives the held-out JSD far below zero for weakly separated samples.
 */
function calibrate(batch: Float64Array, reference: Float64Array): IsotonicFit {
  const wBatch = 0.5 / (batch.length + 2);
  const wReference = 0.5 / (reference.length + 2);
  const capacity = batch.length + reference.length;
  const x = new Float64Array(capacity);
  const weight = new Float64Array(capacity);
  const mean = new Float64Array(capacity);
  let m = 0;
  let i = 0;
  let j = 0;
  while (i < batch.length || j < reference.length) {
    const value = i < batch.length && (j >= reference.length || batch[i] <= reference[j]) ? batch[i] : reference[j];
    const i0 = i;
    const j0 = j;
    while (i < batch.length && batch[i] === value) i++;
    while (j < reference.length && reference[j] === value) j++;
    // The pseudo-events sit on the lowest and the highest score.
    const ends = (m === 0 ? 1 : 0) + (i === batch.length && j === reference.length ? 1 : 0);
    const wb = (i - i0 + ends) * wBatch;
    const w = wb + (j - j0 + ends) * wReference;
    x[m] = value;
    weight[m] = w;
    mean[m] = wb / w;
    m++;
  }
  return fitIsotonicPooled(x.subarray(0, m), weight.subarray(0, m), mean.subarray(0, m));
}

function heldOutBce(fit: IsotonicFit, batch: Float64Array, reference: Float64Array): number {
  const probBatch = new Float64Array(batch.length);
  for (let k = 0; k < batch.length; k++) probBatch[k] = predictIsotonic(fit, batch[k]);
  const probReference = new Float64Array(reference.length);
  for (let k = 0; k < reference.length; k++) probReference[k] = predictIsotonic(fit, reference[k]);
  return balancedBinaryCrossEntropy(probBatch, probReference);
}
