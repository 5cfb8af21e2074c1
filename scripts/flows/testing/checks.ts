/**
 * The checks every bijection must pass, shared by the per-module tests:
 * - round trip: inverse(forward(x)) = x (float32, random parameters, with or without context);
 * - log |det J| of forward plus that of inverse at the image = 0;
 * - all-zero parameters give the identity with log-det 0;
 * - log |det J| equals log |det| of a central finite-difference Jacobian (float64).
 *
 * @example
 *   const r = await roundTrip((dtype) => new LULinear({ name: 'lu', features: 3 }), { features: 3 });
 *   expect(r.maxError).toBeLessThan(1e-4);
 */
import { Graph, type FloatArray, type ParamValues } from '../../engine/index.js';
import type { Bijection } from '../core.js';
import { Rng, maxAbsDiff, normalData, randomParams, run, zeroParams } from './harness.js';

export interface CheckOptions {
  features: number;
  contextFeatures?: number;
  /** Events (default 64). */
  n?: number;
  /** Scale of the N(0, scale²) inputs (default 2: a few fall outside a bound of 5). */
  scale?: number;
  seed?: number;
  /** Parameter values: random (default std 0.5), or all zero. */
  params?: 'random' | 'zero';
  paramStd?: number;
}

export interface RoundTrip {
  x: FloatArray;
  y: FloatArray;
  back: FloatArray;
  logdetForward: FloatArray;
  logdetInverse: FloatArray;
  /** max |inverse(forward(x)) − x|. */
  maxError: number;
  /** max |logdet forward + logdet inverse|. */
  maxLogdetSum: number;
}

/** Runs forward then inverse in one float32 graph (shared parameters). */
export async function roundTrip(layer: Bijection, o: CheckOptions): Promise<RoundTrip> {
  const rng = new Rng(o.seed ?? 1);
  const n = o.n ?? 64;
  const C = o.contextFeatures ?? 0;
  const g = new Graph();
  const xIn = g.input('x', ['N', o.features]);
  const cIn = C > 0 ? g.input('context', ['N', C]) : undefined;
  const f = layer.forward(xIn, cIn);
  const b = layer.inverse(f.y, cIn);
  const params = o.params === 'zero' ? zeroParams(g.params) : randomParams(g.params, rng, o.paramStd ?? 0.5);
  const x = normalData(n, o.features, rng, o.scale ?? 2);
  const feeds: Record<string, FloatArray> = { x };
  if (cIn) feeds.context = normalData(n, C, rng);
  const out = await run(g, { y: f.y, logdetForward: f.logdet, back: b.y, logdetInverse: b.logdet }, feeds, params);
  const sum = out.logdetForward.map((v, i) => v + out.logdetInverse[i]);
  return {
    x,
    y: out.y,
    back: out.back,
    logdetForward: out.logdetForward,
    logdetInverse: out.logdetInverse,
    maxError: maxAbsDiff(out.back, x),
    maxLogdetSum: Math.max(...Array.from(sum, Math.abs)),
  };
}

/**
 * log |det J| from the layer against log |det| of the finite-difference Jacobian, in float64, for
 * `n` events; returns the largest absolute difference.
 */
export async function logdetVsFiniteDifferences(layer: Bijection, o: CheckOptions & { h?: number }): Promise<{ maxError: number; logdets: number[] }> {
  const rng = new Rng(o.seed ?? 2);
  const n = o.n ?? 6;
  const D = o.features;
  const C = o.contextFeatures ?? 0;
  const h = o.h ?? 1e-6;
  const g = new Graph({ dtype: 'float64' });
  const xIn = g.input('x', ['N', D]);
  const cIn = C > 0 ? g.input('context', ['N', C]) : undefined;
  const f = layer.forward(xIn, cIn);
  const params: ParamValues = o.params === 'zero' ? zeroParams(g.params) : randomParams(g.params, rng, o.paramStd ?? 0.5);
  const x = normalData(n, D, rng, o.scale ?? 2, 'float64');
  const context = C > 0 ? normalData(n, C, rng, 1, 'float64') : undefined;
  // Each event, then each ± h·e_j: (1 + 2D) rows per event, one run.
  const rows = n * (1 + 2 * D);
  const xs = new Float64Array(rows * D);
  const cs = new Float64Array(rows * C);
  for (let e = 0; e < n; e++) {
    for (let r = 0; r < 1 + 2 * D; r++) {
      const row = e * (1 + 2 * D) + r;
      for (let j = 0; j < D; j++) xs[row * D + j] = x[e * D + j];
      if (r > 0) xs[row * D + Math.floor((r - 1) / 2)] += r % 2 === 1 ? h : -h;
      for (let k = 0; k < C; k++) cs[row * C + k] = context![e * C + k];
    }
  }
  const feeds: Record<string, FloatArray> = { x: xs };
  if (cIn) feeds.context = cs;
  const out = await run(g, { y: f.y, logdet: f.logdet }, feeds, params);
  let maxError = 0;
  const logdets: number[] = [];
  for (let e = 0; e < n; e++) {
    const base = e * (1 + 2 * D);
    const J = Array.from({ length: D }, () => new Array<number>(D).fill(0));
    for (let j = 0; j < D; j++) {
      const plus = base + 1 + 2 * j;
      const minus = plus + 1;
      for (let i = 0; i < D; i++) J[i][j] = (out.y[plus * D + i] - out.y[minus * D + i]) / (2 * h);
    }
    const numeric = logAbsDet(J);
    logdets.push(out.logdet[base]);
    maxError = Math.max(maxError, Math.abs(numeric - out.logdet[base]));
  }
  return { maxError, logdets };
}

/** log |det A| by Gaussian elimination with partial pivoting. */
export function logAbsDet(a: number[][]): number {
  const m = a.map((row) => row.slice());
  const n = m.length;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[p][k])) p = i;
    [m[k], m[p]] = [m[p], m[k]];
    const pivot = m[k][k];
    if (pivot === 0) return -Infinity;
    sum += Math.log(Math.abs(pivot));
    for (let i = k + 1; i < n; i++) {
      const f = m[i][k] / pivot;
      for (let j = k; j < n; j++) m[i][j] -= f * m[k][j];
    }
  }
  return sum;
}
