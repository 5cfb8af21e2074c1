import { describe, expect, it } from 'vitest';
import { call } from '../../test/worker/helpers.js';

describe('GET /score/:model — the in-browser scoring page', () => {
  it('carries the model interface for its script, with labelled controls', async () => {
    const html = await (await call('/score/lhco-dream')).text();
    expect(html).toContain('<script type="module" src="/static/js/score.js"></script>');
    expect(html).toMatch(/<form class="score" id="score-form" data-model="lhco-dream" data-input="x" data-output="score" data-features="4"/);
    for (const id of ['score-file', 'score-columns', 'score-backend']) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('role="status"');
  });

  it('/score lists the models; unknown models are a 404 page', async () => {
    expect(await (await call('/score')).text()).toContain('href="/score/lhco-dream"');
    expect((await call('/score/nope')).status).toBe(404);
  });
});
