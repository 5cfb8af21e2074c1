/**
 * Where the input data lives and how files are named in provenance records.
 *
 * The data is never copied into the repository: it is read from a data directory, by default
 * `../shared/data` relative to the repository root, overridden by the `DREAMWATCH_DATA`
 * environment variable or an explicit `--dir` / `--data` flag.
 *
 * @example
 *   const dir = dataDir();                                     // /work/shared/data
 *   const file = resolveDataFile('lhco-rnd/sr_data_a.npy', dir); // absolute path
 *   relativeToData(file, dir);                                  // 'lhco-rnd/sr_data_a.npy'
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The data directory: explicit argument, else $DREAMWATCH_DATA, else ../shared/data. */
export function dataDir(explicit?: string): string {
  const chosen = explicit ?? process.env.DREAMWATCH_DATA;
  return chosen ? resolve(chosen) : resolve(repoRoot, '..', 'shared', 'data');
}

/**
 * Resolves a file named on the command line: an absolute path or one that exists relative to the
 * working directory is taken as is; anything else is looked up in the data directory.
 */
export function resolveDataFile(name: string, dir: string = dataDir()): string {
  if (isAbsolute(name)) return name;
  if (existsSync(name)) return resolve(name);
  return resolve(dir, name);
}

/** Path relative to the data directory when the file is inside it, else the absolute path. */
export function relativeToData(file: string, dir: string = dataDir()): string {
  const rel = relative(dir, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/** SHA-256 of a file's bytes, hex. @example await sha256File('/work/shared/data/lhco-rnd/sr_data_a.npy') */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** SHA-256 of bytes in memory, hex. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
