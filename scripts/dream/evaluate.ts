/**
 * The DREAM figures of merit, as in the CaloChallenge classifier test: an isotonic calibration
 * fitted on the TEST split, then on the VALIDATION split the AUC with its 95 % DeLong interval,
 * the Mann–Whitney p-value, 2·AUC − 1 and the calibrated classifier JSD = (ln 2 − BCE) / ln 2.
 * The candidate is the positive class, so AUC > 0.5 means "the candidate is distinguishable".
 *
 * @example
 *   const m = dreamMetrics({ candidate: testCand, reference: testRef }, { candidate: valCand, reference: valRef });
 *   m.auc; m.auc_ci; m.jsd;
 */
import { compareScores } from '../../src/stats/auc.js';
import { fitIsotonic, predictIsotonicMany, type IsotonicFit } from '../../src/stats/isotonic.js';
import { balancedBinaryCrossEntropy, jsdFromBce } from '../../src/stats/jsd.js';

/** Scores of one split, by class. */
export interface ClassScores {
  candidate: ArrayLike<number>;
  reference: ArrayLike<number>;
}

export interface DreamMetrics {
  auc: number;
  auc_ci: [number, number];
  auc_se: number;
  p_value: number;
  two_auc_minus_1: number;
  /** Same number as two_auc_minus_1, under the name used in ROC literature. */
  gini: number;
  /** Calibrated classifier JSD on the validation split. */
  jsd: number;
  /** Class-balanced BCE (nats) of the calibrated validation probabilities. */
  bce_calibrated: number;
  split: 'validation';
  ci_level: number;
}

/**
 * Isotonic map score → P(candidate), fitted on one split with class-balanced weights (each class
 * totals ½), so the chance level is 0.5 whatever the class sizes.
 *
 * @example const fit = fitCalibration({ candidate: [0.6, 0.7], reference: [0.4, 0.6] });
 */
export function fitCalibration(scores: ClassScores): IsotonicFit {
  const nc = scores.candidate.length;
  const nr = scores.reference.length;
  const x = new Float64Array(nc + nr);
  const y = new Float64Array(nc + nr);
  const w = new Float64Array(nc + nr);
  for (let i = 0; i < nc; i++) [x[i], y[i], w[i]] = [scores.candidate[i], 1, 0.5 / nc];
  for (let i = 0; i < nr; i++) [x[nc + i], y[nc + i], w[nc + i]] = [scores.reference[i], 0, 0.5 / nr];
  return fitIsotonic(x, y, w);
}

/** Computes the DREAM metrics: calibration on `test`, everything reported on `validation`. */
export function dreamMetrics(test: ClassScores, validation: ClassScores): DreamMetrics {
  const cmp = compareScores(validation.candidate, validation.reference);
  if (cmp.auc === null || cmp.auc_ci === null || cmp.auc_se === null || cmp.p_value === null) {
    throw new Error(`AUC undefined on the validation split: ${cmp.note ?? 'unknown reason'}`);
  }
  const calibration = fitCalibration(test);
  const bce = balancedBinaryCrossEntropy(
    predictIsotonicMany(calibration, validation.candidate),
    predictIsotonicMany(calibration, validation.reference),
  );
  return {
    auc: cmp.auc,
    auc_ci: cmp.auc_ci,
    auc_se: cmp.auc_se,
    p_value: cmp.p_value,
    two_auc_minus_1: 2 * cmp.auc - 1,
    gini: 2 * cmp.auc - 1,
    jsd: jsdFromBce(bce),
    bce_calibrated: bce,
    split: 'validation',
    ci_level: cmp.ci_level,
  };
}
