/**
 * The status a monitor shows on the dashboard, from its latest upload:
 * - `stale`: no upload yet, or none for the monitor's staleness limit (its rules' `stale_after_s`,
 *   else `staleAfterDays`) — the simulation is not being watched;
 * - `degraded`: with degradation rules (monitor/rules.ts), a rule fired on the latest upload
 *   (outcome `alert`, or `suppressed` by the cooldown); without rules, the latest upload's 95% AUC
 *   interval lies wholly outside [0.5 − aucTolerance, 0.5 + aucTolerance], i.e. the classifier tells
 *   the batch from the reference by more than the tolerated amount, in either direction;
 * - `ok` otherwise.
 * The thresholds in force are drawn on the monitor page's AUC chart (`chartThresholds`).
 *
 * @example
 *   monitorStatus({ created_at: '2026-12-03T10:00:00Z', auc_ci: [0.55, 0.58] }, new Date('2026-12-03T12:00:00Z'));
 *   // { status: 'degraded', reason: 'AUC 95% CI [0.550, 0.580] lies above 0.530' }
 */
export type MonitorStatus = 'ok' | 'degraded' | 'stale';

export interface StatusRule {
  aucTolerance: number;
  staleAfterDays: number;
}

/**
 * The rule of monitors without degradation rules of their own. A tolerance of 0.03 in AUC is a
 * small but visible mis-modelling (the demo's documented s = 1 jet-mass/substructure shift
 * measures 0.547); a week without uploads means nobody is looking.
 */
export const DEFAULT_STATUS_RULE: StatusRule = { aucTolerance: 0.03, staleAfterDays: 7 };

/** The parts of a recorded rule evaluation (uploads.evaluation) the status reads. */
export interface RecordedEvaluation {
  outcome: string;
  reason: string;
  metric: 'separation' | 'auc';
  checks: { rule: string; severity: string; threshold: number | null }[];
}

/** A monitor's degradation rules, as far as the status needs them; null when it has none. */
export interface MonitorRules {
  enabled: boolean;
  count: number;
  staleAfterS: number | null;
}

export interface LatestUpload {
  created_at: string;
  auc_ci: [number, number] | null;
  evaluation?: RecordedEvaluation | null;
}

/** Rule outcomes that mean a rule fired significantly on the upload. */
const FIRED = new Set(['alert', 'suppressed']);

export function monitorStatus(
  latest: LatestUpload | null,
  now: Date,
  rules: MonitorRules | null = null,
  rule: StatusRule = DEFAULT_STATUS_RULE,
): { status: MonitorStatus; reason: string } {
  if (!latest) return { status: 'stale', reason: 'no uploads yet' };
  const staleAfterS = rules?.staleAfterS ?? rule.staleAfterDays * 86_400;
  const ageS = (now.getTime() - Date.parse(latest.created_at)) / 1000;
  if (ageS > staleAfterS) {
    return { status: 'stale', reason: `no upload for ${duration(ageS)} (stale after ${duration(staleAfterS)})` };
  }
  if (rulesActive(rules) && latest.evaluation) {
    return { status: FIRED.has(latest.evaluation.outcome) ? 'degraded' : 'ok', reason: latest.evaluation.reason };
  }
  const degraded = isDegraded(latest.auc_ci, rule);
  if (degraded) return { status: 'degraded', reason: degraded };
  const [lo, hi] = statusThresholds(rule);
  return { status: 'ok', reason: `the AUC 95% CI overlaps [${lo.toFixed(3)}, ${hi.toFixed(3)}]` };
}

/** Whether one upload counts as degraded (a red point on the AUC chart), by the same rules. */
export function uploadDegraded(upload: LatestUpload, rules: MonitorRules | null = null, rule: StatusRule = DEFAULT_STATUS_RULE): boolean {
  if (rulesActive(rules) && upload.evaluation) return FIRED.has(upload.evaluation.outcome);
  return isDegraded(upload.auc_ci, rule) !== null;
}

/**
 * Why an upload's AUC interval counts as degraded under the default rule, or null when it does not.
 *
 * @example
 *   isDegraded([0.48, 0.52]); // null
 *   isDegraded([0.2, 0.25]);  // 'AUC 95% CI [0.200, 0.250] lies below 0.470'
 */
export function isDegraded(ci: [number, number] | null, rule: StatusRule = DEFAULT_STATUS_RULE): string | null {
  if (!ci) return null;
  const [lo, hi] = statusThresholds(rule);
  const interval = `[${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]`;
  if (ci[0] > hi) return `AUC 95% CI ${interval} lies above ${hi.toFixed(3)}`;
  if (ci[1] < lo) return `AUC 95% CI ${interval} lies below ${lo.toFixed(3)}`;
  return null;
}

/** The AUC band within which a batch counts as a good simulation under the default rule. */
export function statusThresholds(rule: StatusRule = DEFAULT_STATUS_RULE): [number, number] {
  return [0.5 - rule.aucTolerance, 0.5 + rule.aucTolerance];
}

/**
 * The AUC levels to draw as thresholds: each rule's threshold from the latest evaluation (a
 * `separation` threshold t is crossed at AUC t and at 1 − t), else the default band.
 *
 * @example
 *   chartThresholds(null, null); // [{ value: 0.47, label: 'status threshold' }, { value: 0.53, label: 'status threshold' }]
 */
export function chartThresholds(
  rules: MonitorRules | null,
  evaluation: RecordedEvaluation | null | undefined,
  rule: StatusRule = DEFAULT_STATUS_RULE,
): { value: number; label: string }[] {
  if (rulesActive(rules) && evaluation) {
    const lines = evaluation.checks.flatMap((check) => {
      if (check.threshold === null) return [];
      const label = `${check.rule} (${check.severity})`;
      return evaluation.metric === 'separation' ? [{ value: check.threshold, label }, { value: 1 - check.threshold, label }] : [{ value: check.threshold, label }];
    });
    if (lines.length > 0) return lines;
  }
  return statusThresholds(rule).map((value) => ({ value, label: 'status threshold' }));
}

/**
 * The status view of a stored rule set (storage/rules.ts); null passes through.
 *
 * @example
 *   monitorRules(await services.rules.get('lhco-dream')); // { enabled: true, count: 2, staleAfterS: null }
 */
export function monitorRules(stored: { config: { enabled: boolean; rules: unknown[]; stale_after_s: number | null } } | null): MonitorRules | null {
  return stored ? { enabled: stored.config.enabled, count: stored.config.rules.length, staleAfterS: stored.config.stale_after_s } : null;
}

function rulesActive(rules: MonitorRules | null): rules is MonitorRules {
  return rules !== null && rules.enabled && rules.count > 0;
}

/** "3 days", "5 hours", "12 minutes". */
function duration(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${Math.floor(seconds / 86_400)} days`;
  if (seconds >= 2 * 3600) return `${Math.floor(seconds / 3600)} hours`;
  return `${Math.max(1, Math.floor(seconds / 60))} minutes`;
}
