/**
 * Training command line: `npm run train -- <model kind> [flags]`.
 *
 * Kinds: `dream` (a DREAM classifier, scripts/dream/) and `calo-dream` (the CaloChallenge
 * classifier on generated calorimeter showers, scripts/dream/calo.ts). The committed demo monitor model
 * models/lhco-dream.{onnx,json} was produced by:
 *
 *   npm run train -- dream --name lhco-dream --reference lhco-rnd/sr_labelled_eval.npy \
 *     --reference-where 5=0 --reference-rows 0:15000 --candidate lhco-rnd/sr_labelled_eval.npy \
 *     --candidate-where 5=0 --candidate-rows 15000:30000 --candidate-mismodel 1 \
 *     --candidate-mismodel-seed 1 --columns 1,2,3,4 --feature-names mj1,delta_mj,tau21_j1,tau21_j2 \
 *     --seed 1 --epochs 40 --batch 256 --lr 0.001 --hidden 64,64 --provider cpu
 *
 * i.e. real LHCO background (label-0 events 0–14999) as the reference against a "simulation
 * release": label-0 events 15000–29999 with the documented jet mis-modelling at strength 1
 * (scripts/data/mismodel.ts). Label-0 events 30000–39999 are held back for service demos.
 */
import { CALO_DREAM_USAGE, parseCaloDreamArgs, runCaloDream } from '../dream/calo.js';
import { DREAM_USAGE } from '../dream/options.js';
import { dreamSummary, dreamTrainCommand } from '../dream/train-command.js';

const USAGE = `usage: npm run train -- dream|calo-dream [flags]\n\n${DREAM_USAGE}\n\n${CALO_DREAM_USAGE}`;

async function main(argv: string[]): Promise<void> {
  const [kind, ...rest] = argv;
  if (!kind || kind === '--help' || kind === '-h') {
    console.log(USAGE);
    return;
  }
  if (kind !== 'dream' && kind !== 'calo-dream') throw new Error(`unknown model kind "${kind}"\n${USAGE}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(kind === 'dream' ? DREAM_USAGE : CALO_DREAM_USAGE);
    return;
  }
  if (kind === 'dream') {
    await dreamTrainCommand(rest);
    return;
  }
  const settings = parseCaloDreamArgs(rest);
  console.log(`calo-dream: ${JSON.stringify({ ...settings, onEpoch: undefined })}`);
  const outcome = await runCaloDream({
    ...settings,
    onEpoch: (r) => console.log(`epoch ${r.epoch}: train BCE ${r.trainLoss.toFixed(5)}, test BCE ${r.testBce.toFixed(5)}`),
  });
  console.log(`generated 2 × ${settings.events} showers in ${outcome.generationS.toFixed(1)} s`);
  for (const line of dreamSummary({ ...outcome, ranking: outcome.ranking.slice(0, 8) })) console.log(line);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`train: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
