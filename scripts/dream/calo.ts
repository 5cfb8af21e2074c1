/**
 * Calorimeter-scale DREAM: the CaloChallenge 2022 classifier test on generated dataset-1 pion
 * showers (scripts/data/calo-generator.ts). A reference sample and a candidate sample with a
 * known mis-modelling of strength s go through the DREAM protocol (protocol.ts); the classifier
 * has the CaloChallenge evaluation architecture: 534 inputs (log10 E_inc and 533 voxel/E_inc),
 * 3 × 2048 LeakyReLU, batch 1000, Adam lr 2e-4, 50 epochs.
 *
 * `npm run train -- calo-dream [flags]` runs it (CALO_DREAM_USAGE); at full size a training
 * step is ~57 GFLOP (forward and backward through 9.5M weights for 1000 events), so the full
 * protocol is a GPU job. Reduced sizes (--events, --hidden, --epochs) run anywhere.
 *
 * @example
 *   const o = await runCaloDream({ ...CALO_DEFAULTS, events: 4000, hidden: [64, 64], epochs: 5, mismodel: 3 });
 *   o.metrics.auc; // well above 0.5
 */
import { parseArgs } from 'node:util';
import { DS1_PION_VOXELS, caloFeatureNames, caloFeatures, generateCalo } from '../data/calo-generator.js';
import type { Provider, TrainSettings } from './options.js';
import { runDream, type DreamOutcome, type DreamSettings } from './protocol.js';

export interface CaloDreamSettings extends TrainSettings {
  /** Showers per sample (reference and candidate each). */
  events: number;
  /** Mis-modelling strength of the candidate (0: same model, independent showers). */
  mismodel: number;
  onEpoch?: DreamSettings['onEpoch'];
}

/** The CaloChallenge classifier settings with the dataset-1 sample size. */
export const CALO_DEFAULTS: CaloDreamSettings = {
  events: 100_000,
  mismodel: 1,
  seed: 1,
  epochs: 50,
  batch: 1000,
  lr: 2e-4,
  hidden: [2048, 2048, 2048],
  provider: 'cpu',
};

/** Network inputs: log10(E_inc) and the 533 voxels. */
export const CALO_FEATURES = 1 + DS1_PION_VOXELS;

/**
 * Generates both samples (reference from seed·2+1, candidate from seed·2+2, so runs with
 * different seeds use different showers) and runs the DREAM protocol on them.
 */
export async function runCaloDream(s: CaloDreamSettings): Promise<DreamOutcome & { generationS: number }> {
  const t0 = performance.now();
  const reference = caloFeatures(generateCalo({ events: s.events, seed: 2 * s.seed + 1 }));
  const candidate = caloFeatures(generateCalo({ events: s.events, seed: 2 * s.seed + 2, mismodel: s.mismodel }));
  const generationS = (performance.now() - t0) / 1000;
  const outcome = await runDream(reference, candidate, { ...s, featureNames: caloFeatureNames() });
  return { ...outcome, generationS };
}

export const CALO_DREAM_USAGE = `usage: npm run train -- calo-dream [options]
  Generated CaloChallenge dataset-1 pion showers (533 voxels), reference vs a candidate with a
  known mis-modelling, through the DREAM protocol with the CaloChallenge classifier.
  --events N                  showers per sample (${CALO_DEFAULTS.events})
  --mismodel S                candidate mis-modelling strength (${CALO_DEFAULTS.mismodel}; 0 = same model)
  --seed N (${CALO_DEFAULTS.seed})  --epochs N (${CALO_DEFAULTS.epochs})  --batch N (${CALO_DEFAULTS.batch})  --lr X (${CALO_DEFAULTS.lr})
  --hidden 2048,2048,2048     hidden layer widths (LeakyReLU)
  --provider cpu|webgpu|cuda  onnxruntime-node execution provider (default cpu; an unloadable GPU
                              provider falls back to cpu with a message naming it and the error)
  --steps-per-run K           optimiser steps per session.run, as an ONNX Loop (default 1)
  --threads N                 onnxruntime intra-op threads (default 1)`;

/** Parses the flags that follow `calo-dream`. */
export function parseCaloDreamArgs(argv: string[]): CaloDreamSettings {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: Object.fromEntries(
      ['events', 'mismodel', 'seed', 'epochs', 'batch', 'lr', 'hidden', 'provider', 'steps-per-run', 'threads'].map((k) => [k, { type: 'string' as const }]),
    ),
  });
  const int = (key: string, min = 1): number | undefined => {
    const v = values[key] as string | undefined;
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new Error(`--${key} must be an integer ≥ ${min}, got "${v}"`);
    return x;
  };
  const num = (key: string): number | undefined => {
    const v = values[key] as string | undefined;
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0) throw new Error(`--${key} must be a non-negative number, got "${v}"`);
    return x;
  };
  const provider = ((values.provider as string | undefined) ?? CALO_DEFAULTS.provider) as Provider;
  if (!['cpu', 'webgpu', 'cuda'].includes(provider)) throw new Error('--provider must be cpu, webgpu or cuda');
  const hidden = (values.hidden as string | undefined)?.split(',').map((w) => {
    const x = Number(w);
    if (!Number.isInteger(x) || x < 1) throw new Error(`--hidden must list positive integers, got "${values.hidden}"`);
    return x;
  });
  return {
    events: int('events', 10) ?? CALO_DEFAULTS.events,
    mismodel: num('mismodel') ?? CALO_DEFAULTS.mismodel,
    seed: int('seed', 0) ?? CALO_DEFAULTS.seed,
    epochs: int('epochs') ?? CALO_DEFAULTS.epochs,
    batch: int('batch') ?? CALO_DEFAULTS.batch,
    lr: num('lr') ?? CALO_DEFAULTS.lr,
    hidden: hidden ?? CALO_DEFAULTS.hidden,
    provider,
    stepsPerRun: int('steps-per-run'),
    threads: int('threads'),
  };
}
