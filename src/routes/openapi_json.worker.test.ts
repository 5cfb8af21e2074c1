import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { openApiPath, operations } from '../api/operations.js';
import { ModelsList, MonitorsList, MonitorView, ScoreResponse, Upload, UploadAnswer, UploadsList } from '../api/schemas.js';
import { createApp } from '../app.js';
import { call, createMonitor, lhcoBatch, postNpy } from '../../test/worker/helpers.js';

/** The HTML pages; every other route is an API operation and must be documented. */
const PAGE_PATHS = ['/', '/monitors/:id', '/models', '/models/:model', '/score', '/score/:model', '/docs'];

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>>;
  components: { schemas: Record<string, unknown> };
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document with every operation', async () => {
    const res = await call('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.openapi).toBe('3.1.0');
    for (const op of operations) expect(doc.paths[openApiPath(op.path)]?.[op.method]?.operationId).toBe(op.operationId);
    expect(doc.paths['/v1/monitors/{id}/uploads'].post.responses['201'].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/UploadAnswer',
    });
  });

  it('documents the 413 of the byte limit on every operation that takes a body', async () => {
    const doc = (await (await call('/openapi.json')).json()) as OpenApiDoc & {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const withBody = operations.filter((op) => op.requestBody);
    expect(withBody.length).toBeGreaterThan(5);
    for (const op of withBody) expect([op.operationId, Object.keys(doc.paths[openApiPath(op.path)][op.method].responses)]).toEqual([op.operationId, expect.arrayContaining(['413'])]);
  });

  it('marks a request body required except where the operation works without one', async () => {
    const doc = (await (await call('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId: string; requestBody?: { required: boolean } }>>;
    };
    const required = Object.values(doc.paths)
      .flatMap((methods) => Object.values(methods))
      .filter((op) => op.requestBody)
      .map((op) => [op.operationId, op.requestBody!.required]);
    expect(required).toContainEqual(['rotateWebhookSecret', false]);
    expect(required.filter(([, r]) => r === false)).toHaveLength(1);
  });

  it('resolves every $ref to a component', async () => {
    const doc = (await (await call('/openapi.json')).json()) as OpenApiDoc;
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) expect(Object.keys(doc.components.schemas)).toContain(ref);
  });

  it('documents exactly the routes the app registers (routes and docs defined once, checked here)', () => {
    const registered = new Set(
      createApp()
        .routes.filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS')
        .map((r) => `${r.method.toLowerCase()} ${r.path}`),
    );
    const documented = new Set(operations.map((op) => `${op.method} ${op.path}`));
    const pages = new Set(PAGE_PATHS.map((p) => `get ${p}`));
    const undocumented = [...registered].filter((r) => !documented.has(r) && !pages.has(r));
    const stale = [...documented].filter((d) => !registered.has(d));
    expect({ undocumented, stale }).toEqual({ undocumented: [], stale: [] });
  });
});

describe.runIf(lhcoBatch('background') !== null)('responses match their documented schemas', () => {
  const check = (schema: z.ZodMiniType, value: unknown) => {
    const parsed = z.safeParse(schema, value);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  };

  it('models, monitors, uploads and scores', async () => {
    const monitor = await createMonitor('schema-check');
    const upload = await postNpy(`/v1/monitors/${monitor}/uploads`, lhcoBatch('background')!);
    expect(upload.status).toBe(201);
    const answer = (await upload.json()) as { id: string };
    check(UploadAnswer, answer);
    check(Upload, await (await call(`/v1/monitors/${monitor}/uploads/${answer.id}`)).json());
    check(ModelsList, await (await call('/v1/models')).json());
    check(MonitorsList, await (await call('/v1/monitors')).json());
    check(MonitorView, await (await call(`/v1/monitors/${monitor}`)).json());
    check(UploadsList, await (await call(`/v1/monitors/${monitor}/uploads`)).json());
    check(ScoreResponse, await (await postNpy('/v1/score/lhco-dream', lhcoBatch('signal')!)).json());
  });
});
