/**
 * Density models of real QCD background (LHCO R&D signal region, features mj1, delta_mj,
 * tau21_j1, tau21_j2) and their generator scoreboard: each model is trained by maximum likelihood
 * on label-0 events, its held-out NLL measured, and samples drawn from it scored with DREAM against
 * held-out real background.
 *
 * Events (label-0 rows of sr_labelled_eval.npy): train 0–15999, validation (epoch selection)
 * 16000–19999, test 20000–29999 (held-out NLL, the DREAM reference, the density cards' reference
 * log-likelihoods). 30000–39999 stay held back for the service tests.
 *
 * @example
 *   const data = await loadDensityData();
 *   const rows = await runDensityScoreboard(data, { seed: 1 });
 *   console.log(densityScoreboardMarkdown(rows));
 */
import type { Matrix } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';
import { LHCO_FEATURE_COLUMNS, LHCO_FEATURE_NAMES, LHCO_PARTITION } from '../data/lhco.js';
import { loadSample, type FileRecord } from '../data/sample.js';
import { standardisation } from '../dream/classifier.js';
import { DEFAULT_TRAIN } from '../dream/options.js';
import { runDream, type DreamOutcome } from '../dream/protocol.js';
import { couplingFlow, funnelFlow, marginalFlow } from './builders.js';
export { FUNNEL_MODEL_ID } from './committed.js';
import { exportLogProb, exportSampler } from './export.js';
import type { Flow } from './flow.js';
import { fitGaussian, gaussianLogProb, sampleGaussian } from './gaussian.js';
import { runLogProb, runSampler } from './onnx-run.js';
import { fitFlow, type FitResult } from './train.js';

type Range = { start: number; end: number };

export const DENSITY_PARTITION = {
  file: LHCO_PARTITION.file,
  train: { start: 0, end: 16000 },
  validation: { start: 16000, end: 20000 },
  test: { start: 20000, end: 30000 },
} as const;

if (DENSITY_PARTITION.test.end > LHCO_PARTITION.heldBack.start) throw new Error('the density test split overlaps the held-back events');

export interface DensityData {
  train: Matrix;
  validation: Matrix;
  test: Matrix;
  files: Record<'train' | 'validation' | 'test', FileRecord>;
}

/** Loads the three splits of label-0 events (columns 1–4). */
export async function loadDensityData(dir?: string): Promise<DensityData> {
  const load = (r: Range) => loadSample({ file: DENSITY_PARTITION.file, where: '5=0', rows: `${r.start}:${r.end}` }, LHCO_FEATURE_COLUMNS, dir);
  const [train, validation, test] = await Promise.all([load(DENSITY_PARTITION.train), load(DENSITY_PARTITION.validation), load(DENSITY_PARTITION.test)]);
  return {
    train: train.matrix,
    validation: validation.matrix,
    test: test.matrix,
    files: { train: train.provenance, validation: validation.provenance, test: test.provenance },
  };
}

/** Training settings shared by the flows (epochs scale with --epochs). */
export interface DensityTrainSettings {
  seed: number;
  epochs: number;
  batch: number;
  lr: number;
}

export const DEFAULT_DENSITY_TRAIN: DensityTrainSettings = { seed: 1, epochs: 30, batch: 512, lr: 2e-3 };

export interface DensityModelSpec {
  id: string;
  label: string;
  /** A flow trained by maximum likelihood, or the closed-form Gaussian. */
  build?: (standardize: { mean: number[]; std: number[] }) => Flow;
}

const net = { hidden: [64, 64] };
const spline = { bins: 8, bound: 5 };

/** The scoreboard's models, in table order. */
export const DENSITY_MODELS: DensityModelSpec[] = [
  {
    id: 'spline-flow',
    label: 'spline flow: 4 RQ-spline couplings + LU (K = 8)',
    build: (standardize) => couplingFlow({ features: 4, coupling: 'spline', layers: 4, net, spline, standardize }),
  },
  {
    id: 'affine-flow',
    label: 'affine flow: 8 affine couplings + LU',
    build: (standardize) => couplingFlow({ features: 4, coupling: 'affine', layers: 8, net, standardize }),
  },
  {
    id: 'funnel',
    label: 'Funnel 4 → 3 → 2: spline couplings, conditional spline densities',
    build: (standardize) => lhcoFunnel(standardize),
  },
  { id: 'gaussian', label: 'multivariate Gaussian (closed-form MLE)' },
  {
    id: 'marginals',
    label: 'independent marginals: one 1-D spline per feature (K = 16)',
    build: (standardize) => marginalFlow({ features: 4, spline: { bins: 16, bound: 5 }, standardize }),
  },
];

/** The committed Funnel architecture (4 → 3 → 2 latent features). */
export function lhcoFunnel(standardize: { mean: number[]; std: number[] }): Flow {
  return funnelFlow({ features: 4, drops: [1, 1], layersPerStage: 2, density: 'spline', net, spline, standardize });
}

export interface TrainedDensity {
  spec: DensityModelSpec;
  /** log p of the test events (nats). */
  testLogProb: Float64Array;
  sample(n: number, rng: Rng): Promise<Matrix>;
  /** Trainable parameter count. */
  parameters: number;
  trainSeconds: number;
  flow?: Flow;
  fit?: FitResult;
  /** The exported log_prob model (flows only). */
  onnx?: Uint8Array;
  standardize: { mean: number[]; std: number[] };
}

/** Trains one model on the training split (epoch selection on validation) and scores the test split. */
export async function trainDensity(spec: DensityModelSpec, data: DensityData, s: DensityTrainSettings, log: (line: string) => void = () => {}): Promise<TrainedDensity> {
  const standardize = standardisation(data.train);
  const started = performance.now();
  if (!spec.build) {
    const model = fitGaussian(data.train);
    return {
      spec,
      testLogProb: gaussianLogProb(model, data.test),
      sample: async (n, rng) => sampleGaussian(model, n, rng),
      parameters: 4 + 10,
      trainSeconds: (performance.now() - started) / 1000,
      standardize,
    };
  }
  const flow = spec.build(standardize);
  const fit = await fitFlow(flow, { x: data.train }, {
    epochs: s.epochs,
    batch: s.batch,
    lr: s.lr,
    seed: s.seed,
    validation: { x: data.validation },
    onEpoch: (e) => log(`${spec.id} epoch ${e.epoch}: train NLL ${e.trainNll.toFixed(4)}, validation NLL ${e.validationNll?.toFixed(4)}`),
  });
  const onnx = exportLogProb(flow, fit.params, { metadata: { model: spec.id } });
  const sampler = exportSampler(flow, fit.params);
  return {
    spec,
    testLogProb: Float64Array.from(await runLogProb(onnx, data.test)),
    sample: (n, rng) => runSampler(sampler, n, flow.features, rng),
    parameters: Object.values(fit.params).reduce((a, p) => a + p.length, 0),
    trainSeconds: fit.seconds,
    flow,
    fit,
    onnx,
    standardize,
  };
}

/** Mean NLL and its standard error from per-event log-likelihoods. */
export function nllOf(logp: ArrayLike<number>): { nll: number; se: number } {
  const n = logp.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    sum += logp[i];
    sumSq += logp[i] * logp[i];
  }
  const mean = sum / n;
  const variance = Math.max(0, sumSq / n - mean * mean);
  return { nll: -mean, se: Math.sqrt(variance / n) };
}

export interface DensityRow {
  id: string;
  label: string;
  /** Held-out NLL (nats per event, raw features), null for the real-data control row. */
  nll: { nll: number; se: number } | null;
  parameters: number | null;
  trainSeconds: number | null;
  dream: DreamOutcome;
  trained?: TrainedDensity;
}

export interface ScoreboardSettings extends DensityTrainSettings {
  /** Which models to run (default all). */
  models?: string[];
  /** Samples per model scored by DREAM (default: as many as test events). */
  samples?: number;
  /** DREAM classifier epochs (default that of the DREAM scoreboard). */
  dreamEpochs?: number;
  log?: (line: string) => void;
  onRow?: (row: DensityRow) => void;
}

/**
 * The generator scoreboard: a control row (real training events vs the real test events), then
 * one row per model (its samples vs the real test events).
 */
export async function runDensityScoreboard(data: DensityData, s: ScoreboardSettings): Promise<DensityRow[]> {
  const log = s.log ?? (() => {});
  const dreamSettings = { ...DEFAULT_TRAIN, seed: s.seed, epochs: s.dreamEpochs ?? DEFAULT_TRAIN.epochs, featureNames: LHCO_FEATURE_NAMES };
  const n = s.samples ?? data.test.rows;
  const rows: DensityRow[] = [];
  const push = (row: DensityRow) => {
    rows.push(row);
    s.onRow?.(row);
  };
  const control = await runDream(data.test, data.train, dreamSettings);
  push({ id: 'real', label: 'real background (training events; control)', nll: null, parameters: null, trainSeconds: null, dream: control });
  for (const spec of DENSITY_MODELS) {
    if (s.models && !s.models.includes(spec.id)) continue;
    const trained = await trainDensity(spec, data, s, log);
    const samples = await trained.sample(n, new Rng(s.seed * 1000 + 7));
    const dream = await runDream(data.test, samples, dreamSettings);
    push({ id: spec.id, label: spec.label, nll: nllOf(trained.testLogProb), parameters: trained.parameters, trainSeconds: trained.trainSeconds, dream, trained });
  }
  return rows;
}

/** The Markdown table: model | held-out NLL | AUC [95% CI] | 2·AUC−1 | JSD | top features | params | train time. */
export function densityScoreboardMarkdown(rows: DensityRow[]): string {
  const lines = [
    '| model | held-out NLL (nats) | DREAM AUC [95% CI] | 2·AUC−1 | JSD | top features | parameters | training |',
    '|---|---:|---|---:|---:|---|---:|---:|',
  ];
  for (const r of rows) {
    const m = r.dream.metrics;
    const top = r.dream.ranking
      .slice(0, 2)
      .map((f) => `${f.name} (${f.importance.toFixed(2)})`)
      .join(', ');
    const nll = r.nll ? `${r.nll.nll.toFixed(3)} ± ${r.nll.se.toFixed(3)}` : '—';
    lines.push(
      `| ${r.label} | ${nll} | ${m.auc.toFixed(3)} [${m.auc_ci[0].toFixed(3)}, ${m.auc_ci[1].toFixed(3)}] | ${m.two_auc_minus_1.toFixed(3)} | ` +
        `${m.jsd.toFixed(4)} | ${top} | ${r.parameters ?? '—'} | ${r.trainSeconds === null ? '—' : `${r.trainSeconds.toFixed(0)} s`} |`,
    );
  }
  return lines.join('\n');
}
