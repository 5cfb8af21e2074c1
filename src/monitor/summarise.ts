/**
 * The summary of one scored batch against a model's reference — what an upload answers and what
 * the history keeps:
 * - AUC of batch scores vs reference scores (Mann–Whitney with mid-ranks), DeLong 95% CI, the
 *   Mann–Whitney p-value for "same distribution", 2·AUC − 1;
 * - the classifier JSD (ln 2 − BCE)/ln 2 with isotonic calibration cross-fitted on the two samples;
 * - features ranked by gradient importance, mean |d logit/d x_j| × std(x_j) over the batch (the
 *   first-order change of the logit that feature j moves across the batch's spread), each with its
 *   one-dimensional JSD against the reference histogram.
 *
 * @example
 *   const result = summariseBatch(model.card, matrix, scores, gradients);
 */
import { matrixColumn, type Matrix } from '../formats/matrix.js';
import type { ModelCard } from '../model-card.js';
import { compareScores } from '../stats/auc.js';
import { histogramCounts } from '../stats/histogram.js';
import { crossFittedJsd, jsdHistograms } from '../stats/jsd.js';

export interface FeatureSummary {
  name: string;
  /** Gradient importance; null when the model exports no gradient. */
  importance: number | null;
  mean: number;
  std: number;
  /** Base-2 JSD between the batch's and the reference's histogram of this feature. */
  jsd_1d: number | null;
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
  const reference = card.reference;
  if (!reference) throw new Error(`model ${card.id} has no reference scores`);
  const comparison = compareScores(scores, reference.scores);
  // Isotonic calibration is fitted increasing; a batch that scores *below* the reference is just as
  // distinguishable, so its scores are mirrored first and the JSD measures separation either way.
  const below = comparison.auc !== null && comparison.auc < 0.5;
  const jsd = below
    ? crossFittedJsd(negate(scores), negate(reference.scores), { seed: JSD_SEED })
    : crossFittedJsd(scores, reference.scores, { seed: JSD_SEED });
  const features = summariseFeatures(card, matrix, gradients);
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
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

function summariseFeatures(card: ModelCard, m: Matrix, gradients: Float32Array | undefined): FeatureSummary[] {
  const cols = m.cols;
  const sum = new Float64Array(cols);
  const sumSq = new Float64Array(cols);
  const absGrad = new Float64Array(cols);
  for (let r = 0; r < m.rows; r++) {
    const row = r * cols;
    for (let j = 0; j < cols; j++) {
      const v = m.data[row + j];
      sum[j] += v;
      sumSq[j] += v * v;
      if (gradients) absGrad[j] += Math.abs(gradients[row + j]);
    }
  }
  const histograms = new Map((card.reference?.histograms ?? []).map((h) => [h.feature, h]));
  const summaries = card.features.map((feature, j): FeatureSummary => {
    const mean = sum[j] / m.rows;
    const std = Math.sqrt(Math.max(0, sumSq[j] / m.rows - mean * mean));
    const histogram = histograms.get(feature.name);
    return {
      name: feature.name,
      importance: gradients ? round((absGrad[j] / m.rows) * std) : null,
      mean: round(mean)!,
      std: round(std)!,
      jsd_1d: histogram ? round(jsdHistograms(histogramCounts(matrixColumn(m, j), histogram.edges), histogram.counts)) : null,
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
