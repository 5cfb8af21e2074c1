/**
 * A fixed (untrained) elementwise affine map y = (x − mean) / std, put first in a flow so that the
 * flow's log-likelihood is that of the raw features: log |det J| = −Σ log std, the same for every
 * event.
 *
 * @example
 *   const pre = new Standardize({ name: 'pre', features: 4, mean: [0.13, 0.17, 0.58, 0.48], std: [0.1, 0.15, 0.17, 0.18] });
 */
import { add, div, expand, mul, sub, type Tensor } from '../../engine/index.js';
import { Bijection, type BijectionOptions, type Transformed } from '../core.js';

export class Standardize extends Bijection {
  readonly mean: readonly number[];
  readonly std: readonly number[];

  constructor(options: BijectionOptions & { mean: ArrayLike<number>; std: ArrayLike<number> }) {
    super(options);
    if (options.mean.length !== this.features || options.std.length !== this.features) {
      throw new Error(`${this.name}: needs ${this.features} means and standard deviations`);
    }
    this.mean = Array.from(options.mean);
    this.std = Array.from(options.std);
    this.std.forEach((s, j) => {
      if (!(s > 0)) throw new Error(`${this.name}: std of feature ${j} must be positive, got ${s}`);
    });
  }

  private constants(v: Tensor): { mean: Tensor; std: Tensor; logdet: Tensor } {
    const g = v.graph;
    const D = this.features;
    const sumLogStd = this.std.reduce((a, s) => a + Math.log(s), 0);
    return {
      mean: g.constant(this.mean, [D], v.dtype),
      std: g.constant(this.std, [D], v.dtype),
      logdet: expand(g.scalar(-sumLogStd, v.dtype), [v.shape[0]]),
    };
  }

  forward(x: Tensor, context?: Tensor): Transformed {
    this.check(x, context);
    const c = this.constants(x);
    return { y: div(sub(x, c.mean), c.std), logdet: c.logdet };
  }

  inverse(y: Tensor, context?: Tensor): Transformed {
    this.check(y, context);
    const c = this.constants(y);
    return { y: add(mul(y, c.std), c.mean), logdet: mul(c.logdet, -1) };
  }
}
