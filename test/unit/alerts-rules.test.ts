/** Degradation rule evaluation (pure): thresholds, significance, baselines, cooldown. */
import { describe, expect, it } from 'vitest';
import { baselineSe, evaluateRules, metricInterval, NO_ALERT_STATE, normaliseRuleSet, toMetric, type RuleSetInput } from '../../src/monitor/rules.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const rules = (input: Partial<RuleSetInput> & Pick<RuleSetInput, 'rules'>) => normaliseRuleSet(input);
const summary = (auc: number, se: number, n = 5000) => ({ n, auc, auc_se: se, auc_ci: [auc - 1.959964 * se, auc + 1.959964 * se] as [number, number] });
const CARD = { source: 'model_card' as const, auc: 0.547, se: 0.0074 };

describe('evaluateRules', () => {
  const critical = rules({ rules: [{ name: 'high', severity: 'critical', absolute: 0.55 }] });

  it('ok below every threshold, alert when the interval is above it, not significant in between', () => {
    expect(evaluateRules(critical, summary(0.51, 0.007), CARD, NO_ALERT_STATE, NOW).outcome).toBe('ok');
    const alert = evaluateRules(critical, summary(0.59, 0.007), CARD, NO_ALERT_STATE, NOW);
    expect(alert.outcome).toBe('alert');
    expect(alert.fired).toEqual({ rule: 'high', severity: 'critical', threshold: 0.55 });
    const noisy = evaluateRules(critical, summary(0.56, 0.018, 300), CARD, NO_ALERT_STATE, NOW);
    expect(noisy.outcome).toBe('not_significant');
    expect(noisy.checks[0]).toEqual(expect.objectContaining({ exceeded: true, significant: false }));
    expect(noisy.reason).toMatch(/95% CI lower end 0\.52/);
  });

  it('the separation metric sees batches below the reference; the auc metric does not', () => {
    const below = summary(0.41, 0.007);
    expect(evaluateRules(critical, below, CARD, NO_ALERT_STATE, NOW).outcome).toBe('alert');
    expect(evaluateRules({ ...critical, metric: 'auc' }, below, CARD, NO_ALERT_STATE, NOW).outcome).toBe('ok');
    expect(toMetric('separation', 0.41)).toBeCloseTo(0.59, 12);
    expect(metricInterval('separation', [0.4, 0.45])).toEqual([0.55, 0.6]);
    expect(metricInterval('separation', [0.48, 0.53])).toEqual([0.5, 0.53]);
  });

  it('a relative threshold is measured from the baseline; with both, the larger binds', () => {
    const relative = rules({ rules: [{ name: 'drift', severity: 'warning', relative: 0.02 }] });
    const result = evaluateRules(relative, summary(0.6, 0.005), CARD, NO_ALERT_STATE, NOW);
    expect(result.checks[0].threshold).toBeCloseTo(0.567, 9);
    expect(result.outcome).toBe('alert');
    const both = rules({ rules: [{ name: 'both', severity: 'warning', absolute: 0.58, relative: 0.02 }] });
    expect(evaluateRules(both, summary(0.575, 0.001), CARD, NO_ALERT_STATE, NOW).checks[0].threshold).toBe(0.58);
    const none = evaluateRules(relative, summary(0.6, 0.005), null, NO_ALERT_STATE, NOW);
    expect(none.outcome).toBe('ok');
    expect(none.checks[0].reason).toMatch(/no baseline/);
  });

  it('the DeLong test counts the baseline uncertainty when the relative threshold binds', () => {
    const test = rules({ rules: [{ name: 'drift', severity: 'warning', relative: 0.02 }], significance: { method: 'test', alpha: 0.05 } });
    // 0.585 vs 0.567: z = 0.018 / 0.005 = 3.6 without, 0.018 / sqrt(0.005² + 0.0074²) ≈ 2.01 with the baseline's error.
    const withSe = evaluateRules(test, summary(0.585, 0.005), CARD, NO_ALERT_STATE, NOW).checks[0];
    const exact = evaluateRules(test, summary(0.585, 0.005), { ...CARD, se: 0 }, NO_ALERT_STATE, NOW).checks[0];
    expect(exact.p_value!).toBeLessThan(0.001);
    expect(withSe.p_value!).toBeGreaterThan(0.01);
    expect(withSe.p_value!).toBeLessThan(0.05);
  });

  it('the most severe firing rule wins', () => {
    const two = rules({ rules: [{ name: 'warn', severity: 'warning', absolute: 0.52 }, { name: 'crit', severity: 'critical', absolute: 0.56 }] });
    expect(evaluateRules(two, summary(0.6, 0.005), CARD, NO_ALERT_STATE, NOW).fired?.rule).toBe('crit');
    expect(evaluateRules(two, summary(0.545, 0.005), CARD, NO_ALERT_STATE, NOW).fired?.rule).toBe('warn');
  });

  it('cooldown suppresses repeats at the same severity and lets an escalation through', () => {
    const two = rules({ rules: [{ name: 'warn', severity: 'warning', absolute: 0.52 }, { name: 'crit', severity: 'critical', absolute: 0.56 }], cooldown_s: 600 });
    const state = { last_alert_at: new Date(NOW - 60_000).toISOString(), last_alert_severity: 'warning' as const, last_alert_event: 'msg_1' };
    expect(evaluateRules(two, summary(0.545, 0.005), CARD, state, NOW).outcome).toBe('suppressed');
    expect(evaluateRules(two, summary(0.6, 0.005), CARD, state, NOW).outcome).toBe('alert');
    expect(evaluateRules(two, summary(0.545, 0.005), CARD, state, NOW + 600_000).outcome).toBe('alert');
  });

  it('records why nothing was evaluated', () => {
    expect(evaluateRules(rules({ rules: [] }), summary(0.6, 0.005), CARD, NO_ALERT_STATE, NOW).outcome).toBe('no_rules');
    expect(evaluateRules({ ...critical, enabled: false }, summary(0.6, 0.005), CARD, NO_ALERT_STATE, NOW).outcome).toBe('disabled');
    expect(evaluateRules({ ...critical, min_events: 1000 }, summary(0.6, 0.02, 200), CARD, NO_ALERT_STATE, NOW).outcome).toBe('too_few_events');
    expect(evaluateRules(critical, { n: 1, auc: null, auc_ci: null, auc_se: null }, CARD, NO_ALERT_STATE, NOW).outcome).toBe('no_auc');
  });

  it('baselineSe recovers the standard error from a 95% interval', () => {
    expect(baselineSe({ auc_se: 0.0074 })).toBe(0.0074);
    expect(baselineSe({ auc_ci: [0.5326148, 0.5616824] })).toBeCloseTo(0.007415, 5);
    expect(baselineSe({})).toBeNull();
  });
});
