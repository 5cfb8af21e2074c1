/** The upload history: newest first, paged with ?limit= and ?before=<upload id>, each entry the Upload shape. */
import { describe, expect, it } from 'vitest';
import { Upload } from '../api/schemas.js';
import { call, createMonitor, errorOf } from '../../test/worker/helpers.js';

async function upload(monitor: string): Promise<string> {
  const events = Array.from({ length: 20 }, () => Array.from({ length: 4 }, () => Math.random()));
  const res = await call(`/v1/monitors/${monitor}/uploads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function page(monitor: string, query: string): Promise<{ id: string }[]> {
  const res = await call(`/v1/monitors/${monitor}/uploads${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { uploads: { id: string }[] }).uploads;
}

describe('GET /v1/monitors/:id/uploads', () => {
  it('pages through the history newest first, one at a time, ending empty', async () => {
    const monitor = await createMonitor('history-pages');
    const ids = [await upload(monitor), await upload(monitor), await upload(monitor)];
    const all = await page(monitor, '');
    expect(all.map((u) => u.id).sort()).toEqual([...ids].sort());
    expect(Object.keys(all[0]).sort()).toEqual(Object.keys(Upload.shape).sort());
    const walked: string[] = [];
    for (let before: string | undefined; ; ) {
      const next = await page(monitor, `?limit=1${before ? `&before=${before}` : ''}`);
      if (next.length === 0) break;
      expect(next).toHaveLength(1);
      walked.push(next[0].id);
      before = next[0].id;
    }
    expect(walked).toEqual(all.map((u) => u.id));
  });

  it("refuses a cursor that is not one of this monitor's uploads, rather than answer an empty page", async () => {
    const monitor = await createMonitor('history-cursor');
    const other = await createMonitor('history-cursor-other');
    await upload(monitor);
    const foreign = await upload(other);
    for (const before of ['up_doesnotexist1', foreign]) {
      const res = await call(`/v1/monitors/${monitor}/uploads?before=${before}`);
      expect([before, res.status, (await errorOf(res)).code]).toEqual([before, 400, 'invalid_cursor']);
    }
  });

  it('refuses a bad limit or cursor', async () => {
    const monitor = await createMonitor('history-bad-query');
    for (const [query, code] of [
      ['?limit=0', 'invalid_limit'],
      ['?limit=501', 'invalid_limit'],
      ['?before=nope', 'invalid_id'],
      // Only decimal digits: Number() would read each of these as a valid limit.
      ['?limit=1e2', 'invalid_limit'],
      ['?limit=0x10', 'invalid_limit'],
      ['?limit=%205', 'invalid_limit'],
      ['?limit=5.0', 'invalid_limit'],
      ['?limit=%2B5', 'invalid_limit'],
      // Given twice, a parameter is ambiguous.
      ['?limit=2&limit=abc', 'invalid_query'],
      ['?before=up_a&before=up_b', 'invalid_query'],
    ]) {
      const res = await call(`/v1/monitors/${monitor}/uploads${query}`);
      expect([query, res.status, (await errorOf(res)).code]).toEqual([query, 400, code]);
    }
  });
});
