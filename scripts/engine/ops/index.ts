/**
 * Every op module, imported for its registration, and the builder functions they export.
 * Adding an op: write ops/<name>.ts with `defineOp` (infer, emit, vjp) and a builder, export it
 * here, and add a case to ops.test.ts (the test fails for a differentiable op without one).
 */
export { add, sub, mul, div, neg, Add, Sub, Mul, Div, Neg } from './arithmetic.js';
export { pow, Pow } from './pow.js';
export { exp, log, sqrt, abs, sign, Exp, Log, Sqrt, Abs, Sign } from './math.js';
export { relu, leakyRelu, sigmoid, softplus, tanh, Relu, LeakyRelu, Sigmoid, Softplus, Tanh } from './activations.js';
export { less, greater, lessOrEqual, greaterOrEqual, equal, and, or, not } from './compare.js';
export { Less, Greater, LessOrEqual, GreaterOrEqual, Equal, And, Or, Not } from './compare.js';
export { where, Where } from './where.js';
export { clip, Clip } from './clip.js';
export { reduceSum, reduceMean, elementCount, ReduceSum, ReduceMean, ElementCount } from './reduce.js';
export { matmul, gemm, MatMul, Gemm, type GemmOptions } from './matmul.js';
export { reshape, squeeze, unsqueeze, Reshape } from './reshape.js';
export { transpose, transposeLast2, Transpose } from './transpose.js';
export { concat, Concat } from './concat.js';
export { slice, pad, Slice, Pad } from './slice.js';
export { cast, identity, Cast, Identity } from './cast.js';
export { expand, expandAs, sumTo, Expand } from './broadcast.js';
export { softmax, Softmax } from './softmax.js';
export { cumsum, CumSum, type CumSumOptions } from './cumsum.js';
export { gatherElements, scatterAdd, GatherElements, ScatterElements } from './gather.js';
export { split, Split } from './split.js';
export { topK, sort, TopK, type TopKOptions } from './topk.js';
export { type Operand } from './operand.js';
