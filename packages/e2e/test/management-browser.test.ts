import AxeBuilder from '@axe-core/playwright';
import { buildManagement } from '@ambassador/management/test/management-app';
import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { test } from './pipeline.ts';

/**
 * The management module in real Chromium: an account manager logs in from the e-mail,
 * finds the − client in the register, and records what they did. axe-core checks every page.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser tests of the management module');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`)).toEqual([]);
}

describe.skipIf(skip)('the management module in Chromium', () => {
  // A whole working session with an axe-core scan of every page: on two busy cores more than
  // the default 20 s.
  test('login from the e-mail → register → response → follow-up, accessible on every page', async ({ pipeline, smtp, database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: [] });
    try {
      await management.app.listen({ host: '127.0.0.1', port: 0 });
      const origin = `http://127.0.0.1:${(management.app.server.address() as AddressInfo).port}`;
      const { id: negativeId } = await pipeline.submit({ satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false, motivation: 'Planning twee keer gemist.' });
      const { id: positiveId } = await pipeline.submit({
        satisfaction: 'meer_dan_tevreden',
        wouldRecommend: true,
        wantsMoreServices: true,
        respondent: { name: 'Petra Positief', email: 'petra@utrecht.example' },
      });
      await pipeline.settled(negativeId!);
      await pipeline.settled(positiveId!);

      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();
      await page.goto(`${origin}/register`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-login');

      await page.getByLabel('E-mailadres').fill('anton@firm.example');
      await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kijk in je e-mail');
      await expectNoAxeViolations(page);

      const mail = await vi.waitFor(() => {
        const found = smtp.receivedBy('anton@firm.example').find((candidate) => candidate.parsed.subject === 'Je inloglink voor Ambassador');
        expect(found).toBeDefined();
        return found!;
      });
      const loginPath = /http:\/\/management\.test(\/login\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')![1]!;
      await page.goto(`${origin}${loginPath}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ambassadeursregister');
      const cookies = await context.cookies();
      expect(cookies.find((cookie) => cookie.name === 'ambassador_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-register-positive');
      await expect.poll(() => page.getByRole('row', { name: /Petra Positief/ }).textContent()).toContain('Hot lead');

      await page.getByRole('link', { name: /Negatief \(1\)/ }).click();
      await expect.poll(() => page.getByRole('row', { name: /Jan Jansen/ }).count()).toBe(1);
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-register-negative');

      await page.getByRole('link', { name: 'Jan Jansen' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Jan Jansen, Gemeente Utrecht');
      await expectNoAxeViolations(page);

      await page.getByLabel('Status').selectOption('done');
      await page.getByLabel('Uitkomst').selectOption('recovered');
      await page.getByLabel('Notitie').fill('Gebeld, excuses gemaakt, nieuwe planning afgesproken.');
      await page.getByRole('button', { name: 'Vastleggen' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Vastgelegd.');
      expect(await page.locator('ol.timeline').textContent()).toContain('Gebeld, excuses gemaakt');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-response-after-follow-up');

      await page.getByRole('link', { name: 'Statistieken' }).click();
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-stats');

      await page.getByRole('button', { name: 'Uitloggen' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
      await page.goto(`${origin}/register`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await context.close();
    } finally {
      await management.close();
    }
  }, 120_000);
});
