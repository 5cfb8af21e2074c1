/**
 * Debian's Chromium, headless, driven by playwright-core (which downloads no browser of its own),
 * with the flags a closed network needs: no background connections, no component updates, no
 * sync, no QUIC — otherwise Chromium keeps trying to reach Google's hosts. Each launch gets a
 * fresh profile directory, removed on close.
 *
 * @example
 *   const browser = await launchChromium();
 *   const page = await browser.context.newPage();
 *   await browser.close();
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A laptop-sized headless window (1366×768) unless told otherwise. */
export async function launchChromium(viewport = { width: 1366, height: 768 }): Promise<LaunchedChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'dreamwatch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    acceptDownloads: true,
    timeout: 60_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
