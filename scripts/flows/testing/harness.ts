/**
 * Test helpers: random parameter values (so that layers are far from their identity start) and
 * running a graph with them embedded.
 *
 * @example
 *   const g = new Graph({ dtype: 'float64' });
 *   const x = g.input('x', ['N', 2]);
 *   const { y } = layer.forward(x);
 *   const out = await run(g, { y }, { x: data }, randomParams(g.params, new Rng(1)));
 */
import { Rng } from '../../../src/stats/rng.js';
import { Program, type Feed, type FloatArray, type Graph, type ParamValues, type Tensor } from '../../engine/index.js';

/** Normal(0, std²) values for every parameter (in the parameter's type unless `dtype` is given). */
export function randomParams(params: readonly Tensor[], rng: Rng, std = 0.5, dtype?: 'float32' | 'float64'): ParamValues {
  const out: ParamValues = {};
  for (const p of params) {
    const n = (p.shape as number[]).reduce((a, b) => a * b, 1);
    const values = (dtype ?? p.dtype) === 'float64' ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = rng.normal() * std;
    out[p.name!] = values;
  }
  return out;
}

/** All-zero values for every parameter. */
export function zeroParams(params: readonly Tensor[]): ParamValues {
  return Object.fromEntries(params.map((p) => {
    const n = (p.shape as number[]).reduce((a, b) => a * b, 1);
    return [p.name!, p.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n)];
  }));
}

/** Compiles the outputs with the parameters embedded and runs them once. */
export async function run(
  g: Graph,
  outputs: Readonly<Record<string, Tensor>>,
  feeds: Readonly<Record<string, Feed>>,
  params: ParamValues,
): Promise<Record<string, FloatArray>> {
  const program = await Program.compile(g, { outputs, initializers: params });
  try {
    const result = await program.run(feeds);
    return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v.data as FloatArray]));
  } finally {
    await program.release();
  }
}

/** n × d values from N(0, scale²), as float32 or float64. */
export function normalData(n: number, d: number, rng: Rng, scale = 1, dtype: 'float32' | 'float64' = 'float32'): FloatArray {
  const out = dtype === 'float64' ? new Float64Array(n * d) : new Float32Array(n * d);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal() * scale;
  return out;
}

/** Largest |a − b| over two arrays of equal length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export { Rng };
