/**
 * Real LHC Olympics batches for the service tests and demos, as base64 float32 .npy (features
 * mj1, delta_mj, tau21_j1, tau21_j2), all cut from data the demo model never saw in training or
 * calibration (label-0 events 30000–39999 of sr_labelled_eval.npy are held back):
 * - `background`: held-back background 30000–34999 — a perfect "simulation";
 * - `mismodelled`: held-back background 35000–39999 with the documented mis-modelling at s = 2;
 * - `signal`: the first 5000 events of signal_only.npy;
 * - `background6`: the held-back background with all six source columns (for ?columns= tests);
 * - `background2`: held-back background 35000–39999 as it is — a second, independent good batch;
 * - `noisySmall`: 300 held-back events (35000–35299) with the s = 1 mis-modelling (seed 3): its AUC
 *   (≈ 0.548) is above 0.54 but its 95 % interval (≈ [0.513, 0.583]) is not — a small noisy batch
 *   near a threshold, which must not page anyone.
 * Returns null when the data directory is absent.
 *
 * @example
 *   const batches = await lhcoTestBatches(); // { background: 'k05VTVBZ…', … }
 */
import { existsSync } from 'node:fs';
import { encodeNpy } from '../../src/formats/npy.js';
import { loadSample } from './sample.js';
import { dataDir } from './paths.js';
import { LHCO_FEATURE_COLUMNS } from './lhco.js';

const SOURCE = 'lhco-rnd/sr_labelled_eval.npy';

export async function lhcoTestBatches(dir: string = dataDir()): Promise<Record<string, string> | null> {
  if (!existsSync(dir)) return null;
  const features = LHCO_FEATURE_COLUMNS;
  const samples = {
    background: await loadSample({ file: SOURCE, where: '5=0', rows: '30000:35000' }, features, dir),
    mismodelled: await loadSample({ file: SOURCE, where: '5=0', rows: '35000:40000', mismodel: 2, mismodelSeed: 2 }, features, dir),
    signal: await loadSample({ file: 'lhco-rnd/signal_only.npy', rows: '0:5000' }, features, dir),
    background6: await loadSample({ file: SOURCE, where: '5=0', rows: '30000:35000' }, [0, 1, 2, 3, 4, 5], dir),
    background2: await loadSample({ file: SOURCE, where: '5=0', rows: '35000:40000' }, features, dir),
    noisySmall: await loadSample({ file: SOURCE, where: '5=0', rows: '35000:35300', mismodel: 1, mismodelSeed: 3 }, features, dir),
  };
  return Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [name, Buffer.from(encodeNpy(s.matrix)).toString('base64')]),
  );
}
