import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { testConfig } from './config.ts';
import { findOnPath, skipWithout } from './requirements.ts';

/**
 * Real Chromium for browser tests, driven by playwright-core: CHROMIUM_PATH when set, else the
 * first of `chromium` (Debian), `chromium-browser` (Ubuntu), `google-chrome-stable` and
 * `google-chrome` on PATH. Where there is none the browser tests are skipped, loudly, except
 * in CI, where a missing browser fails the run (.ci/run installs Debian's).
 */

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const screenshotDirectory = path.join(repositoryRoot, 'test-artifacts', 'screenshots');

const chromiumPath =
  testConfig.chromiumPath ?? findOnPath(['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'], ['/usr/bin']);

/** For `describe.skipIf`: true (with a warning line) where there is no Chromium and CI is not set. */
export function skipWithoutChromium(tests: string): boolean {
  const found = chromiumPath !== undefined && existsSync(chromiumPath);
  return skipWithout('Chromium', found, { tests, hint: "install Debian's chromium, or set CHROMIUM_PATH" });
}

export async function launchChromium(): Promise<Browser> {
  if (chromiumPath === undefined || !existsSync(chromiumPath)) {
    throw new Error(`no Chromium ${chromiumPath === undefined ? 'on PATH' : `at ${chromiumPath}`}: install Debian's chromium or set CHROMIUM_PATH`);
  }
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
