/**
 * The committed demo monitor model, models/lhco-dream.{onnx,json}, checked the way the service
 * uses it: an upload of held-back real background (label-0 events 30000–34999, never trained or
 * calibrated on) must look like the reference, and the same events mis-modelled must not.
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
import { scoreOnnx } from './classifier.js';

const cardPath = join(repoRoot, 'models', 'lhco-dream.json');
const haveData = existsSync(join(dataDir(), LHCO_PARTITION.file));
if (!haveData) console.warn('skipping the held-back checks of models/lhco-dream: LHCO data not found (set DREAMWATCH_DATA)');

describe('models/lhco-dream', () => {
  it('has a card that parses and names the ONNX file by its hash', async () => {
    const card = parseModelCard(JSON.parse(await readFile(cardPath, 'utf8')));
    expect(card.onnx.sha256).toBe(await sha256File(join(repoRoot, 'models', card.onnx.file)));
    expect(card.provenance.command).toMatch(/^npm run train -- dream --name lhco-dream /);
    // Trained and calibrated only on label-0 events 0–29999: the held-back block stays clean.
    for (const f of Object.values(card.provenance.files)) {
      const rows = /rows (\d+):(\d+)/.exec(f.selection ?? '');
      expect(rows && Number(rows[2])).toBeLessThanOrEqual(LHCO_PARTITION.heldBack.start);
    }
  });

  it.skipIf(!haveData)('scores held-back background as the reference (AUC ≈ 0.5) and its mis-modelled copy above it', async () => {
    const card = parseModelCard(JSON.parse(await readFile(cardPath, 'utf8')));
    const onnx = new Uint8Array(await readFile(join(repoRoot, 'models', card.onnx.file)));
    const upload = (mismodel?: number) =>
      loadSample({ file: LHCO_PARTITION.file, where: '5=0', rows: '30000:35000', mismodel, mismodelSeed: 2 }, LHCO_FEATURE_COLUMNS);
    const clean = compareScores((await scoreOnnx(onnx, (await upload()).matrix)).score, card.reference!.scores);
    expect(clean.auc_ci![0]).toBeLessThan(0.5);
    expect(clean.auc_ci![1]).toBeGreaterThan(0.5);
    const shifted = compareScores((await scoreOnnx(onnx, (await upload(1)).matrix)).score, card.reference!.scores);
    expect(shifted.auc_ci![0]).toBeGreaterThan(0.5);
  });
});
