/**
 * Facts about the data sets the project uses: file names and shapes, column meanings and units,
 * public sources, and the partition of the LHCO background events between training and the
 * held-back demo/test slice.
 *
 * @example
 *   unitOf('delta_mj'); // 'TeV'
 *   LHCO_PARTITION.heldBack; // { start: 30000, end: 40000 }: never trained or calibrated on
 */

/** The LHCO signal-region feature columns (see shared/data/README.md). */
export const LHCO_COLUMNS = ['mjj', 'mj1', 'delta_mj', 'tau21_j1', 'tau21_j2', 'label'] as const;

/** Columns 1–4: the DREAM demo features. Column 5 is the truth label. */
export const LHCO_FEATURE_COLUMNS = [1, 2, 3, 4];
export const LHCO_FEATURE_NAMES = ['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2'];
export const LHCO_LABEL_COLUMN = 5;

/**
 * Index ranges among the label-0 (QCD background) events of lhco-rnd/sr_labelled_eval.npy.
 * The reference and the candidate pool are disjoint slices of the same real background; the last
 * block is held back for service demos and tests (an upload of it must look like the reference,
 * AUC ≈ 0.5), so no model may be trained or calibrated on it.
 */
export const LHCO_PARTITION = {
  file: 'lhco-rnd/sr_labelled_eval.npy',
  reference: { start: 0, end: 15000 },
  candidatePool: { start: 15000, end: 30000 },
  heldBack: { start: 30000, end: 40000 },
} as const;

const KNOWN_UNITS: Record<string, string> = { mjj: 'TeV', mj1: 'TeV', mj2: 'TeV', delta_mj: 'TeV' };

/** Unit of a known feature name, or undefined for dimensionless ones such as tau21. */
export function unitOf(feature: string): string | undefined {
  return KNOWN_UNITS[feature];
}

/** One file the project expects in the data directory. */
export interface ExpectedFile {
  path: string;
  /** npy / csv: numeric matrices; table: a CSV with text fields, checked by line and header counts. */
  kind: 'npy' | 'csv' | 'table';
  rows: number;
  cols: number;
  /** SHA-256 of the copy the committed models were trained on; another preprocessing may differ. */
  sha256?: string;
  source: string;
}

const LHCO_SOURCE =
  'LHC Olympics 2020 R&D dataset, Zenodo records 4536377 and 5759087 (CC-BY-4.0), preprocessed into ' +
  'signal-region features (3.3 < mjj < 3.7 TeV) as in the CATHODE paper, arXiv:2109.00546';

export const EXPECTED_FILES: ExpectedFile[] = [
  {
    path: 'lhco-rnd/sr_data_a.npy',
    sha256: '8396ee7d5ced347cf533bd382ff4b0e5cdba8a02a5eb7273a96af0b819045bd2',
    kind: 'npy',
    rows: 60000,
    cols: 6,
    source: LHCO_SOURCE,
  },
  {
    path: 'lhco-rnd/sr_labelled_eval.npy',
    sha256: '413159262fd166ced866414cb7b9702152ceda35ae0f08f269182e07389e1755',
    kind: 'npy',
    rows: 60000,
    cols: 6,
    source: LHCO_SOURCE,
  },
  {
    path: 'lhco-rnd/signal_only.npy',
    sha256: '3756386db6a21fb1234e6496ce530d4d4ea2fcfe30c022cfb71b8e94cf038829',
    kind: 'npy',
    rows: 27263,
    cols: 6,
    source: LHCO_SOURCE,
  },
  {
    path: 'cms-open-data/Zmumu_Run2011A.csv',
    sha256: '4b4280dc88753ebf3ece23d863b602be9ce07433868a5bb59f202d5a2630cc66',
    kind: 'csv',
    rows: 10583,
    cols: 14,
    source: 'CMS Open Data (CC0): 2011A dimuon events, as used in public HEP training material',
  },
  {
    path: 'calochallenge/classifier_auc_results.csv',
    sha256: 'f3a54c13fd0ef9e45fc0a3b779e3e85355e186a4df167972f305c5fc6a8ca703',
    kind: 'table',
    rows: 63,
    cols: 11,
    source: 'Fast Calorimeter Simulation Challenge 2022: official final classifier AUC / FPD / KPD tables',
  },
];
