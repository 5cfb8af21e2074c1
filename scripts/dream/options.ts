/**
 * The DREAM training command's options: parsing `npm run train -- dream ...` flags, defaults, and
 * writing the canonical command line back out (every setting explicit) for provenance, so that the
 * line stored in a model card reproduces the model on any machine with the same data files.
 *
 * @example
 *   const opts = parseDreamArgs(['--name', 'x', '--reference', 'a.npy', '--candidate', 'b.npy', '--columns', '1,2']);
 *   dreamCommandLine(opts); // 'npm run train -- dream --name x --reference a.npy ... --seed 1 ...'
 */
import { parseArgs } from 'node:util';
import { parseColumns } from '../data/selection.js';

export type Provider = 'cpu' | 'webgpu' | 'cuda';

/** One input sample: a file plus the selection (and, for a candidate, an optional mis-modelling). */
export interface SampleSpec {
  /** As given: a path relative to the data directory (preferred) or an absolute path. */
  file: string;
  where?: string;
  rows?: string;
  mismodel?: number;
  mismodelSeed?: number;
}

export interface TrainSettings {
  seed: number;
  epochs: number;
  batch: number;
  lr: number;
  hidden: number[];
  provider: Provider;
  /** Optimiser steps per session.run (an ONNX Loop when > 1; default 1). */
  stepsPerRun?: number;
  /** onnxruntime intra-op threads (default 1: reproducible and comparable across machines). */
  threads?: number;
}

export interface DreamOptions extends TrainSettings {
  name: string;
  reference: SampleSpec;
  candidate: SampleSpec;
  columns: number[];
  featureNames: string[];
  outDir: string;
  dataDir?: string;
}

/** Defaults: small enough to train in seconds on 2 CPU cores, large enough for the LHCO demo. */
export const DEFAULT_TRAIN: TrainSettings = {
  seed: 1,
  epochs: 40,
  batch: 256,
  lr: 1e-3,
  hidden: [64, 64],
  provider: 'cpu',
};

export const DEFAULT_OUT_DIR = 'models';

export const DREAM_USAGE = `usage: npm run train -- dream --name NAME --reference FILE --candidate FILE --columns 1,2,3,4 [options]
  --reference FILE            reference sample (.npy or .csv; path relative to the data dir or absolute)
  --reference-where C=V       keep rows whose column C equals V (e.g. 5=0 for LHCO background)
  --reference-rows A:B        half-open row slice, after --reference-where
  --candidate FILE            candidate sample, same options: --candidate-where, --candidate-rows
  --candidate-mismodel S      apply the documented jet mis-modelling of strength S to the candidate
  --candidate-mismodel-seed K seed of that mis-modelling (default 1)
  --columns LIST              feature columns of the source files, e.g. 1,2,3,4
  --feature-names LIST        names, e.g. mj1,delta_mj,tau21_j1,tau21_j2 (default c1,c2,...)
  --seed N (${DEFAULT_TRAIN.seed})  --epochs N (${DEFAULT_TRAIN.epochs})  --batch N (${DEFAULT_TRAIN.batch})  --lr X (${DEFAULT_TRAIN.lr})
  --hidden 64,64              hidden layer widths (LeakyReLU)
  --provider cpu|webgpu|cuda  onnxruntime-node execution provider (default cpu; an unloadable GPU
                              provider falls back to cpu with a message naming it and the error)
  --steps-per-run K           optimiser steps per session.run, as an ONNX Loop (default 1)
  --threads N                 onnxruntime intra-op threads (default 1)
  --out DIR                   where NAME.onnx and NAME.json go (default models)
  --data DIR                  data directory (default $DREAMWATCH_DATA or ../shared/data)`;

/** Parses the flags that follow `dream`. Throws with a usage hint on anything missing or malformed. */
export function parseDreamArgs(argv: string[]): DreamOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      name: { type: 'string' },
      reference: { type: 'string' },
      'reference-where': { type: 'string' },
      'reference-rows': { type: 'string' },
      candidate: { type: 'string' },
      'candidate-where': { type: 'string' },
      'candidate-rows': { type: 'string' },
      'candidate-mismodel': { type: 'string' },
      'candidate-mismodel-seed': { type: 'string' },
      columns: { type: 'string' },
      'feature-names': { type: 'string' },
      seed: { type: 'string' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      hidden: { type: 'string' },
      provider: { type: 'string' },
      'steps-per-run': { type: 'string' },
      threads: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
    },
  });
  const need = (key: 'name' | 'reference' | 'candidate' | 'columns'): string => {
    const v = values[key];
    if (!v) throw new Error(`missing --${key}\n${DREAM_USAGE}`);
    return v;
  };
  const name = need('name');
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) {
    throw new Error(`--name "${name}" must be lower-case letters, digits and dashes (it becomes the model id)`);
  }
  const columns = parseColumns(need('columns'));
  const featureNames = values['feature-names']?.split(',').map((s) => s.trim()) ?? defaultFeatureNames(columns);
  if (featureNames.length !== columns.length) {
    throw new Error(`--feature-names has ${featureNames.length} names for ${columns.length} columns`);
  }
  const mismodel = optionalNumber(values['candidate-mismodel'], 'candidate-mismodel');
  const provider = (values.provider ?? DEFAULT_TRAIN.provider) as Provider;
  if (!['cpu', 'webgpu', 'cuda'].includes(provider)) throw new Error(`--provider must be cpu, webgpu or cuda`);
  return {
    name,
    reference: { file: need('reference'), where: values['reference-where'], rows: values['reference-rows'] },
    candidate: {
      file: need('candidate'),
      where: values['candidate-where'],
      rows: values['candidate-rows'],
      mismodel,
      mismodelSeed:
        mismodel === undefined ? undefined : (optionalInt(values['candidate-mismodel-seed'], 'candidate-mismodel-seed') ?? 1),
    },
    columns,
    featureNames,
    seed: optionalInt(values.seed, 'seed') ?? DEFAULT_TRAIN.seed,
    epochs: optionalInt(values.epochs, 'epochs') ?? DEFAULT_TRAIN.epochs,
    batch: optionalInt(values.batch, 'batch') ?? DEFAULT_TRAIN.batch,
    lr: optionalNumber(values.lr, 'lr') ?? DEFAULT_TRAIN.lr,
    hidden: values.hidden ? values.hidden.split(',').map((w) => positiveInt(w, 'hidden')) : DEFAULT_TRAIN.hidden,
    provider,
    stepsPerRun: values['steps-per-run'] === undefined ? undefined : positiveInt(values['steps-per-run'], 'steps-per-run'),
    threads: values.threads === undefined ? undefined : positiveInt(values.threads, 'threads'),
    outDir: values.out ?? DEFAULT_OUT_DIR,
    dataDir: values.data,
  };
}

/**
 * The canonical command line for a run: every training setting written out, file paths as given
 * (relative to the data directory), `--data` left out because it is machine-specific.
 */
export function dreamCommandLine(o: DreamOptions): string {
  const args: string[] = ['--name', o.name];
  pushSample(args, 'reference', o.reference);
  pushSample(args, 'candidate', o.candidate);
  args.push('--columns', o.columns.join(','), '--feature-names', o.featureNames.join(','));
  args.push('--seed', String(o.seed), '--epochs', String(o.epochs), '--batch', String(o.batch));
  args.push('--lr', String(o.lr), '--hidden', o.hidden.join(','), '--provider', o.provider);
  // Written only when set, so that command lines of models trained before these flags existed
  // still read the same.
  if (o.stepsPerRun !== undefined) args.push('--steps-per-run', String(o.stepsPerRun));
  if (o.threads !== undefined) args.push('--threads', String(o.threads));
  if (o.outDir !== DEFAULT_OUT_DIR) args.push('--out', o.outDir);
  return `npm run train -- dream ${args.map(shellQuote).join(' ')}`;
}

function pushSample(args: string[], role: 'reference' | 'candidate', s: SampleSpec): void {
  args.push(`--${role}`, s.file);
  if (s.where) args.push(`--${role}-where`, s.where);
  if (s.rows) args.push(`--${role}-rows`, s.rows);
  if (s.mismodel !== undefined) {
    args.push(`--${role}-mismodel`, String(s.mismodel), `--${role}-mismodel-seed`, String(s.mismodelSeed ?? 1));
  }
}

function defaultFeatureNames(columns: number[]): string[] {
  return columns.map((c) => `c${c}`);
}

function shellQuote(s: string): string {
  return /^[\w./:=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function optionalNumber(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Error(`--${flag} must be a number, got "${v}"`);
  return x;
}

function optionalInt(v: string | undefined, flag: string): number | undefined {
  return v === undefined ? undefined : positiveInt(v, flag, true);
}

function positiveInt(v: string, flag: string, allowZero = false): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < (allowZero ? 0 : 1)) throw new Error(`--${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${v}"`);
  return x;
}
