/**
 * Degradation rules: when does an upload's AUC page someone?
 *
 * A monitor has one rule set: a baseline (the model card's validation AUC, or a pinned upload), a
 * metric, a list of rules with a severity and an absolute and/or relative threshold, a
 * significance requirement, a cooldown and an optional staleness limit. Evaluating an upload is a
 * pure function of the rule set, the upload's summary, the baseline and the monitor's alert state,
 * and its result says which rule fired — or why none did — so it can be kept in the history.
 *
 * - Metric `separation` (the default) is 0.5 + |AUC − 0.5|: a classifier trained in one direction
 *   sees a batch that scores *below* the reference just as clearly as one above it. `auc` uses the
 *   AUC itself (only batches that look more like the classifier's "candidate" side count).
 * - A rule's threshold is its `absolute` value, or baseline + `relative`, or — with both — the
 *   larger of the two (both must be exceeded).
 * - Significance, so that a small noisy batch does not page: `ci` needs the lower end of the
 *   two-sided (1 − alpha) DeLong interval above the threshold; `test` needs a one-sided DeLong z-test
 *   of "metric > threshold" at level alpha, counting the baseline's own standard error when the
 *   relative threshold is the binding one (treated as independent: conservative, since the batch
 *   and a pinned baseline upload share the reference sample); `none` only needs the point estimate.
 * - Of the rules that fire, the most severe wins. A monitor alerts at most once per `cooldown_s`
 *   unless the severity rises above the last alert's.
 *
 * @example
 *   const rules = normaliseRuleSet({ rules: [{ name: 'auc-high', severity: 'critical', absolute: 0.53 }] });
 *   const result = evaluateRules(rules, upload.result, baseline, state, Date.now());
 *   result.outcome; // 'alert' | 'ok' | 'not_significant' | 'suppressed' | …
 */
import * as z from 'zod/mini';
import { normalQuantile, normalSf } from '../stats/normal.js';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RULE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const UPLOAD_ID = /^up_[a-z0-9]{1,40}$/;

const Rule = z
  .strictObject({
    name: z.string().check(z.regex(RULE_NAME, 'rule names are 1–63 characters of a-z, 0-9, "_" and "-"')),
    severity: z.enum(SEVERITIES),
    absolute: z.optional(z.number().check(z.gte(0), z.lte(1))),
    relative: z.optional(z.number().check(z.gt(-1), z.lt(1))),
  })
  .check(z.refine((r) => r.absolute !== undefined || r.relative !== undefined, 'a rule needs an absolute or a relative threshold (or both)'));

/** The body of PUT /v1/monitors/:id/rules. */
export const RuleSetInput = z
  .strictObject({
    metric: z.optional(z.enum(['separation', 'auc'])),
    baseline: z.optional(
      z.discriminatedUnion('source', [
        z.strictObject({ source: z.literal('model_card') }),
        z.strictObject({ source: z.literal('upload'), upload_id: z.string().check(z.regex(UPLOAD_ID, 'upload_id: an upload id (up_…)')) }),
      ]),
    ),
    rules: z.array(Rule).check(z.maxLength(20)),
    significance: z.optional(
      z.strictObject({
        method: z.enum(['ci', 'test', 'none']),
        alpha: z.optional(z.number().check(z.gt(0), z.lt(0.5))),
      }),
    ),
    min_events: z.optional(z.int().check(z.gte(0), z.lte(1e9))),
    cooldown_s: z.optional(z.int().check(z.gte(0), z.lte(30 * 86400))),
    stale_after_s: z.optional(z.nullable(z.int().check(z.gte(60), z.lte(365 * 86400)))),
    enabled: z.optional(z.boolean()),
  })
  .check(
    z.refine((s) => new Set(s.rules.map((r) => r.name)).size === s.rules.length, 'rule names must be unique within a monitor'),
  );
export type RuleSetInput = z.infer<typeof RuleSetInput>;
export type Rule = z.infer<typeof Rule>;

/** A rule set with every default filled in: what is stored and what GET returns. */
export interface RuleSet {
  metric: 'separation' | 'auc';
  baseline: { source: 'model_card' } | { source: 'upload'; upload_id: string };
  rules: Rule[];
  significance: { method: 'ci' | 'test' | 'none'; alpha: number };
  min_events: number;
  cooldown_s: number;
  stale_after_s: number | null;
  enabled: boolean;
}

/**
 * Fills in the defaults: separation metric, model-card baseline, 95 % CI significance, one hour of
 * cooldown, no staleness check.
 *
 * @example
 *   normaliseRuleSet({ rules: [] }).cooldown_s; // 3600
 */
export function normaliseRuleSet(input: RuleSetInput): RuleSet {
  return {
    metric: input.metric ?? 'separation',
    baseline: input.baseline ?? { source: 'model_card' },
    rules: input.rules,
    significance: { method: input.significance?.method ?? 'ci', alpha: input.significance?.alpha ?? 0.05 },
    min_events: input.min_events ?? 0,
    cooldown_s: input.cooldown_s ?? 3600,
    stale_after_s: input.stale_after_s ?? null,
    enabled: input.enabled ?? true,
  };
}

/** The reference level a relative threshold is measured from. */
export interface Baseline {
  source: 'model_card' | 'upload';
  auc: number;
  /** Standard error of the baseline AUC, when known. */
  se: number | null;
  upload_id?: string;
}

/** What the monitor remembers between evaluations (for cooldown and de-duplication). */
export interface AlertState {
  last_alert_at: string | null;
  last_alert_severity: Severity | null;
  last_alert_event: string | null;
}

/** The parts of an upload's summary that rules read. */
export interface ScoredSummary {
  n: number;
  auc: number | null;
  auc_ci: [number, number] | null;
  auc_se: number | null;
}

export interface RuleCheck {
  rule: string;
  severity: Severity;
  /** null when the rule cannot be evaluated (a relative rule without a baseline). */
  threshold: number | null;
  exceeded: boolean;
  significant: boolean;
  /** `ci`: lower end of the interval; `test`: one-sided p-value. */
  lower?: number;
  p_value?: number;
  reason: string;
}

export type Outcome = 'alert' | 'suppressed' | 'not_significant' | 'ok' | 'no_rules' | 'disabled' | 'too_few_events' | 'no_auc';

export interface Evaluation {
  evaluated_at: string;
  outcome: Outcome;
  /** One sentence for people: which rule fired, or why none did. */
  reason: string;
  metric: RuleSet['metric'];
  value: number | null;
  ci: [number, number] | null;
  baseline: Baseline | null;
  checks: RuleCheck[];
  fired: { rule: string; severity: Severity; threshold: number } | null;
  /** The webhook event id (webhook-id) when an alert was raised. */
  event_id: string | null;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Evaluates one upload against a rule set. Pure: the caller stores the result and, for outcome
 * 'alert', raises the event and updates the alert state.
 *
 * @example
 *   evaluateRules(normaliseRuleSet({ rules: [{ name: 'high', severity: 'warning', absolute: 0.55 }] }),
 *     { n: 5000, auc: 0.59, auc_ci: [0.58, 0.60], auc_se: 0.005 }, null, NO_ALERT_STATE, Date.now()).outcome;
 *   // 'alert'
 */
export function evaluateRules(
  rules: RuleSet,
  summary: ScoredSummary,
  baseline: Baseline | null,
  state: AlertState,
  now: number,
): Evaluation {
  const metric = rules.metric;
  const value = summary.auc === null ? null : toMetric(metric, summary.auc);
  const ci = summary.auc_ci ? metricInterval(metric, summary.auc_ci) : null;
  const base: Omit<Evaluation, 'outcome' | 'reason'> = {
    evaluated_at: new Date(now).toISOString(),
    metric,
    value: value === null ? null : round(value),
    ci,
    baseline,
    checks: [],
    fired: null,
    event_id: null,
  };
  if (!rules.enabled) return { ...base, outcome: 'disabled', reason: 'the rule set is disabled' };
  if (rules.rules.length === 0) return { ...base, outcome: 'no_rules', reason: 'the monitor has no degradation rules' };
  if (value === null || summary.auc === null) return { ...base, outcome: 'no_auc', reason: 'the upload has no AUC to evaluate' };
  if (summary.n < rules.min_events) {
    return { ...base, outcome: 'too_few_events', reason: `${summary.n} events is below the rule set's minimum of ${rules.min_events}` };
  }

  const checks = rules.rules.map((rule) => checkRule(rules, rule, summary, value, baseline));
  base.checks = checks;
  const firing = checks
    .filter((c) => c.significant && c.threshold !== null)
    .sort((a, b) => RANK[b.severity] - RANK[a.severity] || value - b.threshold! - (value - a.threshold!));
  if (firing.length === 0) {
    const exceeded = checks.filter((c) => c.exceeded);
    if (exceeded.length > 0) {
      return { ...base, outcome: 'not_significant', reason: exceeded.map((c) => `${c.rule}: ${c.reason}`).join('; ') };
    }
    const lowest = Math.min(...checks.map((c) => c.threshold ?? Infinity));
    return {
      ...base,
      outcome: 'ok',
      reason: Number.isFinite(lowest)
        ? `${metric} ${fmt(value)} is not above any threshold (lowest ${fmt(lowest)})`
        : checks.map((c) => `${c.rule}: ${c.reason}`).join('; '),
    };
  }

  const top = firing[0];
  const fired = { rule: top.rule, severity: top.severity, threshold: top.threshold! };
  const lastAt = state.last_alert_at ? Date.parse(state.last_alert_at) : NaN;
  const inCooldown = Number.isFinite(lastAt) && now - lastAt < rules.cooldown_s * 1000;
  const escalates = state.last_alert_severity === null || RANK[top.severity] > RANK[state.last_alert_severity];
  if (inCooldown && !escalates) {
    const until = new Date(lastAt + rules.cooldown_s * 1000).toISOString();
    return {
      ...base,
      fired,
      outcome: 'suppressed',
      reason: `rule ${top.rule} (${top.severity}) fired, but the monitor already alerted at ${state.last_alert_severity} at ${state.last_alert_at} (event ${state.last_alert_event}); cooldown until ${until}`,
    };
  }
  return { ...base, fired, outcome: 'alert', reason: `rule ${top.rule} (${top.severity}) fired: ${top.reason}` };
}

function checkRule(rules: RuleSet, rule: Rule, summary: ScoredSummary, value: number, baseline: Baseline | null): RuleCheck {
  const metric = rules.metric;
  const head = { rule: rule.name, severity: rule.severity };
  let threshold = rule.absolute ?? -Infinity;
  let relativeBinds = false;
  if (rule.relative !== undefined) {
    if (!baseline) {
      return { ...head, threshold: null, exceeded: false, significant: false, reason: 'relative threshold but no baseline AUC is available' };
    }
    const relativeThreshold = toMetric(metric, baseline.auc) + rule.relative;
    if (relativeThreshold > threshold) {
      threshold = relativeThreshold;
      relativeBinds = true;
    }
  }
  threshold = round(threshold);
  const exceeded = value > threshold;
  const { method, alpha } = rules.significance;
  const se = summary.auc_se;
  const described = relativeBinds ? `baseline ${fmt(toMetric(metric, baseline!.auc))} + ${rule.relative}` : 'absolute';
  if (!exceeded) {
    return { ...head, threshold, exceeded, significant: false, reason: `${metric} ${fmt(value)} ≤ threshold ${fmt(threshold)} (${described})` };
  }
  if (method === 'none') {
    return { ...head, threshold, exceeded, significant: true, reason: `${metric} ${fmt(value)} > threshold ${fmt(threshold)} (${described})` };
  }
  if (method === 'ci') {
    const interval = se !== null ? aucInterval(summary.auc!, se, alpha) : summary.auc_ci;
    if (!interval) return { ...head, threshold, exceeded, significant: false, reason: 'exceeds the threshold but has no confidence interval' };
    const lower = round(metricInterval(metric, interval)[0]);
    const level = `${round((1 - alpha) * 100)}% CI lower end`;
    return lower > threshold
      ? { ...head, threshold, exceeded, significant: true, lower, reason: `${metric} ${fmt(value)}, ${level} ${fmt(lower)} > threshold ${fmt(threshold)} (${described})` }
      : { ...head, threshold, exceeded, significant: false, lower, reason: `${metric} ${fmt(value)} > threshold ${fmt(threshold)}, but the ${level} ${fmt(lower)} is not above it` };
  }
  if (se === null) return { ...head, threshold, exceeded, significant: false, reason: 'exceeds the threshold but has no standard error for a test' };
  const baselineSe = relativeBinds ? (baseline?.se ?? 0) : 0;
  const sd = Math.sqrt(se * se + baselineSe * baselineSe);
  const p = sd > 0 ? normalSf((value - threshold) / sd) : 0;
  const pValue = Number(p.toPrecision(4));
  return p < alpha
    ? { ...head, threshold, exceeded, significant: true, p_value: pValue, reason: `${metric} ${fmt(value)} > threshold ${fmt(threshold)} (${described}), one-sided DeLong p = ${pValue} < ${alpha}` }
    : { ...head, threshold, exceeded, significant: false, p_value: pValue, reason: `${metric} ${fmt(value)} > threshold ${fmt(threshold)}, but one-sided DeLong p = ${pValue} ≥ ${alpha}` };
}

/**
 * The AUC expressed as the rule set's metric.
 *
 * @example
 *   toMetric('separation', 0.42); // 0.58
 */
export function toMetric(metric: RuleSet['metric'], auc: number): number {
  return metric === 'auc' ? auc : 0.5 + Math.abs(auc - 0.5);
}

/**
 * An AUC interval as an interval of the metric. Folding an interval that straddles 0.5 gives
 * [0.5, the farther end].
 *
 * @example
 *   metricInterval('separation', [0.40, 0.45]); // [0.55, 0.6]
 */
export function metricInterval(metric: RuleSet['metric'], [lo, hi]: [number, number]): [number, number] {
  if (metric === 'auc') return [lo, hi];
  if (lo >= 0.5) return [lo, hi];
  if (hi <= 0.5) return [round(1 - hi), round(1 - lo)];
  return [0.5, round(Math.max(hi, 1 - lo))];
}

function aucInterval(auc: number, se: number, alpha: number): [number, number] {
  const z = normalQuantile(1 - alpha / 2);
  return [Math.max(0, auc - z * se), Math.min(1, auc + z * se)];
}

/**
 * The standard error of a baseline AUC: the recorded one, else recovered from a 95 % interval.
 *
 * @example
 *   baselineSe({ auc: 0.547, auc_ci: [0.533, 0.562] }); // ≈ 0.0074
 */
export function baselineSe(metrics: { auc_se?: unknown; auc_ci?: [number, number] | null }): number | null {
  if (typeof metrics.auc_se === 'number' && Number.isFinite(metrics.auc_se)) return metrics.auc_se;
  if (metrics.auc_ci) return (metrics.auc_ci[1] - metrics.auc_ci[0]) / (2 * normalQuantile(0.975));
  return null;
}

/** No alert raised yet. */
export const NO_ALERT_STATE: AlertState = { last_alert_at: null, last_alert_severity: null, last_alert_event: null };

function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(7)) : x;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x);
}
