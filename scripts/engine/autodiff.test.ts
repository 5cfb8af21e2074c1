import { describe, expect, it } from 'vitest';
import { grad } from './autodiff.js';
import { Graph } from './graph.js';
import { emitModel } from './onnx/emit.js';
import * as op from './ops/index.js';
import { Program } from './runtime.js';

describe('grad', () => {
  it('accumulates gradients of a tensor used more than once', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [3]);
    const y = op.reduceSum(op.add(op.mul(x, x), x)); // d/dx = 2x + 1
    const [dx] = grad(y, [x]);
    const r = await (await Program.compile(g, { outputs: { dx } })).run({ x: Float64Array.from([1, -2, 0.5]) });
    expect(Array.from(r.dx.data as Float64Array)).toEqual([3, -3, 2]);
  });

  it('differentiates the sum of a non-scalar output, or uses a given seed', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', ['N', 2]);
    const seed = g.input('seed', ['N', 2]);
    const y = op.mul(x, 3);
    const [dSum] = grad(y, [x]);
    const [dSeed] = grad(y, [x], seed);
    const r = await (await Program.compile(g, { outputs: { dSum, dSeed } })).run({
      x: Float64Array.from([1, 2, 3, 4]),
      seed: Float64Array.from([1, 0, 2, 0]),
    });
    expect(Array.from(r.dSum.data as Float64Array)).toEqual([3, 3, 3, 3]);
    expect(Array.from(r.dSeed.data as Float64Array)).toEqual([3, 0, 6, 0]);
  });

  it('gives zeros for tensors that reach the output only through bool/int values, or not at all', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [2]);
    const w = g.param('w', [2]);
    const n = g.input('n', [2], 'int64');
    const y = op.reduceSum(op.mul(op.cast(op.greater(x, 0), 'float64'), op.cast(n, 'float64')));
    const [dx, dw, dn] = grad(y, [x, w, n]);
    expect(dn.dtype).toBe('float64');
    const program = await Program.compile(g, { outputs: { dx, dw } });
    const r = await program.run(Object.fromEntries(program.inputs.map((s) => [s.name, new Float64Array(2).fill(1)])));
    expect(Array.from(r.dx.data as Float64Array)).toEqual([0, 0]);
    expect(Array.from(r.dw.data as Float64Array)).toEqual([0, 0]);
  });

  it('differentiates only the branches between wrt and the output', () => {
    const g = new Graph();
    const x = g.input('x', ['N', 4]);
    const a = g.param('a', [4, 4]);
    const b = g.param('b', [4, 4]);
    const ha = op.tanh(op.matmul(x, a));
    const hb = op.exp(op.matmul(x, b)); // does not depend on a
    const loss = op.reduceMean(op.add(ha, hb));
    const [da] = grad(loss, [a]);
    const types = g.nodes.map((n) => n.op.type);
    // The backward pass must not contain Exp's gradient (a Mul with Exp's output) nor b's MatMul gradient.
    const model = emitModel(g, { outputs: { da } });
    expect(model.inputs.map((s) => s.name).sort()).toEqual(['a', 'x']);
    expect(types.filter((t) => t === 'Exp')).toHaveLength(1);
    expect(g.nodes.filter((n) => n.op.type === 'Gemm' && n.inputs.includes(b))).toHaveLength(0);
  });

  it('rejects a vjp that returns a gradient of the wrong shape', async () => {
    const { defineOp } = await import('./registry.js');
    const { applyOne } = await import('./graph.js');
    const Bad = defineOp({
      type: 'TestBadShapeGradient',
      infer: ([t]) => [{ dtype: t.dtype, shape: t.shape }],
      emit: () => undefined,
      vjp: (node, [gr]) => [gr && op.reduceSum(gr, 0)],
    });
    const g = new Graph();
    const x = g.input('x', [2, 3]);
    expect(() => grad(op.reduceSum(applyOne(Bad, [x], {})), [x])).toThrow(/vjp returned/);
  });
});
