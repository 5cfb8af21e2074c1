/**
 * Optimisers emitted into the graph: the gradients, an optional global-norm clip and the Adam /
 * AdamW update become nodes, with parameters, moments and the step counter as inputs and their
 * updated values as outputs. One session.run of the resulting model is one training step.
 */
import { grad } from './autodiff.js';
import type { DType } from './dtype.js';
import type { Graph, Tensor } from './graph.js';
import { add, cast, clip, concat, div, mul, pow, reduceSum, reshape, slice, sqrt, sub } from './ops/index.js';

export interface AdamOptions {
  /** A fixed learning rate baked into the graph, or 'input' to feed a scalar `lr` every step (default 1e-3). */
  lr?: number | 'input';
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Weight decay: Adam adds it to the gradient (L2); AdamW decays the parameters directly. Default 0. */
  weightDecay?: number;
  /** Rescale all gradients together when their global L2 norm exceeds this. */
  clipNorm?: number;
  /** Extra tensors computed in the same run (e.g. logits for monitoring), by output name. */
  extras?: Readonly<Record<string, Tensor>>;
}

/** Where one parameter lives in the packed parameter vector. */
export interface ParamSlot {
  name: string;
  /** The parameter tensor the model was built with. */
  param: Tensor;
  /** Its gradient (before clipping and weight decay). */
  grad: Tensor;
  offset: number;
  size: number;
  shape: readonly number[];
}

/**
 * A training-step graph and the roles of its inputs and outputs. Parameters and both Adam
 * moments are packed into flat vectors, so the update is a dozen elementwise ops however many
 * parameter tensors the model has; each parameter is a view (Slice + Reshape) of the packed input.
 */
export interface TrainingStep {
  graph: Graph;
  loss: Tensor;
  slots: ParamSlot[];
  /** Total number of parameter values. */
  size: number;
  /** Packed parameters [size] (input) and their update (output). */
  params: Tensor;
  nextParams: Tensor;
  /** Adam first and second moments [size], inputs and updates. */
  m: Tensor;
  v: Tensor;
  nextM: Tensor;
  nextV: Tensor;
  /** int64 scalar input: completed steps so far. */
  step: Tensor;
  nextStep: Tensor;
  /** The `lr` input when the learning rate is fed. */
  lr?: Tensor;
  /** Global gradient norm before clipping (present when clipping). */
  gradNorm?: Tensor;
  extras: Readonly<Record<string, Tensor>>;
  /** Every model output by ONNX name. */
  outputs: Readonly<Record<string, Tensor>>;
  /** Parameter -> view of the packed vector; pass to emitModel. */
  substitutes: ReadonlyMap<Tensor, Tensor>;
  decoupledWeightDecay: boolean;
}

/** ONNX names of the training-state inputs; outputs are the same names plus '.next'. */
export const stateName = {
  params: 'train.params',
  m: 'adam.m',
  v: 'adam.v',
  step: 'adam.step',
  lr: 'lr',
  loss: 'loss',
  gradNorm: 'grad_norm',
  next: (name: string) => `${name}.next`,
} as const;

/**
 * Builds an Adam training step (PyTorch's formulation: bias-corrected moments, eps added to the
 * corrected root second moment; weight decay as L2 on the gradient).
 *
 * @example
 *   const training = adam(loss, g.params, { lr: 1e-3, clipNorm: 1 });
 *   const trainer = await Trainer.create(training, initParams(g.params, new Rng(1)));
 */
export function adam(loss: Tensor, params: readonly Tensor[], options: AdamOptions = {}): TrainingStep {
  return buildAdam(loss, params, options, false);
}

/**
 * AdamW: Adam with decoupled weight decay, p ← p·(1 − lr·wd) before the Adam update (default wd 0.01).
 *
 * @example
 *   const training = adamW(loss, g.params, { lr: 1e-3, weightDecay: 1e-2 });
 */
export function adamW(loss: Tensor, params: readonly Tensor[], options: AdamOptions = {}): TrainingStep {
  return buildAdam(loss, params, { weightDecay: 0.01, ...options }, true);
}

function buildAdam(loss: Tensor, params: readonly Tensor[], options: AdamOptions, decoupled: boolean): TrainingStep {
  const g = loss.graph;
  const dtype = loss.dtype;
  if (loss.rank !== 0) throw new Error(`the loss must be a scalar, got ${loss}`);
  if (params.length === 0) throw new Error('no parameters to train');
  if (new Set(params).size !== params.length) throw new Error('a parameter is listed twice');
  for (const p of params) {
    if (p.source.kind !== 'param') throw new Error(`${p} is not a parameter`);
    if (p.dtype !== dtype) throw new Error(`parameter ${p} is ${p.dtype} but the loss is ${dtype}`);
  }
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.eps ?? 1e-8;
  const wd = options.weightDecay ?? 0;

  // Packed layout and the views the model's parameters become.
  let size = 0;
  const layout = params.map((p) => {
    const shape = p.shape as readonly number[];
    const n = shape.reduce((a, b) => a * b, 1);
    const entry = { offset: size, size: n, shape };
    size += n;
    return entry;
  });
  const packed = stateInput(g, stateName.params, [size], dtype);
  const substitutes = new Map<Tensor, Tensor>();
  params.forEach((p, i) => {
    const { offset, size: n, shape } = layout[i];
    substitutes.set(p, reshape(slice(packed, [offset], [offset + n]), shape));
  });

  const grads = grad(loss, params);
  let flatGrad = concat(grads.map((gr, i) => reshape(gr, [layout[i].size])), 0);
  let gradNorm: Tensor | undefined;
  if (options.clipNorm !== undefined) {
    gradNorm = sqrt(reduceSum(mul(flatGrad, flatGrad)));
    // As torch.nn.utils.clip_grad_norm_: scale = min(1, max_norm / (norm + 1e-6)).
    flatGrad = mul(flatGrad, clip(div(options.clipNorm, add(gradNorm, 1e-6)), undefined, 1));
  }
  if (!decoupled && wd !== 0) flatGrad = add(flatGrad, mul(packed, wd));

  const step = stateInput(g, stateName.step, [], 'int64');
  const nextStep = add(step, g.scalar(1, 'int64'));
  const lr = options.lr === 'input' ? stateInput(g, stateName.lr, [], dtype) : undefined;
  // Per-step scalars are computed once, in float64 like PyTorch's Python-side arithmetic: in
  // float32, 1 − 0.999^t would lose five digits to cancellation.
  const t = cast(nextStep, 'float64');
  const lr64 = lr ? cast(lr, 'float64') : g.scalar(options.lr === 'input' ? 0 : (options.lr ?? 1e-3), 'float64');
  const stepSize = cast(div(lr64, sub(1, pow(g.scalar(beta1, 'float64'), t))), dtype);
  const invSqrtBc2 = cast(div(1, sqrt(sub(1, pow(g.scalar(beta2, 'float64'), t)))), dtype);
  const decay = decoupled && wd !== 0 ? cast(sub(1, mul(lr64, wd)), dtype) : undefined;

  const m = stateInput(g, stateName.m, [size], dtype);
  const v = stateInput(g, stateName.v, [size], dtype);
  const nextM = add(mul(m, beta1), mul(flatGrad, 1 - beta1));
  const nextV = add(mul(v, beta2), mul(mul(flatGrad, flatGrad), 1 - beta2));
  const denom = add(mul(sqrt(nextV), invSqrtBc2), eps);
  const base = decay ? mul(packed, decay) : packed;
  const nextParams = sub(base, mul(div(nextM, denom), stepSize));

  const slots: ParamSlot[] = params.map((p, i) => ({ name: p.name!, param: p, grad: grads[i], ...layout[i] }));
  const extras = options.extras ?? {};
  const outputs: Record<string, Tensor> = {
    [stateName.loss]: loss,
    [stateName.next(stateName.params)]: nextParams,
    [stateName.next(stateName.m)]: nextM,
    [stateName.next(stateName.v)]: nextV,
    [stateName.next(stateName.step)]: nextStep,
  };
  if (gradNorm) outputs[stateName.gradNorm] = gradNorm;
  for (const [name, t] of Object.entries(extras)) {
    if (name in outputs) throw new Error(`extra output ${name} clashes with a training output`);
    outputs[name] = t;
  }
  return {
    graph: g,
    loss,
    slots,
    size,
    params: packed,
    nextParams,
    m,
    v,
    nextM,
    nextV,
    step,
    nextStep,
    lr,
    gradNorm,
    extras,
    outputs,
    substitutes,
    decoupledWeightDecay: decoupled,
  };
}

/**
 * The named state input, reused when an earlier optimiser on the same graph created it (so one
 * graph can carry several step variants, e.g. fixed and fed learning rates).
 */
function stateInput(g: Graph, name: string, shape: readonly number[], dtype: DType): Tensor {
  const existing = g.tensor(name);
  if (!existing) return g.input(name, shape, dtype);
  if (existing.source.kind !== 'input' || existing.dtype !== dtype || existing.shape.join() !== shape.join()) {
    throw new Error(`graph already has a ${name} that does not fit this optimiser (${existing})`);
  }
  return existing;
}
