/**
 * The model card of a density model (kind 'density'): the exported log_prob graph takes raw
 * features and returns per-event log-likelihoods, and the reference is the log-likelihoods and
 * feature histograms of held-out real events, so a monitor compares an upload's log-likelihoods
 * with them (AUC of upload vs reference log-likelihoods; lower likelihoods give AUC < 0.5).
 *
 * @example
 *   const card = densityCard({ id: 'lhco-funnel', trained, data, dream, command, onnxSha256, created: new Date() });
 *   await writeModel('models', card.id, trained.onnx!, card);
 */
import { parseModelCard, type ModelCard } from '../../src/model-card.js';
import { LHCO_FEATURE_COLUMNS, LHCO_FEATURE_NAMES, unitOf } from '../data/lhco.js';
import { referenceHistograms } from '../dream/histograms.js';
import { ENGINE_OPSET } from '../dream/classifier.js';
import type { DreamOutcome } from '../dream/protocol.js';
import { roundSignificant } from '../dream/ranking.js';
import { describeFlow } from './builders.js';
import { FLOW_IO } from './export.js';
import { nllOf, type DensityData, type DensityTrainSettings, type TrainedDensity } from './lhco.js';

export interface DensityCardInputs {
  id: string;
  description: string;
  trained: TrainedDensity;
  data: DensityData;
  settings: DensityTrainSettings;
  /** DREAM of the model's samples against the real test events. */
  dream: DreamOutcome;
  command: string;
  onnxSha256: string;
  created: Date;
}

/** The card, validated with parseModelCard. */
export function densityCard(c: DensityCardInputs): ModelCard {
  const { trained, data } = c;
  if (!trained.flow || !trained.fit) throw new Error('density cards are written for trained flows');
  const r = (v: number) => roundSignificant(v);
  const heldOut = nllOf(trained.testLogProb);
  const m = c.dream.metrics;
  const card = {
    id: c.id,
    kind: 'density' as const,
    description: c.description,
    created: c.created.toISOString(),
    features: LHCO_FEATURE_NAMES.map((name, j) => ({ name, column: LHCO_FEATURE_COLUMNS[j], unit: unitOf(name) })),
    onnx: { file: `${c.id}.onnx`, sha256: c.onnxSha256, input: FLOW_IO.x, score_output: FLOW_IO.logProb, opset: ENGINE_OPSET },
    preprocessing: {
      kind: 'standardise',
      folded_into_graph: true,
      mean: trained.standardize.mean.map(r),
      std: trained.standardize.std.map(r),
    },
    training: {
      seed: c.settings.seed,
      epochs: c.settings.epochs,
      best_epoch: trained.fit.bestEpoch,
      selection_metric: 'validation_nll',
      batch: c.settings.batch,
      lr: c.settings.lr,
      lr_schedule: 'cosine to 5% of lr',
      optimizer: 'adam',
      clip_norm: 5,
      loss: 'negative_log_likelihood',
      architecture: { kind: 'flow', latent_features: trained.flow.latentFeatures, layers: describeFlow(trained.flow), parameters: trained.parameters },
      provider: trained.fit.provider,
      wall_time_s: Math.round(trained.fit.seconds * 10) / 10,
      split: { train: data.train.rows, validation: data.validation.rows, test: data.test.rows },
      history: trained.fit.history.map((h) => ({ epoch: h.epoch, train_nll: r(h.trainNll), validation_nll: r(h.validationNll ?? NaN) })),
    },
    metrics: {
      nll_heldout: r(heldOut.nll),
      nll_heldout_se: r(heldOut.se),
      nll_units: 'nats per event, raw features (mj1, delta_mj in TeV)',
      n_heldout: data.test.rows,
      dream_samples: {
        description: `DREAM classifier: ${c.dream.counts.used.candidate} model samples vs as many held-out real events`,
        auc: r(m.auc),
        auc_ci: [r(m.auc_ci[0]), r(m.auc_ci[1])],
        two_auc_minus_1: r(m.two_auc_minus_1),
        jsd: r(m.jsd),
        ranking: c.dream.ranking.map((f) => ({ name: f.name, importance: r(f.importance) })),
      },
    },
    reference: {
      description:
        `Log-likelihoods (the model output) and per-feature histograms of the ${data.test.rows} held-out real events ` +
        `(${data.files.test.path}, ${data.files.test.selection}); never trained on or used for epoch selection.`,
      scores: Array.from(trained.testLogProb, r),
      histograms: referenceHistograms(data.test, LHCO_FEATURE_NAMES),
    },
    provenance: { command: c.command, files: data.files, node: process.version },
  };
  return parseModelCard(JSON.parse(JSON.stringify(card)));
}
