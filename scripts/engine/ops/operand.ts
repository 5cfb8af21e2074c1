import { type Tensor } from '../graph.js';
import { type DType } from '../dtype.js';

/** A tensor, or a plain number that becomes a scalar constant of the other operand's type. */
export type Operand = Tensor | number;

/** Turns a number into a scalar constant matching `like`'s graph and type. */
export function lift(value: Operand, like: Tensor, dtype: DType = like.dtype): Tensor {
  return typeof value === 'number' ? like.graph.scalar(value, dtype) : value;
}

/** Lifts a pair where at least one side is a tensor. */
export function liftPair(a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') throw new Error('at least one operand must be a tensor');
  const like = (typeof a === 'number' ? b : a) as Tensor;
  return [lift(a, like), lift(b, like)];
}
