/**
 * The shared regression cases (../shared/cases, beside the repository): small inputs that broke
 * comparable tools. Each file becomes a test here; expected numbers come from expected.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matrixToRows } from '../../src/formats/matrix.js';
import { decodeNpy } from '../../src/formats/npy.js';
import { expectFormatError } from '../../src/formats/testing.js';
import { compareScores } from '../../src/stats/auc.js';
import { fitIsotonic, predictIsotonicMany } from '../../src/stats/isotonic.js';
import { jsdHistograms } from '../../src/stats/jsd.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CASES = path.resolve(here, '../../../shared/cases');
const present = fs.existsSync(path.join(CASES, 'expected.json'));
if (!present) console.warn(`shared cases not found at ${CASES}: skipping test/unit/cases.test.ts`);

const expected = present ? JSON.parse(fs.readFileSync(path.join(CASES, 'expected.json'), 'utf8')) : {};

/** Rows of a small numeric CSV with a header line; empty fields become null. */
function readCsv(relative: string): (number | null)[][] {
  const lines = fs.readFileSync(path.join(CASES, relative), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => line.split(',').map((f) => (f.trim() === '' ? null : Number(f))));
}

function listCases(dir: string, ext: string): string[] {
  return present ? fs.readdirSync(path.join(CASES, dir)).filter((f) => f.endsWith(ext)).sort() : [];
}

function readBytes(relative: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(CASES, relative)));
}

describe.skipIf(!present)('shared cases: npy', () => {
  const LOGICAL = [
    [1, 2],
    [3, 4],
    [5.5, -6.25],
  ];
  const VALID = [
    '01_v1_f4_3x2.npy',
    '02_v2_f4_3x2.npy',
    '03_v3_f4_3x2.npy',
    '05_v1_f4_bigendian_3x2.npy',
    '06_v1_f4_fortran_3x2.npy',
    '07_v1_f8_3x2.npy',
  ];

  it('every case file is covered by a test here', () => {
    const covered = new Set([...VALID, '08_v1_f4_1d_6.npy', '10_v1_f4_truncated.npy', '14_v1_f4_nan_inf_3x2.npy']);
    expect(listCases('npy', '.npy').filter((f) => !covered.has(f))).toEqual([]);
  });

  it.each(VALID)('%s decodes to [[1, 2], [3, 4], [5.5, -6.25]]', (file) => {
    const m = decodeNpy(readBytes(`npy/${file}`));
    expect([m.rows, m.cols]).toEqual([3, 2]);
    expect(matrixToRows(m)).toEqual(LOGICAL);
  });

  it('08 1-D shape (6,) → 6 events × 1 feature (deliberate policy)', () => {
    const m = decodeNpy(readBytes('npy/08_v1_f4_1d_6.npy'));
    expect([m.rows, m.cols]).toEqual([6, 1]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5.5, -6.25]);
  });

  it('10 truncated → npy_truncated (400), nothing partial', () => {
    const e = expectFormatError(() => decodeNpy(readBytes('npy/10_v1_f4_truncated.npy')), 'npy_truncated');
    expect(e.status).toBe(400);
    expect(e.details).toEqual({ expected: 24, actual: 20 });
  });

  it('14 NaN/±Inf → non_finite (422) naming row/column and the count', () => {
    const e = expectFormatError(() => decodeNpy(readBytes('npy/14_v1_f4_nan_inf_3x2.npy')), 'non_finite');
    expect(e.status).toBe(422);
    expect(e.details).toEqual({ row: 0, column: 1, count: 3 });
    expect(e.message).toMatch(/row 0, column 1/);
  });
});

describe.skipIf(!present)('shared cases: auc', () => {
  const files = listCases('auc', '.csv');

  it('every case has an expectation', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(expected.auc[f.replace(/\.csv$/, '')]).toBeDefined();
  });

  it.each(files)('%s', (file) => {
    const want = expected.auc[file.replace(/\.csv$/, '')];
    const rows = readCsv(`auc/${file}`);
    const batch = rows.filter(([label]) => label === 1).map(([, s]) => s as number);
    const reference = rows.filter(([label]) => label === 0).map(([, s]) => s as number);
    const r = compareScores(batch, reference);
    const json = JSON.stringify(r);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(json)).toEqual(r);

    if (want.auc === null) {
      expect(r.auc).toBeNull();
      expect(r.auc_ci).toBeNull();
      expect(r.note).toMatch(/single class: AUC undefined/);
      return;
    }
    expect(r.auc).toBe(want.auc); // exact: 0.5, 0.75, 1.0, 0.0
    expect(r.n).toBe(want.n_pos);
    expect(r.n_reference).toBe(want.n_neg);
    if (want.ci95 === null) {
      expect(r.auc_ci).toBeNull();
      expect(r.auc_se).toBeNull();
      expect(r.note).toBe(want.note);
    } else {
      expect(r.auc_se).toBe(want.se);
      expect(r.auc_ci).toEqual(want.ci95_clamped);
      expect(r.auc_ci![0]).toBeGreaterThanOrEqual(0);
      expect(r.auc_ci![1]).toBeLessThanOrEqual(1);
    }
    expect(r.p_value).toBeGreaterThanOrEqual(0);
    expect(r.p_value).toBeLessThanOrEqual(1);
    if (r.auc === 0.5 && new Set([...batch, ...reference]).size === 1) expect(r.p_value).toBe(1);
  });
});

describe.skipIf(!present)('shared cases: isotonic', () => {
  const files = listCases('isotonic', '.csv');

  it.each(files)('%s', (file) => {
    const want = expected.isotonic[file.replace(/\.csv$/, '')];
    const rows = readCsv(`isotonic/${file}`);
    const x = rows.map((r) => r[0] as number);
    const y = rows.map((r) => r[1] as number);
    const w = rows.map((r) => (r[2] === null ? 1 : r[2]));
    expect(x).toEqual(want.x);
    expect(y).toEqual(want.y);
    const fit = fitIsotonic(x, y, w);
    expect(Array.from(fit.x)).toEqual(want.unique_x);
    Array.from(fit.y).forEach((v, i) => expect(v).toBeCloseTo(want.fitted_at_unique_x[i], 15));
    Array.from(predictIsotonicMany(fit, x)).forEach((v, i) => expect(v).toBeCloseTo(want.fitted_per_input[i], 15));
    for (const at of [-100, 0.5, 1, 1.5, 2.5, 100]) expect(Number.isFinite(predictIsotonicMany(fit, [at])[0])).toBe(true);
  });
});

describe.skipIf(!present)('shared cases: jsd', () => {
  const files = listCases('jsd', '.csv');

  it.each(files)('%s', (file) => {
    const want = expected.jsd_base2[file.replace(/\.csv$/, '')];
    const rows = readCsv(`jsd/${file}`);
    const p = rows.map((r) => r[1] as number);
    const q = rows.map((r) => r[2] as number);
    expect(p).toEqual(want.p);
    expect(q).toEqual(want.q);
    const d = jsdHistograms(p, q);
    expect(d).toBeGreaterThanOrEqual(0);
    if (want.divergence_bits === 0 || want.divergence_bits === 1) expect(d).toBe(want.divergence_bits);
    else expect(d).toBeCloseTo(want.divergence_bits, 12);
    expect(Math.sqrt(d)).toBeCloseTo(want.distance, 12);
    expect(jsdHistograms(q, p)).toBeCloseTo(d, 15);
  });
});
