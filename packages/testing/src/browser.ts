import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { testConfig } from './config.ts';

/**
 * Real Chromium for browser tests: Debian's `chromium` (or CHROMIUM_PATH), driven by
 * playwright-core. On a machine without it the browser tests are skipped, except in CI,
 * where a missing browser fails the run (.ci/run installs it).
 */

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const screenshotDirectory = path.join(repositoryRoot, 'test-artifacts', 'screenshots');

export const chromiumPath = testConfig.chromiumPath;
export const chromiumMissing = !existsSync(chromiumPath);

export async function launchChromium(): Promise<Browser> {
  if (chromiumMissing) throw new Error(`no Chromium at ${chromiumPath}: install Debian's chromium or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Saves a full-page screenshot under test-artifacts/screenshots/ (not committed). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDirectory, { recursive: true });
  const file = path.join(screenshotDirectory, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** True when the browser tests must run here (CI), so a missing browser is a failure. */
export const browserRequired = testConfig.ci;
