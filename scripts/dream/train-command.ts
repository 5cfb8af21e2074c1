/**
 * `npm run train -- dream ...`: loads the two samples, runs the DREAM protocol, writes
 * OUT/NAME.onnx and OUT/NAME.json (the model card) and prints a short summary.
 *
 * @example
 *   await dreamTrainCommand(['--name', 'lhco-dream', '--reference', 'lhco-rnd/sr_labelled_eval.npy', ...]);
 */
import { resolve } from 'node:path';
import { dataDir, repoRoot, sha256Bytes } from '../data/paths.js';
import { loadSample } from '../data/sample.js';
import { dreamCard, writeModel } from './card.js';
import { parseDreamArgs, dreamCommandLine, type DreamOptions } from './options.js';
import { runDream, type DreamOutcome } from './protocol.js';

/** Parses the flags, trains, writes the model files; returns the outcome for callers and tests. */
export async function dreamTrainCommand(argv: string[], log: (line: string) => void = console.log): Promise<{ options: DreamOptions; outcome: DreamOutcome; onnxPath: string; cardPath: string }> {
  const options = parseDreamArgs(argv);
  const dir = dataDir(options.dataDir);
  log(`dream: ${dreamCommandLine(options)}`);
  const [reference, candidate] = await Promise.all([
    loadSample(options.reference, options.columns, dir),
    loadSample(options.candidate, options.columns, dir),
  ]);
  log(`reference: ${reference.provenance.path} (${reference.provenance.selection}) → ${reference.matrix.rows} events`);
  log(`candidate: ${candidate.provenance.path} (${candidate.provenance.selection}) → ${candidate.matrix.rows} events`);
  const outcome = await runDream(reference.matrix, candidate.matrix, { ...options, featureNames: options.featureNames });
  const card = dreamCard({
    options,
    outcome,
    files: { reference: reference.provenance, candidate: candidate.provenance },
    onnxSha256: sha256Bytes(outcome.model.onnx),
    created: new Date(),
  });
  const outDir = resolve(repoRoot, options.outDir);
  const { onnxPath, cardPath } = await writeModel(outDir, options.name, outcome.model.onnx, card);
  for (const line of dreamSummary(outcome)) log(line);
  log(`wrote ${onnxPath}\nwrote ${cardPath}`);
  return { options, outcome, onnxPath, cardPath };
}

/** A few lines for people: the verdict figures, the ranking and the run's size and time. */
export function dreamSummary(o: DreamOutcome): string[] {
  const m = o.metrics;
  const n = o.counts;
  return [
    `AUC ${m.auc.toFixed(4)} [${m.auc_ci[0].toFixed(4)}, ${m.auc_ci[1].toFixed(4)}] (95% DeLong, validation)  ` +
      `2·AUC−1 ${m.two_auc_minus_1.toFixed(4)}  JSD ${m.jsd.toFixed(4)}  p ${m.p_value.toExponential(2)}`,
    `feature ranking (mean |∂logit/∂x|·σ): ${o.ranking.map((f) => `${f.name} ${f.importance.toFixed(3)}`).join(' > ')}`,
    `events per class: train ${n.train.reference}/${n.train.candidate}, test ${n.test.reference}/${n.test.candidate}, ` +
      `validation ${n.validation.reference}/${n.validation.candidate} (reference/candidate; used ${n.used.reference} of ` +
      `${n.input.reference} / ${n.used.candidate} of ${n.input.candidate})`,
    `best epoch ${o.bestEpoch} of ${o.history.length} by test BCE ${Math.min(...o.history.map((h) => h.testBce)).toFixed(5)}; ` +
      `provider ${o.provider}; ${o.wallTimeS.toFixed(1)} s`,
  ];
}
