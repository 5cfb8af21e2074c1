/**
 * A monitor on a density model: uploads are scored with the Funnel's log-likelihood and compared
 * with the reference log-likelihoods of held-out real background (AUC < 0.5 = the upload is less
 * likely than the reference). A density model exports no input gradients, so the features are
 * ranked by their one-dimensional JSD against the reference histograms.
 */
import { describe, expect, it } from 'vitest';
import { createMonitor, lhcoBatch, postNpy } from '../../test/worker/helpers.js';

interface Feature {
  name: string;
  importance: number | null;
  jsd_1d: number | null;
}
interface UploadBody {
  result: { n: number; n_reference: number; auc: number; auc_ci: [number, number]; p_value: number; jsd: number; features: Feature[] };
}

const dataAvailable = lhcoBatch('background') !== null;

async function upload(monitor: string, batch: 'background' | 'mismodelled' | 'signal'): Promise<UploadBody> {
  const res = await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch(batch)!);
  expect(res.status).toBe(201);
  return (await res.json()) as UploadBody;
}

function expectRankedByJsd(features: Feature[]): void {
  expect(features.map((f) => f.name).sort()).toEqual(['delta_mj', 'mj1', 'tau21_j1', 'tau21_j2']);
  for (const f of features) {
    expect(f.importance).toBeNull();
    expect(f.jsd_1d).toBeGreaterThanOrEqual(0);
  }
  for (let i = 1; i < features.length; i++) expect(features[i - 1].jsd_1d!).toBeGreaterThanOrEqual(features[i].jsd_1d!);
}

describe.runIf(dataAvailable)('monitors on the lhco-funnel density model', () => {
  it('held-back background is as likely as the reference: the AUC interval contains 0.5', async () => {
    const monitor = await createMonitor('funnel-background', 'lhco-funnel');
    const { result } = await upload(monitor, 'background');
    expect(result.n).toBe(5000);
    expect(result.n_reference).toBe(10000);
    expect(result.auc_ci[0]).toBeLessThan(0.5);
    expect(result.auc_ci[1]).toBeGreaterThan(0.5);
    expectRankedByJsd(result.features);
  });

  it('signal events get much lower log-likelihoods (AUC far below 0.5), features ranked by 1-D JSD', async () => {
    const monitor = await createMonitor('funnel-signal', 'lhco-funnel');
    const { result } = await upload(monitor, 'signal');
    expect(result.auc).toBeLessThan(0.3);
    expect(result.p_value).toBeLessThan(1e-6);
    expect(result.jsd).toBeGreaterThan(0.05);
    expectRankedByJsd(result.features);
    // Signal jets are two-pronged with a large mass splitting: those features lead.
    expect(['delta_mj', 'tau21_j1', 'tau21_j2']).toContain(result.features[0].name);
  });

  it('mis-modelled background is less likely than the reference', async () => {
    const monitor = await createMonitor('funnel-mismodelled', 'lhco-funnel');
    const { result } = await upload(monitor, 'mismodelled');
    expect(result.auc_ci[1]).toBeLessThan(0.5);
    expectRankedByJsd(result.features);
  });
});
