/**
 * A normalising flow: layers (bijections and funnels) from data x [N, D] towards a standard-normal
 * latent, optionally conditioned on a context [N, C].
 *
 * - log p(x | c) = log N(latent) + Σ log |det J| of the bijections + Σ log p(dropped | kept, c) of
 *   the funnels (exact), the latent being what is left after the last layer (D minus the dropped
 *   features).
 * - `forward` maps x to the full noise vector z [N, D] = [latent, ε of the innermost funnel, ..., ε of
 *   the first funnel] (the dropped features' noise goes back in the columns they left), so a
 *   funnel flow is a bijection x ↔ z with log p(x) = log N(z) + logdet; without funnels z is the latent.
 * - `inverse` / `sample` map z back to x: with z ~ N(0, I) that is a sample from the model.
 * - `transport(x, from, to)` moves events between contexts: x → z under `from`, z → x' under `to`
 *   (the conditional transport that CURTAINS-type methods use).
 *
 * @example
 *   const flow = new Flow({ features: 2, layers: [new SplineCoupling({ name: 'c0', features: 2 }), ...] });
 *   const g = new Graph();
 *   const logp = flow.logProb(g.input('x', ['N', 2]));          // [N]
 *   const x = flow.sample(g.input('z', ['N', 2]));               // [N, 2]
 */
import { add, concat, type Tensor } from '../engine/index.js';
import { standardNormalLogProb } from './base.js';
import { range, selectColumns } from './columns.js';
import { Bijection } from './core.js';
import { Funnel } from './funnel.js';

export type Layer = Bijection | Funnel;

export interface FlowOptions {
  features: number;
  contextFeatures?: number;
  layers: readonly Layer[];
}

export class Flow {
  readonly features: number;
  readonly contextFeatures: number;
  readonly layers: readonly Layer[];
  /** Dimension of the latent left after the funnels. */
  readonly latentFeatures: number;

  constructor(options: FlowOptions) {
    this.features = options.features;
    this.contextFeatures = options.contextFeatures ?? 0;
    this.layers = options.layers;
    let d = this.features;
    const names = new Set<string>();
    for (const layer of this.layers) {
      if (names.has(layer.name)) throw new Error(`flow: two layers are named ${layer.name}`);
      names.add(layer.name);
      if (layer.features !== d) throw new Error(`flow: ${layer.name} takes ${layer.features} features where ${d} arrive`);
      if (layer.contextFeatures !== 0 && layer.contextFeatures !== this.contextFeatures) {
        throw new Error(`flow: ${layer.name} takes a context of ${layer.contextFeatures}, the flow ${this.contextFeatures}`);
      }
      if (layer instanceof Funnel) d = layer.kept;
    }
    this.latentFeatures = d;
  }

  private checkInput(v: Tensor, context: Tensor | undefined): void {
    if (v.rank !== 2 || v.shape[1] !== this.features) throw new Error(`flow: expected [N, ${this.features}], got ${v}`);
    if (this.contextFeatures > 0 && !context) throw new Error(`flow: needs a context [N, ${this.contextFeatures}]`);
  }

  /** x → z = [latent, funnel noise] and log |det ∂z/∂x| [N]; log p(x) = log N(z) + logdet. */
  forward(x: Tensor, context?: Tensor): { z: Tensor; logdet: Tensor } {
    const { latent, noises, logdet } = this.encode(x, context);
    return { z: concat([latent, ...[...noises].reverse()], 1), logdet };
  }

  /** log p(x | context) per event [N]. */
  logProb(x: Tensor, context?: Tensor): Tensor {
    const { latent, noises, logdet } = this.encode(x, context);
    let logp = add(standardNormalLogProb(latent), logdet);
    for (const noise of noises) logp = add(logp, standardNormalLogProb(noise));
    return logp;
  }

  /**
   * The parts of log p(x): the base term log N(latent), each bijection's log |det J| and each funnel's
   * log p(dropped | kept), by layer name (for diagnostics and tests).
   */
  logProbParts(x: Tensor, context?: Tensor): { base: Tensor; layers: Record<string, Tensor> } {
    this.checkInput(x, context);
    const layers: Record<string, Tensor> = {};
    let v = x;
    for (const layer of this.layers) {
      const c = layer.contextFeatures > 0 ? context : undefined;
      if (layer instanceof Funnel) {
        const r = layer.forward(v, c);
        layers[layer.name] = r.logProb;
        v = r.kept;
      } else {
        const r = layer.forward(v, c);
        layers[layer.name] = r.logdet;
        v = r.y;
      }
    }
    return { base: standardNormalLogProb(v), layers };
  }

  /** z [N, D] → x and log |det ∂x/∂z| [N]. */
  inverse(z: Tensor, context?: Tensor): { x: Tensor; logdet: Tensor } {
    this.checkInput(z, context);
    let v = selectColumns(z, range(0, this.latentFeatures));
    let logdet: Tensor | undefined;
    for (const layer of [...this.layers].reverse()) {
      const c = layer.contextFeatures > 0 ? context : undefined;
      let r: { x: Tensor; logdet: Tensor };
      if (layer instanceof Funnel) r = layer.inverse(v, selectColumns(z, range(layer.kept, layer.features)), c);
      else {
        const b = layer.inverse(v, c);
        r = { x: b.y, logdet: b.logdet };
      }
      v = r.x;
      logdet = logdet ? add(logdet, r.logdet) : r.logdet;
    }
    if (!logdet) throw new Error('flow: no layers');
    return { x: v, logdet };
  }

  /** Events from base noise z [N, D] (z ~ N(0, I) gives samples of the model). */
  sample(z: Tensor, context?: Tensor): Tensor {
    return this.inverse(z, context).x;
  }

  /**
   * Moves x from context `from` to context `to`: x' = f⁻¹(f(x; from); to), with
   * log |det ∂x'/∂x| [N].
   */
  transport(x: Tensor, from: Tensor, to: Tensor): { y: Tensor; logdet: Tensor } {
    if (this.contextFeatures === 0) throw new Error('flow: a transport needs a conditional flow');
    const there = this.forward(x, from);
    const back = this.inverse(there.z, to);
    return { y: back.x, logdet: add(there.logdet, back.logdet) };
  }

  private encode(x: Tensor, context: Tensor | undefined): { latent: Tensor; noises: Tensor[]; logdet: Tensor } {
    this.checkInput(x, context);
    let v = x;
    let logdet: Tensor | undefined;
    const noises: Tensor[] = [];
    for (const layer of this.layers) {
      const c = layer.contextFeatures > 0 ? context : undefined;
      let step: Tensor;
      if (layer instanceof Funnel) {
        const r = layer.forward(v, c);
        noises.push(r.noise);
        step = r.logdet;
        v = r.kept;
      } else {
        const r = layer.forward(v, c);
        step = r.logdet;
        v = r.y;
      }
      logdet = logdet ? add(logdet, step) : step;
    }
    if (!logdet) throw new Error('flow: no layers');
    return { latent: v, noises, logdet };
  }
}
