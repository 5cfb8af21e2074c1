/**
 * The parity case for the Worker tests: events and the log-likelihoods onnxruntime-node computes
 * for them with the committed density model, handed to the tests inside workerd (which run the
 * same ONNX file with onnxruntime-web) through vitest's `provide`.
 *
 * The events: held-back real background (label-0 rows 30000–30499, when the data directory is
 * present) plus hand-made edge cases that reach every branch of the splines: zeros, negative
 * masses, values far outside the tail bound, the largest and smallest feature values seen.
 *
 * @example
 *   const parity = await densityParityCase(); // { model: 'lhco-funnel', npy: 'k05VTVBZ…', logProb: [...] }
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Matrix } from '../../src/formats/matrix.js';
import { encodeNpy } from '../../src/formats/npy.js';
import { LHCO_FEATURE_COLUMNS, LHCO_PARTITION } from '../data/lhco.js';
import { dataDir, repoRoot } from '../data/paths.js';
import { loadSample } from '../data/sample.js';
import * as ort from 'onnxruntime-node';
import { FUNNEL_MODEL_ID } from './committed.js';

export interface DensityParityCase {
  model: string;
  /** The events as base64 float32 .npy [N, 4]. */
  npy: string;
  /** log_prob from onnxruntime-node, one per event. */
  logProb: number[];
}

const EDGE_EVENTS = [
  [0, 0, 0, 0],
  [-0.01, -0.02, 0.5, 0.5],
  [0.135, 0.172, 0.579, 0.48],
  [3, 3, 1, 1],
  [-2, 5, -1, 2],
  [0.77, 0.93, 0.98, 0.98],
  [50, -50, 10, -10],
];

export async function densityParityCase(dir: string = dataDir()): Promise<DensityParityCase | null> {
  const onnxPath = join(repoRoot, 'models', `${FUNNEL_MODEL_ID}.onnx`);
  if (!existsSync(onnxPath)) return null;
  const rows: number[][] = [...EDGE_EVENTS];
  if (existsSync(join(dir, LHCO_PARTITION.file))) {
    const { matrix } = await loadSample({ file: LHCO_PARTITION.file, where: '5=0', rows: '30000:30500' }, LHCO_FEATURE_COLUMNS, dir);
    for (let i = 0; i < matrix.rows; i++) rows.push(Array.from(matrix.data.subarray(i * 4, (i + 1) * 4)));
  }
  const events: Matrix = { rows: rows.length, cols: 4, data: Float32Array.from(rows.flat()) };
  const session = await ort.InferenceSession.create(await readFile(onnxPath), { intraOpNumThreads: 1 });
  try {
    const out = await session.run({ x: new ort.Tensor('float32', events.data, [events.rows, events.cols]) });
    const logProb = Array.from(out.log_prob.data as Float32Array);
    return { model: FUNNEL_MODEL_ID, npy: Buffer.from(encodeNpy(events)).toString('base64'), logProb };
  } finally {
    await session.release();
  }
}
