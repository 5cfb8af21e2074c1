/**
 * End-to-end DREAM runs on small slices of the real LHCO background (5000 events per class,
 * 20 epochs; a few seconds each). Skipped, with a message, when the data directory is absent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModelCard } from '../../src/model-card.js';
import { LHCO_FEATURE_COLUMNS, LHCO_FEATURE_NAMES, LHCO_PARTITION } from '../data/lhco.js';
import { dataDir, sha256File } from '../data/paths.js';
import { loadSample } from '../data/sample.js';
import { scoreOnnx } from './classifier.js';
import { DEFAULT_TRAIN } from './options.js';
import { runDream } from './protocol.js';
import { dreamTrainCommand } from './train-command.js';

const dir = dataDir();
const haveData = existsSync(join(dir, LHCO_PARTITION.file));
if (!haveData) console.warn(`skipping the real-data DREAM tests: ${join(dir, LHCO_PARTITION.file)} not found (set DREAMWATCH_DATA)`);

const file = LHCO_PARTITION.file;
const settings = { ...DEFAULT_TRAIN, epochs: 20, featureNames: LHCO_FEATURE_NAMES };
const reference = () => loadSample({ file, where: '5=0', rows: '0:5000' }, LHCO_FEATURE_COLUMNS);
const candidate = (mismodel?: number) =>
  loadSample({ file, where: '5=0', rows: '15000:20000', mismodel, mismodelSeed: 1 }, LHCO_FEATURE_COLUMNS);

describe.skipIf(!haveData)('DREAM on real LHCO background', () => {
  const outDir = mkdtemp(join(tmpdir(), 'dream-'));
  afterAll(async () => rm(await outDir, { recursive: true, force: true }));

  it('cannot tell two slices of the same background apart: the AUC interval contains 0.5', async () => {
    const [ref, cand] = await Promise.all([reference(), candidate()]);
    const o = await runDream(ref.matrix, cand.matrix, settings);
    expect(o.metrics.auc_ci[0]).toBeLessThan(0.5);
    expect(o.metrics.auc_ci[1]).toBeGreaterThan(0.5);
    expect(o.counts.validation).toEqual({ reference: 1000, candidate: 1000 });
  });

  it('sees the s = 2 mis-modelling and names its features, tau21_j2 last', async () => {
    const [ref, cand] = await Promise.all([reference(), candidate(2)]);
    const o = await runDream(ref.matrix, cand.matrix, settings);
    expect(o.metrics.auc_ci[0]).toBeGreaterThan(0.52);
    expect(o.metrics.jsd).toBeGreaterThan(0);
    expect(o.ranking.map((f) => f.name).slice(0, 2).sort()).toEqual(['mj1', 'tau21_j1']);
    expect(o.ranking[3].name).toBe('tau21_j2');
  });

  it('writes an ONNX model and a card that parses, with reference scores the ONNX file reproduces', async () => {
    const out = await outDir;
    const { cardPath, onnxPath, outcome } = await dreamTrainCommand(
      [
        '--name', 'test-dream', '--reference', file, '--reference-where', '5=0', '--reference-rows', '0:2000',
        '--candidate', file, '--candidate-where', '5=0', '--candidate-rows', '15000:17000', '--candidate-mismodel', '2',
        '--columns', '1,2,3,4', '--feature-names', LHCO_FEATURE_NAMES.join(','), '--epochs', '5', '--out', out,
      ],
      () => {},
    );
    const card = parseModelCard(JSON.parse(await readFile(cardPath, 'utf8')));
    expect(card.id).toBe('test-dream');
    expect(card.onnx.sha256).toBe(await sha256File(onnxPath));
    expect(card.features.map((f) => f.unit)).toEqual(['TeV', 'TeV', undefined, undefined]);
    expect(card.reference?.scores.length).toBe(400);
    expect(card.reference?.histograms.map((h) => h.counts.reduce((a, b) => a + b, 0))).toEqual([400, 400, 400, 400]);
    expect(card.provenance.command).toContain('--candidate-mismodel 2 --candidate-mismodel-seed 1');
    expect(card.provenance.files.reference).toMatchObject({ path: file, rows: 2000, selection: 'where col5=0; rows 0:2000; columns 1,2,3,4' });
    expect(card.metrics.auc).toBeCloseTo(outcome.metrics.auc, 6);

    // The card's reference scores are the exported model's outputs on those events.
    const ref = await loadSample({ file, where: '5=0', rows: '0:2000' }, LHCO_FEATURE_COLUMNS);
    const { score } = await scoreOnnx(new Uint8Array(await readFile(onnxPath)), ref.matrix);
    const stored = [...(card.reference?.scores ?? [])].sort((a, b) => a - b);
    const recomputed = [...score].sort((a, b) => a - b);
    let matched = 0;
    for (const s of stored) if (recomputed.some((r) => Math.abs(r - s) < 1e-6)) matched++;
    expect(matched).toBe(stored.length);
  });
});
