/** Loss functions. */
import type { Tensor } from './graph.js';
import { div, mul, reduceMean, reduceSum, softplus, sub } from './ops/index.js';
import { broadcastShapes, sameShape, shapeToString } from './shape.js';

/** Guards against the classic silent bug: logits [N, 1] against labels [N] broadcast to [N, N]. */
function checkPair(what: string, prediction: Tensor, other: Tensor): void {
  if (!sameShape(broadcastShapes(prediction.shape, other.shape), prediction.shape)) {
    throw new Error(`${what}: ${shapeToString(other.shape)} would broadcast ${shapeToString(prediction.shape)} to a larger shape; reshape (e.g. squeeze) first`);
  }
}

/**
 * Binary cross-entropy on logits, averaged: mean(softplus(z) − y·z), which equals
 * −[y·ln σ(z) + (1−y)·ln(1−σ(z))] without overflow for large |z|. With per-event weights w the
 * result is the weighted mean Σ w·ℓ / Σ w.
 *
 * @example
 *   const loss = bceWithLogits(logit, label);           // logit, label: [N]
 *   const loss = bceWithLogits(logit, label, weight);   // weighted mean
 */
export function bceWithLogits(logits: Tensor, labels: Tensor, weights?: Tensor): Tensor {
  checkPair('bceWithLogits labels', logits, labels);
  const perEvent = sub(softplus(logits), mul(labels, logits));
  if (!weights) return reduceMean(perEvent);
  checkPair('bceWithLogits weights', logits, weights);
  return div(reduceSum(mul(weights, perEvent)), reduceSum(weights));
}

/**
 * Mean squared error.
 *
 * @example
 *   const loss = meanSquaredError(prediction, target);
 */
export function meanSquaredError(prediction: Tensor, target: Tensor): Tensor {
  checkPair('meanSquaredError target', prediction, target);
  const d = sub(prediction, target);
  return reduceMean(mul(d, d));
}
