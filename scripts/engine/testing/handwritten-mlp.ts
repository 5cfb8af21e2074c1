/**
 * A one-hidden-layer MLP training step (ReLU, BCE on logits, Adam) written directly as ONNX nodes
 * with hand-derived gradients. It is the yardstick for the engine: the benchmark compares speed,
 * and a test checks the engine's step gives the same numbers.
 */
import { DataType, type NodeProtoInit, type TensorProtoInit, encodeModel, valueInfo } from '../onnx/proto.js';

export interface HandwrittenMlpOptions {
  features: number;
  hidden: number;
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/** Parameter names (same as the engine's mlp with name 'mlp') in feed order. */
export const HANDWRITTEN_PARAMS = ['mlp.0.weight', 'mlp.0.bias', 'mlp.1.weight', 'mlp.1.bias'] as const;

function f32(name: string, values: number[], dims: number[] = []): TensorProtoInit {
  return { name, dataType: DataType.FLOAT, dims, rawData: new Uint8Array(new Float32Array(values).buffer) };
}
function i64(name: string, values: number[], dims: number[]): TensorProtoInit {
  return { name, dataType: DataType.INT64, dims, rawData: new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer) };
}

/**
 * Builds the model. Inputs: x [N, F], y [N], adam.step (int64 scalar), then each parameter with
 * its `.adam_m` / `.adam_v`. Outputs: loss, `<name>.next` for every state input, adam.step.next.
 */
export function handwrittenMlpStep(options: HandwrittenMlpOptions): Uint8Array {
  const { features: F, hidden: H, lr } = options;
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.eps ?? 1e-8;
  const nodes: NodeProtoInit[] = [];
  const n = (opType: string, inputs: string[], outputs: string[], attributes: NodeProtoInit['attributes'] = []) =>
    nodes.push({ opType, inputs, outputs, attributes });
  const [W1, b1, W2, b2] = HANDWRITTEN_PARAMS;

  // Forward.
  n('Gemm', ['x', W1, b1], ['h']);
  n('Relu', ['h'], ['a']);
  n('Gemm', ['a', W2, b2], ['z2']);
  n('Reshape', ['z2', 'shape_flat'], ['z']);
  n('Softplus', ['z'], ['sp']);
  n('Mul', ['y', 'z'], ['yz']);
  n('Sub', ['sp', 'yz'], ['l']);
  n('ReduceMean', ['l'], ['loss'], [{ name: 'keepdims', type: 'int', value: 0 }]);

  // Backward: dloss/dz = (sigmoid(z) - y) / N.
  n('Size', ['y'], ['n_i']);
  n('Cast', ['n_i'], ['n'], [{ name: 'to', type: 'int', value: DataType.FLOAT }]);
  n('Reciprocal', ['n'], ['inv_n']);
  n('Sigmoid', ['z'], ['s']);
  n('Sub', ['s', 'y'], ['d']);
  n('Mul', ['d', 'inv_n'], ['dz']);
  n('Reshape', ['dz', 'shape_col'], ['dz2']);
  n('Gemm', ['a', 'dz2'], [`${W2}.grad`], [{ name: 'transA', type: 'int', value: 1 }]);
  n('ReduceSum', ['dz2', 'axis0'], [`${b2}.grad`], [{ name: 'keepdims', type: 'int', value: 0 }]);
  n('Gemm', ['dz2', W2], ['da'], [{ name: 'transB', type: 'int', value: 1 }]);
  n('Greater', ['h', 'zero'], ['active']);
  n('Where', ['active', 'da', 'zero'], ['dh']);
  n('Gemm', ['x', 'dh'], [`${W1}.grad`], [{ name: 'transA', type: 'int', value: 1 }]);
  n('ReduceSum', ['dh', 'axis0'], [`${b1}.grad`], [{ name: 'keepdims', type: 'int', value: 0 }]);

  // Adam (PyTorch form), per-step scalars first.
  n('Add', ['adam.step', 'one_i'], ['adam.step.next']);
  n('Cast', ['adam.step.next'], ['t'], [{ name: 'to', type: 'int', value: DataType.FLOAT }]);
  n('Pow', ['beta1', 't'], ['b1t']);
  n('Sub', ['one', 'b1t'], ['bc1']);
  n('Div', ['lr', 'bc1'], ['step_size']);
  n('Pow', ['beta2', 't'], ['b2t']);
  n('Sub', ['one', 'b2t'], ['bc2']);
  n('Sqrt', ['bc2'], ['sqrt_bc2']);
  n('Reciprocal', ['sqrt_bc2'], ['inv_sqrt_bc2']);
  for (const p of HANDWRITTEN_PARAMS) {
    const g = `${p}.grad`;
    n('Mul', [`${p}.adam_m`, 'beta1'], [`${p}.m1`]);
    n('Mul', [g, 'one_minus_beta1'], [`${p}.m2`]);
    n('Add', [`${p}.m1`, `${p}.m2`], [`${p}.adam_m.next`]);
    n('Mul', [`${p}.adam_v`, 'beta2'], [`${p}.v1`]);
    n('Mul', [g, g], [`${p}.gg`]);
    n('Mul', [`${p}.gg`, 'one_minus_beta2'], [`${p}.v2`]);
    n('Add', [`${p}.v1`, `${p}.v2`], [`${p}.adam_v.next`]);
    n('Sqrt', [`${p}.adam_v.next`], [`${p}.sv`]);
    n('Mul', [`${p}.sv`, 'inv_sqrt_bc2'], [`${p}.svc`]);
    n('Add', [`${p}.svc`, 'eps'], [`${p}.denom`]);
    n('Div', [`${p}.adam_m.next`, `${p}.denom`], [`${p}.ratio`]);
    n('Mul', [`${p}.ratio`, 'step_size'], [`${p}.delta`]);
    n('Sub', [p, `${p}.delta`], [`${p}.next`]);
  }

  const initializers = [
    i64('shape_flat', [-1], [1]),
    i64('shape_col', [-1, 1], [2]),
    i64('axis0', [0], [1]),
    i64('one_i', [1], []),
    f32('zero', [0]),
    f32('one', [1]),
    f32('lr', [lr]),
    f32('beta1', [beta1]),
    f32('beta2', [beta2]),
    f32('one_minus_beta1', [1 - beta1]),
    f32('one_minus_beta2', [1 - beta2]),
    f32('eps', [eps]),
  ];
  const shapes: Record<string, number[]> = { [W1]: [F, H], [b1]: [H], [W2]: [H, 1], [b2]: [1] };
  const F32 = DataType.FLOAT;
  const inputs = [valueInfo('x', F32, ['N', F]), valueInfo('y', F32, ['N']), valueInfo('adam.step', DataType.INT64, [])];
  const outputs = [valueInfo('loss', F32, [])];
  for (const p of HANDWRITTEN_PARAMS) {
    for (const s of [p, `${p}.adam_m`, `${p}.adam_v`]) {
      inputs.push(valueInfo(s, F32, shapes[p]));
      outputs.push(valueInfo(`${s}.next`, F32, shapes[p]));
    }
  }
  outputs.push(valueInfo('adam.step.next', DataType.INT64, []));
  return encodeModel({ graph: { name: 'handwritten_mlp_step', nodes, initializers, inputs, outputs } });
}
