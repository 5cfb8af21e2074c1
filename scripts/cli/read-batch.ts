/**
 * Reads a batch file for upload and gives it in the binary form the API decodes fastest:
 * - `.npy`: sent as it is (the server reads float32/float64, either byte order; C order for jobs —
 *   a Fortran-order file is rewritten in C order here);
 * - `.csv`: parsed here with the service's own CSV decoder, sent as float32 .npy; with a header row,
 *   its columns are matched to the model's feature names as the service matches them (so a file
 *   with its columns in another order is never scored by position), after `columns` if given;
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
import { parseColumnSpec, selectColumns } from '../../src/formats/columns.js';
import { decodeCsv } from '../../src/formats/csv.js';
import type { DecodedBatch } from '../../src/formats/decode.js';
import type { Matrix } from '../../src/formats/matrix.js';
import { decodeNpy, encodeNpy, readNpyHeader } from '../../src/formats/npy.js';

export interface BatchFile {
  kind: 'npy' | 'csv' | 'hdf5';
  rows: number;
  cols: number;
  /** The bytes to send, a .npy file. */
  npy: Uint8Array;
  /** True when the column selection was applied here (CSV), so it must not be sent again. */
  columnsApplied: boolean;
}

export interface ReadOptions {
  /** Column selection, as `?columns=`; applied here to CSV files. */
  columns?: string;
  /** The model's feature names, to match a CSV header to. */
  features?: readonly string[];
}

const NO_LIMITS = { maxRows: Number.MAX_SAFE_INTEGER, maxCols: Number.MAX_SAFE_INTEGER };

export async function readBatchFile(path: string, opts: ReadOptions = {}): Promise<BatchFile> {
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') {
    const bytes = new Uint8Array(await readFile(path));
    const header = readNpyHeader(bytes);
    if (header.fortranOrder && header.rows > 1 && header.cols > 1) {
      const m = decodeNpy(bytes, NO_LIMITS);
      return { kind: 'npy', rows: m.rows, cols: m.cols, npy: encodeNpy(m), columnsApplied: false };
    }
    return { kind: 'npy', rows: header.rows, cols: header.cols, npy: bytes, columnsApplied: false };
  }
  if (ext === '.csv') {
    const { matrix, columnNames } = decodeCsv(new Uint8Array(await readFile(path)), NO_LIMITS);
    let decoded: DecodedBatch = columnNames ? { matrix, format: 'csv', columnNames } : { matrix, format: 'csv' };
    if (opts.columns !== undefined) {
      const selected = parseColumnSpec(opts.columns, matrix.cols);
      decoded = { ...decoded, matrix: selectColumns(matrix, selected), ...(columnNames ? { columnNames: selected.map((c) => columnNames[c]) } : {}) };
    }
    if (opts.features && decoded.columnNames) decoded = { ...decoded, matrix: alignToFeatures(decoded.matrix, decoded.columnNames, opts.features) };
    const m = decoded.matrix;
    return { kind: 'csv', rows: m.rows, cols: m.cols, npy: encodeNpy(m), columnsApplied: true };
  }
  if (ext === '.h5' || ext === '.hdf5') {
    const matrix = await readCaloChallenge(path);
    return { kind: 'hdf5', rows: matrix.rows, cols: matrix.cols, npy: encodeNpy(matrix), columnsApplied: false };
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

/**
 * The columns named `features`, in that order — what the service does with a CSV header
 * (src/http/batch.ts `alignByName`), done here because the header does not survive the .npy form.
 *
 * @example
 *   alignToFeatures(m, ['b', 'a', 'c'], ['a', 'b']); // columns 1 and 0 of m
 */
export function alignToFeatures(m: Matrix, names: readonly string[], features: readonly string[]): Matrix {
  const indices = features.map((f) => names.indexOf(f));
  const missing = features.filter((_, i) => indices[i] < 0);
  if (missing.length > 0) {
    throw new Error(`the CSV header names ${JSON.stringify(names)}, but the model needs ${JSON.stringify(features)} (missing: ${missing.join(', ')}); rename the header, or drop it to match columns by position`);
  }
  return indices.every((c, i) => c === i) && names.length === features.length ? m : selectColumns(m, indices);
}
