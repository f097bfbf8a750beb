import { seedSharedClient } from '@ambassador/management/test/client-seed';
import { buildManagement } from '@ambassador/management/test/management-app';
import { testLinks } from '@ambassador/notifier/test/notifier';
import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import { test } from '@ambassador/testing/fixtures';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';

/**
 * A manager, in real Chromium, filters the register on one client organisation and follows the
 * client's link to its page: who there is + or − by name, their answers over time, what is still
 * open, the projects; then the statistics, with the share of client organisations with a + and
 * with a −. axe-core checks every page.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser test of the client page');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(skip)('the page of a client organisation, in Chromium', () => {
  test('from the register filtered on a client to its page, then the statistics, accessible on every page', { timeout: 120_000 }, async ({ database, redis, logger }) => {
    await seedSharedClient(database.db);
    const management = await buildManagement({ database, redis, logger }, { adminEmails: [] });
    try {
      const origin = await management.app.listen({ host: '127.0.0.1', port: 0 });
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();
      const heading = () => page.getByRole('heading', { level: 1 }).textContent();

      // Marieke signs in with the link her login e-mail would carry.
      await page.goto(`${origin}/login`);
      await page.getByLabel('E-mailadres').fill('marieke@firm.example');
      await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
      const link = await vi.waitFor(async () => {
        const row = await database.db.selectFrom('loginLinks').select('id').where('email', '=', 'marieke@firm.example').executeTakeFirst();
        expect(row).toBeDefined();
        return row!;
      });
      await page.goto(`${origin}${new URL(testLinks.login(link.id)).pathname}`);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await expect.poll(heading).toBe('Ambassadeursregister');

      await page.getByLabel('Klant').selectOption({ label: 'Gemeente Gedeeld' });
      await page.getByRole('button', { name: 'Toon' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('client')).toBe('client-shared');
      await page.getByRole('link', { name: /Negatief \(2\)/ }).click();
      await expect.poll(() => page.getByRole('row', { name: /Fred Foetsie/ }).count()).toBe(1);
      expect(await page.getByLabel('Klant').inputValue()).toBe('client-shared');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-register-by-client');

      await page.getByRole('row', { name: /Fred Foetsie/ }).getByRole('link', { name: 'Gemeente Gedeeld' }).click();
      await expect.poll(heading).toBe('Gemeente Gedeeld');
      expect(new URL(page.url()).pathname).toBe('/clients/client-shared');
      const contacts = page.getByRole('table', { name: /contactpersonen/ });
      await expect.poll(() => contacts.getByRole('rowheader').allTextContents()).toEqual(['Els Ambassadeur', 'Fred Foetsie']);
      expect(await contacts.getByRole('row', { name: /Els Ambassadeur/ }).getByRole('listitem').allTextContents()).toEqual([
        '−Negatief 5 okt 2026 · Project shared-anna-2',
        '+Positief 10 nov 2026 · Project shared-anna-1Hot lead',
      ]);
      expect(await page.getByRole('table', { name: /open opvolging/ }).getByRole('row').count()).toBe(3);
      expect(await page.locator('dl.facts').textContent()).toContain('67% (2 van 3 uitnodigingen beantwoord)');
      // Carla's and Xander's projects are not Marieke's.
      expect(await page.locator('main').textContent()).not.toMatch(/Gijs|Hanna|carla|xander/);
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-client');

      await page.getByRole('link', { name: /Fred Foetsie/ }).first().click();
      await expect.poll(heading).toContain('Fred Foetsie, Gemeente Gedeeld');

      // The statistics: Marieke's team has answers from client-shared (+ and −) in the last twelve months.
      await page.getByRole('link', { name: 'Statistieken' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Klantorganisaties' }).count()).toBe(1);
      expect(await page.locator('dl.facts').nth(1).textContent()).toBe('Klantorganisaties met een reactie1Met minstens één +100% (1 van 1)Met minstens één −100% (1 van 1)');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-stats-client-organisations');
      await context.close();
    } finally {
      await management.close();
    }
  });
});
