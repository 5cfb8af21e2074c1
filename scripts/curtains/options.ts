/**
 * Options of `npm run curtains -- ...`: parsing, defaults (the full search on the LHCO R&D files)
 * and the canonical command line written back for provenance.
 *
 * @example
 *   const o = parseCurtainsArgs(['--window', '3.3,3.4,3.6,3.7', '--seed', '2']);
 *   curtainsCommandLine(o); // 'npm run curtains -- --data lhco-rnd/sr_data_a.npy ... --seed 2'
 */
import { parseArgs } from 'node:util';
import type { ExecutionProvider } from '../engine/index.js';
import { DEFAULT_CWOLA, type CwolaSettings } from './classifier.js';
import { OT_LOSSES, type OtLossName } from './losses.js';
import { DEFAULT_TRANSPORT, type TransportSettings } from './transport.js';
import { LHCO_WINDOW, outerEdges, parseWindow, windowEdges, type WindowSpec } from './window.js';

export interface CurtainsOptions {
  /** "Observed" data: events in and around the window (path relative to the data dir or absolute). */
  dataFile: string;
  /** Labelled evaluation events (truth column) for validation, baselines and figures of merit. */
  labelledFile: string;
  window: WindowSpec;
  massColumn: number;
  featureColumns: number[];
  featureNames: string[];
  labelColumn: number;
  /** Keep this fraction of every input sample (seeded), for quick runs and tests (default 1). */
  fraction: number;
  /** Template events per sideband event (each copy gets its own SR target mass). */
  oversample: number;
  /** Degree of the log-polynomial sideband mass fit. */
  spectrumDegree: number;
  /** Share of each sideband held out for transport selection and the closure test. */
  heldOut: number;
  transport: TransportSettings;
  cwola: CwolaSettings;
  /** Epochs of the DREAM checks (template vs true background, closure). */
  dreamEpochs: number;
  /** Also train the idealised and fully supervised baselines (default true). */
  baselines: boolean;
  seed: number;
  provider: ExecutionProvider;
  /** Folder for the report, the plots and the JSON summary. */
  outDir: string;
  /** Export the anomaly classifier as MODEL.onnx + MODEL.json into modelDir (default: only with --export). */
  exportModel: boolean;
  modelName: string;
  modelDir: string;
  dataDir?: string;
}

export const DEFAULT_CURTAINS: Omit<CurtainsOptions, 'transport' | 'cwola'> = {
  dataFile: 'lhco-rnd/sr_data_a.npy',
  labelledFile: 'lhco-rnd/sr_labelled_eval.npy',
  window: LHCO_WINDOW,
  massColumn: 0,
  featureColumns: [1, 2, 3, 4],
  featureNames: ['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2'],
  labelColumn: 5,
  fraction: 1,
  oversample: 2,
  spectrumDegree: 1,
  heldOut: 0.2,
  dreamEpochs: 20,
  baselines: true,
  seed: 1,
  provider: 'cpu',
  outDir: 'tmp/curtains',
  exportModel: false,
  modelName: 'curtains-lhco',
  modelDir: 'models',
};

export const CURTAINS_USAGE = `usage: npm run curtains -- [options]
  --data FILE               observed data (default ${DEFAULT_CURTAINS.dataFile}); columns: mass, features, label
  --labelled FILE           labelled evaluation events (default ${DEFAULT_CURTAINS.labelledFile})
  --window A,B,C,D          SB1 [A,B) | SR [B,C) | SB2 [C,D) in the mass column (default 3.3,3.4,3.6,3.7)
  --outer O1,O2             optional outer bands [O1,A) and [D,O2) to check the extrapolation
  --mass-column N (0)  --feature-columns 1,2,3,4  --label-column N (5)
  --fraction F              keep a seeded fraction F of every sample (quick runs; default 1)
  --oversample K            template events per sideband event (default ${DEFAULT_CURTAINS.oversample})
  --spectrum-degree N       log-polynomial degree of the sideband mass fit (default ${DEFAULT_CURTAINS.spectrumDegree})
  --loss mmd|sliced-wasserstein   transport loss (default ${DEFAULT_TRANSPORT.loss})
  --coupling spline|affine  transport couplings (default ${DEFAULT_TRANSPORT.coupling})
  --transport-steps N (${DEFAULT_TRANSPORT.steps})  --transport-batch N (${DEFAULT_TRANSPORT.batch})  --transport-layers N (${DEFAULT_TRANSPORT.layers})
  --epochs N (${DEFAULT_CWOLA.epochs})  --folds K (${DEFAULT_CWOLA.folds})  --keep-best N (${DEFAULT_CWOLA.keepBest})  --batch N (${DEFAULT_CWOLA.batch})  --hidden 64,64
  --dream-epochs N          epochs of the DREAM validation classifiers (default ${DEFAULT_CURTAINS.dreamEpochs})
  --no-baselines            skip the idealised and supervised classifiers
  --seed N (1)  --provider cpu|webgpu|cuda
  --out DIR                 report, plots and summary.json (default ${DEFAULT_CURTAINS.outDir})
  --export                  write the anomaly classifier to --model-dir/--name (.onnx + .json card)
  --name NAME (${DEFAULT_CURTAINS.modelName})  --model-dir DIR (${DEFAULT_CURTAINS.modelDir})
  --data-dir DIR            data directory (default $DREAMWATCH_DATA or ../shared/data)`;

/** Parses the flags of `npm run curtains --`. Throws with the usage on anything malformed. */
export function parseCurtainsArgs(argv: string[]): CurtainsOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      data: { type: 'string' },
      labelled: { type: 'string' },
      window: { type: 'string' },
      outer: { type: 'string' },
      'mass-column': { type: 'string' },
      'feature-columns': { type: 'string' },
      'feature-names': { type: 'string' },
      'label-column': { type: 'string' },
      fraction: { type: 'string' },
      oversample: { type: 'string' },
      'spectrum-degree': { type: 'string' },
      'held-out': { type: 'string' },
      loss: { type: 'string' },
      coupling: { type: 'string' },
      'transport-steps': { type: 'string' },
      'transport-batch': { type: 'string' },
      'transport-layers': { type: 'string' },
      'transport-lr': { type: 'string' },
      epochs: { type: 'string' },
      folds: { type: 'string' },
      'keep-best': { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      hidden: { type: 'string' },
      'dream-epochs': { type: 'string' },
      'no-baselines': { type: 'boolean' },
      seed: { type: 'string' },
      provider: { type: 'string' },
      out: { type: 'string' },
      export: { type: 'boolean' },
      name: { type: 'string' },
      'model-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) throw new Error(CURTAINS_USAGE);
  const d = DEFAULT_CURTAINS;
  const int = (v: string | undefined, flag: string, fallback: number, min = 1) => {
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new Error(`--${flag} must be an integer ≥ ${min}, got "${v}"\n${CURTAINS_USAGE}`);
    return x;
  };
  const num = (v: string | undefined, flag: string, fallback: number, ok: (x: number) => boolean) => {
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isFinite(x) || !ok(x)) throw new Error(`--${flag}: bad value "${v}"\n${CURTAINS_USAGE}`);
    return x;
  };
  const list = (v: string | undefined, flag: string, fallback: number[]) =>
    v === undefined ? fallback : v.split(',').map((s) => int(s.trim(), flag, 0, 0));
  const loss = (values.loss ?? DEFAULT_TRANSPORT.loss) as OtLossName;
  if (!OT_LOSSES.includes(loss)) throw new Error(`--loss must be ${OT_LOSSES.join(' or ')}, got "${values.loss}"`);
  const coupling = values.coupling ?? DEFAULT_TRANSPORT.coupling;
  if (coupling !== 'spline' && coupling !== 'affine') throw new Error(`--coupling must be spline or affine, got "${coupling}"`);
  const provider = (values.provider ?? 'cpu') as ExecutionProvider;
  if (!['cpu', 'webgpu', 'cuda'].includes(provider)) throw new Error('--provider must be cpu, webgpu or cuda');
  const seed = int(values.seed, 'seed', d.seed, 0);
  const featureColumns = list(values['feature-columns'], 'feature-columns', d.featureColumns);
  const featureNames = values['feature-names']?.split(',').map((s) => s.trim()) ?? (values['feature-columns'] ? featureColumns.map((c) => `c${c}`) : d.featureNames);
  if (featureNames.length !== featureColumns.length) throw new Error(`--feature-names has ${featureNames.length} names for ${featureColumns.length} columns`);
  const name = values.name ?? d.modelName;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) throw new Error(`--name "${name}" must be lower-case letters, digits and dashes`);
  return {
    dataFile: values.data ?? d.dataFile,
    labelledFile: values.labelled ?? d.labelledFile,
    window: values.window || values.outer ? parseWindow(values.window ?? windowEdges(d.window), values.outer) : d.window,
    massColumn: int(values['mass-column'], 'mass-column', d.massColumn, 0),
    featureColumns,
    featureNames,
    labelColumn: int(values['label-column'], 'label-column', d.labelColumn, 0),
    fraction: num(values.fraction, 'fraction', d.fraction, (x) => x > 0 && x <= 1),
    oversample: int(values.oversample, 'oversample', d.oversample),
    spectrumDegree: int(values['spectrum-degree'], 'spectrum-degree', d.spectrumDegree, 0),
    heldOut: num(values['held-out'], 'held-out', d.heldOut, (x) => x > 0 && x < 1),
    transport: {
      ...DEFAULT_TRANSPORT,
      loss,
      coupling,
      steps: int(values['transport-steps'], 'transport-steps', DEFAULT_TRANSPORT.steps),
      batch: int(values['transport-batch'], 'transport-batch', DEFAULT_TRANSPORT.batch, 2),
      layers: int(values['transport-layers'], 'transport-layers', DEFAULT_TRANSPORT.layers),
      lr: num(values['transport-lr'], 'transport-lr', DEFAULT_TRANSPORT.lr, (x) => x > 0),
      validEvery: Math.min(DEFAULT_TRANSPORT.validEvery, int(values['transport-steps'], 'transport-steps', DEFAULT_TRANSPORT.steps)),
      seed,
      provider,
    },
    cwola: {
      ...DEFAULT_CWOLA,
      epochs: int(values.epochs, 'epochs', DEFAULT_CWOLA.epochs),
      folds: int(values.folds, 'folds', DEFAULT_CWOLA.folds, 3),
      keepBest: int(values['keep-best'], 'keep-best', DEFAULT_CWOLA.keepBest),
      batch: int(values.batch, 'batch', DEFAULT_CWOLA.batch, 2),
      lr: num(values.lr, 'lr', DEFAULT_CWOLA.lr, (x) => x > 0),
      hidden: values.hidden ? list(values.hidden, 'hidden', []) : DEFAULT_CWOLA.hidden,
      seed,
      provider,
    },
    dreamEpochs: int(values['dream-epochs'], 'dream-epochs', d.dreamEpochs),
    baselines: !values['no-baselines'],
    seed,
    provider,
    outDir: values.out ?? d.outDir,
    exportModel: values.export ?? false,
    modelName: name,
    modelDir: values['model-dir'] ?? d.modelDir,
    dataDir: values['data-dir'],
  };
}

/** The canonical command line: every setting that changes a number written out (no machine paths). */
export function curtainsCommandLine(o: CurtainsOptions): string {
  const a: string[] = ['--data', o.dataFile, '--labelled', o.labelledFile, '--window', windowEdges(o.window)];
  const outer = outerEdges(o.window);
  if (outer) a.push('--outer', outer);
  a.push('--mass-column', String(o.massColumn), '--feature-columns', o.featureColumns.join(','), '--feature-names', o.featureNames.join(','));
  a.push('--label-column', String(o.labelColumn), '--fraction', String(o.fraction), '--oversample', String(o.oversample));
  a.push('--spectrum-degree', String(o.spectrumDegree), '--held-out', String(o.heldOut));
  const t = o.transport;
  a.push('--loss', t.loss, '--coupling', t.coupling, '--transport-steps', String(t.steps), '--transport-batch', String(t.batch));
  a.push('--transport-layers', String(t.layers), '--transport-lr', String(t.lr));
  const c = o.cwola;
  a.push('--epochs', String(c.epochs), '--folds', String(c.folds), '--keep-best', String(c.keepBest), '--batch', String(c.batch));
  a.push('--lr', String(c.lr), '--hidden', c.hidden.join(','), '--dream-epochs', String(o.dreamEpochs));
  if (!o.baselines) a.push('--no-baselines');
  a.push('--seed', String(o.seed), '--provider', o.provider);
  if (o.exportModel) a.push('--export', '--name', o.modelName);
  return `npm run curtains -- ${a.join(' ')}`;
}
