/**
 * A seeded generator of calorimeter-like showers with the geometry of CaloChallenge 2022
 * dataset 1 (pions): 533 voxels in 7 layers. Real showers are not in ../shared/data, and the
 * calorimeter-scale DREAM classifier needs arrays of the real size (100k × 533 float32) with
 * realistic structure: energy-dependent longitudinal and lateral profiles, event-by-event
 * fluctuations, many empty voxels. This is a parametrised toy, not a detector simulation.
 *
 * Geometry — the per-layer binning of the CaloChallenge file `binning_dataset_1_pions.xml`
 * (radial bin edges in mm × number of angular bins):
 *
 *   | layer (ATLAS id) | r edges (mm)                                          | α bins | voxels |
 *   |------------------|-------------------------------------------------------|--------|--------|
 *   | 0  presampler    | 0,5,10,30,50,100,200,400,600                           | 1      | 8      |
 *   | 1  EM barrel 1   | 0,1,4,7,10,15,30,50,90,150,200                         | 10     | 100    |
 *   | 2  EM barrel 2   | 0,5,10,20,30,50,80,130,200,300,400                     | 10     | 100    |
 *   | 3  EM barrel 3   | 0,50,100,200,400,600                                   | 1      | 5      |
 *   | 12 tile 0        | 0,10,20,30,50,80,100,130,160,200,250,300,350,400,1000,2000 | 10 | 150    |
 *   | 13 tile 1        | 0,10,20,30,50,80,100,130,160,200,250,300,350,400,600,1000,2000 | 10 | 160 |
 *   | 14 tile 2        | 0,50,100,150,200,250,300,400,600,1000,2000             | 1      | 10     |
 *
 * Voxel order: layer by layer in that order; inside a layer angular bin major, radial bin minor
 * (index = α·nR + r). Incident energies: the 15 dataset-1 energies 2^8 … 2^22 MeV (256 MeV to
 * 4.2 TeV), drawn uniformly. Voxel energies in MeV.
 *
 * Shower model, per event (depths t in nuclear interaction lengths λ; the layers span
 * 0–0.05, 0.05–0.25, 0.25–0.95, 0.95–1.05, 1.05–2.55, 2.55–6.65, 6.65–8.45 λ):
 * - the pion travels as a MIP (MIP_MEV_PER_LAMBDA deposited per λ, in the innermost radial bin)
 *   until its first interaction at t0 ~ Exponential(1 λ);
 * - a fraction f_em = 1 − (E/1 GeV)^(−0.18) (Gabriel et al.) becomes an EM shower, the rest a
 *   hadronic one; visible energy = EM part + hadronic part × response, response ~
 *   N(0.65, 0.08) clipped to [0.2, 1] (non-compensation);
 * - longitudinal: from t0 the EM part follows a Gamma(2, 0.12 λ) profile and the hadronic part a
 *   Gamma(a(E), 0.9 λ) profile, a(E) = 1.3 + 0.25·ln(E/1 GeV) (≥ 1.05); each layer gets the
 *   profile's integral over its depth range (energy beyond 8.45 λ leaks out);
 * - lateral: in each layer a mixture of two 2D exponential radial profiles — core radius
 *   15 mm (EM) or 25 mm·(1 + 0.1·depth) (hadronic), halo radius 120 mm·(1 + 0.15·depth), core
 *   weight 0.8 (EM) or 0.45 (hadronic) — integrated over the radial bins exactly, with an
 *   event-wide angular asymmetry 1 + A·cos(α − φ), A ~ U(0, 0.4), φ ~ U(0, 2π);
 * - fluctuations: each voxel's energy is Gamma-distributed around its expectation with an
 *   energy quantum of FLUCTUATION_QUANTUM_MEV (so mean μ has standard deviation √(μ·q)), which
 *   leaves most outer voxels near zero, as in real showers.
 *
 * The "candidate" variant is the same model with a known, tunable mis-modelling of strength
 * s ≥ 0 (s = 0: the same distribution as the reference, from an independent random stream):
 * the first-interaction depth scaled by (1 + MISMODEL.depth·s), the hadronic core radius by
 * (1 + MISMODEL.coreRadius·s) and the hadronic response by (1 − MISMODEL.response·s).
 *
 * DREAM inputs follow the CaloChallenge classifier protocol (`caloFeatures`): log10(E_inc / MeV)
 * followed by the 533 voxel energies divided by E_inc, voxels below 1 MeV set to 0.
 *
 * @example
 *   const reference = generateCalo({ events: 100_000, seed: 1 });
 *   const candidate = generateCalo({ events: 100_000, seed: 2, mismodel: 1 });
 *   const x = caloFeatures(reference); // Matrix 100000 × 534
 */
import type { Matrix } from '../../src/formats/matrix.js';
import { Rng } from '../../src/stats/rng.js';

export interface CaloLayer {
  /** ATLAS calorimeter sampling id as in the binning file. */
  id: number;
  name: string;
  /** Radial bin edges in mm. */
  rEdges: readonly number[];
  /** Angular bins. */
  nAlpha: number;
  /** Depth range in nuclear interaction lengths (this generator's assumption). */
  depth: readonly [number, number];
}

export const DS1_PION_LAYERS: readonly CaloLayer[] = [
  { id: 0, name: 'presampler', rEdges: [0, 5, 10, 30, 50, 100, 200, 400, 600], nAlpha: 1, depth: [0, 0.05] },
  { id: 1, name: 'em1', rEdges: [0, 1, 4, 7, 10, 15, 30, 50, 90, 150, 200], nAlpha: 10, depth: [0.05, 0.25] },
  { id: 2, name: 'em2', rEdges: [0, 5, 10, 20, 30, 50, 80, 130, 200, 300, 400], nAlpha: 10, depth: [0.25, 0.95] },
  { id: 3, name: 'em3', rEdges: [0, 50, 100, 200, 400, 600], nAlpha: 1, depth: [0.95, 1.05] },
  { id: 12, name: 'tile0', rEdges: [0, 10, 20, 30, 50, 80, 100, 130, 160, 200, 250, 300, 350, 400, 1000, 2000], nAlpha: 10, depth: [1.05, 2.55] },
  { id: 13, name: 'tile1', rEdges: [0, 10, 20, 30, 50, 80, 100, 130, 160, 200, 250, 300, 350, 400, 600, 1000, 2000], nAlpha: 10, depth: [2.55, 6.65] },
  { id: 14, name: 'tile2', rEdges: [0, 50, 100, 150, 200, 250, 300, 400, 600, 1000, 2000], nAlpha: 1, depth: [6.65, 8.45] },
];

/** Voxels per shower: 8 + 100 + 100 + 5 + 150 + 160 + 10. */
export const DS1_PION_VOXELS = DS1_PION_LAYERS.reduce((n, l) => n + (l.rEdges.length - 1) * l.nAlpha, 0);

/** The 15 incident energies of dataset 1, MeV. */
export const DS1_ENERGIES_MEV: readonly number[] = Array.from({ length: 15 }, (_, k) => 2 ** (8 + k));

export const MIP_MEV_PER_LAMBDA = 250;
export const FLUCTUATION_QUANTUM_MEV = 3;
/** The protocol's voxel threshold: energies below it are set to 0 in `caloFeatures`. */
export const VOXEL_THRESHOLD_MEV = 1;

/** Per unit strength of the candidate's mis-modelling (relative changes). */
export const MISMODEL = { depth: 0.1, coreRadius: 0.1, response: 0.02 } as const;

export interface CaloSample {
  events: number;
  /** Incident energy per event, MeV. */
  energies: Float32Array;
  /** [events, DS1_PION_VOXELS] row-major voxel energies, MeV. */
  voxels: Float32Array;
}

export interface CaloOptions {
  events: number;
  seed: number;
  /** Mis-modelling strength of a candidate sample (default 0: the reference model). */
  mismodel?: number;
}

/**
 * Generates `events` showers. Deterministic given the options; about 1 µs per voxel.
 *
 * @example
 *   const { energies, voxels } = generateCalo({ events: 1000, seed: 7, mismodel: 2 });
 */
export function generateCalo(options: CaloOptions): CaloSample {
  const { events, seed } = options;
  const s = options.mismodel ?? 0;
  if (!Number.isInteger(events) || events < 0) throw new Error(`events must be a non-negative integer, got ${events}`);
  if (!(s >= 0)) throw new Error(`mismodel strength must be ≥ 0, got ${s}`);
  const rng = new Rng(seed);
  const energies = new Float32Array(events);
  const voxels = new Float32Array(events * DS1_PION_VOXELS);
  const depthScale = 1 + MISMODEL.depth * s;
  const coreScale = 1 + MISMODEL.coreRadius * s;
  const responseScale = 1 - MISMODEL.response * s;
  const expected = new Float64Array(DS1_PION_VOXELS);
  const radial = new Float64Array(32);

  for (let ev = 0; ev < events; ev++) {
    const E = DS1_ENERGIES_MEV[rng.int(DS1_ENERGIES_MEV.length)];
    energies[ev] = E;
    const eGeV = E / 1000;
    const t0 = -Math.log(1 - rng.uniform()) * depthScale;
    const fEm = Math.max(0, 1 - Math.pow(Math.max(eGeV, 1), -0.18));
    const response = Math.min(1, Math.max(0.2, 0.65 + 0.08 * rng.normal())) * responseScale;
    const eEm = E * fEm;
    const eHad = E * (1 - fEm) * response;
    const aHad = Math.max(1.05, 1.3 + 0.25 * Math.log(Math.max(eGeV, 0.05)));
    const asym = 0.4 * rng.uniform();
    const phi = 2 * Math.PI * rng.uniform();

    let offset = 0;
    for (const layer of DS1_PION_LAYERS) {
      const [d0, d1] = layer.depth;
      // Longitudinal shares of this layer: the MIP track before t0, the showers after it.
      const mip = t0 > d0 ? MIP_MEV_PER_LAMBDA * (Math.min(t0, d1) - d0) : 0;
      const emShare = eEm * profileShare(2, 0.12, d0 - t0, d1 - t0);
      const hadShare = eHad * profileShare(aHad, 0.9, d0 - t0, d1 - t0);
      const mid = (d0 + d1) / 2;
      const hadCore = 25 * (1 + 0.1 * mid) * coreScale;
      const halo = 120 * (1 + 0.15 * mid);
      const nR = layer.rEdges.length - 1;
      for (let r = 0; r < nR; r++) {
        const r0 = layer.rEdges[r];
        const r1 = layer.rEdges[r + 1];
        const haloShare = ringShare(halo, r0, r1);
        const em = 0.8 * ringShare(15, r0, r1) + 0.2 * haloShare;
        const had = 0.45 * ringShare(hadCore, r0, r1) + 0.55 * haloShare;
        radial[r] = emShare * em + hadShare * had + (r === 0 ? mip : 0);
      }
      for (let a = 0; a < layer.nAlpha; a++) {
        const angular = layer.nAlpha === 1 ? 1 : (1 + asym * Math.cos((2 * Math.PI * (a + 0.5)) / layer.nAlpha - phi)) / layer.nAlpha;
        for (let r = 0; r < nR; r++) expected[offset + a * nR + r] = angular * radial[r];
      }
      offset += nR * layer.nAlpha;
    }
    const row = ev * DS1_PION_VOXELS;
    for (let i = 0; i < DS1_PION_VOXELS; i++) voxels[row + i] = fluctuate(rng, expected[i], FLUCTUATION_QUANTUM_MEV);
  }
  return { events, energies, voxels };
}

/**
 * The CaloChallenge classifier inputs: log10(E_inc / MeV), then voxel / E_inc with voxels below
 * the threshold (1 MeV) set to 0. A Matrix [events, 1 + 533].
 *
 * @example
 *   const x = caloFeatures(generateCalo({ events: 10, seed: 1 })); // x.cols === 534
 */
export function caloFeatures(sample: CaloSample, thresholdMeV = VOXEL_THRESHOLD_MEV): Matrix {
  const cols = 1 + DS1_PION_VOXELS;
  const data = new Float32Array(sample.events * cols);
  for (let ev = 0; ev < sample.events; ev++) {
    const E = sample.energies[ev];
    const out = ev * cols;
    data[out] = Math.log10(E);
    const row = ev * DS1_PION_VOXELS;
    for (let i = 0; i < DS1_PION_VOXELS; i++) {
      const v = sample.voxels[row + i];
      data[out + 1 + i] = v < thresholdMeV ? 0 : v / E;
    }
  }
  return { rows: sample.events, cols, data };
}

/** Feature names matching `caloFeatures`: log10_Einc, then L<id>_a<α>_r<r>. */
export function caloFeatureNames(): string[] {
  const names = ['log10_Einc'];
  for (const layer of DS1_PION_LAYERS) {
    const nR = layer.rEdges.length - 1;
    for (let a = 0; a < layer.nAlpha; a++) for (let r = 0; r < nR; r++) names.push(`L${layer.id}_a${a}_r${r}`);
  }
  return names;
}

/** Share of a Gamma(shape, scale) depth profile between depths u0 < u1 (negative depths: 0). */
function profileShare(shape: number, scale: number, u0: number, u1: number): number {
  if (u1 <= 0) return 0;
  return gammaP(shape, u1 / scale) - gammaP(shape, Math.max(0, u0) / scale);
}

/** Share of a 2D exponential radial profile (density ∝ e^(−r/R)) between radii r0 < r1. */
function ringShare(R: number, r0: number, r1: number): number {
  // F(r) = 1 − (1 + r/R)·e^(−r/R), the share inside radius r; written out (no closure) because
  // this runs ~10⁷ times per 100k showers.
  return (1 + r0 / R) * Math.exp(-r0 / R) - (1 + r1 / R) * Math.exp(-r1 / R);
}

/**
 * A Gamma-distributed voxel energy with mean μ and variance μ·q (shape μ/q, scale q): the
 * sampling fluctuation of a deposit made of quanta of size q. Large shapes use the normal limit.
 */
function fluctuate(rng: Rng, mean: number, q: number): number {
  if (mean <= 0) return 0;
  const k = mean / q;
  if (k > 100) return Math.max(0, mean + Math.sqrt(mean * q) * rng.normal());
  return q * gammaSample(rng, k);
}

/** Gamma(k, 1) by Marsaglia and Tsang's method, with the k < 1 boost U^(1/k). */
function gammaSample(rng: Rng, k: number): number {
  if (k < 1) {
    const u = rng.uniform();
    // Tiny shapes: U^(1/k) underflows to 0, which is also the right answer below any threshold.
    return gammaSample(rng, k + 1) * Math.pow(u, 1 / k);
  }
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Regularised lower incomplete gamma P(a, x): series below a + 1, continued fraction above. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-12) break;
    }
    return Math.min(1, sum * Math.exp(lnPrefix));
  }
  // Lentz's method for the continued fraction of Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-12) break;
  }
  return Math.max(0, 1 - Math.exp(lnPrefix) * h);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xm = x - 1;
  let a = c[0];
  const t = xm + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (xm + i);
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(a);
}
