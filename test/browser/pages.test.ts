/**
 * The pages in a real browser: Debian's Chromium (headless, closed-network flags) against the
 * service started with `npm start` on a free loopback port and fed real LHC Olympics batches.
 * Each page is loaded, its plots are checked against the API's numbers (point counts, axis
 * ranges), screenshots go to test-results/browser/, and the public scoring page must give exactly
 * the scores of POST /v1/score/:model for the same file.
 *
 * Without /usr/bin/chromium these tests are skipped, except in CI (CI=true), where .ci/run
 * installs it and its absence is a failure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../../src/formats/npy.js';
import { chromiumAvailable, launchChromium, type LaunchedChromium } from '../../scripts/browser/chromium.js';
import { startLocalService, type LocalService } from '../../scripts/browser/local-service.js';
import { accessibilityProblems, weighPage } from '../../scripts/browser/page-checks.js';
import { repoRoot } from '../../scripts/data/paths.js';
import { lhcoTestBatches } from '../../scripts/data/test-batches.js';

const SHOTS = join(repoRoot, 'test-results', 'browser');
const runHere = chromiumAvailable() || process.env.CI === 'true';

interface Upload {
  id: string;
  result: {
    auc: number;
    auc_ci: [number, number];
    roc: { fpr: number[]; tpr: number[] };
    features: { name: string; importance: number; counts: number[] }[];
  };
}

describe.runIf(runHere)('pages in Chromium against npm start', () => {
  let service: LocalService;
  let chromium: LaunchedChromium;
  let page: Page;
  let batches: Record<string, string> | null;
  let work: string;
  const weights: Record<string, { raw: number; gzip: number }> = {};

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'dreamwatch-browser-'));
    [service, batches] = await Promise.all([startLocalService(), lhcoTestBatches()]);
    if (batches) {
      for (const name of ['background', 'mismodelled', 'signal']) {
        const res = await fetch(`${service.url}/v1/monitors/lhco-dream/uploads`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-npy' },
          body: Buffer.from(batches[name], 'base64'),
        });
        if (res.status !== 201) throw new Error(`upload ${name}: HTTP ${res.status} ${await res.text()}`);
      }
    }
    const created = await fetch(`${service.url}/v1/monitors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'calo-fastsim', model: 'lhco-dream', name: 'Fast calorimeter simulation (no uploads yet)' }),
    });
    if (created.status !== 201) throw new Error(`creating a monitor: HTTP ${created.status} ${await created.text()}`);
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
  });

  afterAll(async () => {
    await chromium?.close();
    await service?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
    if (Object.keys(weights).length > 0) {
      writeFileSync(join(SHOTS, 'page-weights.json'), `${JSON.stringify(weights, null, 2)}\n`);
      console.log(
        'page weight (raw / gzip, KB):\n' +
          Object.entries(weights)
            .map(([name, w]) => `  ${name.padEnd(26)} ${(w.raw / 1024).toFixed(1).padStart(9)} / ${(w.gzip / 1024).toFixed(1)}`)
            .join('\n'),
      );
    }
  });

  /** Loads a page, checks accessibility and horizontal fit on a laptop screen, records its weight. */
  async function load(path: string, name: string): Promise<void> {
    const weigh = weighPage(page);
    const res = await page.goto(`${service.url}${path}`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    expect(await accessibilityProblems(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const { raw, gzip } = await weigh();
    weights[name] = { raw, gzip };
  }

  const attr = (selector: string, name: string) => page.getAttribute(selector, name);
  const domain = async (selector: string, name: string) => (await attr(selector, name))!.split(',').map(Number);

  it('overview: each monitor with its status and a sparkline; keyboard focus is visible', async () => {
    await load('/', 'overview /');
    expect(await page.locator('#monitors tbody tr').count()).toBe(2);
    expect(await attr('tr[data-monitor="calo-fastsim"]', 'data-status')).toBe('stale');
    if (batches) {
      // The newest upload is signal: far from the reference.
      expect(await attr('tr[data-monitor="lhco-dream"]', 'data-status')).toBe('degraded');
      expect(await attr('#spark-lhco-dream', 'data-points')).toBe('3');
    }
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ text: document.activeElement?.textContent, outline: getComputedStyle(document.activeElement!).outlineStyle }));
    expect(focused).toEqual({ text: 'Skip to content', outline: 'solid' });
    await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });
  });

  it('monitor page: AUC history, ROC, ranking and histograms match the API', async (ctx) => {
    if (!batches) return ctx.skip();
    const history = (await (await fetch(`${service.url}/v1/monitors/lhco-dream/uploads`)).json()) as { uploads: Upload[] };
    const oldestFirst = history.uploads.slice().reverse();
    const latest = history.uploads[0];
    await load('/monitors/lhco-dream', 'monitor /monitors/:id');

    const aucs = await page.$$eval('#auc-trend circle.point', (circles) => circles.map((c) => Number(c.getAttribute('data-auc'))));
    expect(aucs).toEqual(oldestFirst.map((u) => u.result.auc));
    expect(await domain('#auc-trend', 'data-x-domain')).toEqual([0.5, oldestFirst.length + 0.5]);
    const [yLo, yHi] = await domain('#auc-trend', 'data-y-domain');
    expect(yLo).toBeLessThanOrEqual(Math.min(...oldestFirst.map((u) => u.result.auc_ci[0])));
    expect(yHi).toBeGreaterThanOrEqual(Math.max(...oldestFirst.map((u) => u.result.auc_ci[1])));
    expect(await page.locator('#auc-trend .error-bars line').count()).toBe(oldestFirst.length);

    const rocPoints = latest.result.roc.fpr.length;
    expect(await attr('#roc', 'data-points')).toBe(String(rocPoints));
    const rocPath = (await attr('#roc path.curve', 'd'))!;
    expect(rocPath.split(/[ML]/).filter(Boolean)).toHaveLength(rocPoints);

    const bars = await page.$$eval('#ranking rect[data-value]', (rects) => rects.map((r) => Number(r.getAttribute('data-value'))));
    expect(bars).toEqual(latest.result.features.map((f) => f.importance));

    for (const feature of latest.result.features) {
      const chart = `#hist-${feature.name}`;
      expect(await attr(chart, 'data-bins')).toBe(String(feature.counts.length));
      expect(await page.locator(`${chart} .upload circle.point`).count()).toBe(feature.counts.length);
      expect(await page.locator(`${chart} .ratio .ratio-point`).count()).toBe(feature.counts.length);
    }
    expect(await attr('#alerts-panel', 'data-alerts')).toBe('none');
    await page.screenshot({ path: join(SHOTS, 'monitor.png'), fullPage: true });

    // Printed: no navigation, the figures kept.
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('header.site nav')).toBe(false);
    expect(await page.isVisible('#auc-trend')).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'monitor-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('model page: the card with its ranking and training history', async () => {
    await load('/models/lhco-dream', 'model /models/:model');
    expect(await page.locator('#features tbody tr').count()).toBe(4);
    expect(await attr('#card-ranking', 'data-bars')).toBe('4');
    const curves = await page.$$eval('#history path.series', (paths) => paths.map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).filter(Boolean).length));
    expect(curves).toEqual([40, 40]);
    await page.screenshot({ path: join(SHOTS, 'model.png'), fullPage: true });
  });

  it('docs page: every operation of /openapi.json has a section', async () => {
    const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    await load('/docs', 'docs /docs');
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) expect(await page.locator(`section#${op.operationId}`).count()).toBe(1);
    }
    await page.screenshot({ path: join(SHOTS, 'docs.png') });
  });

  describe('public scoring page: the same numbers as POST /v1/score/:model', () => {
    /** Scores a file on the page (keyboard only after picking it) and returns the downloaded CSV's scores as text. */
    async function scoreInBrowser(file: string, columns: string): Promise<{ scores: string[]; backend: string | null; events: string | null }> {
      await page.setInputFiles('#score-file', file);
      await page.fill('#score-columns', columns);
      await page.focus('#score-columns');
      await page.keyboard.press('Tab'); // the backend choice
      await page.keyboard.press('Tab'); // the button
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('score-run');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#score-status')?.textContent?.startsWith('Scored'), null, { timeout: 90_000 });
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#score-download')]);
      const chunks: Buffer[] = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
      const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
      expect(lines[0]).toBe('event,score');
      return {
        scores: lines.slice(1).map((line) => line.split(',')[1]),
        backend: await attr('#score-result', 'data-backend'),
        events: await attr('#score-histogram', 'data-events'),
      };
    }

    async function scoreOnServer(body: Uint8Array<ArrayBuffer> | string, contentType: string, query = ''): Promise<string[]> {
      const res = await fetch(`${service.url}/v1/score/lhco-dream${query}`, { method: 'POST', headers: { 'content-type': contentType }, body });
      expect(res.status).toBe(200);
      return ((await res.json()) as { scores: number[] }).scores.map(String);
    }

    it('an .npy file', async (ctx) => {
      if (!batches) return ctx.skip();
      const bytes = Buffer.from(batches.background, 'base64');
      const file = join(work, 'background.npy');
      writeFileSync(file, bytes);
      await load('/score/lhco-dream', 'score /score/:model (before)');
      const weigh = weighPage(page);
      const browser = await scoreInBrowser(file, '');
      const scoring = await weigh();
      weights['score: runtime + model'] = { raw: scoring.raw, gzip: scoring.gzip };
      // No GPU here (--disable-gpu): the page must say it fell back to WebAssembly.
      expect(browser.backend).toBe('wasm');
      expect(await page.textContent('#score-backend-used')).toContain('WebAssembly');
      expect(browser.events).toBe('5000');
      expect(browser.scores).toEqual(await scoreOnServer(bytes, 'application/x-npy'));
      await page.screenshot({ path: join(SHOTS, 'score.png'), fullPage: true });
    });

    it('a CSV file with a header and extra columns, selected with columns', async (ctx) => {
      if (!batches) return ctx.skip();
      const m = decodeNpy(Uint8Array.from(Buffer.from(batches.background6, 'base64')));
      const rows = ['label,mj1,delta_mj,tau21_j1,tau21_j2,extra'];
      for (let r = 0; r < m.rows; r++) rows.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)).join(','));
      const csv = `${rows.join('\n')}\n`;
      const file = join(work, 'background6.csv');
      writeFileSync(file, csv);
      await page.goto(`${service.url}/score/lhco-dream`);
      const browser = await scoreInBrowser(file, '1-4');
      expect(browser.scores).toEqual(await scoreOnServer(csv, 'text/csv', '?columns=1-4'));
    });

    it('a file with the wrong number of columns is refused with a message', async (ctx) => {
      if (!batches) return ctx.skip();
      const file = join(work, 'background6.npy');
      writeFileSync(file, Buffer.from(batches.background6, 'base64'));
      await page.goto(`${service.url}/score/lhco-dream`);
      await page.setInputFiles('#score-file', file);
      await page.click('#score-run');
      await page.waitForSelector('#score-status[role="alert"]');
      expect(await page.textContent('#score-status')).toContain('the model takes 4 features and the file has 6 columns');
    });
  });

  it('page weights stay small: dashboard pages under 100 KB, any page under 200 KB, the scoring runtime only on demand', () => {
    for (const [name, weight] of Object.entries(weights)) {
      if (name.startsWith('score: runtime')) continue;
      expect(weight.raw, name).toBeLessThan((name.startsWith('overview') || name.startsWith('monitor') ? 100 : 200) * 1024);
    }
  });
});
