/** The gradient checker itself must catch a wrong gradient, or the op tests prove nothing. */
import { describe, expect, it } from 'vitest';
import { applyOne } from './graph.js';
import { mul } from './ops/index.js';
import { defineOp } from './registry.js';
import { gradCheck } from './testing/gradcheck.js';

// Square with a deliberately wrong derivative (x instead of 2x).
const WrongSquare = defineOp({
  type: 'TestWrongSquare',
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  emit: (e, node) => e.node('Mul', [e.name(node.inputs[0]), e.name(node.inputs[0])], [e.name(node.outputs[0])]),
  vjp: (node, [g]) => [g && mul(g, node.inputs[0])],
});

describe('gradCheck', () => {
  it('reports a wrong vjp', async () => {
    const report = await gradCheck({
      name: 'wrong square',
      ops: [],
      inputs: { a: { dims: [3] } },
      build: ({ a }) => applyOne(WrongSquare, [a], {}),
    });
    expect(report.failures).toHaveLength(3);
  });

  it('passes the same op with the right gradient', async () => {
    const report = await gradCheck({ name: 'square', ops: [], inputs: { a: { dims: [3] } }, build: ({ a }) => mul(a, a) });
    expect(report.failures).toEqual([]);
    expect(report.worst!.error).toBeLessThan(1e-8);
  });
});
