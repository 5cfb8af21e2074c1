/**
 * A sample as the DREAM tools use it: a file, a row/column selection and an optional documented
 * mis-modelling, loaded into a float32 feature matrix together with its provenance record.
 *
 * @example
 *   const { matrix, provenance } = await loadSample(
 *     { file: 'lhco-rnd/sr_labelled_eval.npy', where: '5=0', rows: '15000:30000', mismodel: 1, mismodelSeed: 1 },
 *     [1, 2, 3, 4],
 *   );
 *   // provenance: { path: 'lhco-rnd/sr_labelled_eval.npy', sha256, rows: 15000,
 *   //               selection: 'where col5=0; rows 15000:30000; columns 1,2,3,4; mismodel s=1 seed=1' }
 */
import type { Matrix } from '../../src/formats/matrix.js';
import { loadMatrix } from './load.js';
import { LHCO_COLUMNS } from './lhco.js';
import { mismodelJets, type JetFeatureLayout } from './mismodel.js';
import { dataDir, relativeToData, resolveDataFile, sha256File } from './paths.js';
import { applySelection, describeSelection, parseSelection } from './selection.js';

export interface SampleRequest {
  file: string;
  where?: string;
  rows?: string;
  mismodel?: number;
  mismodelSeed?: number;
}

export interface FileRecord {
  path: string;
  sha256: string;
  rows: number;
  selection?: string;
}

export interface LoadedSample {
  matrix: Matrix;
  provenance: FileRecord;
  /** Absolute path of the file read. */
  absolutePath: string;
}

/** Loads, selects (where → rows → columns) and optionally mis-models one sample. */
export async function loadSample(req: SampleRequest, columns: number[], dir: string = dataDir()): Promise<LoadedSample> {
  const absolutePath = resolveDataFile(req.file, dir);
  const [source, sha256] = await Promise.all([loadMatrix(absolutePath), sha256File(absolutePath)]);
  const selection = parseSelection({ where: req.where, rows: req.rows });
  selection.columns = columns;
  let matrix = applySelection(source, selection);
  let description = describeSelection(selection);
  if (req.mismodel !== undefined) {
    const seed = req.mismodelSeed ?? 1;
    matrix = mismodelJets(matrix, { strength: req.mismodel, seed, layout: lhcoLayout(columns) });
    description += `; mismodel s=${req.mismodel} seed=${seed}`;
  }
  return {
    matrix,
    absolutePath,
    provenance: { path: relativeToData(absolutePath, dir), sha256, rows: matrix.rows, selection: description },
  };
}

/** Where the LHCO source columns mj1, delta_mj, tau21_j1 landed among the selected columns. */
export function lhcoLayout(columns: number[]): JetFeatureLayout {
  const at = (name: (typeof LHCO_COLUMNS)[number]): number => {
    const i = columns.indexOf(LHCO_COLUMNS.indexOf(name));
    if (i < 0) throw new Error(`the jet mis-modelling needs LHCO column ${LHCO_COLUMNS.indexOf(name)} (${name}) among --columns`);
    return i;
  };
  return { mj1: at('mj1'), deltaMj: at('delta_mj'), tau21J1: at('tau21_j1') };
}
