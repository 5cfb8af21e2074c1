/**
 * A sequence of bijections as one bijection: forward applies them in order and adds the
 * log-determinants; inverse undoes them in reverse order.
 *
 * @example
 *   const chain = new Chain({ name: 'cond', features: 2 }, [coupling, permutation, spline]);
 */
import { add, type Tensor } from '../../engine/index.js';
import { Bijection, type BijectionOptions, type Transformed } from '../core.js';

export class Chain extends Bijection {
  constructor(
    options: BijectionOptions,
    readonly steps: readonly Bijection[],
  ) {
    super(options);
    if (steps.length === 0) throw new Error(`${this.name}: an empty chain`);
    for (const s of steps) {
      if (s.features !== this.features) throw new Error(`${this.name}: ${s.name} has ${s.features} features, expected ${this.features}`);
      if (s.contextFeatures !== 0 && s.contextFeatures !== this.contextFeatures) {
        throw new Error(`${this.name}: ${s.name} takes a context of ${s.contextFeatures}, the chain ${this.contextFeatures}`);
      }
    }
  }

  forward(x: Tensor, context?: Tensor): Transformed {
    this.check(x, context);
    let y = x;
    let logdet: Tensor | undefined;
    for (const step of this.steps) {
      const r = step.forward(y, step.contextFeatures > 0 ? context : undefined);
      y = r.y;
      logdet = logdet ? add(logdet, r.logdet) : r.logdet;
    }
    return { y, logdet: logdet! };
  }

  inverse(y: Tensor, context?: Tensor): Transformed {
    this.check(y, context);
    let x = y;
    let logdet: Tensor | undefined;
    for (const step of [...this.steps].reverse()) {
      const r = step.inverse(x, step.contextFeatures > 0 ? context : undefined);
      x = r.y;
      logdet = logdet ? add(logdet, r.logdet) : r.logdet;
    }
    return { y: x, logdet: logdet! };
  }
}
