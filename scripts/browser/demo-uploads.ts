/**
 * Real LHC Olympics uploads for a running service (browser tests, the README screenshot): batches
 * cut from held-back background, with and without the documented mis-modelling, from the same
 * data as scripts/data/test-batches.ts, posted as .npy to a monitor.
 *
 * @example
 *   const uploads = await uploadBatches(service.url, 'lhco-dream', await demoSeries());
 */
import { existsSync } from 'node:fs';
import { encodeNpy } from '../../src/formats/npy.js';
import { LHCO_FEATURE_COLUMNS } from '../data/lhco.js';
import { dataDir, resolveDataFile } from '../data/paths.js';
import { loadSample } from '../data/sample.js';

export interface NamedBatch {
  name: string;
  npy: Uint8Array;
}

const SOURCE = 'lhco-rnd/sr_labelled_eval.npy';

/**
 * A week of a simulation's life, oldest first: good releases of held-back background (events
 * 30000–39999 of the label-0 rows, 1250 a batch), then the documented jet-mass/substructure
 * mis-modelling creeping in (s = 0.5 … 2). Null without the data directory.
 */
export async function demoSeries(dir: string = dataDir()): Promise<NamedBatch[] | null> {
  const steps: { rows: string; mismodel?: number }[] = [
    { rows: '30000:31250' },
    { rows: '31250:32500' },
    { rows: '32500:33750' },
    { rows: '33750:35000' },
    { rows: '35000:36250', mismodel: 0.5 },
    { rows: '36250:37500', mismodel: 1 },
    { rows: '37500:38750', mismodel: 1.5 },
    { rows: '38750:40000', mismodel: 2 },
  ];
  if (!existsSync(resolveDataFile(SOURCE, dir))) return null;
  const batches: NamedBatch[] = [];
  for (const [i, step] of steps.entries()) {
    const sample = await loadSample(
      { file: SOURCE, where: '5=0', rows: step.rows, ...(step.mismodel !== undefined ? { mismodel: step.mismodel, mismodelSeed: 10 + i } : {}) },
      LHCO_FEATURE_COLUMNS,
      dir,
    );
    batches.push({ name: step.mismodel ? `background, mis-modelled s=${step.mismodel}` : 'background', npy: encodeNpy(sample.matrix) });
  }
  return batches;
}

/** Posts each batch to the monitor in order; returns the upload bodies. */
export async function uploadBatches(baseUrl: string, monitorId: string, batches: NamedBatch[], headers: Record<string, string> = {}): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (const batch of batches) {
    const res = await fetch(`${baseUrl}/v1/monitors/${monitorId}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-npy', ...headers },
      body: Uint8Array.from(batch.npy),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`upload of ${batch.name} to ${monitorId}: HTTP ${res.status} ${await res.text()}`);
    bodies.push(await res.json());
  }
  return bodies;
}
