import { describe, expect, it } from 'vitest';
import { chartThresholds, isDegraded, monitorRules, monitorStatus, uploadDegraded } from '../../src/monitor/status.js';

const NOW = new Date('2026-12-03T12:00:00Z');
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();

describe('monitor status without rules: the AUC band 0.5 ± 0.03', () => {
  it('ok, degraded either way, stale', () => {
    expect(monitorStatus({ created_at: at(1), auc_ci: [0.485, 0.511] }, NOW).status).toBe('ok');
    expect(monitorStatus({ created_at: at(1), auc_ci: [0.55, 0.58] }, NOW)).toEqual({
      status: 'degraded',
      reason: 'AUC 95% CI [0.550, 0.580] lies above 0.530',
    });
    expect(monitorStatus({ created_at: at(1), auc_ci: [0.19, 0.22] }, NOW).status).toBe('degraded');
    // An interval that reaches into the band is not (yet) evidence of degradation.
    expect(isDegraded([0.52, 0.56])).toBeNull();
    expect(monitorStatus(null, NOW)).toEqual({ status: 'stale', reason: 'no uploads yet' });
    expect(monitorStatus({ created_at: at(24 * 8), auc_ci: [0.49, 0.51] }, NOW)).toEqual({
      status: 'stale',
      reason: 'no upload for 8 days (stale after 7 days)',
    });
  });
});

describe('monitor status with degradation rules', () => {
  const rules = monitorRules({ config: { enabled: true, rules: [{}], stale_after_s: 3600 } });
  const evaluation = (outcome: string) => ({
    outcome,
    reason: `rule says ${outcome}`,
    metric: 'separation' as const,
    checks: [{ rule: 'auc-high', severity: 'critical', threshold: 0.56 }],
  });

  it('follows the recorded evaluation of the latest upload', () => {
    expect(monitorStatus({ created_at: at(0.5), auc_ci: [0.55, 0.58], evaluation: evaluation('not_significant') }, NOW, rules)).toEqual({
      status: 'ok',
      reason: 'rule says not_significant',
    });
    expect(monitorStatus({ created_at: at(0.5), auc_ci: [0.57, 0.6], evaluation: evaluation('alert') }, NOW, rules).status).toBe('degraded');
    expect(uploadDegraded({ created_at: at(0.5), auc_ci: [0.57, 0.6], evaluation: evaluation('suppressed') }, rules)).toBe(true);
  });

  it("uses the rules' staleness limit and draws their thresholds on both sides of 0.5", () => {
    expect(monitorStatus({ created_at: at(2), auc_ci: [0.49, 0.51], evaluation: evaluation('ok') }, NOW, rules).status).toBe('stale');
    expect(chartThresholds(rules, evaluation('ok')).map((t) => Number(t.value.toFixed(3)))).toEqual([0.56, 0.44]);
    expect(chartThresholds(null, null).map((t) => t.value)).toEqual([0.47, 0.53]);
  });

  it('falls back to the AUC band for uploads not evaluated, and for disabled rules', () => {
    expect(monitorStatus({ created_at: at(0.5), auc_ci: [0.55, 0.58] }, NOW, rules).status).toBe('degraded');
    const disabled = monitorRules({ config: { enabled: false, rules: [{}], stale_after_s: null } });
    expect(monitorStatus({ created_at: at(0.5), auc_ci: [0.49, 0.51], evaluation: evaluation('alert') }, NOW, disabled).status).toBe('ok');
  });
});
