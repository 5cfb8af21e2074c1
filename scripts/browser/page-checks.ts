/**
 * Checks run inside a loaded page: accessibility basics (language, one h1, labelled controls,
 * named charts, table headers, text contrast, a visible keyboard focus) and page weight (every
 * response the page loaded, raw and gzip-compressed).
 *
 * @example
 *   const weigh = weighPage(page);
 *   await page.goto(url);
 *   expect(await accessibilityProblems(page)).toEqual([]);
 *   const { raw, gzip } = await weigh();
 */
import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';

/** WCAG AA for body text. */
export const MIN_CONTRAST = 4.5;

/** Problems found on the page, as short sentences; [] when none. */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate((minContrast) => {
    const problems: string[] = [];
    if (!document.documentElement.lang) problems.push('the page has no lang');
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(`${h1} h1 elements`);
    if (!document.querySelector('main')) problems.push('no <main>');
    for (const control of Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select, textarea'))) {
      if (control.type === 'hidden') continue;
      if ((control.labels?.length ?? 0) === 0 && !control.getAttribute('aria-label')) problems.push(`control #${control.id} has no label`);
    }
    for (const svg of Array.from(document.querySelectorAll('svg[role="img"]'))) {
      const labelledBy = (svg.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .map((id: string) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
        .join(' ')
        .trim();
      if (!svg.getAttribute('aria-label') && !labelledBy) problems.push(`chart #${svg.id} has no accessible name`);
    }
    for (const table of Array.from(document.querySelectorAll('table'))) if (!table.querySelector('th')) problems.push(`table #${table.id} has no header cells`);

    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const parse = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const background = (el: Element | null): number[] => {
      for (let node = el; node; node = node.parentElement) {
        const c = parse(getComputedStyle(node).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const texts = document.querySelectorAll('main p, main a, main th, main td, main dt, main dd, main li, main .badge, main button, header a, main figcaption');
    for (const el of Array.from(texts)) {
      if (!(el as HTMLElement).offsetParent || !el.textContent?.trim()) continue;
      const fg = parse(getComputedStyle(el).color).slice(0, 3);
      const l1 = luminance(fg);
      const l2 = luminance(background(el));
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      if (ratio < minContrast) problems.push(`contrast ${ratio.toFixed(2)} of "${el.textContent.trim().slice(0, 30)}"`);
    }
    return [...new Set(problems)];
  }, MIN_CONTRAST);
}

/**
 * Starts counting what the page loads; the returned function gives the totals so far, per URL
 * too. Bodies are measured as served (no compression on the local service) and gzip-compressed
 * here, which is about what a browser receives from Cloudflare's edge.
 */
export function weighPage(page: Page): () => Promise<{ raw: number; gzip: number; files: { url: string; raw: number; gzip: number }[] }> {
  const responses: Response[] = [];
  const listener = (response: Response) => {
    responses.push(response);
  };
  page.on('response', listener);
  return async () => {
    page.off('response', listener);
    const files: { url: string; raw: number; gzip: number }[] = [];
    for (const response of responses) {
      if (response.status() >= 300) continue;
      const body = await response.body().catch(() => Buffer.alloc(0));
      files.push({ url: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body).length });
    }
    return { raw: files.reduce((n, f) => n + f.raw, 0), gzip: files.reduce((n, f) => n + f.gzip, 0), files };
  };
}
