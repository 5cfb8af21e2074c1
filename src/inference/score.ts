/**
 * Runs a model over a decoded batch: per-event scores and, for classifiers, the input gradients
 * d logit / d x used for DREAM feature ranking. Large batches run in slices so the wasm heap stays
 * small; every event is scored independently, so slicing does not change a single number.
 *
 * @example
 *   const { scores, gradients } = await scoreMatrix(registry, model, matrix, { gradients: true });
 */
import type { Matrix } from '../formats/matrix.js';
import { ApiError } from '../http/errors.js';
import { ort } from './ort.js';
import { sliceRows } from './slices.js';
import type { Model, ModelRegistry } from './registry.js';

export interface ScoredBatch {
  scores: Float32Array;
  /** Row-major [n, features]; present when asked for and the model exports it. */
  gradients?: Float32Array;
}

export async function scoreMatrix(
  registry: ModelRegistry,
  model: Model,
  matrix: Matrix,
  opts: { gradients?: boolean } = {},
): Promise<ScoredBatch> {
  const { card } = model;
  const features = card.features.length;
  if (matrix.cols !== features) {
    throw new ApiError(
      422,
      'feature_count_mismatch',
      `model "${card.id}" takes ${features} features (${card.features.map((f) => f.name).join(', ')}), the batch has ${matrix.cols}; select columns with ?columns=`,
      { expected: features, actual: matrix.cols },
    );
  }
  const gradientName = opts.gradients ? card.onnx.gradient_output : undefined;
  const fetches = gradientName ? [card.onnx.score_output, gradientName] : [card.onnx.score_output];
  const session = await registry.session(model, fetches);
  const scores = new Float32Array(matrix.rows);
  const gradients = gradientName ? new Float32Array(matrix.rows * features) : undefined;
  const slice = sliceRows(features);
  for (let start = 0; start < matrix.rows; start += slice) {
    const rows = Math.min(slice, matrix.rows - start);
    const input = matrix.data.subarray(start * features, (start + rows) * features);
    const feeds = { [card.onnx.input]: new ort.Tensor('float32', input, [rows, features]) };
    const out = await session.run(feeds, fetches);
    scores.set(out[card.onnx.score_output].data as Float32Array, start);
    if (gradients && gradientName) gradients.set(out[gradientName].data as Float32Array, start * features);
    for (const tensor of Object.values(out)) tensor.dispose();
  }
  rejectNonFiniteScores(scores, card.id);
  return gradients ? { scores, gradients } : { scores };
}

/**
 * Finite inputs can still overflow inside a model (3e38 standardised is Infinity, and
 * Infinity − Infinity is NaN): such events are refused like non-finite inputs, never scored as
 * NaN or stored.
 */
function rejectNonFiniteScores(scores: Float32Array, modelId: string): void {
  let first = -1;
  let count = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (count > 0) {
    throw new ApiError(
      422,
      'non_finite_scores',
      `model "${modelId}" gives no finite score for ${count} event(s), first at row ${first}: values far outside the range the model was trained on`,
      { row: first, count },
    );
  }
}
