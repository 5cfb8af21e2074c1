import { describe, expect, it } from 'vitest';
import { call } from '../../test/worker/helpers.js';

describe('GET /models and /models/:model — model cards for people', () => {
  it('lists the served models', async () => {
    const html = await (await call('/models')).text();
    expect(html).toContain('<tr data-model="lhco-dream">');
    expect(html).toContain('href="/score/lhco-dream"');
  });

  it('shows the card: features, ranking, training history, provenance', async () => {
    const res = await call('/models/lhco-dream');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const feature of ['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2']) expect(html).toContain(`<th scope="row">${feature}</th>`);
    expect(html).toMatch(/data-chart="feature-ranking"[^>]*data-bars="4"/);
    expect(html).toMatch(/data-chart="line"[^>]*data-series="2"[^>]*data-points="80"/);
    expect(html).toContain('npm run train -- dream --name lhco-dream');
    expect(html).toContain('href="/v1/models/lhco-dream/onnx"');
  });

  it('404 page for an unknown model', async () => {
    const res = await call('/models/nope');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('There is no model with id');
  });
});
