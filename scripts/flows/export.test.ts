/**
 * The exported ONNX models, run in onnxruntime-node exactly as a consumer would: names and shapes
 * of inputs and outputs, log_prob equal to the training graph's, sample = inverse of transform, and
 * the transport model equal to transform-then-sample across contexts.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Graph, initParams } from '../engine/index.js';
import { funnelFlow } from './builders.js';
import { FLOW_IO, exportLogProb, exportSampler, exportTransform, exportTransport } from './export.js';
import { Rng, maxAbsDiff, normalData, randomParams, run } from './testing/harness.js';

const flow = funnelFlow({ features: 4, contextFeatures: 1, drops: [1, 1], layersPerStage: 1, net: { hidden: [16], activation: 'tanh' }, spline: { bins: 6, bound: 3 } });
// The reference log-likelihoods come from the flow's own graph in float64.
const g = new Graph({ dtype: 'float64' });
const xIn = g.input('x', ['N', 4]);
const cIn = g.input('context', ['N', 1]);
const logp = flow.logProb(xIn, cIn);
const params = randomParams(g.params, new Rng(3), 0.2, 'float32');
const rng = new Rng(4);
const n = 50;
const x = normalData(n, 4, rng, 1.5) as Float32Array;
const context = normalData(n, 1, rng) as Float32Array;

async function session(bytes: Uint8Array) {
  return ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
}
const tensor = (data: Float32Array, cols: number) => new ort.Tensor('float32', data, [data.length / cols, cols]);

describe('flow export', () => {
  it('log_prob: inputs x and context, output log_prob [N], equal to the flow graph (float64 inside, float32 out)', async () => {
    const s = await session(exportLogProb(flow, params));
    expect(s.inputNames).toEqual([FLOW_IO.x, FLOW_IO.context]);
    expect(s.outputNames).toEqual([FLOW_IO.logProb]);
    const out = await s.run({ x: tensor(x, 4), context: tensor(context, 1) });
    expect(out.log_prob.type).toBe('float32');
    expect(out.log_prob.dims).toEqual([n]);
    const expected = await run(g, { logp }, { x: Float64Array.from(x), context: Float64Array.from(context) }, params);
    const values = out.log_prob.data as Float32Array;
    // Only the final rounding to float32 differs.
    values.forEach((v, i) => expect(Math.abs(v - expected.logp[i])).toBeLessThanOrEqual(Math.abs(expected.logp[i]) * 2 ** -23));
    const single = await session(exportLogProb(flow, params, { compute: 'float32' }));
    const inFloat32 = (await single.run({ x: tensor(x, 4), context: tensor(context, 1) })).log_prob.data as Float32Array;
    expect(maxAbsDiff(inFloat32, expected.logp)).toBeLessThan(1e-4);
  });

  it('sample inverts transform, and transport = sample(transform(x; from); to)', async () => {
    const transform = await session(exportTransform(flow, params));
    const sampler = await session(exportSampler(flow, params));
    const transport = await session(exportTransport(flow, params));
    expect(transform.outputNames).toEqual([FLOW_IO.z, FLOW_IO.logdet]);
    expect(sampler.inputNames).toEqual([FLOW_IO.z, FLOW_IO.context]);
    expect(transport.inputNames).toEqual([FLOW_IO.x, FLOW_IO.contextFrom, FLOW_IO.contextTo]);
    const z = (await transform.run({ x: tensor(x, 4), context: tensor(context, 1) })).z.data as Float32Array;
    const back = (await sampler.run({ z: tensor(z, 4), context: tensor(context, 1) })).x.data as Float32Array;
    expect(maxAbsDiff(back, x)).toBeLessThan(1e-4);
    const to = context.map((c) => c + 1);
    const moved = await transport.run({ x: tensor(x, 4), context_from: tensor(context, 1), context_to: tensor(to, 1) });
    const viaLatent = (await sampler.run({ z: tensor(z, 4), context: tensor(to, 1) })).x.data as Float32Array;
    expect(maxAbsDiff(moved.y.data as Float32Array, viaLatent)).toBeLessThan(1e-5);
    expect(moved.logdet.dims).toEqual([n]);
  });

  it('refuses to export without a value for every parameter, and a transport without context', () => {
    const { ['stage0.0.lu.bias']: _dropped, ...partial } = initParams(g.params, new Rng(1));
    expect(() => exportLogProb(flow, partial)).toThrow(/no values for parameters/);
    const plain = funnelFlow({ features: 3, drops: [1] });
    expect(() => exportTransport(plain, {})).toThrow(/no context/);
  });
});
