/**
 * Data command line:
 *
 *   npm run data -- check [--dir DIR]
 *     verifies the expected files (shapes, SHA-256) and says where to obtain missing ones;
 *   npm run data -- slice SRC OUT [--where 5=0] [--rows 30000:35000] [--columns 1,2,3,4]
 *                               [--mismodel S --seed K] [--dir DIR]
 *     writes a float32 .npy batch (for curl demos and tests). SRC is relative to the data
 *     directory (or absolute); OUT is an ordinary path. Slices are scratch files: the data itself
 *     is never committed to the repository.
 *
 * The data directory is --dir, else $DREAMWATCH_DATA, else ../shared/data next to the repository.
 *
 * @example
 *   npm run data -- slice lhco-rnd/sr_labelled_eval.npy /tmp/heldback.npy --where 5=0 --rows 30000:35000 --columns 1,2,3,4
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { encodeNpy } from '../../src/formats/npy.js';
import { checkDataDir, formatDataCheck } from '../data/check.js';
import { loadMatrix } from '../data/load.js';
import { dataDir, resolveDataFile } from '../data/paths.js';
import { loadSample } from '../data/sample.js';
import { parseColumns } from '../data/selection.js';

const USAGE = `usage:
  npm run data -- check [--dir DIR]
  npm run data -- slice SRC OUT [--where C=V] [--rows A:B] [--columns LIST] [--mismodel S --seed K] [--dir DIR]`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'check') return check(rest);
  if (command === 'slice') return slice(rest);
  console.log(USAGE);
  if (command && command !== '--help' && command !== '-h') process.exitCode = 1;
}

async function check(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, strict: true, options: { dir: { type: 'string' } } });
  const result = await checkDataDir(dataDir(values.dir));
  for (const line of formatDataCheck(result)) console.log(line);
  if (!result.ok) process.exitCode = 1;
}

async function slice(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      where: { type: 'string' },
      rows: { type: 'string' },
      columns: { type: 'string' },
      mismodel: { type: 'string' },
      seed: { type: 'string' },
      dir: { type: 'string' },
    },
  });
  if (positionals.length !== 2) throw new Error(`slice needs SRC and OUT\n${USAGE}`);
  const [src, out] = positionals;
  const dir = dataDir(values.dir);
  const mismodel = values.mismodel === undefined ? undefined : Number(values.mismodel);
  if (mismodel !== undefined && !(mismodel >= 0)) throw new Error('--mismodel must be a number ≥ 0');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  // Without --columns every column of the source is kept.
  const columns = values.columns
    ? parseColumns(values.columns)
    : Array.from({ length: (await loadMatrix(resolveDataFile(src, dir))).cols }, (_, i) => i);
  const sample = await loadSample({ file: src, where: values.where, rows: values.rows, mismodel, mismodelSeed: seed }, columns, dir);
  await writeFile(out, encodeNpy(sample.matrix));
  const p = sample.provenance;
  console.log(`wrote ${out}: ${sample.matrix.rows} x ${sample.matrix.cols} float32 from ${p.path} (${p.selection}; source sha256 ${p.sha256})`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`data: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
