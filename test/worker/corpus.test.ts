/**
 * Replays the bad-input corpus (test/corpus/) against every route that takes a body: the open demo
 * monitor's uploads, a closed monitor's uploads with its token, public scoring and monitor
 * creation. Each refusal must carry the manifest's status and stable code and leave D1 and R2
 * exactly as they were; each accepted unusual layout (big-endian, Fortran order, float64, .npy
 * 2.0/3.0) must give the same scores and the same stored content as the plain file.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CorpusCase, Expectation, Generate, RouteName } from '../corpus/types.js';
import { ADMIN, call, createClosedMonitor, storedState } from './helpers.js';

const { manifest, files } = inject('corpus');
const { cases } = JSON.parse(manifest) as { cases: CorpusCase[] };
const ROUTES: RouteName[] = ['upload', 'upload_token', 'score', 'create'];
const MAX_BODY_BYTES = Number(env.MAX_BODY_BYTES);

let closed: { id: string; token: string };
let clientCounter = 0;
/** Scores and stored hashes of the valid-layout cases, which must all agree. */
const scoresSeen: number[][] = [];
const hashesSeen: Record<string, Set<string>> = { upload: new Set(), upload_token: new Set() };

beforeAll(async () => {
  closed = await createClosedMonitor('corpus-closed');
});

function fileBytes(name: string): Uint8Array {
  const b64 = files[name];
  if (b64 === undefined) throw new Error(`corpus file ${name} is missing`);
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

interface Sent {
  body: BodyInit | null;
  headers: Record<string, string>;
  /** Bytes handed to the server by a generated stream, once the answer is in. */
  streamed?: () => number;
}

function generated(g: Generate): Sent {
  switch (g.kind) {
    case 'csv_rows':
      return { body: `${g.line}\n`.repeat(g.rows), headers: {} };
    case 'nested':
      return { body: g.open.repeat(g.depth) + g.inner + g.close.repeat(g.depth), headers: {} };
    case 'declared_length':
      return { body: new Uint8Array(g.bytes), headers: { 'content-length': String(g.declared) } };
    case 'endless_stream': {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            sent += g.chunk;
            controller.enqueue(new Uint8Array(g.chunk).fill(0x20));
          },
        },
        { highWaterMark: 0 },
      );
      return { body: stream, headers: {}, streamed: () => sent };
    }
  }
}

function caseBody(c: CorpusCase): Sent {
  if (!c.body) return { body: null, headers: {} };
  if ('file' in c.body) return { body: fileBytes(c.body.file), headers: {} };
  if ('text' in c.body) return { body: c.body.text, headers: {} };
  return generated(c.body.generate);
}

function request(route: RouteName, c: CorpusCase): { path: string; sent: Sent } {
  const query = c.query ?? '';
  const typed = (s: Sent): Sent => ({ ...s, headers: { ...(c.content_type ? { 'content-type': c.content_type } : {}), ...c.headers, ...s.headers } });
  switch (route) {
    case 'upload':
      return { path: `/v1/monitors/${c.path_id ?? 'lhco-dream'}/uploads${query}`, sent: typed(caseBody(c)) };
    case 'upload_token': {
      const sent = typed(caseBody(c));
      sent.headers.authorization = `Bearer ${closed.token}`;
      return { path: `/v1/monitors/${c.path_id ?? closed.id}/uploads${query}`, sent };
    }
    case 'score': {
      // A client address of its own per request, so the rate limiter never answers for the corpus.
      const sent = typed(caseBody(c));
      sent.headers['cf-connecting-ip'] = `10.7.${(++clientCounter >> 8) & 255}.${clientCounter & 255}`;
      return { path: `/v1/score/${c.path_id ?? 'lhco-dream'}${query}`, sent };
    }
    case 'create': {
      if (c.path_id !== undefined) {
        const id = decodeURIComponent(c.path_id);
        return { path: '/v1/monitors', sent: { body: JSON.stringify({ id, model: id }), headers: { ...ADMIN, 'content-type': 'application/json' } } };
      }
      const sent = typed(caseBody(c));
      Object.assign(sent.headers, ADMIN);
      return { path: '/v1/monitors', sent };
    }
  }
}

function statuses(x: Expectation): number[] {
  return Array.isArray(x.status) ? x.status : [x.status];
}

describe('bad-input corpus', () => {
  it('has at least 50 cases that some body-taking route must refuse', () => {
    const refused = cases.filter((c) => ROUTES.some((r) => statuses(c.expect[r]).every((s) => s >= 400) && r !== 'create'));
    expect(refused.length).toBeGreaterThanOrEqual(50);
  });

  for (const c of cases) {
    describe(`${c.id}: ${c.about}`, () => {
      for (const route of ROUTES) {
        const x = c.expect[route];
        it(`${route} → ${statuses(x).join('/')}${x.code ? ` ${x.code}` : ''}`, async () => {
          if (c.prelude && (route === 'upload' || route === 'upload_token')) {
            const path = route === 'upload' ? '/v1/monitors/lhco-dream/uploads' : `/v1/monitors/${closed.id}/uploads`;
            const auth: Record<string, string> = route === 'upload_token' ? { authorization: `Bearer ${closed.token}` } : {};
            const first = await call(path, { method: 'POST', body: c.prelude.body.text, headers: { 'content-type': c.prelude.content_type, ...c.prelude.headers, ...auth } });
            expect(first.status, await first.clone().text()).toBeLessThan(300);
          }
          const before = await storedState(env);
          const { path, sent } = request(route, c);
          const res = await call(path, { method: 'POST', body: sent.body, headers: sent.headers });
          const text = await res.text();
          expect(statuses(x), `HTTP ${res.status}: ${text.slice(0, 300)}`).toContain(res.status);
          if (res.status >= 400) {
            const body = JSON.parse(text) as { error: { code: string; message: string } };
            expect(body.error.code).toBe(x.code);
            expect(body.error.message.length).toBeGreaterThan(0);
            expect(text).not.toContain(closed.token);
            expect(await storedState(env)).toBe(before);
          }
          if (sent.streamed) {
            // Refused once the limit is passed, not after buffering an endless body.
            const limit = route === 'create' ? 64 * 1024 : MAX_BODY_BYTES;
            expect(sent.streamed()).toBeLessThanOrEqual(limit + 4 * (1 << 20));
          }
          if (c.id.startsWith('valid-') && res.status < 300) {
            if (route === 'score') scoresSeen.push((JSON.parse(text) as { scores: number[] }).scores);
            if (route === 'upload' || route === 'upload_token') hashesSeen[route].add((JSON.parse(text) as { sha256: string }).sha256);
          }
        });
      }
    });
  }

  it('every valid layout gave the same scores and was stored as the same content', () => {
    expect(scoresSeen.length).toBe(cases.filter((c) => c.id.startsWith('valid-')).length);
    for (const scores of scoresSeen) expect(scores).toEqual(scoresSeen[0]);
    expect(scoresSeen[0]).toHaveLength(3);
    expect(hashesSeen.upload.size).toBe(1);
    expect(hashesSeen.upload_token.size).toBe(1);
    expect([...hashesSeen.upload]).toEqual([...hashesSeen.upload_token]);
  });
});
