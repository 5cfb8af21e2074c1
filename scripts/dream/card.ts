/**
 * Builds the model card (src/model-card.ts) of a DREAM classifier from a finished run, and writes
 * the ONNX file and the card side by side.
 *
 * @example
 *   const card = dreamCard({ options, outcome, files, onnxSha256, created: new Date() });
 *   await writeModel('models', 'lhco-dream', onnxBytes, card); // models/lhco-dream.{onnx,json}
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseModelCard, type ModelCard } from '../../src/model-card.js';
import { unitOf } from '../data/lhco.js';
import type { FileRecord } from '../data/sample.js';
import type { DreamOptions } from './options.js';
import { dreamCommandLine } from './options.js';
import type { DreamOutcome } from './protocol.js';
import { roundSignificant } from './ranking.js';

export interface CardInputs {
  options: DreamOptions;
  outcome: DreamOutcome;
  files: { reference: FileRecord; candidate: FileRecord };
  onnxSha256: string;
  created: Date;
  description?: string;
}

/** The card for a DREAM classifier; validated with parseModelCard before it is returned. */
export function dreamCard({ options: o, outcome, files, onnxSha256, created, description }: CardInputs): ModelCard {
  const r = (v: number) => roundSignificant(v);
  const card = {
    id: o.name,
    kind: 'classifier' as const,
    description:
      description ??
      `DREAM classifier: candidate (${files.candidate.path}, ${files.candidate.selection}) vs reference ` +
        `(${files.reference.path}, ${files.reference.selection}). Score = P(candidate); AUC 0.5 = indistinguishable.`,
    created: created.toISOString(),
    features: o.featureNames.map((name, j) => ({ name, column: o.columns[j], unit: unitOf(name) })),
    onnx: {
      file: `${o.name}.onnx`,
      sha256: onnxSha256,
      input: 'x',
      score_output: 'score',
      gradient_output: 'grad',
      opset: outcome.model.opset,
    },
    preprocessing: {
      kind: 'standardise',
      folded_into_graph: true,
      mean: outcome.model.mean.map(r),
      std: outcome.model.std.map(r),
    },
    training: {
      seed: o.seed,
      epochs: o.epochs,
      best_epoch: outcome.bestEpoch,
      selection_metric: 'test_bce',
      batch: o.batch,
      lr: o.lr,
      optimizer: 'adam',
      loss: 'bce_with_logits',
      architecture: { kind: 'mlp', layers: [o.columns.length, ...o.hidden, 1], activation: 'leaky_relu' },
      provider: outcome.provider,
      wall_time_s: Math.round(outcome.wallTimeS * 10) / 10,
      split: { train: 0.6, test: 0.2, validation: 0.2, per_class: true },
      class_balance: 'larger class subsampled (seeded) to the size of the smaller',
      calibration: 'isotonic, fitted on the test split',
      history: outcome.history.map((h) => ({ epoch: h.epoch, train_loss: r(h.trainLoss), test_bce: r(h.testBce) })),
    },
    metrics: {
      auc: r(outcome.metrics.auc),
      auc_ci: [r(outcome.metrics.auc_ci[0]), r(outcome.metrics.auc_ci[1])] as [number, number],
      auc_se: r(outcome.metrics.auc_se),
      ci_level: outcome.metrics.ci_level,
      p_value: r(outcome.metrics.p_value),
      two_auc_minus_1: r(outcome.metrics.two_auc_minus_1),
      gini: r(outcome.metrics.gini),
      jsd: r(outcome.metrics.jsd),
      bce_calibrated: r(outcome.metrics.bce_calibrated),
      split: outcome.metrics.split,
      n: outcome.counts,
    },
    feature_ranking: outcome.ranking.map((f) => ({ name: f.name, importance: r(f.importance) })),
    reference: {
      description:
        `Scores (raw model output) and per-feature histograms of the ${outcome.referenceScores.length} ` +
        `reference events of the validation split (${files.reference.path}, ${files.reference.selection}).`,
      scores: Array.from(outcome.referenceScores, r),
      histograms: outcome.referenceHistograms,
    },
    provenance: {
      command: dreamCommandLine(o),
      files,
      mismodel: o.candidate.mismodel === undefined ? undefined : { strength: o.candidate.mismodel, seed: o.candidate.mismodelSeed },
      node: process.version,
    },
  };
  return parseModelCard(JSON.parse(JSON.stringify(card)));
}

/**
 * Pretty JSON with arrays of numbers kept on one line: a card holds thousands of reference
 * scores, and one number per line would make it long and its diffs unreadable.
 *
 * @example cardJson({ a: [1, 2] }); // '{\n  "a": [1, 2]\n}'
 */
export function cardJson(card: unknown): string {
  return JSON.stringify(card, null, 2).replace(/\[\s*(-?[\d.eE+-]+(?:,\s*-?[\d.eE+-]+)*)\s*\]/g, (_, body: string) => `[${body.split(/,\s*/).join(', ')}]`);
}

/** Writes DIR/NAME.onnx and DIR/NAME.json (pretty JSON, one trailing newline). */
export async function writeModel(dir: string, name: string, onnx: Uint8Array, card: ModelCard): Promise<{ onnxPath: string; cardPath: string }> {
  await mkdir(dir, { recursive: true });
  const onnxPath = join(dir, `${name}.onnx`);
  const cardPath = join(dir, `${name}.json`);
  await writeFile(onnxPath, onnx);
  await writeFile(cardPath, `${cardJson(card)}\n`);
  return { onnxPath, cardPath };
}
