/** The CLI's file reading: .npy as it is, CSV matched to feature names, CaloChallenge HDF5. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBatchFile } from '../../scripts/cli/read-batch.js';
import { decodeNpy, encodeNpy } from '../../src/formats/npy.js';

const dir = mkdtempSync(join(tmpdir(), 'dreamwatch-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = [
  [0.1, 0.2, 0.3, 0.4],
  [1.5, 2.5, 3.5, 4.5],
  [9, 8, 7, 6],
];
const FEATURES = ['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2'];
const data = Float32Array.from(rows.flat());

describe('readBatchFile', () => {
  it('sends a C-order .npy as it is', async () => {
    const npy = encodeNpy({ rows: 3, cols: 4, data });
    writeFileSync(join(dir, 'a.npy'), npy);
    const batch = await readBatchFile(join(dir, 'a.npy'));
    expect(batch).toEqual(expect.objectContaining({ kind: 'npy', rows: 3, cols: 4, columnsApplied: false }));
    expect(Buffer.from(batch.npy).equals(Buffer.from(npy))).toBe(true);
  });

  it('matches a CSV header to the model features by name, after a column selection', async () => {
    writeFileSync(join(dir, 'b.csv'), `run,tau21_j2,mj1,tau21_j1,delta_mj\n${rows.map((r, i) => [i, r[3], r[0], r[2], r[1]].join(',')).join('\n')}\n`);
    const batch = await readBatchFile(join(dir, 'b.csv'), { features: FEATURES, columns: '1-4' });
    expect(batch).toEqual(expect.objectContaining({ kind: 'csv', rows: 3, cols: 4, columnsApplied: true }));
    expect(decodeNpy(batch.npy).data).toEqual(data);
    await expect(readBatchFile(join(dir, 'b.csv'), { features: ['mj1', 'pt'] })).rejects.toThrow(/missing: pt/);
  });

  it('reads CaloChallenge HDF5 as [incident energy, voxels…]', async () => {
    const { default: h5wasm } = await import('h5wasm/node');
    await h5wasm.ready;
    const file = new h5wasm.File(join(dir, 'c.h5'), 'w');
    file.create_dataset({ name: 'showers', data, shape: [3, 4] });
    file.create_dataset({ name: 'incident_energies', data: Float64Array.of(1024, 2048, 4096), shape: [3, 1] });
    file.close();
    const batch = await readBatchFile(join(dir, 'c.h5'));
    expect(batch).toEqual(expect.objectContaining({ kind: 'hdf5', rows: 3, cols: 5 }));
    const m = decodeNpy(batch.npy);
    expect(Array.from(m.data.subarray(0, 5))).toEqual([1024, ...Array.from(data.subarray(0, 4))]);
    expect(m.data[10]).toBe(4096);

    const wrong = new h5wasm.File(join(dir, 'd.h5'), 'w');
    wrong.create_dataset({ name: 'showers', data, shape: [3, 4] });
    wrong.close();
    await expect(readBatchFile(join(dir, 'd.h5'))).rejects.toThrow(/no "incident_energies" dataset/);
  });

  it('refuses unknown file types', async () => {
    await expect(readBatchFile(join(dir, 'x.parquet'))).rejects.toThrow(/unknown file type/);
  });
});
