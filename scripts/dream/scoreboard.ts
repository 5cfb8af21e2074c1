/**
 * A simulation scoreboard in the style of the CaloChallenge results tables: one DREAM classifier
 * per candidate, all against the same reference, reported side by side as a Markdown table.
 *
 * The LHCO scoreboard (`LHCO_SCOREBOARD`) uses real QCD background (label-0 events 0–14999 of
 * sr_labelled_eval.npy) as the reference and these candidates:
 *  (a) an independent slice of the same real background (label-0 events 15000–29999): a perfect
 *      "simulation", AUC consistent with 0.5;
 *  (b, c) that slice with the documented jet mis-modelling at strength 1 and 2;
 *  (d) the "observed data" sr_data_a.npy, all 60000 rows (QCD + 0.66 % signal); the class
 *      balance subsamples 15000 of them (seeded);
 *  (e) signal_only.npy as a sanity row: signal vs background, far from 0.5.
 *
 * @example
 *   const rows = await runScoreboard(LHCO_SCOREBOARD, { seed: 1, epochs: 40 });
 *   console.log(scoreboardMarkdown(rows));
 */
import { loadSample, type SampleRequest } from '../data/sample.js';
import { LHCO_FEATURE_COLUMNS, LHCO_FEATURE_NAMES, LHCO_PARTITION } from '../data/lhco.js';
import { DEFAULT_TRAIN, type TrainSettings } from './options.js';
import { runDream, type DreamOutcome } from './protocol.js';

export interface ScoreboardSpec {
  reference: SampleRequest;
  candidates: { label: string; sample: SampleRequest }[];
  columns: number[];
  featureNames: string[];
}

export interface ScoreboardRow {
  label: string;
  outcome: DreamOutcome;
}

const { file, reference, candidatePool } = LHCO_PARTITION;
const pool = `${candidatePool.start}:${candidatePool.end}`;

export const LHCO_SCOREBOARD: ScoreboardSpec = {
  reference: { file, where: '5=0', rows: `${reference.start}:${reference.end}` },
  candidates: [
    { label: '(a) real background, independent slice', sample: { file, where: '5=0', rows: pool } },
    { label: '(b) mis-modelled, s = 1', sample: { file, where: '5=0', rows: pool, mismodel: 1, mismodelSeed: 1 } },
    { label: '(c) mis-modelled, s = 2', sample: { file, where: '5=0', rows: pool, mismodel: 2, mismodelSeed: 1 } },
    { label: '(d) observed data sr_data_a (QCD + 0.66 % signal)', sample: { file: 'lhco-rnd/sr_data_a.npy' } },
    { label: '(e) signal only (sanity)', sample: { file: 'lhco-rnd/signal_only.npy' } },
  ],
  columns: LHCO_FEATURE_COLUMNS,
  featureNames: LHCO_FEATURE_NAMES,
};

/** Trains one classifier per candidate (sequentially; each run is seeded the same way). */
export async function runScoreboard(
  spec: ScoreboardSpec,
  settings: Partial<TrainSettings> & { dataDir?: string; onRow?: (row: ScoreboardRow) => void } = {},
): Promise<ScoreboardRow[]> {
  const train: TrainSettings = { ...DEFAULT_TRAIN, ...settings };
  const reference = await loadSample(spec.reference, spec.columns, settings.dataDir);
  const rows: ScoreboardRow[] = [];
  for (const candidate of spec.candidates) {
    const sample = await loadSample(candidate.sample, spec.columns, settings.dataDir);
    const outcome = await runDream(reference.matrix, sample.matrix, { ...train, featureNames: spec.featureNames });
    const row = { label: candidate.label, outcome };
    settings.onRow?.(row);
    rows.push(row);
  }
  return rows;
}

/** The Markdown table: candidate | n | AUC [95 % CI] | 2·AUC−1 | JSD | top features. */
export function scoreboardMarkdown(rows: ScoreboardRow[]): string {
  const lines = [
    '| candidate | n | AUC [95% CI] | 2·AUC−1 | JSD | top features |',
    '|---|---:|---|---:|---:|---|',
  ];
  for (const { label, outcome: o } of rows) {
    const m = o.metrics;
    const top = o.ranking
      .slice(0, 2)
      .map((f) => `${f.name} (${f.importance.toFixed(2)})`)
      .join(', ');
    lines.push(
      `| ${label} | ${o.counts.used.candidate} | ${m.auc.toFixed(3)} [${m.auc_ci[0].toFixed(3)}, ${m.auc_ci[1].toFixed(3)}] | ` +
        `${m.two_auc_minus_1.toFixed(3)} | ${m.jsd.toFixed(4)} | ${top} |`,
    );
  }
  return lines.join('\n');
}
