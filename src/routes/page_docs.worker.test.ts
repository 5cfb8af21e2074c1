import { describe, expect, it } from 'vitest';
import { operations } from '../api/operations.js';
import { call } from '../../test/worker/helpers.js';

describe('GET /docs — the API reference for people', () => {
  it('has a section for every operation and every named schema', async () => {
    const html = await (await call('/docs')).text();
    for (const op of operations) expect(html).toContain(`id="${op.operationId}"`);
    const doc = (await (await call('/openapi.json')).json()) as { components: { schemas: Record<string, unknown> } };
    for (const name of Object.keys(doc.components.schemas)) expect(html).toContain(`id="schema-${name}"`);
    expect(html).toContain('href="/openapi.json"');
  });
});
