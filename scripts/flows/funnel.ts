/**
 * Funnel layers (Klein, Raine, Golling et al., "Funnels: exact maximum likelihood with
 * dimensionality reduction"): a surjection that keeps the first D − k features and drops the last
 * k, paying for them with their exact conditional log-density, log p(dropped | kept, context).
 * Here that density is itself a small conditional flow over the k dropped features (context =
 * the kept features, then the flow's own context) on a standard-normal base, e.g. an elementwise
 * affine (a conditional diagonal Gaussian) or a conditional spline.
 *
 * Forward: x → kept, with the dropped features mapped to their base noise ε and
 *   log p(dropped | kept) = log N(ε) + log |det ∂ε/∂dropped|.
 * Inverse: (kept, ε) → x, so a funnel flow samples from (latent, noise) exactly as a bijective
 * flow samples from z. Funnels stack: each level drops more features.
 *
 * @example
 *   const funnel = new Funnel({ name: 'f0', features: 4, drop: 1, density: 'spline' }); // 4 → 3
 *   const { kept, noise, logdet, logProb } = funnel.forward(x);
 */
import { add, concat, type Tensor } from '../engine/index.js';
import { standardNormalLogProb } from './base.js';
import { range, splitColumns } from './columns.js';
import type { Bijection } from './core.js';
import type { NetSpec } from './nn.js';
import type { SplineOptions } from './spline.js';
import { Chain } from './transforms/chain.js';
import { SplineCoupling } from './transforms/coupling.js';
import { ElementwiseAffine, ElementwiseSpline } from './transforms/elementwise.js';
import { Permutation } from './transforms/permutation.js';

export type FunnelDensity = 'gaussian' | 'spline';

export interface FunnelOptions {
  name: string;
  /** Features entering the layer. */
  features: number;
  /** Features dropped (the last `drop` of the input). */
  drop: number;
  /** The flow's own context width (0 = unconditional). */
  contextFeatures?: number;
  /** Conditional density of the dropped features (default 'spline'). */
  density?: FunnelDensity;
  spline?: SplineOptions;
  net?: NetSpec;
}

export interface FunnelForward {
  kept: Tensor;
  /** Base noise of the dropped features [N, drop]. */
  noise: Tensor;
  /** log |det ∂noise/∂dropped| [N]. */
  logdet: Tensor;
  /** log p(dropped | kept, context) [N]. */
  logProb: Tensor;
}

export class Funnel {
  readonly name: string;
  readonly features: number;
  readonly drop: number;
  readonly kept: number;
  readonly contextFeatures: number;
  readonly density: FunnelDensity;
  /** The conditional flow over the dropped features; its context is [kept, context]. */
  readonly conditional: Bijection;

  constructor(options: FunnelOptions) {
    this.name = options.name;
    this.features = options.features;
    this.drop = options.drop;
    this.kept = options.features - options.drop;
    this.contextFeatures = options.contextFeatures ?? 0;
    this.density = options.density ?? 'spline';
    if (!(Number.isInteger(this.drop) && this.drop >= 1 && this.kept >= 1)) {
      throw new Error(`${this.name}: drop must keep at least one of ${this.features} features`);
    }
    this.conditional = conditionalFlow(`${this.name}.density`, this.drop, this.kept + this.contextFeatures, this.density, options);
  }

  private conditionalContext(kept: Tensor, context: Tensor | undefined): Tensor {
    return this.contextFeatures > 0 ? concat([kept, context!], 1) : kept;
  }

  forward(x: Tensor, context?: Tensor): FunnelForward {
    if (x.rank !== 2 || x.shape[1] !== this.features) throw new Error(`${this.name}: expected [N, ${this.features}] input, got ${x}`);
    const [kept, dropped] = splitColumns(x, [range(0, this.kept), range(this.kept, this.features)]);
    const { y: noise, logdet } = this.conditional.forward(dropped, this.conditionalContext(kept, context));
    return { kept, noise, logdet, logProb: add(standardNormalLogProb(noise), logdet) };
  }

  /** x from the kept features and the dropped features' base noise; logdet = log |det ∂dropped/∂noise|. */
  inverse(kept: Tensor, noise: Tensor, context?: Tensor): { x: Tensor; logdet: Tensor } {
    const { y: dropped, logdet } = this.conditional.inverse(noise, this.conditionalContext(kept, context));
    return { x: concat([kept, dropped], 1), logdet };
  }
}

/**
 * The conditional flow of a funnel: an elementwise affine map (Gaussian) or an elementwise spline
 * followed, for two or more dropped features, by spline couplings in both halves.
 */
function conditionalFlow(name: string, k: number, contextFeatures: number, density: FunnelDensity, options: FunnelOptions): Bijection {
  const base = { features: k, contextFeatures };
  if (density === 'gaussian') return new ElementwiseAffine({ ...base, name: `${name}.affine`, net: options.net });
  const steps: Bijection[] = [new ElementwiseSpline({ ...base, name: `${name}.spline`, spline: options.spline, net: options.net })];
  if (k >= 2) {
    steps.push(new SplineCoupling({ ...base, name: `${name}.coupling0`, spline: options.spline, net: options.net }));
    steps.push(Permutation.reverse({ features: k, name: `${name}.reverse` }));
    steps.push(new SplineCoupling({ ...base, name: `${name}.coupling1`, spline: options.spline, net: options.net }));
  }
  return steps.length === 1 ? steps[0] : new Chain({ ...base, name }, steps);
}
