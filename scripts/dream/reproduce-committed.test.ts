/**
 * The committed demo model's provenance command, run again into a temporary folder, reproduces
 * the committed validation metrics within their confidence interval (same seed, same engine).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelCard } from '../../src/model-card.js';
import { LHCO_PARTITION } from '../data/lhco.js';
import { dataDir, repoRoot } from '../data/paths.js';
import { dreamTrainCommand } from './train-command.js';

const haveData = existsSync(join(dataDir(), LHCO_PARTITION.file));

describe('models/lhco-dream reproduction', () => {
  it.skipIf(!haveData)('its training command reproduces the committed metrics within their CI', async () => {
    const committed = parseModelCard(JSON.parse(await readFile(join(repoRoot, 'models', 'lhco-dream.json'), 'utf8')));
    const prefix = 'npm run train -- dream ';
    expect(committed.provenance.command.startsWith(prefix)).toBe(true);
    const out = await mkdtemp(join(tmpdir(), 'dw-reproduce-'));
    const args = committed.provenance.command.slice(prefix.length).split(/\s+/);
    await dreamTrainCommand([...args, '--out', out]);
    const again = parseModelCard(JSON.parse(await readFile(join(out, 'lhco-dream.json'), 'utf8')));
    const [lo, hi] = committed.metrics.auc_ci!;
    expect(again.metrics.auc).toBeGreaterThanOrEqual(lo);
    expect(again.metrics.auc).toBeLessThanOrEqual(hi);
    expect(again.feature_ranking?.map((f) => f.name)).toEqual(committed.feature_ranking?.map((f) => f.name));
  });
});
