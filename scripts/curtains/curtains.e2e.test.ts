/**
 * A short CURTAINS search on a quarter of the real LHCO R&D files (affine transport, a few
 * epochs): the whole pipeline runs, its outputs are consistent, and the figures of merit that do
 * not need long training hold (the supervised reference separates signal; the template passes a
 * loose DREAM check; the sideband fit predicts the SR yield). Skipped when the data is absent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LHCO_PARTITION } from '../data/lhco.js';
import { dataDir, sha256Bytes } from '../data/paths.js';
import { curtainsCard } from './card.js';
import { scoreWith } from './classifier.js';
import { parseCurtainsArgs } from './options.js';
import { resultTable, writeReport } from './report.js';
import { runCurtains } from './search.js';

const haveData = existsSync(join(dataDir(), LHCO_PARTITION.file));
if (!haveData) console.warn('skipping the CURTAINS integration test: the LHCO files are not in the data directory (set DREAMWATCH_DATA)');

describe.skipIf(!haveData)('CURTAINS on a slice of the real LHCO data', () => {
  const out = mkdtemp(join(tmpdir(), 'curtains-'));
  afterAll(async () => rm(await out, { recursive: true, force: true }));

  it('runs the search end to end in CI time', { timeout: 120_000 }, async () => {
    const o = parseCurtainsArgs([
      ...['--fraction', '0.25', '--coupling', 'affine', '--transport-steps', '60', '--transport-layers', '2'],
      ...['--epochs', '4', '--folds', '3', '--keep-best', '2', '--dream-epochs', '6', '--seed', '3'],
    ]);
    const r = await runCurtains(o);

    // Window and template sizes follow from the data.
    expect(r.counts.sr).toBeGreaterThan(6000);
    expect(r.counts.sb1).toBeGreaterThan(r.counts.sb2);
    expect(r.counts.templateEvents).toBe((r.counts.sb1 + r.counts.sb2) * o.oversample);
    expect(r.transport.history.at(-1)!.step).toBe(60);

    // The sideband fit predicts the SR background within its uncertainty and the SR's Poisson spread.
    const pull = (r.spectrum.expectedSr - r.spectrum.trueBackgroundSr) / Math.hypot(r.spectrum.sigmaSr, Math.sqrt(r.spectrum.trueBackgroundSr));
    expect(Math.abs(pull)).toBeLessThan(4);

    // The template is close to true SR background (a loose band at this size), and so is the closure.
    for (const check of [r.template.vsTrueBackground, r.closure.sb1ToSb2, r.closure.sb2ToSb1]) {
      expect(check.auc).toBeGreaterThan(0.4);
      expect(check.auc).toBeLessThan(0.6);
      expect(check.ci[0]).toBeLessThan(check.auc);
    }

    // Three methods; the supervised reference clearly separates signal from background.
    expect(r.methods.map((m) => m.name)).toEqual(['curtains', 'idealised', 'supervised']);
    const supervised = r.methods[2];
    expect(supervised.evalAuc.auc).toBeGreaterThan(0.85);
    expect(supervised.maxSic!.sic).toBeGreaterThan(2);
    expect(supervised.maxSic!.nB).toBeGreaterThanOrEqual(25);
    for (const m of r.methods) expect(m.members).toBe(3 * 2);

    // Bump hunt rows: the no-cut row compares the SR count with the sideband fit.
    expect(r.bump.curtains[0]).toMatchObject({ dataEfficiency: 1, observed: r.counts.sr });
    expect(r.bump.curtains[0].expected).toBeCloseTo(r.spectrum.expectedSr, 6);
    for (const row of r.bump.curtains) expect(row.trueSignal + row.trueBackground).toBe(row.observed);

    // The exported ensemble scores raw events; its card is valid and its reference is non-trivial.
    const scores = await scoreWith(r.model.onnx, r.samples.srData);
    expect(scores.length).toBe(r.counts.sr);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
    const card = curtainsCard(r, o, sha256Bytes(r.model.onnx), new Date());
    expect(card.kind).toBe('anomaly');
    expect(card.reference!.scores.length).toBeGreaterThan(1000);
    expect(card.metrics.auc).toBeGreaterThan(0.4);
    expect(card.metrics.auc).toBeLessThan(0.6);

    // Report files.
    const dir = await out;
    const files = await writeReport(r, o, dir);
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['mass_fit.svg', 'rejection.svg', 'report.md', 'sic.svg', 'summary.json', 'template_vs_sr.svg']);
    expect(await readFile(join(dir, 'sic.svg'), 'utf8')).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*polyline[\s\S]*<\/svg>\n$/);
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    expect(summary.methods).toHaveLength(3);
    expect(resultTable(r)).toContain('max SIC');
  });
});
