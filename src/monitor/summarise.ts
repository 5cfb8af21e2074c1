/**
 * The summary of one scored batch against a model's reference — what an upload answers and what
 * the history keeps:
 * - AUC of batch scores vs reference scores (Mann–Whitney with mid-ranks), DeLong 95% CI, the
 *   Mann–Whitney p-value for "same distribution", 2·AUC − 1;
 * - the classifier JSD (ln 2 − BCE)/ln 2 with isotonic calibration cross-fitted on the two samples;
 * - features ranked by gradient importance, mean |d logit/d x_j| × std(x_j) over the batch (the
 *   first-order change of the logit that feature j moves across the batch's spread), each with its
 *   one-dimensional JSD against the reference histogram and the batch's counts in that histogram's
 *   bins (so a page can draw reference vs batch with a ratio panel);
 * - a compact ROC curve (≤ 101 points) of batch vs reference scores, for the monitor page.
 *
 * @example
 *   const result = summariseBatch(model.card, matrix, scores, gradients);
 */
import { matrixColumn, type Matrix } from '../formats/matrix.js';
import type { ModelCard } from '../model-card.js';
import { compareScores } from '../stats/auc.js';
import { histogramCounts } from '../stats/histogram.js';
import { crossFittedJsd, jsdHistograms } from '../stats/jsd.js';
import { rocCurve, type RocCurve } from '../stats/roc.js';

export interface FeatureSummary {
  name: string;
  /** Gradient importance; null when the model exports no gradient. */
  importance: number | null;
  mean: number;
  std: number;
  /** Base-2 JSD between the batch's and the reference's histogram of this feature. */
  jsd_1d: number | null;
  /**
   * The batch's counts in the bins of the reference histogram of this feature (its edges are in the
   * model card); null without a reference histogram, absent in summaries stored before it was kept.
   */
  counts?: number[] | null;
}

export interface BatchSummary {
  n: number;
  n_reference: number;
  auc: number | null;
  auc_ci: [number, number] | null;
  auc_se: number | null;
  ci_method: string;
  p_value: number | null;
  two_auc_minus_1: number | null;
  jsd: number | null;
  features: FeatureSummary[];
  /** Batch (positive) vs reference ROC; absent in summaries stored before it was kept. */
  roc?: RocCurve | null;
  note?: string;
}

/** Seed of the cross-fitted JSD split, fixed so the same batch always gets the same summary. */
const JSD_SEED = 20221;

export function summariseBatch(
  card: ModelCard,
  matrix: Matrix,
  scores: Float32Array,
  gradients: Float32Array | undefined,
): BatchSummary {
  const sums = newFeatureSums(card, gradients !== undefined);
  addFeatureSums(sums, card, matrix, gradients);
  return summariseScored(card, scores, sums);
}

/**
 * The same summary from the batch's scores and its feature sums, for batches scored one chunk at a
 * time (jobs): sums added chunk by chunk in row order hold exactly the numbers one pass gives, so
 * the summary is identical to summariseBatch on the whole batch.
 *
 * @example
 *   const sums = newFeatureSums(card, true);
 *   for (const chunk of chunks) addFeatureSums(sums, card, chunk.matrix, chunk.gradients);
 *   const result = summariseScored(card, allScores, sums);
 */
export function summariseScored(card: ModelCard, scores: Float32Array, sums: FeatureSums): BatchSummary {
  const reference = card.reference;
  if (!reference) throw new Error(`model ${card.id} has no reference scores`);
  const comparison = compareScores(scores, reference.scores);
  // Isotonic calibration is fitted increasing; a batch that scores *below* the reference is just as
  // distinguishable, so its scores are mirrored first and the JSD measures separation either way.
  const below = comparison.auc !== null && comparison.auc < 0.5;
  const jsd = below
    ? crossFittedJsd(negate(scores), negate(reference.scores), { seed: JSD_SEED })
    : crossFittedJsd(scores, reference.scores, { seed: JSD_SEED });
  const features = summariseFeatures(card, sums);
  const notes = [comparison.note, jsd.note].filter((n): n is string => Boolean(n));
  return {
    n: comparison.n,
    n_reference: comparison.n_reference,
    auc: round(comparison.auc),
    auc_ci: comparison.auc_ci ? [round(comparison.auc_ci[0])!, round(comparison.auc_ci[1])!] : null,
    auc_se: round(comparison.auc_se),
    ci_method: comparison.ci_method,
    p_value: comparison.p_value,
    two_auc_minus_1: round(comparison.gini),
    jsd: round(jsd.jsd),
    features,
    roc: rocCurve(scores, reference.scores),
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

/**
 * Per-feature running sums over a batch's rows: Σx, Σx², Σ|∂logit/∂x| and the counts in each
 * reference-histogram bin. Plain arrays, so a chunked job can keep them as JSON between chunks
 * (JSON round-trips doubles exactly).
 */
export interface FeatureSums {
  rows: number;
  sum: number[];
  sumSq: number[];
  /** null when the model exports no gradient. */
  absGrad: number[] | null;
  /** Per feature, counts in the bins of its reference histogram (null without one). */
  counts: (number[] | null)[];
}

/** Empty sums for a model's features. */
export function newFeatureSums(card: ModelCard, withGradients: boolean): FeatureSums {
  const cols = card.features.length;
  const histograms = new Map((card.reference?.histograms ?? []).map((h) => [h.feature, h]));
  return {
    rows: 0,
    sum: new Array<number>(cols).fill(0),
    sumSq: new Array<number>(cols).fill(0),
    absGrad: withGradients ? new Array<number>(cols).fill(0) : null,
    counts: card.features.map((f) => {
      const h = histograms.get(f.name);
      return h ? new Array<number>(h.counts.length).fill(0) : null;
    }),
  };
}

/** Adds a batch (or the next chunk of one, in row order) to the sums. */
export function addFeatureSums(sums: FeatureSums, card: ModelCard, m: Matrix, gradients: Float32Array | undefined): void {
  const cols = m.cols;
  const { sum, sumSq, absGrad } = sums;
  for (let r = 0; r < m.rows; r++) {
    const row = r * cols;
    for (let j = 0; j < cols; j++) {
      const v = m.data[row + j];
      sum[j] += v;
      sumSq[j] += v * v;
      if (gradients && absGrad) absGrad[j] += Math.abs(gradients[row + j]);
    }
  }
  sums.rows += m.rows;
  const histograms = new Map((card.reference?.histograms ?? []).map((h) => [h.feature, h]));
  card.features.forEach((feature, j) => {
    const histogram = histograms.get(feature.name);
    const counts = sums.counts[j];
    if (!histogram || !counts) return;
    const add = histogramCounts(matrixColumn(m, j), histogram.edges);
    for (let b = 0; b < counts.length; b++) counts[b] += add[b];
  });
}

function summariseFeatures(card: ModelCard, sums: FeatureSums): FeatureSummary[] {
  const { sum, sumSq, absGrad, rows } = sums;
  const histograms = new Map((card.reference?.histograms ?? []).map((h) => [h.feature, h]));
  const summaries = card.features.map((feature, j): FeatureSummary => {
    const mean = sum[j] / rows;
    const std = Math.sqrt(Math.max(0, sumSq[j] / rows - mean * mean));
    const histogram = histograms.get(feature.name);
    const counts = histogram ? sums.counts[j] : null;
    return {
      name: feature.name,
      importance: absGrad ? round((absGrad[j] / rows) * std) : null,
      mean: round(mean)!,
      std: round(std)!,
      jsd_1d: histogram && counts ? round(jsdHistograms(counts, histogram.counts)) : null,
      counts: counts ? Array.from(counts) : null,
    };
  });
  // Ranked by gradient importance; without gradients, by the one-dimensional distance.
  const key = (f: FeatureSummary) => f.importance ?? f.jsd_1d ?? 0;
  return summaries.sort((a, b) => key(b) - key(a));
}

function negate(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values, (v) => -v);
}

/** Seven significant digits: what float32 model outputs carry; keeps stored JSON small. */
function round(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? x : Number(x.toPrecision(7));
}
