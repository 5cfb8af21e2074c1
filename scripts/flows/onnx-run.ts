/**
 * Running exported flow models over large matrices with onnxruntime-node (one thread, in slices),
 * as the scoreboard and the model-card tools do.
 *
 * @example
 *   const logp = await runLogProb(bytes, test);           // Float32Array [N]
 *   const samples = await runSampler(bytes, 10000, 4, new Rng(1));
 */
import * as ort from 'onnxruntime-node';
import type { Matrix } from '../../src/formats/matrix.js';
import type { Rng } from '../../src/stats/rng.js';
import { createSession } from '../engine/index.js';
import { FLOW_IO } from './export.js';

const SLICE = 8192;

async function runSliced(bytes: Uint8Array, input: string, m: Matrix, output: string, outCols: number): Promise<Float32Array> {
  const { session } = await createSession(bytes);
  try {
    const out = new Float32Array(m.rows * outCols);
    for (let start = 0; start < m.rows; start += SLICE) {
      const rows = Math.min(SLICE, m.rows - start);
      const feed = new ort.Tensor('float32', m.data.subarray(start * m.cols, (start + rows) * m.cols), [rows, m.cols]);
      const result = await session.run({ [input]: feed });
      out.set(result[output].data as Float32Array, start * outCols);
    }
    return out;
  } finally {
    await session.release();
  }
}

/** log p(x) per row from an exported log_prob model. */
export function runLogProb(bytes: Uint8Array, x: Matrix): Promise<Float32Array> {
  return runSliced(bytes, FLOW_IO.x, x, FLOW_IO.logProb, 1);
}

/** n samples from an exported sampler with base noise z ~ N(0, I) drawn from rng. */
export async function runSampler(bytes: Uint8Array, n: number, features: number, rng: Rng): Promise<Matrix> {
  const z = new Float32Array(n * features);
  for (let i = 0; i < z.length; i++) z[i] = rng.normal();
  const data = await runSliced(bytes, FLOW_IO.z, { rows: n, cols: features, data: z }, FLOW_IO.sample, features);
  return { rows: n, cols: features, data };
}
