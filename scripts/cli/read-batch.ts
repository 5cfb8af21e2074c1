/**
 * Reads a batch file for upload and gives it in the binary form the API decodes fastest:
 * - `.npy`: sent as it is (the server reads float32/float64, either byte order; C order for jobs —
 *   a Fortran-order file is rewritten in C order here);
 * - `.csv`: parsed here with the service's own CSV decoder, sent as float32 .npy;
 * - `.h5` / `.hdf5` (CaloChallenge layout): `incident_energies` (N or N×1) and `showers` (N×voxels)
 *   become one float32 matrix, incident energy in column 0 and the voxels after it, sent as .npy.
 *   Pick a model's columns with `--columns` (e.g. `1-533` for voxels only).
 *
 * @example
 *   const batch = await readBatchFile('showers.h5');
 *   batch.rows; batch.cols; batch.npy; // 100000, 534, Uint8Array(…)
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { decodeCsv } from '../../src/formats/csv.js';
import type { Matrix } from '../../src/formats/matrix.js';
import { decodeNpy, encodeNpy, readNpyHeader } from '../../src/formats/npy.js';

export interface BatchFile {
  kind: 'npy' | 'csv' | 'hdf5';
  rows: number;
  cols: number;
  /** The bytes to send, a .npy file. */
  npy: Uint8Array;
}

const NO_LIMITS = { maxRows: Number.MAX_SAFE_INTEGER, maxCols: Number.MAX_SAFE_INTEGER };

export async function readBatchFile(path: string): Promise<BatchFile> {
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') {
    const bytes = new Uint8Array(await readFile(path));
    const header = readNpyHeader(bytes);
    if (header.fortranOrder && header.rows > 1 && header.cols > 1) {
      const m = decodeNpy(bytes, NO_LIMITS);
      return { kind: 'npy', rows: m.rows, cols: m.cols, npy: encodeNpy(m) };
    }
    return { kind: 'npy', rows: header.rows, cols: header.cols, npy: bytes };
  }
  if (ext === '.csv') {
    const { matrix } = decodeCsv(new Uint8Array(await readFile(path)), NO_LIMITS);
    return { kind: 'csv', rows: matrix.rows, cols: matrix.cols, npy: encodeNpy(matrix) };
  }
  if (ext === '.h5' || ext === '.hdf5') {
    const matrix = await readCaloChallenge(path);
    return { kind: 'hdf5', rows: matrix.rows, cols: matrix.cols, npy: encodeNpy(matrix) };
  }
  throw new Error(`${path}: unknown file type "${ext}"; use .npy, .csv, .h5 or .hdf5`);
}

/**
 * A CaloChallenge HDF5 file as [incident energy, voxel 0, voxel 1, …] per shower.
 *
 * @example
 *   const m = await readCaloChallenge('dataset_1_pions_1.hdf5'); // 120800 × 534
 */
export async function readCaloChallenge(path: string): Promise<Matrix> {
  const { default: h5wasm } = await import('h5wasm/node');
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'r');
  try {
    const names = file.keys();
    for (const name of ['showers', 'incident_energies']) {
      if (!names.includes(name)) throw new Error(`${path}: no "${name}" dataset (found ${names.join(', ') || 'none'}); expected the CaloChallenge layout`);
    }
    const showers = file.get('showers') as import('h5wasm').Dataset;
    const energies = file.get('incident_energies') as import('h5wasm').Dataset;
    const shape = showers.shape ?? [];
    const eShape = energies.shape ?? [];
    if (shape.length !== 2) throw new Error(`${path}: "showers" has shape [${shape.join(', ')}]; expected [showers, voxels]`);
    const [rows, voxels] = shape;
    const energyCount = eShape.reduce((a, b) => a * b, 1);
    if (energyCount !== rows || eShape.length > 2 || (eShape.length === 2 && eShape[1] !== 1)) {
      throw new Error(`${path}: "incident_energies" has shape [${eShape.join(', ')}]; expected [${rows}] or [${rows}, 1]`);
    }
    const v = numeric(showers.value, 'showers');
    const e = numeric(energies.value, 'incident_energies');
    const cols = voxels + 1;
    const data = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      data[r * cols] = Number(e[r]);
      for (let j = 0; j < voxels; j++) data[r * cols + 1 + j] = Number(v[r * voxels + j]);
    }
    return { rows, cols, data };
  } finally {
    file.close();
  }
}

function numeric(value: unknown, name: string): ArrayLike<number | bigint> {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return value as unknown as ArrayLike<number>;
  throw new Error(`"${name}" is not a numeric array`);
}
