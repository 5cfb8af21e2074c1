/**
 * Runs in Node before the worker tests: cuts real LHC Olympics batches out of ../shared/data and
 * hands them to the tests (which run inside workerd and cannot read files) as base64 .npy, plus
 * the scores onnxruntime-node gives for them — the reference side of the Node/Worker parity test.
 */
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import type { TestProject } from 'vitest/node';
import { decodeNpy } from '../../src/formats/npy.js';
import { lhcoTestBatches } from '../../scripts/data/test-batches.js';
import { densityParityCase, type DensityParityCase } from '../../scripts/flows/parity.js';

export default async function setup(project: TestProject): Promise<void> {
  const batches = await lhcoTestBatches();
  project.provide('lhcoBatches', batches);
  project.provide('nodeScores', batches ? await nodeScores('models/lhco-dream.onnx', batches.background) : null);
  project.provide('densityParity', await densityParityCase());
}

/** Scores and input gradients of a batch with onnxruntime-node (CPU, one thread). */
async function nodeScores(modelPath: string, npyBase64: string): Promise<{ score: number[]; grad: number[] }> {
  const session = await ort.InferenceSession.create(await readFile(modelPath), { intraOpNumThreads: 1 });
  const m = decodeNpy(Uint8Array.from(Buffer.from(npyBase64, 'base64')));
  const out = await session.run({ x: new ort.Tensor('float32', m.data, [m.rows, m.cols]) });
  const result = { score: Array.from(out.score.data as Float32Array), grad: Array.from(out.grad.data as Float32Array) };
  await session.release();
  return result;
}

declare module 'vitest' {
  export interface ProvidedContext {
    lhcoBatches: Record<string, string> | null;
    nodeScores: { score: number[]; grad: number[] } | null;
    /** Events and their log_prob from onnxruntime-node with the committed density model. */
    densityParity: DensityParityCase | null;
  }
}
