/** Comparisons (bool results, no gradient) and boolean logic, used to build Where conditions. */
import { type Tensor, applyOne } from '../graph.js';
import { defineOp } from '../registry.js';
import { type Operand, liftPair } from './operand.js';
import { binaryOp } from './templates.js';

const numeric = ['float32', 'float64', 'int64'] as const;

export const Less = binaryOp({ type: 'Less', outputDtype: 'bool', accepts: numeric });
export const Greater = binaryOp({ type: 'Greater', outputDtype: 'bool', accepts: numeric });
export const LessOrEqual = binaryOp({ type: 'LessOrEqual', outputDtype: 'bool', accepts: numeric });
export const GreaterOrEqual = binaryOp({ type: 'GreaterOrEqual', outputDtype: 'bool', accepts: numeric });
export const Equal = binaryOp({ type: 'Equal', outputDtype: 'bool', accepts: [...numeric, 'bool'] });
export const And = binaryOp({ type: 'And', outputDtype: 'bool', accepts: ['bool'] });
export const Or = binaryOp({ type: 'Or', outputDtype: 'bool', accepts: ['bool'] });

export const Not = defineOp({
  type: 'Not',
  infer([x]) {
    if (x.dtype !== 'bool') throw new Error('Not needs a bool tensor');
    return [{ dtype: 'bool', shape: x.shape }];
  },
  emit: (e, node) => e.node('Not', [e.name(node.inputs[0])], [e.name(node.outputs[0])]),
});

/** a < b elementwise (bool). */
export function less(a: Operand, b: Operand): Tensor {
  return applyOne(Less, liftPair(a, b), {});
}
/** a > b elementwise (bool). */
export function greater(a: Operand, b: Operand): Tensor {
  return applyOne(Greater, liftPair(a, b), {});
}
/** a <= b elementwise (bool). */
export function lessOrEqual(a: Operand, b: Operand): Tensor {
  return applyOne(LessOrEqual, liftPair(a, b), {});
}
/** a >= b elementwise (bool). */
export function greaterOrEqual(a: Operand, b: Operand): Tensor {
  return applyOne(GreaterOrEqual, liftPair(a, b), {});
}
/** a == b elementwise (bool). */
export function equal(a: Operand, b: Operand): Tensor {
  return applyOne(Equal, liftPair(a, b), {});
}
/** Logical and of two bool tensors. */
export function and(a: Tensor, b: Tensor): Tensor {
  return applyOne(And, [a, b], {});
}
/** Logical or of two bool tensors. */
export function or(a: Tensor, b: Tensor): Tensor {
  return applyOne(Or, [a, b], {});
}
/** Logical not of a bool tensor. */
export function not(x: Tensor): Tensor {
  return applyOne(Not, [x], {});
}
