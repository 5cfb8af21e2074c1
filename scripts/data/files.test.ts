import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../src/formats/matrix.js';
import { encodeNpy } from '../../src/formats/npy.js';
import { checkDataDir, formatDataCheck } from './check.js';
import { EXPECTED_FILES } from './lhco.js';
import { dataDir, relativeToData } from './paths.js';
import { lhcoLayout, loadSample } from './sample.js';

const scratch = mkdtemp(join(tmpdir(), 'dreamwatch-data-'));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));

describe('data directory', () => {
  it('defaults to ../shared/data and follows DREAMWATCH_DATA', () => {
    const saved = process.env.DREAMWATCH_DATA;
    delete process.env.DREAMWATCH_DATA;
    expect(dataDir()).toMatch(/shared[/\\]data$/);
    process.env.DREAMWATCH_DATA = '/somewhere/else';
    expect(dataDir()).toBe('/somewhere/else');
    expect(dataDir('/explicit')).toBe('/explicit');
    if (saved === undefined) delete process.env.DREAMWATCH_DATA;
    else process.env.DREAMWATCH_DATA = saved;
    expect(relativeToData('/d/lhco-rnd/x.npy', '/d')).toBe('lhco-rnd/x.npy');
    expect(relativeToData('/elsewhere/x.npy', '/d')).toBe('/elsewhere/x.npy');
  });

  it('check reports missing files with their sources, and wrong shapes', async () => {
    const dir = await scratch;
    await mkdir(join(dir, 'lhco-rnd'), { recursive: true });
    await writeFile(join(dir, 'lhco-rnd', 'sr_data_a.npy'), encodeNpy(matrixFromRows([[1, 2, 3]])));
    const check = await checkDataDir(dir);
    expect(check.ok).toBe(false);
    expect(check.files.map((f) => f.status)).toEqual(['bad-shape', 'missing', 'missing', 'missing', 'missing']);
    const text = formatDataCheck(check).join('\n');
    expect(text).toContain('Zenodo records 4536377 and 5759087');
    expect(text).toContain('data: NOT OK');
    expect(EXPECTED_FILES.every((f) => f.sha256?.length === 64)).toBe(true);
  });
});

describe('loadSample', () => {
  it('selects, records provenance and mis-models by LHCO column, wherever the columns land', async () => {
    const dir = await scratch;
    const rows = Array.from({ length: 10 }, (_, i) => [3.5, 0.1 + i / 100, 0.2, 0.5, 0.4, i % 2]);
    await writeFile(join(dir, 'toy.npy'), encodeNpy(matrixFromRows(rows)));
    const s = await loadSample({ file: 'toy.npy', where: '5=0', rows: '1:4', mismodel: 1, mismodelSeed: 2 }, [4, 3, 2, 1], dir);
    expect(s.matrix.rows).toBe(3);
    expect(s.provenance).toMatchObject({ path: 'toy.npy', rows: 3, selection: 'where col5=0; rows 1:4; columns 4,3,2,1; mismodel s=1 seed=2' });
    expect(s.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    // tau21_j2 (first selected column) untouched; tau21_j1 (second) shifted.
    expect(Array.from({ length: 3 }, (_, i) => s.matrix.data[i * 4])).toEqual([0.4, 0.4, 0.4].map(Math.fround));
    expect(s.matrix.data[1]).toBeCloseTo(0.52, 6);
    expect(lhcoLayout([4, 3, 2, 1])).toEqual({ mj1: 3, deltaMj: 2, tau21J1: 1 });
    expect(() => lhcoLayout([1, 2])).toThrow(/column 3 \(tau21_j1\)/);
  });
});
