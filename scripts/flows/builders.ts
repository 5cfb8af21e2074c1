/**
 * Ready-made flow architectures, and a JSON description of any flow for model cards.
 *
 * - `couplingFlow`: [standardise] → L × (coupling, LU linear) → elementwise spline; couplings
 *   alternate which half they transform, and the LU layers mix features between them.
 * - `funnelFlow`: the same blocks in stages, each stage followed by a funnel that drops features,
 *   e.g. drops [1, 1] gives 4 → 3 → 2 latent features.
 * - `marginalFlow`: [standardise] → one elementwise spline: a product of learned 1-D densities.
 *
 * @example
 *   const flow = couplingFlow({ features: 4, coupling: 'spline', layers: 4, standardize: { mean, std } });
 *   const funnel = funnelFlow({ features: 4, drops: [1, 1], layersPerStage: 2, standardize: { mean, std } });
 *   describeFlow(funnel); // [{ name: 'pre', kind: 'standardize', ... }, ...]
 */
import type { Bijection } from './core.js';
import { Flow, type Layer } from './flow.js';
import { Funnel, type FunnelDensity } from './funnel.js';
import { Elementwise } from './transforms/elementwise.js';
import { AffineCoupling, Coupling, SplineCoupling } from './transforms/coupling.js';
import { ElementwiseSpline } from './transforms/elementwise.js';
import { LULinear } from './transforms/lu-linear.js';
import { Permutation } from './transforms/permutation.js';
import { Standardize } from './transforms/standardize.js';
import { Chain } from './transforms/chain.js';
import { range } from './columns.js';
import type { NetSpec } from './nn.js';
import type { SplineOptions } from './spline.js';

export interface CommonSpec {
  features: number;
  contextFeatures?: number;
  /** A fixed standardisation in front, so that log p is that of the raw features. */
  standardize?: { mean: ArrayLike<number>; std: ArrayLike<number> };
  net?: NetSpec;
  spline?: SplineOptions;
}

export interface CouplingFlowSpec extends CommonSpec {
  coupling: 'spline' | 'affine';
  /** Coupling layers (default 4). */
  layers?: number;
  /** A final elementwise spline after the couplings (default true for spline flows). */
  finalElementwise?: boolean;
}

export interface FunnelFlowSpec extends CommonSpec {
  /** Features dropped by each funnel level, in order (e.g. [1, 1]: 4 → 3 → 2). */
  drops: readonly number[];
  /** Spline couplings before each funnel and after the last (default 2). */
  layersPerStage?: number;
  /** Conditional density of the dropped features (default 'spline'). */
  density?: FunnelDensity;
}

function preprocessing(spec: CommonSpec): Layer[] {
  if (!spec.standardize) return [];
  return [new Standardize({ name: 'pre', features: spec.features, mean: spec.standardize.mean, std: spec.standardize.std })];
}

/**
 * `count` coupling blocks on `d` features: coupling (alternating halves), then LU linear.
 * One feature has nothing to couple with, so it gets elementwise splines instead.
 */
function couplingBlocks(prefix: string, d: number, count: number, kind: 'spline' | 'affine', spec: CommonSpec): Bijection[] {
  const C = spec.contextFeatures ?? 0;
  const out: Bijection[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}.${i}`;
    if (d === 1) {
      out.push(new ElementwiseSpline({ name: `${name}.spline`, features: 1, contextFeatures: C, net: spec.net, spline: spec.spline }));
      continue;
    }
    const half = Math.floor(d / 2);
    const transformed = i % 2 === 0 ? range(d - half, d) : range(0, half);
    const options = { name: `${name}.coupling`, features: d, contextFeatures: C, transformed, net: spec.net };
    out.push(kind === 'spline' ? new SplineCoupling({ ...options, spline: spec.spline }) : new AffineCoupling(options));
    out.push(new LULinear({ name: `${name}.lu`, features: d }));
  }
  return out;
}

/** A coupling flow (spline or affine couplings with LU mixing). */
export function couplingFlow(spec: CouplingFlowSpec): Flow {
  const C = spec.contextFeatures ?? 0;
  const layers: Layer[] = [...preprocessing(spec), ...couplingBlocks('flow', spec.features, spec.layers ?? 4, spec.coupling, spec)];
  if (spec.finalElementwise ?? spec.coupling === 'spline') {
    layers.push(new ElementwiseSpline({ name: 'flow.final', features: spec.features, contextFeatures: C, net: spec.net, spline: spec.spline }));
  }
  return new Flow({ features: spec.features, contextFeatures: C, layers });
}

/** A Funnel model: spline-coupling stages separated by funnels. */
export function funnelFlow(spec: FunnelFlowSpec): Flow {
  const C = spec.contextFeatures ?? 0;
  const per = spec.layersPerStage ?? 2;
  const layers: Layer[] = [...preprocessing(spec)];
  let d = spec.features;
  spec.drops.forEach((drop, level) => {
    layers.push(...couplingBlocks(`stage${level}`, d, per, 'spline', spec));
    layers.push(new Funnel({ name: `funnel${level}`, features: d, drop, contextFeatures: C, density: spec.density, net: spec.net, spline: spec.spline }));
    d -= drop;
  });
  layers.push(...couplingBlocks(`stage${spec.drops.length}`, d, per, 'spline', spec));
  return new Flow({ features: spec.features, contextFeatures: C, layers });
}

/** Independent marginals: one elementwise spline per feature (no correlations). */
export function marginalFlow(spec: CommonSpec): Flow {
  const layers: Layer[] = [
    ...preprocessing(spec),
    new ElementwiseSpline({ name: 'marginals', features: spec.features, contextFeatures: spec.contextFeatures, net: spec.net, spline: spec.spline }),
  ];
  return new Flow({ features: spec.features, contextFeatures: spec.contextFeatures, layers });
}

/** A JSON description of a flow's layers (kinds, sizes and options), for model cards. */
export function describeFlow(flow: Flow): Record<string, unknown>[] {
  return flow.layers.map(describeLayer);
}

function describeLayer(layer: Layer | Bijection): Record<string, unknown> {
  const base = { name: layer.name, features: layer.features, context_features: layer.contextFeatures };
  if (layer instanceof Funnel) {
    return { ...base, kind: 'funnel', drop: layer.drop, kept: layer.kept, density: layer.density, conditional: describeLayer(layer.conditional) };
  }
  if (layer instanceof Standardize) return { ...base, kind: 'standardize', mean: layer.mean, std: layer.std };
  if (layer instanceof Coupling) return { ...base, kind: 'coupling', transformed: layer.transformed, kernel: layer.kernel.describe() };
  if (layer instanceof Elementwise) return { ...base, kind: 'elementwise', kernel: layer.kernel.describe() };
  if (layer instanceof LULinear) return { ...base, kind: 'lu_linear' };
  if (layer instanceof Permutation) return { ...base, kind: 'permutation', order: layer.order };
  if (layer instanceof Chain) return { ...base, kind: 'chain', steps: layer.steps.map(describeLayer) };
  return { ...base, kind: 'bijection' };
}
