/**
 * The real-data pipeline end to end, shortened (two epochs, a small DREAM): a Funnel trained on real
 * LHCO background inverts real events within 1e-4 after export, its density card parses and holds
 * the held-out log-likelihoods, and the scoreboard produces its rows and Markdown table. Skipped,
 * with a message, when the data directory is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { LHCO_PARTITION } from '../data/lhco.js';
import { dataDir } from '../data/paths.js';
import { densityCard } from './card.js';
import { exportSampler, exportTransform } from './export.js';
import { DEFAULT_DENSITY_TRAIN, DENSITY_MODELS, densityScoreboardMarkdown, loadDensityData, runDensityScoreboard, trainDensity } from './lhco.js';
import { maxAbsDiff } from './testing/harness.js';

const haveData = existsSync(join(dataDir(), LHCO_PARTITION.file));
if (!haveData) console.warn('skipping the real-data flow tests: LHCO data not found (set DREAMWATCH_DATA)');

describe.skipIf(!haveData)('density models on real LHCO background', () => {
  const data = haveData ? loadDensityData() : undefined;
  const settings = { ...DEFAULT_DENSITY_TRAIN, epochs: 2 };

  it('a trained Funnel round-trips real events within 1e-4 and writes a density card', async () => {
    const d = await data!;
    const trained = await trainDensity(DENSITY_MODELS.find((m) => m.id === 'funnel')!, d, settings);
    expect(trained.fit!.history).toHaveLength(2);
    expect(trained.flow!.latentFeatures).toBe(2);
    const transform = await ort.InferenceSession.create(exportTransform(trained.flow!, trained.fit!.params));
    const sampler = await ort.InferenceSession.create(exportSampler(trained.flow!, trained.fit!.params));
    const x = d.test.data.subarray(0, 4000);
    const z = (await transform.run({ x: new ort.Tensor('float32', x, [1000, 4]) })).z;
    const back = (await sampler.run({ z })).x.data as Float32Array;
    expect(maxAbsDiff(back, x)).toBeLessThan(1e-4);

    // Any DREAM outcome will do for the card's structure: the control row's, with one epoch.
    const { dream } = (await runDensityScoreboard(d, { ...settings, models: [], dreamEpochs: 1 }))[0];
    const card = densityCard({
      id: 'test-funnel',
      description: 'test',
      trained,
      data: d,
      settings,
      dream,
      command: 'npm run flows:scoreboard -- --epochs 2',
      onnxSha256: '0'.repeat(64),
      created: new Date(0),
    });
    expect(card.kind).toBe('density');
    expect(card.reference!.scores).toHaveLength(d.test.rows);
    expect(card.reference!.histograms.map((h) => h.counts.reduce((a, b) => a + b, 0))).toEqual([10000, 10000, 10000, 10000]);
    expect(card.metrics.nll_heldout).toBeCloseTo(-trained.testLogProb.reduce((a, b) => a + b, 0) / d.test.rows, 5);
  });

  it('the scoreboard runs the control row and the Gaussian baseline and prints a table', async () => {
    const d = await data!;
    const rows = await runDensityScoreboard(d, { ...settings, models: ['gaussian'], samples: 4000, dreamEpochs: 2 });
    expect(rows.map((r) => r.id)).toEqual(['real', 'gaussian']);
    expect(rows[1].dream.metrics.auc).toBeGreaterThan(0.55);
    expect(rows[1].nll!.nll).toBeLessThan(0);
    const table = densityScoreboardMarkdown(rows);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('| multivariate Gaussian (closed-form MLE) |');
  });
});
