/**
 * The CURTAINS resonance search end to end, on an "observed" data file and a labelled evaluation
 * file (see ../shared/data/README.md for the LHCO R&D files):
 *
 * 1. window: split the data by mass into SB1 | SR | SB2 (and optional outer bands); hold out a
 *    share of each sideband;
 * 2. transport: train f(x; m_from, m_to) between the sidebands, both directions (transport.ts);
 * 3. closure: move held-out SB1 events to SB2 masses (and back) and compare them with held-out
 *    SB2 (SB1) events with the DREAM classifier test; the same without the transport shows how much
 *    the transport has to correct; SB → outer band when outer bands are given;
 * 4. spectrum: fit the sideband mjj spectrum, interpolate it into the SR (spectrum.ts);
 * 5. template: every sideband event, `oversample` times, moved to an SR mass drawn from the fit;
 * 6. validation: DREAM test of the template against true SR background from the labelled file;
 * 7. anomaly score: CWoLa classifier SR data vs template, k-fold (classifier.ts);
 * 8. baselines with the same classifier: idealised (template = true background) and fully
 *    supervised (true signal vs true background);
 * 9. figures of merit on the labelled evaluation events (SIC, max SIC with < 20 % background
 *    uncertainty, background rejection, AUC) and the bump hunt on the data: cut on the
 *    out-of-fold anomaly score, count, compare with the background expected from the sideband fit
 *    times the template's efficiency.
 *
 * Labelled-file events (SR only), by position among the file's background events (LHCO_PARTITION):
 * background 0–29999 is the trainable true-background sample (DREAM reference, idealised template,
 * supervised background); 30000–39999 is held back for the service tests and only ever scored.
 * Figures of merit use all SR signal and all SR background of the file, every event scored out of
 * fold (classifier.ts `extra`), so that no score comes from a model that trained on the event.
 * The served model's reference scores are those of background 15000–29999 under the full
 * ensemble (the CURTAINS classifier never trains on labelled events); its baseline AUC compares
 * the held-back background with them.
 *
 * @example
 *   const result = await runCurtains(parseCurtainsArgs(['--seed', '2']), console.log);
 *   result.methods.find((m) => m.name === 'curtains')!.maxSic;
 */
import type { Matrix } from '../../src/formats/matrix.js';
import type { Histogram } from '../../src/model-card.js';
import { compareScores } from '../../src/stats/auc.js';
import { Rng } from '../../src/stats/rng.js';
import {
  countAtOrAbove,
  discoverySignificance,
  maxSic,
  rejectionAtEfficiency,
  sicCurve,
  thinSicCurve,
  thresholdForEfficiency,
  type SicCurve,
  type SicPoint,
} from '../../src/stats/sic.js';
import { LHCO_PARTITION } from '../data/lhco.js';
import { dataDir as defaultDataDir } from '../data/paths.js';
import { loadSample, type FileRecord } from '../data/sample.js';
import { referenceHistograms } from '../dream/histograms.js';
import { runDream } from '../dream/protocol.js';
import { crossFitClassifier, type CrossFit, type FoldRecord } from './classifier.js';
import type { CurtainsOptions } from './options.js';
import { fitSidebandSpectrum } from './spectrum.js';
import { Transporter, fitScaling, fromTransportSpace, toTransportSpace, trainTransport, type BandEvents, type TransportRecord } from './transport.js';
import { splitByRegion, type Region } from './window.js';

export type MethodName = 'curtains' | 'idealised' | 'supervised';

export const METHOD_LABELS: Record<MethodName, string> = {
  curtains: 'CURTAINS (CWoLa vs transported sidebands)',
  idealised: 'Idealised anomaly detector (true-background template)',
  supervised: 'Fully supervised (true labels)',
};

export interface AucWithCi {
  auc: number;
  ci: [number, number];
}

export interface MethodResult {
  name: MethodName;
  /** Signal vs background AUC of the full ensemble on the labelled evaluation events. */
  evalAuc: AucWithCi;
  maxSic: SicPoint | null;
  /** 1/ε_B at ε_S = 0.2 and 0.5. */
  rejection: { effS020: number; effS050: number };
  /** SIC curve (thinned for plots). */
  curve: SicCurve;
  /** Out-of-fold AUC of the classifier's own task (class 1 vs class 0). */
  trainingAuc: number;
  members: number;
  seconds: number;
  history: FoldRecord[];
}

export interface BumpRow {
  /** Share of SR data kept by the cut (1 = no cut). */
  dataEfficiency: number;
  threshold: number;
  observed: number;
  /** Expected background after the cut: sideband-fit SR yield × template efficiency. */
  expected: number;
  sigma: number;
  significance: number;
  /** Truth among the observed events (a real analysis does not have it). */
  trueSignal: number;
  trueBackground: number;
}

export interface DreamCheck extends AucWithCi {
  n: { reference: number; candidate: number };
}

export interface CurtainsResult {
  counts: Record<Region, number> & { templateEvents: number; signalInSr: number; backgroundInSr: number; evalSignal: number; evalBackground: number; trueBackgroundSample: number };
  spectrum: {
    degree: number;
    coef: number[];
    chi2: number;
    ndf: number;
    expectedSr: number;
    sigmaSr: number;
    observedSr: number;
    trueBackgroundSr: number;
    /** The data's mass histogram over the window and the fit's expectation per bin (for the figure). */
    histogram: { edges: number[]; counts: number[]; fitted: number[] };
  };
  transport: { bestStep: number; seconds: number; history: TransportRecord[]; architecture: Record<string, unknown>[] };
  closure: { sb1ToSb2: DreamCheck; sb2ToSb1: DreamCheck; identity: DreamCheck; outer: { band: Region; check: DreamCheck }[] };
  template: { vsTrueBackground: DreamCheck; untransportedVsTrueBackground: DreamCheck };
  methods: MethodResult[];
  bump: { curtains: BumpRow[]; idealised?: BumpRow[] };
  /** Feature matrices for the plots: template, true SR background, SR data (raw features). */
  samples: { template: Matrix; trueBackground: Matrix; srData: Matrix; sidebands: Matrix };
  /** What the exported model needs. */
  model: {
    onnx: Uint8Array;
    mean: number[];
    std: number[];
    members: number;
    referenceScores: Float32Array;
    referenceHistograms: Histogram[];
    /** Held-back background vs the reference: the no-anomaly baseline a monitor starts from. */
    baseline: AucWithCi & { se: number; n: number };
    signalAuc: AucWithCi;
  };
  files: { data: FileRecord; labelled: FileRecord };
  seconds: number;
}

/** Columns of the loaded samples: mass, then the features, then the label. */
interface Loaded {
  mass: Float32Array;
  x: Matrix;
  label: Float32Array;
  /** Position of each background event among all background events of the file (−1 for signal). */
  backgroundIndex: Int32Array;
}

export async function runCurtains(o: CurtainsOptions, log: (line: string) => void = () => {}): Promise<CurtainsResult> {
  const started = performance.now();
  const dir = o.dataDir ?? defaultDataDir();
  const F = o.featureColumns.length;
  const columns = [o.massColumn, ...o.featureColumns, o.labelColumn];
  const [dataSample, labelledSample] = [await loadSample({ file: o.dataFile }, columns, dir), await loadSample({ file: o.labelledFile }, columns, dir)];
  // The --fraction subsample uses a fixed seed: runs with different seeds see the same events.
  const data = loadRows(dataSample.matrix, F, o.fraction, 101);
  const rng = new Rng(o.seed * 7919 + 17);
  const w = o.window;

  // 1. Window and held-out sideband events.
  const regions = splitByRegion({ rows: data.x.rows, cols: 1, data: data.mass }, w, 0);
  const counts = Object.fromEntries(Object.entries(regions).map(([r, idx]) => [r, idx.length])) as Record<Region, number>;
  log(`window: ${Object.entries(counts).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', ')}`);
  if (counts.sb1 < 50 || counts.sb2 < 50 || counts.sr < 50) throw new Error(`too few events in the window (${JSON.stringify(counts)})`);
  const holdOut = (idx: Uint32Array) => {
    const perm = rng.shuffle(Uint32Array.from(idx));
    const k = Math.max(10, Math.floor(idx.length * o.heldOut));
    return { valid: perm.slice(0, k), train: perm.slice(k) };
  };
  const sb1 = holdOut(regions.sb1);
  const sb2 = holdOut(regions.sb2);

  // The transport's feature space is fitted on the training sideband events; masses are mapped
  // to [-1, 1] over the whole window.
  const scaling = fitScaling(rows(data.x, concatIdx(sb1.train, sb2.train)));
  const lo = (w.ob1 ?? w.sb1).lo;
  const hi = (w.ob2 ?? w.sb2).hi;
  const mScale = (m: number) => (m - (lo + hi) / 2) / ((hi - lo) / 2);
  const band = (idx: Uint32Array): BandEvents => ({ x: toTransportSpace(rows(data.x, idx), scaling), m: Float32Array.from(idx, (r) => mScale(data.mass[r])) });

  // 2. Transport.
  log(`transport: ${o.transport.coupling} couplings ×${o.transport.layers}, ${o.transport.loss} loss, ${o.transport.steps} steps`);
  const fit = await trainTransport({ sb1: band(sb1.train), sb2: band(sb2.train), sb1Valid: band(sb1.valid), sb2Valid: band(sb2.valid) }, o.transport, (r) =>
    log(`  step ${r.step}: train ${r.trainLoss.toFixed(4)}, held-out MMD ${r.validMmd.toFixed(4)}`),
  );
  log(`  kept step ${fit.bestStep} (${fit.seconds.toFixed(0)} s)`);
  const mover = await Transporter.create(fit, o.provider);
  const move = async (idx: Uint32Array, toMass: ArrayLike<number>): Promise<Matrix> => {
    const b = band(idx);
    const moved = await mover.transport(b.x, b.m, Float32Array.from(toMass, mScale));
    return fromTransportSpace(moved, scaling);
  };
  const dream = async (reference: Matrix, candidate: Matrix, what: string): Promise<DreamCheck> => {
    const out = await runDream(reference, candidate, {
      featureNames: o.featureNames,
      seed: o.seed,
      epochs: o.dreamEpochs,
      batch: 256,
      lr: 1e-3,
      hidden: [64, 64],
      provider: o.provider,
    });
    const check = { auc: out.metrics.auc, ci: out.metrics.auc_ci, n: out.counts.used };
    log(`  ${what}: AUC ${check.auc.toFixed(3)} [${check.ci[0].toFixed(3)}, ${check.ci[1].toFixed(3)}]`);
    return check;
  };
  const massesOf = (idx: Uint32Array, n: number) => Float32Array.from({ length: n }, () => data.mass[idx[rng.int(idx.length)]]);

  // 3. Closure on held-out sideband events.
  log('closure (DREAM AUC, 0.5 = indistinguishable):');
  const closure = {
    sb1ToSb2: await dream(rows(data.x, sb2.valid), await move(sb1.valid, massesOf(sb2.valid, sb1.valid.length)), 'held-out SB1 → SB2 vs SB2'),
    sb2ToSb1: await dream(rows(data.x, sb1.valid), await move(sb2.valid, massesOf(sb1.valid, sb2.valid.length)), 'held-out SB2 → SB1 vs SB1'),
    identity: await dream(rows(data.x, sb2.valid), rows(data.x, sb1.valid), 'SB1 vs SB2, not transported'),
    outer: [] as { band: Region; check: DreamCheck }[],
  };
  const allSb = concatIdx(regions.sb1, regions.sb2);
  for (const ob of ['ob1', 'ob2'] as const) {
    if (!w[ob] || regions[ob].length < 20) continue;
    const sourceIdx = ob === 'ob1' ? regions.sb1 : regions.sb2;
    closure.outer.push({ band: ob, check: await dream(rows(data.x, regions[ob]), await move(sourceIdx, massesOf(regions[ob], sourceIdx.length)), `${ob.toUpperCase()} from its sideband vs ${ob.toUpperCase()} data`) });
  }

  // 4. Sideband fit of the mass spectrum.
  const spectrumFit = fitSidebandSpectrum(data.mass, w, { degree: o.spectrumDegree });
  const srExpected = spectrumFit.expected(w.sr.lo, w.sr.hi);
  const srSignal = count(regions.sr, (r) => data.label[r] === 1);
  const spectrum = {
    degree: spectrumFit.degree,
    coef: spectrumFit.coef,
    chi2: spectrumFit.chi2,
    ndf: spectrumFit.ndf,
    expectedSr: srExpected.n,
    sigmaSr: srExpected.sigma,
    observedSr: counts.sr,
    trueBackgroundSr: counts.sr - srSignal,
    histogram: massHistogram(data.mass, lo, hi, (a, b) => spectrumFit.expected(a, b).n),
  };
  log(`sideband fit (degree ${spectrum.degree}): SR background ${srExpected.n.toFixed(0)} ± ${srExpected.sigma.toFixed(0)}; observed ${counts.sr} (truth: ${spectrum.trueBackgroundSr} background)`);

  // 5. Template: every sideband event `oversample` times, at SR masses drawn from the fit.
  const sourceIdx = new Uint32Array(allSb.length * o.oversample);
  for (let k = 0; k < o.oversample; k++) sourceIdx.set(allSb, k * allSb.length);
  const targetMasses = spectrumFit.sample(rng, sourceIdx.length, w.sr.lo, w.sr.hi);
  const template = await move(sourceIdx, targetMasses);
  await mover.release();
  log(`template: ${template.rows} events (${allSb.length} sideband events × ${o.oversample})`);

  // Labelled events in the SR, partitioned.
  const labelled = loadRows(labelledSample.matrix, F, o.fraction, 202);
  const parts = partitionLabelled(labelled, (m) => m >= w.sr.lo && m < w.sr.hi);
  const trueBackground = rows(labelled.x, parts.trainable);
  const heldBack = rows(labelled.x, parts.heldBack);
  const signal = rows(labelled.x, parts.signal);
  log(`labelled SR events: ${parts.signal.length} signal, ${parts.trainable.length} trainable + ${parts.heldBack.length} held-back background`);

  // 6. The template against true SR background.
  log('template validation (DREAM AUC vs true SR background):');
  const templateCheck = {
    vsTrueBackground: await dream(trueBackground, template, 'CURTAINS template'),
    untransportedVsTrueBackground: await dream(trueBackground, rows(data.x, allSb), 'sideband events, not transported'),
  };

  // 7–8. Classifiers.
  const srData = rows(data.x, regions.sr);
  const srLabels = Float32Array.from(regions.sr, (r) => data.label[r]);
  const methods: MethodResult[] = [];
  /** Trains one method; `evaluate` picks its out-of-fold evaluation scores (signal, background). */
  const train = async (
    name: MethodName,
    positive: Matrix,
    negative: Matrix,
    extra: Matrix[],
    evaluate: (cf: CrossFit) => [Float32Array, Float32Array],
    negativeGroups?: Uint32Array,
  ) => {
    log(`${METHOD_LABELS[name]}: ${positive.rows} vs ${negative.rows} events, ${o.cwola.folds} folds`);
    const cf = await crossFitClassifier(positive, negative, o.cwola, { extra, negativeGroups });
    const [s, b] = evaluate(cf);
    const cmp = compareScores(s, b);
    const full = sicCurve(s, b)!;
    const result: MethodResult = {
      name,
      evalAuc: { auc: cmp.auc!, ci: cmp.auc_ci! },
      maxSic: maxSic(full),
      rejection: { effS020: rejectionAtEfficiency(full, 0.2), effS050: rejectionAtEfficiency(full, 0.5) },
      curve: thinSicCurve(full, 300),
      trainingAuc: compareScores(cf.outOfFold.positive, cf.outOfFold.negative).auc!,
      members: cf.members,
      seconds: cf.seconds,
      history: cf.history,
    };
    methods.push(result);
    log(`  eval AUC ${result.evalAuc.auc.toFixed(3)}, max SIC ${result.maxSic?.sic.toFixed(2) ?? '—'} at ε_S ${result.maxSic?.effS.toFixed(3) ?? '—'}, ${cf.seconds.toFixed(0)} s`);
    return cf;
  };
  const allBackground = stackRows(trueBackground, heldBack);
  // Copies of one sideband event share a fold (group = the sideband event).
  const templateGroups = Uint32Array.from(sourceIdx);
  const curtains = await train('curtains', srData, template, [signal, allBackground], (cf) => [cf.extra[0], cf.extra[1]], templateGroups);
  const bump: CurtainsResult['bump'] = {
    curtains: bumpHunt(curtains.outOfFold.positive, curtains.outOfFold.negative, allSb.length, srExpected, srLabels),
  };
  if (o.baselines) {
    const idealised = await train('idealised', srData, trueBackground, [signal, heldBack], (cf) => [cf.extra[0], concatScores(cf.outOfFold.negative, cf.extra[1])]);
    bump.idealised = bumpHunt(idealised.outOfFold.positive, idealised.outOfFold.negative, trueBackground.rows, srExpected, srLabels);
    await train('supervised', signal, trueBackground, [heldBack], (cf) => [cf.outOfFold.positive, concatScores(cf.outOfFold.negative, cf.extra[0])]);
  }
  for (const row of bump.curtains) {
    log(`  bump hunt, ${(row.dataEfficiency * 100).toFixed(1)} % of SR data kept: observed ${row.observed}, expected ${row.expected.toFixed(1)} ± ${row.sigma.toFixed(1)}, Z = ${row.significance.toFixed(2)} (truth: ${row.trueSignal} signal)`);
  }

  // The served model: the CURTAINS ensemble, its reference = scores of evaluation background
  // events 15000–29999 (SR); its baseline = held-back background 30000–39999 against them.
  const referenceEvents = rows(labelled.x, parts.reference);
  const referenceScores = await curtains.score(referenceEvents);
  const heldBackScores = await curtains.score(heldBack);
  const baseline = compareScores(heldBackScores, referenceScores);
  const signalCmp = methods[0].evalAuc;

  return {
    counts: {
      ...counts,
      templateEvents: template.rows,
      signalInSr: srSignal,
      backgroundInSr: counts.sr - srSignal,
      evalSignal: signal.rows,
      evalBackground: allBackground.rows,
      trueBackgroundSample: trueBackground.rows,
    },
    spectrum,
    transport: { bestStep: fit.bestStep, seconds: fit.seconds, history: fit.history, architecture: fit.architecture },
    closure,
    template: templateCheck,
    methods,
    bump,
    samples: { template, trueBackground, srData, sidebands: rows(data.x, allSb) },
    model: {
      onnx: curtains.onnx,
      mean: curtains.mean,
      std: curtains.std,
      members: curtains.members,
      referenceScores,
      referenceHistograms: referenceHistograms(referenceEvents, o.featureNames),
      baseline: { auc: baseline.auc!, ci: baseline.auc_ci!, se: baseline.auc_se!, n: heldBackScores.length },
      signalAuc: signalCmp,
    },
    files: { data: dataSample.provenance, labelled: labelledSample.provenance },
    seconds: (performance.now() - started) / 1000,
  };
}

/** 10 GeV bins (for masses in TeV; 40 bins otherwise) over [lo, hi) with the fit's expectation. */
function massHistogram(masses: Float32Array, lo: number, hi: number, expected: (a: number, b: number) => number) {
  const bins = Math.max(8, Math.min(80, Math.round((hi - lo) / 0.01)));
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const m of masses) if (m >= lo && m < hi) counts[Math.min(bins - 1, Math.floor(((m - lo) / (hi - lo)) * bins))]++;
  return { edges, counts, fitted: counts.map((_, k) => expected(edges[k], edges[k + 1])) };
}

/** Data efficiencies of the bump-hunt cuts (1 = no cut). */
export const BUMP_EFFICIENCIES = [1, 0.2, 0.1, 0.05, 0.02, 0.01];

/**
 * Cut-and-count on the data's out-of-fold scores: for each cut keeping a share of the SR data,
 * the expected background is the sideband-fit SR yield times the share of template events (also
 * scored out of fold) passing. Uncertainty: the fit's, scaled by that share, and the binomial
 * uncertainty of the share counted with `distinctTemplate` events (oversampled copies of one
 * sideband event are not independent).
 */
export function bumpHunt(
  dataScores: Float32Array,
  templateScores: Float32Array,
  distinctTemplate: number,
  srExpected: { n: number; sigma: number },
  labels: Float32Array,
): BumpRow[] {
  return BUMP_EFFICIENCIES.map((e) => {
    const threshold = e === 1 ? -Infinity : thresholdForEfficiency(dataScores, e);
    const observed = countAtOrAbove(dataScores, threshold);
    const share = Math.max(countAtOrAbove(templateScores, threshold), 1) / templateScores.length;
    const expected = srExpected.n * share;
    const relBinomial = Math.sqrt((1 - share) / (share * distinctTemplate));
    const sigma = Math.hypot(srExpected.sigma * share, expected * relBinomial);
    let trueSignal = 0;
    for (let i = 0; i < dataScores.length; i++) if (dataScores[i] >= threshold && labels[i] === 1) trueSignal++;
    return {
      dataEfficiency: e,
      threshold,
      observed,
      expected,
      sigma,
      significance: discoverySignificance(observed, expected, sigma),
      trueSignal,
      trueBackground: observed - trueSignal,
    };
  });
}

/** Splits the labelled SR events by the documented partition. */
function partitionLabelled(l: Loaded, inSr: (m: number) => boolean) {
  const P = LHCO_PARTITION;
  const out = { trainable: [] as number[], reference: [] as number[], heldBack: [] as number[], signal: [] as number[] };
  for (let r = 0; r < l.x.rows; r++) {
    if (!inSr(l.mass[r])) continue;
    if (l.label[r] === 1) out.signal.push(r);
    else {
      const k = l.backgroundIndex[r];
      if (k < P.candidatePool.end) out.trainable.push(r);
      else out.heldBack.push(r);
      if (k >= P.candidatePool.start && k < P.candidatePool.end) out.reference.push(r);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Uint32Array.from(v)])) as Record<keyof typeof out, Uint32Array>;
}

/**
 * Keeps a seeded fraction of the rows (all of them for fraction 1) and unpacks the columns
 * [mass, features…, label]; background events remember their position among all background rows.
 */
function loadRows(m: Matrix, F: number, fraction: number, seed: number): Loaded {
  const rng = new Rng(seed);
  const kept: number[] = [];
  const backgroundIndex: number[] = [];
  let b = 0;
  for (let r = 0; r < m.rows; r++) {
    const isBackground = Math.round(m.data[r * m.cols + F + 1]) !== 1;
    if (fraction >= 1 || rng.uniform() < fraction) {
      kept.push(r);
      backgroundIndex.push(isBackground ? b : -1);
    }
    if (isBackground) b++;
  }
  const n = kept.length;
  const mass = new Float32Array(n);
  const label = new Float32Array(n);
  const x = new Float32Array(n * F);
  kept.forEach((r, i) => {
    mass[i] = m.data[r * m.cols];
    x.set(m.data.subarray(r * m.cols + 1, r * m.cols + 1 + F), i * F);
    label[i] = Math.round(m.data[r * m.cols + F + 1]);
  });
  return { mass, label, x: { rows: n, cols: F, data: x }, backgroundIndex: Int32Array.from(backgroundIndex) };
}

function rows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const data = new Float32Array(idx.length * m.cols);
  for (let i = 0; i < idx.length; i++) data.set(m.data.subarray(idx[i] * m.cols, (idx[i] + 1) * m.cols), i * m.cols);
  return { rows: idx.length, cols: m.cols, data };
}

function stackRows(a: Matrix, b: Matrix): Matrix {
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { rows: a.rows + b.rows, cols: a.cols, data };
}

function concatScores(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function concatIdx(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function count(idx: Uint32Array, pred: (r: number) => boolean): number {
  let n = 0;
  for (const r of idx) if (pred(r)) n++;
  return n;
}
