/**
 * The public score endpoint's protections: per-client rate limit (429 + Retry-After before the body
 * is read), CORS only for the configured origins, no Authorization from other sites. These run the
 * app with settings of their own (a limit of 3, an allow-list) over the test's D1.
 */
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { Env } from '../env.js';
import { call } from '../../test/worker/helpers.js';

const app = createApp();
const BODY = JSON.stringify([[0.5, 0.25, 0.625, 0.5]]);

function fetchWith(settings: Partial<Env>, path: string, init: RequestInit): Promise<Response> {
  return Promise.resolve(app.fetch(new Request(`http://dreamwatch.test${path}`, init), { ...env, ...settings }, createExecutionContext()));
}

function score(settings: Partial<Env>, client: string, init: RequestInit = {}): Promise<Response> {
  return fetchWith(settings, '/v1/score/lhco-dream', {
    method: 'POST',
    body: BODY,
    ...init,
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': client, ...(init.headers as Record<string, string>) },
  });
}

describe('POST /v1/score/:model — rate limit', () => {
  const limited = { SCORE_RATE_LIMIT: '3', SCORE_RATE_WINDOW_S: '3600' };

  it('answers 429 with Retry-After after the limit, per client, before reading the body', async () => {
    const client = `198.51.100.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 3; i++) {
      const res = await score(limited, client);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (ctl) => ((pulled += 1024), ctl.enqueue(new Uint8Array(1024))) }, { highWaterMark: 0 });
    const refused = await score(limited, client, { body: endless });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const body = (await refused.json()) as { error: { code: string; details: { retry_after: number } } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.details.retry_after).toBe(retryAfter);
    expect(pulled).toBeLessThanOrEqual(1024);
    // Another client has its own budget.
    expect((await score(limited, `${client}-other`)).status).toBe(200);
  });

  it('bad requests count too (they cost a read), and the window forgets', async () => {
    const client = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 3; i++) expect((await score(limited, client, { body: 'not json' })).status).toBe(400);
    expect((await score(limited, client)).status).toBe(429);
    const { countRequest } = await import('../http/rate-limit.js');
    const later = await countRequest(env.DB, client, 3600, Date.now() + 3600_000);
    expect(later.count).toBe(1);
  });
});

describe('POST /v1/score/:model — CORS', () => {
  const allowed = { CORS_ORIGINS: 'https://lab.example.org, http://localhost:5173' };

  it('a preflight from a listed origin is allowed for Content-Type, never for Authorization', async () => {
    const res = await fetchWith(allowed, '/v1/score/lhco-dream', {
      method: 'OPTIONS',
      headers: { origin: 'https://lab.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://lab.example.org');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('content-type,x-shape');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a listed origin can read the scores; others, and every origin by default, cannot', async () => {
    const ok = await score(allowed, '192.0.2.1', { headers: { origin: 'http://localhost:5173' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(ok.headers.get('access-control-expose-headers')).toContain('Retry-After');
    const other = await score(allowed, '192.0.2.2', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const byDefault = await call('/v1/score/lhco-dream', { method: 'POST', body: BODY, headers: { 'content-type': 'application/json', origin: 'https://lab.example.org', 'cf-connecting-ip': '192.0.2.3' } });
    expect(byDefault.status).toBe(200);
    expect(byDefault.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('"*" in the setting does not open the endpoint to every origin', async () => {
    const res = await score({ CORS_ORIGINS: '*' }, '192.0.2.4', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('management routes have no CORS at all', async () => {
    const res = await fetchWith(allowed, '/v1/monitors', {
      method: 'OPTIONS',
      headers: { origin: 'https://lab.example.org', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
