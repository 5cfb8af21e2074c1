import { describe, expect, it } from 'vitest';
import { Graph, Program, bceWithLogits, meanSquaredError } from './index.js';

/** −[y ln σ(z) + (1 − y) ln(1 − σ(z))], evaluated stably in float64. */
function bce(z: number, y: number): number {
  const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  return softplus(z) - y * z;
}

describe('bceWithLogits', () => {
  const z = [-100, -3, -0.5, 0, 0.5, 3, 100];
  const y = [0, 1, 0, 1, 1, 0, 1];
  const w = [1, 2, 0.5, 1, 3, 1, 0.25];

  for (const dtype of ['float32', 'float64'] as const) {
    it(`matches the textbook formula, with and without weights, and stays finite for |z| = 100 (${dtype})`, async () => {
      const g = new Graph({ dtype });
      const logits = g.input('z', ['N']);
      const labels = g.input('y', ['N']);
      const weights = g.input('w', ['N']);
      const program = await Program.compile(g, { outputs: { plain: bceWithLogits(logits, labels), weighted: bceWithLogits(logits, labels, weights) } });
      const arr = (v: number[]) => (dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v));
      const r = await program.run({ z: arr(z), y: arr(y), w: arr(w) });
      const losses = z.map((v, i) => bce(v, y[i]));
      const plain = losses.reduce((a, b) => a + b) / z.length;
      const weighted = losses.reduce((a, l, i) => a + w[i] * l, 0) / w.reduce((a, b) => a + b);
      const tol = dtype === 'float32' ? 1e-6 : 1e-14;
      expect(Math.abs(Number(r.plain.data[0]) - plain) / plain).toBeLessThan(tol);
      expect(Math.abs(Number(r.weighted.data[0]) - weighted) / weighted).toBeLessThan(tol);
    });
  }

  it('refuses logits and labels that would broadcast to a matrix', () => {
    const g = new Graph();
    expect(() => bceWithLogits(g.input('z', ['N', 1]), g.input('y', ['N']))).toThrow(/squeeze/);
    expect(() => meanSquaredError(g.input('p', [3]), g.input('t', [2, 3]))).toThrow(/broadcast/);
  });
});
