/** Forward values of TopK and sort against plain JS, including a symbolic batch axis. */
import { describe, expect, it } from 'vitest';
import { Graph } from './graph.js';
import * as op from './ops/index.js';
import { Program } from './runtime.js';

describe('topK and sort values', () => {
  it('match plain JS in float32 (largest, smallest, full sorts on either axis)', async () => {
    const g = new Graph();
    const x = g.input('x', ['N', 3]);
    const outputs = {
      up: op.sort(x, 0),
      down: op.sort(x, 1, { descending: true }),
      top2: op.topK(x, 2, 1).values,
      top2at: op.topK(x, 2, 1).indices,
      low1: op.topK(x, 1, 1, { smallest: true }).values,
    };
    const program = await Program.compile(g, { outputs });
    const rows = [
      [3, -1, 2],
      [0.5, 7, -4],
      [1, 1.5, 9],
      [-2, 0, 0.25],
    ];
    const r = await program.run({ x: Float32Array.from(rows.flat()) });
    const values = (name: string) => Array.from(r[name].data as Float32Array);
    const columns = [0, 1, 2].map((j) => rows.map((row) => row[j]).sort((a, b) => a - b));
    expect(r.up.dims).toEqual([4, 3]);
    expect(values('up')).toEqual(rows.flatMap((_, i) => columns.map((c) => c[i])));
    expect(values('down')).toEqual(rows.flatMap((row) => [...row].sort((a, b) => b - a)));
    expect(values('top2')).toEqual(rows.flatMap((row) => [...row].sort((a, b) => b - a).slice(0, 2)));
    expect(Array.from(r.top2at.data as BigInt64Array, Number)).toEqual(
      rows.flatMap((row) => [...row.keys()].sort((a, b) => row[b] - row[a]).slice(0, 2)),
    );
    expect(values('low1')).toEqual(rows.map((row) => Math.min(...row)));
  });
});
