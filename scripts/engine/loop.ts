/**
 * K optimiser steps per session.run: the training-step graph becomes the body of an ONNX `Loop`
 * (opset 17) that walks a stack of mini-batches. Parameters, both Adam moments and the step
 * counter are loop-carried values; the loss (and the gradient norm and any extra outputs) of
 * every step come back stacked, as the Loop's scan outputs.
 *
 * Model interface (names as in the single-step graph, so the Trainer maps roles the same way):
 *
 *   inputs   train.params [S], adam.m [S], adam.v [S], adam.step [] (int64), lr [] when fed,
 *            and each batch input with a leading `steps` dimension, e.g. x [steps, N, F]
 *   outputs  train.params.next, adam.m.next, adam.v.next, adam.step.next (state after the last
 *            step), loss [steps], grad_norm [steps] when clipping, extras [steps, ...]
 *
 * The trip count is the leading dimension of the stacked batch, so one model serves any number
 * of steps per run (a short last group of an epoch included).
 *
 * Why a Loop rather than K copies of the step: the graph (and session creation time) stays the
 * size of one step whatever K is, and a provider with a device Loop kernel (CUDA) keeps the
 * carried state in device memory for all K steps.
 *
 * @example
 *   const training = adam(loss, g.params, { lr: 2e-4 });
 *   const { bytes, inputs } = emitStepLoop(training);
 *   // feeds: x { dims: [K, N, F] }, y { dims: [K, N] } plus the state; result.loss has K values
 */
import { onnxDataType } from './dtype.js';
import { type ValueSignature, emitGraph } from './onnx/emit.js';
import { type GraphProtoInit, type NodeProtoInit, type TensorProtoInit, type ValueInfoInit, encodeModel, valueInfo } from './onnx/proto.js';
import { type TrainingStep, stateName } from './optim.js';

/** The symbolic leading dimension of stacked batch inputs and per-step outputs. */
export const STEPS_DIM = 'steps';

/** Loop-carried state, in the order the Loop carries it. */
const CARRIED = [stateName.params, stateName.m, stateName.v, stateName.step] as const;

export interface StepLoopModel {
  bytes: Uint8Array;
  /** State inputs as in the step graph, `lr` when fed, batch inputs with a leading `steps` dim. */
  inputs: ValueSignature[];
  /** Final state (`.next` names), then the per-step outputs with a leading `steps` dim. */
  outputs: ValueSignature[];
  /** Names of the batch inputs (stacked in this model). */
  batchInputs: string[];
  /** Names of the per-step (scan) outputs: loss, grad_norm, extras. */
  perStepOutputs: string[];
  /** Nodes of the loop body (one training step), for diagnostics. */
  bodyNodeCount: number;
  usesFloat64: boolean;
}

/**
 * Emits the K-steps-per-run model of a training step.
 *
 * @example
 *   const model = emitStepLoop(adam(loss, g.params));
 *   const session = await ort.InferenceSession.create(model.bytes);
 */
export function emitStepLoop(training: TrainingStep, options: { name?: string } = {}): StepLoopModel {
  const step = emitGraph(training.graph, { outputs: training.outputs, substitutes: training.substitutes, name: 'training_step' });
  const carried = new Set<string>(CARRIED);
  const byName = new Map(step.inputs.map((s) => [s.name, s]));
  for (const name of CARRIED) {
    if (!byName.has(name)) throw new Error(`the step graph does not use ${name}; nothing to carry through the loop`);
  }
  const batch = step.inputs.filter((s) => !carried.has(s.name) && s.name !== stateName.lr);
  if (batch.length === 0) throw new Error('a step loop needs at least one batch input: the trip count is its leading dimension');
  for (const s of batch) {
    if (s.shape.includes(STEPS_DIM)) throw new Error(`batch input ${s.name} already uses the dimension name '${STEPS_DIM}'`);
  }
  const lr = byName.get(stateName.lr);

  // Every value of the step graph is renamed into its own namespace: the body's formal inputs
  // would otherwise shadow the outer graph's inputs of the same name, which ONNX forbids.
  const inner = (name: string) => (name === '' ? '' : `step/${name}`);
  const renamed = renameGraph(step.graph, inner);

  const iter = inner('iteration');
  const cond = inner('cond');
  const prologue: NodeProtoInit[] = [
    // A scalar index removes the leading axis: x [steps, N, F] -> step/x [N, F].
    ...batch.map((s) => ({ opType: 'Gather', inputs: [s.name, iter], outputs: [inner(s.name)], name: `gather_${s.name}`, attributes: [{ name: 'axis', type: 'int' as const, value: 0 }] })),
    ...(lr ? [{ opType: 'Identity', inputs: [lr.name], outputs: [inner(lr.name)], name: 'outer_lr' }] : []),
    { opType: 'Identity', inputs: [cond], outputs: [inner('cond.next')], name: 'keep_going' },
  ];
  const info = (s: ValueSignature, name = s.name, shape = s.shape): ValueInfoInit => valueInfo(name, onnxDataType(s.dtype), shape);
  const outputSig = new Map(step.outputs.map((s) => [s.name, s]));
  const perStep = step.outputs.filter((s) => !CARRIED.some((c) => stateName.next(c) === s.name));
  const body: GraphProtoInit = {
    name: 'training_step_body',
    nodes: [...prologue, ...renamed.nodes],
    initializers: renamed.initializers,
    inputs: [
      valueInfo(iter, onnxDataType('int64'), []),
      valueInfo(cond, onnxDataType('bool'), []),
      ...CARRIED.map((name) => info(byName.get(name)!, inner(name))),
    ],
    outputs: [
      valueInfo(inner('cond.next'), onnxDataType('bool'), []),
      ...CARRIED.map((name) => info(outputSig.get(stateName.next(name))!, inner(stateName.next(name)))),
      ...perStep.map((s) => info(s, inner(s.name))),
    ],
  };

  const first = batch[0].name;
  const trips = 'loop.trips';
  const axes0: TensorProtoInit = { name: 'loop.axes0', dataType: onnxDataType('int64'), dims: [1], rawData: new Uint8Array(new BigInt64Array([0n]).buffer) };
  const nodes: NodeProtoInit[] = [
    { opType: 'Shape', inputs: [first], outputs: ['loop.trips1'], name: 'trip_count', attributes: [{ name: 'start', type: 'int', value: 0 }, { name: 'end', type: 'int', value: 1 }] },
    { opType: 'Squeeze', inputs: ['loop.trips1', axes0.name], outputs: [trips], name: 'trip_count_scalar' },
    {
      opType: 'Loop',
      inputs: [trips, '', ...CARRIED],
      outputs: [...CARRIED.map((c) => stateName.next(c)), ...perStep.map((s) => s.name)],
      name: 'steps',
      attributes: [{ name: 'body', type: 'graph', value: body }],
    },
  ];
  const inputs: ValueSignature[] = [
    ...CARRIED.map((name) => byName.get(name)!),
    ...(lr ? [lr] : []),
    ...batch.map((s) => ({ ...s, shape: [STEPS_DIM, ...s.shape] })),
  ];
  const outputs: ValueSignature[] = [
    ...CARRIED.map((name) => outputSig.get(stateName.next(name))!),
    ...perStep.map((s) => ({ ...s, shape: [STEPS_DIM, ...s.shape] })),
  ];
  const bytes = encodeModel({
    graph: {
      name: options.name ?? 'training_steps',
      nodes,
      initializers: [axes0],
      inputs: inputs.map((s) => info(s)),
      outputs: outputs.map((s) => info(s)),
    },
  });
  return {
    bytes,
    inputs,
    outputs,
    batchInputs: batch.map((s) => s.name),
    perStepOutputs: perStep.map((s) => s.name),
    bodyNodeCount: body.nodes.length,
    usesFloat64: step.usesFloat64,
  };
}

/** Applies `rename` to every value name of a graph (nodes, initializers, inputs, outputs). */
function renameGraph(g: GraphProtoInit, rename: (name: string) => string): GraphProtoInit {
  const nodes = g.nodes.map((n) => {
    if (n.attributes?.some((a) => a.type === 'graph')) throw new Error(`cannot nest ${n.opType} with a subgraph inside a step loop`);
    return { ...n, inputs: n.inputs.map(rename), outputs: n.outputs.map(rename) };
  });
  return {
    ...g,
    nodes,
    initializers: (g.initializers ?? []).map((t) => ({ ...t, name: rename(t.name) })),
    inputs: g.inputs.map((v) => ({ ...v, name: rename(v.name) })),
    outputs: g.outputs.map((v) => ({ ...v, name: rename(v.name) })),
    valueInfo: (g.valueInfo ?? []).map((v) => ({ ...v, name: rename(v.name) })),
  };
}
