/**
 * pruneToOutputs on the bundled models, in workerd with onnxruntime-web: the pruned graph has the
 * kept outputs only, gives bit-identical values and is smaller; malformed or unprunable models are
 * handled; the registry shares a session when nothing is pruned.
 */
import { describe, expect, it } from 'vitest';
import { createSession, ort } from './ort.js';
import { OnnxPruneError, pruneToOutputs } from './prune.js';
import { bundledRegistry } from './registry.js';

function batch(rows: number, cols: number, seed: number): Float32Array {
  // Deterministic values of the size of real features (GeV masses and n-subjettiness ratios).
  const out = new Float32Array(rows * cols);
  let state = seed;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out[i] = (state / 2 ** 31) * (i % cols < 2 ? 500 : 1);
  }
  return out;
}

// Just enough of a protobuf writer to build small ONNX models by hand.
function varint(value: number): number[] {
  const out: number[] = [];
  for (; value >= 0x80; value = Math.floor(value / 128)) out.push((value % 128) | 0x80);
  return [...out, value];
}
const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
/** A length-delimited field. */
function field(number: number, payload: Uint8Array | string): Uint8Array {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return new Uint8Array([...varint(number * 8 + 2), ...varint(bytes.length), ...bytes]);
}
const int = (number: number, value: number) => new Uint8Array([...varint(number * 8), ...varint(value)]);
/** ValueInfoProto: a float tensor named `name` with the given dims (a string is a symbolic dim). */
function valueInfo(name: string, dims: (number | string)[]): Uint8Array {
  const shape = join(...dims.map((d) => field(1, typeof d === 'number' ? int(1, d) : field(2, d))));
  return join(field(1, name), field(2, field(1, join(int(1, 1), field(2, shape)))));
}
/** TensorProto: float32 initializer. */
function initializer(name: string, dims: number[], values: number[]): Uint8Array {
  return join(...dims.map((d) => int(1, d)), int(2, 1), field(8, name), field(9, new Uint8Array(Float32Array.from(values).buffer)));
}
function node(opType: string, inputs: string[], outputs: string[]): Uint8Array {
  return join(...inputs.map((i) => field(1, i)), ...outputs.map((o) => field(2, o)), field(4, opType));
}
/** ModelProto, IR 8, opset 17. */
function onnxModel(graph: Uint8Array[]): Uint8Array {
  return join(int(1, 8), field(8, join(field(1, ''), int(2, 17))), field(7, join(field(2, 'g'), ...graph)));
}

describe('pruneToOutputs', () => {
  const registry = bundledRegistry();
  const withGradients = registry.list().filter((m) => m.card.onnx.gradient_output);

  it('covers the bundled classifiers', () => {
    expect(withGradients.map((m) => m.card.id).sort()).toEqual(['curtains-lhco', 'lhco-dream']);
  });

  for (const model of withGradients) {
    it(`${model.card.id}: scores alone from a smaller graph, bit-identical to the full model`, async () => {
      const { input, score_output: score } = model.card.onnx;
      const full = new Uint8Array(model.onnx);
      const pruned = pruneToOutputs(full, [score]);
      expect(pruned.length).toBeLessThan(full.length);
      const [a, b] = await Promise.all([createSession(full), createSession(pruned)]);
      expect(b.outputNames).toEqual([score]);
      expect(b.inputNames).toEqual([input]);
      const cols = model.card.features.length;
      const x = batch(257, cols, 3);
      const run = async (s: ort.InferenceSession) => (await s.run({ [input]: new ort.Tensor('float32', x, [257, cols]) }, [score]))[score].data as Float32Array;
      expect(Array.from(await run(b))).toEqual(Array.from(await run(a)));
    });
  }

  it('returns the model itself when every output is kept', () => {
    const model = registry.get('lhco-dream');
    const full = new Uint8Array(model.onnx);
    expect(pruneToOutputs(full, [model.card.onnx.score_output, model.card.onnx.gradient_output!])).toBe(full);
  });

  it('refuses an unknown output and malformed bytes', () => {
    const full = new Uint8Array(registry.get('lhco-dream').onnx);
    expect(() => pruneToOutputs(full, ['nope'])).toThrow(OnnxPruneError);
    expect(() => pruneToOutputs(full.subarray(0, full.length - 3), ['score'])).toThrow(OnnxPruneError);
    expect(() => pruneToOutputs(new Uint8Array([0x3a, 0x05, 0x01]), ['score'])).toThrow(OnnxPruneError);
    expect(() => pruneToOutputs(new Uint8Array([]), ['score'])).toThrow(/no graph/);
  });

  it('leaves a graph with a subgraph (Loop, If) whole: its body may read outer values by name', () => {
    // ModelProto{graph: {node: {output: "y", attribute: {g: {}}}, output: y, output: z}}
    const node = join(field(2, 'y'), field(5, field(6, new Uint8Array([]))));
    const graph = join(field(1, node), field(12, field(1, 'y')), field(12, field(1, 'z')));
    const model = field(7, graph);
    expect(pruneToOutputs(model, ['y'])).toBe(model);
  });

  it('drops an initializer listed as a graph input together with that input (older exporters list every weight)', async () => {
    const x = valueInfo('x', ['N', 2]);
    const model = onnxModel([
      field(1, node('MatMul', ['x', 'W'], ['y'])),
      field(1, node('MatMul', ['x', 'B'], ['z'])),
      field(5, initializer('W', [2, 2], [1, 2, 3, 4])),
      field(5, initializer('B', [2, 2], [5, 6, 7, 8])),
      field(11, x),
      field(11, valueInfo('W', [2, 2])),
      field(11, valueInfo('B', [2, 2])),
      field(12, valueInfo('y', ['N', 2])),
      field(12, valueInfo('z', ['N', 2])),
    ]);
    const session = await createSession(pruneToOutputs(model, ['y']));
    // W stays an (overridable) initializer input; B would otherwise become a required one.
    expect(session.inputNames).toEqual(['x']);
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, 1]), [1, 2]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([4, 6]);
  });

  it('keeps every producer of a kept output whatever order the nodes are listed in', async () => {
    const model = onnxModel([
      field(1, node('Neg', ['a'], ['y'])),
      field(1, node('Relu', ['x'], ['a'])),
      field(1, node('Abs', ['x'], ['z'])),
      field(11, valueInfo('x', ['N'])),
      field(12, valueInfo('y', ['N'])),
      field(12, valueInfo('z', ['N'])),
    ]);
    const session = await createSession(pruneToOutputs(model, ['y']));
    expect(session.outputNames).toEqual(['y']);
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([-2, 3]), [2]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([-0, -3]);
  });

  it('the registry shares the full session when nothing is pruned, and keeps a pruned one apart', async () => {
    const model = registry.get('lhco-dream');
    const { score_output: score, gradient_output: grad } = model.card.onnx;
    expect(await registry.session(model, [score, grad!])).toBe(await registry.session(model));
    const pruned = await registry.session(model, [score]);
    expect(pruned).not.toBe(await registry.session(model));
    expect(pruned.outputNames).toEqual([score]);
  });
});
