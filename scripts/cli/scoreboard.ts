/**
 * `npm run scoreboard [-- --seed 1 --epochs 40 --out FILE --data DIR]`: the LHCO DREAM scoreboard
 * (scripts/dream/scoreboard.ts) as a Markdown table, printed and optionally written to FILE.
 * Five classifiers of a few seconds each on 2 CPU cores.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TRAIN } from '../dream/options.js';
import { LHCO_SCOREBOARD, runScoreboard, scoreboardMarkdown } from '../dream/scoreboard.js';
import { publishScoreboard, SCOREBOARD_OPTIONS, seedAndEpochs } from './scoreboard-common.js';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: SCOREBOARD_OPTIONS,
  });
  if (values.help) {
    console.log('usage: npm run scoreboard -- [--seed N] [--epochs N] [--out FILE.md] [--data DIR]');
    return;
  }
  const { seed, epochs } = seedAndEpochs(values, DEFAULT_TRAIN);
  const command = `npm run scoreboard -- --seed ${seed} --epochs ${epochs}`;
  const t0 = performance.now();
  const rows = await runScoreboard(LHCO_SCOREBOARD, {
    seed,
    epochs,
    dataDir: values.data,
    onRow: (r) => console.error(`${r.label}: AUC ${r.outcome.metrics.auc.toFixed(3)} (${r.outcome.wallTimeS.toFixed(1)} s)`),
  });
  const { batch, lr, hidden } = DEFAULT_TRAIN;
  await publishScoreboard({
    description: [
      `DREAM scoreboard, LHCO R&D signal region, features mj1, delta_mj, tau21_j1, tau21_j2.`,
      `Reference: label-0 events 0–14999 of lhco-rnd/sr_labelled_eval.npy. Per class 60/20/20 train/test/validation,`,
      `MLP 4→${hidden.join('→')}→1 LeakyReLU, Adam lr ${lr}, batch ${batch}, ${epochs} epochs, best epoch by test BCE,`,
      `isotonic calibration on test; AUC (95% DeLong CI), 2·AUC−1 and JSD on validation. n = events per class used`,
      `(larger class subsampled to the smaller); top features by mean |∂logit/∂x|·σ.`,
    ],
    table: scoreboardMarkdown(rows),
    command,
    startedAt: t0,
    out: values.out,
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`scoreboard: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
