/**
 * Regenerates docs/monitor.png, the README's picture of the monitor page: starts the service with
 * `npm start` on a free port and fresh local state, uploads a series of real LHC Olympics batches
 * (good background, then the documented mis-modelling growing from s = 0.5 to 2) to the demo
 * monitor, and photographs the page's top — status, AUC history, ROC curve, feature ranking and
 * the first row of reference-vs-upload histograms — in Debian's Chromium.
 *
 * Usage: npm run screenshot            (needs /usr/bin/chromium and ../shared/data)
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from './chromium.js';
import { demoSeries, uploadBatches } from './demo-uploads.js';
import { startLocalService } from './local-service.js';
import { repoRoot } from '../data/paths.js';

const OUT = join(repoRoot, 'docs', 'monitor.png');
/** Wide enough for two figures side by side, narrow enough to read in a README. */
const VIEWPORT = { width: 1100, height: 900 };

async function main(): Promise<void> {
  if (!chromiumAvailable()) throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  const series = await demoSeries();
  if (!series) throw new Error('the LHC Olympics data is missing (see scripts/data/paths.ts for where it is looked for)');
  const service = await startLocalService();
  try {
    await uploadBatches(service.url, 'lhco-dream', series);
    const chromium = await launchChromium(VIEWPORT);
    try {
      const page = await chromium.context.newPage();
      await page.goto(`${service.url}/monitors/lhco-dream`, { waitUntil: 'load' });
      // From the top of the page to the bottom of the first row of histograms.
      const bottom = await page.evaluate(() => {
        const first = document.querySelector('#distributions figure');
        return first ? first.getBoundingClientRect().bottom + window.scrollY + 12 : document.body.scrollHeight;
      });
      mkdirSync(join(repoRoot, 'docs'), { recursive: true });
      await page.screenshot({ path: OUT, clip: { x: 0, y: 0, width: VIEWPORT.width, height: Math.ceil(bottom) }, fullPage: true });
    } finally {
      await chromium.close();
    }
  } finally {
    await service.stop();
  }
  console.log(`wrote ${OUT} (${(statSync(OUT).size / 1024).toFixed(0)} KB) from ${series.length} uploads`);
}

await main();
