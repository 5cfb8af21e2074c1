/**
 * Export of inference models: trained parameters become initializers, preprocessing is folded in
 * (the edge feeds raw float32 features) and the input-gradient graph comes from the engine's own
 * autodiff.
 */
import { grad } from './autodiff.js';
import { Graph, type Tensor } from './graph.js';
import type { ParamValues } from './init.js';
import { emitModel } from './onnx/emit.js';
import { div, reshape, sigmoid, sub } from './ops/index.js';

/** Per-feature standardisation applied before the network: x' = (x − mean) / std. */
export interface Standardization {
  mean: ArrayLike<number>;
  std: ArrayLike<number>;
}

export type ClassifierOutput = 'score' | 'grad' | 'logit';

export interface ExportOptions {
  /** Number of raw input features F. */
  features: number;
  standardize?: Standardization;
  /** Which outputs to include, in this order (default ['score', 'grad']). */
  outputs?: readonly ClassifierOutput[];
  /** Model metadata_props (e.g. a model-card hash). */
  metadata?: Readonly<Record<string, string>>;
  name?: string;
}

/**
 * Builds the network on standardised features [N, F] and returns logits [N] or [N, 1]. It must
 * create the same parameters (names and shapes) as the training graph did.
 */
export type ClassifierBuilder = (x: Tensor) => Tensor;

/**
 * Exports a binary classifier as a float32 ONNX model with input `x` [N, F] (raw features) and
 * outputs `score` [N] = sigmoid(logit), `grad` [N, F] = ∂logit/∂x (with respect to the raw
 * input, standardisation included) and optionally `logit` [N]. Since rows are independent, the
 * per-row input gradient is the gradient of Σ logit.
 *
 * @example
 *   const spec = { hidden: [64], outputs: 1, activation: 'leaky_relu' } as const;
 *   const bytes = exportClassifier((x) => mlp(x, spec), trainer.parameters(), {
 *     features: 30,
 *     standardize: { mean, std },
 *   });
 */
export function exportClassifier(build: ClassifierBuilder, params: ParamValues, options: ExportOptions): Uint8Array {
  const F = options.features;
  const g = new Graph({ dtype: 'float32' });
  const x = g.input('x', ['N', F], 'float32');
  let features = x;
  if (options.standardize) {
    const { mean, std } = options.standardize;
    if (mean.length !== F || std.length !== F) throw new Error(`standardisation needs ${F} means and stds`);
    for (let i = 0; i < F; i++) if (!(std[i] > 0)) throw new Error(`std of feature ${i} must be positive, got ${std[i]}`);
    features = div(sub(x, g.constant(Array.from(mean), [F])), g.constant(Array.from(std), [F]));
  }
  let logit = build(features);
  if (logit.rank === 2 && logit.shape[1] === 1) logit = reshape(logit, [logit.shape[0]]);
  if (logit.rank !== 1 || logit.shape[0] !== 'N') throw new Error(`the builder must return logits [N] or [N, 1], got ${logit}`);

  const wanted = options.outputs ?? ['score', 'grad'];
  const outputs: Record<string, Tensor> = {};
  for (const name of wanted) {
    if (name === 'score') outputs.score = sigmoid(logit);
    else if (name === 'logit') outputs.logit = logit;
    else outputs.grad = grad(logit, [x])[0];
  }
  return exportModel(g, outputs, params, { name: options.name ?? 'classifier', metadata: options.metadata });
}

/**
 * Emits any graph with its parameters embedded as initializers (every parameter the outputs use
 * needs a value), e.g. a derived graph for diagnostics.
 *
 * @example
 *   const bytes = exportModel(g, { logp }, trainer.parameters());
 */
export function exportModel(
  graph: Graph,
  outputs: Readonly<Record<string, Tensor>>,
  params: ParamValues,
  options: { name?: string; metadata?: Readonly<Record<string, string>> } = {},
): Uint8Array {
  const emitted = emitModel(graph, { outputs, initializers: params, name: options.name, metadata: options.metadata });
  const missing = emitted.inputs.filter((s) => graph.tensor(s.name)?.source.kind === 'param');
  if (missing.length > 0) throw new Error(`no values for parameters ${missing.map((s) => s.name).join(', ')}`);
  return emitted.bytes;
}
