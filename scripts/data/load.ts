/**
 * Reads a data file into a float32 feature matrix with the shared decoders of src/formats:
 * `.npy` (float32 / float64, C or Fortran order; float64 is narrowed to float32, the models'
 * input type) and numeric `.csv` (optional header row).
 *
 * @example
 *   const m = await loadMatrix('/work/shared/data/lhco-rnd/sr_data_a.npy'); // { rows: 60000, cols: 6, data }
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { decodeCsv } from '../../src/formats/csv.js';
import type { Matrix } from '../../src/formats/matrix.js';
import { decodeNpy } from '../../src/formats/npy.js';

/** A matrix plus the CSV header names, when the file had them. */
export interface LoadedMatrix {
  matrix: Matrix;
  columnNames?: string[];
}

/** Loads a .npy or .csv file (chosen by extension). Throws with the file name on any decoding error. */
export async function loadMatrixFile(file: string): Promise<LoadedMatrix> {
  const bytes = new Uint8Array(await readFile(file));
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.npy') return { matrix: decodeNpy(bytes) };
    if (ext === '.csv') return decodeCsv(bytes);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  throw new Error(`${file}: unsupported file type "${ext}" (expected .npy or .csv)`);
}

/** `loadMatrixFile` without the header names. */
export async function loadMatrix(file: string): Promise<Matrix> {
  return (await loadMatrixFile(file)).matrix;
}
