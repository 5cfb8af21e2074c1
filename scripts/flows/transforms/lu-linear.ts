/**
 * An invertible linear layer y = A x + b with A = L U in LU form (Kingma & Dhariwal's Glow
 * parametrisation, without the fixed permutation, which is its own layer here): L unit lower
 * triangular, U upper triangular with diagonal exp(s). Then log |det A| = Σ s, A is invertible for
 * any parameter values, and all-zero parameters give the identity. The inverse is a forward and a
 * back substitution unrolled over the features (D small), so sampling needs no matrix inverse at
 * export time.
 *
 * @example
 *   const mix = new LULinear({ name: 'lu0', features: 4 });
 *   const { y, logdet } = mix.forward(x); // logdet = Σ s for every event
 */
import { add, concat, div, exp, expand, matmul, mul, reduceSum, reshape, slice, sub, transpose, type Tensor } from '../../engine/index.js';
import { Bijection, type BijectionOptions, type Transformed } from '../core.js';
import { parameter } from '../params.js';

export class LULinear extends Bijection {
  constructor(options: BijectionOptions) {
    super(options);
  }

  /** L, U and s (the log of U's diagonal) in the graph of v. */
  private factors(v: Tensor): { lower: Tensor; upper: Tensor; logDiagonal: Tensor } {
    const D = this.features;
    const g = v.graph;
    const mask = (keep: (i: number, j: number) => boolean) =>
      g.constant(Array.from({ length: D * D }, (_, k) => (keep(Math.floor(k / D), k % D) ? 1 : 0)), [D, D], v.dtype);
    const eye = mask((i, j) => i === j);
    const logDiagonal = parameter(g, `${this.name}.log_diagonal`, [D], { kind: 'zeros' });
    const lower = add(mul(parameter(g, `${this.name}.lower`, [D, D], { kind: 'zeros' }), mask((i, j) => i > j)), eye);
    const upper = add(mul(parameter(g, `${this.name}.upper`, [D, D], { kind: 'zeros' }), mask((i, j) => i < j)), mul(eye, exp(logDiagonal)));
    return { lower, upper, logDiagonal };
  }

  private bias(v: Tensor): Tensor {
    return parameter(v.graph, `${this.name}.bias`, [this.features], { kind: 'zeros' });
  }

  forward(x: Tensor, context?: Tensor): Transformed {
    this.check(x, context);
    const { lower, upper, logDiagonal } = this.factors(x);
    // Rows: yᵀ = xᵀ Uᵀ Lᵀ + b.
    const y = add(matmul(matmul(x, transpose(upper)), transpose(lower)), this.bias(x));
    return { y, logdet: expand(reduceSum(logDiagonal), [x.shape[0]]) };
  }

  inverse(y: Tensor, context?: Tensor): Transformed {
    this.check(y, context);
    const D = this.features;
    const { lower, upper, logDiagonal } = this.factors(y);
    const r = sub(y, this.bias(y));
    const column = (t: Tensor, j: number) => slice(t, [j], [j + 1], [1]);
    // Row i of a matrix restricted to columns [from, to), as a column vector [to − from, 1].
    const rowPart = (m: Tensor, i: number, from: number, to: number) => reshape(slice(m, [i, from], [i + 1, to], [0, 1]), [to - from, 1]);
    // L w = r (unit diagonal), top to bottom.
    const w: Tensor[] = [];
    for (let i = 0; i < D; i++) {
      w.push(i === 0 ? column(r, 0) : sub(column(r, i), matmul(concat(w.slice(0, i), 1), rowPart(lower, i, 0, i))));
    }
    // U x = w, bottom to top.
    const x: Tensor[] = new Array(D);
    for (let i = D - 1; i >= 0; i--) {
      const rest = i === D - 1 ? w[i] : sub(w[i], matmul(concat(x.slice(i + 1), 1), rowPart(upper, i, i + 1, D)));
      x[i] = div(rest, reshape(slice(upper, [i, i], [i + 1, i + 1], [0, 1]), []));
    }
    return { y: concat(x, 1), logdet: expand(reduceSum(mul(logDiagonal, -1)), [y.shape[0]]) };
  }
}
