/**
 * Verifies the data directory: every expected file present, with the expected shape, and its
 * SHA-256 compared with the copy the committed models were trained on.
 *
 * @example
 *   const report = await checkDataDir('/work/shared/data');
 *   report.ok; // false when a file is missing or has the wrong shape
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPECTED_FILES, type ExpectedFile } from './lhco.js';
import { loadMatrixFile } from './load.js';
import { sha256File } from './paths.js';

export type FileStatus = 'ok' | 'missing' | 'bad-shape' | 'unreadable' | 'different-copy';

export interface FileCheck {
  file: ExpectedFile;
  status: FileStatus;
  rows?: number;
  cols?: number;
  sha256?: string;
  message?: string;
}

export interface DataCheck {
  dir: string;
  files: FileCheck[];
  /** False when a file is missing, unreadable or has the wrong shape. A different hash only warns. */
  ok: boolean;
}

/** Checks every file of EXPECTED_FILES under `dir`. */
export async function checkDataDir(dir: string, expected: ExpectedFile[] = EXPECTED_FILES): Promise<DataCheck> {
  const files: FileCheck[] = [];
  for (const file of expected) files.push(await checkFile(dir, file));
  return { dir, files, ok: files.every((f) => f.status === 'ok' || f.status === 'different-copy') };
}

async function checkFile(dir: string, file: ExpectedFile): Promise<FileCheck> {
  const path = join(dir, file.path);
  if (!existsSync(path)) return { file, status: 'missing' };
  const sha256 = await sha256File(path);
  let rows: number;
  let cols: number;
  try {
    ({ rows, cols } = file.kind === 'table' ? await tableShape(path) : (await loadMatrixFile(path)).matrix);
  } catch (err) {
    return { file, status: 'unreadable', sha256, message: (err as Error).message };
  }
  if (rows !== file.rows || cols !== file.cols) {
    return { file, status: 'bad-shape', rows, cols, sha256, message: `expected ${file.rows} x ${file.cols}` };
  }
  if (file.sha256 && sha256 !== file.sha256) {
    return { file, status: 'different-copy', rows, cols, sha256, message: 'SHA-256 differs from the copy the committed models used' };
  }
  return { file, status: 'ok', rows, cols, sha256 };
}

/** Data rows (non-empty lines after the header) and header fields of a text CSV table. */
async function tableShape(path: string): Promise<{ rows: number; cols: number }> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('empty file');
  return { rows: lines.length - 1, cols: lines[0].split(',').length };
}

/** Human-readable report lines; sources are listed for every file that is not usable. */
export function formatDataCheck(check: DataCheck): string[] {
  const lines = [`data directory: ${check.dir}`];
  for (const f of check.files) {
    const shape = f.rows === undefined ? '' : ` ${f.rows} x ${f.cols}`;
    lines.push(`  ${f.status.padEnd(14)} ${f.file.path}${shape}${f.sha256 ? `  sha256 ${f.sha256}` : ''}${f.message ? `  (${f.message})` : ''}`);
  }
  const unusable = check.files.filter((f) => f.status !== 'ok' && f.status !== 'different-copy');
  if (unusable.length > 0) {
    lines.push('', 'Where to obtain the missing or damaged files:');
    for (const f of unusable) lines.push(`  ${f.file.path}: ${f.file.source}`);
    lines.push(
      '',
      'Put them under the data directory with the paths above, or point DREAMWATCH_DATA (or --dir) at a copy.',
      'LHCO files: little-endian float64 .npy, C order, [N, 6] columns mjj, mj1, delta_mj, tau21_j1, tau21_j2, label',
      '(masses in TeV, label 1 = signal, 0 = QCD); every event in the signal region 3.3 < mjj < 3.7 TeV.',
    );
  }
  lines.push('', check.ok ? 'data: OK' : 'data: NOT OK');
  return lines;
}
