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

/** A protobuf length-delimited field. */
function field(number: number, payload: Uint8Array | string): Uint8Array {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  if (bytes.length > 127) throw new Error('short fields only');
  return new Uint8Array([number * 8 + 2, bytes.length, ...bytes]);
}
const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

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

  it('the registry shares the full session when nothing is pruned, and keeps a pruned one apart', async () => {
    const model = registry.get('lhco-dream');
    const { score_output: score, gradient_output: grad } = model.card.onnx;
    expect(registry.session(model, [score, grad!])).toBe(registry.session(model));
    const pruned = await registry.session(model, [score]);
    expect(pruned).not.toBe(await registry.session(model));
    expect(pruned.outputNames).toEqual([score]);
  });
});
