/** Pow: a ** b with broadcasting. */
import { type Tensor, applyOne } from '../graph.js';
import { mul, sub } from './arithmetic.js';
import { sumTo } from './broadcast.js';
import { log } from './math.js';
import { type Operand, liftPair } from './operand.js';
import { binaryOp } from './templates.js';

export const Pow = binaryOp({
  type: 'Pow',
  vjp: (a, b, y, g, wanted) => [
    // d(a^b)/da = b a^(b-1)
    wanted[0] ? sumTo(mul(g, mul(b, pow(a, sub(b, 1)))), a.shape) : undefined,
    // d(a^b)/db = a^b ln a (defined for a > 0)
    wanted[1] ? sumTo(mul(g, mul(y, log(a))), b.shape) : undefined,
  ],
});

/**
 * Elementwise a ** b with broadcasting; `pow(x, 1)` is x itself.
 *
 * @example
 *   pow(x, 2);
 */
export function pow(a: Operand, b: Operand): Tensor {
  const [ta, tb] = liftPair(a, b);
  if (tb.rank === 0 && tb.scalarValue === 1) return ta;
  if (ta.rank === 0 && tb.rank === 0 && ta.scalarValue !== undefined && tb.scalarValue !== undefined) {
    return ta.graph.scalar(ta.scalarValue ** tb.scalarValue, ta.dtype);
  }
  return applyOne(Pow, [ta, tb], {});
}
