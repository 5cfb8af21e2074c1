import { describe, expect, it } from 'vitest';
import { ADMIN, call, createMonitor, lhcoBatch, postNpy } from '../../test/worker/helpers.js';

/** The value of `data-<name>` on the chart of kind `kind` (first match). */
function chartData(html: string, kind: string, name: string): string | undefined {
  const tag = new RegExp(`<svg[^>]*data-chart="${kind}"[^>]*>`).exec(html)?.[0];
  return tag ? new RegExp(`data-${name}="([^"]*)"`).exec(tag)?.[1] : undefined;
}

const count = (html: string, needle: string) => html.split(needle).length - 1;

describe.runIf(lhcoBatch('background') !== null)('GET /monitors/:id — with real LHCO uploads', () => {
  it('draws the AUC history, the ROC curve, the ranking and one histogram with ratio per feature', async () => {
    const monitor = await createMonitor('page-monitor');
    await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('background')!);
    const latest = (await (await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('mismodelled')!)).json()) as {
      result: { roc: { fpr: number[] }; features: { name: string; counts: number[] }[] };
    };
    const res = await call(`/monitors/${monitor}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
    expect(chartData(html, 'auc-trend', 'points')).toBe('2');
    expect(chartData(html, 'roc', 'points')).toBe(String(latest.result.roc.fpr.length));
    expect(chartData(html, 'feature-ranking', 'bars')).toBe('4');
    expect(count(html, 'data-chart="histogram-ratio"')).toBe(4);
    expect(chartData(html, 'histogram-ratio', 'bins')).toBe(String(latest.result.features[0].counts.length));
    // The mis-modelled batch (s = 2) is far outside 0.5 ± 0.03: degraded, and the first point is not.
    expect(html).toContain('data-status="degraded"');
    expect(count(html, 'class="point degraded"')).toBe(1);
    expect(html).toContain('data-alerts="none"');
  });
});

describe.runIf(lhcoBatch('background') !== null)('GET /monitors/:id — with degradation rules and a webhook', () => {
  it('follows the rules for the status and thresholds, and lists the alert with its delivery (by host only)', async () => {
    const monitor = await createMonitor('page-alerts');
    const json = { ...ADMIN, 'content-type': 'application/json' };
    const rules = await call(`/v1/monitors/${monitor}/rules`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ rules: [{ name: 'auc-high', severity: 'critical', absolute: 0.56 }] }),
    });
    expect(rules.status).toBe(200);
    const hook = await call(`/v1/monitors/${monitor}/webhooks`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hooks/secret-token-in-path?key=abc' }),
    });
    expect(hook.status).toBe(201);
    await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('mismodelled')!);
    const html = await (await call(`/monitors/${monitor}`)).text();
    expect(html).toContain('data-status="degraded"');
    expect(html).toContain('rule auc-high (critical) fired');
    expect(html).toContain('auc-high (critical) 0.560, 0.440');
    expect(html).toMatch(/<div class="panel" id="alerts-panel" data-alerts="1">/);
    expect(html).toContain('<td>monitor.degraded</td><td>127.0.0.1:9</td>');
    expect(html).not.toContain('secret-token-in-path');
  });
});

describe('GET /monitors/:id', () => {
  it('a monitor without uploads says so and is stale', async () => {
    const monitor = await createMonitor('page-empty');
    const html = await (await call(`/monitors/${monitor}`)).text();
    expect(html).toContain('data-status="stale"');
    expect(html).toContain('No uploads yet');
    expect(chartData(html, 'auc-trend', 'points')).toBe('0');
  });

  it('unknown and malformed ids get an HTML 404', async () => {
    for (const id of ['nope', 'Bad%20Id']) {
      const res = await call(`/monitors/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('Not found');
    }
  });
});
