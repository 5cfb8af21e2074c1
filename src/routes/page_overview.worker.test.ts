import { describe, expect, it } from 'vitest';
import { call, createMonitor, lhcoBatch, postNpy } from '../../test/worker/helpers.js';

describe('GET / — the monitors overview', () => {
  it('lists every monitor with its status, latest AUC and a sparkline', async () => {
    const empty = await createMonitor('overview-empty');
    const html = await (await call('/')).text();
    expect(html).toContain('<h1>Monitors</h1>');
    expect(html).toMatch(new RegExp(`<tr data-monitor="${empty}" data-status="stale">`));
    expect(html).toContain(`id="spark-${empty}"`);
    expect(html).toContain('data-monitor="lhco-dream"');
  });

  it.runIf(lhcoBatch('background') !== null)('a monitor whose latest upload is good reads ok', async () => {
    const monitor = await createMonitor('overview-ok');
    await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('background')!);
    const html = await (await call('/')).text();
    expect(html).toMatch(new RegExp(`<tr data-monitor="${monitor}" data-status="ok">`));
    expect(new RegExp(`<svg id="spark-${monitor}"[^>]*data-points="1"`).test(html)).toBe(true);
  });
});
