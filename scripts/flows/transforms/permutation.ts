/**
 * A fixed permutation of the features (log |det J| = 0), e.g. between coupling layers so that
 * every feature gets transformed and conditioned on.
 *
 * @example
 *   const p = new Permutation({ name: 'p0', features: 4, order: [3, 2, 1, 0] }); // y_i = x_order[i]
 *   const q = Permutation.random({ name: 'p1', features: 4 }, new Rng(7));
 */
import type { Rng } from '../../../src/stats/rng.js';
import { expand, type Tensor } from '../../engine/index.js';
import { Bijection, type BijectionOptions, type Transformed } from '../core.js';
import { selectColumns } from '../columns.js';

export class Permutation extends Bijection {
  /** y[:, i] = x[:, order[i]]. */
  readonly order: readonly number[];
  readonly inverseOrder: readonly number[];

  constructor(options: BijectionOptions & { order: readonly number[] }) {
    super(options);
    const { order } = options;
    const D = this.features;
    if (order.length !== D || new Set(order).size !== D || order.some((i) => !(Number.isInteger(i) && i >= 0 && i < D))) {
      throw new Error(`${this.name}: order must be a permutation of 0..${D - 1}`);
    }
    this.order = [...order];
    const inv = new Array<number>(D);
    order.forEach((from, to) => (inv[from] = to));
    this.inverseOrder = inv;
  }

  /** The features in reverse order. */
  static reverse(options: BijectionOptions): Permutation {
    return new Permutation({ ...options, order: Array.from({ length: options.features }, (_, i) => options.features - 1 - i) });
  }

  /** A seeded random order. */
  static random(options: BijectionOptions, rng: Rng): Permutation {
    return new Permutation({ ...options, order: Array.from(rng.permutation(options.features)) });
  }

  forward(x: Tensor, context?: Tensor): Transformed {
    this.check(x, context);
    return { y: selectColumns(x, this.order), logdet: zeros(x) };
  }

  inverse(y: Tensor, context?: Tensor): Transformed {
    this.check(y, context);
    return { y: selectColumns(y, this.inverseOrder), logdet: zeros(y) };
  }
}

/** A zero log-determinant per event [N]. */
export function zeros(v: Tensor): Tensor {
  return expand(v.graph.scalar(0, v.dtype), [v.shape[0]]);
}
