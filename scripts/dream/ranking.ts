/**
 * DREAM feature ranking: which inputs drive the classifier's separation.
 *
 * importance_j = mean over events of |∂ logit / ∂ x_j| × std(x_j). The gradient is taken with
 * respect to the RAW feature (the exported graph folds the standardisation in), so multiplying by
 * the feature's standard deviation makes the numbers comparable across features with different
 * units: each is "logit change per one-standard-deviation move of that feature".
 *
 * @example
 *   const ranking = rankFeatures(grad, x, ['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2']);
 *   // [{ name: 'tau21_j1', importance: 0.41 }, ..., { name: 'tau21_j2', importance: 0.03 }]
 */
import type { Matrix } from '../../src/formats/matrix.js';

export interface FeatureImportance {
  name: string;
  importance: number;
}

/** Ranks features by mean |gradient| × standard deviation, largest first. */
export function rankFeatures(grad: Float32Array, x: Matrix, names: string[]): FeatureImportance[] {
  const { rows: n, cols: f } = x;
  if (grad.length !== n * f) throw new Error(`gradient has ${grad.length} values, expected ${n} x ${f}`);
  if (names.length !== f) throw new Error(`${names.length} feature names for ${f} features`);
  const meanAbsGrad = new Float64Array(f);
  const sum = new Float64Array(f);
  const sumSq = new Float64Array(f);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) {
      meanAbsGrad[j] += Math.abs(grad[i * f + j]);
      const v = x.data[i * f + j];
      sum[j] += v;
      sumSq[j] += v * v;
    }
  }
  const ranking = names.map((name, j) => {
    const mean = sum[j] / n;
    const std = Math.sqrt(Math.max(0, sumSq[j] / n - mean * mean));
    return { name, importance: (meanAbsGrad[j] / n) * std };
  });
  return ranking.sort((a, b) => b.importance - a.importance);
}

/** Rounds to `digits` significant digits (keeps model-card JSON small without visible loss). */
export function roundSignificant(value: number, digits = 7): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits));
}
