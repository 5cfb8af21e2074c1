/**
 * Every op's gradient against central finite differences (float64, onnxruntime-node), including
 * broadcasting and symbolic-dimension cases, plus forward values of the non-differentiable ops.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/stats/rng.js';
import { Graph } from './graph.js';
import * as op from './ops/index.js';
import { listOps } from './registry.js';
import { Program } from './runtime.js';
import { type GradCase, gradCheck, positive } from './testing/gradcheck.js';

const awayFromHalf = (rng: Rng) => (rng.uniform() < 0.5 ? -1 : 1) * (rng.uniform() < 0.5 ? 0.1 + 0.3 * rng.uniform() : 0.6 + 0.8 * rng.uniform());
const wide = (rng: Rng) => (rng.uniform() - 0.5) * 80; // exercises the stable softplus branches

const cases: GradCase[] = [
  // Elementwise binary, with broadcasting.
  { name: 'add [2,3]+[3]', ops: ['Add'], inputs: { a: { dims: [2, 3] }, b: { dims: [3] } }, build: ({ a, b }) => op.add(a, b) },
  { name: 'add [2,1,4]+[3,1]', ops: ['Add'], inputs: { a: { dims: [2, 1, 4] }, b: { dims: [3, 1] } }, build: ({ a, b }) => op.add(a, b) },
  { name: 'add scalar tensor', ops: ['Add'], inputs: { a: { dims: [] }, b: { dims: [2, 2] } }, build: ({ a, b }) => op.add(a, b) },
  { name: 'sub [3,1]-[1,4]', ops: ['Sub'], inputs: { a: { dims: [3, 1] }, b: { dims: [1, 4] } }, build: ({ a, b }) => op.sub(a, b) },
  { name: 'mul [2,3,4]*[3,1]', ops: ['Mul'], inputs: { a: { dims: [2, 3, 4] }, b: { dims: [3, 1] } }, build: ({ a, b }) => op.mul(a, b) },
  { name: 'mul same tensor', ops: ['Mul'], inputs: { a: { dims: [5] } }, build: ({ a }) => op.mul(a, a) },
  { name: 'div [2,3]/[2,1]', ops: ['Div'], inputs: { a: { dims: [2, 3] }, b: { dims: [2, 1] } }, build: ({ a, b }) => op.div(a, b) },
  { name: 'div number/x', ops: ['Div'], inputs: { a: { dims: [4] } }, build: ({ a }) => op.div(2, a) },
  {
    name: 'pow [2,3]^[3]',
    ops: ['Pow'],
    inputs: { a: { dims: [2, 3], sample: positive }, b: { dims: [3] } },
    build: ({ a, b }) => op.pow(a, b),
  },
  { name: 'pow x^3', ops: ['Pow'], inputs: { a: { dims: [2, 2] } }, build: ({ a }) => op.pow(a, 3) },
  { name: 'neg', ops: ['Neg'], inputs: { a: { dims: [3] } }, build: ({ a }) => op.neg(a) },

  // Elementwise unary.
  { name: 'exp', ops: ['Exp'], inputs: { a: { dims: [2, 3] } }, build: ({ a }) => op.exp(a) },
  { name: 'log', ops: ['Log'], inputs: { a: { dims: [2, 3], sample: positive } }, build: ({ a }) => op.log(a) },
  { name: 'sqrt', ops: ['Sqrt'], inputs: { a: { dims: [2, 3], sample: positive } }, build: ({ a }) => op.sqrt(a) },
  { name: 'abs', ops: ['Abs'], inputs: { a: { dims: [2, 3] } }, build: ({ a }) => op.abs(a) },
  { name: 'relu', ops: ['Relu'], inputs: { a: { dims: [2, 4] } }, build: ({ a }) => op.relu(a) },
  { name: 'leaky relu', ops: ['LeakyRelu'], inputs: { a: { dims: [2, 4] } }, build: ({ a }) => op.leakyRelu(a, 0.2) },
  { name: 'sigmoid', ops: ['Sigmoid'], inputs: { a: { dims: [2, 3] } }, build: ({ a }) => op.sigmoid(a) },
  { name: 'softplus', ops: ['Softplus'], inputs: { a: { dims: [2, 3] } }, build: ({ a }) => op.softplus(a) },
  { name: 'softplus large |x|', ops: ['Softplus'], inputs: { a: { dims: [8], sample: wide } }, build: ({ a }) => op.softplus(a), atol: 1e-6 },
  { name: 'tanh', ops: ['Tanh'], inputs: { a: { dims: [2, 3] } }, build: ({ a }) => op.tanh(a) },

  // Selection and clipping (bool paths carry no gradient: c gets zeros).
  {
    name: 'where [2,1] ? [2,3] : [3]',
    ops: ['Where', 'Greater'],
    inputs: { c: { dims: [2, 1] }, a: { dims: [2, 3] }, b: { dims: [3] } },
    build: ({ c, a, b }) => op.where(op.greater(c, 0), a, b),
  },
  { name: 'clip [-0.5, 0.5]', ops: ['Clip'], inputs: { a: { dims: [3, 4], sample: awayFromHalf } }, build: ({ a }) => op.clip(a, -0.5, 0.5) },
  { name: 'clip max only', ops: ['Clip'], inputs: { a: { dims: [6], sample: awayFromHalf } }, build: ({ a }) => op.clip(a, undefined, 0.5) },

  // Reductions.
  { name: 'reduceSum axis 1', ops: ['ReduceSum'], inputs: { a: { dims: [2, 3, 2] } }, build: ({ a }) => op.reduceSum(a, 1) },
  { name: 'reduceSum keepdims', ops: ['ReduceSum'], inputs: { a: { dims: [2, 3, 2] } }, build: ({ a }) => op.reduceSum(a, [0, -1], true) },
  { name: 'reduceSum all', ops: ['ReduceSum'], inputs: { a: { dims: [2, 3] } }, build: ({ a }) => op.reduceSum(a) },
  { name: 'reduceMean axes [0,2]', ops: ['ReduceMean'], inputs: { a: { dims: [2, 3, 4] } }, build: ({ a }) => op.reduceMean(a, [0, 2]) },
  { name: 'reduceMean keepdims', ops: ['ReduceMean'], inputs: { a: { dims: [3, 4] } }, build: ({ a }) => op.reduceMean(a, 1, true) },
  {
    name: 'reduceMean over symbolic N',
    ops: ['ReduceMean', 'Expand'],
    inputs: { a: { dims: [5, 3], shape: ['N', 3] } },
    build: ({ a }) => op.reduceMean(a, 0),
  },
  {
    name: 'reduceMean all with symbolic N',
    ops: ['ReduceMean'],
    inputs: { a: { dims: [4, 2], shape: ['N', 2] } },
    build: ({ a }) => op.reduceMean(a),
  },

  // Matrix products.
  { name: 'matmul [2,3]x[3,4]', ops: ['MatMul', 'Gemm'], inputs: { a: { dims: [2, 3] }, b: { dims: [3, 4] } }, build: ({ a, b }) => op.matmul(a, b) },
  {
    name: 'matmul batched [2,2,3]x[3,4]',
    ops: ['MatMul', 'Transpose'],
    inputs: { a: { dims: [2, 2, 3] }, b: { dims: [3, 4] } },
    build: ({ a, b }) => op.matmul(a, b),
  },
  {
    name: 'matmul broadcast batch [2,1,2,3]x[3,3,2]',
    ops: ['MatMul'],
    inputs: { a: { dims: [2, 1, 2, 3] }, b: { dims: [3, 3, 2] } },
    build: ({ a, b }) => op.matmul(a, b),
  },
  ...[false, true].flatMap((transA) =>
    [false, true].map(
      (transB): GradCase => ({
        name: `gemm transA=${transA} transB=${transB} with bias [4], alpha/beta`,
        ops: ['Gemm'],
        inputs: { a: { dims: transA ? [3, 2] : [2, 3] }, b: { dims: transB ? [4, 3] : [3, 4] }, c: { dims: [4] } },
        build: ({ a, b, c }) => op.gemm(a, b, { bias: c, transA, transB, alpha: 0.75, beta: 1.5 }),
      }),
    ),
  ),
  {
    name: 'gemm with column bias [2,1] and symbolic rows',
    ops: ['Gemm'],
    inputs: { a: { dims: [2, 3], shape: ['N', 3] }, b: { dims: [3, 4] }, c: { dims: [1, 4] } },
    build: ({ a, b, c }) => op.gemm(a, b, { bias: c }),
  },

  // Shape ops.
  { name: 'reshape [2,6]->[3,4]', ops: ['Reshape'], inputs: { a: { dims: [2, 6] } }, build: ({ a }) => op.reshape(a, [3, 4]) },
  {
    name: 'reshape [N,6]->[N,2,3]',
    ops: ['Reshape'],
    inputs: { a: { dims: [3, 6], shape: ['N', 6] } },
    build: ({ a }) => op.reshape(a, ['N', 2, 3]),
  },
  { name: 'squeeze/unsqueeze', ops: ['Reshape'], inputs: { a: { dims: [3, 1] } }, build: ({ a }) => op.unsqueeze(op.squeeze(a, 1), 0) },
  { name: 'transpose perm [2,0,1]', ops: ['Transpose'], inputs: { a: { dims: [2, 3, 4] } }, build: ({ a }) => op.transpose(a, [2, 0, 1]) },
  {
    name: 'concat axis 1',
    ops: ['Concat'],
    inputs: { a: { dims: [2, 3] }, b: { dims: [2, 1] } },
    build: ({ a, b }) => op.concat([a, b], 1),
  },
  {
    name: 'concat three on axis 0 with symbolic columns',
    ops: ['Concat'],
    inputs: { a: { dims: [1, 2] }, b: { dims: [2, 2] }, c: { dims: [1, 2] } },
    build: ({ a, b, c }) => op.concat([a, b, op.mul(c, a)], 0),
  },
  { name: 'slice [1:3, 1:-1]', ops: ['Slice', 'Pad'], inputs: { a: { dims: [3, 5] } }, build: ({ a }) => op.slice(a, [1, 1], [3, -1]) },
  {
    name: 'slice on axis 1 of [N,5]',
    ops: ['Slice'],
    inputs: { a: { dims: [2, 5], shape: ['N', 5] } },
    build: ({ a }) => op.slice(a, [2], [5], [1]),
  },
  { name: 'pad [2,3] by [1,0 | 0,2]', ops: ['Pad', 'Slice'], inputs: { a: { dims: [2, 3] } }, build: ({ a }) => op.pad(a, [1, 0, 0, 2]) },
  {
    name: 'expandAs [3,1] like [2,3,4]',
    ops: ['Expand'],
    inputs: { a: { dims: [3, 1] }, like: { dims: [2, 3, 4], differentiate: false } },
    build: ({ a, like }) => op.expandAs(a, like),
  },
  { name: 'identity', ops: ['Identity'], inputs: { a: { dims: [3] } }, build: ({ a }) => op.identity(a) },
  {
    // float32 rounding limits the precision: a larger step on a function linear in the input.
    name: 'cast float64 -> float32 -> float64',
    ops: ['Cast'],
    inputs: { a: { dims: [4] } },
    build: ({ a }) => op.mul(op.cast(op.cast(a, 'float32'), 'float64'), 3),
    h: 1e-2,
    rtol: 1e-5,
    atol: 1e-5,
  },
  {
    name: 'integer path carries no gradient',
    ops: ['Cast', 'Greater'],
    inputs: { a: { dims: [5] } },
    build: ({ a }) => op.mul(a, op.cast(op.greater(a, 0), 'float64')),
  },

  // Softmax, cumulative sums and index selection: what the rational-quadratic spline is built from.
  { name: 'softmax last axis', ops: ['Softmax'], inputs: { a: { dims: [2, 3, 4] } }, build: ({ a }) => op.softmax(a) },
  { name: 'softmax axis 0 of [N,3]', ops: ['Softmax'], inputs: { a: { dims: [3, 3], shape: ['N', 3] } }, build: ({ a }) => op.softmax(a, 0) },
  { name: 'cumsum axis 1', ops: ['CumSum'], inputs: { a: { dims: [2, 4] } }, build: ({ a }) => op.cumsum(a, 1) },
  {
    name: 'cumsum exclusive reverse on [N,2,3]',
    ops: ['CumSum'],
    inputs: { a: { dims: [2, 2, 3], shape: ['N', 2, 3] } },
    build: ({ a }) => op.cumsum(a, -1, { exclusive: true, reverse: true }),
  },
  {
    name: 'gatherElements by a bin search (repeated indices)',
    ops: ['GatherElements', 'ScatterElements', 'GreaterOrEqual', 'ReduceSum', 'Cast'],
    inputs: { knots: { dims: [3, 5] }, x: { dims: [3, 1], differentiate: false } },
    build: ({ knots, x }) => {
      // The bin of x among fixed edges, found by counting edges at or below it, then gathered twice.
      const edges = knots.graph.constant([-1, -0.5, 0, 0.5], [4], 'float64');
      const bin = op.cast(op.reduceSum(op.cast(op.greaterOrEqual(x, edges), 'float64'), 1, true), 'int64');
      return op.mul(op.gatherElements(knots, op.concat([bin, bin], 1), 1), x);
    },
  },
  {
    name: 'gatherElements with indices smaller than data off the axis',
    ops: ['GatherElements'],
    inputs: { a: { dims: [3, 4] } },
    build: ({ a }) => op.gatherElements(a, a.graph.constant([3, 0, 1, 1], [2, 2], 'int64'), 1),
  },
  {
    name: 'scatterAdd into data (updates and data)',
    ops: ['ScatterElements', 'GatherElements'],
    inputs: { d: { dims: [2, 4] }, u: { dims: [2, 3] } },
    build: ({ d, u }) => op.scatterAdd(d, d.graph.constant([0, 2, 0, 3, 3, 1], [2, 3], 'int64'), u, 1),
  },

  // Sorting (TopK): what the sliced-Wasserstein distance is built from.
  { name: 'sort axis 0 of [N,3]', ops: ['TopK'], inputs: { a: { dims: [5, 3], shape: ['N', 3] } }, build: ({ a }) => op.sort(a, 0) },
  {
    name: 'topK 2 smallest of 4, then a product',
    ops: ['TopK', 'ScatterElements'],
    inputs: { a: { dims: [3, 4] } },
    build: ({ a }) => op.mul(op.topK(a, 2, 1, { smallest: true }).values, op.topK(a, 2, 1).values),
  },

  {
    name: 'split [N,7] into 2+4+1, one piece unused',
    ops: ['Split', 'Concat'],
    inputs: { a: { dims: [2, 7], shape: ['N', 7] } },
    build: ({ a }) => {
      const [p, , r] = op.split(a, [2, 4, 1], 1);
      return op.mul(p, r);
    },
  },

  // A composite: one hidden layer, leaky relu, BCE-style loss terms.
  {
    name: 'composite mlp + bce terms',
    ops: ['Gemm', 'LeakyRelu', 'Softplus', 'ReduceMean'],
    inputs: { x: { dims: [4, 3], shape: ['N', 3], differentiate: false }, w1: { dims: [3, 5] }, b1: { dims: [5] }, w2: { dims: [5, 1] } },
    build: ({ x, w1, b1, w2 }) => {
      const z = op.squeeze(op.gemm(op.leakyRelu(op.gemm(x, w1, { bias: b1 }), 0.1), w2), 1);
      return op.reduceMean(op.sub(op.softplus(z), op.mul(op.sigmoid(z), z)));
    },
  },
];

describe('op gradients match central finite differences (float64)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const report = await gradCheck(c);
    expect(report.checked).toBeGreaterThan(0);
    expect(report.failures).toEqual([]);
  });

  it('every differentiable op has at least one gradient case', () => {
    const covered = new Set(cases.flatMap((c) => c.ops));
    const missing = listOps()
      .filter((o) => o.vjp)
      .map((o) => o.type)
      .filter((t) => !covered.has(t));
    expect(missing).toEqual([]);
  });
});

/** Forward values against plain JS, in both float types. */
describe('forward values', () => {
  const xs = [-30, -2.5, -0.5, 0, 0.5, 2.5, 30];
  const unary: [string, (t: ReturnType<Graph['input']>) => ReturnType<Graph['input']>, (v: number) => number][] = [
    ['relu', op.relu, (v) => Math.max(v, 0)],
    ['leakyRelu', (t) => op.leakyRelu(t, 0.1), (v) => (v > 0 ? v : Math.fround(0.1) * v)],
    ['sigmoid', op.sigmoid, (v) => 1 / (1 + Math.exp(-v))],
    ['softplus', op.softplus, (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))],
    ['tanh', op.tanh, Math.tanh],
    ['exp', op.exp, Math.exp],
    ['abs', op.abs, Math.abs],
    ['sign', op.sign, Math.sign],
    ['neg', op.neg, (v) => -v],
    ['clip', (t) => op.clip(t, -1, 2), (v) => Math.min(2, Math.max(-1, v))],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    it(`unary ops in ${dtype}`, async () => {
      const g = new Graph({ dtype });
      const x = g.input('x', [xs.length]);
      const outputs = Object.fromEntries(unary.map(([name, f]) => [name, f(x)]));
      const program = await Program.compile(g, { outputs });
      const data = dtype === 'float32' ? Float32Array.from(xs) : Float64Array.from(xs);
      const result = await program.run({ x: data });
      for (const [name, , ref] of unary) {
        const got = Array.from(result[name].data as Float64Array);
        const want = xs.map(ref);
        const tol = dtype === 'float32' ? 1e-6 : 1e-14;
        got.forEach((v, i) => expect(Math.abs(v - want[i]), `${name}(${xs[i]}) = ${v}, want ${want[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]))));
      }
    });
  }

  it('comparisons, logic and element counts', async () => {
    const g = new Graph({ dtype: 'float64' });
    const a = g.input('a', ['N', 2]);
    const b = g.input('b', [2]);
    const outputs = {
      less: op.less(a, b),
      greater: op.greater(a, b),
      lessOrEqual: op.lessOrEqual(a, b),
      greaterOrEqual: op.greaterOrEqual(a, b),
      equal: op.equal(a, b),
      and: op.and(op.greater(a, 0), op.less(a, b)),
      or: op.or(op.greater(a, 0), op.less(a, b)),
      not: op.not(op.greater(a, 0)),
      count: op.elementCount(a, 0),
      countAll: op.elementCount(a),
      countStatic: op.elementCount(b),
    };
    const program = await Program.compile(g, { outputs });
    const av = [1, 2, 3, -4, 0, 5];
    const bv = [1, 3];
    const r = await program.run({ a: Float64Array.from(av), b: Float64Array.from(bv) });
    const pairs = av.map((v, i) => [v, bv[i % 2]] as const);
    const bools = (name: string) => Array.from(r[name].data as Uint8Array).map(Boolean);
    expect(bools('less')).toEqual(pairs.map(([p, q]) => p < q));
    expect(bools('greater')).toEqual(pairs.map(([p, q]) => p > q));
    expect(bools('lessOrEqual')).toEqual(pairs.map(([p, q]) => p <= q));
    expect(bools('greaterOrEqual')).toEqual(pairs.map(([p, q]) => p >= q));
    expect(bools('equal')).toEqual(pairs.map(([p, q]) => p === q));
    expect(bools('and')).toEqual(pairs.map(([p, q]) => p > 0 && p < q));
    expect(bools('or')).toEqual(pairs.map(([p, q]) => p > 0 || p < q));
    expect(bools('not')).toEqual(pairs.map(([p]) => !(p > 0)));
    expect(r.count.data[0]).toBe(3);
    expect(r.countAll.data[0]).toBe(6);
    expect(r.countStatic.data[0]).toBe(2);
  });

  it('matmul, gemm, concat, slice, pad and transpose values', async () => {
    const g = new Graph({ dtype: 'float64' });
    const a = g.input('a', [2, 3]);
    const b = g.input('b', [3, 2]);
    const outputs = {
      matmul: op.matmul(a, b),
      gemm: op.gemm(a, b, { transA: true, transB: true, alpha: 2 }),
      concat: op.concat([a, op.transpose(b)], 0),
      slice: op.slice(a, [1], [3], [1]),
      pad: op.pad(op.slice(a, [0], [1]), [0, 1, 1, 0]),
    };
    const program = await Program.compile(g, { outputs });
    const r = await program.run({ a: Float64Array.from([1, 2, 3, 4, 5, 6]), b: Float64Array.from([1, 0, 0, 1, 1, 1]) });
    expect(Array.from(r.matmul.data as Float64Array)).toEqual([4, 5, 10, 11]);
    // 2·aᵀ·bᵀ: aᵀ [3,2] x bᵀ [2,3]
    expect(Array.from(r.gemm.data as Float64Array)).toEqual([2, 8, 10, 4, 10, 14, 6, 12, 18]);
    expect(Array.from(r.concat.data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6, 1, 0, 1, 0, 1, 1]);
    expect(Array.from(r.slice.data as Float64Array)).toEqual([2, 3, 5, 6]);
    expect(r.pad.dims).toEqual([2, 4]);
    expect(Array.from(r.pad.data as Float64Array)).toEqual([0, 1, 2, 3, 0, 0, 0, 0]);
  });

  it('every op without a gradient is exercised by a forward test', () => {
    const exercised = new Set(['Sign', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Equal', 'And', 'Or', 'Not', 'ElementCount']);
    const missing = listOps()
      .filter((o) => !o.vjp)
      .map((o) => o.type)
      .filter((t) => !exercised.has(t));
    expect(missing).toEqual([]);
  });
});
