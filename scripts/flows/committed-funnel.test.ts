/**
 * The committed Funnel density model, models/lhco-funnel.{onnx,json}, checked the way the service
 * uses it: the card parses and names its ONNX file by hash, no training data came from the
 * held-back events, the stored reference log-likelihoods are what the ONNX file computes, and
 * held-back background looks like the reference while signal and mis-modelled events score lower.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelCard } from '../../src/model-card.js';
import { compareScores } from '../../src/stats/auc.js';
import { LHCO_FEATURE_COLUMNS, LHCO_PARTITION } from '../data/lhco.js';
import { dataDir, repoRoot, sha256File } from '../data/paths.js';
import { loadSample } from '../data/sample.js';
import { DENSITY_PARTITION, FUNNEL_MODEL_ID } from './lhco.js';
import { runLogProb } from './onnx-run.js';

const cardPath = join(repoRoot, 'models', `${FUNNEL_MODEL_ID}.json`);
const haveData = existsSync(join(dataDir(), LHCO_PARTITION.file));
if (!haveData) console.warn(`skipping the held-back checks of models/${FUNNEL_MODEL_ID}: LHCO data not found (set DREAMWATCH_DATA)`);

const load = async () => {
  const card = parseModelCard(JSON.parse(await readFile(cardPath, 'utf8')));
  const onnx = new Uint8Array(await readFile(join(repoRoot, 'models', card.onnx.file)));
  return { card, onnx };
};
const heldBack = (rows: string, mismodel?: number) =>
  loadSample({ file: LHCO_PARTITION.file, where: '5=0', rows, mismodel, mismodelSeed: 2 }, LHCO_FEATURE_COLUMNS);

describe(`models/${FUNNEL_MODEL_ID}`, () => {
  it('is a density card whose ONNX file matches its hash and whose data avoid the held-back events', async () => {
    const { card } = await load();
    expect(card.kind).toBe('density');
    expect(card.onnx).toMatchObject({ input: 'x', score_output: 'log_prob' });
    expect(card.onnx.gradient_output).toBeUndefined();
    expect(card.onnx.sha256).toBe(await sha256File(join(repoRoot, 'models', card.onnx.file)));
    expect(card.provenance.command).toMatch(/^npm run flows:scoreboard -- /);
    for (const f of Object.values(card.provenance.files)) {
      const rows = /rows (\d+):(\d+)/.exec(f.selection ?? '');
      expect(rows && Number(rows[2])).toBeLessThanOrEqual(LHCO_PARTITION.heldBack.start);
    }
    expect(card.reference?.scores).toHaveLength(DENSITY_PARTITION.test.end - DENSITY_PARTITION.test.start);
  });

  it.skipIf(!haveData)('stores the log-likelihoods its ONNX file computes for the reference events', async () => {
    const { card, onnx } = await load();
    const { test } = DENSITY_PARTITION;
    const ref = await loadSample({ file: LHCO_PARTITION.file, where: '5=0', rows: `${test.start}:${test.end}` }, LHCO_FEATURE_COLUMNS);
    const logp = await runLogProb(onnx, ref.matrix);
    let worst = 0;
    logp.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - card.reference!.scores[i]))));
    expect(worst).toBeLessThan(1e-5);
    const nll = -logp.reduce((a, b) => a + b, 0) / logp.length;
    expect(nll).toBeCloseTo(card.metrics.nll_heldout as number, 4);
  });

  it.skipIf(!haveData)('finds held-back background as likely as the reference, signal and mis-modelled events less likely', async () => {
    const { card, onnx } = await load();
    const reference = card.reference!.scores;
    const clean = compareScores(await runLogProb(onnx, (await heldBack('30000:35000')).matrix), reference);
    expect(clean.auc_ci![0]).toBeLessThan(0.5);
    expect(clean.auc_ci![1]).toBeGreaterThan(0.5);
    const shifted = compareScores(await runLogProb(onnx, (await heldBack('35000:40000', 2)).matrix), reference);
    expect(shifted.auc_ci![1]).toBeLessThan(0.5);
    const signal = await loadSample({ file: 'lhco-rnd/signal_only.npy', rows: '0:5000' }, LHCO_FEATURE_COLUMNS);
    expect(compareScores(await runLogProb(onnx, signal.matrix), reference).auc!).toBeLessThan(0.35);
  });
});
