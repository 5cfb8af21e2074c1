/**
 * The DREAM protocol on two samples, following the CaloChallenge classifier test:
 *
 * 1. class balance: the larger sample is subsampled (seeded) to the size of the smaller, so both
 *    classes count equally in the loss, the AUC and the JSD;
 * 2. per class, a seeded 60/20/20 train / test / validation split;
 * 3. an MLP trained on train, the epoch with the best test BCE kept (classifier.ts);
 * 4. isotonic calibration fitted on test; AUC with 95 % DeLong CI, 2·AUC − 1 and calibrated JSD
 *    on validation (evaluate.ts);
 * 5. the feature ranking by mean |∂logit/∂x| × std over all validation events (ranking.ts);
 * 6. for the edge service: the exported model's scores on the reference validation events and
 *    per-feature histograms of those events.
 *
 * Every number is computed with the exported ONNX model, the same file the edge runs.
 *
 * @example
 *   const outcome = await runDream(referenceMatrix, candidateMatrix, { ...DEFAULT_TRAIN, featureNames });
 *   outcome.metrics.auc; outcome.ranking[0].name;
 */
import type { Histogram } from '../../src/model-card.js';
import type { Matrix } from '../../src/formats/matrix.js';
import { scoreOnnx, trainClassifier, type EpochRecord, type LabelledSet } from './classifier.js';
import { dreamMetrics, type DreamMetrics } from './evaluate.js';
import { referenceHistograms } from './histograms.js';
import type { TrainSettings } from './options.js';
import { rankFeatures, type FeatureImportance } from './ranking.js';
import { balancedSubsample, splitClass, streamSeeds, type ClassSplit } from './split.js';

export interface DreamSettings extends TrainSettings {
  featureNames: string[];
  /** Bins of the reference histograms (default 20). */
  histogramBins?: number;
  /** Called after each epoch, e.g. for progress output. */
  onEpoch?: (record: EpochRecord) => void;
}

type PerClass = { reference: number; candidate: number };

export interface DreamOutcome {
  metrics: DreamMetrics;
  ranking: FeatureImportance[];
  model: { onnx: Uint8Array; opset: number; mean: number[]; std: number[] };
  bestEpoch: number;
  history: EpochRecord[];
  /** Exported-model scores of the reference events of the validation split. */
  referenceScores: Float32Array;
  referenceHistograms: Histogram[];
  counts: { input: PerClass; used: PerClass; train: PerClass; test: PerClass; validation: PerClass };
  provider: string;
  wallTimeS: number;
}

/** Runs the whole protocol; `reference` is class 0, `candidate` class 1. */
export async function runDream(reference: Matrix, candidate: Matrix, s: DreamSettings): Promise<DreamOutcome> {
  const started = performance.now();
  if (reference.cols !== candidate.cols) throw new Error(`reference has ${reference.cols} features, candidate ${candidate.cols}`);
  if (s.featureNames.length !== reference.cols) throw new Error(`${s.featureNames.length} feature names for ${reference.cols} features`);
  const seeds = streamSeeds(s.seed);
  const size = Math.min(reference.rows, candidate.rows);
  if (size < 10) throw new Error(`too few events for a DREAM run: ${size} in the smaller sample`);
  // Two draws from one stream: reference first, then candidate, each a no-op unless it is larger.
  const ref = takeRows(reference, balancedSubsample(reference.rows, size, seeds.subsample));
  const cand = takeRows(candidate, balancedSubsample(candidate.rows, size, seeds.subsample + 0x9e37));
  const refSplit = splitClass(ref.rows, { seed: seeds.reference });
  const candSplit = splitClass(cand.rows, { seed: seeds.candidate });

  const part = (key: keyof ClassSplit): LabelledSet => labelled(takeRows(ref, refSplit[key]), takeRows(cand, candSplit[key]));
  const train = part('train');
  const test = part('test');
  const validation = part('validation');

  const model = await trainClassifier(train, test, { ...s, seed: seeds.training });
  const [testOut, validationOut] = [await scoreOnnx(model.onnx, test.x, s.provider), await scoreOnnx(model.onnx, validation.x, s.provider)];

  const nRefTest = refSplit.test.length;
  const nRefVal = refSplit.validation.length;
  const metrics = dreamMetrics(
    { reference: testOut.score.subarray(0, nRefTest), candidate: testOut.score.subarray(nRefTest) },
    { reference: validationOut.score.subarray(0, nRefVal), candidate: validationOut.score.subarray(nRefVal) },
  );
  const referenceValidation = takeRows(ref, refSplit.validation);
  const count = (key: keyof ClassSplit): PerClass => ({ reference: refSplit[key].length, candidate: candSplit[key].length });
  return {
    metrics,
    ranking: rankFeatures(validationOut.grad, validation.x, s.featureNames),
    model: { onnx: model.onnx, opset: model.opset, mean: model.mean, std: model.std },
    bestEpoch: model.bestEpoch,
    history: model.history,
    referenceScores: validationOut.score.slice(0, nRefVal),
    referenceHistograms: referenceHistograms(referenceValidation, s.featureNames, s.histogramBins),
    counts: {
      input: { reference: reference.rows, candidate: candidate.rows },
      used: { reference: ref.rows, candidate: cand.rows },
      train: count('train'),
      test: count('test'),
      validation: count('validation'),
    },
    provider: model.provider,
    wallTimeS: (performance.now() - started) / 1000,
  };
}

/** Rows of `m` at `indices`, in that order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const data = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) data.set(m.data.subarray(indices[i] * m.cols, (indices[i] + 1) * m.cols), i * m.cols);
  return { rows: indices.length, cols: m.cols, data };
}

/** Stacks reference rows (label 0) above candidate rows (label 1). */
function labelled(reference: Matrix, candidate: Matrix): LabelledSet {
  const data = new Float32Array(reference.data.length + candidate.data.length);
  data.set(reference.data);
  data.set(candidate.data, reference.data.length);
  const y = new Float32Array(reference.rows + candidate.rows);
  y.fill(1, reference.rows);
  return { x: { rows: reference.rows + candidate.rows, cols: reference.cols, data }, y };
}
