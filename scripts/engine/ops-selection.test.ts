/** Forward values of Softmax, CumSum, GatherElements, ScatterElements and Split against plain JS. */
import { describe, expect, it } from 'vitest';
import { Graph } from './graph.js';
import * as op from './ops/index.js';
import { Program } from './runtime.js';

describe('softmax, cumsum, gather and scatter values', () => {
  it('match plain JS in float32', async () => {
    const g = new Graph();
    const x = g.input('x', [2, 3]);
    const index = g.constant([2, 2, 0, 1], [2, 2], 'int64');
    const outputs = {
      softmax: op.softmax(x),
      cumsum: op.cumsum(x, 1),
      exclusive: op.cumsum(x, 1, { exclusive: true }),
      reverse: op.cumsum(x, 1, { reverse: true }),
      gathered: op.gatherElements(x, index, 1),
      scattered: op.scatterAdd(x, index, g.constant([10, 20, 30, 40], [2, 2]), 1),
      ...Object.fromEntries(op.split(x, [2, 1], 1).map((t, i) => [`piece${i}`, t])),
    };
    const program = await Program.compile(g, { outputs });
    const values = [1, 2, 3, -1, 0, 100];
    const r = await program.run({ x: Float32Array.from(values) });
    const rows = [values.slice(0, 3), values.slice(3)];
    const softmax = rows.flatMap((row) => {
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    const close = (name: string, want: number[]) =>
      Array.from(r[name].data as Float32Array).forEach((v, i) => expect(v, `${name}[${i}]`).toBeCloseTo(want[i], 5));
    close('softmax', softmax);
    close('cumsum', [1, 3, 6, -1, -1, 99]);
    close('exclusive', [0, 1, 3, 0, -1, -1]);
    close('reverse', [6, 5, 3, 99, 100, 100]);
    close('gathered', [3, 3, -1, 0]);
    // Row 0 adds 10 and 20 at column 2 (repeated indices sum); row 1 adds 30 at 0 and 40 at 1.
    close('scattered', [1, 2, 33, 29, 40, 100]);
    close('piece0', [1, 2, -1, 0]);
    close('piece1', [3, 100]);
  });
});
