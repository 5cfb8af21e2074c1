/**
 * Finite-difference gradient checking: runs the forward graph and the engine's gradient graph in
 * onnxruntime-node (float64) and compares the analytic gradients with central differences of a
 * randomly weighted sum of the output, L = Σ y·r.
 */
import { Rng } from '../../../src/stats/rng.js';
import { grad } from '../autodiff.js';
import { Graph, type Tensor } from '../graph.js';
import { mul, reduceSum } from '../ops/index.js';
import { Program } from '../runtime.js';
import type { Shape } from '../shape.js';

export interface GradInput {
  /** Concrete dims of the fed value. */
  dims: number[];
  /** Declared shape (may be symbolic, e.g. ['N', 3]); defaults to dims. */
  shape?: Shape;
  /** Draws one element (default: uniform in ±(0.2..1.5), away from 0). */
  sample?: (rng: Rng) => number;
  /** Whether to differentiate with respect to this input (default true). */
  differentiate?: boolean;
}

export interface GradCase {
  name: string;
  /** Op types this case exercises, for the coverage check. */
  ops: string[];
  inputs: Record<string, GradInput>;
  build: (inputs: Record<string, Tensor>, g: Graph) => Tensor;
  /** Finite-difference step (default 1e-6). */
  h?: number;
  /** Allowed error: |analytic − numeric| <= atol + rtol·|numeric| (defaults 1e-7 and 1e-6). */
  atol?: number;
  rtol?: number;
}

export interface GradReport {
  name: string;
  checked: number;
  worst: { input: string; index: number; analytic: number; numeric: number; error: number } | undefined;
  failures: string[];
}

/** Away from the kinks of relu/abs/clip and from the poles of log/div. */
export const signedAwayFromZero = (rng: Rng): number => (rng.uniform() < 0.5 ? -1 : 1) * (0.2 + 1.3 * rng.uniform());
export const positive = (rng: Rng): number => 0.5 + 1.5 * rng.uniform();

/** Runs one case and reports every element whose gradient is off. */
export async function gradCheck(c: GradCase, seed = 1): Promise<GradReport> {
  const rng = new Rng(seed);
  const g = new Graph({ dtype: 'float64' });
  const tensors: Record<string, Tensor> = {};
  const values: Record<string, Float64Array> = {};
  const bindings = new Map<string, number>();
  for (const [name, spec] of Object.entries(c.inputs)) {
    const shape = spec.shape ?? spec.dims;
    shape.forEach((d, i) => typeof d === 'string' && bindings.set(d, spec.dims[i]));
    tensors[name] = g.input(name, shape);
    const n = spec.dims.reduce((a, b) => a * b, 1);
    values[name] = Float64Array.from({ length: n }, () => (spec.sample ?? signedAwayFromZero)(rng));
  }
  const y = c.build(tensors, g);
  const yDims = y.shape.map((d) => (typeof d === 'number' ? d : bindings.get(d)!));
  const r = g.input('__weights', y.shape);
  const rValues = Float64Array.from({ length: yDims.reduce((a, b) => a * b, 1) }, () => rng.normal());
  const loss = reduceSum(mul(y, r));
  const wrt = Object.keys(c.inputs).filter((n) => c.inputs[n].differentiate !== false);
  const grads = grad(loss, wrt.map((n) => tensors[n]));

  const outputs: Record<string, Tensor> = { loss };
  wrt.forEach((n, i) => (outputs[`grad_${n}`] = grads[i]));
  const analytic = await Program.compile(g, { outputs });
  const forward = await Program.compile(g, { outputs: { loss } });
  const feeds = (vals: Record<string, Float64Array>) => {
    const f: Record<string, { data: Float64Array; dims: number[] }> = { __weights: { data: rValues, dims: yDims } };
    for (const name of Object.keys(c.inputs)) f[name] = { data: vals[name], dims: c.inputs[name].dims };
    // Only feed what each program declares (unused inputs are pruned from the model).
    return f;
  };
  const run = async (program: Program, vals: Record<string, Float64Array>) => {
    const all = feeds(vals);
    return program.run(Object.fromEntries(program.inputs.map((s) => [s.name, all[s.name]])));
  };

  const result = await run(analytic, values);
  const h = c.h ?? 1e-6;
  const atol = c.atol ?? 1e-7;
  const rtol = c.rtol ?? 1e-6;
  const report: GradReport = { name: c.name, checked: 0, worst: undefined, failures: [] };
  for (const name of wrt) {
    const a = result[`grad_${name}`].data as Float64Array;
    for (let i = 0; i < values[name].length; i++) {
      const plus = { ...values, [name]: values[name].slice() };
      plus[name][i] += h;
      const minus = { ...values, [name]: values[name].slice() };
      minus[name][i] -= h;
      const lp = (await run(forward, plus)).loss.data[0] as number;
      const lm = (await run(forward, minus)).loss.data[0] as number;
      const numeric = (lp - lm) / (2 * h);
      const error = Math.abs(a[i] - numeric);
      report.checked++;
      if (!report.worst || error > report.worst.error) report.worst = { input: name, index: i, analytic: a[i], numeric, error };
      if (!(error <= atol + rtol * Math.abs(numeric))) {
        report.failures.push(`${name}[${i}]: analytic ${a[i]} vs numeric ${numeric}`);
      }
    }
  }
  await analytic.release();
  await forward.release();
  return report;
}
