/**
 * Figures of merit of an anomaly score on a labelled evaluation set, as in resonant anomaly
 * searches (CWoLa hunting, CATHODE, CURTAINS): for a cut "score ≥ t",
 *
 *   ε_S(t) = share of signal events passing,   ε_B(t) = share of background events passing,
 *   SIC(t) = ε_S / √ε_B  (significance improvement: S/√B after the cut over S/√B before it),
 *   background rejection R(t) = 1 / ε_B.
 *
 * The SIC blows up where only a handful of background events survive, so its maximum is taken
 * only where the background count N_B passing is large enough that its Poisson relative
 * uncertainty 1/√N_B stays below a bound (20 % by default, i.e. N_B ≥ 25).
 *
 * Also the discovery significance of a counting experiment (Asimov formula, optionally with an
 * uncertainty on the expected background) for the bump hunt after a cut. Pure TypeScript, no Node
 * APIs: the edge can draw the same curves from stored scores.
 *
 * @example
 *   const curve = sicCurve(signalScores, backgroundScores);
 *   const best = maxSic(curve);                  // { sic, effS, effB, threshold, nB }
 *   rejectionAtEfficiency(curve, 0.3);           // 1/ε_B at ε_S = 30 %
 *   discoverySignificance(130, 100);             // ≈ 2.9 σ
 */
import { sortedCopy } from './tie-groups.js';

export interface SicCurve {
  /** Cut values, decreasing: vertex k keeps the events scoring ≥ threshold[k]. */
  threshold: number[];
  /** Signal efficiency ε_S, increasing from the first cut to 1. */
  effS: number[];
  /** Background efficiency ε_B, increasing to 1. */
  effB: number[];
  /** Background events passing each cut (for the statistical-uncertainty condition). */
  nB: number[];
  /** ε_S / √ε_B (0 where no background passes — undefined there, reported as 0). */
  sic: number[];
  /** Signal and background sample sizes. */
  nSignal: number;
  nBackground: number;
}

/**
 * SIC and efficiencies at every distinct cut value (tied scores pass or fail together). Null when
 * either sample is empty; NaN scores are a RangeError.
 *
 * @example
 *   sicCurve([0.9, 0.8], [0.1, 0.85]);
 *   // threshold [0.9, 0.85, 0.8, 0.1], effS [0.5, 0.5, 1, 1], effB [0, 0.5, 0.5, 1], sic [0, 0.707…, 1.414…, 1]
 */
export function sicCurve(signal: ArrayLike<number>, background: ArrayLike<number>): SicCurve | null {
  const s = sortedCopy(signal);
  const b = sortedCopy(background);
  const nS = s.length;
  const nB = b.length;
  if (nS === 0 || nB === 0) return null;
  const curve: SicCurve = { threshold: [], effS: [], effB: [], nB: [], sic: [], nSignal: nS, nBackground: nB };
  let i = nS - 1;
  let j = nB - 1;
  let passS = 0;
  let passB = 0;
  while (i >= 0 || j >= 0) {
    const value = i >= 0 && (j < 0 || s[i] >= b[j]) ? s[i] : b[j];
    while (i >= 0 && s[i] === value) {
      i--;
      passS++;
    }
    while (j >= 0 && b[j] === value) {
      j--;
      passB++;
    }
    const effS = passS / nS;
    const effB = passB / nB;
    curve.threshold.push(value);
    curve.effS.push(effS);
    curve.effB.push(effB);
    curve.nB.push(passB);
    curve.sic.push(effB > 0 ? effS / Math.sqrt(effB) : 0);
  }
  return curve;
}

export interface SicPoint {
  sic: number;
  effS: number;
  effB: number;
  /** Background events passing. */
  nB: number;
  threshold: number;
  /** 1 / ε_B. */
  rejection: number;
}

/**
 * The largest SIC among cuts whose passing background count N_B has a relative Poisson
 * uncertainty 1/√N_B ≤ `maxRelativeUncertainty` (default 0.2, i.e. N_B ≥ 25). Null when no cut
 * qualifies.
 *
 * @example
 *   maxSic(curve, 0.2); // { sic: 9.8, effS: 0.21, effB: 4.6e-4, nB: 27, threshold: 0.93, rejection: 2170 }
 */
export function maxSic(curve: SicCurve, maxRelativeUncertainty = 0.2): SicPoint | null {
  if (!(maxRelativeUncertainty > 0)) throw new RangeError(`maxSic: maxRelativeUncertainty must be positive, got ${maxRelativeUncertainty}`);
  const minB = 1 / (maxRelativeUncertainty * maxRelativeUncertainty);
  let best = -1;
  for (let k = 0; k < curve.sic.length; k++) {
    if (curve.nB[k] + 1e-9 < minB) continue;
    if (best < 0 || curve.sic[k] > curve.sic[best]) best = k;
  }
  return best < 0 ? null : pointAt(curve, best);
}

/**
 * Background rejection 1/ε_B at signal efficiency `effS`, linearly interpolating ε_B between the
 * two cuts around it. Infinity where no background passes.
 *
 * @example
 *   rejectionAtEfficiency(curve, 0.5); // e.g. 38: one background event in 38 survives a 50 % cut
 */
export function rejectionAtEfficiency(curve: SicCurve, effS: number): number {
  if (!(effS > 0 && effS <= 1)) throw new RangeError(`rejectionAtEfficiency: effS must be in (0, 1], got ${effS}`);
  const k = curve.effS.findIndex((e) => e >= effS);
  if (k < 0) return 1 / curve.effB[curve.effB.length - 1];
  let effB = curve.effB[k];
  if (k > 0 && curve.effS[k] > curve.effS[k - 1]) {
    const f = (effS - curve.effS[k - 1]) / (curve.effS[k] - curve.effS[k - 1]);
    effB = curve.effB[k - 1] + f * (curve.effB[k] - curve.effB[k - 1]);
  }
  return effB > 0 ? 1 / effB : Infinity;
}

/**
 * At most `maxPoints` vertices of the curve, evenly spaced in log ε_S from its first point to 1
 * (where SIC curves are drawn), always keeping the maximum-SIC vertex. For plots and storage.
 *
 * @example
 *   const small = thinSicCurve(curve, 200);
 */
export function thinSicCurve(curve: SicCurve, maxPoints = 200, maxRelativeUncertainty = 0.2): SicCurve {
  const n = curve.effS.length;
  if (n <= maxPoints) return curve;
  const keep = new Set<number>([0, n - 1]);
  const lo = Math.log(Math.max(curve.effS[0], 1 / curve.nSignal));
  let k = 0;
  for (let p = 0; p < maxPoints - 3; p++) {
    const target = Math.exp(lo + ((0 - lo) * p) / (maxPoints - 4));
    while (k < n - 1 && curve.effS[k] < target) k++;
    keep.add(k);
  }
  const best = maxSic(curve, maxRelativeUncertainty);
  if (best) keep.add(curve.threshold.indexOf(best.threshold));
  const idx = [...keep].sort((a, b) => a - b);
  const pick = <T>(a: T[]) => idx.map((i) => a[i]);
  return { ...curve, threshold: pick(curve.threshold), effS: pick(curve.effS), effB: pick(curve.effB), nB: pick(curve.nB), sic: pick(curve.sic) };
}

/**
 * The cut keeping (at least) a fraction `efficiency` of `scores`: the score of the
 * ⌈efficiency·n⌉-th highest event.
 *
 * @example
 *   thresholdForEfficiency([0.1, 0.2, 0.3, 0.4], 0.5); // 0.3 — keeps 0.3 and 0.4
 */
export function thresholdForEfficiency(scores: ArrayLike<number>, efficiency: number): number {
  if (!(efficiency > 0 && efficiency <= 1)) throw new RangeError(`thresholdForEfficiency: efficiency must be in (0, 1], got ${efficiency}`);
  const sorted = sortedCopy(scores);
  if (sorted.length === 0) throw new RangeError('thresholdForEfficiency: no scores');
  const keep = Math.max(1, Math.ceil(efficiency * sorted.length - 1e-9));
  return sorted[sorted.length - keep];
}

/** Number of scores ≥ threshold. @example countAtOrAbove([1, 2, 3], 2) // 2 */
export function countAtOrAbove(scores: ArrayLike<number>, threshold: number): number {
  let n = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] >= threshold) n++;
  return n;
}

/**
 * Discovery significance of observing `observed` events where `expected` background events are
 * predicted (Asimov, one-sided; 0 for a deficit). With `sigmaB` > 0, the background prediction's
 * absolute uncertainty is profiled (Cowan et al.'s formula); sigmaB = 0 gives
 * Z = √(2 (n ln(n/b) − (n − b))).
 *
 * @example
 *   discoverySignificance(130, 100);      // 2.88
 *   discoverySignificance(130, 100, 10);  // 2.09: a 10 % background uncertainty costs a third
 */
export function discoverySignificance(observed: number, expected: number, sigmaB = 0): number {
  if (!(expected > 0)) throw new RangeError(`discoverySignificance: expected background must be positive, got ${expected}`);
  if (!(sigmaB >= 0)) throw new RangeError(`discoverySignificance: sigmaB must be ≥ 0, got ${sigmaB}`);
  const n = observed;
  const b = expected;
  if (n <= b) return 0;
  if (sigmaB === 0) return Math.sqrt(2 * (n * Math.log(n / b) - (n - b)));
  const s2 = sigmaB * sigmaB;
  const s = n - b;
  const t1 = n * Math.log((n * (b + s2)) / (b * b + n * s2));
  const t2 = ((b * b) / s2) * Math.log(1 + (s2 * s) / (b * (b + s2)));
  return Math.sqrt(Math.max(0, 2 * (t1 - t2)));
}

function pointAt(curve: SicCurve, k: number): SicPoint {
  const effB = curve.effB[k];
  return { sic: curve.sic[k], effS: curve.effS[k], effB, nB: curve.nB[k], threshold: curve.threshold[k], rejection: effB > 0 ? 1 / effB : Infinity };
}
